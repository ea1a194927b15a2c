package build

import (
	"bytes"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
	"statusdocs/generator/output"
	"statusdocs/generator/page"
	"statusdocs/generator/publish"
	"statusdocs/generator/site"
)

// Live is a build kept in memory and brought up to date as its sources
// change: the preview server's site. Update must not be called from two
// goroutines at once; Snapshot may be called from any.
//
// An edit that leaves a page's front matter as it was (the common case:
// writing) re-renders that page and its fallbacks only, and re-checks the
// fragments of the pages the build recorded as linking to it; the other
// pages' output cannot depend on a page's body. Anything else (a new,
// deleted or renamed page, a changed title or slug, a sidebar, redirects,
// a layout or a UI string) rebuilds the whole site, in parallel.
//
// Each snapshot also holds the redirects of the published site's
// _redirects file (package publish resolves them, in a full rebuild: an
// edit of a _redirects.txt is one), for the server to answer as a host
// would.
type Live struct {
	cfg  Config
	site *Site // the last good build
	snap atomic.Pointer[Snapshot]

	anchorsTo   map[*Page][]*Page      // target → pages with a #fragment link to it
	anchorFlaws map[string][]flaw.Flaw // source file → its broken-anchor flaws
	outputs     map[*Page][]string     // page → the files it writes
	layoutDir   string                 // the layouts folder on disk, absolute
	roots       []string               // the content roots on disk, absolute
	loadFlaws   map[string][]flaw.Flaw // source file → flaws from reading it
	ready       chan struct{}          // with StartLive: closed once the site is built in memory
	settled     Change                 // with StartLive: what that build changed, once ready is closed
}

// Snapshot is one state of a live build: what the server serves.
type Snapshot struct {
	Out       *output.MemOutput
	Sources   map[string]string      // output file → the source file it is built from
	FileFlaws map[string][]flaw.Flaw // source file → its flaws
	// Err holds why the last build failed (a layout that does not parse
	// or run); Out is then the last good build's, or empty.
	Err []flaw.Flaw
	Gen int // counts the updates

	redirects map[string]string // redirectKey of an old URL → where it leads
}

// Flaws returns the flaws of the source of an output file.
func (s *Snapshot) Flaws(name string) []flaw.Flaw { return s.FileFlaws[s.Sources[name]] }

// Redirect is where the published site's _redirects file sends a request
// for an old URL: rest is the request's path below the base path, decoded
// ("en-US/docs/Old/Slug", with or without its trailing slash, in any
// case). to is the rule's target as the file has it (publish.Redirect.To):
// a path with the base path, or an http(s) URL; ok is false when no rule
// has that source.
func (s *Snapshot) Redirect(rest string) (to string, ok bool) {
	to, ok = s.redirects[redirectKey(strings.TrimSuffix(rest, "/"))]
	return to, ok
}

// redirectKey is an old URL's path below the base path, without its
// trailing slash, as Redirect matches it: in any case, as the site graph
// looks slugs up.
func redirectKey(p string) string { return strings.ToLower(p) }

// redirectMap indexes the rules of _redirects for Snapshot.Redirect.
func redirectMap(rules []publish.Redirect) map[string]string {
	m := make(map[string]string, len(rules))
	for _, r := range rules {
		m[redirectKey(r.Locale+"/docs/"+r.Slug)] = r.To
	}
	return m
}

// Change says what an update did.
type Change struct {
	Full     bool     // the whole site was rebuilt
	Rendered int      // pages rendered
	Reload   []string // output files whose bytes or flaws changed; "*" for all
	Result   *Result  // of a full rebuild
	Err      error    // the build failed; the last good one is still served
	Duration time.Duration
}

// NewLive builds the site in memory.
func NewLive(cfg Config) (*Live, Change) {
	l := newLive(cfg)
	start := time.Now()
	ch := l.rebuild(nil)
	ch.Duration = time.Since(start)
	return l, ch
}

func newLive(cfg Config) *Live {
	l := &Live{cfg: cfg}
	if cfg.LayoutsName != "" {
		l.layoutDir, _ = filepath.Abs(filepath.FromSlash(cfg.LayoutsName))
	}
	for _, r := range cfg.Content {
		dir, _ := filepath.Abs(r.Dir)
		l.roots = append(l.roots, dir)
	}
	return l
}

// Ready is closed once the site is built in memory (at once but for
// StartLive).
func (l *Live) Ready() <-chan struct{} {
	if l.ready == nil {
		done := make(chan struct{})
		close(done)
		return done
	}
	return l.ready
}

// StartLive is NewLive that answers at once from a build on disk: it
// builds the site into the folder dir with the build cache beside it (a
// DirBuild, warm when the cache is there: a fraction of a second for a
// site that changed little since the last preview), serves that folder's
// files, and builds the site in memory in the background; Update waits
// for that build. On a failed build it is NewLive. watch, unless nil,
// makes a preview's watch of the files, which must be made before a
// build in memory reads them: StartLive calls it on the background
// goroutine, before the build there (the first page need not wait for
// it), or before NewLive.
func StartLive(cfg Config, dir string, watch func()) (*Live, Change) {
	start := time.Now()
	fallback := func() (*Live, Change) {
		if watch != nil {
			watch()
		}
		return NewLive(cfg)
	}
	disk := cfg
	disk.FreeSources = true
	b, err := NewDirBuild(disk, dir, true)
	if err != nil {
		return fallback()
	}
	res, err := b.Build()
	if err == nil {
		err = b.Commit()
	} else {
		_ = b.Abort()
	}
	if err != nil {
		return fallback()
	}
	l := newLive(cfg)
	l.ready = make(chan struct{})
	s := b.site
	snap := &Snapshot{Out: &output.MemOutput{Files: map[string][]byte{}, Under: os.DirFS(dir)},
		Sources: map[string]string{}, FileFlaws: map[string][]flaw.Flaw{}, redirects: redirectMap(s.redirects)}
	for _, p := range s.Pages {
		for _, name := range s.pageFiles(p) {
			snap.Sources[name] = p.File
		}
	}
	for _, f := range res.Flaws {
		snap.FileFlaws[f.File] = append(snap.FileFlaws[f.File], f)
	}
	l.snap.Store(snap)
	go func() {
		defer close(l.ready)
		if watch != nil {
			watch()
		}
		if testHookMemoryBuild != nil {
			testHookMemoryBuild(l)
		}
		start := time.Now()
		l.settled = l.rebuild(nil)
		l.settled.Duration = time.Since(start)
	}()
	return l, Change{Full: true, Rendered: res.Rendered, Reload: []string{"*"}, Result: res, Duration: time.Since(start)}
}

// Settled waits for the build in memory that StartLive began and returns
// what it changed of the site served until then from disk: the files
// that an edit made meanwhile changed, whose open pages were told nothing
// (the edit's own update finds the build in memory already has it). ok is
// false for NewLive, which has no such build.
func (l *Live) Settled() (ch Change, ok bool) {
	if l.ready == nil {
		return Change{}, false
	}
	<-l.ready
	return l.settled, true
}

// testHookMemoryBuild, when set, runs before the build in memory that
// StartLive begins.
var testHookMemoryBuild func(*Live)

// Snapshot returns the current state.
func (l *Live) Snapshot() *Snapshot { return l.snap.Load() }

// Update brings the build up to date with the files at the given paths
// (as the watcher reports them: changed, created, deleted or renamed). A
// panic in the quick update (beyond the pages', which are each recovered)
// makes it a full rebuild, with the panic reported on the first edited
// file; one in a full rebuild fails it, and the last good build stays.
func (l *Live) Update(paths []string) Change {
	<-l.Ready()
	start := time.Now()
	var ch Change
	ok := false
	caught := flaw.Catch(l.fileName(paths), 1, 1, "the whole site is rebuilt", func() { ch, ok = l.quick(paths) })
	if !ok {
		ch = l.rebuild(caught)
	}
	ch.Duration = time.Since(start)
	return ch
}

// fileName names the first of paths as flaws name files (the content
// root's name joined with the path inside it), or the first content root
// when there are none.
func (l *Live) fileName(paths []string) string {
	if len(paths) == 0 {
		return rootName(l.cfg)
	}
	if root, rel, ok := l.locate(paths[0]); ok {
		return path.Join(l.cfg.Content[root].Name, rel)
	}
	return filepath.ToSlash(paths[0]) // a layout
}

// Relevant reports whether a change to the file at path can change the
// site: a file under a content root or the layouts, not an editor's
// backup or swap file.
func (l *Live) Relevant(path string) bool {
	base := filepath.Base(path)
	if strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~") || base == "4913" ||
		strings.HasSuffix(base, ".swp") || strings.HasSuffix(base, ".swx") || strings.HasSuffix(base, ".tmp") {
		return false
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return false
	}
	if l.layoutDir != "" && within(l.layoutDir, abs) {
		return true
	}
	_, _, ok := l.locate(abs)
	return ok
}

// locate finds the content root of a path on disk and the slash path in it.
func (l *Live) locate(path string) (root int, rel string, ok bool) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return 0, "", false
	}
	for i, dir := range l.roots {
		if r, err := filepath.Rel(dir, abs); err == nil && within(dir, abs) {
			return i, filepath.ToSlash(r), true
		}
	}
	return 0, "", false
}

func within(dir, path string) bool {
	r, err := filepath.Rel(dir, path)
	return err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator))
}

// rebuild builds the whole site anew, adding the flaw caught in a quick
// update if there was one; on failure the last good build stays.
func (l *Live) rebuild(caught *flaw.Flaw) Change {
	old := l.snap.Load()
	gen := 0
	if old != nil {
		gen = old.Gen + 1
	}
	out := output.NewMemOutput()
	s, res, err := buildSite(l.cfg, out)
	if caught != nil {
		res.Flaws = append(res.Flaws, *caught)
	}
	if err == nil {
		if f := flaw.Catch(rootName(l.cfg), 0, 0, "the last good build is served", func() { l.record(s) }); f != nil {
			err = stop(res, *f)
		}
	}
	if err != nil {
		l.snap.Store(failedSnapshot(old, gen, res, err, l.cfg.LayoutsName))
		return Change{Full: true, Reload: []string{"*"}, Result: res, Err: err}
	}
	l.site = s
	snap := &Snapshot{Out: out, Sources: map[string]string{}, FileFlaws: map[string][]flaw.Flaw{}, Gen: gen,
		redirects: redirectMap(s.redirects)}
	for p, names := range l.outputs {
		for _, n := range names {
			snap.Sources[n] = p.File
		}
	}
	for _, f := range res.Flaws {
		snap.FileFlaws[f.File] = append(snap.FileFlaws[f.File], f)
	}
	l.snap.Store(snap)
	return Change{Full: true, Rendered: len(s.Pages), Reload: changedFiles(old, snap), Result: res}
}

// failedSnapshot is the last good build, or an empty one, with the errors
// that failed the build after it: the layout errors, or the internal error
// that stopped it.
func failedSnapshot(old *Snapshot, gen int, res *Result, err error, layoutsName string) *Snapshot {
	snap := &Snapshot{Out: output.NewMemOutput(), Sources: map[string]string{}, FileFlaws: map[string][]flaw.Flaw{}, Gen: gen}
	if old != nil {
		snap.Out, snap.Sources, snap.FileFlaws, snap.redirects = old.Out, old.Sources, old.FileFlaws, old.redirects
	}
	var st stopped
	if errors.As(err, &st) {
		snap.Err = []flaw.Flaw{st.Flaw}
		return snap
	}
	for _, f := range res.Flaws {
		if f.Kind == flaw.Layout {
			snap.Err = append(snap.Err, f)
		}
	}
	if len(snap.Err) == 0 {
		snap.Err = []flaw.Flaw{flaw.New(flaw.Internal, layoutsName, 0, 0, "%v", err)}
	}
	return snap
}

// record indexes what a full build found, for the updates that follow:
// which files each page wrote and which pages link to another's fragments.
func (l *Live) record(s *Site) {
	l.anchorsTo = map[*Page][]*Page{}
	l.outputs = make(map[*Page][]string, len(s.Pages))
	for i, p := range s.Pages {
		r := s.results[i]
		if r.written {
			l.outputs[p] = s.pageFiles(p)
		}
		l.noteAnchors(p, r.anchors)
	}
	l.anchorFlaws = map[string][]flaw.Flaw{}
	for _, f := range s.anchorFlaws {
		l.anchorFlaws[f.File] = append(l.anchorFlaws[f.File], f)
	}
	l.loadFlaws = map[string][]flaw.Flaw{}
	for _, f := range s.loadFlaws {
		l.loadFlaws[f.File] = append(l.loadFlaws[f.File], f)
	}
}

// noteAnchors records that page from links to the fragments of anchors'
// targets.
func (l *Live) noteAnchors(from *Page, anchors []page.AnchorRef) {
	for _, a := range anchors {
		if a.Target != from && !slices.Contains(l.anchorsTo[a.Target], from) {
			l.anchorsTo[a.Target] = append(l.anchorsTo[a.Target], from)
		}
	}
}

// changedFiles lists the output files that differ between two snapshots,
// in bytes or in the flaws shown on them. The files of StartLive's
// snapshot are read from its folder on disk.
func changedFiles(old, now *Snapshot) []string {
	if old == nil || old.Err != nil {
		return []string{"*"}
	}
	names := slices.Collect(maps.Keys(now.Out.Files))
	differs := make([]bool, len(names))
	compare := func(i int) {
		name := names[i]
		differs[i] = !old.Out.Holds(name, now.Out.Files[name]) || !slices.Equal(old.Flaws(name), now.Flaws(name))
	}
	if old.Out.Under != nil {
		parallel(len(names), compare) // read from disk: a system call or more for each
	} else {
		for i := range names {
			compare(i)
		}
	}
	var changed []string
	for i, name := range names {
		if differs[i] {
			changed = append(changed, name)
		}
	}
	gone := func(name string) {
		if _, ok := now.Out.Files[name]; !ok {
			changed = append(changed, name)
		}
	}
	for name := range old.Out.Files {
		gone(name)
	}
	if old.Out.Under != nil {
		_ = fs.WalkDir(old.Out.Under, ".", func(name string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && name != output.Marker {
				gone(name)
			}
			return nil
		})
	}
	slices.Sort(changed)
	return slices.Compact(changed)
}

// unchangedFile reports whether rel, in content root root, is a file of
// a page's bundle whose bytes are those the last update published: a
// watcher may report one save as two events (created, then written), the
// second after the update the first started, and that one needs nothing.
func (l *Live) unchangedFile(snap *Snapshot, root int, rel string) bool {
	p := l.site.ByFile(root, path.Join(path.Dir(rel), "index.md"))
	if p == nil {
		return false
	}
	f, ok := p.Page.FindFile(path.Base(rel))
	if !ok || f.Path != rel || f.Refused {
		return false
	}
	data, err := fs.ReadFile(l.cfg.Content[root].FS, rel)
	if err != nil {
		return false
	}
	published, ok := snap.Out.Get(path.Dir(site.PageFile(p.Locale, p.Slug)) + "/" + f.Name)
	return ok && bytes.Equal(data, published)
}

// quick applies edits that keep every page's front matter: it re-renders
// the edited pages and re-checks the fragments that point into them. It
// reports false, having changed nothing, when the edits need a rebuild.
func (l *Live) quick(paths []string) (Change, bool) {
	s, snap := l.site, l.snap.Load()
	if s == nil || snap == nil || snap.Err != nil || len(paths) == 0 {
		return Change{}, false
	}
	type edit struct {
		p  *Page
		np *content.Page
	}
	var edits []edit
	for _, path := range paths {
		root, rel, ok := l.locate(path)
		if ok && !strings.HasSuffix(rel, ".md") && l.unchangedFile(snap, root, rel) {
			continue // a second event of a save that the last update already published
		}
		if !ok || !strings.HasSuffix(rel, ".md") {
			return Change{}, false
		}
		p := s.ByFile(root, rel)
		if p == nil || len(l.outputs[p]) == 0 {
			return Change{}, false // a new page, or one the last build left out (it failed)
		}
		data, err := fs.ReadFile(l.cfg.Content[root].FS, rel)
		if err != nil {
			return Change{}, false // deleted or renamed away
		}
		parse := content.Parse
		if p.Page.Plain {
			parse = content.ParsePlain
		}
		np, pflaws := parse(p.Page.File, rel, p.Page.Locale, data)
		if np == nil || !sameFrontMatter(p.Page, np) || !slices.Equal(pflaws, l.loadFlaws[p.Page.File]) {
			return Change{}, false
		}
		np.Root, np.Files = root, p.Page.Files
		edits = append(edits, edit{p, np})
	}
	if len(edits) == 0 {
		return Change{}, true // nothing but files as they were published
	}
	fileFlaws := maps.Clone(snap.FileFlaws)
	affected := map[*Page]bool{}
	var reload []string
	// The locales of the pages, whose search indexes are written again;
	// true for those whose llms.txt and status-codes.json list a page whose
	// summary changed, written again too: they list every page of the
	// locale, which takes longer than the rest of an edit at 20,000 pages,
	// and an edit of the body changes nothing else of them.
	locales := map[string]bool{}
	for _, e := range edits {
		before := map[string][]byte{}
		for _, name := range l.outputs[e.p] {
			before[name], _ = snap.Out.Get(name)
		}
		i, _ := e.p.IndexIn(s.Pages)
		oldFlaws, oldSummary := s.results[i].flaws, s.results[i].summary
		e.p.Page = e.np
		s.results[i] = s.buildPage(s.md, i, snap.Out)
		newSummary := s.results[i].summary != oldSummary
		locales[e.p.Locale] = locales[e.p.Locale] || newSummary
		for loc := range s.results[i].fallbacks {
			locales[loc] = locales[loc] || newSummary
		}
		for _, name := range l.outputs[e.p] {
			if now, _ := snap.Out.Get(name); !bytes.Equal(before[name], now) {
				reload = append(reload, name)
			}
		}
		fileFlaws[e.p.File] = replaceFlaws(fileFlaws[e.p.File], oldFlaws, s.results[i].flaws)
		affected[e.p] = true
		for _, from := range l.anchorsTo[e.p] {
			affected[from] = true
		}
	}
	// The fragments of the affected pages, checked against the ids the
	// pages have now.
	idsOf := func(p *Page) page.IDs {
		if i, ok := p.IndexIn(s.Pages); ok {
			return s.results[i].ids
		}
		return page.IDs{}
	}
	for p := range affected {
		i, _ := p.IndexIn(s.Pages)
		r := s.results[i]
		now := s.CheckAnchorsWith(r.anchors, idsOf)
		fileFlaws[p.File] = replaceFlaws(fileFlaws[p.File], l.anchorFlaws[p.File], now)
		l.anchorFlaws[p.File] = now
		l.noteAnchors(p, r.anchors)
	}
	var codes *publish.Codes // the edited pages' summaries, in their locales
	for loc, summary := range locales {
		var c *publish.Codes
		if summary {
			if codes == nil {
				codes = publish.NewCodes(s.publishInput())
			}
			c = codes
		}
		_, _ = s.writeIndex(snap.Out, loc, s.search.locales[loc], c, 1) // in memory: it cannot fail
	}
	next := &Snapshot{Out: snap.Out, Sources: snap.Sources, FileFlaws: fileFlaws, Gen: snap.Gen + 1, redirects: snap.redirects}
	for p := range affected {
		if !slices.Equal(snap.FileFlaws[p.File], fileFlaws[p.File]) {
			reload = append(reload, l.outputs[p]...)
		}
	}
	slices.Sort(reload)
	l.snap.Store(next)
	return Change{Rendered: len(edits), Reload: slices.Compact(reload)}, true
}

// sameFrontMatter reports whether two readings of a page differ only in
// their body (the files beside it are the folder's, not the page's, and
// the hash of its source is the build cache's, which only one may have).
func sameFrontMatter(a, b *content.Page) bool {
	x, y := *a, *b
	x.Body, y.Body, y.Root, y.Files, y.SourceHash = nil, nil, x.Root, x.Files, x.SourceHash
	return reflect.DeepEqual(x, y)
}

// replaceFlaws returns list without the flaws of old and with those of now,
// sorted.
func replaceFlaws(list, old, now []flaw.Flaw) []flaw.Flaw {
	out := slices.Clone(list)
	for _, f := range old {
		if i := slices.Index(out, f); i >= 0 {
			out = slices.Delete(out, i, i+1)
		}
	}
	out = append(out, now...)
	flaw.Sort(out)
	return out
}

// pageFile is the output file of a docs page in a locale.

// PreviewConfig is the configuration of a preview of one content folder on
// disk, without git history, links to missing pages going to MDN, and info
// flaws counted rather than kept.
func PreviewConfig(contentDir, layoutsDir string) Config {
	return Config{
		Content:      []content.Root{{Name: filepath.ToSlash(contentDir), FS: content.DirFS(contentDir), Dir: contentDir}},
		Layouts:      content.DirFS(layoutsDir),
		LayoutsName:  filepath.ToSlash(layoutsDir),
		ExternalBase: "https://developer.mozilla.org",
		NoGit:        true,
		CountInfo:    true,
	}
}
