package twin

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
	nethtml "golang.org/x/net/html"
	"golang.org/x/tools/txtar"
)

// addBodies seeds a fuzz target with the bodies of the golden files and
// scannerSeeds.
func addBodies(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txtar")
	for _, file := range files {
		if ar, err := txtar.ParseFile(file); err == nil && len(ar.Files) > 0 {
			f.Add(string(ar.Files[0].Data))
		}
	}
	for _, seed := range scannerSeeds {
		f.Add(seed)
	}
}

// markdownElements are what markdown itself makes: any other element in
// a twin read by a markdown renderer that lets raw HTML through would be
// the page's HTML, injected.
var markdownElements = map[string]bool{
	"p": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "a": true,
	"code": true, "pre": true, "em": true, "strong": true, "del": true, "ul": true, "ol": true,
	"li": true, "blockquote": true, "table": true, "thead": true, "tbody": true, "tr": true,
	"th": true, "td": true, "img": true, "br": true, "hr": true,
	"html": true, "head": true, "body": true,
}

// FuzzConvert converts arbitrary HTML and reads the twin back with a
// GFM renderer that keeps raw HTML: nothing may panic, the twin must end
// in one newline, and what the renderer makes of it holds no element
// markdown does not make (no raw HTML of the page gets through) and no
// link or image to a URL of another scheme than the allowlist's.
func FuzzConvert(f *testing.F) {
	addBodies(f)
	f.Fuzz(func(t *testing.T, body string) {
		out := Convert(body, Options{Resolve: testResolve})
		if out != "" && (!strings.HasSuffix(out, "\n") || strings.HasSuffix(out, "\n\n")) {
			t.Fatalf("twin does not end in one newline: %q", out)
		}
		readBack(t, body, out)
	})
}

// readerMarkdown reads twins back as a GFM renderer that keeps raw HTML
// and lets any URL through does.
var readerMarkdown = goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(html.WithUnsafe()))

// readBack renders a twin of page as readerMarkdown, and fails on an
// element markdown does not make (raw HTML of the page got through), on
// a link or image to a URL of a scheme the allowlist has not, or on more
// images than the page has (a link after "!" read as one).
func readBack(t *testing.T, page, twin string) {
	t.Helper()
	var b bytes.Buffer
	if err := readerMarkdown.Convert([]byte(twin), &b); err != nil {
		t.Fatal(err)
	}
	rendered := b.String()
	images := 0
	walkElements(t, page, func(n *nethtml.Node) {
		if n.Data == "img" && !strings.HasPrefix(strings.ToLower(strings.TrimSpace(attr(n, "src"))), "data:") { // the twin leaves data: images out
			images++
		}
	})
	walkElements(t, rendered, func(n *nethtml.Node) {
		if !markdownElements[n.Data] {
			t.Fatalf("twin %q renders a <%s> element:\n%s", twin, n.Data, rendered)
		}
		for _, key := range []string{"href", "src"} {
			if u := attr(n, key); u != "" && !safeURL(u) {
				t.Fatalf("twin %q renders %s=%q:\n%s", twin, key, u, rendered)
			}
		}
		if n.Data == "img" {
			images--
		}
	})
	if images < 0 {
		t.Fatalf("twin %q renders %d images more than the page has:\n%s", twin, -images, rendered)
	}
}

// walkElements calls visit on each element of an HTML document.
func walkElements(t *testing.T, doc string, visit func(*nethtml.Node)) {
	t.Helper()
	root, err := nethtml.Parse(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	var walk func(*nethtml.Node)
	walk = func(n *nethtml.Node) {
		if n.Type == nethtml.ElementNode {
			visit(n)
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(root)
}
