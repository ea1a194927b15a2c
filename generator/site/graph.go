// Package site is the site graph: every page of the content roots with
// what the site knows of it (its published slug and URL, the English page
// it translates, its translations), and the redirects, indexed for lookups
// that ignore case. It reads loaded content (package content) and renders
// nothing; package build renders the pages it lists.
//
// # Translations
//
// A page of another locale translates the en-US page with the same slug,
// after en-US redirects: when the English page moved and the translation
// did not follow, the translation is published at the new slug with a
// moved-translation warning; if the locale already has a translation there,
// the moved one is a conflicting-translation error and is left out. A
// translation with no English page is an orphaned-translation, published
// under its own slug; a page of a plain-markdown root is no translation and
// is published so without a flaw. Translations inherit page-type, sidebar, spec-urls,
// browser-compat and status from the English page unless they set them.
//
// # Redirects and URLs
//
// Follow applies a locale's redirects to a slug, then en-US's for the same
// slug; Lookup finds a page by locale and slug in any case. A page's URL
// is /{Locale}/docs/{Slug}/ under Options.BasePath, its slug escaped only
// where a URL path needs it (EscapePath), so letters of any script stay.
package site

import (
	"cmp"
	"maps"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"sync"

	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
	"statusdocs/generator/internal/plural"
)

// Page is a page of the site: a content page with what the site knows of it.
type Page struct {
	*content.Page
	Slug         string       // published slug (a moved translation's differs from its file's)
	URL          string       // site URL with the base path, ending in "/"
	Meta         content.Meta // after inheriting from the English page
	Source       *Page        // the en-US page a translation translates
	Translations []*Page      // on en-US pages: the translations, by locale
	Code         string       // the status code for status pages ("404"), else ""

	key   string         // content.Key of its locale and slug
	lines *content.Lines // index of Body, for positions (position.go)
	place int            // its place in Site.Pages
}

// IndexIn finds p in pages, a Site's Pages: its place there, and whether
// it is there (a page left out is not).
func (p *Page) IndexIn(pages []*Page) (int, bool) {
	if p == nil || p.place >= len(pages) || pages[p.place] != p {
		return 0, false
	}
	return p.place, true
}

// Site is the site graph: every page, its translations and the redirects,
// indexed for lookups that ignore case.
type Site struct {
	opts       Options
	configured []string // ConfiguredLocales of opts.Locales, or those defaultLocales keeps; made once: Enabled is asked for on every page
	Pages      []*Page  // sorted by locale, then slug
	Locales    []string
	Flaws      []flaw.Flaw        // problems of the graph: moved, conflicting and orphaned translations, bad redirects
	Dropped    []*Page            // translations left out; still checked for flaws
	Redirects  []content.Redirect // every redirect, as read
	byKey      map[string]*Page
	exact      map[string]map[string]*Page // locale → slug as written → page: lookups without allocating
	redirects  map[string]redirectTo       // content.Key of a source → its target
	byFile     func() map[fileKey]*Page    // made when first asked: a warm build that renders one page seldom does
	childIndex map[string][]*Page          // lower-case slug → en-US children by title
	byURL      map[string]*Page
	known      map[string]bool // lower-case slug of every page and redirect source, in any locale
}

// fileKey is a page file: the index of its content root and its path.
type fileKey struct {
	root int
	path string
}

// Options are what the graph needs of a build's configuration.
type Options struct {
	BasePath string   // prefix of every internal URL; "/" when empty
	Locales  []string // locales to publish; every locale with a page when empty
}

// New builds the graph from loaded content.
func New(opts Options, c *content.Content) *Site {
	s := &Site{
		opts:       opts,
		configured: ConfiguredLocales(opts.Locales),
		byKey:      make(map[string]*Page, len(c.Pages)),
		exact:      map[string]map[string]*Page{},
		byURL:      make(map[string]*Page, len(c.Pages)),
		redirects:  make(map[string]redirectTo, len(c.Redirects)),
		known:      make(map[string]bool, len(c.Pages)),
		childIndex: map[string][]*Page{},
	}
	s.Redirects = c.Redirects
	for _, r := range c.Redirects {
		s.redirects[content.Key(r.Locale, r.Slug)] = newRedirectTo(r.To)
		s.known[strings.ToLower(r.Slug)] = true
	}
	var translations []*Page
	only := s.configured
	if only == nil {
		var left []leftLocale
		if only, left = defaultLocales(c); left != nil {
			s.configured = only
			for _, l := range left {
				s.Flaws = append(s.Flaws, flaw.New(flaw.TooManyLocales, l.first.File, 0, 0,
					"more than %d locales have pages; %s, with %s, is left out", MaxLocales, l.first.Locale, plural.Count(l.pages, "page", "pages")).
					Suggest("list the locales to publish with --locales"))
			}
		}
	}
	perLocale := map[string]int{}
	for _, p := range c.Pages {
		perLocale[p.Locale]++
	}
	for loc, n := range perLocale { // sized: growing them was a tenth of New
		s.exact[loc] = make(map[string]*Page, n)
	}
	pages := make([]Page, len(c.Pages)) // one allocation, not one a page
	for i, cp := range c.Pages {
		if only != nil && !slices.Contains(only, cp.Locale) {
			continue
		}
		p := &pages[i]
		*p = Page{Page: cp, Slug: cp.Slug, Meta: cp.Meta}
		if p.Meta.Sidebar == "" && cp.SidebarMacro {
			// Older pages ask for the sidebar in the body; their
			// translations, which may not, inherit it all the same.
			p.Meta.Sidebar = "http"
		}
		if cp.Locale == content.SourceLocale {
			s.add(p)
		} else {
			translations = append(translations, p)
		}
	}
	// Translations at their English page's slug go first, so that one that
	// followed a moved page never displaces one that is already there.
	// Where each leads depends on the English pages alone, all added.
	led := make([]translation, len(translations))
	for i, p := range translations {
		t := &led[i]
		t.p = p
		if t.src = s.Lookup(content.SourceLocale, p.Slug); t.src != nil { // Follow's first step, as most go
			continue
		}
		var slug string
		slug, _, t.moved = s.Follow(content.SourceLocale, p.Slug)
		t.src = s.Lookup(content.SourceLocale, slug)
	}
	slices.SortStableFunc(led, func(a, b translation) int { return CompareBool(a.moved, b.moved) })
	for _, t := range led {
		s.matchTranslation(t)
	}
	s.checkRedirects(c.Redirects)
	slices.SortFunc(s.Pages, func(a, b *Page) int { return strings.Compare(a.key, b.key) })
	flaw.Parallel(runtime.GOMAXPROCS(0), len(s.Pages), func(i int) {
		p := s.Pages[i]
		p.URL = s.DocsURL(p.Locale, p.Slug)
		p.Code = statusCode(p)
	})
	for i, p := range s.Pages {
		p.place = i
		s.byURL[p.URL] = p
		if i := strings.LastIndexByte(p.Slug, '/'); i > 0 && p.Locale == content.SourceLocale {
			parent := strings.ToLower(p.Slug[:i])
			s.childIndex[parent] = append(s.childIndex[parent], p)
		}
	}
	s.Locales = localesOf(c, only)
	s.byFile = sync.OnceValue(func() map[fileKey]*Page {
		m := make(map[fileKey]*Page, len(s.Pages))
		for _, p := range s.Pages {
			m[fileKey{p.Root, p.Path}] = p
		}
		return m
	})
	for _, kids := range s.childIndex {
		slices.SortStableFunc(kids, func(a, b *Page) int { return strings.Compare(a.Title, b.Title) })
	}
	return s
}

func (s *Site) add(p *Page) {
	var buf [keyBuf]byte
	s.addKeyed(p, content.AppendKey(buf[:0], p.Locale, p.Slug))
}

// addKeyed is add with p's key made (content.AppendKey).
func (s *Site) addKeyed(p *Page, key []byte) {
	s.Pages = append(s.Pages, p)
	p.key = string(key) // content.Key, in one allocation
	s.byKey[p.key] = p
	if p.Source == nil { // a translation's slug is its English page's, known already
		s.known[p.key[strings.IndexByte(p.key, '/')+1:]] = true // the slug, lower-cased
	}
	if s.exact[p.Locale] == nil {
		s.exact[p.Locale] = map[string]*Page{}
	}
	s.exact[p.Locale][p.Slug] = p
}

// translation is a translated page and the en-US page its slug leads
// to, if any: through en-US redirects when moved.
type translation struct {
	p     *Page
	moved bool
	src   *Page
}

// matchTranslation finds the en-US page a translation translates, following
// en-US redirects when the English page moved, and inherits its metadata.
func (s *Site) matchTranslation(t translation) {
	p, redirected, src := t.p, t.moved, t.src
	switch {
	case src == nil && p.Page.Plain:
		// A plain-markdown root in another locale is a site of its own, not a translation.
	case src == nil:
		s.Flaws = append(s.Flaws, flaw.New(flaw.OrphanedTranslation, p.File, p.SlugLine, 1,
			"no en-US page has slug %q; published under its own slug without inherited metadata", p.Slug))
	case redirected:
		if other := s.Lookup(p.Locale, src.Slug); other != nil {
			s.Flaws = append(s.Flaws, flaw.New(flaw.ConflictingTranslation, p.File, p.SlugLine, 1,
				"translates %q (moved from %q), which %s already translates; this page is left out", src.Slug, p.Slug, other.File).
				Suggest("merge the two translations and delete this file"))
			s.Dropped = append(s.Dropped, p)
			return
		}
		s.Flaws = append(s.Flaws, flaw.New(flaw.MovedTranslation, p.File, p.SlugLine, 1,
			"the en-US page moved from %q to %q; published at the new slug", p.Slug, src.Slug).
			Suggest("slug: %s (and move the file to %s/%s/)", src.Slug, strings.ToLower(p.Locale), content.Folder(src.Slug)))
		p.Slug = src.Slug
	}
	var buf [keyBuf]byte
	key := content.AppendKey(buf[:0], p.Locale, p.Slug)
	if other := s.byKey[string(key)]; other != nil { // Lookup, which finds what byKey has, with the key made once
		s.Flaws = append(s.Flaws, flaw.New(flaw.ConflictingTranslation, p.File, p.SlugLine, 1,
			"translates %q, which %s already translates; this page is left out", p.Slug, other.File))
		s.Dropped = append(s.Dropped, p)
		return
	}
	if src != nil {
		p.Source = src
		p.Meta = inherit(p.Meta, src.Meta)
		at, _ := slices.BinarySearchFunc(src.Translations, p.Locale, func(t *Page, loc string) int { return strings.Compare(t.Locale, loc) })
		src.Translations = slices.Insert(src.Translations, at, p)
	}
	s.addKeyed(p, key)
}

// inherit fills the keys a translation may leave to its English page.
func inherit(m, en content.Meta) content.Meta {
	m.PageType = cmpOr(m.PageType, en.PageType)
	m.Sidebar = cmpOr(m.Sidebar, en.Sidebar)
	if len(m.SpecURLs) == 0 {
		m.SpecURLs = en.SpecURLs
	}
	if len(m.BrowserCompat) == 0 {
		m.BrowserCompat = en.BrowserCompat
	}
	if len(m.Status) == 0 {
		m.Status = en.Status
	}
	return m
}

// CompareBool orders false before true, for sorting.
func CompareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// maxRedirects bounds a chain of redirects, which may loop.
const maxRedirects = 8

// Follow applies redirects to a slug: the locale's own, then en-US's for the
// same slug, as long as no page has the slug. It returns the final slug, the
// fragment of the last redirect target, and whether any redirect applied. A
// redirect to an absolute URL ends the chain with that URL as the slug.
func (s *Site) Follow(locale, slug string) (final, frag string, redirected bool) {
	final, frag, redirected, _ = s.Chain(locale, slug)
	return final, frag, redirected
}

// Chain follows redirects from a slug; ended is false for a chain that
// does not end within maxRedirects steps.
//
// Each step makes the slug's key in the locale and in en-US once and looks
// both up in byKey, which has every page Lookup finds, and in the
// redirects: a chain is followed for every redirect of a site, and a
// _redirects.txt of 100,000 lines spent half its build here.
func (s *Site) Chain(locale, slug string) (final, frag string, redirected, ended bool) {
	var lb, sb [keyBuf]byte
	prefix := len(content.AppendKey(lb[:0], locale, ""))
	return followChain(slug, func(slug string) (redirectTo, bool) {
		inLocale := content.AppendKey(lb[:0], locale, slug)
		inSource := append(content.AppendKey(sb[:0], content.SourceLocale, ""), inLocale[prefix:]...)
		if s.byKey[string(inLocale)] != nil || s.byKey[string(inSource)] != nil {
			return redirectTo{}, false
		}
		to, ok := s.redirects[string(inLocale)]
		if !ok {
			to, ok = s.redirects[string(inSource)]
		}
		return to, ok
	})
}

// followChain follows redirects from slug, maxRedirects at most; next
// gives the redirect a slug takes, none where a page has the slug.
func followChain(slug string, next func(slug string) (redirectTo, bool)) (final, frag string, redirected, ended bool) {
	for range maxRedirects {
		to, ok := next(slug)
		if !ok {
			return slug, frag, redirected, true
		}
		if !to.docs {
			return to.url, "", true, true
		}
		if to.hasFrag {
			frag = to.frag
		}
		slug, redirected = to.slug, true
	}
	return slug, frag, redirected, false
}

// redirectTo is the target of a redirect, read once: a chain of them is
// followed for every redirect of a site and every link that meets one.
type redirectTo struct {
	url        string // as written
	docs       bool   // a docs page's path, whose slug is slug; else an absolute URL
	slug, frag string
	hasFrag    bool
}

func newRedirectTo(to string) redirectTo {
	_, slug, docs := redirectSlug(to)
	_, frag, hasFrag := strings.Cut(to, "#")
	return redirectTo{url: to, docs: docs, slug: slug, frag: frag, hasFrag: hasFrag}
}

// checkRedirects reports redirects whose chain never ends.
func (s *Site) checkRedirects(rs []content.Redirect) {
	for _, r := range rs {
		locale := r.Locale
		final, _, _, ended := s.Chain(locale, r.Slug)
		switch {
		case !ended:
			s.Flaws = append(s.Flaws, flaw.New(flaw.BadRedirect, r.File, r.Line, 1,
				"redirects from %s do not end within %d steps; is there a loop?", r.From, maxRedirects))
		case !strings.Contains(final, "://") && s.Lookup(locale, final) == nil && s.Lookup(content.SourceLocale, final) == nil:
			s.Flaws = append(s.Flaws, flaw.New(flaw.BadRedirect, r.File, r.Line, 1,
				"redirect from %s leads to no page (%s); it is left out of the published redirects", r.From, final))
		}
	}
}

// ConfiguredLocales are the locales a list names, en-US always
// among them, or nil when it names none.
func ConfiguredLocales(locales []string) []string {
	if len(locales) == 0 {
		return nil
	}
	ls := []string{content.SourceLocale}
	for _, l := range locales {
		if loc, ok := content.Locale(strings.ToLower(strings.TrimSpace(l))); ok && !slices.Contains(ls, loc) {
			ls = append(ls, loc)
		}
	}
	slices.Sort(ls)
	return ls
}

// localesOf are the locales of the pages of c, of only if given, sorted:
// those of the site's pages, since a page left out (a translation that
// conflicts with another) leaves one of its locale.
func localesOf(c *content.Content, only []string) []string {
	var ls []string
	for _, p := range c.Pages {
		if !slices.Contains(ls, p.Locale) && (only == nil || slices.Contains(only, p.Locale)) {
			ls = append(ls, p.Locale)
		}
	}
	slices.Sort(ls)
	return ls
}

// EnabledOf is the Enabled of the site that New makes of opts and c,
// known before it is made (the build reads the layouts meanwhile).
func EnabledOf(opts Options, c *content.Content) []string {
	if ls := ConfiguredLocales(opts.Locales); ls != nil {
		return ls
	}
	if ls, left := defaultLocales(c); left != nil {
		return ls
	}
	return localesOf(c, nil)
}

// MaxLocales is how many locales a site publishes, whether --locales
// lists them or the content's locale folders do: MDN has ten. Each locale
// holds every page, with a menu of them all, so the output grows with the
// square of their number: 99 made 385 MB of the 81 pages of content/, and
// 300 locale folders of a page each beside 50 English pages, 132 MB.
const MaxLocales = 40

// defaultLocales are the locales a site publishes when none are
// configured, sorted: nil for those of c's pages, but for more than
// MaxLocales, en-US and the others with the most pages (then by name),
// the others in left.
func defaultLocales(c *content.Content) (locales []string, left []leftLocale) {
	first := map[string]*content.Page{}
	n := map[string]int{}
	// Pages come a locale at a time: counted by runs, not each.
	var run *content.Page // the first page of the run
	count := 0
	for _, p := range c.Pages {
		if run == nil || p.Locale != run.Locale {
			if run != nil {
				n[run.Locale] += count
			}
			run, count = p, 0
			if first[p.Locale] == nil {
				first[p.Locale] = p
			}
		}
		count++
	}
	if run != nil {
		n[run.Locale] += count
	}
	if len(n) <= MaxLocales {
		return nil, nil
	}
	ranked := slices.SortedFunc(maps.Keys(n), func(a, b string) int {
		return cmp.Or(-CompareBool(a == content.SourceLocale, b == content.SourceLocale), cmp.Compare(n[b], n[a]), strings.Compare(a, b))
	})
	for _, loc := range ranked[MaxLocales:] {
		left = append(left, leftLocale{first[loc], n[loc]})
	}
	return slices.Sorted(slices.Values(ranked[:MaxLocales])), left
}

// leftLocale is a locale that defaultLocales leaves out: its first page,
// which the flaw names, and how many it has.
type leftLocale struct {
	first *content.Page
	pages int
}

// Lookup finds a page by locale and slug in any case; the exact spelling is
// tried first, as it is the common one and needs no lower-casing.
func (s *Site) Lookup(locale, slug string) *Page {
	if p := s.exact[locale][slug]; p != nil {
		return p
	}
	var buf [keyBuf]byte
	return s.byKey[string(content.AppendKey(buf[:0], locale, slug))]
}

// Unknown reports a slug that is no page and no redirect in any locale:
// most links of a large site lead outside it, and this settles them with
// one lookup instead of following redirects through every locale.
func (s *Site) Unknown(slug string) bool {
	var buf [keyBuf]byte
	key := content.AppendKey(buf[:0], "", slug)[1:] // "/" + slug, lower-cased
	return !s.known[string(key)]
}

// keyBuf is room for most keys, to build them on the stack.
const keyBuf = 192

// redirectSlug is splitDocsPath for the targets of _redirects.txt, which may
// be percent-encoded ("/en-US/docs/A%20B"); package content has checked
// them, and gives the sources decoded (content.Redirect.Slug).
func redirectSlug(p string) (locale, slug string, ok bool) {
	locale, slug, ok = SplitDocsPath(p)
	if u, err := url.PathUnescape(slug); err == nil {
		slug = u
	}
	return locale, slug, ok
}

// SplitDocsPath splits "/{locale}/docs/{slug}" (any case, optional trailing
// slash) into a canonical locale and the slug.
func SplitDocsPath(p string) (locale, slug string, ok bool) {
	rest, ok := strings.CutPrefix(p, "/")
	if !ok {
		return "", "", false
	}
	loc, rest, ok := strings.Cut(rest, "/")
	if !ok {
		return "", "", false
	}
	rest, ok = cutPrefixFold(rest, "docs/")
	if !ok {
		return "", "", false
	}
	if i := strings.IndexAny(rest, "#?"); i >= 0 {
		rest = rest[:i]
	}
	locale, known := content.Locale(loc)
	if !known {
		return "", "", false
	}
	slug = strings.TrimSuffix(rest, "/")
	return locale, slug, slug != ""
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// statusCode is the code of a status page: the last slug segment when the
// page is of type http-status-code and it is three digits.
func statusCode(p *Page) string {
	code := p.Slug[strings.LastIndexByte(p.Slug, '/')+1:]
	if p.Meta.PageType != "http-status-code" || len(code) != 3 || strings.Trim(code, "0123456789") != "" {
		return ""
	}
	return code
}

// TranslationRoots gives, for each locale but en-US that locales names,
// the content root, of n, that a new translation into it belongs in: the
// first that holds a page of the locale, else the first with no en-US
// page (MDN keeps translations in a repository of their own beside the
// English one), else the first.
func (s *Site) TranslationRoots(locales []string, n int) map[string]int {
	first := map[string]int{} // locale → the first root with a page of it
	english := map[int]bool{}
	for _, pages := range [][]*Page{s.Pages, s.Dropped} {
		for _, p := range pages {
			if r, ok := first[p.Locale]; !ok || p.Root < r {
				first[p.Locale] = p.Root
			}
			if p.Locale == content.SourceLocale {
				english[p.Root] = true
			}
		}
	}
	fallback := 0
	for r := range n {
		if !english[r] {
			fallback = r
			break
		}
	}
	roots := make(map[string]int, len(locales))
	for _, loc := range locales {
		if r, ok := first[loc]; ok && r < n && loc != content.SourceLocale {
			roots[loc] = r
		} else if loc != content.SourceLocale {
			roots[loc] = fallback
		}
	}
	return roots
}
