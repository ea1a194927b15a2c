package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// codeSpans parses code spans as goldmark's own parser does, but without
// searching a block again for a run of backticks that it has found
// nowhere in it. goldmark's looks for a closing run from each opening one
// to the end of the block; a paragraph of 8 KB of a backslash and two
// backticks over and over (an escaped backtick, then an opener that is
// never closed) took 23 ms, 3 s a megabyte of them. cmark's remedy is
// used here: once a search for a run of n backticks has reached the end
// of the block from an offset, no later opener of n backticks searches
// again (spanScan). The searches that fail cost one pass over the rest of
// the block for each length of run in it, and a block of n bytes has runs
// of at most √(2n) lengths: n·√(2n) at worst, the common case one pass;
// and no block whose inlines are read is over 8 KB (longParagraphs,
// longHeadings).
// TestCodeSpansAsGoldmark and FuzzCodeSpans hold the tree to goldmark's.
type codeSpans struct{}

// inlineParsers are goldmark's default inline parsers, codeSpans in place
// of its code span parser.
func inlineParsers() []util.PrioritizedValue {
	var ps []util.PrioritizedValue
	for _, p := range parser.DefaultInlineParsers() {
		if p.Value == parser.NewCodeSpanParser() {
			p.Value = codeSpans{}
		}
		ps = append(ps, p)
	}
	return ps
}

var spanScanKey = parser.NewContextKey()

// spanScan is what the code span parser knows of the block it parses
// (goldmark reads every block with one text.Reader): for a length of run,
// the offset in the source from which the block has no run of backticks
// of that length.
type spanScan struct {
	block ast.Node
	none  map[int]int
}

// scanOf is the spanScan of block, new when the last one was another
// block's.
func scanOf(block ast.Node, pc parser.Context) *spanScan {
	s, _ := pc.Get(spanScanKey).(*spanScan)
	if s == nil {
		s = &spanScan{none: map[int]int{}}
		pc.Set(spanScanKey, s)
	}
	if s.block != block {
		s.block = block
		clear(s.none)
	}
	return s
}

func (codeSpans) Trigger() []byte { return []byte{'`'} }

func (codeSpans) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	n := 0
	for n < len(line) && line[n] == '`' {
		n++
	}
	opener := seg.WithStop(seg.Start + n)
	block.Advance(n)
	scan := scanOf(parent, pc)
	from := seg.Start + n
	if at, ok := scan.none[n]; ok && from >= at {
		return ast.NewTextSegment(opener)
	}
	l, pos := block.Position()
	span := ast.NewCodeSpan()
	for {
		line, seg := block.PeekLine()
		if line == nil {
			block.SetPosition(l, pos)
			scan.none[n] = from
			return ast.NewTextSegment(opener)
		}
		if i := runOf(line, n); i >= 0 {
			if i > 0 {
				span.AppendChild(span, ast.NewRawTextSegment(seg.WithStop(seg.Start+i)))
			}
			block.Advance(i + n)
			break
		}
		span.AppendChild(span, ast.NewRawTextSegment(seg))
		block.AdvanceLine()
	}
	trimSpan(span, block.Source())
	return span
}

// runOf is where line has a run of exactly n backticks, -1 if nowhere.
func runOf(line []byte, n int) int {
	for i := 0; i < len(line); {
		if line[i] != '`' {
			i++
			continue
		}
		start := i
		for i < len(line) && line[i] == '`' {
			i++
		}
		if i-start == n {
			return start
		}
	}
	return -1
}

// trimSpan takes one space or newline off both ends of a code span that
// has one at each and is not all spaces, as CommonMark says.
func trimSpan(span *ast.CodeSpan, src []byte) {
	if span.IsBlank(src) {
		return
	}
	first, last := span.FirstChild().(*ast.Text), span.LastChild().(*ast.Text)
	if first.Segment.IsEmpty() || last.Segment.IsEmpty() ||
		!spaceOrNewline(src[first.Segment.Start]) || !spaceOrNewline(src[last.Segment.Stop-1]) {
		return
	}
	first.Segment = first.Segment.WithStart(first.Segment.Start + 1)
	last.Segment = last.Segment.WithStop(last.Segment.Stop - 1)
}

func spaceOrNewline(c byte) bool { return c == ' ' || c == '\n' }
