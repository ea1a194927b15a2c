// Package build builds a static site from loaded content, and Live, the
// build the preview server updates.
//
// Build runs the stages in order, each a function of what came before:
// load the content roots (package content); make the site graph (package
// site), the macros and the translation state (package l10n); read the
// layouts once (package page) and write the static files (package
// publish); then render every page in parallel (package page) and write
// it with its English fallbacks and the files beside it; check the #fragments of every link
// against the ids of the pages they point to; write the home, 404, root
// and translation status pages; and last what a host needs besides the
// pages (package publish).
//
// # Output
//
// A page is written to {Locale}/docs/{Slug}/index.html and linked as
// /{Locale}/docs/{Slug}/, so a plain file server needs no redirect; the
// files of its bundle (images, downloads: content's Page bundles) are
// copied beside it, read through the content root's FS; each
// enabled locale gets a home page {Locale}/index.html and a 404.html, and
// the site a root index.html and 404.html, in Site.RootLocale (en-US, or
// the first enabled locale when en-US has no home page), linking only to
// home pages that are written. Package publish writes the rest:
// the hashed static files (before the pages, which name them), then the
// sitemap, robots.txt, _headers, the redirects and the search indexes.
// The same input gives the same bytes.
//
// A build writes to an output.Output: in memory, or on disk through
// output.DirOutput, which swaps the new site in whole. A DirBuild (the
// command's) keeps a build cache beside its folder (cache.go): the next
// build into the folder renders only what changed and updates the folder
// in place, file by file (output.Staged).
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
	"fmt"
	"io/fs"
	"maps"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
	"statusdocs/generator/l10n"
	"statusdocs/generator/macro"
	"statusdocs/generator/markdown"
	"statusdocs/generator/output"
	"statusdocs/generator/page"
	"statusdocs/generator/publish"
	"statusdocs/generator/search"
	"statusdocs/generator/site"
)

// Page is a page of the site graph.
type Page = site.Page

// Site is the site graph with its renderer (package page), and what a
// build leaves behind for the preview server to update.
type Site struct {
	*page.Renderer
	cfg         Config
	tr          *l10n.Translations // what git says of the translations
	lay         *page.Layouts
	md          *markdown.Markdown
	results     []pageResult       // by index in Pages
	loadFlaws   []flaw.Flaw        // from reading the content
	anchorFlaws []flaw.Flaw        // broken fragments, found once every page was rendered
	redirects   []publish.Redirect // the rules of _redirects, for Live
	search      *searchIndexes
	cache       *cacheRun // a DirBuild's, nil for none
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
	CompatID      string        // names Compat for the build cache (a hash of its file); with Compat and none, a DirBuild is cold
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
	// Loaded, when set, is called once the content is read, with how many
	// pages it has: the command sets its memory budget by it.
	Loaded func(pages int)
	// Rendering, when set, is called before the pages are rendered, with
	// how many will be: a warm build may render a few or all.
	Rendering func(pages int)
	// checkHeads makes a warm build encode again the heads of the pages
	// it did not render, which it copies from the last build, and fail
	// when they differ (TestWarmEdits).
	checkHeads bool
	// Progress, when set, is called as each page is written, with how many
	// of how many are: for a progress line. The workers call it at once,
	// so it must be safe for concurrent use, and quick.
	Progress func(done, total int)
}

// Result is what a build did.
type Result struct {
	Flaws      []flaw.Flaw
	Pages      map[string]int // pages written, by locale
	Fallbacks  map[string]int // fallback pages written, by locale
	Files      int
	Sources    Sources                   // with Config.RecordLinks: where each output page comes from
	Notes      []string                  // what the publisher should know that is no page's flaw
	Counted    map[string]map[string]int // info flaws counted, not kept (Config.CountInfo): locale → kind → n
	Duration   time.Duration
	Rendered   int       // pages rendered: all of them, but in a warm build (DirBuild)
	Patched    int       // search indexes a warm build patched (search.Patch), not wrote whole
	Cache      string    // with a build cache: how the build used it
	roots      []string  // content root names, for the summary
	lastLocale [2]string // the folder of a locale that localeOf found last, and the locale: pages come a locale at a time
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
	return buildCached(cfg, out, nil)
}

// buildCached is buildSite with a build cache (nil for none).
func buildCached(cfg Config, out output.Output, cr *cacheRun) (s *Site, res *Result, err error) {
	start := time.Now()
	res = &Result{Pages: map[string]int{}, Fallbacks: map[string]int{}, Counted: map[string]map[string]int{}}
	for _, r := range cfg.Content {
		res.roots = append(res.roots, r.Name)
	}
	defer func() {
		flaw.Sort(res.Flaws)
		res.Flaws = flaw.Cap(flaw.MergeLocales(res.Flaws), flaw.MaxPerKind) // files other than pages: sidebars, _redirects.txt
		res.Duration = time.Since(start)
	}()
	f := flaw.Catch(rootName(cfg), 0, 0, "the build stops", func() { s, err = runStages(cfg, out, res, cr) })
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
func runStages(cfg Config, out output.Output, res *Result, cr *cacheRun) (*Site, error) {
	opts := content.Options{DropBodies: cfg.FreeSources, BodyBudget: cfg.SourceBudget}
	if cr != nil {
		opts.Cache = cr
	}
	c := content.LoadWith(cfg.Content, opts)
	if cfg.Loaded != nil {
		cfg.Loaded(len(c.Pages))
	}
	cr.startDecodeOld() // on another core, while the graph is made on one
	// The layouts are read on another core too: they need only the
	// locales, which the content gives.
	sopts := site.Options{BasePath: cfg.BasePath, Locales: cfg.Locales}
	static := cr.stage(out)
	var lay *page.Layouts
	var assets publish.Assets
	var layoutFlaws []flaw.Flaw
	var err error
	var f *flaw.Flaw
	var contentSum output.Hash
	var contentHashed func() output.Hash
	if cr != nil { // and the content hashed, for the graph's hash
		wait := background(func() { contentSum = contentHash(c) })
		contentHashed = func() output.Hash { wait(); return contentSum }
		defer settle(wait)
	}
	layoutsRead := background(func() {
		f = flaw.Catch(cfg.LayoutsName, 0, 0, "the build stops", func() {
			lay, assets, layoutFlaws, err = readLayouts(cfg, site.EnabledOf(sopts, c), sopts.Base, static)
		})
	})
	defer settle(layoutsRead) // a panic below leaves nothing writing to out behind the build
	g := site.New(sopts, c)
	macros, macroFlaws := page.NewRegistry(cfg.Compat, cfg.Macros, c)
	g.Flaws = append(macroFlaws, g.Flaws...)
	tr := l10n.CheckKept(g, cfg.Content, cfg.NoGit, cr.histories())
	res.Flaws = append(res.Flaws, c.Flaws...)
	res.Flaws = append(res.Flaws, g.Flaws...)
	layoutsRead()
	res.Flaws = append(res.Flaws, layoutFlaws...)
	res.Files += assets.Files
	var graph output.Hash
	if cr != nil {
		graph = graphHash(contentHashed(), g, tr, len(cfg.Content))
		cr.next.Diffs = diffsHash(g, tr)
	}
	if f != nil {
		return nil, stop(res, *f)
	}
	if err != nil {
		return nil, err
	}
	s := &Site{
		Renderer: page.New(page.Input{Site: g, Config: pageConfig(cfg), Macros: macros, Sidebars: c.Sidebars,
			Translations: tr, Layouts: lay, Assets: assets}),
		cfg: cfg, tr: tr, lay: lay, loadFlaws: c.Flaws, cache: cr,
	}
	if cr != nil {
		if err := s.planReuse(cr, graph, out); err != nil {
			return s, err
		}
	}
	if err := s.writePages(out, res); err != nil {
		return s, err
	}
	if err := s.writeSitePages(out, res); err != nil {
		return s, err
	}
	in := s.publishInput() // the pages as written: for the search stage's codes files, and publish's
	if err := s.writeSearch(out, res, publish.NewCodes(in)); err != nil {
		return s, err
	}
	return s, s.publish(out, res, in)
}

// pageConfig is what package page reads of the configuration.
func pageConfig(cfg Config) page.Config {
	c := page.Config{SiteURL: cfg.SiteURL, ExternalBase: cfg.ExternalBase, SourceURL: cfg.SourceURL,
		RecordLinks: cfg.RecordLinks, CountInfo: cfg.CountInfo}
	for _, r := range cfg.Content {
		c.SourcePaths = append(c.SourcePaths, sourcePath(r.Name))
	}
	return c
}

// sourcePath is a content root's folder as --source-url names it: its name
// when that is a path inside the current folder (the build runs at the top
// of the repository), else "" (the URL names the root itself).
func sourcePath(name string) string {
	name = path.Clean(name)
	if path.IsAbs(name) || name == "." || name == ".." || strings.HasPrefix(name, "../") {
		return ""
	}
	return name
}

// readLayouts parses the layouts, reads the UI strings of the locales
// that have a home page and writes the static files under the base path
// (site.Site's Enabled and Base).
func readLayouts(cfg Config, enabled []string, base func(string) string, out output.Output) (*page.Layouts, publish.Assets, []flaw.Flaw, error) {
	lay, flaws, err := page.ReadLayouts(cfg.Layouts, cfg.LayoutsName, enabled)
	if err != nil {
		return nil, publish.Assets{}, flaws, err
	}
	assets, err := publish.Static(cfg.Layouts, base, out)
	return lay, assets, flaws, err
}

// publish writes what a static host needs besides the pages (package
// publish).
func (s *Site) publish(out output.Output, res *Result, in publish.Input) error {
	pr, err := publish.Write(in, s.cache.stage(out))
	s.redirects = pr.Redirects
	res.Files += pr.Files
	res.Flaws = append(res.Flaws, pr.Flaws...)
	res.Notes = append(res.Notes, pr.Notes...)
	return err
}

// publishInput is what package publish reads of the site and its pages.
func (s *Site) publishInput() publish.Input {
	pages := make([]publish.Page, len(s.Pages))
	for i := range s.results {
		r := &s.results[i] // not a copy: the cache's goroutine may be forgetting its anchors (writePages)
		pages[i] = publish.Page{Written: r.written, Summary: r.summary}
		if len(r.fallbacks) > 0 {
			pages[i].Fallbacks = slices.Sorted(maps.Keys(r.fallbacks))
		}
	}
	return publish.Input{
		Site:          s.Site,
		Pages:         pages,
		SiteURL:       s.cfg.SiteURL,
		RedirectStubs: s.cfg.RedirectStubs,
		RootName:      rootName(s.cfg),
		LastMod:       s.lastmod,
		Moved:         func(locale string) string { return s.UIString(locale, "moved_to") },
		UI:            s.UIString,
		RootLocale:    s.RootLocale(),
		SpecURLs:      s.specURLs,
		Outdated:      func(p *Page) bool { return s.tr.Outdated(p) != nil },
	}
}

// specURLs are the specifications of a page, as {{Specifications}}
// lists them.
func (s *Site) specURLs(p *Page) []string {
	c := s.cfg.Compat
	if c == nil {
		c = macro.EmbeddedCompat()
	}
	return macro.SpecURLs(c, macro.Page{SpecURLs: p.Meta.SpecURLs, BrowserCompat: p.Meta.BrowserCompat})
}

// lastmod is the date of the last commit that changed a page's file, or ""
// without git history.
func (s *Site) lastmod(p *Page) string {
	t, ok := s.tr.LastChange(p)
	if !ok {
		return ""
	}
	return t.Format(time.DateOnly)
}

// pageResult is what building one page leaves behind.
type pageResult struct {
	flaws     []flaw.Flaw
	counted   flaw.Counts // info flaws by kind, with Config.CountInfo
	links     map[string][2]int
	anchors   []page.AnchorRef
	ids       page.IDs
	summary   string // the first paragraph, shortened (page.Summary), for llms.txt and status-codes.json
	layout    error
	written   bool
	files     int            // files of its bundle written
	fallbacks map[string]int // fallback pages written, by locale
	outputs   []string       // with a build cache: the files written
	entry     [2]int64       // with a build cache: where its search entry is (cacheRun.addEntry)
}

// writePages renders and writes every page, then checks anchors.
func (s *Site) writePages(out output.Output, res *Result) error {
	md := markdown.New()
	s.search = s.planSearch(!s.cfg.FreeSources)
	s.search.deferred = s.cfg.FreeSources && s.cache != nil && !s.cache.same
	results := make([]pageResult, len(s.Pages))
	var done atomic.Int64
	todo := len(s.Pages)
	cr := s.cache
	if cr.graphSame() {
		// The pages kept go into the indexes on another core while the
		// others render: an index is the same whatever order its
		// documents are added in (search.Index.Add). The indexes of the
		// locales with few pages rendered are patched instead, once
		// they are (planPatch, patchIndex).
		fill, patch := s.planPatch(cr)
		if len(patch) > 0 {
			s.search.patch, s.search.fresh = patch, make([]*search.Entry, len(s.Pages))
		}
		var err error
		wait := background(func() { err = s.fillIndexes(cr, fill) })
		s.search.filled = func() (map[string]bool, error) {
			wait()
			touched := maps.Clone(fill)
			maps.Copy(touched, patch)
			return touched, err
		}
	}
	if cr != nil {
		todo -= s.reusedPages()
	}
	if s.cfg.Rendering != nil {
		s.cfg.Rendering(todo)
	}
	parallel(len(s.Pages), func(i int) {
		if cr != nil && cr.reuse[i] {
			results[i] = cr.reused(i)
			return
		}
		results[i] = s.buildPage(md, i, out)
		if cr != nil {
			cr.record(i, results[i], out)
			results[i].outputs = nil // in the tail now
		}
		n := int(done.Add(1))
		if s.cfg.Progress != nil {
			s.cfg.Progress(n, todo)
		}
	})
	res.Rendered = int(done.Load())
	s.md, s.results = md, results
	var layoutErr error
	for i, r := range results {
		p := s.Pages[i]
		res.Flaws = append(res.Flaws, r.flaws...)
		res.count(p.File, r.counted)
		if r.written {
			res.Pages[p.Locale]++
			res.Files += 1 + r.files
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
			for _, name := range s.pageFiles(p) {
				res.Sources[name] = src
			}
		}
	}
	sbAnchors, sbFlaws := s.sidebarChecks()
	res.Flaws = append(res.Flaws, sbFlaws...)
	anchorFlaws, err := s.checkAnchors(results, sbAnchors)
	if err != nil {
		return err
	}
	s.anchorFlaws = anchorFlaws
	res.Flaws = append(res.Flaws, s.anchorFlaws...)
	forget := func() {
		if s.cfg.FreeSources { // a build that ends here: only a preview checks anchors again
			for i := range results {
				results[i].ids, results[i].anchors = page.IDs{}, nil
			}
		}
	}
	if cr != nil {
		// What the cache keeps of the results, which no stage changes
		// from here on, on another core: the links between pages and
		// the heads.
		cr.keepAnchorFlaws(anchorFlaws)
		var err error
		wait := background(func() {
			// Waited for as the build is committed, where a panic
			// would stop the program: the cache is not written.
			if f := flaw.Catch(rootName(s.cfg), 0, 0, "the build cache is not written", func() {
				cr.next.LinkedFrom = cr.linkedFrom(results)
				forget()
				err = cr.encodeHeads(results)
			}); f != nil {
				err = stopped{*f}
			}
		})
		cr.headsEncoded = func() error { wait(); return err }
	} else {
		forget()
	}
	for _, p := range s.Dropped { // left out, but their authors still want to know
		res.Flaws = append(res.Flaws, s.checkDropped(md, p, res)...)
	}
	if layoutErr != nil {
		le := page.LayoutErrorOf(s.cfg.Layouts, s.cfg.LayoutsName, layoutErr)
		res.Flaws = append(res.Flaws, flaw.New(flaw.Layout, le.File, le.Line, 1, "%v", le.Err))
		return le
	}
	return nil
}

// pageFiles are the files of page p: its own and, in the locales that
// show it in English, its fallbacks.
func (s *Site) pageFiles(p *Page) []string {
	names := []string{site.PageFile(p.Locale, p.Slug)}
	for _, loc := range s.FallbackLocales(p) {
		names = append(names, site.PageFile(loc, p.Slug))
	}
	return names
}

// buildPage renders and writes one page. A panic in it is an internal
// error at the page's first line and the page is left out; the rest of the
// site still builds.
func (s *Site) buildPage(md *markdown.Markdown, i int, out output.Output) (pr pageResult) {
	p := s.Pages[i]
	var rec *recorder
	if s.cache != nil {
		rec = &recorder{Output: out}
		out = rec
	}
	if f := flaw.Catch(p.File, 1, 1, "the page is left out", func() { pr = s.writePage(md, i, out) }); f != nil {
		pr = pageResult{flaws: []flaw.Flaw{*f}}
	}
	if rec != nil {
		pr.outputs = rec.names
	}
	return pr
}

// writePage renders and writes page i and its fallbacks, and adds them to
// the search indexes.
func (s *Site) writePage(md *markdown.Markdown, i int, out output.Output) (pr pageResult) {
	p := s.Pages[i]
	body, err := p.Page.ReadBody(s.cfg.Content[p.Root].FS)
	if err != nil {
		pr.flaws = append(pr.flaws, flaw.New(flaw.BadFile, p.File, 1, 1, "cannot read: %v; page left out", err))
		return pr
	}
	p.Page.Body = body
	r, err := s.RenderBody(md, p)
	pr.flaws, pr.counted, pr.anchors, pr.links = r.Flaws, r.Counted, r.Anchors, r.Links
	pr.summary = page.Summary(r.Summary)
	if s.cfg.FreeSources {
		p.FreeBody() // rendered: a large site need not keep its sources
	}
	if err != nil {
		pr.flaws = append(pr.flaws, flaw.New(flaw.Internal, p.File, 0, 0, "%v; page left out", err))
		return pr
	}
	for _, h := range r.Headings {
		r.IDs[h.ID] = true
	}
	pr.ids = page.NewIDs(r.IDs)
	d := s.DocData(p, r)
	if name := s.SidebarName(p, r.Sidebar); name != "" {
		if sb, ok := s.SidebarFor(name, p.Locale, p.URL, p.URL); ok {
			d.Sidebar = sb
		} else {
			pr.flaws = append(pr.flaws, flaw.New(flaw.UnknownSidebar, p.File, p.SlugLine, 1,
				"no sidebar %q: there is no sidebars/%s.yaml in the content roots", name, name))
		}
	}
	layoutErr, err := s.lay.Write(out, site.PageFile(p.Locale, p.Slug), "doc", d)
	if layoutErr != nil {
		pr.layout = layoutErr
		return pr
	}
	if err != nil {
		pr.flaws = append(pr.flaws, flaw.New(flaw.Internal, p.File, 0, 0, "cannot write page: %v", err))
		return pr
	}
	pr.written = true
	n, fileFlaws := s.writeFiles(p, out)
	pr.files, pr.flaws = n, append(pr.flaws, fileFlaws...)
	if err := out.WriteFile(page.TwinName(site.PageFile(p.Locale, p.Slug)), s.Twin(p, r, p.Locale)); err != nil {
		pr.flaws = append(pr.flaws, flaw.New(flaw.Internal, p.File, 0, 0, "cannot write the page's markdown twin: %v", err))
	} else {
		pr.files++
	}
	for _, loc := range s.FallbackLocales(p) { // pr.fallbacks stays nil for most pages
		fd := s.FallbackData(p, r, loc)
		if name := s.SidebarName(p, r.Sidebar); name != "" {
			if sb, ok := s.SidebarFor(name, loc, s.DocsURL(loc, p.Slug), p.URL); ok {
				fd.Sidebar = sb
			}
		}
		layoutErr, err := s.lay.Write(out, site.PageFile(loc, p.Slug), "doc", fd)
		if layoutErr != nil {
			pr.layout = layoutErr
			return pr
		}
		if err != nil {
			pr.flaws = append(pr.flaws, flaw.New(flaw.Internal, p.File, 0, 0, "cannot write fallback page: %v", err))
			continue
		}
		if pr.fallbacks == nil {
			pr.fallbacks = map[string]int{}
		}
		pr.fallbacks[loc]++
		if err := out.WriteFile(page.TwinName(site.PageFile(loc, p.Slug)), s.Twin(p, r, loc)); err != nil {
			pr.flaws = append(pr.flaws, flaw.New(flaw.Internal, p.File, 0, 0, "cannot write the markdown twin of a fallback page: %v", err))
		} else {
			pr.files++
		}
	}
	if f := flaw.Catch(p.File, 1, 1, "the page is left out of the search", func() { pr.entry = s.indexPage(i, p, r, pr.fallbacks) }); f != nil {
		pr.flaws = append(pr.flaws, *f)
	}
	return pr
}

// checkDropped renders a page that is left out for the flaws in it.
func (s *Site) checkDropped(md *markdown.Markdown, p *Page, res *Result) []flaw.Flaw {
	var r page.Rendered
	f := flaw.Catch(p.File, 1, 1, "the page's other flaws are not known", func() {
		if body, err := p.Page.ReadBody(s.cfg.Content[p.Root].FS); err == nil {
			p.Page.Body = body
		}
		r, _ = s.RenderBody(md, p)
	})
	if f != nil {
		return []flaw.Flaw{*f}
	}
	res.count(p.File, r.Counted)
	return r.Flaws
}

// writeSitePages writes the home and 404 pages of each locale and the root.
func (s *Site) writeSitePages(out output.Output, res *Result) error {
	if cr := s.cache; cr.graphSame() {
		if cr.prev.Diffs == cr.next.Diffs { // they depend on the graph and the diffs alone: kept
			cr.next.SiteFiles = cr.prev.SiteFiles
			res.Files += len(cr.prev.SiteFiles)
			return nil
		}
		for _, name := range cr.prev.SiteFiles { // written again below, or removed
			out.(*output.Staged).Drop(name)
		}
	}
	type job struct {
		kind, name string
		data       func() *page.PageData
	}
	var jobs []job
	for _, l := range s.Enabled() {
		jobs = append(jobs,
			job{"home", l + "/index.html", func() *page.PageData { return s.HomeData(l) }},
			job{"404", l + "/404.html", func() *page.PageData { return s.NotFoundData(l) }})
	}
	for _, ls := range s.tr.Status(s.MissingUI()) {
		jobs = append(jobs, job{"translations", ls.Locale + "/docs/" + content.TranslationsSlug + "/index.html", func() *page.PageData { return s.DashboardData(ls) }})
	}
	jobs = append(jobs,
		job{"404", "404.html", func() *page.PageData { return s.NotFoundData(s.RootLocale()) }},
		job{"index", "index.html", s.IndexData})
	// The dashboards of a large site are large pages: written in parallel.
	layoutErrs, writeErrs := make([]error, len(jobs)), make([]error, len(jobs))
	caught := make([]*flaw.Flaw, len(jobs))
	parallel(len(jobs), func(i int) {
		j := jobs[i]
		caught[i] = flaw.Catch(path.Join(s.cfg.LayoutsName, j.kind+".html"), 1, 1, fmt.Sprintf("%s is not written", j.name), func() {
			layoutErrs[i], writeErrs[i] = s.lay.Write(out, j.name, j.kind, j.data())
		})
	})
	for i := range jobs {
		if f := caught[i]; f != nil {
			res.Flaws = append(res.Flaws, *f)
			continue
		}
		if err := layoutErrs[i]; err != nil {
			le := page.LayoutErrorOf(s.cfg.Layouts, s.cfg.LayoutsName, err)
			res.Flaws = append(res.Flaws, flaw.New(flaw.Layout, le.File, le.Line, 1, "%v", le.Err))
			return le
		}
		if err := writeErrs[i]; err != nil {
			return err
		}
		res.Files++
		if s.cache != nil {
			s.cache.next.SiteFiles = append(s.cache.next.SiteFiles, jobs[i].name)
		}
	}
	return nil
}

// parallel runs f(0) … f(n-1) on every core (flaw.Parallel).
func parallel(n int, f func(i int)) { flaw.Parallel(runtime.GOMAXPROCS(0), n, f) }

// settle waits with wait for a goroutine to end, whatever it ended with: a
// stage that panicked, and is left for flaw.Catch, does not leave one
// behind it that still writes to the output.
func settle(wait func()) {
	defer func() { _ = recover() }()
	wait()
}

// background runs f in a goroutine of its own; wait waits for it to end
// and raises its panic again, if it panicked, where the caller's
// flaw.Catch sees it. wait may be called any number of times.
func background(f func()) (wait func()) {
	done := make(chan struct{}) // f's end is never waited for when the build stops before
	var caught *flaw.Carried
	go func() {
		defer close(done)
		defer func() {
			if v := recover(); v != nil {
				caught = flaw.Carry(v)
			}
		}()
		f()
	}()
	return func() {
		<-done
		if caught != nil {
			panic(caught)
		}
	}
}
