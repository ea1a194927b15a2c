package search

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"maps"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"statusdocs/generator/flaw"
	"statusdocs/generator/internal/bincodec"
)

const (
	chunkSize   = 8
	maxPostings = 256
	cutAt       = maxPostings + maxPostings/4 // postings a token gathers before they are cut to the best
	shardSize   = 16 << 10                    // bytes of a shard of terms, about
	avgBody     = 3000                        // bytes of a page's body, taken as the average
	maxText     = 256 << 10                   // bytes of a page's text that are indexed (SectionsOf)
	maxHeading  = 120                         // bytes of a heading that results show
	maxSections = 100                         // sections of a page; the text under more goes to the last
)

// Doc is a page as the index sees it.
type Doc struct {
	Title, URL, Code string
	Fallback         bool // shown in English: not translated
	Sections         []Section
}

// Section is the text under a heading; the first section of a page is
// its text before any heading, with no ID.
type Section struct {
	ID, Heading, Text string
}

// Fields of a token, best last; a posting's weight is its field times 16
// plus how short the field is (see weight).
const (
	bodyField = 1 + iota
	headingField
	titleField
	codeField
)

// weights is one more than the highest weight: a shard writes a posting's
// weight and section as WEIGHT + weights × SECTION.
const weights = codeField*16 + 16

// Term is a distinct token of a document and the best place it is in:
// its weight (see weight) and section (for the body, the one whose text
// has it most).
type Term struct {
	Text    string
	Weight  int
	Section int
}

// Entry is what the index keeps of a document: its terms and its
// sections' ids and headings. The text of a section, for an excerpt, is
// the search engine's to read from the page's markdown twin.
type Entry struct {
	Terms []Term
	Heads [][2]string // each section's ID and heading
	heads []byte      // Heads as JSON, which the index keeps (once for all the locales that show the page)
}

// Analyze splits a document into its terms.
func Analyze(d Doc) Entry {
	size := len(d.Title)
	for _, sec := range d.Sections {
		size += len(sec.Heading) + len(sec.Text)
	}
	a := analyses.Get().(*analysis)
	defer a.release()
	e := Entry{Heads: make([][2]string, len(d.Sections))}
	a.note(d.Code, codeField, 0)
	a.note(d.Title, titleField, 0)
	length := 0 // bytes of the body
	for s, sec := range d.Sections {
		e.Heads[s] = [2]string{sec.ID, cut(sec.Heading, maxHeading)}
		a.note(sec.Heading, headingField, s)
		length += len(sec.Text)
		eachToken(sec.Text, Bigrams, false, func(tok Token) { a.term(tok.Text).count(int32(s)) })
	}
	e.heads = headsJSON(e.Heads)
	e.Terms = make([]Term, len(a.terms))
	for i, t := range a.terms {
		if t.weight > 0 { // a word of the code, title or a heading weighs more than any of the body
			e.Terms[i] = Term{t.text, int(t.weight), int(t.section)}
		} else {
			e.Terms[i] = Term{t.text, bodyWeight(int(t.total), length), int(t.best)}
		}
	}
	return e
}

// analyses are analysis values to reuse: a build analyzes every page, and
// a page's map and list of tokens are the most of what that allocates.
var analyses = sync.Pool{New: func() any { return &analysis{index: map[string]int32{}} }}

// release empties a and puts it back in analyses.
func (a *analysis) release() {
	clear(a.index)
	a.terms, a.toks, a.buf = a.terms[:0], a.toks[:0], a.buf[:0]
	analyses.Put(a)
}

// analysis is what Analyze knows of a document's tokens so far.
type analysis struct {
	index map[string]int32 // token, folded or as the text has it → its place in terms
	terms []termState
	toks  []string // the tokens of a text, not folded (split)
	buf   []byte
}

// termState is what Analyze knows of a token: its best weight and section
// in the code, title and headings (weight 0 when in none of them), and
// how often it is in the body: in all, and in the section that has it
// most (the first of those).
type termState struct {
	text                         string
	weight, section              int32
	total, best, inSection, most int32
	current                      int32 // the section counted in inSection
}

// split gives the tokens of text, not folded, in a slice that the next
// call reuses.
func (a *analysis) split(text string) []string {
	a.toks = a.toks[:0]
	eachToken(text, Bigrams, false, func(tok Token) { a.toks = append(a.toks, tok.Text) })
	return a.toks
}

// term is the state of a token as the text has it; it is valid until the
// next call. A token is folded once a page: then its form in the text
// leads to its state as well as its folded form.
func (a *analysis) term(raw string) *termState {
	if i, ok := a.index[raw]; ok {
		return &a.terms[i]
	}
	a.buf = appendFold(a.buf[:0], raw)
	changed := string(a.buf) != raw // else, as raw is not there, its folded form is not: most tokens are folded already
	var i int32
	var ok bool
	if changed {
		i, ok = a.index[string(a.buf)]
	}
	if !ok {
		i = int32(len(a.terms))
		t := string(a.buf) // a copy, which does not keep the page's text
		a.terms = append(a.terms, termState{text: t, current: -1})
		if changed {
			a.index[t] = i
		}
	}
	a.index[raw] = i
	return &a.terms[i]
}

// note notes the tokens of the code, title or a heading.
func (a *analysis) note(text string, field, section int) {
	w := weight(field, len(a.split(text)))
	for _, raw := range a.toks {
		if t := a.term(raw); w > int(t.weight) {
			t.weight, t.section = int32(w), int32(section)
		}
	}
}

// count counts a token of the body in a section.
func (t *termState) count(section int32) {
	t.total++
	if section != t.current {
		t.current, t.inSection = section, 0
	}
	t.inSection++
	if t.inSection > t.most {
		t.most, t.best = t.inSection, section
	}
}

// weight is the weight of a token of the code, title or a heading: the
// field times 16, plus 0 to 15 for how short the field is in tokens (15 −
// the bits of the count), so that a word of a short title outweighs one
// of a long title.
func weight(field, tokens int) int {
	return field*16 + 15 - min(15, bits.Len(uint(tokens)))
}

// bodyWeight is the weight of a token of the body: 16 plus 1 to 15 for
// how often it is there, for the body's length in bytes. It grows with
// the count and levels off (BM25's saturation, with k1 1.2 and b 0.75 and
// an average body of avgBody bytes), so that a page about a word
// outweighs one that names it once. The length is in bytes, not tokens,
// so that a page in Chinese or Japanese, which has about as many bigrams
// as characters, is not taken for several times as long as the same page
// in English.
func bodyWeight(count, length int) int {
	tf := float64(count)
	norm := 1.2 * (0.25 + 0.75*float64(length)/avgBody)
	return bodyField*16 + max(1, min(15, int(math.Round(15*tf/(tf+norm)))))
}

// Index gathers the postings of a locale's documents, from any number of
// goroutines, and writes them as the files of the package doc. Documents
// are numbered by whoever adds them; a number never added is a gap (null
// in its chunk), which a query skips.
type Index struct {
	mu       sync.Mutex
	postings map[string]*postings
	docs     []docInfo
	keep     bool // keep every posting, so that a document can be replaced
	workers  int  // goroutines Files encodes with (SetWorkers)
	// With keep, once Files has been called: each document's terms, the
	// shards as written then (each one's first token), every token in
	// order, and the shards and chunks changed since.
	docTerms []([]string)
	firsts   []string
	sorted   []string
	dirty    map[string]bool // files to write again: "t-K", "d-K"
}

type posting struct {
	doc     int32
	section uint8 // sections of a page are fewer: see maxSections
	weight  uint8
}

// postings are a token's postings. Once they have been cut to the best
// maxPostings, floor is the weight of the last: a posting below it can
// never be among the best, and is not kept.
type postings struct {
	list  []posting
	floor uint8
}

// docInfo is what a chunk holds of a document.
type docInfo struct {
	Doc
	added bool
	heads json.RawMessage // headsJSON
}

// NewIndex returns an empty index. With keep, it holds every posting and
// adding a document that is there replaces it (the preview server);
// without, a token keeps
// about its best maxPostings postings while documents are added, so that
// memory stays bounded on a large site.
func NewIndex(keep bool) *Index {
	return &Index{postings: map[string]*postings{}, keep: keep}
}

// Add adds document n with its entry's terms.
func (ix *Index) Add(n int, d Doc, e *Entry) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for len(ix.docs) <= n {
		ix.docs = append(ix.docs, docInfo{})
	}
	if ix.keep {
		ix.replace(n, e)
	}
	d.Sections = nil
	ix.docs[n] = docInfo{Doc: d, added: true, heads: entryHeads(e)}
	for _, t := range e.Terms {
		ps := ix.postings[t.Text]
		if ps == nil {
			ps = &postings{}
			ix.postings[t.Text] = ps
			ix.insert(t.Text)
		}
		if uint8(t.Weight) < ps.floor {
			continue
		}
		ps.list = append(ps.list, posting{int32(n), uint8(t.Section), uint8(t.Weight)})
		if !ix.keep && len(ps.list) >= cutAt {
			ps.list, ps.floor = keepBest(ps.list)
			if cap(ps.list) > cutAt { // grown by append: what is kept needs no more
				ps.list = append(make([]posting, 0, cutAt), ps.list...)
			}
		}
	}
}

// replace takes out what the index holds of document n, when it holds
// it, notes the terms it will have, and which shards that changes: those
// of the tokens whose posting of n is new, other or gone (keep only).
func (ix *Index) replace(n int, e *Entry) {
	for len(ix.docTerms) <= n {
		ix.docTerms = append(ix.docTerms, nil)
	}
	was := map[string]posting{}
	for _, tok := range ix.docTerms[n] {
		ps := ix.postings[tok]
		if ps == nil {
			continue
		}
		ps.list = slices.DeleteFunc(ps.list, func(p posting) bool {
			if p.doc == int32(n) {
				was[tok] = p
			}
			return p.doc == int32(n)
		})
		if len(ps.list) == 0 {
			delete(ix.postings, tok)
			if i, ok := slices.BinarySearch(ix.sorted, tok); ok && ix.firsts != nil {
				ix.sorted = slices.Delete(ix.sorted, i, i+1)
			}
		}
	}
	terms := make([]string, len(e.Terms))
	for i, t := range e.Terms {
		terms[i] = t.Text
		if p, ok := was[t.Text]; !ok || p.weight != uint8(t.Weight) || p.section != uint8(t.Section) {
			ix.touch(t.Text)
		}
		delete(was, t.Text)
	}
	for tok := range was { // gone from the document
		ix.touch(tok)
	}
	ix.docTerms[n] = terms
	if ix.dirty != nil {
		ix.dirty[fmt.Sprintf("d-%d", n/chunkSize)] = true
	}
}

// touch notes that the shard of tok is to be written again.
func (ix *Index) touch(tok string) {
	if ix.firsts != nil {
		ix.dirty[fmt.Sprintf("t-%d", shardOf(ix.firsts, tok))] = true
	}
}

// insert adds a new token to the tokens in order, once they are kept.
func (ix *Index) insert(tok string) {
	if ix.firsts != nil {
		i, _ := slices.BinarySearch(ix.sorted, tok)
		ix.sorted = slices.Insert(ix.sorted, i, tok)
	}
}

// shardOf is the shard whose range holds tok: the last whose first token
// is not after it, the first for a token before them all (as the search
// engine looks it up).
func shardOf(firsts []string, tok string) int {
	k, found := slices.BinarySearch(firsts, tok)
	if !found {
		k--
	}
	return max(k, 0)
}

// keepBest keeps the best maxPostings of ps, in place and in the order of
// documents: those of the highest weights, and of the last weight kept,
// the first documents. It returns them with that last weight. Postings
// in the order of documents, as most tokens' are (documents are added in
// order), are kept in one pass, without sorting; others are sorted by
// document first.
func keepBest(ps []posting) ([]posting, uint8) {
	if !inDocOrder(ps) {
		slices.SortFunc(ps, func(a, b posting) int { return cmp.Compare(a.doc, b.doc) })
	}
	var count [256]int
	for _, p := range ps {
		count[p.weight]++
	}
	floor, above := 255, 0 // postings of a weight over floor
	for ; floor > 0 && above+count[floor] < maxPostings; floor-- {
		above += count[floor]
	}
	need := maxPostings - above // of weight floor, the first documents
	kept := ps[:0]
	for _, p := range ps {
		switch {
		case int(p.weight) > floor:
			kept = append(kept, p)
		case int(p.weight) == floor && need > 0:
			kept = append(kept, p)
			need--
		}
	}
	return kept, uint8(floor)
}

// SetWorkers sets how many goroutines Files encodes the postings and
// the documents with: 1, the default, where several indexes are written
// at once; more where one is written alone (a warm build that changed
// the pages of one locale), so that the cores it leaves idle help. With
// more than one, Files holds every term's encoding until it has yielded
// the shards.
func (ix *Index) SetWorkers(n int) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.workers = n
}

// Files yields the index's files, by name (see the package doc), one at
// a time: a locale's index of 10,000 pages is some 30 MB of JSON, and a
// file is garbage once written. With keep, the second call on yields
// only the files that changed, the shards as first written: a token that
// is new goes to the shard whose range holds it. The index is locked
// while the files are yielded.
func (ix *Index) Files() iter.Seq2[string, []byte] {
	return func(yield func(string, []byte) bool) {
		ix.mu.Lock()
		defer ix.mu.Unlock()
		if ix.keep && ix.firsts != nil {
			for _, name := range slices.Sorted(maps.Keys(ix.dirty)) {
				var k int
				var data []byte
				if _, err := fmt.Sscanf(name, "t-%d", &k); err == nil {
					data = ix.shard(k)
				} else if _, err := fmt.Sscanf(name, "d-%d", &k); err == nil {
					data = ix.chunk(k)
				} else {
					continue
				}
				delete(ix.dirty, name)
				if !yield(name+".json", data) {
					return
				}
			}
			yield("meta.json", ix.meta(ix.firsts))
			return
		}
		var sh sharder
		sorted := slices.Sorted(maps.Keys(ix.postings))
		chunks := make([][]byte, (len(ix.docs)+chunkSize-1)/chunkSize)
		terms := ix.encodeAhead(sorted, chunks)
		var term []byte
		for i, tok := range sorted {
			if terms != nil {
				term = terms[i]
			} else {
				term = ix.appendTerm(term[:0], tok)
			}
			if k, data := sh.add(tok, term); data != nil && !yield(shardName(k), data) {
				return
			}
		}
		if k, data := sh.end(); data != nil && !yield(shardName(k), data) {
			return
		}
		firsts := sh.firsts
		if ix.keep {
			ix.firsts, ix.sorted, ix.dirty = firsts, sorted, map[string]bool{}
		}
		for k, data := range chunks {
			if data == nil {
				data = ix.chunk(k)
			}
			if !yield(chunkName(k), data) {
				return
			}
		}
		yield("meta.json", ix.meta(firsts))
	}
}

// sharder splits terms, in the order of their tokens, into shards of
// about shardSize bytes, as Files writes them.
type sharder struct {
	firsts []string // each shard's first token
	shard  []byte   // the shard being filled
}

// add adds a token's term; it returns the shard that this ends, if any,
// with its number.
func (s *sharder) add(tok string, term []byte) (k int, done []byte) {
	if len(s.shard) == 0 || len(s.shard) >= shardSize {
		k, done = s.end()
		s.firsts = append(s.firsts, tok)
		s.shard = append(s.shard, '{')
	} else {
		s.shard = append(s.shard, ',')
	}
	s.shard = append(s.shard, term...)
	return k, done
}

// end returns the shard being filled, closed, with its number; nil when
// there is none.
func (s *sharder) end() (k int, done []byte) {
	if len(s.shard) == 0 {
		return 0, nil
	}
	done, s.shard = append(s.shard, '}'), nil
	return len(s.firsts) - 1, done
}

func shardName(k int) string { return "t-" + strconv.Itoa(k) + ".json" }

func chunkName(k int) string { return "d-" + strconv.Itoa(k) + ".json" }

// encodeAhead encodes, with SetWorkers' goroutines, the terms of the
// tokens of sorted into terms (the term of sorted[i] is terms[i]) and
// the chunks of documents into chunks, for Files to join. With one worker
// it encodes nothing and returns nil.
func (ix *Index) encodeAhead(sorted []string, chunks [][]byte) (terms [][]byte) {
	if ix.workers <= 1 {
		return nil
	}
	// Each part is a range of tokens, encoded into one buffer; the chunks
	// are the last part.
	terms = make([][]byte, len(sorted))
	parts := ix.workers
	flaw.Parallel(ix.workers, parts+1, func(k int) {
		if k == parts {
			for c := range chunks {
				chunks[c] = ix.chunk(c)
			}
			return
		}
		lo, hi := k*len(sorted)/parts, (k+1)*len(sorted)/parts
		var buf []byte
		ends := make([]int, hi-lo)
		for i, tok := range sorted[lo:hi] {
			buf = ix.appendTerm(buf, tok)
			ends[i] = len(buf)
		}
		start := 0
		for i, end := range ends {
			terms[lo+i] = buf[start:end:end]
			start = end
		}
	})
	return terms
}

// appendTerm appends a token and its best postings, as a shard has them:
// by document, each as the gap from the one before and its weight and
// section in one number (see the package doc).
func (ix *Index) appendTerm(b []byte, tok string) []byte {
	kept := ix.postings[tok].list
	// Most tokens have few postings, added in the order of documents:
	// then they are all kept, in that order.
	if len(kept) > maxPostings || !inDocOrder(kept) {
		kept, _ = keepBest(slices.Clone(kept))
	}
	return appendPostings(b, tok, kept)
}

// appendPostings appends a token and its postings kept, as a shard has
// them.
func appendPostings(b []byte, tok string, kept []posting) []byte {
	b = appendJSONString(b, tok)
	b = append(b, ":["...)
	var last int32
	for i, p := range kept {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(strconv.AppendInt(b, int64(p.doc-last), 10), ',')
		b = strconv.AppendInt(b, int64(p.weight)+weights*int64(p.section), 10)
		last = p.doc
	}
	return append(b, ']')
}

// inDocOrder reports whether each posting is of a later document than the
// one before.
func inDocOrder(ps []posting) bool {
	for i := 1; i < len(ps); i++ {
		if ps[i].doc <= ps[i-1].doc {
			return false
		}
	}
	return true
}

// shard is shard k as it is now: the tokens in its range (keep only).
func (ix *Index) shard(k int) []byte {
	lo := 0
	if k > 0 {
		lo, _ = slices.BinarySearch(ix.sorted, ix.firsts[k])
	}
	hi := len(ix.sorted)
	if k+1 < len(ix.firsts) {
		hi, _ = slices.BinarySearch(ix.sorted, ix.firsts[k+1])
	}
	b := []byte{'{'}
	for i, tok := range ix.sorted[lo:hi] {
		if i > 0 {
			b = append(b, ',')
		}
		b = ix.appendTerm(b, tok)
	}
	return append(b, '}')
}

// chunk is the file of the documents of chunk k: each [title, URL, code,
// fallback, headings] (null for a number no document has), as mustJSON
// writes it, without reflection.
func (ix *Index) chunk(k int) []byte {
	b := []byte{'['}
	for i, d := range ix.docs[k*chunkSize : min(len(ix.docs), (k+1)*chunkSize)] {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendDoc(b, d)
	}
	return append(b, ']')
}

// appendDoc appends what a chunk holds of a document.
func appendDoc(b []byte, d docInfo) []byte {
	if !d.added {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for _, s := range []string{d.Title, d.URL, d.Code} {
		b = append(appendJSONString(b, s), ',')
	}
	b = append(strconv.AppendBool(b, d.Fallback), ',')
	if len(d.heads) == 0 { // none, or cut from a damaged cache
		b = append(b, "null"...)
	} else {
		b = append(b, d.heads...) // compact: headsJSON's
	}
	return append(b, ']')
}

// meta is meta.json, with the shards that start at firsts.
func (ix *Index) meta(firsts []string) []byte {
	translated := 0
	for _, d := range ix.docs {
		if d.added && !d.Fallback {
			translated++
		}
	}
	return metaJSON(len(ix.docs), translated, firsts)
}

// metaJSON is meta.json: the version of the files, how many documents
// they hold and how many of those are not fallbacks, how many documents
// a chunk holds, and each shard's first token.
func metaJSON(docs, translated int, firsts []string) []byte {
	return mustJSON(indexMeta{V: metaVersion, Docs: docs, Translated: translated, Chunk: chunkSize, Shards: firsts})
}

const metaVersion = 4

type indexMeta struct {
	Chunk      int      `json:"chunk"`
	Docs       int      `json:"docs"`
	Shards     []string `json:"shards"`
	Translated int      `json:"translated"`
	V          int      `json:"v"`
}

// headsJSON is the headings of a document's sections as a chunk has them
// (see the package doc): [ID, HEADING], or HEADING alone when it is ASCII
// and ID is HEADING lowercased with "_" for each space, as most are.
func headsJSON(heads [][2]string) []byte {
	list := make([]any, len(heads))
	for i, h := range heads {
		if h[0] == implicitID(h[1]) {
			list[i] = h[1]
		} else {
			list[i] = h
		}
	}
	return mustJSON(list)
}

// implicitID is the id a chunk leaves out for an ASCII heading (the search
// engine lowercases it as Go does only there); "\x00" for another.
func implicitID(heading string) string {
	for i := range len(heading) {
		if heading[i] >= utf8.RuneSelf {
			return "\x00"
		}
	}
	return strings.ReplaceAll(strings.ToLower(heading), " ", "_")
}

// cut is s cut to at most n bytes, at a rune boundary.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// appendJSONString appends s as a JSON string, as mustJSON writes it: a
// token is a word, which needs no escape but the quotes around it, and
// encoding/json costs a dozen allocations for each of the tens of
// thousands of tokens of an index. Anything else (an escape, U+2028 or
// U+2029, bytes that are not UTF-8) goes through it.
func appendJSONString(b []byte, s string) []byte {
	if !utf8.ValidString(s) || strings.ContainsRune(s, '\u2028') || strings.ContainsRune(s, '\u2029') {
		return append(b, mustJSON(s)...)
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' {
			return append(b, mustJSON(s)...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// mustJSON is v as JSON, "<", ">" and "&" as they are: the files are read
// as JSON, never as HTML, and the text of pages has many of them (6 bytes
// each, escaped).
func mustJSON(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err) // strings, numbers and lists only
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// entryHeads is the JSON of an entry's headings: Analyze's, or made for
// an Entry that Analyze did not make.
func entryHeads(e *Entry) []byte {
	if e.heads != nil {
		return e.heads
	}
	return headsJSON(e.Heads)
}

// AppendEntry appends what the index needs of an entry (its terms and
// headings) to b, for a build
// cache, in package bincodec's encoding; DecodeEntry reads it back.
func AppendEntry(b []byte, e *Entry) []byte {
	b = bincodec.AppendString(b, string(entryHeads(e)))
	b = bincodec.AppendUint(b, uint64(len(e.Terms)))
	for _, t := range e.Terms {
		b = bincodec.AppendString(b, t.Text)
		b = bincodec.AppendUint(b, uint64(t.Weight))
		b = bincodec.AppendUint(b, uint64(t.Section))
	}
	return b
}

// DecodeEntry reads an entry AppendEntry wrote, without its Heads (the
// index keeps their JSON, which it has). Its tokens are taken from intern
// when there, and added to it, so that the entries of a locale share
// their strings; with a nil intern, they share b (bincodec.NewSharedReader),
// which must not change after.
func DecodeEntry(b []byte, intern map[string]string) (Entry, error) {
	r := bincodec.NewReader(b)
	if intern == nil {
		r = bincodec.NewSharedReader(b)
	}
	e := Entry{heads: r.Bytes(r.Len())}
	e.Terms = make([]Term, r.Len())
	for i := range e.Terms {
		var text string
		if intern == nil {
			text = r.String()
		} else {
			raw := r.Bytes(r.Len())
			var known bool
			if text, known = intern[string(raw)]; !known {
				text = string(raw)
				intern[text] = text
			}
		}
		e.Terms[i] = Term{text, int(r.Uint()), int(r.Uint())}
	}
	if r.Err() {
		return Entry{}, errors.New("search: cached entry does not decode")
	}
	return e, nil
}
