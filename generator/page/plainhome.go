package page

import (
	"cmp"
	"path"
	"slices"
	"strconv"
	"strings"

	"statusdocs/generator/content"
	"statusdocs/generator/site"
)

// plainGroups lists the pages of plain-markdown roots (content's "Plain
// markdown") for a locale's home page, which lists status codes only:
// grouped by folder, folders in path order with the root's pages first
// and without a heading, pages by title, the root's README first. A page
// of the locale is listed, or else the English one, marked.
func (s *Renderer) plainGroups(locale string) []Group {
	type item struct {
		slug string
		e    Entry
	}
	byFolder := map[string][]item{}
	for _, p := range s.Pages {
		if !p.Page.Plain || p.Code != "" {
			continue
		}
		e, ok := s.plainEntry(p, locale)
		if !ok {
			continue
		}
		dir := path.Dir(p.Slug)
		byFolder[dir] = append(byFolder[dir], item{p.Slug, e})
	}
	folders := slices.Sorted(func(yield func(string) bool) {
		for f := range byFolder {
			if !yield(f) {
				return
			}
		}
	})
	var groups []Group
	for i, f := range folders {
		items := byFolder[f]
		slices.SortFunc(items, func(a, b item) int {
			return cmp.Or(-site.CompareBool(readme(a.slug), readme(b.slug)), strings.Compare(a.e.Title, b.e.Title), strings.Compare(a.slug, b.slug))
		})
		g := Group{ID: "pages-" + strconv.Itoa(i+1)}
		if f != "." {
			g.Title = s.folderTitle(locale, f)
		}
		for _, it := range items {
			g.Pages = append(g.Pages, it.e)
		}
		groups = append(groups, g)
	}
	return groups
}

// plainEntry is a plain page's entry on locale's home page; false when
// another page stands for it there (its translation) or it is neither
// in the locale nor English.
func (s *Renderer) plainEntry(p *site.Page, locale string) (Entry, bool) {
	e := Entry{Title: p.Title, URL: p.URL}
	switch {
	case p.Locale == locale:
		return e, true
	case p.Locale != content.SourceLocale || s.Lookup(locale, p.Slug) != nil:
		return Entry{}, false
	}
	e.English = true
	return e, true
}

// folderTitle names a folder of plain pages: its README's title, else its
// path.
func (s *Renderer) folderTitle(locale, folder string) string {
	if p := cmp.Or(s.Lookup(locale, folder), s.Lookup(content.SourceLocale, folder)); p != nil {
		return p.Title
	}
	return strings.ReplaceAll(folder, "/", " / ")
}

// readme reports whether a slug is the root README's (or index's).
func readme(slug string) bool {
	return strings.EqualFold(slug, "README") || strings.EqualFold(slug, "index")
}
