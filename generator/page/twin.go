package page

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"statusdocs/generator/site"
	"statusdocs/generator/twin"
)

// TwinName is the markdown twin of a page's file: index.md beside its
// index.html.
func TwinName(pageFile string) string {
	return strings.TrimSuffix(pageFile, "index.html") + "index.md"
}

// Twin is the markdown twin of page p, rendered as r, as locale shows it
// (p's own locale, or one that shows it in English): front matter with
// its title, slug, locale, URL and, with Config.SourceURL, its source
// file's; its title as a heading; for a fallback, the notice that it is
// the English page, as a note; then its body (package twin). Links are
// absolute with Config.SiteURL, else root-relative.
func (s *Renderer) Twin(p *site.Page, r Rendered, locale string) []byte {
	pageURL := s.DocsURL(locale, p.Slug)
	b := make([]byte, 0, 512+len(r.Body)/2) // a twin is about a third of its body's HTML
	b = append(b, "---\n"...)
	b = field(b, "title", p.Title)
	b = field(b, "slug", p.Slug)
	b = field(b, "locale", locale)
	b = field(b, "url", s.cfg.SiteURL+pageURL)
	if p.Root < len(s.cfg.SourcePaths) {
		if src := s.sourceURL(p.Root, p.Path); src != "" {
			b = field(b, "source_url", src)
		}
	}
	if locale != p.Locale {
		b = append(b, "fallback: true\n"...)
	}
	b = append(b, "---\n\n"...)
	b = append(b, twin.Convert("<h1>"+attrEscape(p.Title)+"</h1>", twin.Options{})...)
	if locale != p.Locale {
		ui := s.ui(locale)
		note := fmt.Sprintf(ui.get("fallback_notice"), s.languageName(locale))
		b = append(b, '\n')
		b = append(b, twin.Convert(fmt.Sprintf(`<blockquote><p><strong>%s</strong> %s <a href="%s">%s</a></p></blockquote>`,
			attrEscape(ui.get("note")), attrEscape(note), attrEscape(s.cfg.SiteURL+site.English(p).URL), attrEscape(ui.get("fallback_read_english"))), twin.Options{})...)
	}
	at := len(b)
	b = twin.AppendConvert(append(b, '\n'), r.Body, twin.Options{Resolve: s.absolute(pageURL)})
	if len(b) == at+1 { // a body with nothing to show
		b = b[:at]
	}
	return b
}

// field appends a front matter field, its value a JSON string, which YAML
// reads as a double-quoted one.
func field(b []byte, key, value string) []byte {
	v, _ := json.Marshal(value) // a string always marshals
	b = append(b, key...)
	b = append(b, ": "...)
	b = append(b, v...)
	return append(b, '\n')
}

// absolute resolves a URL of a body shown at pageURL as the twin gives
// it: root-relative and relative URLs and fragments against the page,
// on Config.SiteURL when it is set.
//
// Most of a body's links are a path from the root or a fragment, of
// bytes that url.URL writes as they are: those are joined to the origin
// or the page without parsing (plainHref), as the parse would resolve
// them; a tenth of a twin's conversion went to url.Parse.
func (s *Renderer) absolute(pageURL string) func(string) string {
	base, err := url.Parse(s.cfg.SiteURL + pageURL)
	if err != nil {
		return func(href string) string { return href }
	}
	origin := (&url.URL{Scheme: base.Scheme, User: base.User, Host: base.Host}).String()
	// A fragment replaces the page's own and keeps its path, with its dot
	// segments removed: the page's URL as it is, when it has none of
	// those and no query.
	page, plainPage := base.String(), base.Fragment == "" && base.RawQuery == "" && plainHref(base.EscapedPath())
	return func(href string) string {
		switch {
		case hasScheme(href): // absolute, or not a URL url.Parse reads: as it is, either way
			return href
		case !plainHref(href):
		case href[0] == '/':
			return origin + href
		case plainPage: // a fragment
			return page + href
		}
		return resolveRef(base, href)
	}
}

// resolveRef is href resolved against base by url.URL; href as it is
// when it is not a relative URL.
func resolveRef(base *url.URL, href string) string {
	ref, err := url.Parse(href)
	if err != nil || ref.IsAbs() {
		return href
	}
	return base.ResolveReference(ref).String()
}

// plainHref reports whether href is a path from the root or a fragment
// that resolving leaves as it is: a path of letters, digits, - . _ ~ and
// slashes, starting with one, with no empty segment and none that starts
// with a dot (so none is . or ..); then maybe # and a fragment, not
// empty, of the same bytes but /. TestPlainHref holds it to resolveRef.
func plainHref(href string) bool {
	if href == "" || href[0] != '/' && href[0] != '#' {
		return false
	}
	path, frag, hasFrag := strings.Cut(href, "#")
	if hasFrag && (frag == "" || !plainBytes(frag, false)) {
		return false
	}
	if path == "" {
		return hasFrag
	}
	return plainBytes(path, true) && !strings.Contains(path, "//") && !strings.Contains(path, "/.")
}

// plainBytes reports whether s is of letters, digits, - . _ ~ and, when
// slash, /.
func plainBytes(s string, slash bool) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9':
		case c == '-' || c == '.' || c == '_' || c == '~':
		case c == '/' && slash:
		default:
			return false
		}
	}
	return true
}

// hasScheme reports whether href starts with a scheme and its colon, as
// url.Parse reads one (a letter, then letters, digits, "+", "-" or ".").
func hasScheme(href string) bool {
	for i := 0; i < len(href); i++ {
		c := href[i]
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		case '0' <= c && c <= '9' || c == '+' || c == '-' || c == '.':
			if i == 0 {
				return false
			}
		case c == ':':
			return i > 0
		default:
			return false
		}
	}
	return false
}

// MarkdownURL is the URL of the markdown twin of the page at pageURL.
func MarkdownURL(pageURL string) string { return pageURL + "index.md" }
