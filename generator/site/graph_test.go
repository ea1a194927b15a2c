package site

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
)

// graphFS is a content root with translations of every kind: one left out
// for conflicting with another, a locale of one page that moved, a
// translation of no English page, one whose slug is the English one in
// another case, and an English page with no translation.
func graphFS() fstest.MapFS {
	page := func(slug string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: T\nslug: " + slug + "\n---\nText.\n")}
	}
	return fstest.MapFS{
		"en-us/a/index.md":     page("A"),
		"en-us/b/index.md":     page("B"),
		"en-us/c/index.md":     page("C"),
		"en-us/_redirects.txt": {Data: []byte("/en-US/docs/Old\t/en-US/docs/A\n")},
		"de/a/index.md":        page("A"),
		"de/old/index.md":      page("Old"), // its English page moved to A, which de/a translates: left out
		"fr/b/index.md":        page("B"),
		"es/b/index.md":        page("b"), // B in another case
		"ja/orphan/index.md":   page("Nothing/Here"),
		"ko/old/index.md":      page("Old"), // the only page of ko, moved to A
	}
}

// TestEnabledOf checks that the locales a build reads the layouts for
// before the graph is made are those of the graph, with locales configured
// or not.
func TestEnabledOf(t *testing.T) {
	c := content.Load([]content.Root{{Name: "content", FS: graphFS()}})
	for _, locales := range [][]string{nil, {"de", "ja"}, {"pt-BR"}} {
		opts := Options{Locales: locales}
		g := New(opts, c)
		if locales == nil && len(g.Dropped) != 1 {
			t.Fatalf("%d pages left out, want the conflicting translation", len(g.Dropped))
		}
		if got, want := EnabledOf(opts, c), g.Enabled(); !slices.Equal(got, want) {
			t.Errorf("locales %q: EnabledOf = %q, the graph's Enabled = %q", locales, got, want)
		}
	}
	if got := EnabledOf(Options{}, c); !slices.Equal(got, []string{"de", "en-US", "es", "fr", "ja", "ko"}) {
		t.Errorf("EnabledOf = %q", got)
	}
}

// TestTooManyLocales: of more than MaxLocales locales with pages, a site
// publishes en-US and those with the most pages, then the first by name;
// each other is a too-many-locales error on its first page, and none of
// its pages is in the graph.
func TestTooManyLocales(t *testing.T) {
	page := func(slug string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: T\nslug: " + slug + "\n---\nText.\n")}
	}
	two := strings.Fields("bg bn bs ca cs cy da de el es et eu fa fi fr ga gl gu he hi hr hu hy id is it ja ka kk km kn ko lo lt lv mk ml zu")
	for _, tc := range []struct {
		name      string
		english   []string // the slugs of en-US's pages
		one       []string // locales of one page, A
		kept      []string // of those and two's locales beside en-US
		leftFiles []string
	}{
		{"most pages, then by name", []string{"A", "B"}, []string{"af", "am", "ar"}, append(slices.Clone(two), "af"),
			[]string{"content/am/a/index.md", "content/ar/a/index.md"}},
		// By pages and name, en-US would be left out, not am.
		{"en-US whatever its pages", []string{"A"}, []string{"af", "am"}, append(slices.Clone(two), "af"), []string{"content/am/a/index.md"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for _, slug := range tc.english {
				fsys["en-us/"+strings.ToLower(slug)+"/index.md"] = page(slug)
			}
			for _, loc := range two {
				fsys[loc+"/a/index.md"], fsys[loc+"/b/index.md"] = page("A"), page("B")
			}
			for _, loc := range tc.one {
				fsys[loc+"/a/index.md"] = page("A")
			}
			c := content.Load([]content.Root{{Name: "content", FS: fsys}})
			if len(tc.kept)+1 != MaxLocales {
				t.Fatalf("the case keeps %d locales, not MaxLocales", len(tc.kept)+1)
			}
			g := New(Options{}, c)
			want := slices.Sorted(slices.Values(append(slices.Clone(tc.kept), "en-US")))
			if !slices.Equal(g.Enabled(), want) || !slices.Equal(EnabledOf(Options{}, c), want) {
				t.Errorf("Enabled = %q, EnabledOf = %q, want %q", g.Enabled(), EnabledOf(Options{}, c), want)
			}
			var left []string
			for _, f := range g.Flaws {
				if f.Kind == "too-many-locales" {
					left = append(left, f.File)
					if !strings.Contains(f.Message, "with 1 page, is left out") {
						t.Errorf("flaw %q", f)
					}
				}
			}
			if !slices.Equal(left, tc.leftFiles) {
				t.Errorf("too-many-locales flaws on %q, want %q", left, tc.leftFiles)
			}
			for _, p := range g.Pages {
				if !slices.Contains(want, p.Locale) {
					t.Errorf("page %s of a locale left out is in the graph", p.File)
				}
			}
			// Listed, the locales are published as they are.
			if g := New(Options{Locales: []string{"af", "am"}}, c); len(g.Flaws) > 0 && slices.ContainsFunc(g.Flaws, func(f flaw.Flaw) bool { return f.Kind == "too-many-locales" }) {
				t.Errorf("with --locales: %v", g.Flaws)
			}
		})
	}
}

// TestFallbackLocales checks FallbackLocales, which takes a page's
// translations for most locales, against what it means: the locales whose
// Lookup of the English slug finds nothing.
func TestFallbackLocales(t *testing.T) {
	c := content.Load([]content.Root{{Name: "content", FS: graphFS()}})
	for _, locales := range [][]string{nil, {"de", "ko", "es"}} {
		g := New(Options{Locales: locales}, c)
		checked := 0
		for _, p := range g.Pages {
			var want []string
			for _, loc := range g.Enabled() {
				if p.Locale == content.SourceLocale && loc != content.SourceLocale && g.Lookup(loc, p.Slug) == nil {
					want = append(want, loc)
				}
			}
			got := g.FallbackLocales(p)
			if !slices.Equal(got, want) {
				t.Errorf("%s %s: FallbackLocales %q, want %q", p.Locale, p.Slug, got, want)
			}
			checked += len(got)
		}
		if checked == 0 {
			t.Errorf("locales %q: no fallback at all", locales)
		}
	}
}

// TestChainAsLookup follows redirects with Chain and with the same walk
// taking its steps with Lookup, on random sites of a few pages and many redirects
// in two locales (loops, fragments, absolute URLs, slugs in other cases):
// the same ends.
func TestChainAsLookup(t *testing.T) {
	byLookup := func(s *Site, locale, slug string) (final, frag string, redirected, ended bool) {
		return followChain(slug, func(slug string) (redirectTo, bool) {
			if s.Lookup(locale, slug) != nil || s.Lookup(content.SourceLocale, slug) != nil {
				return redirectTo{}, false
			}
			to, ok := s.redirects[content.Key(locale, slug)]
			if !ok {
				to, ok = s.redirects[content.Key(content.SourceLocale, slug)]
			}
			return to, ok
		})
	}
	r := rand.New(rand.NewPCG(7, 8))
	slugs := []string{"A", "a", "B", "C", "c", "D", "E", "F", "G", "H", "I/J", "i/j", "K", "Ü", "ü", "N"}
	for range 300 {
		fsys := fstest.MapFS{}
		for _, loc := range []string{"en-us", "de"} {
			for _, slug := range slugs {
				if r.IntN(6) == 0 {
					fsys[loc+"/"+strings.ToLower(slug)+"/index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: T\nslug: " + slug + "\n---\nText.\n")}
				}
			}
			var lines []string
			prefix := "/" + map[string]string{"en-us": "en-US", "de": "de"}[loc] + "/docs/"
			for _, from := range slugs {
				if r.IntN(3) == 0 {
					continue
				}
				to := prefix + slugs[r.IntN(len(slugs))]
				switch r.IntN(6) {
				case 0:
					to += "#f" + fmt.Sprint(r.IntN(3))
				case 1:
					to = "https://example.com/" + from
				}
				lines = append(lines, prefix+from+"\t"+to)
			}
			fsys[loc+"/_redirects.txt"] = &fstest.MapFile{Data: []byte(strings.Join(lines, "\n") + "\n")}
		}
		g := New(Options{}, content.Load([]content.Root{{Name: "c", FS: fsys}}))
		for _, loc := range []string{"en-US", "de", "fr", "DE"} {
			for _, slug := range slugs {
				final, frag, redirected, ended := g.Chain(loc, slug)
				wFinal, wFrag, wRedirected, wEnded := byLookup(g, loc, slug)
				if final != wFinal || frag != wFrag || redirected != wRedirected || ended != wEnded {
					t.Fatalf("%s %q: Chain gives (%q, %q, %v, %v), the walk with Lookup (%q, %q, %v, %v)",
						loc, slug, final, frag, redirected, ended, wFinal, wFrag, wRedirected, wEnded)
				}
			}
		}
	}
}
