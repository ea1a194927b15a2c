package build

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	nethtml "golang.org/x/net/html"
	"golang.org/x/tools/txtar"

	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
	"statusdocs/generator/output"
)

// fuzzSeeds are the site's own pages, the shared seeds and the hostile
// inputs of testdata/hostile.
func fuzzSeeds() [][]byte {
	paths, _ := filepath.Glob("../../content/*/web/http/reference/status/*/index.md")
	paths = append(paths, "../../../shared/corpus/seeds/000_92e58d8a85b40bce.txt", "../../../shared/corpus/seeds/002_954e0f0b52c97371.txt")
	var seeds [][]byte
	for _, s := range paths {
		if data, err := os.ReadFile(s); err == nil {
			seeds = append(seeds, data)
		}
	}
	archives, _ := filepath.Glob("testdata/hostile/*.txtar")
	for _, a := range archives {
		ar, err := txtar.ParseFile(a)
		if err != nil {
			continue
		}
		for _, f := range ar.Files {
			if strings.HasSuffix(f.Name, ".md") {
				seeds = append(seeds, f.Data)
			}
		}
	}
	return seeds
}

// FuzzRenderPage renders one arbitrary page file in a site built once, and
// checks the page as a browser would read it: nothing may panic, no page
// may be lost to an internal error, and the page must pass checkSafe (no
// script but the layouts' files, no event handler, no URL that could run
// script, nothing outside the allowlist in the article).
func FuzzRenderPage(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add(s)
	}
	f.Add([]byte("---\ntitle: T\nslug: T\n---\n<script>x</script>{{HTTPStatus(\"404\", \"a\\\"b\")}}\n> [!NOTE]\n> - a\n>   - : b\n"))
	f.Add([]byte("\xef\xbb\xbf---\r\ntitle: T\r\nslug: T\r\n---\r\n``http\r\n{{x(\r\n\xff"))
	files := fstest.MapFS{
		"en-us/t/index.md":   page("T", "T", "x"),
		"en-us/u/index.md":   page("U", "U", "## Heading\n\n[x](/en-US/docs/T#a)"),
		"sidebars/http.yaml": {Data: []byte("sidebar:\n  - /en-US/docs/U\n")},
	}
	cfg := Config{Content: []content.Root{{Name: "c", FS: files}}, Layouts: layoutsFS, LayoutsName: "layouts"}
	s, _, err := buildSite(cfg, output.NewMemOutput())
	if err != nil {
		f.Fatal(err)
	}
	target := s.Lookup("en-US", "T")
	f.Fuzz(func(t *testing.T, data []byte) {
		cp, _ := content.Parse("c/en-us/t/index.md", "en-us/t/index.md", "en-US", data)
		if cp == nil {
			return // unusable front matter: left out, nothing to render
		}
		p := *target
		p.Page, p.Meta = cp, cp.Meta
		out := output.NewMemOutput()
		pr := s.buildPage(s.md, s.lay, &p, out)
		for _, fl := range pr.flaws {
			if fl.Kind == flaw.Internal {
				t.Fatalf("internal flaw: %s", fl)
			}
		}
		for name, b := range out.Files {
			if err := checkSafe(string(b)); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
	})
}

// FuzzCleanHTML cleans arbitrary HTML and checks that what it writes is
// read back by a browser as the tree it checked: the same elements,
// attributes and text, in the same places.
func FuzzCleanHTML(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add(string(s))
	}
	f.Add(`<p><font><div>x</div></font></p><table><b><tr><td>c</table><a><p><a>n</a>`)
	f.Add("<pre>\n\nx</pre><ul><li><p>a<li>b</ul><ruby>r<rt>t</ruby><select><option>o</select>")
	f.Fuzz(func(t *testing.T, raw string) {
		r := &render{page: &Page{Page: &content.Page{File: "f", Body: []byte(raw)}}}
		tree := r.cleanTree(raw)
		var b strings.Builder
		writeChildren(&b, tree)
		again, err := nethtml.ParseFragment(strings.NewReader(b.String()), articleContext)
		if err != nil {
			t.Fatal(err)
		}
		reparsed := &nethtml.Node{Type: nethtml.ElementNode, Data: "article"}
		for _, n := range again {
			reparsed.AppendChild(n)
		}
		if want, got := dumpTree(tree), dumpTree(reparsed); want != got {
			t.Fatalf("the output is read as another tree\nwritten: %q\ncleaned:\n%s\nread back:\n%s", b.String(), want, got)
		}
		for c := reparsed.FirstChild; c != nil; c = c.NextSibling {
			if err := walkSafe(c, true); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// dumpTree writes a tree one node a line, indented by depth; adjacent text
// nodes are merged, as a parser would read them.
func dumpTree(n *nethtml.Node) string {
	var b strings.Builder
	var walk func(n *nethtml.Node, depth int)
	walk = func(n *nethtml.Node, depth int) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == nethtml.TextNode {
				text := c.Data
				for c.NextSibling != nil && c.NextSibling.Type == nethtml.TextNode {
					c = c.NextSibling
					text += c.Data
				}
				fmt.Fprintf(&b, "%*s%q\n", depth, "", text)
				continue
			}
			fmt.Fprintf(&b, "%*s<%s %v>\n", depth, "", c.Data, c.Attr)
			walk(c, depth+1)
		}
	}
	walk(n, 0)
	return b.String()
}
