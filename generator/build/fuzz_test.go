package build

import (
	"slices"
	"testing"
	"testing/fstest"

	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
	"statusdocs/generator/internal/corpus"
	"statusdocs/generator/internal/htmlcheck"
	"statusdocs/generator/output"
	"statusdocs/generator/page"
)

// FuzzRenderPage renders one arbitrary page file in a site built once, and
// checks the page as a browser would read it: nothing may panic, no page
// may be lost to an internal error, and the page must pass checkSafe (no
// script but the layouts' files, no event handler, no URL that could run
// script, nothing outside the allowlist in the article).
func FuzzRenderPage(f *testing.F) {
	for _, s := range corpus.FuzzSeeds("../..") {
		f.Add(s)
	}
	f.Add([]byte("---\ntitle: T\nslug: T\n---\n<script>x</script>{{HTTPStatus(\"404\", \"a\\\"b\")}}\n> [!NOTE]\n> - a\n>   - : b\n"))
	f.Add([]byte("\xef\xbb\xbf---\r\ntitle: T\r\nslug: T\r\n---\r\n``http\r\n{{x(\r\n\xff"))
	files := fstest.MapFS{
		"en-us/t/index.md":   mdFile("T", "T", "x"),
		"en-us/u/index.md":   mdFile("U", "U", "## Heading\n\n[x](/en-US/docs/T#a)"),
		"sidebars/http.yaml": {Data: []byte("sidebar:\n  - /en-US/docs/U\n")},
	}
	cfg := Config{Content: []content.Root{{Name: "c", FS: files}}, Layouts: layoutsFS, LayoutsName: "layouts"}
	s, _, err := buildSite(cfg, output.NewMemOutput())
	if err != nil {
		f.Fatal(err)
	}
	target := s.Lookup("en-US", "T")
	i := slices.Index(s.Pages, target)
	f.Fuzz(func(t *testing.T, data []byte) {
		cp, _ := content.Parse("c/en-us/t/index.md", "en-us/t/index.md", "en-US", data)
		if cp == nil {
			return // unusable front matter: left out, nothing to render
		}
		p := *target
		p.Page, p.Meta = cp, cp.Meta
		out := output.NewMemOutput()
		s.Pages[i] = &p
		pr := s.buildPage(s.md, i, out)
		s.Pages[i] = target
		for _, fl := range pr.flaws {
			if fl.Kind == flaw.Internal {
				t.Fatalf("internal flaw: %s", fl)
			}
		}
		for name, b := range out.Files {
			if err := htmlcheck.Page(string(b), page.Allowed); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
	})
}
