package build

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io/fs"
	"iter"
	"maps"
	"slices"

	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
	"statusdocs/generator/internal/bincodec"
	"statusdocs/generator/output"
	"statusdocs/generator/page"
)

// What the cache keeps of each page file and each page, each encoded on
// its own (package bincodec) in a table, so that a warm build decodes
// only what it needs: every page's head, the tails of a few. They are
// read with bincodec.NewSharedReader: the strings decoded share the bytes
// read from the cache's files, which nothing writes to once read.

// errCorrupt is a cache whose bytes are not what they should be.
var errCorrupt = errors.New("the build cache is damaged")

// table is a list of byte strings kept as one.
type table struct {
	Ends []uint32 // where each ends in Data
	// Starts: where each begins in Data, for a table in a file that builds
	// append to (spanLog), where a record stays where it was written; nil
	// where each begins where the one before ends.
	Starts []uint32
	Data   []byte
}

func (t *table) add(b []byte) {
	t.Data = append(t.Data, b...)
	t.Ends = append(t.Ends, uint32(len(t.Data)))
}

// grow makes room for n more byte strings of size bytes in all.
func (t *table) grow(n, size int) {
	t.Ends = slices.Grow(t.Ends, n)
	t.Data = slices.Grow(t.Data, size)
}

func (t *table) len() int { return len(t.Ends) }

// whole reports whether a table kept in a file of its own has n byte
// strings, each in the file.
func (t *table) whole(n int) bool {
	if t.len() != n || t.Starts != nil && len(t.Starts) != n {
		return false
	}
	if t.Starts == nil {
		return n == 0 || t.Ends[n-1] == uint32(len(t.Data))
	}
	for i, end := range t.Ends {
		if t.Starts[i] > end || end > uint32(len(t.Data)) {
			return false
		}
	}
	return true
}

// span is where byte string i is in Data; start > end for none.
func (t *table) span(i int) (start, end uint32) {
	switch {
	case i < 0 || i >= len(t.Ends) || t.Starts != nil && i >= len(t.Starts):
		return 1, 0
	case t.Starts != nil:
		start = t.Starts[i]
	case i > 0:
		start = t.Ends[i-1]
	}
	return start, t.Ends[i]
}

// maxEnd is where the last byte string ends in Data: how long a file that
// holds them all is at least.
func (t *table) maxEnd() int64 {
	end := uint32(0)
	for _, e := range t.Ends {
		end = max(end, e)
	}
	return int64(end)
}

// live is how many bytes of Data the byte strings take.
func (t *table) live() int {
	if t.Starts == nil {
		return len(t.Data)
	}
	n := 0
	for i := range t.Ends {
		if start, end := t.span(i); start <= end {
			n += int(end - start)
		}
	}
	return n
}

func (t *table) get(i int) []byte {
	start, end := t.span(i)
	if start > end || end > uint32(len(t.Data)) {
		return nil
	}
	return t.Data[start:end:end]
}

// cachedSource is a page file as the last build read it: its size and
// time, the hash of its bytes, the page they made (content.AppendPage;
// none for a page left out) and the flaws reading it found.
type cachedSource struct {
	Stat  fileStat
	Hash  output.Hash
	Page  []byte
	Flaws []flaw.Flaw
}

func appendSource(b []byte, s cachedSource) []byte {
	b = bincodec.AppendInt(b, s.Stat.Size)
	b = bincodec.AppendInt(b, s.Stat.Mtime)
	b = append(b, s.Hash[:]...)
	b = bincodec.AppendBool(b, s.Page != nil)
	b = bincodec.AppendString(b, string(s.Page))
	return appendFlaws(b, s.Flaws)
}

// sourceStat reads the size, time and hash of a cached source, and the
// rest for decodeSource.
func sourceStat(b []byte) (fileStat, output.Hash, *bincodec.Reader) {
	r := bincodec.NewSharedReader(b)
	st := fileStat{Size: r.Int(), Mtime: r.Int()}
	var h output.Hash
	copy(h[:], r.Bytes(len(h)))
	return st, h, r
}

func decodeSource(r *bincodec.Reader) (*content.Page, []flaw.Flaw, error) {
	hasPage := r.Bool()
	data := r.Bytes(r.Len())
	flaws := readFlaws(r)
	if r.Err() {
		return nil, nil, errCorrupt
	}
	if !hasPage {
		return nil, flaws, nil
	}
	p, err := content.DecodePage(data)
	return p, flaws, err
}

func appendFlaws(b []byte, flaws []flaw.Flaw) []byte {
	b = bincodec.AppendUint(b, uint64(len(flaws)))
	for _, f := range flaws {
		for _, s := range []string{f.Kind, f.File, f.Message, f.Suggestion} {
			b = bincodec.AppendString(b, s)
		}
		for _, n := range []int{int(f.Severity), f.Line, f.Col, f.More} {
			b = bincodec.AppendInt(b, int64(n))
		}
	}
	return b
}

func readFlaws(r *bincodec.Reader) []flaw.Flaw {
	n := r.Len()
	if n == 0 {
		return nil
	}
	flaws := make([]flaw.Flaw, n)
	for i := range flaws {
		f := &flaws[i]
		f.Kind, f.File, f.Message, f.Suggestion = r.String(), r.String(), r.String(), r.String()
		f.Severity, f.Line, f.Col, f.More = flaw.Severity(r.Int()), int(r.Int()), int(r.Int()), int(r.Int())
	}
	return flaws
}

func appendCounts(b []byte, m map[string]int) []byte {
	b = bincodec.AppendUint(b, uint64(len(m)))
	var room [16]string // a page's locales, mostly: sorted without allocating
	keys := room[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		b = bincodec.AppendInt(bincodec.AppendString(b, k), int64(m[k]))
	}
	return b
}

// appendKinds encodes counts by kind as appendCounts does a map.
func appendKinds(b []byte, c flaw.Counts) []byte {
	b = bincodec.AppendUint(b, uint64(len(c)))
	for _, k := range c {
		b = bincodec.AppendInt(bincodec.AppendString(b, k.Kind), int64(k.N))
	}
	return b
}

func readKinds(r *bincodec.Reader) flaw.Counts {
	n := r.Len()
	if n == 0 {
		return nil
	}
	c := make(flaw.Counts, n)
	for i := range c {
		c[i] = flaw.KindCount{Kind: r.String(), N: int(r.Int())}
	}
	return c
}

func readCounts(r *bincodec.Reader) map[string]int {
	n := r.Len()
	if n == 0 {
		return nil
	}
	m := make(map[string]int, n)
	for range n {
		k := r.String()
		m[k] = int(r.Int())
	}
	return m
}

func appendStrings(b []byte, list []string) []byte {
	b = bincodec.AppendUint(b, uint64(len(list)))
	for _, s := range list {
		b = bincodec.AppendString(b, s)
	}
	return b
}

func readStrings(r *bincodec.Reader) []string {
	n := r.Len()
	if n == 0 {
		return nil
	}
	list := make([]string, n)
	for i := range list {
		list[i] = r.String()
	}
	return list
}

// pageHead is what every warm build reads of a page's last result.
type pageHead struct {
	File        string
	Source      output.Hash // of its file and the files beside it
	Written     bool
	Files       int
	Summary     string   // its first paragraph, shortened, for llms.txt and status-codes.json
	Entry       [2]int64 // its search entry in entries-{locale}.bin: offset and length, 0 for none
	Tail        [2]int64 // its pageTail in the file tails
	Fallbacks   map[string]int
	Counted     flaw.Counts
	Flaws       []flaw.Flaw
	AnchorFlaws []flaw.Flaw // its links' broken fragments
}

func appendHead(b []byte, h *pageHead) []byte {
	b = bincodec.AppendString(b, h.File)
	b = append(b, h.Source[:]...)
	b = bincodec.AppendBool(b, h.Written)
	b = bincodec.AppendString(b, h.Summary)
	for _, n := range []int64{int64(h.Files), h.Entry[0], h.Entry[1], h.Tail[0], h.Tail[1]} {
		b = bincodec.AppendInt(b, n)
	}
	b = appendCounts(b, h.Fallbacks)
	b = appendKinds(b, h.Counted)
	b = appendFlaws(b, h.Flaws)
	return appendFlaws(b, h.AnchorFlaws)
}

func decodeHead(b []byte) (pageHead, error) {
	r := bincodec.NewSharedReader(b)
	h := pageHead{File: r.String()}
	copy(h.Source[:], r.Bytes(len(h.Source)))
	h.Written = r.Bool()
	h.Summary = r.String()
	h.Files, h.Entry[0], h.Entry[1], h.Tail[0], h.Tail[1] = int(r.Int()), r.Int(), r.Int(), r.Int(), r.Int()
	h.Fallbacks, h.Counted = readCounts(r), readKinds(r)
	h.Flaws, h.AnchorFlaws = readFlaws(r), readFlaws(r)
	if r.Err() {
		return h, errCorrupt
	}
	return h, nil
}

// pageTail is what a warm build reads of some pages only: the anchors of
// those whose links it checks again, the ids of those they link to, the
// files of those it renders again.
type pageTail struct {
	Anchors []anchorRecord
	IDs     page.IDs
	Outputs []string
}

type anchorRecord struct {
	From      string // the file the link is in
	Target    int    // index in Pages; -1 for none
	Frag      string
	Line, Col int
	Rewritten bool // the link named another locale than its target's
}

func appendTail(b []byte, t *pageTail) []byte {
	b = bincodec.AppendUint(b, uint64(len(t.Anchors)))
	for _, a := range t.Anchors {
		b = bincodec.AppendString(bincodec.AppendString(b, a.From), a.Frag)
		for _, n := range []int{a.Target, a.Line, a.Col} {
			b = bincodec.AppendInt(b, int64(n))
		}
		b = bincodec.AppendBool(b, a.Rewritten)
	}
	b = bincodec.AppendUint(b, uint64(t.IDs.Len()))
	for id := range t.IDs.All() {
		b = bincodec.AppendString(b, id)
	}
	return appendStrings(b, t.Outputs)
}

func decodeTail(b []byte) (pageTail, error) {
	r := bincodec.NewSharedReader(b)
	var t pageTail
	if n := r.Len(); n > 0 {
		t.Anchors = make([]anchorRecord, n)
		for i := range t.Anchors {
			a := &t.Anchors[i]
			a.From, a.Frag = r.String(), r.String()
			a.Target, a.Line, a.Col = int(r.Int()), int(r.Int()), int(r.Int())
			a.Rewritten = r.Bool()
		}
	}
	t.IDs, t.Outputs = page.IDsOf(readStrings(r)), readStrings(r)
	if r.Err() {
		return t, errCorrupt
	}
	return t, nil
}

// appendFile encodes a file of the output and its hash, as the file files
// has them, one after the other.
func appendFile(b []byte, name string, h output.Hash) []byte {
	return append(bincodec.AppendString(b, name), h[:]...)
}

// fileTable is the file files read: every file of the output and its
// hash, a record each (appendFile), found by a binary search of the
// records by name. A warm build writes them in order of name, so that the
// next one only checks it; a cold build writes them as its files are
// written, and the next build sorts them (the last record of a name wins,
// as the last write of a file does).
type fileTable struct {
	data []byte
	at   []int // where each name's record starts, in order of name
}

func readFiles(b []byte) (fileTable, error) {
	t := fileTable{data: b, at: make([]int, 0, len(b)/48)} // a record is some 30 bytes of name and 17 more
	r := bincodec.NewReader(b)
	sorted := true
	var last []byte
	for r.More() {
		t.at = append(t.at, len(b)-r.Left())
		name := r.Bytes(r.Len())
		r.Bytes(len(output.Hash{}))
		sorted = sorted && (len(t.at) == 1 || string(last) < string(name))
		last = name
	}
	if r.Bad() {
		return fileTable{}, errCorrupt
	}
	if !sorted {
		slices.SortStableFunc(t.at, func(x, y int) int { return bytes.Compare(t.name(x), t.name(y)) })
		kept := t.at[:0]
		for _, at := range t.at {
			if n := len(kept); n > 0 && bytes.Equal(t.name(kept[n-1]), t.name(at)) {
				kept[n-1] = at
				continue
			}
			kept = append(kept, at)
		}
		t.at = kept
	}
	return t, nil
}

// name is the name of the record at byte at, which readFiles checked.
func (t fileTable) name(at int) []byte {
	n, k := binary.Uvarint(t.data[at:])
	end := at + k + int(n)
	return t.data[at+k : end : end] // the data may be mapped read-only (plainfile.Map): an append copies
}

// record is the whole record at byte at.
func (t fileTable) record(at int) []byte {
	n, k := binary.Uvarint(t.data[at:])
	end := at + k + int(n) + len(output.Hash{})
	return t.data[at:end:end]
}

// Hash implements output.FileSet.
func (t fileTable) Hash(name string) (output.Hash, bool) {
	i, ok := slices.BinarySearchFunc(t.at, name, func(at int, name string) int {
		switch n := t.name(at); { // compared as strings without making them
		case string(n) < name:
			return -1
		case string(n) > name:
			return 1
		}
		return 0
	})
	if !ok {
		return output.Hash{}, false
	}
	rec := t.record(t.at[i])
	return output.Hash(rec[len(rec)-len(output.Hash{}):]), true
}

// Names implements output.FileSet.
func (t fileTable) Names() iter.Seq[string] {
	return func(yield func(string) bool) {
		for _, at := range t.at {
			if !yield(string(t.name(at))) {
				return
			}
		}
	}
}

// appendUpdated writes to log the records of the files of the site that a
// warm build updated from t (output.Staged.Update), in order of name: the
// files written, with their hashes, and the last build's other files
// unless all were dropped or they were. The last build's records that
// follow one another in t's bytes, as a warm build wrote them, are written
// as one: at 20,000 pages, 40,000 records were as many writes.
func (t fileTable) appendUpdated(log *appendLog, staged *output.Staged) {
	written, dropped, all := staged.Update()
	names := slices.Sorted(maps.Keys(written))
	run := [2]int{-1, -1} // t's records kept and not yet written: from, to
	flush := func() {
		if run[0] >= 0 {
			log.add(t.data[run[0]:run[1]])
			run = [2]int{-1, -1}
		}
	}
	var b []byte
	add := func(name string) {
		flush()
		b = appendFile(b[:0], name, written[name])
		log.add(b)
	}
	kept := t.at
	if all {
		kept = nil
	}
	for _, at := range kept {
		old := t.name(at)
		for len(names) > 0 && names[0] < string(old) {
			add(names[0])
			names = names[1:]
		}
		switch {
		case len(names) > 0 && names[0] == string(old):
			add(names[0])
			names = names[1:]
		case dropped[string(old)]:
			flush()
		case at == run[1]:
			run[1] += len(t.record(at))
		default:
			flush()
			run = [2]int{at, at + len(t.record(at))}
		}
	}
	flush()
	for _, name := range names {
		add(name)
	}
}

// appendListing encodes a folder's entries, with what lstat said of it.
func appendListing(b []byte, st fileStat, entries []fs.DirEntry) []byte {
	b = bincodec.AppendInt(bincodec.AppendInt(b, st.Size), st.Mtime)
	b = bincodec.AppendUint(b, uint64(len(entries)))
	for _, e := range entries {
		b = bincodec.AppendUint(bincodec.AppendString(b, e.Name()), uint64(e.Type()))
	}
	return b
}

func decodeListing(b []byte) (fileStat, []content.Entry, error) {
	r := bincodec.NewSharedReader(b)
	st := fileStat{Size: r.Int(), Mtime: r.Int()}
	entries := make([]content.Entry, r.Len())
	for i := range entries {
		entries[i] = content.Entry{Name: r.String(), Type: fs.FileMode(r.Uint())}
	}
	if r.Err() {
		return st, nil, errCorrupt
	}
	return st, entries, nil
}
