package serve

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"statusdocs/generator/build"
)

// TestBundleFile serves a file beside a page: a new one (a full rebuild),
// and still after an edit of the page's text (a one-page rebuild, which
// keeps the page's files).
func TestBundleFile(t *testing.T) {
	p := startPreview(t)
	const svg = `<svg xmlns="http://www.w3.org/2000/svg"><rect width="4" height="4"/></svg>`
	p.write("content/en-us/web/http/test/target/diagram.svg", svg)
	p.waitReload("en-US/docs/Web/HTTP/Test/Target/diagram.svg")
	p.write("content/en-us/web/http/test/target/index.md", strings.Replace(targetMD, "First words.", "![a diagram](diagram.svg)", 1))
	p.waitReload("en-US/docs/Web/HTTP/Test/Target/index.html")
	if _, body, _ := p.get("/en-US/docs/Web/HTTP/Test/Target/"); !strings.Contains(body, `<img src="/en-US/docs/Web/HTTP/Test/Target/diagram.svg" alt="a diagram">`) {
		t.Errorf("the page does not show the SVG:\n%s", tail(body))
	}
	if !strings.Contains(p.logText.String(), "page rebuild, 1 page rendered") {
		t.Errorf("an edit of a page with files is not a one-page rebuild:\n%s", p.logText)
	}
	code, body, h := p.get("/en-US/docs/Web/HTTP/Test/Target/diagram.svg")
	if code != 200 || body != svg || h.Get("Content-Type") != "image/svg+xml" {
		t.Errorf("GET the SVG: %d %q %q", code, h.Get("Content-Type"), body)
	}
	// Opened on its own, a file runs nothing, whatever the checks missed.
	if csp := h.Get("Content-Security-Policy"); csp != fileSecurityPolicy || h.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("the SVG's policy is %q, nosniff %q", csp, h.Get("X-Content-Type-Options"))
	}
	if _, _, h := p.get("/en-US/docs/Web/HTTP/Test/Target/"); h.Get("Content-Security-Policy") != "" {
		t.Errorf("a page gets the files' policy %q (its own is in its <meta>)", h.Get("Content-Security-Policy"))
	}
}

// TestBundleFileEventAgain reports a page's file to the live build again,
// unchanged, with and without an edit of a page: a watcher may report one
// save as two events, the second after the update the first started, and
// that one must not rebuild the site (TestBundleFile failed so on a busy
// machine). A file whose bytes did change is still a full rebuild.
func TestBundleFileEventAgain(t *testing.T) {
	dir := previewDir(t)
	svg := filepath.Join(dir, "content/en-us/web/http/test/target/diagram.svg")
	if err := os.WriteFile(svg, []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), 0o644); err != nil {
		t.Fatal(err)
	}
	live, first := build.NewLive(previewConfig(dir))
	if first.Err != nil {
		t.Fatal(first.Err)
	}
	if ch := live.Update([]string{svg}); ch.Full || ch.Rendered != 0 || len(ch.Reload) != 0 {
		t.Errorf("an unchanged file: full %v, %d rendered, reload %v", ch.Full, ch.Rendered, ch.Reload)
	}
	md := filepath.Join(dir, "content/en-us/web/http/test/target/index.md")
	if err := os.WriteFile(md, []byte(strings.Replace(targetMD, "First words.", "Other words.", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if ch := live.Update([]string{svg, md}); ch.Full || ch.Rendered != 1 {
		t.Errorf("an unchanged file and an edited page: full %v, %d rendered", ch.Full, ch.Rendered)
	}
	if err := os.WriteFile(svg, []byte(`<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>`), 0o644); err != nil {
		t.Fatal(err)
	}
	if ch := live.Update([]string{svg}); !ch.Full {
		t.Errorf("a changed file is not a full rebuild: %d rendered", ch.Rendered)
	}
}
