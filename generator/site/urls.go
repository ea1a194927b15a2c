package site

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"statusdocs/generator/content"
)

// Base prefixes a root-relative URL with the base path.
func (s *Site) Base(u string) string { return s.opts.Base(u) }

// Base is Site.Base of a site with these options.
func (o Options) Base(u string) string { return o.base() + u }

// base is the base path without its last slash, with its first: "" for
// the root.
func (s *Site) base() string { return s.opts.base() }

func (o Options) base() string {
	b := strings.TrimSuffix(o.BasePath, "/")
	if b != "" && !strings.HasPrefix(b, "/") {
		b = "/" + b
	}
	return b
}

// CheckBasePath says what is wrong with a base path, if anything: it is
// written before every internal URL, into href and src attributes, into
// _redirects and _headers, and it may come from a config file that came
// with the content, so it must stay a path on the site's own host, made of
// segments of letters, digits, "-", ".", "_", "~" and %XX escapes (no
// "//", which a browser reads as another host, no "..", no space or quote
// that could end an attribute or a rule).
func CheckBasePath(p string) error {
	if strings.Contains(p, "//") {
		return fmt.Errorf(`has "//", which a browser reads as the start of another host`)
	}
	for seg := range strings.SplitSeq(strings.Trim(p, "/"), "/") {
		switch seg {
		case "":
			continue // the root: "/" or ""
		case ".", "..":
			return fmt.Errorf("has a %q segment; give the path as the site is served", seg)
		}
		for i, r := range seg {
			switch {
			case r == '%':
				if _, err := strconv.ParseUint(seg[i+1:min(i+3, len(seg))], 16, 8); err != nil || i+3 > len(seg) {
					return fmt.Errorf(`has a "%%" that is not a %%XX escape`)
				}
			case r == '-' || r == '.' || r == '_' || r == '~' || unicode.IsLetter(r) || unicode.IsDigit(r):
			default:
				return fmt.Errorf("has %q; a base path is made of letters, digits, \"-\", \".\", \"_\", \"~\" and %%XX escapes, between slashes (such as /docs/)", r)
			}
		}
	}
	return nil
}

// DocsURL is the URL of a page.
func (s *Site) DocsURL(locale, slug string) string {
	return s.base() + "/" + locale + "/docs/" + EscapePath(slug) + "/" // one allocation: each page's is made at every build
}

// EscapePath escapes what cannot stand in a URL path as is; letters of any
// script are kept, as browsers show them.
func EscapePath(p string) string {
	return PercentEncode(p, func(c byte) bool { return pathEscaped[c] })
}

// pathEscaped are the bytes EscapePath escapes: a table, as every page's
// URL is made at every build.
var pathEscaped = func() (t [256]bool) {
	for c := range t {
		t[c] = c <= ' ' || c == 0x7f || strings.IndexByte("\"#%<>?\\^`{|}", byte(c)) >= 0
	}
	return t
}()

// upperHex are the digits of %XX.
const upperHex = "0123456789ABCDEF"

// PercentEncode writes the bytes of p that escape says to as %XX.
func PercentEncode(p string, escape func(byte) bool) string {
	i := 0
	for i < len(p) && !escape(p[i]) {
		i++
	}
	if i == len(p) { // nothing to escape, as in most paths
		return p
	}
	var b strings.Builder
	b.Grow(len(p) + 8)
	b.WriteString(p[:i])
	for ; i < len(p); i++ {
		if c := p[i]; escape(c) {
			b.WriteByte('%')
			b.WriteByte(upperHex[c>>4])
			b.WriteByte(upperHex[c&15])
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// Enabled are the locales that get a home page. The slice is the site's:
// it is not to be changed.
func (s *Site) Enabled() []string {
	if s.configured != nil {
		return s.configured
	}
	return s.Locales
}

// RootLocale is the locale of the site root's pages (/ and /404.html):
// en-US when it has a home page, else the first locale that has one.
func (s *Site) RootLocale() string {
	ls := s.Enabled()
	if len(ls) == 0 || slices.Contains(ls, content.SourceLocale) {
		return content.SourceLocale
	}
	return ls[0]
}

// Children are the en-US pages one level below a slug, by title.
func (s *Site) Children(slug string) []*Page {
	return s.childIndex[strings.ToLower(slug)]
}

// ByURL is the page at a site URL (with the base path, ending in "/").
func (s *Site) ByURL(url string) *Page { return s.byURL[url] }

// ByFile is the page read from a path of a content root.
func (s *Site) ByFile(root int, path string) *Page { return s.byFile()[fileKey{root, path}] }

// FallbackLocales are the published locales that lack a translation of an
// English page, and so get a fallback page for it.
func (s *Site) FallbackLocales(en *Page) []string {
	if en.Locale != content.SourceLocale {
		return nil
	}
	var ls []string
	tr := en.Translations // by locale, as Enabled is
	for _, loc := range s.Enabled() {
		for len(tr) > 0 && tr[0].Locale < loc {
			tr = tr[1:]
		}
		// A translation is a page of its locale that Lookup finds at the
		// English slug; only a locale without one needs the lookup.
		if loc != content.SourceLocale && (len(tr) == 0 || tr[0].Locale != loc) && s.Lookup(loc, en.Slug) == nil {
			ls = append(ls, loc)
		}
	}
	return ls
}

// PageFile is the output file of a page: its URL's folder, under no base
// path, and index.html.
func PageFile(locale, slug string) string { return locale + "/docs/" + slug + "/index.html" }

// English is the en-US page of a page: the page itself, or the page it
// translates.
func English(p *Page) *Page {
	if p.Source != nil {
		return p.Source
	}
	return p
}

// Versions are the page in every locale it is really written in, en-US
// first.
func Versions(p *Page) []*Page {
	en := English(p)
	return append([]*Page{en}, en.Translations...)
}

// Alternate is a version of a page in another language, for hreflang
// links.
type Alternate struct{ Lang, URL string }

// Alternates are the hreflang links of a page, for the head and the
// sitemap, with origin before each URL: each version that keep accepts
// (all when nil), then x-default, or none when the page has a single
// version.
func Alternates(p *Page, origin string, keep func(*Page) bool) []Alternate {
	var alts []Alternate
	for _, v := range Versions(p) {
		if keep == nil || keep(v) {
			alts = append(alts, Alternate{Lang: v.Locale, URL: origin + v.URL})
		}
	}
	if len(alts) < 2 {
		return nil
	}
	return append(alts, Alternate{Lang: "x-default", URL: origin + English(p).URL})
}

// HomeAlternates are the hreflang links of the locale home pages and the
// site root, the same for each of them, with origin before each URL: every
// enabled locale's home, then the root as x-default; none on a site of one
// locale.
func (s *Site) HomeAlternates(origin string) []Alternate {
	locales := s.Enabled()
	if len(locales) < 2 {
		return nil
	}
	alts := make([]Alternate, 0, len(locales)+1)
	for _, loc := range locales {
		alts = append(alts, Alternate{Lang: loc, URL: origin + s.Base("/"+loc+"/")})
	}
	return append(alts, Alternate{Lang: "x-default", URL: origin + s.Base("/")})
}
