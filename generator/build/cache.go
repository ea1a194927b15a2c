package build

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"

	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
	"statusdocs/generator/internal/bincodec"
	"statusdocs/generator/internal/plainfile"
	"statusdocs/generator/l10n"
	"statusdocs/generator/output"
	"statusdocs/generator/page"
	"statusdocs/generator/site"
)

// The build cache lets a build into an existing output folder cost what
// changed (DirBuild). It is a folder beside --out (CacheDir), which holds:
//
//   - state: what the last build read and wrote. The binary that wrote
//     it and the key of its inputs other than the content (configuration,
//     layouts and UI strings, compatibility data); the id it wrote in
//     --out's marker file (output.WriteMarker), new at each build, so that
//     an --out replaced since, or an older copy put back, is not taken for
//     the one the cache describes; the hash of the site graph; where each
//     page's head ends in heads, and the pages that link into its
//     fragments;
//   - heads: each page's head (its flaws, counts, files, summary and where
//     the rest is), read while the content is (cacheState.heads);
//
// sources, listings and heads are appended to by warm builds too, which
// write only the records that changed (spanLog), until they hold more
// dead records than live ones;
//   - sources: each page file's size, time, hash and what parsing it made;
//   - listings: each folder's entries, with its time, so that a folder as
//     it was is not read again (content.PageCache.Listing);
//   - tails: each page's anchors, ids and the files it wrote, appended to
//     by warm builds (cacherecord.go has the records);
//   - files: every file of the output and its hash;
//   - entries-{locale}.bin: each page's search entry (search.AppendEntry),
//     by locale, so that a locale's index is made again without its pages;
//     appended to by warm builds, as tails are.
//
// A build writes these as it goes (appendLog), so that a large site does
// not hold them, and renames them into place once its output is.
//
// A build that finds no state, or one of another format or binary, or of
// other inputs, or of an output folder that is not the one it describes,
// is cold: it renders everything and swaps --out in whole. Otherwise it is
// warm: it reads unchanged page files from the state instead of the disk,
// and when the site graph is the same (the same pages, front matter,
// sidebars, redirects, translation states and git history) it renders only
// the pages whose own files changed, and takes the other pages' results
// from the state; when the graph changed it renders every page. Either way
// it writes only the files whose bytes changed (output.Staged), so the
// others keep their times.
//
// The state is removed before the output is touched and written again
// once it is complete: a build stopped in between leaves none, and the
// next build is cold.
const cacheFormat = 7 // 2: pageHead has the summary; 3: anchors say whether the link named another locale; 4: a search entry's term gives its section, not a piece; 5: the keys of sources and listings follow the header (bincodec.AppendStrings); 6: the heads are in a file of their own; 7: the tables of sources, listings and heads give where each record starts (spanLog)

// CacheDir is the build cache folder of the output folder out.
func CacheDir(out string) string {
	out = filepath.Clean(out)
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".statusdocs-cache")
}

const stateFile = "state"

// cacheState is the state file: a header, gob's encoding of cacheHeader,
// then the keys of sources and listings (two lists of bincodec, whose
// strings share one allocation each: gob took one a key, and as long to
// write them as the rest), then the tables, raw (saveState), so that they
// are read without a copy; and what the files sources and files hold.
type cacheState struct {
	cacheHeader
	Sources    table     // cachedSource of each file of SourceKeys; Data is the file sources
	Heads      table     // pageHead of each page, by index in Pages (their tails are in the file tails); Data is the file heads, once heads gives it
	LinkedFrom table     // for each page, the pages with a link to one of its fragments (uvarints)
	files      fileTable // every file of the output and its hash: the file files, read and parsed beside the state

	Listings table // the entries of each folder of ListingKeys; Data is the file listings

	SourceKeys  []string // content.AppendFileKey's key of each page file read
	ListingKeys []string // content.AppendFileKey's key of each folder listed
	// The keys of this build's sources and listings, as its keyedLogs
	// wrote them (complete): what saveState writes where the last build's
	// state has SourceKeys and ListingKeys.
	sourceList, listingList *bincodec.List

	sources  map[string]int // index in SourceKeys
	listings map[string]int // index in ListingKeys
	// heads waits for the file heads, read while the content is: the
	// heads are some 450 bytes a page, which only decodeOld needs, and
	// reading them with the state held up every build at its start.
	heads func() ([]byte, error)
}

type cacheHeader struct {
	Format    int
	Binary    output.Hash
	BinStat   fileStat // of the binary, so that it is hashed only when it changed
	Key       output.Hash
	Build     string // the id in --out's marker file (output.WriteMarker), new at each build
	Graph     output.Hash
	Diffs     output.Hash // of what the dashboards show besides the graph (diffsHash)
	Started   int64       // when the build began to read the content, in ns: a file changed since may have the same time
	Sidebar   sidebarRecord
	SiteFiles []string            // the home, 404, root and dashboard pages
	Search    map[string][]string // the files of each locale's index, in its folder
	Always    []string            // the files every build writes again: static and publishing files
}

// fileStat is a file's size and time, as content.Stat has them.
type fileStat = content.Stat

type sidebarRecord struct {
	Anchors []anchorRecord
	Flaws   []flaw.Flaw
}

// cacheRun is what one build does with the cache.
type cacheRun struct {
	dir  string
	prev *cacheState // the last build's, nil for a cold build
	next *cacheState
	why  string // why the build is cold
	mu   sync.Mutex

	srcLog     *keyedLog  // this build's cachedSource of each page file
	listLog    *keyedLog  // this build's folder listings
	headLog    *spanLog   // this build's pageHead of each page (encodeHeads)
	files      *appendLog // a cold build's files and their hashes, as written
	oldFiles   fileTable  // a warm build's: the last build's files
	pages      []*Page
	same       bool                // the graph is the last build's: reuse says which pages are not rendered
	reuse      []bool              // page i's result is the last build's
	old        []pageHead          // the last build's heads, with the same graph
	oldDecoded func()              // waits for old to be decoded (startDecodeOld)
	oldWhole   bool                // old and the tails it points to are whole
	checkHeads bool                // Config.checkHeads
	source     []output.Hash       // page i's sourceHash
	tail       [][2]int64          // where page i's tail is
	broken     map[int][]flaw.Flaw // page i's broken fragments
	tailLog    *appendLog          // this build's tails (pageHead.Tail)
	// headsEncoded waits for encodeHeads, started once the pages are
	// written, and gives its error, as often as it is called; nil when it
	// was not started.
	headsEncoded func() error
	tails        *os.File // the last build's tails, to read
	oldTail      map[int]*pageTail
	err          error     // reading the cache failed where the build could not do without it
	scratch      sync.Pool // of *[]byte, to encode records in: a large site makes hundreds of megabytes of them
	always       []string  // files written by the static and publishing stages
	// Search entries: the entries files being written (new ones, or, with
	// the same graph, the last build's, appended to), and the last build's
	// as read when needed.
	logs    map[string]*appendLog
	entries map[string][]byte
	logged  map[string][]byte // this build's entries of the source locale, read back (loggedEntries)
}

// Known implements content.PageCache.
func (cr *cacheRun) Known(root int, p string, now content.Stat) (*content.Page, []flaw.Flaw, bool) {
	if cr.prev == nil {
		return nil, nil, false
	}
	var buf [256]byte
	key := content.AppendFileKey(buf[:0], root, p)
	i, ok := cr.prev.sources[string(key)]
	if !ok {
		return nil, nil, false
	}
	blob := cr.prev.Sources.get(i)
	st, h, r := sourceStat(blob)
	// A file with the time the last build began, or later, may have
	// changed after it was read, within the clock's tick: read again
	// (as git does with the files of its index).
	if st != now || st.Mtime >= cr.prev.Started {
		return nil, nil, false
	}
	pg, flaws, err := decodeSource(r)
	if err != nil {
		return nil, nil, false
	}
	cr.srcLog.keep(i, key, blob)
	if pg != nil { // nil for a page left out; not yet shared: decoded just now
		pg.SourceHash = h
	}
	return pg, flaws, true
}

// Read implements content.PageCache.
func (cr *cacheRun) Read(root int, p string, now *content.Stat, data []byte, pg *content.Page, flaws []flaw.Flaw) {
	src := cachedSource{Stat: fileStat{Size: -1}, Hash: output.HashOf(data), Flaws: flaws}
	if now != nil {
		src.Stat = *now
	}
	if pg != nil {
		src.Page = content.AppendPage(nil, pg)
	}
	cr.encode(func(b []byte) []byte { return appendSource(b, src) }, func(blob []byte) [2]int64 {
		var key [256]byte
		cr.srcLog.put(content.AppendFileKey(key[:0], root, p), blob)
		if pg != nil { // not yet shared: the loader has just made it
			pg.SourceHash = src.Hash
		}
		return [2]int64{}
	})
}

// Listing implements content.PageCache.
func (cr *cacheRun) Listing(root int, dir string, now content.Stat) ([]content.Entry, bool) {
	if cr.prev == nil {
		return nil, false
	}
	var buf [256]byte
	key := content.AppendFileKey(buf[:0], root, dir)
	i, ok := cr.prev.listings[string(key)]
	if !ok {
		return nil, false
	}
	blob := cr.prev.Listings.get(i)
	st, entries, err := decodeListing(blob)
	// A folder changed after the last build began may have the same time.
	if err != nil || st != now || st.Mtime >= cr.prev.Started {
		return nil, false
	}
	cr.listLog.keep(i, key, blob)
	return entries, true
}

// Listed implements content.PageCache.
func (cr *cacheRun) Listed(root int, dir string, now content.Stat, entries []fs.DirEntry) {
	cr.encode(func(b []byte) []byte { return appendListing(b, now, entries) }, func(blob []byte) [2]int64 {
		var key [256]byte
		cr.listLog.put(content.AppendFileKey(key[:0], root, dir), blob)
		return [2]int64{}
	})
}

// encode encodes a record into a buffer of the pool and gives it to add,
// which must not keep it.
func (cr *cacheRun) encode(enc func([]byte) []byte, add func([]byte) [2]int64) [2]int64 {
	buf, _ := cr.scratch.Get().(*[]byte)
	if buf == nil {
		buf = new([]byte)
	}
	*buf = enc((*buf)[:0])
	at := add(*buf)
	cr.scratch.Put(buf)
	return at
}

// configKey hashes the inputs of a build other than its content.
func configKey(cfg Config) (output.Hash, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%d\x00%q\x00%q\x00%q\x00%q\x00%q\x00%t%t%t%t\x00%q\x00", cacheFormat, cfg.BasePath, cfg.SiteURL,
		cfg.ExternalBase, cfg.SourceURL, cfg.Locales, cfg.NoGit, cfg.RecordLinks, cfg.RedirectStubs, cfg.CountInfo,
		cfg.CompatID)
	for _, r := range cfg.Content {
		abs, _ := filepath.Abs(r.Dir)
		fmt.Fprintf(h, "%q %q %q\x00", r.Name, abs, r.Locale)
	}
	fmt.Fprintf(h, "%q\x00", cfg.LayoutsName)
	err := fs.WalkDir(cfg.Layouts, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(cfg.Layouts, p)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%q %d\x00", p, len(data))
		h.Write(data)
		return nil
	})
	return output.Hash(h.Sum(nil)[:16]), err
}

// binaryHash is the hash of the running binary, taken from prev when the
// file is as it was then.
func binaryHash(prev *cacheState) (output.Hash, fileStat, error) {
	exe, err := os.Executable()
	if err != nil {
		return output.Hash{}, fileStat{}, err
	}
	f, err := os.Open(exe)
	if err != nil {
		return output.Hash{}, fileStat{}, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return output.Hash{}, fileStat{}, err
	}
	st := content.StatOf(info)
	if prev != nil && prev.BinStat == st {
		return prev.Binary, st, nil
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return output.Hash{}, fileStat{}, err
	}
	return output.Hash(h.Sum(nil)[:16]), st, nil
}

// graphHash hashes what every page's output may depend on besides its own
// file: every page's front matter and the content's data files (content,
// contentHash's), the flaws of the graph, the repository of each root
// with git history, and the commits each outdated translation is behind
// (its banner counts them). The history itself comes in through these:
// the flaws say which translations are outdated.
func graphHash(content output.Hash, g *site.Site, tr *l10n.Translations, roots int) output.Hash {
	h := sha256.New()
	w := bufio.NewWriterSize(h, 64<<10)
	w.Write(content[:])
	hashFlaws(w, g.Flaws)
	for root := range roots {
		if hist := tr.HistoryOf(root); hist != nil {
			fmt.Fprintf(w, "git %d %q\x00", root, hist.Top())
		}
	}
	for _, p := range g.Pages {
		if o := tr.Outdated(p); o != nil {
			fmt.Fprintf(w, "outdated %q %d\x00", p.File, len(o.Behind))
			for _, r := range o.Behind {
				fmt.Fprintf(w, "%s %d\x00", r.Hash, r.Time.Unix())
			}
		}
	}
	_ = w.Flush()
	return output.Hash(h.Sum(nil)[:16])
}

// diffsHash hashes what the translations dashboards show besides the
// graph: the diff of each outdated translation's English page since its
// sourceCommit, which an edit of that page not yet committed changes.
// The pages do not show it: such an edit renders that page, and the
// dashboards, again (writeSitePages), not the whole site.
func diffsHash(g *site.Site, tr *l10n.Translations) output.Hash {
	h := sha256.New()
	for _, p := range g.Pages {
		if o := tr.Outdated(p); o != nil {
			fmt.Fprintf(h, "%q %d %s\x00", p.File, len(o.Diff), o.Diff)
		}
	}
	return output.Hash(h.Sum(nil)[:16])
}

// contentHash is the part of graphHash that the content gives: each page's
// front matter and files, the sidebars, the spec data, the redirects and
// the flaws of loading. A build hashes it while it makes the graph.
func contentHash(c *content.Content) output.Hash {
	h := sha256.New()
	w := bufio.NewWriterSize(h, 64<<10)
	var b []byte
	for _, p := range c.Pages {
		b = content.AppendPage(b[:0], p)
		b = binary.AppendUvarint(b, uint64(len(p.Files)))
		for _, f := range p.Files {
			b = bincodec.AppendBool(bincodec.AppendString(bincodec.AppendString(b, f.Name), f.Path), f.Refused)
		}
		b = binary.AppendUvarint(b, uint64(len(b)))
		w.Write(b)
	}
	for _, name := range slices.Sorted(maps.Keys(c.Sidebars)) {
		f := c.Sidebars[name]
		fmt.Fprintf(w, "%q %q %d\x00", name, f.File, len(f.Data))
		w.Write(f.Data)
	}
	for _, f := range c.SpecData {
		fmt.Fprintf(w, "%q %d\x00", f.File, len(f.Data))
		w.Write(f.Data)
	}
	for _, r := range c.Redirects { // strings with their lengths, not fmt: a _redirects.txt of 100,000 lines
		b = b[:0]
		for _, s := range []string{r.From, r.To, r.Slug, r.Locale, r.File} {
			b = bincodec.AppendString(b, s)
		}
		w.Write(bincodec.AppendInt(b, int64(r.Line)))
	}
	hashFlaws(w, c.Flaws)
	_ = w.Flush()
	return output.Hash(h.Sum(nil)[:16])
}

// hashFlaws writes flaws to a hash as the cache records them
// (appendFlaws).
func hashFlaws(w io.Writer, flaws []flaw.Flaw) {
	w.Write(appendFlaws([]byte("flaws "), flaws))
}

// sourceHash is the hash of what a page's output depends on of its own:
// its file, the files beside it by size and time, and the time of the
// last commit that changed its file ("Last updated"), which a commit of
// the file as it was built changes.
func (s *Site) sourceHash(cr *cacheRun, p *Page) output.Hash {
	h := output.Hash(p.Page.SourceHash)
	updated, dated := s.tr.LastChange(p)
	if len(p.Page.Files) == 0 && !dated {
		return h
	}
	var buf [64]byte // what is hashed, made without fmt: a build in git hashes this for each page
	b := append(buf[:0], h[:]...)
	if dated {
		b = binary.AppendVarint(append(b, "updated "...), updated.Unix())
	}
	for _, f := range p.Page.Files {
		st := fileStat{Size: -1}
		if info, err := fs.Stat(s.cfg.Content[p.Root].FS, f.Path); err == nil {
			st = content.StatOf(info)
		}
		b = fmt.Appendf(b, "%q %d %d\x00", f.Path, st.Size, st.Mtime)
	}
	sum := sha256.Sum256(b)
	return output.Hash(sum[:16])
}

// planReuse decides which pages keep the last build's result: with the
// same graph, those whose own files are as they were. With another graph,
// every file of the last build is dropped: this one writes the site anew.
func (s *Site) planReuse(cr *cacheRun, graph output.Hash, out output.Output) error {
	cr.next.Graph = graph
	cr.pages = s.Pages
	n := len(s.Pages)
	cr.reuse, cr.source, cr.tail = make([]bool, n), make([]output.Hash, n), make([][2]int64, n)
	cr.same = cr.prev != nil && cr.prev.Graph == graph && cr.prev.Heads.len() == n && cr.tails != nil
	if cr.oldDecoded != nil {
		cr.oldDecoded()
	}
	cr.same = cr.same && cr.oldWhole && cr.entriesWhole()
	tails := filepath.Join(cr.dir, "tails")
	if cr.same { // the last build's tails stay, the rendered pages' are added
		cr.tailLog = openLog(tails, tails)
	} else {
		cr.tailLog = openLog(tails+".new", tails)
	}
	if st, ok := out.(*output.Staged); ok && !cr.same {
		st.DropAll()
	}
	parallel(n, func(i int) {
		p := s.Pages[i]
		h := s.sourceHash(cr, p)
		cr.source[i] = h
		if cr.same {
			old := cr.old[i]
			cr.reuse[i] = old.File == p.File && old.Source == h && old.Written
		}
	})
	return nil
}

// startDecodeOld decodes the last build's heads (decodeOld) while the
// build goes on; planReuse takes the answer.
func (cr *cacheRun) startDecodeOld() {
	if cr == nil || cr.prev == nil || cr.tails == nil {
		return
	}
	cr.oldDecoded = background(func() {
		data, err := cr.prev.heads()
		heads := cr.prev.Heads
		heads.Data = data
		if err == nil && heads.whole(heads.len()) { // else nothing is reused
			cr.prev.Heads.Data = data // Ends, which planReuse reads meanwhile, stay
			cr.oldWhole = cr.decodeOld(heads.len())
		}
	})
}

// decodeOld decodes the last build's heads, and reports whether they and
// the tails they point to are whole: if not, every page is rendered again
// (and every file written) as if the graph had changed.
func (cr *cacheRun) decodeOld(n int) bool {
	info, err := cr.tails.Stat()
	if err != nil {
		return false
	}
	cr.old = make([]pageHead, n)
	var bad atomic.Bool
	parallel(n, func(i int) {
		old, err := decodeHead(cr.prev.Heads.get(i))
		at, size := old.Tail[0], old.Tail[1]
		if err != nil || at < 0 || size <= 0 || at+size > info.Size() {
			bad.Store(true)
		}
		cr.old[i] = old
	})
	return !bad.Load()
}

// graphSame reports whether this build's graph is the last build's: then
// the site pages, sidebars and the indexes of locales with no rendered
// page are the last build's too.
func (cr *cacheRun) graphSame() bool { return cr != nil && cr.same }

// record keeps page i's result, rendered, for the next build, and drops
// the files it wrote last time.
func (cr *cacheRun) record(i int, r pageResult, out output.Output) {
	t := pageTail{Anchors: cr.anchorRecords(r.anchors), IDs: r.ids, Outputs: r.outputs}
	cr.tail[i] = cr.encode(func(b []byte) []byte { return appendTail(b, &t) }, cr.tailLog.add)
	if st, ok := out.(*output.Staged); ok && cr.same {
		old, err := cr.oldTailOf(i)
		if err != nil {
			cr.fail(err)
			return
		}
		st.Drop(old.Outputs...)
	}
}

// fail notes that the cache could not be read where it was needed.
func (cr *cacheRun) fail(err error) {
	cr.mu.Lock()
	defer cr.mu.Unlock()
	if cr.err == nil {
		cr.err = err
	}
}

// oldTailOf decodes the last build's tail of page i, once.
func (cr *cacheRun) oldTailOf(i int) (*pageTail, error) {
	cr.mu.Lock()
	t, ok := cr.oldTail[i]
	cr.mu.Unlock()
	if ok {
		return t, nil
	}
	at, n := cr.old[i].Tail[0], cr.old[i].Tail[1]
	if cr.tails == nil || n <= 0 || n > 1<<30 {
		return nil, errCorrupt
	}
	buf := make([]byte, n)
	if _, err := cr.tails.ReadAt(buf, at); err != nil {
		return nil, err
	}
	dec, err := decodeTail(buf)
	if err != nil {
		return nil, err
	}
	cr.mu.Lock()
	cr.oldTail[i] = &dec
	cr.mu.Unlock()
	return &dec, nil
}

func (cr *cacheRun) anchorRecords(refs []page.AnchorRef) []anchorRecord {
	var recs []anchorRecord
	for _, a := range refs {
		from, frag, line, col, rewritten := a.Parts()
		target, ok := a.Target.IndexIn(cr.pages)
		if !ok {
			target = -1 // not a page of the site: never checked
		}
		recs = append(recs, anchorRecord{From: from.File, Target: target, Frag: frag, Line: line, Col: col, Rewritten: rewritten})
	}
	return recs
}

func (cr *cacheRun) anchorRefs(recs []anchorRecord, self *Page) []page.AnchorRef {
	refs := make([]page.AnchorRef, 0, len(recs))
	for _, a := range recs {
		from := self
		if from == nil || a.From != from.File {
			from = &Page{Page: &content.Page{File: a.From}}
		}
		var target *Page
		if a.Target >= 0 && a.Target < len(cr.pages) {
			target = cr.pages[a.Target]
		}
		refs = append(refs, page.NewAnchorRef(from, target, a.Frag, a.Line, a.Col, a.Rewritten))
	}
	return refs
}

// reused is the last build's result of page i, less its anchors and ids
// (checkAnchors reads those it needs).
func (cr *cacheRun) reused(i int) pageResult {
	old := cr.old[i]
	cr.tail[i] = old.Tail
	return pageResult{flaws: slices.Clone(old.Flaws), counted: old.Counted, written: old.Written, files: old.Files, summary: old.Summary,
		fallbacks: old.Fallbacks, entry: old.Entry}
}

// checkAnchors checks the fragments of links against the ids of the pages
// they point to. With the same graph, only the links of the pages rendered
// and of the pages that link to them are checked again; the others' broken
// fragments are the last build's.
func (s *Site) checkAnchors(results []pageResult, sbAnchors []page.AnchorRef) ([]flaw.Flaw, error) {
	cr := s.cache
	if !cr.graphSame() {
		ids := make(map[*Page]page.IDs, len(s.Pages))
		anchors := slices.Clone(sbAnchors)
		for i, p := range s.Pages {
			ids[p] = results[i].ids
			anchors = append(anchors, results[i].anchors...)
		}
		return s.CheckAnchors(anchors, ids), nil
	}
	affected := map[int]bool{}
	for i, reused := range cr.reuse {
		if reused {
			continue
		}
		affected[i] = true
		r := bincodec.NewReader(cr.prev.LinkedFrom.get(i))
		for n := r.Len(); n > 0; n-- {
			affected[int(r.Uint())] = true
		}
	}
	anchors := slices.Clone(sbAnchors)
	for _, i := range slices.Sorted(maps.Keys(affected)) {
		if i >= len(s.Pages) {
			return nil, errCorrupt
		}
		if !cr.reuse[i] {
			anchors = append(anchors, results[i].anchors...)
			continue
		}
		t, err := cr.oldTailOf(i)
		if err != nil {
			return nil, err
		}
		anchors = append(anchors, cr.anchorRefs(t.Anchors, s.Pages[i])...)
	}
	idsOf := func(p *Page) page.IDs {
		i, ok := p.IndexIn(cr.pages)
		if !ok {
			return page.IDs{}
		}
		if !cr.reuse[i] || results[i].ids.Known() {
			return results[i].ids
		}
		t, err := cr.oldTailOf(i)
		if err != nil {
			return page.IDs{}
		}
		results[i].ids = t.IDs
		return t.IDs
	}
	flaws := s.CheckAnchorsWith(anchors, idsOf)
	for i, reused := range cr.reuse {
		if reused && !affected[i] {
			flaws = append(flaws, cr.old[i].AnchorFlaws...)
		}
	}
	return flaws, nil
}

// keepAnchorFlaws files the broken fragments by the page they are in.
func (cr *cacheRun) keepAnchorFlaws(flaws []flaw.Flaw) {
	byFile := map[string][]flaw.Flaw{} // the few files with broken fragments, not every page's
	for _, f := range flaws {
		byFile[f.File] = append(byFile[f.File], f)
	}
	cr.broken = make(map[int][]flaw.Flaw, len(byFile))
	if len(byFile) == 0 {
		return
	}
	for i, p := range cr.pages {
		if found, ok := byFile[p.File]; ok {
			cr.broken[i] = found
		}
	}
}

// linkedFrom is, for each page, the pages with a link to one of its
// fragments: with the same graph, the last build's lists less the pages
// rendered, which add their links as they are now.
func (cr *cacheRun) linkedFrom(results []pageResult) table {
	n := len(cr.pages)
	added := make([][]int, n) // by target: the rendered pages with a link to it
	for i := range n {
		if cr.same && cr.reuse[i] {
			continue
		}
		for _, a := range results[i].anchors {
			if t, ok := a.Target.IndexIn(cr.pages); ok && t != i { // repeats go once sorted
				added[t] = append(added[t], i)
			}
		}
	}
	var t table
	if cr.same {
		t.grow(n, len(cr.prev.LinkedFrom.Data))
	}
	var list []int
	var b []byte
	for target := range n {
		list = append(list[:0], added[target]...)
		if cr.same {
			r := bincodec.NewReader(cr.prev.LinkedFrom.get(target))
			for k := r.Len(); k > 0; k-- {
				if j := int(r.Uint()); j < n && cr.reuse[j] {
					list = append(list, j)
				}
			}
		}
		slices.Sort(list)
		list = slices.Compact(list)
		b = bincodec.AppendUint(b[:0], uint64(len(list)))
		for _, j := range list {
			b = bincodec.AppendUint(b, uint64(j))
		}
		t.add(b)
	}
	return t
}

// stage is the output of a stage whose files every build writes again
// (static and publishing files), noted for the next build, which drops
// them first; out itself without a cache.
func (cr *cacheRun) stage(out output.Output) output.Output {
	if cr == nil {
		return out
	}
	return &stageOutput{out, cr}
}

type stageOutput struct {
	output.Output
	cr *cacheRun
}

func (o *stageOutput) WriteFile(name string, data []byte) error {
	o.cr.mu.Lock()
	o.cr.always = append(o.cr.always, name)
	o.cr.mu.Unlock()
	return o.Output.WriteFile(name, data)
}

// recorder is an output that notes the names of the files written through
// it: one page's.
type recorder struct {
	output.Output
	names []string
}

func (r *recorder) WriteFile(name string, data []byte) error {
	r.names = append(r.names, name)
	return r.Output.WriteFile(name, data)
}

// stateMagic starts the state file.
const stateMagic = "statusdocs build cache\n"

// loadState reads the cache's state; nil with the reason when there is
// none that can be used. Its files are read at once, and the maps of its
// keys made at once: a warm build waits for them before it does anything,
// but for the heads (cacheState.heads).
func loadState(dir string) (*cacheState, string) {
	read := func(name string) func() ([]byte, error) {
		var data []byte
		var err error
		wait := background(func() { data, err = plainfile.Map(filepath.Join(dir, name)) })
		return func() ([]byte, error) { wait(); return data, err }
	}
	sources, listings, heads := read("sources"), read("listings"), read("heads")
	var files fileTable
	var filesErr error
	filesRead := background(func() {
		var data []byte
		if data, filesErr = plainfile.Map(filepath.Join(dir, "files")); filesErr == nil {
			files, filesErr = readFiles(data)
		}
	})
	data, err := plainfile.Map(filepath.Join(dir, stateFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, "no build cache"
	}
	if err != nil {
		return nil, err.Error()
	}
	data, ok := bytes.CutPrefix(data, []byte(stateMagic))
	if !ok {
		return nil, "the build cache is of another version"
	}
	st := cacheState{heads: heads}
	r := bincodec.NewSharedReader(data)
	err = gob.NewDecoder(bytes.NewReader(r.Bytes(r.Len()))).Decode(&st.cacheHeader)
	if err != nil || st.Format != cacheFormat {
		return nil, "the build cache is of another version"
	}
	st.SourceKeys, st.ListingKeys = r.Strings(), r.Strings()
	indexed := background(func() { st.sources = indexOf(st.SourceKeys) })
	st.listings = indexOf(st.ListingKeys)
	indexed()
	for _, t := range []*table{&st.Sources, &st.Listings, &st.Heads, &st.LinkedFrom} {
		t.Ends, t.Starts = readUint32s(r), readUint32s(r)
		t.Data = r.Bytes(r.Len())
	}
	if st.Sources.Data, err = sources(); err != nil {
		return nil, "the build cache has no sources"
	}
	if st.Listings.Data, err = listings(); err != nil {
		return nil, "the build cache has no listings"
	}
	if filesRead(); filesErr != nil {
		return nil, "the build cache has no list of files (" + filesErr.Error() + ")"
	}
	st.files = files
	if r.Err() || !st.Sources.whole(len(st.SourceKeys)) || !st.Listings.whole(len(st.ListingKeys)) || st.Heads.len() != st.LinkedFrom.len() ||
		st.Heads.Starts != nil && len(st.Heads.Starts) != st.Heads.len() || !st.LinkedFrom.whole(st.LinkedFrom.len()) {
		return nil, errCorrupt.Error()
	}
	return &st, ""
}

// saveState writes the state, through a file renamed into place.
func saveState(dir string, st *cacheState) error {
	var head bytes.Buffer
	head.WriteString(stateMagic)
	var header bytes.Buffer
	if err := gob.NewEncoder(&header).Encode(&st.cacheHeader); err != nil {
		return err
	}
	head.Write(bincodec.AppendUint(nil, uint64(header.Len())))
	head.Write(header.Bytes())
	parts := [][]byte{head.Bytes()}
	for _, keys := range []*bincodec.List{st.sourceList, st.listingList} { // as they are: 100,000 keys are megabytes
		parts = append(parts, keys.AppendHead(nil), keys.Data())
	}
	for _, t := range []*table{&st.Sources, &st.Listings, &st.Heads, &st.LinkedFrom} {
		parts = append(parts, appendUint32s(nil, t.Ends), appendUint32s(nil, t.Starts))
		if t != &st.LinkedFrom { // in a file of their own
			parts = append(parts, bincodec.AppendUint(nil, 0))
			continue
		}
		parts = append(parts, bincodec.AppendUint(nil, uint64(len(t.Data))), t.Data)
	}
	return writeRenamed(filepath.Join(dir, stateFile), parts)
}

// appendUint32s appends a count, then each number in 4 bytes, as
// readUint32s reads them: a table's ends or starts, read without a copy.
func appendUint32s(b []byte, ns []uint32) []byte {
	b = bincodec.AppendUint(slices.Grow(b, binary.MaxVarintLen64+4*len(ns)), uint64(len(ns)))
	for _, n := range ns {
		b = binary.LittleEndian.AppendUint32(b, n)
	}
	return b
}

// readUint32s reads what appendUint32s wrote; nil for none.
func readUint32s(r *bincodec.Reader) []uint32 {
	b := r.Bytes(4 * r.Len())
	if len(b) == 0 {
		return nil
	}
	ns := make([]uint32, len(b)/4)
	for i := range ns {
		ns[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return ns
}

// writeRenamed writes parts to a new file renamed to name.
func writeRenamed(name string, parts [][]byte) error {
	tmp := name + ".new"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	bufs := net.Buffers(parts)
	_, err = bufs.WriteTo(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, name)
}

// complete fills the state of this build for the next, once its output is
// in place: a cold build's, or a warm one's through staged; the heads,
// encoded since the pages were written, waited for.
func (cr *cacheRun) complete(staged *output.Staged) error {
	st := cr.next
	cr.srcLog.finish()
	cr.listLog.finish()
	st.sourceList, st.Sources = &cr.srcLog.keys, cr.srcLog.table()
	st.listingList, st.Listings = &cr.listLog.keys, cr.listLog.table()
	if cr.headsEncoded == nil {
		return errors.New("the build did not get as far as its pages")
	}
	if err := cr.headsEncoded(); err != nil {
		return err
	}
	st.Heads = cr.headLog.table()
	st.Always = sortedNames(cr.always)
	if staged != nil { // a cold build's went to the file files as they were written
		cr.files = openLog(filepath.Join(cr.dir, "files.new"), filepath.Join(cr.dir, "files"))
		cr.oldFiles.appendUpdated(cr.files, staged)
	}
	return cr.files.close()
}

// encodeHeads makes the next state's heads, from the results of every
// page, once they are all rendered and their anchors checked: a build
// with a cache does it on another core while it writes the search indexes.
func (cr *cacheRun) encodeHeads(results []pageResult) error {
	log := cr.headLog
	log.starts, log.ends = slices.Grow(log.starts, len(cr.pages)), slices.Grow(log.ends, len(cr.pages))
	var b []byte
	for i, p := range cr.pages {
		r := &results[i]
		// The head of a page not rendered is the last build's, unless its
		// search entry moved or its broken fragments changed.
		same := cr.same && cr.reuse[i] && r.entry == cr.old[i].Entry && slices.Equal(cr.broken[i], cr.old[i].AnchorFlaws)
		if same && !cr.checkHeads {
			start, end := cr.prev.Heads.span(i)
			log.reuse(cr.prev.Heads.get(i), start, end)
			continue
		}
		b = appendHead(b[:0], &pageHead{File: p.File, Source: cr.source[i], Written: r.written, Files: r.files, Summary: r.summary,
			Entry: r.entry, Tail: cr.tail[i], Fallbacks: r.fallbacks, Counted: r.counted, Flaws: r.flaws, AnchorFlaws: cr.broken[i]})
		if same && !bytes.Equal(b, cr.prev.Heads.get(i)) {
			return fmt.Errorf("build cache: the head of %s, not rendered, changed", p.File)
		}
		log.put(b)
	}
	return log.flush() // its error, if any, is the log's
}

// reusedPages counts the pages whose last result is taken.
func (s *Site) reusedPages() int {
	n := 0
	for _, r := range s.cache.reuse {
		if r {
			n++
		}
	}
	return n
}

// sidebarChecks are the anchors and flaws of the sidebars: with the same
// graph, the last build's (this one built only the sidebars of the pages it
// rendered).
func (s *Site) sidebarChecks() ([]page.AnchorRef, []flaw.Flaw) {
	cr := s.cache
	if cr.graphSame() {
		cr.next.Sidebar = cr.prev.Sidebar
		return cr.anchorRefs(cr.prev.Sidebar.Anchors, nil), slices.Clone(cr.prev.Sidebar.Flaws)
	}
	anchors, flaws := s.SidebarChecks()
	if cr != nil {
		cr.next.Sidebar = sidebarRecord{Anchors: cr.anchorRecords(anchors), Flaws: slices.Clone(flaws)}
	}
	return anchors, flaws
}

// indexOf maps each key to its index.
func indexOf(keys []string) map[string]int {
	m := make(map[string]int, len(keys))
	for i, k := range keys {
		m[k] = i
	}
	return m
}

// sortedNames is names sorted, without repeats.
func sortedNames(names []string) []string {
	names = slices.Clone(names)
	slices.Sort(names)
	return slices.Compact(names)
}
