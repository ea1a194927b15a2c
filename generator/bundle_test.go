package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPageBundle builds a copy of one status page with files beside it
// (content's Page bundles): the SVG lands next to the page and its <img>
// points at it; the translation, which has no copy, and the English
// fallback in ja use the English file; a missing file is a broken-link at
// its line; a hostile SVG and an HTML file are refused with an
// unsafe-file error at 1:1 and not published.
func TestPageBundle(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "content")
	const status = "web/http/reference/status/404"
	copyDir(t, filepath.Join("..", "content", "en-us", status), filepath.Join(src, "en-us", status))
	copyDir(t, filepath.Join("..", "content", "zh-tw", status), filepath.Join(src, "zh-tw", status))
	en := filepath.Join(src, "en-us", status)
	index, err := os.ReadFile(filepath.Join(en, "index.md"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Count(string(index), "\n")
	writeFile(t, filepath.Join(en, "index.md"), string(index)+"\n![diagram](diagram.svg)\n\nSee ![the chart](chart.png) and [the page](evil.svg).\n")
	writeFile(t, filepath.Join(en, "diagram.svg"), `<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>`)
	writeFile(t, filepath.Join(en, "evil.svg"), `<svg xmlns="http://www.w3.org/2000/svg"><rect onload="alert(1)"/></svg>`)
	writeFile(t, filepath.Join(en, "page.html"), `<script>alert(document.cookie)</script>`)
	zh := filepath.Join(src, "zh-tw", status, "index.md")
	zhIndex, err := os.ReadFile(zh)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, zh, string(zhIndex)+"\n![圖](diagram.svg)\n")

	out, flawsFile := filepath.Join(dir, "public"), filepath.Join(dir, "flaws.json")
	code, _, stderr := runCLI("build", "--content", src, "--out", out, "--locales", "en-US,zh-TW,ja", "--flaws", flawsFile)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	const pageDir = "Web/HTTP/Reference/Status/404/"
	if data, err := os.ReadFile(filepath.Join(out, "en-US/docs", pageDir, "diagram.svg")); err != nil || !strings.HasPrefix(string(data), "<svg") {
		t.Errorf("the SVG is not beside the page: %v", err)
	}
	for _, name := range []string{"evil.svg", "page.html"} {
		if _, err := os.Stat(filepath.Join(out, "en-US/docs", pageDir, name)); err == nil {
			t.Errorf("%s is published", name)
		}
	}
	if md := readOut(t, out, "en-US/docs/"+pageDir+"index.md"); !strings.Contains(md, "\nurl: \"/en-US/docs/"+pageDir+"\"\n") {
		t.Errorf("index.md is not the page's markdown twin but its source:\n%.300s", md)
	}
	img := `<img src="/en-US/docs/` + pageDir + `diagram.svg"`
	for _, locale := range []string{"en-US", "zh-TW", "ja"} {
		html, err := os.ReadFile(filepath.Join(out, locale, "docs", pageDir, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(html), img) {
			t.Errorf("%s page has no %s", locale, img)
		}
	}

	var flaws []struct {
		Kind, File string
		Line, Col  int
		Message    string
	}
	data, err := os.ReadFile(flawsFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &flaws); err != nil {
		t.Fatal(err)
	}
	type pos struct {
		kind, file string
		line, col  int
	}
	want := map[pos]string{
		{"broken-link", filepath.ToSlash(filepath.Join(en, "index.md")), lines + 4, 5}:  `"chart.png": no such file beside the page`,
		{"broken-link", filepath.ToSlash(filepath.Join(en, "index.md")), lines + 4, 33}: `"evil.svg": the file is not published`,
		{"unsafe-file", filepath.ToSlash(filepath.Join(en, "evil.svg")), 1, 1}:          "event handler (onload) could run script",
		{"unsafe-file", filepath.ToSlash(filepath.Join(en, "page.html")), 1, 1}:         `type ".html" could run script`,
	}
	for _, f := range flaws {
		msg, ok := want[pos{f.Kind, f.File, f.Line, f.Col}]
		switch {
		case ok && strings.Contains(f.Message, msg):
			delete(want, pos{f.Kind, f.File, f.Line, f.Col})
		case f.Kind == "broken-link" || f.Kind == "unsafe-file":
			t.Errorf("unexpected %s at %s:%d:%d: %s", f.Kind, f.File, f.Line, f.Col, f.Message)
		}
	}
	for p, msg := range want {
		t.Errorf("no %s at %s:%d:%d (%s)", p.kind, p.file, p.line, p.col, msg)
	}
}
