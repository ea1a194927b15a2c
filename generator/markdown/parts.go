package markdown

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"statusdocs/generator/flaw"
)

// A page of more than hugePage bytes of markdown is converted in parts of
// about partSize bytes, each parsed, resolved and written before the next
// is read: goldmark's tree of a page is five to six times the size of its
// markdown (280 MB for a page of 50 MB), and a whole tree of that size kept
// the garbage collector busy for 40% of the build.
//
// A part ends only where a paragraph at the top level of the page starts:
// there every block before has ended, and the blocks that follow are read
// the same whether the page starts there or not. Those places are found by
// a first pass that parses the page's blocks but not their inline content,
// which is most of a tree. The same pass gathers the page's link reference
// definitions, so that a link in one part finds its definition in another.
//
// The result is the whole page's (TestConvertInParts), but for what the
// site does with a part's HTML (Hooks.Written: raw HTML is cleaned part by
// part, so an element left open in one part ends with it), and the ids of
// raw HTML elements, which are taken before the ids of headings in their
// part, not in the whole page: an element's id that a heading in an
// earlier part already has stays a duplicate rather than moving the
// heading's id on to "_2".
const (
	hugePage = 4 << 20
	partSize = 1 << 20
)

// Converted is a page converted by Convert.
type Converted struct {
	HTML     string
	Headings []Heading
	Summary  string // see Document.Summary
}

// Convert parses, resolves and renders src: Parse, Resolve and Render in
// one, giving each problem Parse finds to h before resolving and the HTML
// to h.Written. ids holds ids already used on the page (none, usually).
func (m *Markdown) Convert(src []byte, h Hooks, ids IDSet) (Converted, error) {
	if ids == nil {
		ids = IDSet{}
	}
	var cuts []int
	var refs map[string]parser.Reference
	if len(src) > m.hugePage {
		cuts, refs = m.cuts(src)
	}
	var out Converted
	var html []string
	next := map[string]int{}
	highlighting := &highlightBudget{left: maxHighlightPage}
	docs := m.parseParts(src, cuts, refs)
	defer docs.stop()
	for range len(cuts) + 1 {
		d := docs.next()
		for _, p := range d.Problems {
			h.Problem(p)
		}
		d.resolve(h, ids, next)
		if out.Summary == "" {
			out.Summary = d.Summary()
		}
		out.Headings = append(out.Headings, d.Headings...)
		d.attachBudget(highlighting)
		var w htmlWriter
		if err := w.render(m, d); err != nil {
			return out, err
		}
		html = append(html, h.Written(w.String()))
	}
	if p, ok := highlighting.problem(); ok {
		h.Problem(p)
	}
	out.HTML = strings.Join(html, "")
	return out, nil
}

// parts are the parts of a page, parsed in order: a huge page's by a
// goroutine of their own, one part ahead of the one being resolved and
// written (which takes about as long as parsing it), so that the two go on
// at once and no more than two parts' trees are held.
type parts struct {
	first *Document // a page in one part: parsed at once
	docs  chan parsedPart
	done  chan struct{}
}

type parsedPart struct {
	d     *Document
	panic *flaw.Carried // what parsing the part panicked with, raised again by next
}

func (m *Markdown) parseParts(src []byte, cuts []int, refs map[string]parser.Reference) *parts {
	if len(cuts) == 0 {
		return &parts{first: m.parse(src, 0, len(src), refs)}
	}
	ps := &parts{docs: make(chan parsedPart), done: make(chan struct{})}
	go func() {
		defer close(ps.docs)
		for start, i := 0, 0; i <= len(cuts); i++ {
			end := len(src)
			if i < len(cuts) {
				end = cuts[i]
			}
			select {
			case <-ps.done:
				return
			default:
			}
			var part parsedPart
			func() {
				defer func() {
					if v := recover(); v != nil {
						part.panic = flaw.Carry(v)
					}
				}()
				part.d = m.parse(src, start, end, refs)
			}()
			select {
			case ps.docs <- part:
			case <-ps.done:
				return
			}
			if part.panic != nil {
				return
			}
			start = end
		}
	}()
	return ps
}

// next is the next part; a panic in parsing it panics here, in the
// goroutine that converts the page, where the build catches it and names
// the place it happened (flaw.Carried).
func (ps *parts) next() *Document {
	if ps.docs == nil {
		d := ps.first
		ps.first = nil
		return d
	}
	part := <-ps.docs
	if part.panic != nil {
		panic(part.panic)
	}
	return part.d
}

// stop lets the parsing goroutine end when the parts are not all taken.
func (ps *parts) stop() {
	if ps.done != nil {
		close(ps.done)
	}
}

// cuts returns where the parts of a huge page start, past the first, and
// the page's link reference definitions by label (util.ToLinkReference).
func (m *Markdown) cuts(src []byte) ([]int, map[string]parser.Reference) {
	pc := parser.NewContext()
	m.blocks.Parse(text.NewReader(src), parser.WithContext(pc))
	var cuts []int
	last := 0
	for _, at := range cutPointsOf(pc) {
		if at-last >= m.partSize {
			cuts = append(cuts, at)
			last = at
		}
	}
	// Not pc itself, which holds on to the first pass's tree.
	refs := map[string]parser.Reference{}
	for _, r := range pc.References() {
		refs[util.ToLinkReference(r.Label())] = r
	}
	return cuts, refs
}

var cutPointsKey = parser.NewContextKey()

func cutPointsOf(pc parser.Context) []int {
	ps, _ := pc.Get(cutPointsKey).(*[]int)
	if ps == nil {
		return nil
	}
	return *ps
}

// newBlockParser returns the parser of the first pass over a huge page:
// the blocks of the page as Markdown's parser reads them, with no inline
// parsers (goldmark still makes a text node of each line).
func newBlockParser() parser.Parser {
	return parser.NewParser(
		parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithParagraphTransformers(append(paragraphTransformers(),
			util.Prioritized(extension.NewTableParagraphTransformer(), 200), // as extension.Table
			util.Prioritized(cutPoints{}, 1000),                             // last
		)...),
	)
}

// cutPoints notes where each paragraph at the top level of the page starts
// its line. It leaves the paragraph as it is: a setext heading takes its
// paragraph after the transformers have seen it.
type cutPoints struct{}

func (cutPoints) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	if node.Parent().Kind() != ast.KindDocument || node.Lines().Len() == 0 {
		return
	}
	if at, ok := lineStart(reader.Source(), node.Lines().At(0).Start); ok {
		ps, _ := pc.ComputeIfAbsent(cutPointsKey, func() any { return new([]int) }).(*[]int)
		*ps = append(*ps, at)
	}
}

// lineStart is the start of the line that off is on, if only spaces and
// tabs come before off on it, and the line is not the first.
func lineStart(src []byte, off int) (int, bool) {
	for i := off - 1; i >= 0; i-- {
		switch src[i] {
		case ' ', '\t':
		case '\n':
			return i + 1, true
		default:
			return 0, false
		}
	}
	return 0, false
}

// parse parses src[start:end], start being 0 or the start of a line; refs,
// when not nil, holds the page's link reference definitions. Offsets in
// the document are offsets in src.
func (m *Markdown) parse(src []byte, start, end int, refs map[string]parser.Reference) *Document {
	pc := parser.NewContext()
	if refs != nil {
		pc = sharedRefs{Context: pc, refs: refs}
	}
	r := text.NewReader(src[:end])
	if start > 0 {
		r.SetPosition(-1, text.NewSegment(start, start))
		r.AdvanceLine()
	}
	return m.document(m.gm.Parser().Parse(r, parser.WithContext(pc)), src[:end], pc)
}

// sharedRefs is a part's parser context, which looks link references up
// among the whole page's.
type sharedRefs struct {
	parser.Context
	refs map[string]parser.Reference
}

func (c sharedRefs) Reference(label string) (parser.Reference, bool) {
	r, ok := c.refs[label]
	return r, ok
}
