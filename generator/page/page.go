// Package page turns one page of the site into HTML: its markdown and
// macros (packages markdown and macro) with the site's hooks, which
// resolve links and clean raw HTML; its page data (titles, breadcrumbs,
// languages, table of contents, notices, sidebar); and the layouts, which
// wrap a page in the site's frame. The home, 404, root and translation
// status pages are made here too. It needs the site graph (package site),
// the translation state (package l10n) and the layouts; it writes nothing
// but what Layouts.Write is given. The docs page of the built-in theme is
// written in Go, byte for byte what its templates write (themedoc.go).
//
// # Links
//
// Every href of a page body (markdown links and images, raw HTML, macro
// output) is resolved:
//
//   - /{locale}/docs/{slug}, in any case, is looked up in the page's own
//     locale (or in the linked locale if it is neither the page's nor en-US),
//     then in en-US, after following redirects (the locale's, then en-US's
//     for the same slug). Found in the page's locale, the link points there:
//     a /en-US/… link in a zh-TW page becomes /zh-TW/…. Found only in en-US,
//     it points to the English page with class="only-in-en-us" and a
//     localized "(English)" marker. Found nowhere, it points to the same
//     path on Config.ExternalBase (class="external", an outside-site info),
//     or, without one, becomes class="page-not-created" with the URL moved
//     to data-href (a broken-link error).
//   - A followed redirect is a redirected-link warning and a wrong case an
//     ill-cased-link warning, each suggesting the fixed URL; the output uses
//     the fixed URL.
//   - #fragments, on the same page or another, must be an id on the target
//     page in the locale actually linked (headings, and ids in raw HTML);
//     a miss is a broken-anchor warning.
//   - A path under a locale that is not a docs page (/en-US/observatory,
//     a part of MDN this site has not) goes to Config.ExternalBase like a
//     missing page, or is a broken-link error without one. In a sidebar,
//     such a link with no title of its own is titled from its last
//     segment made readable ("Evolution of HTTP").
//   - A relative link to a .md file points to that page. A relative image
//     source, or a relative link ending in a file's extension (diagram.svg,
//     report.pdf), is a file of a page's bundle, read against the folder
//     of the page's file (bundle.go); a file that is not there, or not
//     published, is a broken-link error. Other relative links are read
//     against the page's MDN URL (/{locale}/docs/{slug}).
//   - External http(s) links get class="external" (the print stylesheet
//     writes their URL after them), and no rel="noopener": a link that
//     opens no new window gives the next page no opener to take.
//   - The ids the layouts write themselves ("content", "search-input";
//     layoutIDs) are the layout's: a heading steps around them
//     ("## Content" gets content_2) and the cleaner removes them from raw
//     HTML, so that no page has an id twice.
//   - A path or #fragment the site writes from a decoded one (a missing
//     page's on Config.ExternalBase, a fragment) has what no href may hold
//     (space, quotes, <>, %…) percent-encoded (refEscape), so that the
//     page stays valid HTML whatever a link or macro argument holds.
//
// Links of a body stay as resolved (root-relative), since one English body
// is shown in every locale's folder as a fallback. A sidebar's links to
// the site's pages are written relative to the page they are shown on
// ("../Page_2/"), a fallback page's own folder included, wherever that is
// shorter (relurl.go): pages are served at URLs that end in "/".
//   - A URL that is not relative, http(s), mailto, tel or ftp (or, for an
//     image, a raster data: URL) is removed: an unsafe-html error.
//
// # Raw HTML
//
// A body that holds raw HTML is cleaned whole, as the browser will parse
// it, against an allowlist of elements, attributes and URL schemes, and
// written from the cleaned tree: clean.go is the spec. Every removal is an
// unsafe-html error at its position. Pages carry
// publish.ContentSecurityPolicy.
//
// # Search and social metadata
//
// Every page's data carries its hreflang alternates (a docs page's real
// versions; on the locale home pages and the root, every locale's home
// and the root as x-default: site.HomeAlternates, the sitemap's own) and
// Social, which PageData.SocialTags writes as Open Graph and Twitter
// <meta> tags for the layouts to place (in Go, as the alternate links are:
// as template actions they cost 88 allocations a page, in Go 6): the
// title, the description (the site's when the page has none), og:type,
// og:locale as language_TERRITORY with an alternate per real version,
// and with Config.SiteURL the canonical og:url and og:image, the card of
// static/cards/ for the page's status class (page.png on other pages,
// 1200×630) with a UI string card_alt as its alt. A fallback page is
// described as the English page it shows, which is its canonical.
package page

import (
	"slices"

	"statusdocs/generator/content"
	"statusdocs/generator/l10n"
	"statusdocs/generator/macro"
	"statusdocs/generator/publish"
	"statusdocs/generator/site"
)

// Config is what rendering reads of a build's configuration.
type Config struct {
	SiteURL      string // origin for canonical and hreflang links; none when empty
	ExternalBase string // where pages not in the site live; none when empty
	SourceURL    string // prefix of a link to each page's source file; none when empty
	RecordLinks  bool   // note where each page's links are (Rendered.Links)
	// SourcePaths are the content roots' folders in the repository that
	// SourceURL names, in order ("" for its top), for PageData.SourceURL
	// and TranslateURL.
	SourcePaths []string
	// CountInfo counts the info flaws found in pages instead of keeping
	// them (Rendered.Counted).
	CountInfo bool
}

// Input is what a Renderer renders with.
type Input struct {
	Site         *site.Site
	Config       Config
	Macros       *macro.Registry         // NewRegistry
	Sidebars     map[string]content.File // sidebars/*.yaml of the content roots, by name
	Translations *l10n.Translations
	Layouts      *Layouts
	Assets       publish.Assets // the static files, written
}

// Renderer renders the pages of one site. It is safe for concurrent use:
// the pages of a build render in parallel.
type Renderer struct {
	*site.Site
	cfg          Config
	macros       *macro.Registry
	strings      map[string]*uiStrings
	missingUI    map[string][]string // locale → UI string keys it lacks
	assets       publish.Assets
	sidebarFiles map[string]content.File
	sb           sidebars
	tr           *l10n.Translations // what git says of the translations
	lay          *Layouts
	// translationRoot is the root a locale's new translations go to
	// (site.TranslationRoots), by locale.
	translationRoot map[string]int
	order           statusOrder // of the status pages, for previous and next
	// ogLocales is ogLocale of each of the site's locales, made once: a
	// page names up to every locale in its og:locale tags.
	ogLocales map[string]string
}

// New returns a renderer of the site's pages.
func New(in Input) *Renderer {
	in.Layouts.assets = in.Assets.URLs
	og := map[string]string{}
	for _, l := range slices.Concat(in.Site.Locales, in.Site.Enabled()) {
		og[l] = ogLocale(l)
	}
	return &Renderer{
		ogLocales:       og,
		translationRoot: in.Site.TranslationRoots(in.Site.Enabled(), len(in.Config.SourcePaths)),
		Site:            in.Site,
		cfg:             in.Config,
		macros:          in.Macros,
		strings:         in.Layouts.strings,
		missingUI:       in.Layouts.missingUI,
		assets:          in.Assets,
		sidebarFiles:    withTree(in.Sidebars, in.Site.Pages),
		sb:              sidebars{built: map[string]*sidebarOnce{}},
		tr:              in.Translations,
		lay:             in.Layouts,
		order:           newStatusOrder(in.Site),
	}
}
