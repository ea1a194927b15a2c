// Package content loads MDN-style content roots.
//
// A content root is laid out like MDN's files/ folder:
//
//	en-us/web/http/reference/status/500/index.md   one folder per page
//	zh-tw/web/http/reference/status/500/index.md   a translation
//	en-us/_redirects.txt                           FROM<TAB>TO per line, '#' comments (see ParseRedirects)
//	sidebars/http.yaml                             sidebars, read by the site package
//	jsondata/SpecData.json                         specifications missing from web-specs (MDN's format)
//
// Each top-level folder is a locale: a lowercase BCP 47 tag, published in
// canonical case (zh-tw → zh-TW). Any other top-level folder is an
// unknown-locale flaw and is skipped, unless the root has no locale folder
// and markdown files at its top: then it is a plain-markdown collection,
// read as one locale (see "Plain markdown" in plain.go). Every .md file below a locale folder is
// a page; index.md is the page of its folder, other.md the page
// folder/other. The other files directly beside an index.md (images,
// downloads) are that page's bundle, Page.Files, checked against an
// allowlist because they are served from the site's origin: a file that
// could run script there is an unsafe-file error at 1:1 and is marked
// refused (the rules are in bundle.go, "Page bundles"). Files of folders
// that are not pages are not listed.
//
// A page starts with YAML front matter between "---" lines; title and slug
// are required (see Meta for the rest). The slug's folder must be the page's
// folder (MDN lowercases it and spells a few characters out, see Folder). A
// page with no front matter at all is plain markdown: its title is its first
// H1, which is removed from the body, and its slug is its path.
//
// Several roots may be given (MDN keeps English and translations in separate
// repositories); they are merged, and two pages of one locale with one slug,
// in any case, are a duplicate-slug flaw: the first root wins.
//
// Nothing outside a root is read. A symbolic link that leads outside its
// root (its target absolute, or climbing out with "..") is an outside-root
// error at the link's path, line 1, and is left out, as is a loop of links
// (symlink-loop); so is any path through such a link, however it is
// reached (DirFS enforces this with os.Root, so later readers such as
// Page.ReadBody and the preview server are held to it too). A link to a
// file inside the root is read as that file; a link to a folder is not
// followed (a symlinked-folder warning), because what it leads to inside
// the root is walked already and a tree of links could be walked without
// end. Hidden entries (".git") are skipped; an entry whose name has
// control characters or is not UTF-8, or that is neither a file nor a
// folder (a pipe), is a bad-file error and is left out.
//
// A page file that is empty (or only white space) or not text (it has a
// NUL byte) is a bad-file error at 1:1 and is left out, so the English
// page or its fallback is published in its place. A slug must be usable as
// a folder name on any system: no "." or ".." segments, no leading "/", no
// backslash or control characters, no segment over 255 bytes (in the
// slug's spelling or its Folder's), no Windows device name (CON, PRN, AUX,
// NUL, COM1-9, LPT1-9, with any extension, in any case); otherwise the
// page is left out with a flaw at the slug's line.
//
// Loading never fails: problems become flaws, a page whose front matter is
// unusable is left out, and everything else is kept. A panic while reading
// a page or a _redirects.txt is an internal error at its line 1 and leaves
// that file out. Line numbers in a
// page's Body are those of its file (the front matter is replaced by blank
// lines), so later stages report file:line:col without translation.
package content

import (
	"cmp"
	"errors"
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"unicode/utf8"

	"statusdocs/generator/flaw"
	"statusdocs/generator/internal/plainfile"
)

// SourceLocale is the locale every other one translates from.
const SourceLocale = "en-US"

// Root is one content root: an fs.FS and the name it was given by (a
// command-line path), used to name files in messages. Dir is its folder on
// disk, for tools such as git that need one; empty for roots in memory.
//
// Locale is the locale of a plain-markdown root (see "Plain markdown" in
// plain.go); empty means en-US. Roots with locale folders ignore it.
type Root struct {
	Name   string
	FS     fs.FS
	Dir    string
	Locale string
}

// Content is everything loaded from the roots.
type Content struct {
	Pages     []*Page         // in root order, then path order
	Redirects []Redirect      // every locale's, in file order
	Sidebars  map[string]File // by name without ".yaml"
	SpecData  []File          // jsondata/SpecData.json of each root that has one
	Flaws     []flaw.Flaw

	found []bundled // files the walk found that may belong to pages (bundle.go)
	known []loaded  // pages the cache knew, which the walk took (knownPage)
	stat  bool      // the walk stats page files, for Options.Cache
	cache PageCache // Options.Cache, for the walk's folder listings
}

// loaded is what became of a page file: its page (nil when left out) and
// flaws, by the file's seq.
type loaded struct {
	seq   int64
	page  *Page
	flaws []flaw.Flaw
}

// File is the raw text of a data file of a root, and its name for messages.
type File struct {
	File string
	Data []byte
}

// file is one file found by the walk, waiting to be read.
type file struct {
	seq    int64 // order of discovery, which is the order of Pages
	root   int
	path   string
	locale string
	plain  bool  // from a root without locale folders
	stat   *Stat // with Options.Cache, of a regular file: what lstat says of it
}

// Options change how Load works; the zero value keeps everything.
type Options struct {
	// DropBodies leaves Page.Body nil, so that a large site does not hold
	// all its markdown at once: Page.ReadBody reads it again when needed.
	// The first BodyBudget bytes of bodies are kept all the same, which
	// spares most sites the second read.
	DropBodies bool
	BodyBudget int64
	// Cache, when set, is asked for each page file that is a regular file
	// before it is read: a page it knows by what stat says of the file is
	// taken as it was, with its flaws, and the file is not read (its Body
	// is nil). It is told of each page file that is read.
	Cache PageCache
}

// PageCache knows the pages a previous build read (package build's cache).
// Its methods are called from several goroutines at once.
type PageCache interface {
	// Known returns the page of file path of content root root, and the
	// flaws reading it found, when the file is as it was then.
	Known(root int, path string, st Stat) (p *Page, flaws []flaw.Flaw, ok bool)
	// Read is told of a page file that was read: what lstat said of it
	// before (nil for a link, which is not taken on its word), its bytes,
	// and what parsing them made; p is nil for a page left out.
	Read(root int, path string, st *Stat, data []byte, p *Page, flaws []flaw.Flaw)
	// Listing returns the entries of folder dir of a root on disk, in
	// order, when the folder is as it was (by what lstat says of it) when
	// Listed was told of them: a folder's time changes when an entry is
	// added, removed or renamed.
	Listing(root int, dir string, st Stat) ([]Entry, bool)
	Listed(root int, dir string, st Stat, entries []fs.DirEntry)
}

// Stat is what a PageCache compares of a file or folder: its size, and
// its time of modification in nanoseconds.
type Stat struct {
	Size, Mtime int64
}

// StatOf is the Stat of info.
func StatOf(info fs.FileInfo) Stat { return Stat{info.Size(), info.ModTime().UnixNano()} }

// statEntry is what lstat says of a walked entry. An entry the cache
// listed is asked of the disk without an fs.FileInfo: a warm build of
// 20,000 pages stats 40,000 of them.
func statEntry(d fs.DirEntry) (Stat, error) {
	if e, ok := d.(*listedEntry); ok {
		return e.lstat()
	}
	info, err := d.Info()
	if err != nil {
		return Stat{}, err
	}
	return StatOf(info), nil
}

// Entry is an entry of a folder as a PageCache keeps it.
type Entry struct {
	Name string
	Type fs.FileMode
}

// Load reads every root.
func Load(roots []Root) *Content { return LoadWith(roots, Options{}) }

// LoadWith reads every root with options.
func LoadWith(roots []Root, opts Options) *Content {
	c := &Content{Sidebars: make(map[string]File), stat: opts.Cache != nil, cache: opts.Cache}
	// The walk feeds the readers as it goes: listing folders and reading
	// files overlap. Only the walk touches c until the readers are done.
	files := make(chan file, 1024)
	go func() {
		defer close(files)
		var seq int64
		for i, r := range roots {
			if f := flaw.Catch(r.Name, 0, 0, "the rest of the root is left out", func() { c.walk(i, r, &seq, files) }); f != nil {
				c.Flaws = append(c.Flaws, *f)
			}
		}
	}()
	c.Pages = c.readPages(roots, files, opts)
	c.Pages = c.dropDuplicates(c.Pages)
	c.attachFiles(roots, c.found)
	c.found = nil
	return c
}

// walk lists a root's pages and reads its small files (redirects, sidebars).
func (c *Content) walk(i int, r Root, seq *int64, files chan<- file) {
	top, err := fs.ReadDir(r.FS, ".")
	if err != nil {
		c.Flaws = append(c.Flaws, flaw.New(flaw.Internal, r.Name, 0, 0, "cannot read content root: %v", err))
		return
	}
	if plainRoot(r, top) {
		c.walkPlain(i, r, top, seq, files)
		return
	}
	// The locale folders are walked at once, each into a Content of its
	// own, merged in order: what the walk finds, and the order of pages,
	// are those of a walk of one folder after the other.
	var locales []*Content
	var names []string
	var jobs []func(sub *Content, seq *int64)
	for _, e := range top {
		name := e.Name()
		if !c.take(r, name, e) || !e.IsDir() {
			continue
		}
		switch name {
		case "sidebars":
			c.readSidebars(r)
			continue
		case "jsondata":
			c.readSpecData(r)
			continue
		}
		locale, ok := Locale(name)
		if !ok {
			c.Flaws = append(c.Flaws, flaw.New(flaw.UnknownLocale, path.Join(r.Name, name), 0, 0,
				"folder %q is not a locale (a lowercase BCP 47 tag such as \"en-us\" or \"zh-tw\"); skipped", name))
			continue
		}
		sub := &Content{stat: c.stat, cache: c.cache}
		if name != strings.ToLower(name) {
			sub.Flaws = append(sub.Flaws, flaw.New(flaw.UnknownLocale, path.Join(r.Name, name), 0, 0,
				"locale folder %q should be lowercase", name).Suggest("rename it to %q", strings.ToLower(name)))
		}
		locales, names = append(locales, sub), append(names, name)
		jobs = append(jobs, func(sub *Content, seq *int64) { sub.walkLocale(i, r, name, locale, seq, files) })
	}
	var wg sync.WaitGroup
	for k, sub := range locales {
		wg.Go(func() {
			n := *seq + int64(k)<<32 // the pages of folder k come after those of the folders before it
			if f := flaw.Catch(path.Join(r.Name, names[k]), 0, 0, "the rest of the locale folder is left out", func() { jobs[k](sub, &n) }); f != nil {
				sub.Flaws = append(sub.Flaws, *f)
			}
		})
	}
	wg.Wait()
	for _, sub := range locales {
		c.Flaws = append(c.Flaws, sub.Flaws...)
		c.Redirects = append(c.Redirects, sub.Redirects...)
		c.found = append(c.found, sub.found...)
		c.known = append(c.known, sub.known...)
	}
	*seq += int64(len(locales)) << 32
}

func (c *Content) walkLocale(i int, r Root, dir, locale string, seq *int64, files chan<- file) {
	plain := dir == "."
	walk := fs.WalkDir
	if c.cache != nil && r.Dir != "" {
		walk = func(fsys fs.FS, root string, fn fs.WalkDirFunc) error { return c.walkListed(i, r, root, fn) }
	}
	redirects := path.Join(dir, "_redirects.txt")
	err := walk(r.FS, dir, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			c.Flaws = append(c.Flaws, readFlaw(r, p, err))
			return nil
		case p == dir:
			return nil
		case plain && d.IsDir() && (p == "sidebars" || p == "jsondata"):
			return fs.SkipDir
		case !c.take(r, p, d):
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		case d.IsDir():
		case p == redirects:
			if f := flaw.Catch(path.Join(r.Name, p), 1, 1, "its redirects are left out", func() { c.readRedirects(r, p, locale) }); f != nil {
				c.Flaws = append(c.Flaws, *f)
			}
		case strings.HasSuffix(p, ".md"):
			f := file{seq: *seq, root: i, path: p, locale: locale, plain: plain}
			*seq++
			if c.stat && d.Type().IsRegular() {
				if st, err := statEntry(d); err == nil {
					f.stat = &st
					if res, ok := c.knownPage(r, f); ok {
						c.known = append(c.known, res)
						return nil
					}
				}
			}
			files <- f
		default:
			c.found = append(c.found, bundled{root: i, path: p})
		}
		return nil
	})
	if err != nil {
		c.Flaws = append(c.Flaws, flaw.New(flaw.Internal, path.Join(r.Name, dir), 0, 0, "cannot walk: %v", err))
	}
}

// knownPage is the page of file f as the cache knows it, when the file
// is as it was: the walk takes it at once, rather than hand it to the
// readers through a channel (a warm build of 20,000 pages reads none).
func (c *Content) knownPage(r Root, f file) (res loaded, ok bool) {
	caught := flaw.Catch("", 1, 1, "the page is left out", func() {
		res.page, res.flaws, ok = c.cache.Known(f.root, f.path, *f.stat)
	})
	if caught != nil { // named only now: a page the cache knows needs no name made
		caught.File = joinName(path.Clean(r.Name), f.path)
		return loaded{seq: f.seq, flaws: []flaw.Flaw{*caught}}, true
	}
	res.seq = f.seq
	return res, ok
}

// take says whether the walk takes the entry p of a root: not a hidden
// one, nor one whose name has control characters or is not UTF-8, nor one
// that is neither a file nor a folder (a pipe could stop the build), nor a
// symbolic link that leads outside the root, loops, or names a folder (the
// walk does not follow links to folders: whatever they lead to inside the
// root is walked already, and following them could walk a tree of links
// without end). A link to a file inside the root is taken as the file.
func (c *Content) take(r Root, p string, d fs.DirEntry) bool {
	name, mode := d.Name(), d.Type()
	switch {
	case strings.HasPrefix(name, "."):
		return false
	case oddName(name):
		c.Flaws = append(c.Flaws, flaw.New(flaw.BadFile, path.Join(r.Name, path.Dir(p)), 0, 0,
			"file name %q has control characters or is not UTF-8; left out", name).Suggest("rename it"))
		return false
	case mode&fs.ModeSymlink != 0:
		info, err := fs.Stat(r.FS, p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return true // a link to nothing: reading it says so
		case err != nil:
			c.Flaws = append(c.Flaws, readFlaw(r, p, err))
			return false
		case info.IsDir():
			c.Flaws = append(c.Flaws, flaw.New(flaw.SymlinkedFolder, path.Join(r.Name, p), 1, 1,
				"folder %q is a symbolic link; links to folders are not followed", name).
				Suggest("move the folder here, or give it as another content root"))
			return false
		}
		if hidden := hiddenTarget(r, p); hidden != "" {
			c.Flaws = append(c.Flaws, flaw.New(flaw.OutsideRoot, path.Join(r.Name, p), 1, 1,
				"symbolic link leads to %q, a hidden file (a name that starts with \".\", as in .git/config), which is not content; left out", hidden).
				Suggest("copy the file into the content under a name without a leading dot"))
			return false
		}
		mode = info.Mode().Type()
	}
	if !mode.IsRegular() && !mode.IsDir() {
		c.Flaws = append(c.Flaws, flaw.New(flaw.BadFile, path.Join(r.Name, p), 1, 1, "not a regular file (%v); left out", mode))
		return false
	}
	return true
}

// hiddenTarget is where the symbolic link p of a root on disk leads, from
// the root, when a name on the way starts with a dot: the walk leaves
// hidden files out (.git, .env, .npmrc hold a CI's secrets when the
// content root is a repository's top), and a link must not bring one
// back in. "" for a link to a file that is not hidden.
func hiddenTarget(r Root, p string) string {
	if r.Dir == "" {
		return ""
	}
	root, err := filepath.EvalSymlinks(r.Dir)
	if err != nil {
		return ""
	}
	target, err := filepath.EvalSymlinks(filepath.Join(r.Dir, filepath.FromSlash(p)))
	if err != nil {
		return ""
	}
	rel, err := filepath.Rel(root, target)
	if err != nil {
		return ""
	}
	rel = filepath.ToSlash(rel)
	for seg := range strings.SplitSeq(rel, "/") {
		if strings.HasPrefix(seg, ".") {
			return rel
		}
	}
	return ""
}

// oddName reports whether a file name has control characters or is not
// UTF-8: such a name cannot be a page, and printed in a message it could
// pass for other lines.
func oddName(name string) bool {
	for i := 0; i < len(name); i++ {
		if name[i] < 0x20 || name[i] == 0x7f {
			return true
		}
	}
	return !utf8.ValidString(name)
}

// readFlaw is the flaw for a file of a root that cannot be read: a path
// that leads outside the root or in a loop of symbolic links, or a file
// that cannot be read for another reason (a link to nothing, no
// permission); each is left out.
func readFlaw(r Root, p string, err error) flaw.Flaw {
	file := path.Join(r.Name, p)
	switch {
	case plainfile.Escapes(err):
		return flaw.New(flaw.OutsideRoot, file, 1, 1, "symbolic link leads outside the content root %q; left out", r.Name).
			Suggest("copy the file into the content root, or give its folder as another content root")
	case errors.Is(err, syscall.ELOOP):
		return flaw.New(flaw.SymlinkLoop, file, 1, 1, "symbolic links lead in a loop (or through too many links); left out")
	}
	return flaw.New(flaw.BadFile, file, 1, 1, "cannot read: %v; left out", err)
}

func (c *Content) readSidebars(r Root) {
	entries, err := fs.ReadDir(r.FS, "sidebars")
	if err != nil {
		c.Flaws = append(c.Flaws, readFlaw(r, "sidebars", err))
		return
	}
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".yaml")
		if !ok || !c.take(r, "sidebars/"+e.Name(), e) || e.IsDir() {
			continue
		}
		if _, seen := c.Sidebars[name]; seen {
			continue
		}
		if f, ok := c.readFile(r, "sidebars/"+e.Name()); ok {
			c.Sidebars[name] = f
		}
	}
}

// readSpecData reads jsondata/SpecData.json of a root, if it has one that
// the walk would take (take): a pipe there would stop the build, and a
// link to a hidden file would read it.
func (c *Content) readSpecData(r Root) {
	entries, err := fs.ReadDir(r.FS, "jsondata")
	if err != nil {
		return
	}
	for _, e := range entries {
		if e.Name() == "SpecData.json" && c.take(r, "jsondata/SpecData.json", e) && !e.IsDir() {
			if f, ok := c.readFile(r, "jsondata/SpecData.json"); ok {
				c.SpecData = append(c.SpecData, f)
			}
		}
	}
}

// readFile reads a small file of a root, if it is there.
func (c *Content) readFile(r Root, p string) (File, bool) {
	data, err := fs.ReadFile(r.FS, p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return File{}, false
	case err != nil:
		c.Flaws = append(c.Flaws, readFlaw(r, p, err))
		return File{}, false
	}
	return File{File: path.Join(r.Name, p), Data: data}, true
}

// readPages reads and parses pages in parallel as the walk finds them,
// keeping the walk's order.
func (c *Content) readPages(roots []Root, files <-chan file, opts Options) []*Page {
	var (
		mu      sync.Mutex
		results []loaded
		wg      sync.WaitGroup
		kept    atomic.Int64
	)
	rootNames := make([]string, len(roots)) // cleaned once: each file's name joins a walked path to it
	for i, r := range roots {
		rootNames[i] = path.Clean(r.Name)
	}
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var mine []loaded
			for f := range files {
				r := roots[f.root]
				res := loaded{seq: f.seq}
				name := joinName(rootNames[f.root], f.path)
				caught := flaw.Catch(name, 1, 1, "the page is left out", func() {
					inRoot := name[len(name)-len(f.path):] // f.path in name's bytes: a page keeps one string of the two
					data, err := fs.ReadFile(r.FS, f.path)
					if err != nil {
						res.flaws = []flaw.Flaw{readFlaw(r, f.path, err)}
						return
					}
					parse := Parse
					if f.plain {
						parse = ParsePlain
					}
					res.page, res.flaws = parse(name, inRoot, f.locale, data)
					if res.page != nil {
						res.page.Root = f.root
					}
					if opts.Cache != nil {
						opts.Cache.Read(f.root, f.path, f.stat, data, res.page, res.flaws)
					}
					if res.page != nil {
						if opts.DropBodies && kept.Add(int64(len(data))) > opts.BodyBudget {
							res.page.Body = nil
						}
					}
				})
				if caught != nil {
					res = loaded{seq: f.seq, flaws: []flaw.Flaw{*caught}}
				}
				mine = append(mine, res)
			}
			mu.Lock()
			results = append(results, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	results = inSeqOrder(append(results, c.known...), func(r loaded) int64 { return r.seq })
	c.known = nil
	pages := make([]*Page, 0, len(results))
	for _, res := range results {
		c.Flaws = append(c.Flaws, res.flaws...)
		if res.page != nil {
			pages = append(pages, res.page)
		}
	}
	return pages
}

// inSeqOrder puts items in the order of their seq (file.seq) without
// sorting: a seq is a locale folder's number in its high 32 bits and the
// file's place in the folder's walk in the low ones, and every file walked
// has an item, so the places of each folder are a run with no gap, and
// each item's place in the result follows from the runs' lengths. It sorts
// when they are not (no caller does that). Sorting 20,000 items was 6 ms
// of a warm build, all of it after the last page was read.
func inSeqOrder[T any](items []T, seq func(T) int64) []T {
	type run struct{ first, n, at int64 }
	runs := map[int64]*run{}
	for _, it := range items {
		hi, lo := seq(it)>>32, seq(it)&(1<<32-1)
		r := runs[hi]
		if r == nil {
			r = &run{first: lo}
			runs[hi] = r
		}
		r.first, r.n = min(r.first, lo), r.n+1
	}
	var at int64
	for _, hi := range slices.Sorted(maps.Keys(runs)) {
		runs[hi].at, at = at, at+runs[hi].n
	}
	out := make([]T, len(items))
	placed := make([]bool, len(items))
	for _, it := range items {
		r := runs[seq(it)>>32]
		k := seq(it)&(1<<32-1) - r.first
		if k >= r.n || placed[r.at+k] {
			slices.SortFunc(items, func(a, b T) int { return cmp.Compare(seq(a), seq(b)) })
			return items
		}
		out[r.at+k], placed[r.at+k] = it, true
	}
	return out
}

// dropDuplicates keeps the first page of each locale and slug.
//
// Pages of two locales never share a key: the pages of each locale are
// checked on a core of their own, then the flaws told in page order.
func (c *Content) dropDuplicates(pages []*Page) []*Page {
	group := map[string]int{} // locale as keys have it → index in groups
	var groups [][]int        // the indexes in pages of each locale's
	var buf [256]byte
	for i, p := range pages {
		loc := appendLower(buf[:0], p.Locale)
		k, ok := group[string(loc)]
		if !ok {
			k = len(groups)
			group[string(loc)] = k
			groups = append(groups, nil)
		}
		groups[k] = append(groups[k], i)
	}
	first := make([]*Page, len(pages)) // of a page left out: the page with its key
	flaw.Parallel(runtime.GOMAXPROCS(0), len(groups), func(k int) {
		in := groups[k]
		seen := make(map[string]*Page, len(in))
		var buf [256]byte
		for _, i := range in {
			p := pages[i]
			key := AppendKey(buf[:0], p.Locale, p.Slug)
			if f, dup := seen[string(key)]; dup {
				first[i] = f
			} else {
				seen[string(key)] = p
			}
		}
	})
	kept := pages[:0]
	for i, p := range pages {
		if f := first[i]; f != nil {
			c.Flaws = append(c.Flaws, flaw.New(flaw.DuplicateSlug, p.File, p.SlugLine, 1,
				"slug %q is already used by %s; this page is left out", p.Slug, f.File))
			continue
		}
		kept = append(kept, p)
	}
	clear(pages[len(kept):])
	return kept
}

// Key identifies a page across the site: its locale and slug, without case.
func Key(locale, slug string) string {
	return strings.ToLower(locale) + "/" + strings.ToLower(slug)
}

// AppendKey appends Key(locale, slug) to dst. Looking a key up in a map as
// m[string(AppendKey(buf[:0], …))] with a local buffer does not allocate,
// which matters for the hundreds of thousands of links of a large site.
func AppendKey(dst []byte, locale, slug string) []byte {
	dst = appendLower(dst, locale)
	dst = append(dst, '/')
	return appendLower(dst, slug)
}

func appendLower(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return append(dst, strings.ToLower(s)...) // rare: let Unicode rules decide
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}
