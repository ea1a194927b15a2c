// Package build builds a static site from loaded content, and Live, the
// build the preview server updates.
//
// Build runs the stages in order, each a plain function of what came
// before: load the content roots (package content), make the site graph
// (package site: pages, translations, redirects), parse the layouts once, then render
// every page in parallel — markdown and macros (packages markdown and
// macro), links, layout — and write it, and last check the #fragments of
// every link against the ids of the pages they point to.
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
//   - A relative link to a .md file points to that page; other relative
//     links are read against the page's MDN URL (/{locale}/docs/{slug}).
//   - External http(s) links get class="external" and rel="noopener".
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
// # Output
//
// A page is written to {Locale}/docs/{Slug}/index.html and linked as
// /{Locale}/docs/{Slug}/, so a plain file server needs no redirect; each
// enabled locale gets a home page {Locale}/index.html and a 404.html, and
// the site a root index.html and 404.html. Package publish writes the rest:
// the hashed static files (before the pages, which name them), then the
// sitemap, robots.txt, _headers, the redirects and the search indexes.
// The same input gives the same bytes.
//
// A build writes to an output.Output: in memory, or on disk through
// output.DirOutput, which swaps the new site in whole.
//
// # Failures
//
// No panic stops a build. Each unit of work runs under flaw.Catch: a page
// (with its fallbacks), a left-out translation checked for its flaws, a
// sidebar in a locale, a home, 404 or dashboard page, a publishing file,
// and, in Live, an update. A panic in one is an internal error at the
// page's file, line 1 (at the sidebar file for a sidebar, at the layout for
// a site page, at the first content root for a publishing file), and that
// unit is left out; the rest of the site is built. A panic in a stage of the
// whole site (reading the layouts, the site graph) fails the build like a
// broken layout: the previous output stays.
package build

import (
	"cmp"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
	"statusdocs/generator/l10n"
	"statusdocs/generator/macro"
	"statusdocs/generator/markdown"
	"statusdocs/generator/output"
	"statusdocs/generator/publish"
	"statusdocs/generator/site"
)

// Page is a page of the site graph.
type Page = site.Page

// Site is the site graph (package site) and what a build makes of it: the
// macros, UI strings, assets, sidebars and translation history it uses,
// and what it leaves behind for the preview server to update.
type Site struct {
	*site.Site
	cfg          Config
	macros       *macro.Registry
	strings      map[string]*uiStrings
	assets       publish.Assets
	sidebarFiles map[string]content.File
	sb           sidebars
	tr           *l10n.Translations  // what git says of the translations
	missingUI    map[string][]string // locale → UI string keys it lacks

	// What a build leaves behind for the preview server to update.
	lay         *layouts
	md          *markdown.Markdown
	results     []pageResult // by index in Pages
	loadFlaws   []flaw.Flaw  // from reading the content
	anchorFlaws []flaw.Flaw  // broken fragments, found once every page was rendered
}

// newSite makes the graph of loaded content and the build's macros.
func newSite(cfg Config, c *content.Content) *Site {
	macros, flaws := registry(cfg, c)
	s := &Site{
		Site:         site.New(site.Options{BasePath: cfg.BasePath, Locales: cfg.Locales}, c),
		cfg:          cfg,
		macros:       macros,
		sidebarFiles: c.Sidebars,
		sb:           sidebars{built: map[string]*sidebarOnce{}},
	}
	s.Flaws = append(flaws, s.Flaws...)
	return s
}

// Config says what to build. Its zero value builds nothing; set Content and
// Layouts at least.
type Config struct {
	Content       []content.Root
	Layouts       fs.FS
	LayoutsName   string        // how to name layout files in messages
	BasePath      string        // prefix of every internal URL; "/" when empty
	SiteURL       string        // origin for canonical and hreflang links; none when empty
	ExternalBase  string        // where pages not in the site live; none when empty
	SourceURL     string        // prefix of a link to each page's source file (a repository's blob URL); none when empty
	Locales       []string      // locales to publish; every locale with a page when empty
	Compat        *macro.Compat // browser compatibility data; the embedded subset when nil
	NoGit         bool          // do not read git history (no outdated-translation detection)
	RecordLinks   bool          // note where each page's links are, for Result.Sources (statusdocs check)
	RedirectStubs bool          // write an HTML page at each redirect's source, for hosts without redirects
	FreeSources   bool          // hold a page's markdown only while it is rendered, to save memory
	SourceBudget  int64         // with FreeSources, bytes of markdown kept from loading to rendering all the same
	// Macros, when set, adds macros to the build's registry or replaces
	// some: a site's own, or a test's.
	Macros func(*macro.Registry)
	// CountInfo counts the info flaws found in pages (links outside the
	// site and the like) instead of keeping them: a large site has
	// hundreds of thousands, and they are shown only on request.
	CountInfo bool
}

// Result is what a build did.
type Result struct {
	Flaws     []flaw.Flaw
	Pages     map[string]int // pages written, by locale
	Fallbacks map[string]int // fallback pages written, by locale
	Files     int
	Sources   Sources                   // with Config.RecordLinks: where each output page comes from
	Notes     []string                  // what the publisher should know that is no page's flaw
	Counted   map[string]map[string]int // info flaws counted, not kept (Config.CountInfo): locale → kind → n
	Duration  time.Duration
	roots     []string // content root names, for the summary
}

// Build builds the site into out. The error is for a build that cannot
// produce a usable site (a broken layout); problems with pages are flaws.
func Build(cfg Config, out output.Output) (*Result, error) {
	_, res, err := buildSite(cfg, out)
	return res, err
}

// buildSite builds the site and returns it with what the build left behind
// (the layouts, each page's result), which the preview server updates.
// Each unit of work recovers from its own panics (see flaw.Catch); one in
// a stage of the whole site fails the build like a broken layout, with an
// internal error instead of a crash, and the previous output stays.
func buildSite(cfg Config, out output.Output) (s *Site, res *Result, err error) {
	start := time.Now()
	res = &Result{Pages: map[string]int{}, Fallbacks: map[string]int{}, Counted: map[string]map[string]int{}}
	for _, r := range cfg.Content {
		res.roots = append(res.roots, r.Name)
	}
	defer func() {
		flaw.Sort(res.Flaws)
		res.Flaws = flaw.Cap(res.Flaws, flaw.MaxPerKind) // files other than pages: sidebars, _redirects.txt
		res.Duration = time.Since(start)
	}()
	f := flaw.Catch(rootName(cfg), 0, 0, "the build stops", func() { s, err = runStages(cfg, out, res) })
	if f != nil {
		return s, res, stop(res, *f)
	}
	return s, res, err
}

// stopped is the error of a build that a panic in a stage of the whole
// site stopped: the internal error that says so.
type stopped struct{ flaw.Flaw }

func (e stopped) Error() string { return e.Flaw.String() }

// stop adds f, which stops the build, to its result and returns it as the
// build's error.
func stop(res *Result, f flaw.Flaw) error {
	res.Flaws = append(res.Flaws, f)
	return stopped{f}
}

// rootName is the name of the first content root, which problems of the
// whole site are reported on.
func rootName(cfg Config) string {
	if len(cfg.Content) == 0 {
		return ""
	}
	return cfg.Content[0].Name
}

// runStages runs the stages of a build, adding what they find to res.
func runStages(cfg Config, out output.Output, res *Result) (*Site, error) {
	c := content.LoadWith(cfg.Content, content.Options{DropBodies: cfg.FreeSources, BodyBudget: cfg.SourceBudget})
	s := newSite(cfg, c)
	s.loadFlaws = c.Flaws
	s.tr = l10n.Check(s.Site, cfg.Content, cfg.NoGit)
	res.Flaws = append(res.Flaws, c.Flaws...)
	res.Flaws = append(res.Flaws, s.Flaws...)
	var lay *layouts
	var err error
	if f := flaw.Catch(cfg.LayoutsName, 0, 0, "the build stops", func() { lay, err = s.readLayouts(out, res) }); f != nil {
		return s, stop(res, *f)
	}
	if err != nil {
		return s, err
	}
	if err := s.writePages(lay, out, res); err != nil {
		return s, err
	}
	if err := s.writeSitePages(lay, out, res); err != nil {
		return s, err
	}
	return s, s.publish(out, res)
}

// publish writes what a static host needs besides the pages (package
// publish).
func (s *Site) publish(out output.Output, res *Result) error {
	pr, err := publish.Write(s.publishInput(), out)
	res.Files += pr.Files
	res.Flaws = append(res.Flaws, pr.Flaws...)
	res.Notes = append(res.Notes, pr.Notes...)
	return err
}

// publishInput is what package publish reads of the site and its pages.
func (s *Site) publishInput() publish.Input {
	pages := make([]publish.Page, len(s.Pages))
	for i, r := range s.results {
		pages[i] = publish.Page{Written: r.written, Fallbacks: slices.Sorted(maps.Keys(r.fallbacks)), Summary: r.summary}
	}
	return publish.Input{
		Site:          s.Site,
		Pages:         pages,
		SiteURL:       s.cfg.SiteURL,
		RedirectStubs: s.cfg.RedirectStubs,
		RootName:      rootName(s.cfg),
		LastMod:       s.lastmod,
		Moved:         func(locale string) string { return s.ui(locale).get("moved_to") },
	}
}

// lastmod is the date of the last commit that changed a page's file, or ""
// without git history.
func (s *Site) lastmod(p *Page) string {
	h := s.tr.HistoryOf(p.Root)
	if h == nil {
		return ""
	}
	revs := h.Revisions(filepath.Join(s.cfg.Content[p.Root].Dir, filepath.FromSlash(p.Path)))
	if len(revs) == 0 {
		return ""
	}
	return revs[0].Time.Format(time.DateOnly)
}

// readLayouts parses the layouts, reads the UI strings and writes the
// static files.
func (s *Site) readLayouts(out output.Output, res *Result) (*layouts, error) {
	lay, err := parseLayouts(s.cfg.Layouts, s.cfg.LayoutsName)
	if err != nil {
		var le *LayoutError
		if errors.As(err, &le) {
			res.Flaws = append(res.Flaws, flaw.New(flaw.Layout, le.File, le.Line, 1, "%v", le.Err))
		}
		return nil, err
	}
	s.lay = lay
	var uiFlaws []flaw.Flaw
	s.strings, s.missingUI, uiFlaws = loadStrings(s.cfg.Layouts, s.cfg.LayoutsName, s.Enabled())
	res.Flaws = append(res.Flaws, uiFlaws...)
	s.assets, err = publish.Static(s.cfg.Layouts, s.Base, out)
	res.Files += s.assets.Files
	if err != nil {
		return nil, err
	}
	lay.assets = s.assets.URLs
	return lay, nil
}

func (s *Site) ui(locale string) *uiStrings {
	if u := s.strings[locale]; u != nil {
		return u
	}
	return s.strings[content.SourceLocale]
}

// pageResult is what building one page leaves behind.
type pageResult struct {
	flaws     []flaw.Flaw
	counted   map[string]int // info flaws by kind, with Config.CountInfo
	summary   string         // the first paragraph as text, cut for the search index
	links     map[string][2]int
	anchors   []anchorRef
	ids       map[string]bool
	layout    error
	written   bool
	fallbacks map[string]int // fallback pages written, by locale
}

// writePages renders and writes every page, then checks anchors.
func (s *Site) writePages(lay *layouts, out output.Output, res *Result) error {
	md := markdown.New()
	results := make([]pageResult, len(s.Pages))
	parallel(len(s.Pages), func(i int) { results[i] = s.buildPage(md, lay, s.Pages[i], out) })
	s.md, s.results = md, results
	ids := make(map[*Page]map[string]bool, len(s.Pages))
	var anchors []anchorRef
	var layoutErr error
	for i, r := range results {
		p := s.Pages[i]
		res.Flaws = append(res.Flaws, r.flaws...)
		res.count(p.File, r.counted)
		ids[p] = r.ids
		anchors = append(anchors, r.anchors...)
		if r.written {
			res.Pages[p.Locale]++
			res.Files++
		}
		for loc, n := range r.fallbacks {
			res.Fallbacks[loc] += n
			res.Files += n
		}
		if r.layout != nil && layoutErr == nil {
			layoutErr = r.layout
		}
	}
	if s.cfg.RecordLinks {
		res.Sources = Sources{}
		for i, p := range s.Pages {
			src := &PageSource{File: p.File, Line: p.SlugLine, links: results[i].links}
			res.Sources[site.PageFile(p.Locale, p.Slug)] = src
			for _, loc := range s.FallbackLocales(p) {
				res.Sources[site.PageFile(loc, p.Slug)] = src
			}
		}
	}
	anchors = append(anchors, s.sb.anchors...)
	res.Flaws = append(res.Flaws, onePerPlace(s.sb.flaws)...)
	s.anchorFlaws = s.checkAnchors(anchors, ids)
	res.Flaws = append(res.Flaws, s.anchorFlaws...)
	for _, p := range s.Dropped { // left out, but their authors still want to know
		res.Flaws = append(res.Flaws, s.checkDropped(md, p, res)...)
	}
	if layoutErr != nil {
		le := layoutError(s.cfg.Layouts, s.cfg.LayoutsName, layoutErr)
		res.Flaws = append(res.Flaws, flaw.New(flaw.Layout, le.File, le.Line, 1, "%v", le.Err))
		return le
	}
	return nil
}

// buildPage renders and writes one page. A panic in it is an internal
// error at the page's first line and the page is left out; the rest of the
// site still builds.
func (s *Site) buildPage(md *markdown.Markdown, lay *layouts, p *Page, out output.Output) (pr pageResult) {
	if f := flaw.Catch(p.File, 1, 1, "the page is left out", func() { pr = s.writePage(md, lay, p, out) }); f != nil {
		return pageResult{flaws: []flaw.Flaw{*f}}
	}
	return pr
}

// writePage renders and writes one page and its fallbacks.
func (s *Site) writePage(md *markdown.Markdown, lay *layouts, p *Page, out output.Output) (pr pageResult) {
	body, err := p.Page.ReadBody(s.cfg.Content[p.Root].FS)
	if err != nil {
		pr.flaws = append(pr.flaws, flaw.New(flaw.BadFile, p.File, 1, 1, "cannot read: %v; page left out", err))
		return pr
	}
	p.Page.Body = body
	r, err := s.renderBody(md, p)
	pr.flaws, pr.counted, pr.anchors, pr.ids, pr.summary, pr.links = r.flaws, r.counted, r.anchors, r.ids, publish.SearchSummary(r.summary), r.links
	if s.cfg.FreeSources {
		p.Page.Body = nil // rendered: a large site need not keep its sources
	}
	if err != nil {
		pr.flaws = append(pr.flaws, flaw.New(flaw.Internal, p.File, 0, 0, "%v; page left out", err))
		return pr
	}
	for _, h := range r.headings {
		pr.ids[h.ID] = true
	}
	d := s.docData(p, r)
	if name := cmp.Or(p.Meta.Sidebar, r.sidebar); name != "" {
		if sb := s.sidebar(name, p.Locale); sb != nil {
			d.Sidebar = template.HTML(sb.forPage(p.URL))
		} else {
			pr.flaws = append(pr.flaws, flaw.New(flaw.UnknownSidebar, p.File, p.SlugLine, 1,
				"no sidebar %q: there is no sidebars/%s.yaml in the content roots", name, name))
		}
	}
	layoutErr, err := lay.write(out, site.PageFile(p.Locale, p.Slug), "doc", d)
	if layoutErr != nil {
		pr.layout = layoutErr
		return pr
	}
	if err != nil {
		pr.flaws = append(pr.flaws, flaw.New(flaw.Internal, p.File, 0, 0, "cannot write page: %v", err))
		return pr
	}
	pr.written = true
	pr.fallbacks = map[string]int{}
	for _, loc := range s.FallbackLocales(p) {
		fd := s.fallbackData(p, r, loc)
		if name := cmp.Or(p.Meta.Sidebar, r.sidebar); name != "" {
			if sb := s.sidebar(name, loc); sb != nil {
				fd.Sidebar = template.HTML(sb.forPage(p.URL))
			}
		}
		layoutErr, err := lay.write(out, site.PageFile(loc, p.Slug), "doc", fd)
		if layoutErr != nil {
			pr.layout = layoutErr
			return pr
		}
		if err != nil {
			pr.flaws = append(pr.flaws, flaw.New(flaw.Internal, p.File, 0, 0, "cannot write fallback page: %v", err))
			continue
		}
		pr.fallbacks[loc]++
	}
	return pr
}

// checkDropped renders a page that is left out for the flaws in it.
func (s *Site) checkDropped(md *markdown.Markdown, p *Page, res *Result) []flaw.Flaw {
	var r rendered
	f := flaw.Catch(p.File, 1, 1, "the page's other flaws are not known", func() {
		if body, err := p.Page.ReadBody(s.cfg.Content[p.Root].FS); err == nil {
			p.Page.Body = body
		}
		r, _ = s.renderBody(md, p)
	})
	if f != nil {
		return []flaw.Flaw{*f}
	}
	res.count(p.File, r.counted)
	return r.flaws
}

// writeSitePages writes the home and 404 pages of each locale and the root.
func (s *Site) writeSitePages(lay *layouts, out output.Output, res *Result) error {
	type job struct {
		kind, name string
		data       func() *PageData
	}
	var jobs []job
	for _, l := range s.Enabled() {
		jobs = append(jobs,
			job{"home", l + "/index.html", func() *PageData { return s.homeData(l) }},
			job{"404", l + "/404.html", func() *PageData { return s.notFoundData(l) }})
	}
	for _, ls := range s.tr.Status(s.missingUI) {
		jobs = append(jobs, job{"translations", ls.Locale + "/docs/_translations/index.html", func() *PageData { return s.dashboardData(ls) }})
	}
	jobs = append(jobs,
		job{"404", "404.html", func() *PageData { return s.notFoundData(content.SourceLocale) }},
		job{"index", "index.html", s.indexData})
	// The dashboards of a large site are large pages: written in parallel.
	layoutErrs, writeErrs := make([]error, len(jobs)), make([]error, len(jobs))
	caught := make([]*flaw.Flaw, len(jobs))
	parallel(len(jobs), func(i int) {
		j := jobs[i]
		caught[i] = flaw.Catch(path.Join(s.cfg.LayoutsName, j.kind+".html"), 1, 1, fmt.Sprintf("%s is not written", j.name), func() {
			layoutErrs[i], writeErrs[i] = lay.write(out, j.name, j.kind, j.data())
		})
	})
	for i := range jobs {
		if f := caught[i]; f != nil {
			res.Flaws = append(res.Flaws, *f)
			continue
		}
		if err := layoutErrs[i]; err != nil {
			le := layoutError(s.cfg.Layouts, s.cfg.LayoutsName, err)
			res.Flaws = append(res.Flaws, flaw.New(flaw.Layout, le.File, le.Line, 1, "%v", le.Err))
			return le
		}
		if err := writeErrs[i]; err != nil {
			return err
		}
		res.Files++
	}
	return nil
}

func (s *Site) notFoundData(locale string) *PageData {
	d := s.newPageData("404", locale, s.ui(locale).get("not_found_title"))
	d.NoIndex = true
	d.Languages = s.localeLinks(locale)
	return d
}

func (s *Site) indexData() *PageData {
	d := s.newPageData("index", content.SourceLocale, s.ui(content.SourceLocale).get("site_name"))
	d.Canonical = s.cfg.SiteURL + s.Base("/")
	d.Languages = s.localeLinks("")
	return d
}

// onePerPlace keeps one flaw of a kind per file position: a sidebar is
// built for every locale, but its problems are the file's, reported once.
func onePerPlace(flaws []flaw.Flaw) []flaw.Flaw {
	flaw.Sort(flaws)
	return slices.CompactFunc(flaws, func(a, b flaw.Flaw) bool {
		return a.File == b.File && a.Line == b.Line && a.Col == b.Col && a.Kind == b.Kind
	})
}

// parallel runs f(0) … f(n-1) on every core. The workers take the next
// index from a counter rather than from a channel fed by another goroutine:
// twenty thousand hand-offs through a channel woke the scheduler as often.
func parallel(n int, f func(i int)) {
	var wg sync.WaitGroup
	var next atomic.Int64
	for range min(runtime.GOMAXPROCS(0), max(n, 1)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				f(i)
			}
		})
	}
	wg.Wait()
}
