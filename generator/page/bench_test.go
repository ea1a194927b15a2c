package page

import (
	"os"
	"sync"
	"testing"
	"testing/fstest"

	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
	"statusdocs/generator/internal/corpus"
	"statusdocs/generator/l10n"
	"statusdocs/generator/macro"
	"statusdocs/generator/markdown"
	"statusdocs/generator/output"
	"statusdocs/generator/publish"
	"statusdocs/generator/site"
)

// layoutsFS is the project's real layouts folder.
var layoutsFS = os.DirFS("../../layouts")

// newRenderer is a renderer of a content root with the real layouts, no
// git history, links to missing pages going to MDN, as a build makes it.
func newRenderer(tb testing.TB, fsys fstest.MapFS) *Renderer {
	tb.Helper()
	roots := []content.Root{{Name: "c", FS: fsys}}
	c := content.Load(roots)
	g := site.New(site.Options{}, c)
	macros, _ := NewRegistry(nil, nil, c)
	lay, _, err := ReadLayouts(layoutsFS, "layouts", g.Enabled())
	if err != nil {
		tb.Fatal(err)
	}
	assets, err := publish.Static(layoutsFS, g.Base, output.NewMemOutput())
	if err != nil {
		tb.Fatal(err)
	}
	return New(Input{Site: g, Config: Config{ExternalBase: "https://developer.mozilla.org"}, Macros: macros,
		Sidebars: c.Sidebars, Translations: l10n.Check(g, roots, true), Layouts: lay, Assets: assets})
}

// The stage benchmarks run on a generated corpus of 1,000 pages over 10
// locales, made from content/ (make bench runs them with -benchmem).

var benchCorpus = sync.OnceValue(func() fstest.MapFS { return corpus.InMemory(os.DirFS("../../content"), 1000, 10) })

// noHooks resolves nothing: markdown alone.
type noHooks struct{}

func (noHooks) Macro(*markdown.Macro) macro.Output                { return macro.Output{} }
func (noHooks) ResolveLink(dest string, _ int, _ bool) macro.Link { return macro.Link{Href: dest} }
func (noHooks) HTML(raw string, _ func(int) int) (string, string) { return raw, "" }
func (noHooks) Label(string) string                               { return "Note:" }
func (noHooks) Problem(markdown.Problem)                          {}
func (noHooks) Written(html string) string                        { return html }

func BenchmarkMarkdown(b *testing.B) {
	s := newRenderer(b, benchCorpus())
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
	s := newRenderer(b, benchCorpus())
	md := markdown.New()
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range s.Pages {
			if _, err := s.RenderBody(md, p); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkLinks(b *testing.B) {
	s := newRenderer(b, benchCorpus())
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
	s := newRenderer(b, benchCorpus())
	md := markdown.New()
	var data []*PageData
	for _, p := range s.Pages[:200] {
		r, err := s.RenderBody(md, p)
		if err != nil {
			b.Fatal(err)
		}
		data = append(data, s.DocData(p, r))
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range data {
			if layoutErr, _ := s.lay.Write(discard{}, "x.html", "doc", d); layoutErr != nil {
				b.Fatal(layoutErr)
			}
		}
	}
}

// BenchmarkCleanBody cleans the body of a large status page with raw HTML
// in it: what a page pays for holding raw HTML.
func BenchmarkCleanBody(b *testing.B) {
	src, err := os.ReadFile("../../content/en-us/web/http/reference/status/500/index.md")
	if err != nil {
		b.Fatal(err)
	}
	s := newRenderer(b, fstest.MapFS{"en-us/web/http/reference/status/500/index.md": {Data: src}})
	r, err := s.RenderBody(markdown.New(), s.Pages[0])
	if err != nil {
		b.Fatal(err)
	}
	body := r.Body + "<kbd>raw</kbd>"
	cr := &render{page: &site.Page{Page: &content.Page{File: "f", Body: []byte(body)}}}
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		cr.flaws = flaw.List{}
		cr.cleanBody(body)
	}
}

// discard is an output.Output that keeps nothing.
type discard struct{}

func (discard) WriteFile(string, []byte) error { return nil }
