package content

import (
	"regexp"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/text/language"
)

// Locale returns the canonical form of a locale folder name ("zh-tw" →
// "zh-TW", "pt-br" → "pt-BR") and whether it names a known language. The
// canonical form keeps the folder's subtags, only changing their case the
// way BCP 47 writes them: language lower, script title, region upper.
func Locale(folder string) (string, bool) {
	if v, ok := locales.Load(folder); ok {
		l := v.(string)
		return l, l != ""
	}
	l, ok := parseLocale(folder)
	if locales.Len() < 1000 { // the names a site uses are few; links may make up more
		locales.Store(folder, l)
	}
	return l, ok
}

// locales remembers parsed locale names: every link asks, and parsing
// allocates.
var locales counted

type counted struct {
	sync.Map
	n atomic.Int64
}

func (c *counted) Store(k, v any) { c.n.Add(1); c.Map.Store(k, v) }
func (c *counted) Len() int64     { return c.n.Load() }

func parseLocale(folder string) (string, bool) {
	if len(folder) > maxLocaleName || !localeFolder.MatchString(folder) {
		return "", false
	}
	if _, err := language.Parse(folder); err != nil {
		return "", false
	}
	parts := strings.Split(strings.ToLower(folder), "-")
	for i, p := range parts[1:] {
		switch {
		case len(p) == 4:
			parts[i+1] = strings.ToUpper(p[:1]) + p[1:]
		case len(p) == 2:
			parts[i+1] = strings.ToUpper(p)
		}
	}
	return strings.Join(parts, "-"), true
}

// maxLocaleName is the longest locale name, in bytes: the 35 that RFC 5646
// asks implementations to take (section 4.4.1). Each page names every
// locale of the site, in its menu of languages and its alternates.
const maxLocaleName = 35

// localeFolder is the shape of a BCP 47 tag that starts with a language:
// letters, digits and hyphens (no "_"; a private use "-x-…" is a shape
// language.Parse takes).
var localeFolder = regexp.MustCompile(`^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$`)
