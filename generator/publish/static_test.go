package publish

import (
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"statusdocs/generator/output"
)

func TestRewriteCSSURLs(t *testing.T) {
	hashed := map[string]string{"fonts/a.woff2": "fonts/a.0123456789.woff2", "b.svg": "b.abcdef0123.svg", "base.css": "base.9876543210.css"}
	got := string(rewriteCSSURLs("style.css", []byte(`@import "base.css"; @font-face{src:url("fonts/a.woff2")} .x{background:URL(b.svg#i)} .y{background:url(https://e.org/b.svg)} .z{background:url(missing.png)}`), hashed))
	want := `@import "base.9876543210.css"; @font-face{src:url("fonts/a.0123456789.woff2")} .x{background:url(b.abcdef0123.svg#i)} .y{background:url(https://e.org/b.svg)} .z{background:url(missing.png)}`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	// Upper case passes mayRefer's test, as it passes cssURL's.
	if got := string(rewriteCSSURLs("style.css", []byte(`@IMPORT 'base.css';`), hashed)); got != `@import 'base.9876543210.css';` {
		t.Errorf("@IMPORT: got %s", got)
	}
	if got := cssRefs("style.css", []byte(`.a{background:URL(b.svg)}`)); len(got) != 1 || got[0] != "b.svg" {
		t.Errorf("cssRefs of URL(: %q", got)
	}
}

// TestStatic checks that a stylesheet naming another is written after it,
// so that it names the other's hashed file; that highlight.css is added,
// linked last, under the base path; and that every file has its URL.
func TestStatic(t *testing.T) {
	layouts := fstest.MapFS{
		"static/a.css":      {Data: []byte(`@import "z.css";`)},
		"static/z.css":      {Data: []byte(`body{}`)},
		"static/img/x.svg":  {Data: []byte(`<svg/>`)},
		"templates/doc.tpl": {Data: []byte(`not static`)},
	}
	out := output.NewMemOutput()
	a, err := Static(layouts, func(u string) string { return "/base" + u }, out)
	if err != nil {
		t.Fatal(err)
	}
	var css string
	for name, data := range out.Files {
		if strings.HasPrefix(name, "static/a.") {
			css = string(data)
		}
	}
	m := regexp.MustCompile(`@import "(z\.[0-9a-f]{10}\.css)"`).FindStringSubmatch(css)
	if m == nil || out.Files["static/"+m[1]] == nil {
		t.Errorf("a.css = %q does not import the hashed z.css", css)
	}
	if a.Files != 4 || len(out.Files) != 4 || len(a.URLs) != 4 {
		t.Errorf("%d files written, %d in out, %d URLs: want 4 (3 and highlight.css)", a.Files, len(out.Files), len(a.URLs))
	}
	if len(a.Stylesheets) != 3 || !strings.HasPrefix(a.Stylesheets[2], "/base/static/highlight.") || !strings.HasPrefix(a.URLs["img/x.svg"], "/base/static/img/x.") {
		t.Errorf("stylesheets %q, URLs %q", a.Stylesheets, a.URLs)
	}
}
