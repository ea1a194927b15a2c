package site

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
	"statusdocs/generator/gitlog"
	"statusdocs/generator/macro"
	"statusdocs/generator/markdown"
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

	lines *content.Lines // index of Body, for positions (position.go)
}

// Site is the site graph: every page, its translations and the redirects,
// indexed for lookups that ignore case.
type Site struct {
	cfg          Config
	Pages        []*Page // sorted by locale, then slug
	Locales      []string
	byKey        map[string]*Page
	exact        map[string]map[string]*Page // locale → slug as written → page: lookups without allocating
	redirects    map[string]string           // content.Key of a source → target as written
	redirectList []content.Redirect          // every redirect, as read
	byFile       map[string]*Page            // fileKey of root and path → page
	dropped      []*Page                     // translations left out; still checked for flaws
	flaws        []flaw.Flaw

	macros       *macro.Registry
	strings      map[string]*uiStrings
	stylesheets  []string
	assets       map[string]string // static file name → its hashed URL
	sidebarFiles map[string]content.File
	sb           sidebars
	childIndex   map[string][]*Page // lower-case slug → en-US children by title
	byURL        map[string]*Page
	known        map[string]bool         // lower-case slug of every page and redirect source, in any locale
	outdated     map[*Page]*outdated     // translations behind their English page
	history      bool                    // git history was available
	histories    map[int]*gitlog.History // content root → its history (nil: none), once read
	missingUI    map[string][]string     // locale → UI string keys it lacks

	// What a build leaves behind for the preview server to update.
	lay         *layouts
	md          *markdown.Markdown
	results     []pageResult // by index in Pages
	loadFlaws   []flaw.Flaw  // from reading the content
	anchorFlaws []flaw.Flaw  // broken fragments, found once every page was rendered
}

func fileKey(root int, p string) string { return fmt.Sprint(root, ":", p) }

// newSite builds the graph from loaded content.
func newSite(cfg Config, c *content.Content) *Site {
	s := &Site{
		cfg:          cfg,
		byKey:        make(map[string]*Page, len(c.Pages)),
		exact:        map[string]map[string]*Page{},
		byFile:       make(map[string]*Page, len(c.Pages)),
		byURL:        make(map[string]*Page, len(c.Pages)),
		redirects:    make(map[string]string),
		known:        make(map[string]bool, len(c.Pages)),
		sidebarFiles: c.Sidebars,
		sb:           sidebars{built: map[string]*sidebarOnce{}},
		childIndex:   map[string][]*Page{},
	}
	s.macros = s.registry(c)
	s.redirectList = c.Redirects
	for _, r := range c.Redirects {
		s.redirects[content.Key(r.Locale, r.Slug)] = r.To
		s.known[strings.ToLower(r.Slug)] = true
	}
	var translations []*Page
	only := configuredLocales(cfg)
	for _, cp := range c.Pages {
		if only != nil && !slices.Contains(only, cp.Locale) {
			continue
		}
		p := &Page{Page: cp, Slug: cp.Slug, Meta: cp.Meta}
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
	moved := make(map[*Page]bool, len(translations))
	for _, p := range translations {
		_, _, moved[p] = s.follow(content.SourceLocale, p.Slug)
	}
	slices.SortStableFunc(translations, func(a, b *Page) int { return compareBool(moved[a], moved[b]) })
	for _, p := range translations {
		s.matchTranslation(p)
	}
	s.checkRedirects(c.Redirects)
	keys := make(map[*Page]string, len(s.Pages))
	for _, p := range s.Pages {
		keys[p] = content.Key(p.Locale, p.Slug)
	}
	slices.SortFunc(s.Pages, func(a, b *Page) int { return strings.Compare(keys[a], keys[b]) })
	for _, p := range s.Pages {
		p.URL = s.docsURL(p.Locale, p.Slug)
		p.Code = statusCode(p)
		s.byFile[fileKey(p.Root, p.Path)] = p
		s.byURL[p.URL] = p
		if i := strings.LastIndexByte(p.Slug, '/'); i > 0 && p.Locale == content.SourceLocale {
			parent := strings.ToLower(p.Slug[:i])
			s.childIndex[parent] = append(s.childIndex[parent], p)
		}
		if !slices.Contains(s.Locales, p.Locale) {
			s.Locales = append(s.Locales, p.Locale)
		}
	}
	slices.Sort(s.Locales)
	for _, kids := range s.childIndex {
		slices.SortStableFunc(kids, func(a, b *Page) int { return strings.Compare(a.Title, b.Title) })
	}
	return s
}

// registry makes the build's macros: the compatibility data of the config
// (embedded by default), and the specifications web-specs knows plus those
// the content roots add in jsondata/SpecData.json.
func (s *Site) registry(c *content.Content) *macro.Registry {
	compat := s.cfg.Compat
	if compat == nil {
		compat = macro.EmbeddedCompat()
	}
	var extra []macro.Spec
	for _, f := range c.SpecData {
		specs, err := macro.ParseSpecData(f.Data)
		if err != nil {
			s.flaws = append(s.flaws, flaw.New(flaw.UnknownSpec, f.File, 0, 0, "%v", err))
			continue
		}
		extra = append(extra, specs...)
	}
	r := macro.New(macro.Data{Specs: macro.EmbeddedSpecs().With(extra), Compat: compat})
	if s.cfg.Macros != nil {
		s.cfg.Macros(r)
	}
	return r
}

func (s *Site) add(p *Page) {
	s.Pages = append(s.Pages, p)
	s.byKey[content.Key(p.Locale, p.Slug)] = p
	s.known[strings.ToLower(p.Slug)] = true
	if s.exact[p.Locale] == nil {
		s.exact[p.Locale] = map[string]*Page{}
	}
	s.exact[p.Locale][p.Slug] = p
}

// matchTranslation finds the en-US page a translation translates, following
// en-US redirects when the English page moved, and inherits its metadata.
func (s *Site) matchTranslation(p *Page) {
	slug, _, redirected := s.follow(content.SourceLocale, p.Slug)
	src := s.page(content.SourceLocale, slug)
	switch {
	case src == nil:
		s.flaws = append(s.flaws, flaw.New(flaw.OrphanedTranslation, p.File, p.SlugLine, 1,
			"no en-US page has slug %q; published under its own slug without inherited metadata", p.Slug))
	case redirected:
		if other := s.page(p.Locale, src.Slug); other != nil {
			s.flaws = append(s.flaws, flaw.New(flaw.ConflictingTranslation, p.File, p.SlugLine, 1,
				"translates %q (moved from %q), which %s already translates; this page is left out", src.Slug, p.Slug, other.File).
				Suggest("merge the two translations and delete this file"))
			s.dropped = append(s.dropped, p)
			return
		}
		s.flaws = append(s.flaws, flaw.New(flaw.MovedTranslation, p.File, p.SlugLine, 1,
			"the en-US page moved from %q to %q; published at the new slug", p.Slug, src.Slug).
			Suggest("slug: %s (and move the file to %s/%s/)", src.Slug, strings.ToLower(p.Locale), content.Folder(src.Slug)))
		p.Slug = src.Slug
	}
	if other := s.page(p.Locale, p.Slug); other != nil {
		s.flaws = append(s.flaws, flaw.New(flaw.ConflictingTranslation, p.File, p.SlugLine, 1,
			"translates %q, which %s already translates; this page is left out", p.Slug, other.File))
		s.dropped = append(s.dropped, p)
		return
	}
	if src != nil {
		p.Source = src
		p.Meta = inherit(p.Meta, src.Meta)
		src.Translations = append(src.Translations, p)
		slices.SortFunc(src.Translations, func(a, b *Page) int { return strings.Compare(a.Locale, b.Locale) })
	}
	s.add(p)
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

func compareBool(a, b bool) int {
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

// follow applies redirects to a slug: the locale's own, then en-US's for the
// same slug, as long as no page has the slug. It returns the final slug, the
// fragment of the last redirect target, and whether any redirect applied. A
// redirect to an absolute URL ends the chain with that URL as the slug.
func (s *Site) follow(locale, slug string) (final, frag string, redirected bool) {
	final, frag, redirected, _ = s.chain(locale, slug)
	return final, frag, redirected
}

// chain follows redirects from a slug; ended is false for a chain that
// does not end within maxRedirects steps.
func (s *Site) chain(locale, slug string) (final, frag string, redirected, ended bool) {
	for range maxRedirects {
		if s.page(locale, slug) != nil || s.page(content.SourceLocale, slug) != nil {
			return slug, frag, redirected, true
		}
		var buf [keyBuf]byte
		to, ok := s.redirects[string(content.AppendKey(buf[:0], locale, slug))]
		if !ok {
			to, ok = s.redirects[string(content.AppendKey(buf[:0], content.SourceLocale, slug))]
		}
		if !ok {
			return slug, frag, redirected, true
		}
		_, next, isDocs := redirectSlug(to)
		if !isDocs {
			return to, "", true, true
		}
		if _, f, ok := strings.Cut(to, "#"); ok {
			frag = f
		}
		slug, redirected = next, true
	}
	return slug, frag, redirected, false
}

// checkRedirects reports redirects whose chain never ends.
func (s *Site) checkRedirects(rs []content.Redirect) {
	for _, r := range rs {
		locale := r.Locale
		final, _, _, ended := s.chain(locale, r.Slug)
		switch {
		case !ended:
			s.flaws = append(s.flaws, flaw.New(flaw.BadRedirect, r.File, r.Line, 1,
				"redirects from %s do not end within %d steps; is there a loop?", r.From, maxRedirects))
		case !strings.Contains(final, "://") && s.page(locale, final) == nil && s.page(content.SourceLocale, final) == nil:
			s.flaws = append(s.flaws, flaw.New(flaw.BadRedirect, r.File, r.Line, 1,
				"redirect from %s leads to no page (%s); it is left out of the published redirects", r.From, final))
		}
	}
}

// configuredLocales are the locales Config.Locales names, en-US always
// among them, or nil when it names none.
func configuredLocales(cfg Config) []string {
	if len(cfg.Locales) == 0 {
		return nil
	}
	ls := []string{content.SourceLocale}
	for _, l := range cfg.Locales {
		if loc, ok := content.Locale(strings.ToLower(strings.TrimSpace(l))); ok && !slices.Contains(ls, loc) {
			ls = append(ls, loc)
		}
	}
	slices.Sort(ls)
	return ls
}

// page returns the page of a locale with a slug, in any case.
// page finds a page by locale and slug in any case; the exact spelling is
// tried first, as it is the common one and needs no lower-casing.
func (s *Site) page(locale, slug string) *Page {
	if p := s.exact[locale][slug]; p != nil {
		return p
	}
	var buf [keyBuf]byte
	return s.byKey[string(content.AppendKey(buf[:0], locale, slug))]
}

// unknown reports a slug that is no page and no redirect in any locale:
// most links of a large site lead outside it, and this settles them with
// one lookup instead of following redirects through every locale.
func (s *Site) unknown(slug string) bool {
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
	locale, slug, ok = splitDocsPath(p)
	if u, err := url.PathUnescape(slug); err == nil {
		slug = u
	}
	return locale, slug, ok
}

// splitDocsPath splits "/{locale}/docs/{slug}" (any case, optional trailing
// slash) into a canonical locale and the slug.
func splitDocsPath(p string) (locale, slug string, ok bool) {
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
