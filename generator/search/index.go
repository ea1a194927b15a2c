package search

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

const (
	chunkSize     = 8
	maxPostings   = 256
	maxPiece      = 1 << 10  // bytes of a piece of a section's text, at most
	piecesPerFile = 4        // pieces in a file of excerpts
	shardSize     = 16 << 10 // bytes of a shard of terms, about
	avgBody       = 500      // tokens of a page's body, taken as the average
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

// Term is a distinct token of a document and the best place it is in:
// its weight (see weight) and section.
type Term struct {
	Text    string
	Weight  int
	Section int
}

// Entry is what the index keeps of a document: its terms, its sections'
// ids and headings, and their text in pieces of at most maxPiece bytes,
// for excerpts. A term's Section is a piece.
type Entry struct {
	Terms  []Term
	Heads  [][2]string // each section's ID and heading
	Pieces []Piece
}

// Piece is a piece of the text of a section.
type Piece struct {
	Section int
	Text    string
}

// Analyze splits a document into its terms.
func Analyze(d Doc) Entry {
	best := map[string]Term{}
	var toks []string
	split := func(text string) []string {
		toks = toks[:0]
		eachToken(text, Unigrams, func(tok Token) { toks = append(toks, tok.Text) })
		return toks
	}
	note := func(text string, field, section int) {
		w := weight(field, len(split(text)))
		for _, tok := range toks {
			if old, ok := best[tok]; !ok || w > old.Weight {
				best[tok] = Term{tok, w, section}
			}
		}
	}
	e := Entry{Heads: make([][2]string, len(d.Sections))}
	note(d.Code, codeField, 0)
	note(d.Title, titleField, 0)
	body := map[string]*bodyCount{}
	length := 0
	for s, sec := range d.Sections {
		e.Heads[s] = [2]string{sec.ID, sec.Heading}
		note(sec.Heading, headingField, len(e.Pieces))
		for _, text := range pieces(sec.Text, maxPiece) {
			at := len(e.Pieces)
			e.Pieces = append(e.Pieces, Piece{s, text})
			length += len(split(text))
			for _, tok := range toks {
				c := body[tok]
				if c == nil {
					c = &bodyCount{section: at}
					body[tok] = c
				}
				c.add(at)
			}
		}
	}
	for tok, c := range body {
		if _, ok := best[tok]; !ok { // a word of the title or a heading weighs more
			best[tok] = Term{tok, bodyWeight(c.total, length), c.section}
		}
	}
	e.Terms = slices.AppendSeq(make([]Term, 0, len(best)), maps.Values(best))
	return e
}

// bodyCount counts a token in a page's body: in all, and in the piece
// that has it most (the first of those).
type bodyCount struct {
	total, section, inSection, most int
	current                         int // the section counted in inSection
}

func (c *bodyCount) add(section int) {
	c.total++
	if section != c.current {
		c.current, c.inSection = section, 0
	}
	c.inSection++
	if c.inSection > c.most {
		c.most, c.section = c.inSection, section
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
// how often it is there, for the body's length in tokens. It grows with
// the count and levels off (BM25's saturation, with k1 1.2 and b 0.75 and
// an average body of avgBody tokens), so that a page about a word
// outweighs one that names it once.
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
	keep     bool // keep every posting, for Replace
}

type posting struct{ doc, weight, section int32 }

// postings are a token's postings. Once they have been cut to the best
// maxPostings, floor is the weight of the last: a posting below it can
// never be among the best, and is not kept.
type postings struct {
	list  []posting
	floor int32
}

// docInfo is what a chunk holds of a document.
type docInfo struct {
	Doc
	added    bool
	heads    [][2]string
	excerpts string
}

// NewIndex returns an empty index. With keep, it holds every posting and
// adding a document that is there replaces it (the preview server);
// without, a token keeps
// about its best maxPostings postings while documents are added, so that
// memory stays bounded on a large site.
func NewIndex(keep bool) *Index {
	return &Index{postings: map[string]*postings{}, keep: keep}
}

// Add adds document n with its entry's terms. excerpts is the site path
// of the files of its pieces, less "-G.json" (Excerpts makes them).
func (ix *Index) Add(n int, d Doc, e *Entry, excerpts string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for len(ix.docs) <= n {
		ix.docs = append(ix.docs, docInfo{})
	}
	if ix.keep && ix.docs[n].added {
		ix.remove(int32(n))
	}
	d.Sections = nil
	ix.docs[n] = docInfo{Doc: d, added: true, heads: e.Heads, excerpts: excerpts}
	for _, t := range e.Terms {
		ps := ix.postings[t.Text]
		if ps == nil {
			ps = &postings{}
			ix.postings[t.Text] = ps
		}
		if int32(t.Weight) < ps.floor {
			continue
		}
		ps.list = append(ps.list, posting{int32(n), int32(t.Weight), int32(t.Section)})
		if !ix.keep && len(ps.list) >= 2*maxPostings {
			ps.list = best(ps.list)
			ps.floor = ps.list[len(ps.list)-1].weight
		}
	}
}

// remove removes document n's postings.
func (ix *Index) remove(n int32) {
	for tok, ps := range ix.postings {
		ps.list = slices.DeleteFunc(ps.list, func(p posting) bool { return p.doc == n })
		if len(ps.list) == 0 {
			delete(ix.postings, tok)
		}
	}
}

// best is the best maxPostings of ps, by weight then document: the same
// whatever order they were added in.
func best(ps []posting) []posting {
	slices.SortFunc(ps, func(a, b posting) int { return cmp.Or(cmp.Compare(b.weight, a.weight), cmp.Compare(a.doc, b.doc)) })
	return ps[:min(len(ps), maxPostings)]
}

// Excerpts are the files of an entry's pieces, by the name they add to
// its excerpts path: "-G.json" holds the pieces G*piecesPerFile on, as
// [[SECTION, TEXT]…].
func Excerpts(e *Entry) map[string][]byte {
	files := map[string][]byte{}
	for g := 0; g*piecesPerFile < len(e.Pieces); g++ {
		var list [][2]any
		for _, p := range e.Pieces[g*piecesPerFile : min(len(e.Pieces), (g+1)*piecesPerFile)] {
			list = append(list, [2]any{p.Section, p.Text})
		}
		files["-"+strconv.Itoa(g)+".json"] = mustJSON(list)
	}
	return files
}

// pieces cuts text into pieces of at most n bytes, each cut after a space
// or a CJK full stop or comma in its second half where there is one, else
// at a character.
func pieces(text string, n int) []string {
	if text == "" {
		return []string{""}
	}
	var out []string
	for len(text) > n {
		at := cut(text, n)
		if i := strings.LastIndexAny(at, " 。，、；"); i >= n/2 {
			_, size := utf8.DecodeRuneInString(at[i:])
			at = at[:i+size]
		}
		out = append(out, strings.TrimSpace(at))
		text = text[len(at):]
	}
	return append(out, strings.TrimSpace(text))
}

// Files returns the index's files, by name (see the package doc).
func (ix *Index) Files() map[string][]byte {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	files := map[string][]byte{}
	var firsts []string // each shard's first token
	var shard bytes.Buffer
	var num []byte
	flush := func() {
		if shard.Len() > 0 {
			shard.WriteByte('}')
			files[fmt.Sprintf("t-%d.json", len(firsts)-1)] = bytes.Clone(shard.Bytes())
			shard.Reset()
		}
	}
	for _, tok := range slices.Sorted(maps.Keys(ix.postings)) {
		ps := best(slices.Clone(ix.postings[tok].list))
		if shard.Len() == 0 || shard.Len() >= shardSize {
			flush()
			firsts = append(firsts, tok)
			shard.WriteByte('{')
		} else {
			shard.WriteByte(',')
		}
		shard.Write(mustJSON(tok))
		shard.WriteString(":[")
		for i, p := range ps {
			if i > 0 {
				shard.WriteByte(',')
			}
			num = strconv.AppendInt(num[:0], int64(p.doc), 10)
			num = append(strconv.AppendInt(append(num, ','), int64(p.weight), 10), ',')
			shard.Write(strconv.AppendInt(num, int64(p.section), 10))
		}
		shard.WriteByte(']')
	}
	flush()
	for k := 0; k*chunkSize < len(ix.docs); k++ {
		chunk := []any{}
		for _, d := range ix.docs[k*chunkSize : min(len(ix.docs), (k+1)*chunkSize)] {
			if !d.added {
				chunk = append(chunk, nil)
				continue
			}
			chunk = append(chunk, []any{d.Title, d.URL, d.Code, d.Fallback, d.heads, d.excerpts})
		}
		files[fmt.Sprintf("d-%d.json", k)] = mustJSON(chunk)
	}
	translated := 0
	for _, d := range ix.docs {
		if d.added && !d.Fallback {
			translated++
		}
	}
	files["meta.json"] = mustJSON(map[string]any{"v": 2, "docs": len(ix.docs), "translated": translated,
		"chunk": chunkSize, "shards": firsts})
	return files
}

// Build returns the files of an index of docs, numbered in order, with the
// excerpts of document N in x-N-G.json: what a locale's index is, made at
// once.
func Build(docs []Doc) map[string][]byte {
	ix := NewIndex(false)
	files := map[string][]byte{}
	for i, d := range docs {
		e := Analyze(d)
		name := fmt.Sprintf("x-%d", i)
		for suffix, data := range Excerpts(&e) {
			files[name+suffix] = data
		}
		ix.Add(i, d, &e, name)
	}
	maps.Copy(files, ix.Files())
	return files
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

func mustJSON(v any) []byte {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err) // strings, numbers and lists only
	}
	return data
}
