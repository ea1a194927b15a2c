package build

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
	"testing/fstest"

	"statusdocs/generator/content"
	"statusdocs/generator/internal/corpus"
	"statusdocs/generator/l10n"
	"statusdocs/generator/macro"
	"statusdocs/generator/markdown"
	"statusdocs/generator/output"
)

// The stage benchmarks run on a generated corpus of 1,000 pages over 10
// locales, made from content/ (make bench runs them with -benchmem).

var benchCorpus = sync.OnceValue(func() fstest.MapFS {
	fsys := fstest.MapFS{}
	_ = corpus.Generate(os.DirFS("../../content"), 1000, 10, func(name string, data []byte) error {
		fsys[name] = &fstest.MapFile{Data: data}
		return nil
	})
	return fsys
})

func benchConfig() Config {
	return Config{
		Content:      []content.Root{{Name: "bench", FS: benchCorpus()}},
		Layouts:      layoutsFS,
		LayoutsName:  "layouts",
		ExternalBase: "https://developer.mozilla.org",
	}
}

// benchSite is a site ready to render, with its translation state (no
// git), layouts, UI strings and static files, as runStages makes it.
func benchSite(b *testing.B) (*Site, *layouts) {
	b.Helper()
	cfg := benchConfig()
	s := newSite(cfg, content.Load(cfg.Content))
	s.tr = l10n.Check(s.Site, cfg.Content, true)
	lay, err := s.readLayouts(output.NewMemOutput(), &Result{})
	if err != nil {
		b.Fatal(err)
	}
	return s, lay
}

func BenchmarkLoad(b *testing.B) {
	cfg := benchConfig()
	b.ReportAllocs()
	for b.Loop() {
		content.Load(cfg.Content)
	}
}

// noHooks resolves nothing: markdown alone.
type noHooks struct{}

func (noHooks) Macro(*markdown.Macro) macro.Output                { return macro.Output{} }
func (noHooks) ResolveLink(dest string, _ int, _ bool) macro.Link { return macro.Link{Href: dest} }
func (noHooks) HTML(raw string, _ func(int) int) (string, string) { return raw, "" }
func (noHooks) Label(string) string                               { return "Note:" }
func (noHooks) Problem(markdown.Problem)                          {}
func (noHooks) Written(html string) string                        { return html }

func BenchmarkMarkdown(b *testing.B) {
	s, _ := benchSite(b)
	md := markdown.New()
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range s.Pages {
			d := md.Parse(p.Body)
			d.Resolve(noHooks{}, nil)
			if _, err := md.Render(d); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkMacrosAndLinks is markdown with the site's macros and link
// resolution: the difference to BenchmarkMarkdown is their cost.
func BenchmarkMacrosAndLinks(b *testing.B) {
	s, _ := benchSite(b)
	md := markdown.New()
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range s.Pages {
			if _, err := s.renderBody(md, p); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkLinks(b *testing.B) {
	s, _ := benchSite(b)
	p := s.Pages[len(s.Pages)/2]
	hrefs := []string{"/en-US/docs/" + s.Pages[0].Slug, "/en-US/docs/" + s.Pages[1].Slug + "#examples",
		"/en-US/docs/Web/HTTP/Missing", "https://example.com/", "#status", "/zh-TW/docs/" + s.Pages[3].Slug}
	b.ReportAllocs()
	for b.Loop() {
		r := &render{site: s, page: p, ui: s.ui(p.Locale), ids: markdown.IDSet{}}
		for _, h := range hrefs {
			r.link(h, 0)
		}
	}
}

func BenchmarkLayout(b *testing.B) {
	s, lay := benchSite(b)
	md := markdown.New()
	var data []*PageData
	for _, p := range s.Pages[:200] {
		r, err := s.renderBody(md, p)
		if err != nil {
			b.Fatal(err)
		}
		data = append(data, s.docData(p, r))
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range data {
			if layoutErr, _ := lay.write(discard{}, "x.html", "doc", d); layoutErr != nil {
				b.Fatal(layoutErr)
			}
		}
	}
}

func BenchmarkWrite(b *testing.B) {
	page := make([]byte, 24<<10)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		dir := filepath.Join(b.TempDir(), "out")
		out, err := output.NewDirOutput(dir)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for i := range 200 {
			if err := out.WriteFile(filepath.ToSlash(filepath.Join("en-US/docs/p", string(rune('a'+i%26)), string(rune('a'+i/26)), "index.html")), page); err != nil {
				b.Fatal(err)
			}
		}
		if err := out.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBuild(b *testing.B) {
	cfg := benchConfig()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Build(cfg, output.NewMemOutput()); err != nil {
			b.Fatal(err)
		}
	}
}

// discard is an output.Output that keeps nothing.
type discard struct{}

func (discard) WriteFile(string, []byte) error { return nil }
