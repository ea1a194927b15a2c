package site

import (
	"slices"
	"testing"
	"testing/fstest"

	"statusdocs/generator/content"
)

// TestEnabledOf checks that the locales a build reads the layouts for
// before the graph is made are those of the graph: with a translation left
// out for conflicting with another, a locale of one page that moved, a
// translation of no English page, and locales configured or not.
func TestEnabledOf(t *testing.T) {
	page := func(slug string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: T\nslug: " + slug + "\n---\nText.\n")}
	}
	fsys := fstest.MapFS{
		"en-us/a/index.md":     page("A"),
		"en-us/b/index.md":     page("B"),
		"en-us/_redirects.txt": {Data: []byte("/en-US/docs/Old\t/en-US/docs/A\n")},
		"de/a/index.md":        page("A"),
		"de/old/index.md":      page("Old"), // its English page moved to A, which de/a translates: left out
		"fr/b/index.md":        page("B"),
		"ja/orphan/index.md":   page("Nothing/Here"),
		"ko/old/index.md":      page("Old"), // the only page of ko, moved to A
	}
	c := content.Load([]content.Root{{Name: "content", FS: fsys}})
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
	if got := EnabledOf(Options{}, c); !slices.Equal(got, []string{"de", "en-US", "fr", "ja", "ko"}) {
		t.Errorf("EnabledOf = %q", got)
	}
}
