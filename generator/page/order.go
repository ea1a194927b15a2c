package page

import (
	"cmp"
	"slices"
	"strings"

	"statusdocs/generator/content"
	"statusdocs/generator/site"
)

// Status pages link to the previous and the next code (rel="prev" and
// "next"). The order is the English site's: every en-US page with a status
// code, by code, then slug. In a locale, a neighbour is its translation
// where there is one, else its fallback page in that locale, which every
// locale the site builds has.

// statusOrder is the English status pages in order, and where each is.
type statusOrder struct {
	pages []*site.Page
	at    map[*site.Page]int
}

func newStatusOrder(s *site.Site) statusOrder {
	var o statusOrder
	for _, p := range s.Pages {
		if p.Locale == content.SourceLocale && p.Code != "" {
			o.pages = append(o.pages, p)
		}
	}
	slices.SortStableFunc(o.pages, func(a, b *site.Page) int {
		return cmp.Or(cmp.Compare(a.Code, b.Code), strings.Compare(a.Slug, b.Slug))
	})
	o.at = make(map[*site.Page]int, len(o.pages))
	for i, p := range o.pages {
		o.at[p] = i
	}
	return o
}

// neighbours are the status pages before and after en (an English page)
// as shown in locale; nil at either end, and both nil on other pages.
func (s *Renderer) neighbours(en *site.Page, locale string) (prev, next *Entry) {
	i, ok := s.order.at[en]
	if !ok {
		return nil, nil
	}
	if i > 0 {
		prev = s.entryIn(s.order.pages[i-1], locale)
	}
	if i+1 < len(s.order.pages) {
		next = s.entryIn(s.order.pages[i+1], locale)
	}
	return prev, next
}

// entryIn is a link to an English page as shown in locale.
func (s *Renderer) entryIn(en *site.Page, locale string) *Entry {
	p, url := s.shownIn(en.Slug, locale)
	return &Entry{Code: en.Code, Title: p.Title, URL: url, English: p.Locale != locale}
}
