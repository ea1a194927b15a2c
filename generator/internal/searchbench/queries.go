package main

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"strings"
)

// A query is one line of the query set: what a reader of a locale types,
// and the pages that answer it (a status code, or a page's slug under
// docs/, such as Web/HTTP/Reference/Status).
type query struct {
	Locale string   `json:"locale"`
	Text   string   `json:"q"`
	Want   []string `json:"want"`
	Why    string   `json:"why"`
}

func loadQueries(name string) ([]query, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var qs []query
	if err := json.Unmarshal(data, &qs); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	for i, q := range qs {
		if q.Locale == "" || q.Text == "" || len(q.Want) == 0 {
			return nil, fmt.Errorf("%s: query %d needs locale, q and want", name, i+1)
		}
	}
	return qs, nil
}

// docPath is the path of a wanted page of a locale, as the site serves it.
func docPath(locale, want string) string {
	slug := want
	if len(want) == 3 && strings.Trim(want, "0123456789") == "" {
		slug = "Web/HTTP/Reference/Status/" + want
	}
	return strings.ToLower("/" + locale + "/docs/" + slug + "/")
}

// rank is the place (1-based) of the first result that is a wanted page
// of the query's locale, 0 if none is. A result may link to a heading of
// the page, and may name it index.html.
func (q query) rank(urls []string) int {
	for i, u := range urls {
		p, err := url.Parse(u)
		if err != nil {
			continue
		}
		path := strings.ToLower(strings.TrimSuffix(p.Path, "index.html"))
		for _, w := range q.Want {
			if path == docPath(q.Locale, w) {
				return i + 1
			}
		}
	}
	return 0
}
