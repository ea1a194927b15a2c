// Package publish writes what a static host needs besides the pages: the
// layouts' static files with a hash of their bytes in their names, a
// sitemap and robots.txt for search engines, the redirects (as a
// _redirects file, and as small HTML pages for hosts that cannot
// redirect), and a _headers file with the
// Content-Security-Policy and the cache rules of the hashed static files.
//
// It reads the site graph (package site) and what the build made of each
// page (Page): nothing here renders a page.
//
// Redirects (package content has checked and decoded their sources) become
// _redirects rules, resolved to where they finally lead, for every
// published locale: its own _redirects.txt, then en-US's. With
// Input.RedirectStubs, a small page stands at each source as well; a stub
// the output refuses (a name the file system cannot hold, a folder where a
// page's file is) is a bad-redirect flaw at its line and is left out,
// never a failed build. Result.Redirects gives the same rules to the
// preview server, which answers them as a host would.
//
// The sitemap lists what search engines should index: real pages and
// translations (never English fallbacks), the locale home pages and the
// root, each with its alternates in other languages, in files of 10,000
// URLs under an index when there are more.
//
// For programs, each locale gets an llms.txt and a status-codes.json of
// the pages it shows, and the site an llms.txt (codes.go is the spec):
// Codes makes them a locale at a time, and the build writes them with
// each locale's search index, not Write.
package publish

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"slices"
	"strings"

	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
	"statusdocs/generator/output"
	"statusdocs/generator/site"
)

// Input is what publishing reads.
type Input struct {
	Site          *site.Site
	Pages         []Page // what the build made of each of Site.Pages, in order
	SiteURL       string // origin of the published site; no sitemap without it
	RedirectStubs bool   // also write an HTML page at each redirect's source
	// RootName is the content root that internal errors of these files
	// are reported at (they come from all of the site).
	RootName string
	// LastMod is the date (YYYY-MM-DD) a page last changed, or "".
	LastMod func(p *site.Page) string
	// Moved is a locale's "moved to" text of redirect stubs.
	Moved func(locale string) string
	// UI is a UI string of a locale, for llms.txt.
	UI func(locale, key string) string
	// RootLocale is the locale of the site's root, whose llms.txt is
	// /llms.txt; none when "".
	RootLocale string
	// SpecURLs are the specifications of a page, for status-codes.json.
	SpecURLs func(p *site.Page) []string
	// Outdated reports whether a translation is behind its English page.
	Outdated func(p *site.Page) bool
}

// Page is what the build made of a page of the site.
type Page struct {
	Written   bool     // the page was published
	Fallbacks []string // locales that show it in English
	Summary   string   // its first paragraph, shortened (page.Summary)
}

// Result is what Write wrote and found.
type Result struct {
	Files     int
	Redirects []Redirect  // the rules of _redirects, in its order
	Flaws     []flaw.Flaw // bad-redirect for stubs that cannot be written, internal errors
	Notes     []string    // what a publisher should know: a file left out, a host's limit
}

// Write writes the files of this package but the static ones (Static).
// Each is made and written on its own: a panic in one is an internal error
// and leaves out that file (or the redirects), not
// the others. An error is one of out.
func Write(in Input, out output.Output) (Result, error) {
	var res Result
	files := map[string][]byte{}
	in.part(&res, "robots.txt and _headers", func() {
		files["robots.txt"], files["_headers"] = in.robots(), in.headers()
	})
	if in.SiteURL != "" {
		in.part(&res, "the sitemap", func() { maps.Copy(files, in.sitemaps()) })
	} else {
		res.Notes = append(res.Notes, "no --site-url: sitemap.xml, which needs absolute URLs, is left out")
	}
	var rules []redirectRule
	in.part(&res, "the redirects", func() {
		rules = in.redirectRules()
		res.Redirects = redirects(rules)
		file := redirectsFile(res.Redirects)
		if n := bytes.Count(file, []byte("\n")); n > cloudflareRedirects {
			res.Notes = append(res.Notes, fmt.Sprintf("_redirects has %d rules; Cloudflare Pages reads only the first %d", n, cloudflareRedirects))
		}
		files["_redirects"] = file
	})
	var err error
	for _, name := range slices.Sorted(maps.Keys(files)) {
		written := in.part(&res, name, func() { err = out.WriteFile(name, files[name]) })
		if err != nil {
			return res, err
		}
		if written {
			res.Files++
		}
	}
	if in.RedirectStubs {
		in.part(&res, "the redirect stubs", func() { in.writeStubs(out, rules, &res) })
	}
	return res, nil
}

// writeStubs writes the stub of each redirect. One that cannot be written
// (a name the file system refuses, a folder where a page's file is) is a
// bad-redirect flaw at its line and is left out; its rule in _redirects
// still works where the host reads that file.
func (in Input) writeStubs(out output.Output, rules []redirectRule, res *Result) {
	slices.SortFunc(rules, func(a, b redirectRule) int { return strings.Compare(a.stub, b.stub) })
	for _, r := range rules {
		if err := out.WriteFile(r.stub, in.redirectStub(r)); err != nil {
			if pe, ok := errors.AsType[*fs.PathError](err); ok {
				err = pe.Err // the path is the stub's, in a temporary folder
			}
			res.Flaws = append(res.Flaws, flaw.New(flaw.BadRedirect, r.file, r.line, 1,
				"cannot write the redirect stub %s: %v; it is left out", r.stub, err))
			continue
		}
		res.Files++
	}
}

// part makes or writes one part of the files and reports whether it did;
// a panic in it is an internal error at RootName, and the part is left
// out.
func (in Input) part(res *Result, part string, work func()) bool {
	f := flaw.Catch(in.RootName, 0, 0, part+" is left out", work)
	if f != nil {
		res.Flaws = append(res.Flaws, *f)
	}
	return f == nil
}

// robots.txt lets every crawler in and names the sitemap. Crawlers read it
// only at the root of a host: under a base path it is there for the host's
// owner to merge.
func (in Input) robots() []byte {
	var b bytes.Buffer
	b.WriteString("User-agent: *\nAllow: /\n")
	if in.SiteURL != "" {
		fmt.Fprintf(&b, "\nSitemap: %s%s\n", in.SiteURL, in.Site.Base("/sitemap.xml"))
	}
	return b.Bytes()
}

// ContentSecurityPolicy is the policy of every page, in a <meta> tag of
// the layouts (and of redirect stubs) and in _headers: scripts come only
// from the site's own files, never inline or from an event handler, and
// no plugin or <base> can change that.
const ContentSecurityPolicy = "script-src 'self'; object-src 'none'; base-uri 'none'"

// headers is a _headers file (Netlify, Cloudflare Pages): every response
// carries the policy and nosniff (a page's text file is never run as a
// script), and static files, whose content hash is in their names, may be
// cached for a year.
func (in Input) headers() []byte {
	return []byte(in.Site.Base("/*") + "\n  Content-Security-Policy: " + ContentSecurityPolicy + "\n  X-Content-Type-Options: nosniff\n" +
		in.Site.Base("/static/*") + "\n  Cache-Control: public, max-age=31536000, immutable\n")
}

// sitemapURL is one <url> of a sitemap.
type sitemapURL struct {
	loc, lastmod string
	alternates   []site.Alternate
}

// sitemapLimit is the number of URLs per sitemap file; the protocol allows
// 50,000 and 50 MB, and each URL here may carry a dozen alternates.
const sitemapLimit = 10000

// sitemaps returns sitemap.xml, and when there are more URLs than fit in
// one, sitemap-1.xml… with sitemap.xml as their index. It lists the pages
// search engines should index: real pages and translations (never the
// English fallbacks), the locale home pages and the root, each with its
// alternates in other languages.
func (in Input) sitemaps() map[string][]byte {
	s := in.Site
	var urls []sitemapURL
	written := make(map[*site.Page]bool, len(s.Pages))
	for i, p := range s.Pages {
		written[p] = in.Pages[i].Written
	}
	for _, p := range s.Pages {
		if !written[p] {
			continue
		}
		urls = append(urls, sitemapURL{loc: in.SiteURL + p.URL, lastmod: in.LastMod(p),
			alternates: site.Alternates(p, in.SiteURL, func(v *site.Page) bool { return written[v] })})
	}
	homes := s.HomeAlternates(in.SiteURL)
	for _, loc := range s.Enabled() {
		urls = append(urls, sitemapURL{loc: in.SiteURL + s.Base("/"+loc+"/"), alternates: homes})
	}
	urls = append(urls, sitemapURL{loc: in.SiteURL + s.Base("/"), alternates: homes})
	slices.SortFunc(urls, func(a, b sitemapURL) int { return strings.Compare(a.loc, b.loc) })
	if len(urls) <= sitemapLimit {
		return map[string][]byte{"sitemap.xml": urlset(urls)}
	}
	files := map[string][]byte{}
	var index bytes.Buffer
	index.WriteString(xml.Header + `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for n := 0; n*sitemapLimit < len(urls); n++ {
		name := fmt.Sprintf("sitemap-%d.xml", n+1)
		files[name] = urlset(urls[n*sitemapLimit : min(len(urls), (n+1)*sitemapLimit)])
		fmt.Fprintf(&index, "  <sitemap><loc>%s</loc></sitemap>\n", xmlEscape(in.SiteURL+s.Base("/"+name)))
	}
	index.WriteString("</sitemapindex>\n")
	files["sitemap.xml"] = index.Bytes()
	return files
}

func urlset(urls []sitemapURL) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
	for _, u := range urls {
		fmt.Fprintf(&b, "  <url>\n    <loc>%s</loc>\n", xmlEscape(u.loc))
		if u.lastmod != "" {
			fmt.Fprintf(&b, "    <lastmod>%s</lastmod>\n", u.lastmod)
		}
		for _, a := range u.alternates {
			fmt.Fprintf(&b, "    <xhtml:link rel=\"alternate\" hreflang=\"%s\" href=\"%s\"/>\n", xmlEscape(a.Lang), xmlEscape(a.URL))
		}
		b.WriteString("  </url>\n")
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

func xmlEscape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// redirectRule is one redirect of the published site.
type redirectRule struct {
	from, to string // URLs, with the base path; to may be absolute
	stub     string // the output file of its HTML stub
	locale   string
	slug     string // the source's, decoded
	title    string // the target page's title, if it is a page of the site
	file     string // the _redirects.txt line it comes from
	line     int
}

// cloudflareRedirects is how many static redirects Cloudflare Pages reads.
const cloudflareRedirects = 2000

// redirectRules are the redirects of every published locale: its own
// _redirects.txt, then en-US's (an English page that moved moved in every
// locale), which also covers the old slugs of moved translations. A source
// where a page is published is left out, as is a redirect that leads
// nowhere (the build reports those).
func (in Input) redirectRules() []redirectRule {
	s := in.Site
	var rules []redirectRule
	seen := map[string]bool{}
	for _, loc := range s.Enabled() {
		for _, pass := range []string{loc, content.SourceLocale} {
			for _, r := range s.Redirects {
				if r.Locale != pass {
					continue
				}
				key := content.Key(loc, r.Slug)
				if seen[key] || s.Lookup(loc, r.Slug) != nil || s.Lookup(content.SourceLocale, r.Slug) != nil {
					continue
				}
				seen[key] = true
				if rule, ok := resolveRedirect(s, loc, r.Slug); ok {
					rule.file, rule.line = r.File, r.Line
					rules = append(rules, rule)
				}
			}
		}
	}
	return rules
}

// resolveRedirect resolves the redirect of a slug in a locale to where it
// finally leads.
func resolveRedirect(s *site.Site, loc, slug string) (redirectRule, bool) {
	final, frag, _, ended := s.Chain(loc, slug)
	if !ended {
		return redirectRule{}, false
	}
	r := redirectRule{
		from:   s.DocsURL(loc, slug),
		stub:   site.PageFile(loc, slug),
		locale: loc,
		slug:   slug,
	}
	if strings.Contains(final, "://") { // an http(s) URL: content.ParseRedirects refuses any other
		r.to = final
		return r, true
	}
	t := s.Lookup(loc, final)
	if t == nil {
		if t = s.Lookup(content.SourceLocale, final); t == nil {
			return redirectRule{}, false
		}
	}
	r.to, r.title = t.URL, t.Title
	if t.Locale != loc {
		r.to = s.DocsURL(loc, t.Slug) // the English page in the locale's frame
	}
	if frag != "" {
		r.to += "#" + frag
	}
	return r, true
}

// Redirect is a rule of the _redirects file: a moved page's old URL and
// the URL it finally leads to, as a host answers it (301).
type Redirect struct {
	Locale, Slug string // the old URL's locale and slug, decoded
	// From is the old URL, with the base path and without a trailing
	// slash; To is where it leads: a path with the base path and maybe a
	// #fragment, or an http(s) URL as _redirects.txt wrote it. Both are
	// percent-encoded as the _redirects file has them (hostPath).
	From, To string
}

// redirects are the rules as the _redirects file writes them.
func redirects(rules []redirectRule) []Redirect {
	rs := make([]Redirect, len(rules))
	for i, r := range rules {
		to := r.to
		if !strings.Contains(to, "://") {
			to = hostPath(to)
		}
		rs[i] = Redirect{Locale: r.locale, Slug: r.slug, From: hostPath(strings.TrimSuffix(r.from, "/")), To: to}
	}
	return rs
}

// redirectsFile is the rules in the _redirects format of Netlify and
// Cloudflare Pages. Each source is listed with and without its trailing
// slash, since not every host treats them as one.
func redirectsFile(rules []Redirect) []byte {
	var b bytes.Buffer
	for _, r := range rules {
		fmt.Fprintf(&b, "%s %s 301\n%s/ %s 301\n", r.From, r.To, r.From, r.To)
	}
	return b.Bytes()
}

// hostPath percent-encodes what the _redirects format reads as syntax
// (":name" is a placeholder, "*" a splat, spaces separate fields) and
// what a browser encodes in the URLs it requests (bytes past ASCII).
func hostPath(p string) string {
	return site.PercentEncode(p, func(c byte) bool { return c <= ' ' || c >= 0x7f || c == ':' || c == '*' })
}

var stubTemplate = template.Must(template.New("stub").Parse(`<!doctype html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="` + ContentSecurityPolicy + `">
<title>{{.Title}}</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="{{.Canonical}}">
<meta http-equiv="refresh" content="0; url={{.To}}">
</head>
<body>
<p>{{.Moved}} <a href="{{.To}}">{{.Title}}</a></p>
</body>
</html>
`))

// redirectStub is a page standing at a redirect's source, for hosts that
// cannot redirect (GitHub Pages, S3): it sends browsers on at once and
// tells search engines where the page now lives.
func (in Input) redirectStub(r redirectRule) []byte {
	canonical, _, _ := strings.Cut(r.to, "#")
	if !strings.Contains(r.to, "://") {
		canonical = in.SiteURL + canonical
	}
	var b bytes.Buffer
	_ = stubTemplate.Execute(&b, map[string]any{
		"Lang":      r.locale,
		"Title":     cmp.Or(r.title, r.to),
		"Canonical": template.URL(canonical),
		"To":        template.URL(r.to),
		"Moved":     in.Moved(r.locale),
	})
	return b.Bytes()
}
