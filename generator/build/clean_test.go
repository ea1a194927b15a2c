package build

import (
	"os"
	"strings"
	"testing"

	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
)

func TestSafeURL(t *testing.T) {
	for _, c := range []struct {
		url   string
		image bool
		want  bool
	}{
		{"", false, true},
		{"/en-US/docs/Web/HTTP", false, true},
		{"../x.png", true, true},
		{"#section", false, true},
		{"?q=a:b", false, true},
		{"./a:b", false, true},
		{"https://example.com/", false, true},
		{"HTTP://example.com/", false, true},
		{"mailto:a@example.com", false, true},
		{"tel:+1", false, true},
		{"ftp://example.com/f", false, true},
		{"javascript:alert(1)", false, false},
		{"JavaScript:alert(1)", false, false},
		{" javascript:alert(1)", false, false},
		{"java\tscript:alert(1)", false, false},
		{"java\nscript:alert(1)", false, false},
		{"\x01javascript:alert(1)", false, false},
		{"javascript\x00:alert(1)", false, false},
		{"vbscript:msgbox(1)", false, false},
		{"data:text/html,<script>", false, false},
		{"data:image/png;base64,AAAA", false, false},
		{"data:image/png;base64,AAAA", true, true},
		{"DATA:IMAGE/GIF,x", true, true},
		{"data:image/svg+xml,<svg onload=alert(1)>", true, false},
		{"data:,x", true, false},
		{"blob:https://example.com/x", false, false},
		{"file:///etc/passwd", false, false},
		{"a:b", false, false},
	} {
		if got := safeURL(c.url, c.image); got != c.want {
			t.Errorf("safeURL(%q, %v) = %v, want %v", c.url, c.image, got, c.want)
		}
	}
}

// BenchmarkCleanBody cleans the body of a large status page with raw HTML
// in it: what a page pays for holding raw HTML.
func BenchmarkCleanBody(b *testing.B) {
	_, out := build(b, nil, func(c *Config) {
		c.Content = []content.Root{{Name: "content", FS: os.DirFS("../../content")}}
	})
	body := string(out.Files["en-US/docs/Web/HTTP/Reference/Status/500/index.html"])
	start, end := strings.Index(body, "<article>")+len("<article>"), strings.Index(body, "</article>")
	body = body[start:end] + "<kbd>raw</kbd>"
	r := &render{page: &Page{Page: &content.Page{File: "f", Body: []byte(body)}}}
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		r.flaws = flaw.List{}
		r.cleanBody(body)
	}
}
