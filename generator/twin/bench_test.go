package twin_test

import (
	"os"
	"testing"

	"statusdocs/generator/content"
	"statusdocs/generator/l10n"
	"statusdocs/generator/markdown"
	"statusdocs/generator/output"
	"statusdocs/generator/page"
	"statusdocs/generator/publish"
	"statusdocs/generator/site"
	"statusdocs/generator/twin"
)

// BenchmarkConvert converts the rendered bodies of MDN's own files
// (../shared/corpus/mdn/files, when present): what the twins of a build
// cost. It appends each to a buffer it reuses, as a build does
// (AppendConvert), so that it counts the conversion and not the growing
// and copying of its result that Convert adds.
func BenchmarkConvert(b *testing.B) {
	bodies := renderBodies(b, "../../../shared/corpus/mdn/files")
	size := 0
	for _, body := range bodies {
		size += len(body)
	}
	opt := twin.Options{Resolve: func(u string) string { return "https://docs.example.org" + u }}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	var buf []byte
	for b.Loop() {
		for _, body := range bodies {
			buf = twin.AppendConvert(buf[:0], body, opt)
		}
	}
}

// renderBodies renders the bodies of the pages of a content root as a
// build does, with the real layouts.
func renderBodies(b testing.TB, root string) []string {
	if _, err := os.Stat(root); err != nil {
		b.Skip("no corpus:", err)
	}
	roots := []content.Root{{Name: "c", FS: os.DirFS(root)}}
	c := content.Load(roots)
	g := site.New(site.Options{}, c)
	macros, _ := page.NewRegistry(nil, nil, c)
	layouts := os.DirFS("../../layouts")
	lay, _, err := page.ReadLayouts(layouts, "layouts", g.Enabled())
	if err != nil {
		b.Fatal(err)
	}
	assets, err := publish.Static(layouts, g.Base, output.NewMemOutput())
	if err != nil {
		b.Fatal(err)
	}
	s := page.New(page.Input{Site: g, Config: page.Config{ExternalBase: "https://developer.mozilla.org"}, Macros: macros,
		Sidebars: c.Sidebars, Translations: l10n.Check(g, roots, true), Layouts: lay, Assets: assets})
	md := markdown.New()
	var bodies []string
	for _, p := range s.Pages {
		r, err := s.RenderBody(md, p)
		if err != nil {
			b.Fatal(err)
		}
		bodies = append(bodies, r.Body)
	}
	return bodies
}
