package page

import (
	"fmt"
	"html"
	"html/template"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
	"statusdocs/generator/macro"
	"statusdocs/generator/markdown"
	"statusdocs/generator/site"
)

// Sidebars are MDN's sidebars/{name}.yaml: a list under "sidebar:" whose
// entries are
//
//	/Web/HTTP/Guides/Overview          a link, titled from the page
//	{link, title}                      a link with its own title
//	{type: section, link?, title?}     a heading of the list
//	{type: listSubPages, path, link?, title?, details?, code?}
//	                                   the en-US children of path, by title
//	{title, link?, details?, children} a group of entries
//
// and an "l10n:" map {locale: {key: text}} in which a title is looked up,
// first in the page's locale, then in en-US, else used as it is (between
// the two, the locale's UI string sidebar_{key} may supply it). details:
// closed|open makes a group collapsible; code: true shows its titles as
// code. Links go through the same rules as links in pages.
//
// A sidebar is built once per locale. Building records, for every page it
// links to, where its link and enclosing <details> are, so that a page gets
// its copy with its own entry marked aria-current="page" and its group open
// without rebuilding anything. Items leave out their </li>, which HTML
// implies before the next <li> or the </ol> (a fifth of a hundred links'
// bytes). It records too where each link to a page of
// the site is, so that each page's copy links relative to the page itself
// ("../Page_2/" rather than "/de/docs/Web/HTTP/Gen/G1/Page_2/") wherever
// that is shorter: a sidebar of a hundred links is most of a page's bytes.

// builtSidebar is a sidebar rendered for one locale.
type builtSidebar struct {
	html  string
	marks map[string][]int // page URL → offsets of its closed <details>, ascending, then of its href's end
	hrefs []hrefAt         // its hrefs that may be written relative, ascending
}

// hrefAt is where an href's value is in a built sidebar, and the path and
// ?query or #fragment it holds unescaped.
type hrefAt struct {
	start, end int
	path, tail string
}

// sidebars builds each sidebar once per locale, on first use.
type sidebars struct {
	mu      sync.Mutex
	built   map[string]*sidebarOnce
	flaws   []flaw.Flaw
	anchors []AnchorRef
}

type sidebarOnce struct {
	once sync.Once
	sb   *builtSidebar
}

// sidebar returns the named sidebar for a locale, building it on first use;
// nil when there is no such sidebar.
func (s *Renderer) sidebar(name, locale string) *builtSidebar {
	file, ok := s.sidebarFiles[name]
	if !ok {
		return nil
	}
	s.sb.mu.Lock()
	o := s.sb.built[name+"/"+locale]
	if o == nil {
		o = new(sidebarOnce)
		s.sb.built[name+"/"+locale] = o
	}
	s.sb.mu.Unlock()
	o.once.Do(func() {
		// A sidebar that fails in one locale is reported once (see
		// onePerPlace) and left out of that locale's pages.
		f := flaw.Catch(file.File, 1, 1, "pages of the locale it was built for have no sidebar", func() {
			o.sb = s.buildSidebar(file, locale)
		})
		if f != nil {
			o.sb = &builtSidebar{}
			s.sb.mu.Lock()
			s.sb.flaws = append(s.sb.flaws, *f)
			s.sb.mu.Unlock()
		}
	})
	return o.sb
}

// SidebarFor is the named sidebar in a locale for the page written at the
// URL self (a path ending in "/"), with the page at url marked as current:
// the same page but for an English fallback, whose sidebar marks the
// English page it shows. False when the content roots have no such sidebar.
func (s *Renderer) SidebarFor(name, locale, self, url string) (template.HTML, bool) {
	sb := s.sidebar(name, locale)
	if sb == nil {
		return "", false
	}
	return template.HTML(sb.forPage(self, url)), true
}

// SidebarChecks are what the sidebars built so far found: their links'
// #fragments, to check with the pages', and their flaws.
func (s *Renderer) SidebarChecks() ([]AnchorRef, []flaw.Flaw) {
	s.sb.mu.Lock()
	defer s.sb.mu.Unlock()
	// A sidebar is built for every locale, but its problems are the
	// file's: the build gives each once, with the locales it is found in
	// (flaw.MergeLocales).
	return s.sb.anchors, slices.Clone(s.sb.flaws)
}

// forPage is the sidebar's HTML for the page written at self, with the page
// at url marked as current and links relative to self where shorter.
func (b *builtSidebar) forPage(self, url string) string {
	marks := b.marks[url]
	var out strings.Builder
	out.Grow(len(b.html) + 32*len(marks))
	last, h := 0, 0
	if !isPageDir(self) {
		h = len(b.hrefs) // all absolute
	}
	mark := func(i int) {
		out.WriteString(b.html[last:marks[i]])
		last = marks[i]
		if i == len(marks)-1 {
			out.WriteString(` aria-current="page"`)
			return
		}
		out.WriteString(" open")
	}
	for i := range marks {
		for ; h < len(b.hrefs) && b.hrefs[h].start < marks[i]; h++ {
			last = b.relative(&out, last, b.hrefs[h], self)
		}
		mark(i)
	}
	for ; h < len(b.hrefs); h++ {
		last = b.relative(&out, last, b.hrefs[h], self)
	}
	out.WriteString(b.html[last:])
	return out.String()
}

// relative writes the sidebar from last up to the href at, and the href
// relative to self when that is shorter; it returns where it stopped.
func (b *builtSidebar) relative(out *strings.Builder, last int, at hrefAt, self string) int {
	out.WriteString(b.html[last:at.start])
	if writeRelative(out, self, at.path, at.tail) {
		return at.end
	}
	return at.start // not shorter: the absolute href is copied next
}

// sidebarDoc is a parsed sidebar file.
type sidebarDoc struct {
	Sidebar []yaml.Node                  `yaml:"sidebar"`
	L10n    map[string]map[string]string `yaml:"l10n"`
}

// readSidebar reads a sidebar file. A mapping in it too large to decode
// (content.LargeMapping) is returned instead of the document.
func readSidebar(data []byte) (doc sidebarDoc, large *yaml.Node, err error) {
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		return doc, nil, err
	}
	if m := content.LargeMapping(&n); m != nil {
		return doc, m, nil
	}
	if a := content.FirstAlias(&n); a != nil {
		return doc, nil, fmt.Errorf("yaml: line %d: alias *%s: write each entry out (an alias could make the sidebar grow without end)", a.Line, a.Value)
	}
	return doc, nil, n.Decode(&doc)
}

// sidebarEntry is one entry of a sidebar; a plain string is a link.
type sidebarEntry struct {
	Type     string      `yaml:"type"`
	Link     string      `yaml:"link"`
	Path     string      `yaml:"path"`
	Title    string      `yaml:"title"`
	Details  string      `yaml:"details"`
	Code     bool        `yaml:"code"`
	Children []yaml.Node `yaml:"children"`
}

// sidebarWriter renders a sidebar for one locale.
type sidebarWriter struct {
	site  *Renderer
	r     *render // resolves links; its page is the sidebar file
	l10n  map[string]map[string]string
	b     strings.Builder
	open  []int // offsets after "<details" of the groups being written
	marks map[string][]int
	hrefs []hrefAt
	left  int // entries it may still write (maxSidebarEntries)
}

// maxSidebarEntries and maxSidebarBytes bound a sidebar, a page listed
// by listSubPages included: every page that shows a sidebar holds it, and
// a sidebar of 10,000 entries on 1,000 pages made 615 MB. MDN's have some
// hundreds of entries, and under 100 KB.
const (
	maxSidebarEntries = 2000
	maxSidebarBytes   = 256 << 10
)

// spend takes one of the entries the sidebar may still write; false,
// with a flaw at the first, when none is left, or the sidebar is as long
// as it may be.
func (w *sidebarWriter) spend(n *yaml.Node) bool {
	if w.b.Len() >= maxSidebarBytes && w.left >= 0 {
		w.left = -1
		w.r.add(flaw.New(flaw.BadSidebar, w.r.page.File, n.Line, n.Column, "sidebar is over %d KB; the rest is left out", maxSidebarBytes>>10))
		return false
	}
	if w.left--; w.left >= 0 {
		return true
	}
	if w.left == -1 {
		w.r.add(flaw.New(flaw.BadSidebar, w.r.page.File, n.Line, n.Column, "sidebar has more than %d entries; the rest are left out", maxSidebarEntries))
	}
	return false
}

func (s *Renderer) buildSidebar(file content.File, locale string) *builtSidebar {
	pseudo := &site.Page{Page: &content.Page{File: file.File, Locale: locale, Body: file.Data}}
	r := &render{site: s, page: pseudo, ui: s.ui(locale), ids: markdown.IDSet{}}
	w := &sidebarWriter{site: s, r: r, marks: map[string][]int{}, left: maxSidebarEntries}
	doc, large, err := readSidebar(file.Data)
	if err != nil {
		r.add(yamlError(file.File, err))
	}
	if large != nil {
		r.add(flaw.New(flaw.BadSidebar, file.File, large.Line, large.Column, "sidebar has a mapping of more than %d keys; sidebar left out", content.MaxYAMLKeys))
	}
	w.l10n = doc.L10n
	w.b.WriteString(`<nav class="sidebar-nav" aria-label="` + html.EscapeString(r.t("sidebar")) + `"><ol>`)
	w.entries(doc.Sidebar, false)
	w.b.WriteString("</ol></nav>")
	s.sb.mu.Lock()
	s.sb.flaws = append(s.sb.flaws, r.flaws.Flaws...)
	s.sb.anchors = append(s.sb.anchors, r.anchors...)
	s.sb.mu.Unlock()
	return &builtSidebar{html: w.b.String(), marks: w.marks, hrefs: w.hrefs}
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

func yamlError(file string, err error) flaw.Flaw {
	line := 0
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
	}
	return flaw.New(flaw.BadSidebar, file, line, 1, "cannot read sidebar: %v", err)
}

func (w *sidebarWriter) entries(nodes []yaml.Node, code bool) {
	for i := range nodes {
		w.entry(&nodes[i], code)
	}
}

func (w *sidebarWriter) entry(n *yaml.Node, code bool) {
	if !w.spend(n) {
		return
	}
	if n.Kind == yaml.ScalarNode {
		w.link(n, n.Value, "", code)
		return
	}
	var e sidebarEntry
	if err := n.Decode(&e); err != nil {
		w.r.add(flaw.New(flaw.BadSidebar, w.r.page.File, n.Line, n.Column, "cannot read sidebar entry: %v", err))
		return
	}
	switch {
	case e.Type == "section":
		w.b.WriteString(`<li class="section">`)
		w.anchor(n, e.Link, w.titleAt(n, e.Title), false)
	case e.Type == "listSubPages":
		w.group(n, e, func() { w.subPages(n, e.Path, e.Code) })
	case len(e.Children) > 0:
		w.group(n, e, func() { w.entries(e.Children, e.Code) })
	case e.Link != "":
		w.link(n, e.Link, w.titleAt(n, e.Title), code)
	default:
		w.r.add(flaw.New(flaw.BadSidebar, w.r.page.File, n.Line, n.Column, "sidebar entry has neither a link nor children"))
	}
}

// group writes a titled list of entries, collapsible when details is set.
func (w *sidebarWriter) group(n *yaml.Node, e sidebarEntry, children func()) {
	if e.Details == "" {
		w.b.WriteString(`<li class="group">`)
		w.anchor(n, e.Link, w.titleAt(n, e.Title), false)
		w.b.WriteString("<ol>")
		children()
		w.b.WriteString("</ol>")
		return
	}
	w.b.WriteString(`<li class="toggle"><details`)
	if e.Details == "open" {
		w.b.WriteString(" open")
		w.open = append(w.open, -1) // already open: nothing to mark
	} else {
		w.open = append(w.open, w.b.Len())
	}
	w.b.WriteString("><summary>")
	if e.Link != "" {
		w.anchor(n, e.Link, w.titleAt(n, e.Title), false)
	} else {
		w.b.WriteString(html.EscapeString(w.titleAt(n, e.Title)))
	}
	w.b.WriteString("</summary><ol>")
	children()
	w.b.WriteString("</ol></details>")
	w.open = w.open[:len(w.open)-1]
}

// subPages lists the en-US children of path, by title.
func (w *sidebarWriter) subPages(n *yaml.Node, path string, code bool) {
	for _, child := range w.site.Children(docsSlug(path)) {
		if !w.spend(n) {
			return
		}
		w.b.WriteString("<li>")
		w.anchorTo(n, "/"+w.r.page.Locale+"/docs/"+child.Slug, "", code)
	}
}

func (w *sidebarWriter) link(n *yaml.Node, link, title string, code bool) {
	w.b.WriteString("<li>")
	w.anchor(n, link, title, code)
}

// anchor writes a link to an MDN-style sidebar link ("/Web/HTTP": a docs
// page of the locale), or just the title when there is no link.
func (w *sidebarWriter) anchor(n *yaml.Node, link, title string, code bool) {
	if len(link) > content.MaxRedirectPath { // the sidebar is on every page that shows it
		w.r.add(flaw.New(flaw.BadSidebar, w.r.page.File, n.Line, n.Column, "link is %d bytes long, over %d; left out", len(link), content.MaxRedirectPath))
		link = ""
	}
	if link == "" {
		w.b.WriteString(html.EscapeString(title))
		return
	}
	href := link
	if strings.HasPrefix(link, "/") && !strings.HasPrefix(link, "//") && !w.site.isLocalePath(link) {
		href = "/" + w.r.page.Locale + "/docs" + link
	}
	w.anchorTo(n, href, title, code)
}

// anchorTo writes a resolved link, recording where the current-page marks
// of its target go.
func (w *sidebarWriter) anchorTo(n *yaml.Node, href, title string, code bool) {
	l := w.r.link(href, offsetOf(w.r.page, n))
	if title == "" {
		title = l.Title
		if t := w.site.shortTitleOf(l.Href); t != "" {
			title = t
		}
	}
	if title == "" {
		title = readable(lastSegment(href))
	}
	text := html.EscapeString(title)
	if code {
		text = "<code>" + text + "</code>"
	}
	w.b.WriteString("<a")
	if l.Href != "" {
		w.b.WriteString(` href="`)
		start := w.b.Len()
		w.b.WriteString(html.EscapeString(l.Href))
		if p, tail := splitPath(l.Href); resolvesAsWritten(p) {
			w.hrefs = append(w.hrefs, hrefAt{start, w.b.Len(), p, tail})
		}
		w.b.WriteString(`"`)
		if _, seen := w.marks[l.Href]; !seen {
			var m []int
			for _, at := range w.open { // outermost first: ascending
				if at >= 0 {
					m = append(m, at)
				}
			}
			w.marks[l.Href] = append(m, w.b.Len())
		}
	}
	w.b.WriteString(l.Attrs)
	p := w.site.ByURL(l.Href)
	if p != nil && p.Code != "" {
		w.b.WriteString(` data-class="` + p.Code[:1] + `xx"`) // the status class's color
	}
	w.b.WriteString(">" + text + l.Marker)
	if p != nil {
		for _, st := range p.Meta.Status {
			if b := macro.Badge(st, w.r.t); b != "" {
				w.b.WriteString(" " + b)
			}
		}
	}
	w.b.WriteString("</a>")
}

// titleAt is title, cut to content.MaxTitle bytes with a flaw at n: the
// sidebar is on every page that shows it.
func (w *sidebarWriter) titleAt(n *yaml.Node, key string) string {
	t, ok := content.CutTitle(w.title(key))
	if !ok {
		w.r.add(flaw.New(flaw.BadSidebar, w.r.page.File, n.Line, n.Column, "the title of a sidebar entry is over %d bytes; cut", content.MaxTitle))
	}
	return t
}

// title looks a title key up in the sidebar's l10n for the locale, then in
// the locale's UI strings as "sidebar_{key}" (so a locale the sidebar file
// forgot can still be translated), then in the l10n for en-US.
func (w *sidebarWriter) title(key string) string {
	if t, ok := w.l10n[w.r.page.Locale][key]; ok && t != "" {
		return t
	}
	if t, ok := w.r.ui.m["sidebar_"+key]; ok && t != "" {
		return t
	}
	if t, ok := w.l10n[content.SourceLocale][key]; ok && t != "" {
		return t
	}
	return key
}

// isLocalePath reports a link that starts with a locale of the site or a
// region-qualified one ("/en-US/observatory"), rather than a slug.
func (s *Renderer) isLocalePath(p string) bool {
	first, _, _ := strings.Cut(strings.TrimPrefix(p, "/"), "/")
	loc, ok := content.Locale(strings.ToLower(first))
	return ok && (strings.Contains(first, "-") || slices.Contains(s.Locales, loc))
}

// docsSlug turns a sidebar path ("/Web/HTTP" or "/en-US/docs/Web/HTTP")
// into a slug.
func docsSlug(p string) string {
	if _, slug, ok := site.SplitDocsPath(p); ok {
		return slug
	}
	return strings.Trim(p, "/")
}

// readable is a slug's segment as a title: "Evolution_of_HTTP" is
// "Evolution of HTTP", "observatory" "Observatory".
func readable(segment string) string {
	if u, err := url.PathUnescape(segment); err == nil {
		segment = u
	}
	r, size := utf8.DecodeRuneInString(segment)
	return string(unicode.ToUpper(r)) + strings.ReplaceAll(segment[size:], "_", " ")
}

func lastSegment(href string) string {
	href, _, _ = strings.Cut(href, "#")
	href = strings.TrimSuffix(href, "/")
	return href[strings.LastIndexByte(href, '/')+1:]
}

// offsetOf is the byte offset of a YAML node in its file.
func offsetOf(p *site.Page, n *yaml.Node) int {
	return min(p.LineStart(n.Line)+max(n.Column-1, 0), len(p.Body))
}

// shortTitleOf is the short title of the page at a URL, if the site has one.
func (s *Renderer) shortTitleOf(url string) string {
	url, _, _ = strings.Cut(url, "#")
	if p := s.ByURL(url); p != nil {
		return shortTitle(p)
	}
	return ""
}
