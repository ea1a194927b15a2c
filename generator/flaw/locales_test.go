package flaw

import (
	"slices"
	"testing"
)

func TestMergeLocales(t *testing.T) {
	anchor := func(locale string) Flaw {
		return New(BrokenAnchor, "sidebars/http.yaml", 2, 5, `no heading or element with id "x" in /%s/docs/A/`, locale)
	}
	link := func(locale string) Flaw {
		return New(BrokenLink, "sidebars/http.yaml", 3, 5, `link to "/%s/docs/B": no such page`, locale).Suggest("/%s/docs/C", locale)
	}
	in := []Flaw{
		anchor("de"), anchor("en-US"), anchor("fr"),
		link("de"), link("zh-TW"),
		New(BrokenLink, "sidebars/http.yaml", 3, 5, "another problem"), // same place, another message: kept
		New(BrokenLink, "sidebars/http.yaml", 3, 5, "another problem"), // the same again: once
		New(BrokenAnchor, "a.md", 1, 1, `no heading or element with id "x" in /de/docs/A/`),
		New(BrokenAnchor, "b.md", 1, 1, `no heading or element with id "x" in /de/docs/A/`), // another file: kept
	}
	Sort(in)
	var got []string
	for _, f := range MergeLocales(in) {
		got = append(got, f.String())
	}
	want := []string{
		`a.md:1:1: warning: broken-anchor: no heading or element with id "x" in /de/docs/A/`,
		`b.md:1:1: warning: broken-anchor: no heading or element with id "x" in /de/docs/A/`,
		`sidebars/http.yaml:2:5: warning: broken-anchor: no heading or element with id "x" in /de/docs/A/ (also in /en-US/, /fr/)`,
		`sidebars/http.yaml:3:5: error: broken-link: another problem`,
		`sidebars/http.yaml:3:5: error: broken-link: link to "/de/docs/B": no such page (also in /zh-TW/) (suggestion: /de/docs/C)`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
