package page

import (
	"fmt"
	"iter"
	"net/url"
	"path"
	"strings"
	"unicode/utf8"

	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
	"statusdocs/generator/internal/nearest"
	"statusdocs/generator/macro"
	"statusdocs/generator/site"
)

// AnchorRef is a #fragment to check once every page's ids are known
// (CheckAnchors). Its position is kept as line and column: the page's text
// may be gone by then.
type AnchorRef struct {
	Target    *site.Page // the page linked to
	from      *site.Page
	frag      string
	line, col int
	// rewritten: the link named another locale than the target's (a
	// /en-US/… link in a zh-TW page that leads to the zh-TW page).
	rewritten bool
}

// NewAnchorRef is a fragment to check: the one at line and col of the
// file from names (a page or a sidebar), which links to target (a build
// cache makes again what Parts gave).
func NewAnchorRef(from, target *site.Page, frag string, line, col int, rewritten bool) AnchorRef {
	return AnchorRef{from: from, Target: target, frag: frag, line: line, col: col, rewritten: rewritten}
}

// Parts returns what NewAnchorRef took, less the target.
func (a AnchorRef) Parts() (from *site.Page, frag string, line, col int, rewritten bool) {
	return a.from, a.frag, a.line, a.col, a.rewritten
}

// anchor records a fragment to check.
func (r *render) anchor(target *site.Page, frag string, off int) {
	r.anchorNamed(target, frag, off, false)
}

// anchorNamed records a fragment to check of a link that may have named
// another locale than its target's.
func (r *render) anchorNamed(target *site.Page, frag string, off int, rewritten bool) {
	line, col := r.page.Pos(off)
	r.anchors = append(r.anchors, AnchorRef{from: r.page, Target: target, frag: frag, line: line, col: col, rewritten: rewritten})
}

// link resolves one href of the page being rendered (see the package doc),
// noting where it is when the build records links.
func (r *render) link(href string, off int) macro.Link {
	l := r.resolve(href, off)
	r.noteHref(l.Href, off)
	return l
}

// noteHref records where in the page's text the first link to href is.
func (r *render) noteHref(href string, off int) {
	if r.links != nil && href != "" {
		if _, ok := r.links[href]; !ok {
			line, col := r.page.Pos(off)
			r.links[href] = [2]int{line, col}
		}
	}
}

// resolve resolves one href.
func (r *render) resolve(href string, off int) macro.Link {
	h := strings.TrimSpace(href)
	switch {
	case h == "":
		return macro.Link{Href: href}
	case !safeURL(h, false):
		r.flaw(flaw.UnsafeHTML, off, "link to %q removed: only http, https, mailto, tel and ftp URLs are allowed", truncate(h))
		return macro.Link{Drop: true}
	case strings.HasPrefix(h, "#"):
		r.anchor(r.page, h[1:], off)
		return macro.Link{Href: h}
	}
	u, err := parseHref(h)
	if err != nil {
		r.flaw(flaw.BrokenLink, off, "link %q is not a valid URL: %v", truncate(h), err)
		return macro.Link{Href: h}
	}
	if u.Scheme != "" || strings.HasPrefix(h, "//") {
		return external(h, u.Scheme)
	}
	p := u.Path
	if p == "" {
		return macro.Link{Href: h}
	}
	if !strings.HasPrefix(p, "/") {
		if strings.HasSuffix(strings.ToLower(p), ".md") {
			return r.fileLink(p, u.Fragment, off)
		}
		if l, ok := r.bundleLink(p, u.RawQuery, u.Fragment, off, false); ok {
			return l
		}
		// Read against the page's MDN URL, which has no trailing slash.
		p = path.Join(path.Dir("/"+r.page.Locale+"/docs/"+r.page.Slug), p)
		u.Path = p
		h = u.String()
	}
	locale, slug, ok := site.SplitDocsPath(p)
	if !ok {
		if elsewhere(p) {
			return r.elsewhere(h, refEscape(p, "#?")+withFrag(u.Fragment), off)
		}
		return macro.Link{Href: r.site.Base(h)}
	}
	return r.docsLink(h, locale, slug, u.Fragment, off)
}

// elsewhere reports a path under a locale that is not a docs page
// (/en-US/observatory, /ja/play): MDN's other parts, which this site has
// not. A locale's own home (/en-US/) is this site's.
func elsewhere(p string) bool {
	first, rest, ok := strings.Cut(strings.TrimPrefix(p, "/"), "/")
	if _, isLocale := content.Locale(strings.ToLower(first)); !isLocale || !ok {
		return false
	}
	rest = strings.Trim(rest, "/")
	return rest != "" && rest != "docs" && !strings.HasPrefix(rest, "docs/")
}

// elsewhere resolves a link to a path the site has not but MDN may (see
// elsewhere): the same path on Config.ExternalBase, or a broken link
// without one.
func (r *render) elsewhere(h, p string, off int) macro.Link {
	if base := r.site.cfg.ExternalBase; base != "" {
		ext := strings.TrimSuffix(base, "/") + p
		r.flaw(flaw.OutsideSite, off, "not a page of this site; linked to %s", ext)
		return external(ext, "https")
	}
	r.flaw(flaw.BrokenLink, off, "link to %q: not a page of this site", truncate(h))
	return macro.Link{Attrs: ` class="page-not-created" data-href="` + attrEscape(p) + `" title="` + attrEscape(r.t("page_not_created")) + `"`}
}

// parseHref is url.Parse with a shortcut for what most links of a site are,
// a rooted path with nothing to decode or split off (/en-US/docs/Web/HTTP),
// which url.Parse would return as that path alone, four times slower.
func parseHref(h string) (*url.URL, error) {
	if len(h) > 1 && h[0] == '/' && h[1] != '/' && plainPath(h) {
		return &url.URL{Path: h}, nil
	}
	return url.Parse(h)
}

// plainPath reports a path of only the bytes a URL path holds unescaped
// (letters, digits, -_.~$&+,/:;=@): no escape, query, fragment, space or
// other byte that url.Parse would decode, split off or keep a raw form of.
func plainPath(h string) bool {
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-_.~$&+,/:;=@", c) >= 0) {
			return false
		}
	}
	return true
}

// src resolves an image source: only script-bearing URLs are refused
// (data: images are fine); a relative one is a file of a page's bundle
// (bundleLink); anything else is used as written.
func (r *render) src(s string, off int) macro.Link {
	l := r.imageSrc(s, off)
	r.noteHref(l.Href, off)
	return l
}

func (r *render) imageSrc(s string, off int) macro.Link {
	if !safeURL(strings.TrimSpace(s), true) {
		r.flaw(flaw.UnsafeHTML, off, "image source %q removed: only http(s) URLs and raster data: images are allowed", truncate(s))
		return macro.Link{Drop: true}
	}
	if rootRelative(s) {
		return macro.Link{Href: r.site.Base(s)}
	}
	if u, err := url.Parse(strings.TrimSpace(s)); err == nil && u.Scheme == "" && u.Host == "" && u.Path != "" {
		l, _ := r.bundleLink(u.Path, u.RawQuery, u.Fragment, off, true)
		return l
	}
	return macro.Link{Href: s}
}

// docsLink resolves a link to /{locale}/docs/{slug}: the page's own locale
// first (or the locale linked, if it is neither the page's nor en-US), then
// en-US, after redirects.
func (r *render) docsLink(h, locale, slug, frag string, off int) macro.Link {
	var buf [3]string
	order := append(buf[:0], r.page.Locale, content.SourceLocale)
	if locale != content.SourceLocale && locale != r.page.Locale {
		order = append(buf[:0], locale, r.page.Locale, content.SourceLocale)
	}
	if r.site.Unknown(slug) {
		return r.missing(h, locale, slug, frag, off)
	}
	final, redirectFrag, redirected := r.site.Follow(order[0], slug)
	if frag == "" {
		frag = redirectFrag
	}
	if strings.Contains(final, "://") {
		r.add(r.page.Flaw(flaw.RedirectedLink, off, "link to %q is redirected to %s", truncate(h), final).Suggest("%s", final))
		return external(final, "https")
	}
	var target *site.Page
	for _, l := range order {
		if target = r.site.Lookup(l, final); target != nil {
			break
		}
	}
	if target == nil {
		return r.missing(h, locale, final, frag, off)
	}
	fixed := func() string { return "/" + locale + "/docs/" + target.Slug + withFrag(frag) }
	switch {
	case redirected:
		r.add(r.page.Flaw(flaw.RedirectedLink, off, "link to %q goes through a redirect", truncate(h)).Suggest("%s", fixed()))
	case target.Slug != slug || writtenLocale(h) != locale:
		r.add(r.page.Flaw(flaw.IllCasedLink, off, "link to %q differs in case from the page's URL", truncate(h)).Suggest("%s", fixed()))
	}
	if frag != "" {
		r.anchorNamed(target, frag, off, !strings.EqualFold(locale, target.Locale))
	}
	l := macro.Link{Href: target.URL + withFrag(frag), Title: target.Title}
	if target.Locale == content.SourceLocale && r.page.Locale != content.SourceLocale {
		l.Attrs = ` class="only-in-en-us" title="` + attrEscape(r.t("only_in_english_title")) + `"`
		l.Marker = ` <small>` + attrEscape(r.t("only_in_english")) + `</small>`
	}
	return l
}

// missing handles a link to a docs page the site does not have: the same
// page on the external docs site, or, with none, a page-not-created link.
// A link into a section of the site (a slug whose parent is a page of the
// site with pages under it, as Web/HTTP/Reference/Status/4044) is most likely a slip,
// which would otherwise go to the external site unseen: a broken-link
// warning there, suggesting the nearest page of the section.
func (r *render) missing(h, locale, slug, frag string, off int) macro.Link {
	p := "/" + locale + "/docs/" + slug + withFrag(frag)
	section, kids := r.sectionOf(slug)
	// The nearest page is looked for only for the flaws that are kept
	// (flaw.List): a hostile page has 100,000 such links.
	suggest := func(f flaw.Flaw) flaw.Flaw {
		last := slug[len(section)+1:]
		if near := nearest.Find(last, kids, utf8.RuneCountInString(last)/2+1); near != "" {
			f = f.Suggest("/%s/docs/%s/%s", locale, section, near)
		}
		return f
	}
	if base := r.site.cfg.ExternalBase; base != "" {
		ext := strings.TrimSuffix(base, "/") + p
		if section == "" {
			r.flaw(flaw.OutsideSite, off, "not a page of this site; linked to %s", ext)
		} else {
			r.flaws.Add(r.page.File, flaw.BrokenLink, func() flaw.Flaw {
				f := r.page.Flaw(flaw.BrokenLink, off, "link to %q: the site has no such page in /%s/docs/%s/; linked to %s", truncate(h), locale, section, ext)
				f.Severity = flaw.Warning // the page may be on the external site
				return suggest(f)
			})
		}
		return external(ext, "https")
	}
	if section == "" {
		r.flaw(flaw.BrokenLink, off, "link to %q: no such page", truncate(h))
	} else {
		r.flaws.Add(r.page.File, flaw.BrokenLink, func() flaw.Flaw {
			return suggest(r.page.Flaw(flaw.BrokenLink, off, "link to %q: no such page", truncate(h)))
		})
	}
	r.noteHref(p, off)
	return macro.Link{Attrs: ` class="page-not-created" data-href="` + attrEscape(p) + `" title="` + attrEscape(r.t("page_not_created")) + `"`}
}

// sectionOf is the section of the site a missing page's slug lies in (its
// parent, when the site has it as a page and pages under it) and the last
// segments of the section's pages; "" outside every section.
func (r *render) sectionOf(slug string) (string, iter.Seq[string]) {
	i := strings.LastIndexByte(slug, '/')
	if i <= 0 {
		return "", nil
	}
	kids := r.site.Children(slug[:i])
	if len(kids) == 0 || r.site.Lookup(content.SourceLocale, slug[:i]) == nil {
		return "", nil
	}
	return slug[:i], func(yield func(string) bool) {
		for _, k := range kids {
			if !yield(k.Slug[strings.LastIndexByte(k.Slug, '/')+1:]) {
				return
			}
		}
	}
}

// fileLink resolves a relative link to a markdown file of the same root.
func (r *render) fileLink(rel, frag string, off int) macro.Link {
	target := r.site.ByFile(r.page.Root, path.Join(path.Dir(r.page.Path), rel))
	if target == nil {
		r.flaw(flaw.BrokenLink, off, "link to %q: no such page in this content root", truncate(rel))
		r.noteHref(rel, off)
		return macro.Link{Attrs: ` class="page-not-created" data-href="` + attrEscape(rel) + `"`}
	}
	if frag != "" {
		r.anchor(target, frag, off)
	}
	return macro.Link{Href: target.URL + withFrag(frag), Title: target.Title}
}

func external(h, scheme string) macro.Link {
	if scheme != "http" && scheme != "https" && !strings.HasPrefix(h, "//") {
		return macro.Link{Href: h}
	}
	return macro.Link{Href: h, Attrs: ` class="external"`}
}

// writtenLocale is the locale of a /{locale}/docs/ href as written.
func writtenLocale(h string) string {
	l, _, _ := strings.Cut(strings.TrimPrefix(h, "/"), "/")
	return l
}

func withFrag(frag string) string {
	if frag == "" {
		return ""
	}
	return "#" + refEscape(frag, "#")
}

// refEscape percent-encodes what a decoded path or fragment may hold but
// an href may not (the Nu checker rejects it): controls, space, `"%<>\^`,
// the backquote, braces, "|" and the bytes of also. Letters of any script
// stay as written.
func refEscape(s, also string) string {
	const bad = " \"%<>\\^`{|}"
	i := strings.IndexFunc(s, func(c rune) bool { return c < 0x20 || c == 0x7f || strings.ContainsRune(bad+also, c) })
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.WriteString(s[:i])
	for _, c := range []byte(s[i:]) {
		if c < 0x20 || c == 0x7f || strings.IndexByte(bad+also, c) >= 0 {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func truncate(s string) string {
	if r := []rune(s); len(r) > 80 {
		return string(r[:79]) + "…"
	}
	return s
}

// CheckAnchors reports fragments that name no id of their target page.
func (s *Renderer) CheckAnchors(refs []AnchorRef, ids map[*site.Page]IDs) []flaw.Flaw {
	return s.CheckAnchorsWith(refs, func(p *site.Page) IDs { return ids[p] })
}

// CheckAnchorsWith is CheckAnchors with the ids of a page given by a
// function. Like a page's other flaws, its broken anchors are capped at
// maxFlawsPerKind, and the rest cost neither a message nor a suggestion.
func (s *Renderer) CheckAnchorsWith(refs []AnchorRef, idsOf func(*site.Page) IDs) []flaw.Flaw {
	var flaws flaw.List
	for _, a := range refs {
		frag, err := url.PathUnescape(a.frag)
		if err != nil {
			frag = a.frag
		}
		set := idsOf(a.Target)
		if !set.Known() || set.Has(frag) || set.Has(a.frag) {
			continue
		}
		flaws.Add(a.from.File, flaw.BrokenAnchor, func() flaw.Flaw {
			f := flaw.New(flaw.BrokenAnchor, a.from.File, a.line, a.col, "no heading or element with id %q in %s", frag, a.Target.URL)
			if a.rewritten {
				f.Message += fmt.Sprintf(" (the link names another locale; it leads to the %s page, whose headings have ids of their own)", a.Target.Locale)
			}
			if near := nearestID(frag, set); near != "" {
				f = f.Suggest("#%s", near)
			}
			return f
		})
	}
	return capFlaws(flaws.Flaws, maxFlawsPerKind)
}

// nearestID finds the id a broken fragment probably meant: the same but for
// case (or - for _), else the nearest by edit distance, within a third of
// its length ("用戶錯誤回應" for "用戶端錯誤回應").
func nearestID(frag string, set IDs) string {
	best := ""
	for id := range set.All() {
		if strings.EqualFold(id, frag) || strings.EqualFold(id, strings.ReplaceAll(frag, "-", "_")) {
			if best == "" || id < best {
				best = id
			}
		}
	}
	if best != "" {
		return best
	}
	return nearest.Find(frag, set.All(), utf8.RuneCountInString(frag)/3+1)
}
