package page

import (
	"fmt"
	"html/template"
	"io"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"statusdocs/generator/content"
	"statusdocs/generator/l10n"
	"statusdocs/generator/macro"
	"statusdocs/generator/markdown"
	"statusdocs/generator/site"
)

// PageData is what a layout sees.
//
// Its fields are in the order the layouts use them most: text/template
// finds a field by a linear search of the struct on every action
// (reflect's FieldByName was 7% of BenchmarkLayout before the hot fields
// came first).
type PageData struct {
	// T holds the UI strings of the page's locale, English filling gaps:
	// {{.T.site_name}}. A key no locale has stops the layout with an error.
	T           map[string]string
	Kind        string // "doc", "home", "404" or "index"
	Lang        string // the page's locale, for <html lang>
	Sidebar     template.HTML
	TOC         []markdown.Heading // level 2 headings
	Title       string
	Body        template.HTML
	Code        string // the status code, on status pages
	Class       string // its class, "4xx"
	Home        string // the locale's home page
	Dir         string // "ltr" or "rtl"
	Description string
	Canonical   string
	Social      Social // Open Graph and Twitter tags
	Markdown    string // the page's markdown twin (Renderer.Twin), on docs pages
	NoIndex     bool
	Refresh     string     // on the site root of a one-locale site: that locale's home, where a meta refresh sends readers
	Languages   []Language // this page in other locales; all locales on the index
	Source      string     // the source file: from the top of the repository (Config.SourcePaths), or from its content root when that is elsewhere
	SourceURL   string     // where to read or edit it (Config.SourceURL); "" when not set
	// TranslateURL is where the translation of a page shown in English
	// would be (Config.SourceURL); "" but on fallback pages.
	TranslateURL string
	ClassName    string // the class's name in the page's locale
	ContentLang  string // the article's language when it is not Lang (fallbacks)
	Fallback     *FallbackNotice
	Outdated     *OutdatedNotice
	// Updated is the date of the last commit that changed the page's file
	// (2006-01-02), for <time datetime>; UpdatedText is it as the page's
	// locale writes dates. Both "" without git history.
	Updated, UpdatedText string
	Prev, Next           *Entry // the status codes before and after, on status pages
	// Badges are the icons of the page's status (front matter status:
	// deprecated, experimental, non-standard), by its title.
	Badges template.HTML
	// Constants is the code's names in libraries and a curl line, on
	// status pages whose body does not show them ({{StatusConstants}}).
	Constants template.HTML
	// Built from the fields above just before the layout runs, in Go
	// rather than in template loops: they are the longest parts of every
	// page, and template loops cost many times more.
	LanguageMenu   template.HTML // the header's list of the page's languages
	LangName       string        // the page's language in itself ("日本語")
	MetaTags       template.HTML // the head's tags of Description, Canonical, Markdown, NoIndex and Refresh
	AlternateLinks template.HTML // <link rel="alternate"> tags
	SocialTags     template.HTML // Social as Open Graph and Twitter <meta> tags
	TOCItems       template.HTML // the items of "In this article"
	CrumbItems     template.HTML // the items of the breadcrumbs

	Alternates  []site.Alternate // hreflang links to real translations
	Base        string           // the base path, ending in "/"
	Stylesheets []string
	Breadcrumbs []Crumb
	Groups      []Group            // status codes by class, on home pages
	Sections    []Group            // the pages of plain-markdown roots by folder, on home pages (Title "" for the root's)
	Dashboard   string             // the locale's translation status page, on home pages
	Status      *l10n.LocaleStatus // on translation status pages

	ui           *uiStrings
	languageName func(string) string
	updated      time.Time // Updated, before prepare writes it
	status       []string  // the page's front matter status:, for Badges
}

// Social is what sites that show a shared link (chats, social networks)
// read of a page, written as Open Graph (og:…) and Twitter tags by
// socialTags; a site's layouts may write their own from it. Its URLs are absolute, so URL and Image are "" without a site URL
// (Config.SiteURL), as the sitemap is left out then.
type Social struct {
	Title       string
	Description string   // the page's description, else the site's (UI string home_description)
	Type        string   // og:type: "article" on docs pages, "website" on the others
	Locale      string   // og:locale as Open Graph writes it: "en_US", "zh_TW", "ja_JP"
	Alternates  []string // og:locale:alternate: the other locales the page is really written in, not fallbacks
	URL         string   // og:url, the canonical URL; "" on pages without one (404, translation status)
	// Image is the card of the page's status class (static/cards/4xx.png)
	// or, on other pages, static/cards/page.png; "" when the layouts have
	// none. A card is CardWidth×CardHeight.
	Image, ImageAlt         string
	ImageWidth, ImageHeight int
}

// The size of the card images of static/cards/, which og:image:width and
// height state.
const (
	CardWidth  = 1200
	CardHeight = 630
)

// FallbackNotice tops a page shown in English in another locale.
type FallbackNotice struct {
	Language, EnglishURL string
}

// OutdatedNotice tops a translation whose English page changed since.
type OutdatedNotice struct {
	Count            int
	Date, EnglishURL string
}

// localDate writes a date as the locale's UI string date_layout says (a Go
// time layout: "January 2, 2006", "2006年1月2日"); month names other than
// English are not in Go's layouts, so other locales write months as numbers.
func localDate(ui *uiStrings, t time.Time) string {
	return t.Format(ui.get("date_layout"))
}

// prepare fills the fields built in Go.
func (d *PageData) prepare() {
	d.T = d.ui.all
	if d.Code != "" {
		d.Class = d.Code[:1] + "xx"
		d.ClassName = d.ui.get("class_" + d.Class)
	}
	for _, st := range d.status {
		d.Badges += template.HTML(macro.Badge(st, d.ui.get))
	}
	if !d.updated.IsZero() {
		d.Updated, d.UpdatedText = d.updated.Format(time.DateOnly), localDate(d.ui, d.updated)
	}
	d.LanguageMenu = d.languageMenu()
	d.LangName = d.languageName(d.Lang)
	d.MetaTags = d.metaTags()
	d.AlternateLinks = d.alternateLinks()
	d.SocialTags = d.socialTags()
	d.TOCItems = d.tocItems()
	d.CrumbItems = d.crumbItems()
}

// languageMenu is the list of the page's languages: a link per locale, the
// current one marked, fallbacks labelled. A link says its language with
// lang alone (hreflang, a hint for a link's target, is the head's
// alternates' to give), and an item is closed by the next one (</li> is
// optional): the menu is written on every page.
func (d *PageData) languageMenu() template.HTML {
	if len(d.Languages) == 0 {
		return ""
	}
	var b strings.Builder
	b.Grow(len(d.Languages) * 160)
	b.WriteString("<ul>")
	for _, l := range d.Languages {
		b.WriteString("<li")
		if l.Fallback {
			b.WriteString(` class="fallback"`)
		}
		b.WriteString(">")
		if l.Current {
			b.WriteString(`<span aria-current="true" lang="`)
			writeEscaped(&b, l.Locale)
			b.WriteString(`">`)
			writeEscaped(&b, l.Name)
			b.WriteString(`</span>`)
		} else {
			b.WriteString(`<a href="`)
			writeEscaped(&b, urlAttr(l.URL, true))
			b.WriteString(`" lang="`)
			writeEscaped(&b, l.Locale)
			b.WriteString(`">`)
			writeEscaped(&b, l.Name)
			b.WriteString(`</a>`)
		}
		if l.Fallback {
			b.WriteString(` <small>(`)
			writeEscaped(&b, d.ui.get("fallback_marker"))
			b.WriteString(`)</small>`)
		}
	}
	b.WriteString("</ul>")
	return template.HTML(b.String())
}

// metaTags are the head's tags of the fields that have one each, as a
// template of an action each writes them (FuzzMetaTags): every page has
// several, and each action of a layout costs more than all their bytes.
func (d *PageData) metaTags() template.HTML {
	var b strings.Builder
	if d.Description != "" {
		b.WriteString("\n<meta name=\"description\" content=\"")
		writeEscaped(&b, d.Description)
		b.WriteString("\">")
	}
	link := func(rel, typ, href string) {
		if href == "" {
			return
		}
		b.WriteString("\n<link rel=\"" + rel + "\"" + typ + " href=\"")
		writeURL(&b, href)
		b.WriteString("\">")
	}
	link("canonical", "", d.Canonical)
	link("alternate", ` type="text/markdown"`, d.Markdown)
	if d.NoIndex {
		b.WriteString("\n<meta name=\"robots\" content=\"noindex\">")
	}
	if d.Refresh != "" {
		b.WriteString("\n<meta http-equiv=\"refresh\" content=\"0; url=")
		writeEscaped(&b, templateURL(d.Refresh))
		b.WriteString("\">")
	}
	return template.HTML(b.String())
}

// templateURL is u, or "#ZgotmplZ" where html/template would not write it: a
// URL of a scheme other than http, https and mailto.
func templateURL(u string) string {
	if scheme, _, ok := strings.Cut(u, ":"); ok && !strings.Contains(scheme, "/") &&
		!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "mailto") {
		return "#ZgotmplZ"
	}
	return u
}

// alternateLinks are the <link rel="alternate"> tags of the page's real
// translations.
func (d *PageData) alternateLinks() template.HTML {
	var b strings.Builder
	b.Grow(len(d.Alternates) * 100)
	for _, a := range d.Alternates {
		b.WriteString("\n<link rel=\"alternate\" hreflang=\"")
		writeEscaped(&b, a.Lang)
		b.WriteString("\" href=\"")
		writeEscaped(&b, urlAttr(a.URL, true))
		b.WriteString("\">")
	}
	return template.HTML(b.String())
}

// socialTags are the Open Graph and Twitter tags of d.Social: what chats
// and social networks show of a shared link. og:url and og:image are left
// out when empty (no site URL); twitter:card is summary_large_image with an
// image, else summary.
func (d *PageData) socialTags() template.HTML {
	so := &d.Social
	var b strings.Builder
	b.Grow(1024)
	meta := func(attr, key, value string) {
		b.WriteString("\n<meta ")
		b.WriteString(attr)
		b.WriteString(`="`)
		b.WriteString(key)
		b.WriteString(`" content="`)
		writeEscaped(&b, value)
		b.WriteString(`">`)
	}
	meta("property", "og:title", so.Title)
	meta("property", "og:description", so.Description)
	meta("property", "og:type", so.Type)
	if so.URL != "" {
		meta("property", "og:url", so.URL)
	}
	meta("property", "og:locale", so.Locale)
	for _, l := range so.Alternates {
		meta("property", "og:locale:alternate", l)
	}
	meta("property", "og:site_name", d.ui.get("site_name"))
	if so.Image == "" {
		meta("name", "twitter:card", "summary")
		return template.HTML(b.String())
	}
	meta("property", "og:image", so.Image)
	meta("property", "og:image:width", strconv.Itoa(so.ImageWidth))
	meta("property", "og:image:height", strconv.Itoa(so.ImageHeight))
	meta("property", "og:image:alt", so.ImageAlt)
	meta("name", "twitter:card", "summary_large_image")
	return template.HTML(b.String())
}

// tocItems are the items of "In this article".
func (d *PageData) tocItems() template.HTML {
	var b strings.Builder
	for _, h := range d.TOC {
		writeLinkItem(&b, "#"+urlAttr(h.ID, false), h.Text)
	}
	return template.HTML(b.String())
}

// crumbItems are the breadcrumbs' items, the current page's not a link.
func (d *PageData) crumbItems() template.HTML {
	var b strings.Builder
	for _, c := range d.Breadcrumbs {
		if c.Current {
			b.WriteString("\n<li><span aria-current=\"page\">")
			writeEscaped(&b, c.Title)
			b.WriteString("</span></li>")
			continue
		}
		writeLinkItem(&b, urlAttr(c.URL, true), c.Title)
	}
	return template.HTML(b.String())
}

// writeLinkItem writes <li><a href="href">text</a></li> on a line of its
// own; href is already a URL as urlAttr makes it.
func writeLinkItem(b *strings.Builder, href, text string) {
	b.WriteString("\n<li><a href=\"")
	writeEscaped(b, href)
	b.WriteString(`">`)
	writeEscaped(b, text)
	b.WriteString("</a></li>")
}

// htmlEscapes are the replacements html/template makes in text and in
// attribute values.
var htmlEscapes = [...]string{0: "\uFFFD", '"': "&#34;", '&': "&amp;", '\'': "&#39;", '+': "&#43;", '<': "&lt;", '>': "&gt;"}

// writeEscaped writes s escaped as html/template escapes a string in text
// or in an attribute value.
func writeEscaped[W io.StringWriter](b W, s string) {
	done := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; int(c) < len(htmlEscapes) && htmlEscapes[c] != "" {
			b.WriteString(s[done:i])
			b.WriteString(htmlEscapes[c])
			done = i + 1
		}
	}
	b.WriteString(s[done:])
}

// writeURL writes u as html/template does as the whole value of a URL
// attribute (href, src): filtered, normalized and escaped.
func writeURL[W io.StringWriter](b W, u string) {
	writeEscaped(b, urlAttr(templateURL(u), true))
}

// urlKept[whole][c] is whether urlAttr keeps byte c as it is: unreserved
// bytes in a part of a URL, reserved ones too in a whole URL.
var urlKept = func() (k [2][256]bool) {
	for c := range 256 {
		unreserved := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~", byte(c)) >= 0
		k[0][c] = unreserved
		k[1][c] = unreserved || strings.IndexByte("!#$&*+,/:;=?@[]", byte(c)) >= 0
	}
	return k
}()

// urlAttr escapes a URL as html/template does in an attribute: a whole URL
// is normalized (reserved characters and escapes kept), a part of one (a
// fragment) is escaped, so that pages built with these helpers are byte for
// byte those the template loops made.
func urlAttr(s string, whole bool) string {
	kept := &urlKept[0]
	if whole {
		kept = &urlKept[1]
	}
	i := 0
	for i < len(s) && kept[s[i]] {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.WriteString(s[:i])
	for ; i < len(s); i++ {
		c := s[i]
		if !kept[c] && !(whole && c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2])) {
			fmt.Fprintf(&b, "%%%02x", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// LanguageName is a locale's name in its own language.
func (d *PageData) LanguageName(locale string) string { return d.languageName(locale) }

// Crumb is one step of the breadcrumbs.
type Crumb struct {
	Title, URL string
	Current    bool
}

// Language is a locale a page exists in.
type Language struct {
	Locale, Name, URL string
	Current           bool
	Fallback          bool // not translated: the English page with a notice
}

// Group is a class of status codes on a home page.
type Group struct {
	ID, Title string
	Pages     []Entry
}

// Entry is a link to a page in a list.
type Entry struct {
	Code, Title, URL string
	Name             string // the title without its leading code ("Not Found")
	English          bool   // shown in English: not translated
}

var rtlLanguages = []string{"ar", "fa", "he", "ur", "yi", "ps", "sd", "ug", "dv", "ku"}

func direction(locale string) string {
	lang, _, _ := strings.Cut(locale, "-")
	if slices.Contains(rtlLanguages, lang) {
		return "rtl"
	}
	return "ltr"
}

// languageName is a locale's name in its own language ("繁體中文"): the
// locale's UI string language_name, else what x/text knows.
func (s *Renderer) languageName(locale string) string {
	if u := s.strings[locale]; u != nil {
		if n, ok := u.m["language_name"]; ok {
			return n
		}
	}
	tag, err := language.Parse(locale)
	if err != nil {
		return locale
	}
	if n := display.Self.Name(tag); n != "" {
		return n
	}
	return locale
}

// newPageData fills what every layout shares.
func (s *Renderer) newPageData(kind, locale, title string) *PageData {
	d := &PageData{
		Kind:         kind,
		Title:        title,
		Base:         s.Base("/"),
		Stylesheets:  s.assets.Stylesheets,
		languageName: s.languageName,
	}
	s.setLocale(d, locale)
	return d
}

// setLocale sets everything of d that follows from the locale it is shown
// in: a fallback page is an English page's data in another locale's frame.
func (s *Renderer) setLocale(d *PageData, locale string) {
	d.Lang = locale
	d.Dir = direction(locale)
	d.Home = s.Base("/" + locale + "/")
	d.ui = s.ui(locale)
}

// DocData is the layout data of a docs page.
func (s *Renderer) DocData(p *site.Page, r Rendered) *PageData { return s.docData(p, r, p.Locale) }

// docData is the layout data of page p shown in locale: its own, or, for
// an English page, the frame of the locale it is a fallback in.
func (s *Renderer) docData(p *site.Page, r Rendered, locale string) *PageData {
	d := s.newPageData("doc", locale, p.Title)
	d.Description = Summary(r.Summary)
	d.Canonical = s.cfg.SiteURL + p.URL
	d.Markdown = s.cfg.SiteURL + MarkdownURL(s.DocsURL(locale, p.Slug))
	d.Body = template.HTML(r.Body)
	for _, h := range r.Headings {
		if h.Level == 2 {
			d.TOC = append(d.TOC, h)
		}
	}
	d.Breadcrumbs = s.breadcrumbs(p, locale)
	d.Source = p.File
	if p.Root < len(s.cfg.SourcePaths) {
		// As the repository names it: not where the builder's copy is.
		d.Source = path.Join(s.cfg.SourcePaths[p.Root], p.Path)
		d.SourceURL = s.sourceURL(p.Root, p.Path)
	}
	d.Code = p.Code
	d.Languages = s.languages(p, locale)
	d.updated, _ = s.tr.LastChange(p)
	d.status = p.Meta.Status
	d.Prev, d.Next = s.neighbours(site.English(p), locale)
	if p.Code != "" && !r.Placed["constants"] {
		d.Constants = template.HTML(macro.EmbeddedConstants().HTML(d.ui.get, p.Code))
	}
	var versions []string
	for _, v := range site.Versions(p) {
		versions = append(versions, v.Locale)
	}
	s.setSocial(d, "article", p.Locale, versions)
	if locale != p.Locale {
		return d
	}
	d.Alternates = site.Alternates(p, s.cfg.SiteURL, nil)
	if o := s.tr.Outdated(p); o != nil {
		d.Outdated = &OutdatedNotice{Count: len(o.Behind), Date: localDate(d.ui, o.Behind[0].Time.UTC()), EnglishURL: site.English(p).URL}
	}
	return d
}

// setSocial fills d.Social from what d holds: the page is of type ogType,
// written in locale, and really written in each of versions too.
func (s *Renderer) setSocial(d *PageData, ogType, locale string, versions []string) {
	ui := s.ui(d.Lang)
	so := Social{Title: d.Title, Description: d.Description, Type: ogType, Locale: s.ogLocale(locale)}
	if so.Description == "" {
		so.Description = ui.get("home_description")
	}
	for _, v := range versions {
		if v != locale {
			so.Alternates = append(so.Alternates, s.ogLocale(v))
		}
	}
	card, label := "page", "HTTP"
	if d.Code != "" {
		card = d.Code[:1] + "xx"
		label = card
	}
	if u, ok := s.assets.URLs["cards/"+card+".png"]; ok && s.cfg.SiteURL != "" {
		so.Image, so.ImageWidth, so.ImageHeight = s.cfg.SiteURL+u, CardWidth, CardHeight
		so.ImageAlt = strings.Replace(ui.get("card_alt"), "%s", label, 1)
	}
	if s.cfg.SiteURL != "" {
		so.URL = d.Canonical
	}
	d.Social = so
}

// ogLocale is the package's ogLocale, looked up for the site's locales.
func (s *Renderer) ogLocale(locale string) string {
	if og, ok := s.ogLocales[locale]; ok {
		return og
	}
	return ogLocale(locale)
}

// ogLocale writes a locale as Open Graph wants it, language_TERRITORY:
// "en-US" is en_US, "ja" ja_JP (its likeliest territory).
func ogLocale(locale string) string {
	tag, err := language.Parse(locale)
	if err != nil {
		return strings.ReplaceAll(locale, "-", "_")
	}
	base, _ := tag.Base()
	region, conf := tag.Region()
	if conf == language.No {
		return base.String()
	}
	return base.String() + "_" + region.String()
}

// FallbackData is the layout data of an English page shown in a locale that
// has no translation of it: English content, the locale's frame, a notice,
// canonical to the English page and kept out of search indexes.
func (s *Renderer) FallbackData(en *site.Page, r Rendered, locale string) *PageData {
	d := s.docData(en, r, locale)
	d.ContentLang = content.SourceLocale
	d.NoIndex = true
	d.Fallback = &FallbackNotice{Language: s.languageName(locale), EnglishURL: en.URL}
	if root := s.translationRoot[locale]; root < len(s.cfg.SourcePaths) {
		d.TranslateURL = s.sourceURL(root, path.Join(strings.ToLower(locale), content.Folder(en.Slug), "index.md"))
	}
	return d
}

// sourceURL is where Config.SourceURL shows a file of a content root; ""
// without one.
func (s *Renderer) sourceURL(root int, file string) string {
	if s.cfg.SourceURL == "" {
		return ""
	}
	segs := strings.Split(path.Join(s.cfg.SourcePaths[root], file), "/")
	for i, seg := range segs { // a file's name may have # or ?, which would end the path
		segs[i] = url.PathEscape(seg)
	}
	return strings.TrimSuffix(s.cfg.SourceURL, "/") + "/" + strings.Join(segs, "/")
}

// breadcrumbs lists the pages above p whose slugs prefix its own.
func (s *Renderer) breadcrumbs(p *site.Page, locale string) []Crumb {
	var crumbs []Crumb
	segs := strings.Split(p.Slug, "/")
	for i := 1; i < len(segs); i++ {
		if up, url := s.shownIn(strings.Join(segs[:i], "/"), locale); up != nil {
			crumbs = append(crumbs, Crumb{Title: shortTitle(up), URL: url})
		}
	}
	_, url := s.shownIn(p.Slug, locale)
	return append(crumbs, Crumb{Title: shortTitle(p), URL: url, Current: true})
}

// shownIn is the page at slug as locale shows it, and its URL there: its
// translation, else the English page in the locale's folder (its
// fallback). nil when neither exists.
func (s *Renderer) shownIn(slug, locale string) (*site.Page, string) {
	if t := s.Lookup(locale, slug); t != nil {
		return t, t.URL
	}
	en := s.Lookup(content.SourceLocale, slug)
	if en == nil {
		return nil, ""
	}
	return en, s.DocsURL(locale, en.Slug)
}

func shortTitle(p *site.Page) string {
	if p.Meta.ShortTitle != "" {
		return p.Meta.ShortTitle
	}
	return p.Title
}

// Summary shortens a first paragraph to a meta description, which
// llms.txt and status-codes.json give too.
func Summary(s string) string { return markdown.Truncate(s, 200) }

// HomeData is the layout data of a locale's home page: every status code
// by class, in the locale where translated.
func (s *Renderer) HomeData(locale string) *PageData {
	d := s.newPageData("home", locale, s.ui(locale).get("home_title"))
	d.Description = s.ui(locale).get("home_description")
	d.Canonical = s.cfg.SiteURL + d.Home
	d.Alternates = s.HomeAlternates(s.cfg.SiteURL)
	byClass := map[byte]*Group{}
	for _, p := range s.Pages {
		if p.Locale != content.SourceLocale || p.Code == "" {
			continue
		}
		g := byClass[p.Code[0]]
		if g == nil {
			id := string(p.Code[0]) + "xx"
			g = &Group{ID: id, Title: s.ui(locale).get("class_" + id)}
			byClass[p.Code[0]] = g
		}
		e := Entry{Code: p.Code, Title: p.Title, URL: p.URL, English: locale != content.SourceLocale}
		if t := s.Lookup(locale, p.Slug); t != nil {
			e.Title, e.URL, e.English = t.Title, t.URL, false
		}
		e.Name = strings.TrimSpace(strings.TrimPrefix(e.Title, e.Code))
		g.Pages = append(g.Pages, e)
	}
	for c := byte('1'); c <= '5'; c++ {
		if g := byClass[c]; g != nil {
			d.Groups = append(d.Groups, *g)
		}
	}
	d.Sections = s.plainGroups(locale)
	d.Languages = s.localeLinks(locale)
	if locale != content.SourceLocale {
		d.Dashboard = s.Base("/" + locale + "/docs/" + content.TranslationsSlug + "/")
	}
	s.setSocial(d, "website", locale, s.Enabled())
	return d
}

// DashboardData is a locale's translation status page.
func (s *Renderer) DashboardData(ls l10n.LocaleStatus) *PageData {
	d := s.newPageData("translations", ls.Locale, s.ui(ls.Locale).get("dashboard_title"))
	d.NoIndex = true
	d.Status = &ls
	d.Languages = s.localeLinks(ls.Locale)
	d.Description = fmt.Sprintf(s.ui(ls.Locale).get("dashboard_intro"), s.languageName(ls.Locale))
	s.setSocial(d, "website", ls.Locale, nil)
	return d
}

// localeLinks lists every locale's home page.
func (s *Renderer) localeLinks(current string) []Language {
	var ls []Language
	for _, l := range s.Locales {
		ls = append(ls, Language{Locale: l, Name: s.languageName(l), URL: s.Base("/" + l + "/"), Current: l == current})
	}
	return ls
}

func (s *Renderer) ui(locale string) *uiStrings {
	if u := s.strings[locale]; u != nil {
		return u
	}
	return s.strings[content.SourceLocale]
}

// languages lists every published locale for a page's language switcher:
// the real versions first, then the fallbacks, marked.
func (s *Renderer) languages(p *site.Page, current string) []Language {
	en := site.English(p)
	version := func(loc string) *site.Page { return s.Lookup(loc, en.Slug) }
	if en.Locale == content.SourceLocale {
		// Every page at an English page's slug is one of its versions
		// (matchTranslation): no lookup per locale.
		versions := site.Versions(p)
		version = func(loc string) *site.Page {
			if i := slices.IndexFunc(versions, func(v *site.Page) bool { return v.Locale == loc }); i >= 0 {
				return versions[i]
			}
			return nil
		}
	}
	var real, fallback []Language
	for _, loc := range s.Enabled() {
		if t := version(loc); t != nil {
			real = append(real, Language{Locale: loc, Name: s.languageName(loc), URL: t.URL, Current: loc == current})
		} else {
			fallback = append(fallback, Language{Locale: loc, Name: s.languageName(loc), URL: s.DocsURL(loc, en.Slug), Current: loc == current, Fallback: true})
		}
	}
	return slices.Concat(real, fallback)
}

// NotFoundData is the page data of a locale's 404 page.
func (s *Renderer) NotFoundData(locale string) *PageData {
	d := s.newPageData("404", locale, s.ui(locale).get("not_found_title"))
	d.NoIndex = true
	d.Description = s.ui(locale).get("not_found_text")
	d.Languages = s.localeLinks(locale)
	s.setSocial(d, "website", locale, s.Enabled())
	return d
}

// IndexData is the page data of the site root, which picks a locale. On a
// site with one locale the root sends readers to it with a meta refresh
// (which any static host serves, and which works without script) and keeps
// the link for robots; its canonical is then that locale's home.
func (s *Renderer) IndexData() *PageData {
	root := s.RootLocale()
	d := s.newPageData("index", root, s.ui(root).get("site_name"))
	d.Description = s.ui(root).get("root_description")
	d.Canonical = s.cfg.SiteURL + s.Base("/")
	d.Alternates = s.HomeAlternates(s.cfg.SiteURL)
	d.Languages = s.localeLinks("")
	if len(d.Languages) == 1 {
		d.Refresh = d.Languages[0].URL
		d.Canonical = s.cfg.SiteURL + d.Refresh
	}
	s.setSocial(d, "website", root, s.Enabled())
	return d
}

// UIString is a UI string of a locale, from its i18n file or en-US's.
func (s *Renderer) UIString(locale, key string) string { return s.ui(locale).get(key) }

// MissingUI lists the UI string keys each locale lacks.
func (s *Renderer) MissingUI() map[string][]string { return s.missingUI }
