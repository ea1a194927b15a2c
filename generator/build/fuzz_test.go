package build

import (
	"io/fs"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
	"statusdocs/generator/internal/bincodec"
	"statusdocs/generator/internal/corpus"
	"statusdocs/generator/internal/htmlcheck"
	"statusdocs/generator/output"
	"statusdocs/generator/page"
	"statusdocs/generator/search"
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
	f.Add([]byte("---\ntitle: T\nslug: T\n---\n| a | b |\n|--:|:-:|\n| <b style=x>1</b> | 2 |\n"))
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
			if !strings.HasSuffix(name, ".html") {
				continue // the markdown twin: package twin's FuzzConvert checks what it lets through
			}
			if err := htmlcheck.Page(string(b), page.Allowed); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
	})
}

// FuzzCacheRecords reads any bytes as each kind of record of the build
// cache: a damaged cache never panics a build, and what decodes encodes
// to what decodes the same.
func FuzzCacheRecords(f *testing.F) {
	head := pageHead{File: "content/en-us/a.md", Written: true, Files: 2, Entry: [2]int64{10, 20}, Tail: [2]int64{0, 9},
		Fallbacks: map[string]int{"ja": 1}, Counted: flaw.Counts{{Kind: "outside-site", N: 3}},
		Flaws: []flaw.Flaw{flaw.New(flaw.BrokenLink, "a.md", 1, 2, "x")}}
	f.Add(appendHead(nil, &head))
	f.Add(appendTail(nil, &pageTail{Anchors: []anchorRecord{{From: "a.md", Target: 1, Frag: "x", Line: 2, Col: 3}},
		IDs: page.IDsOf([]string{"b", "a"}), Outputs: []string{"en-US/docs/A/index.html"}}))
	f.Add(appendSource(nil, cachedSource{Stat: fileStat{Size: 1, Mtime: 2}, Page: content.AppendPage(nil, &content.Page{Title: "t"})}))
	f.Add(appendFile(nil, "en-US/index.html", output.Hash{1}))
	entries, _ := fs.ReadDir(fstest.MapFS{"a.md": {}, "img/b.png": {}}, ".")
	f.Add(appendListing(nil, fileStat{Size: 4096, Mtime: 7}, entries))
	e := search.Analyze(search.Doc{Title: "404 Not Found", Sections: []search.Section{{Text: "The page is not there."}}})
	f.Add(search.AppendEntry(nil, &e))
	f.Add(bincodec.AppendStrings(nil, []string{"0:en-us/web/http/index.md", "", "1:ja/逾時"}))
	f.Fuzz(func(t *testing.T, b []byte) {
		kr := bincodec.NewReader(b)
		if keys := kr.Strings(); !kr.Bad() {
			if again := bincodec.NewReader(bincodec.AppendStrings(nil, keys)).Strings(); !slices.Equal(again, keys) {
				t.Errorf("keys: %q, then %q", keys, again)
			}
		}
		if h, err := decodeHead(b); err == nil {
			if again, err := decodeHead(appendHead(nil, &h)); err != nil || !reflect.DeepEqual(again, h) {
				t.Errorf("head: %+v, then %+v (%v)", h, again, err)
			}
		}
		if tl, err := decodeTail(b); err == nil {
			if again, err := decodeTail(appendTail(nil, &tl)); err != nil || !reflect.DeepEqual(again, tl) {
				t.Errorf("tail: %+v, then %+v (%v)", tl, again, err)
			}
		}
		_, _, r := sourceStat(b)
		_, _, _ = decodeSource(r)
		if t, err := readFiles(b); err == nil {
			for name := range t.Names() {
				t.Hash(name)
			}
		}
		_, _, _ = decodeListing(b)
		_, _ = content.DecodePage(b)
		_, _ = search.DecodeEntry(b, map[string]string{})
	})
}
