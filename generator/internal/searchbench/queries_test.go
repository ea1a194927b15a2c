package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestQuerySet holds the query set to what content/ says: every word of a
// query (but a code prefix) is in one of its right pages, in the query's
// locale or, where the locale has no translation, in the English page it
// falls back to. A page rewritten without those words fails it, and the
// query must be rewritten, not left to count against both engines.
func TestQuerySet(t *testing.T) {
	qs, err := loadQueries("queries.json")
	if err != nil {
		t.Fatal(err)
	}
	perLocale := map[string]int{}
	for _, q := range qs {
		perLocale[q.Locale]++
		if strings.Trim(q.Text, "0123456789") == "" {
			continue
		}
		if !anyHolds(t, q) {
			t.Errorf("%s %q: no page of %q holds every word", q.Locale, q.Text, q.Want)
		}
	}
	for _, l := range []string{"en-US", "zh-TW", "zh-CN", "ja"} {
		if perLocale[l] < 15 {
			t.Errorf("%s: %d queries, want at least 15", l, perLocale[l])
		}
	}
}

func anyHolds(t *testing.T, q query) bool {
	for _, w := range q.Want {
		text := strings.ToLower(pageSource(t, q.Locale, w))
		holds := true
		for _, word := range strings.Fields(strings.ToLower(q.Text)) {
			holds = holds && strings.Contains(text, word)
		}
		if holds {
			return true
		}
	}
	return false
}

func pageSource(t *testing.T, locale, want string) string {
	t.Helper()
	rel := strings.TrimPrefix(docPath(locale, want), "/"+strings.ToLower(locale)+"/docs/")
	for _, l := range []string{locale, "en-US"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "..", "content", strings.ToLower(l), rel, "index.md"))
		if err == nil {
			return string(data)
		}
	}
	t.Fatalf("%s: no page %q in content/", locale, want)
	return ""
}

func TestRank(t *testing.T) {
	q := query{Locale: "zh-TW", Want: []string{"408", "504"}}
	for _, c := range []struct {
		urls []string
		want int
	}{
		{[]string{"/zh-TW/docs/Web/HTTP/Reference/Status/408/"}, 1},
		{[]string{"/zh-TW/docs/Web/HTTP/Reference/Status/500/", "/zh-TW/docs/Web/HTTP/Reference/Status/504/#範例"}, 2},
		{[]string{"/zh-tw/docs/web/http/reference/status/408/index.html"}, 1},
		{[]string{"/en-US/docs/Web/HTTP/Reference/Status/408/"}, 0}, // another locale's page is no answer
		{[]string{"/zh-TW/docs/Web/HTTP/Reference/Status/4080/"}, 0},
		{nil, 0},
	} {
		if got := q.rank(c.urls); got != c.want {
			t.Errorf("rank(%q) = %d, want %d", c.urls, got, c.want)
		}
	}
}
