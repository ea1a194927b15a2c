package markdown

import (
	"bytes"
	"fmt"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"statusdocs/generator/flaw"
)

// maxParagraph is the longest paragraph whose markdown is read. goldmark's
// inline parsing takes time quadratic in a paragraph's length on some
// input (emphasis delimiters that never match, link openers; runs of
// backticks before codeSpans: 250 KB took 2 to 5 s), and no real
// paragraph comes near it.
const maxParagraph = 8 << 10

// longParagraphs turns a paragraph longer than maxParagraph into
// PlainText, which is written as text: a too-long warning at its first
// line. goldmark runs paragraph transformers in increasing priority, and
// this one runs twice:
//
//   - lines (priority 150, after linkRefs at 100 and before the table
//     transformer at 200): a paragraph with a line over maxParagraph,
//     whose cells would be as long if it were a table;
//   - the whole paragraph (300), after its link reference definitions and
//     tables are taken out of it: 500 definitions in a row or a table of
//     100 rows are more than 8 KB, and are read.
type longParagraphs struct{ lines bool }

// paragraphTransformers are the paragraph transformers of Markdown's
// parser (extension.Table adds its own at 200).
func paragraphTransformers() []util.PrioritizedValue {
	return []util.PrioritizedValue{
		util.Prioritized(linkRefs{}, 100),
		util.Prioritized(longParagraphs{lines: true}, 150),
		util.Prioritized(longParagraphs{}, 300),
	}
}

func (t longParagraphs) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := node.Lines()
	src := reader.Source()
	size, longest, brackets, mostBrackets := 0, 0, 0, 0
	for _, seg := range lines.Sliced(0, lines.Len()) {
		size += seg.Len()
		longest = max(longest, seg.Len())
		n := bytes.Count(seg.Value(src), []byte{'['})
		brackets += n
		mostBrackets = max(mostBrackets, n)
	}
	what := "paragraph"
	if t.lines {
		size, brackets, what = longest, mostBrackets, "line in a paragraph"
	}
	var why string
	switch {
	case size > maxParagraph:
		why = fmt.Sprintf("%s of %d KB: longer than %d KB", what, size>>10, maxParagraph>>10)
	case brackets > maxBrackets:
		why = fmt.Sprintf("%s with %d [: more than %d", what, brackets, maxBrackets)
	case t.lines && lines.Len() > maxRows:
		why = fmt.Sprintf("paragraph or table of %d lines: more than %d", lines.Len(), maxRows)
	default:
		return
	}
	plain := &PlainText{}
	plain.SetLines(lines)
	node.Parent().ReplaceChild(node.Parent(), node, plain)
	addProblem(pc, Problem{Kind: flaw.TooLong, Off: lines.At(0).Start,
		Message: why + ", it is shown as plain text, its markdown not read", Suggestion: "split it into paragraphs"})
}

// maxBrackets is how many "[" a paragraph, or a line that may be a table's
// row, has at most: goldmark looks for the end of a link from each, in
// time quadratic in their number (8 KB of "[a](" took 38 ms, 600 such
// paragraphs 23 s); a real paragraph has a few links. maxRows is how many
// lines a paragraph or a table has at most: a table is one block, which
// a huge page is not cut within (800,000 rows took 74 s and 1 GB).
const (
	maxBrackets = 128
	maxRows     = 10_000
)

// longHeadings turns an ATX heading longer than maxParagraph, which
// longParagraphs does not see, into PlainText of its text, with the same
// too-long warning: goldmark reads a heading's inline markdown as it
// reads a paragraph's (a heading of 240 KB of emphasis delimiters took
// 6.7 s). It runs before goldmark's own ATX heading parser, which reads
// the heading for it.
type longHeadings struct{ atx parser.BlockParser }

func newLongHeadings() longHeadings { return longHeadings{atx: parser.NewATXHeadingParser()} }

func (longHeadings) Trigger() []byte { return []byte{'#'} }

func (h longHeadings) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, _ := reader.PeekLine()
	brackets := bytes.Count(line, []byte{'['})
	if len(line) <= maxParagraph && brackets <= maxBrackets {
		return nil, parser.NoChildren
	}
	node, state := h.atx.Open(parent, reader, pc)
	heading, ok := node.(*ast.Heading)
	if !ok || heading.Lines().Len() == 0 {
		return node, state
	}
	lines := heading.Lines()
	plain := &PlainText{}
	plain.SetLines(lines)
	text := lines.At(0)
	why := fmt.Sprintf("heading of %d KB: longer than %d KB", text.Len()>>10, maxParagraph>>10)
	if len(line) <= maxParagraph {
		why = fmt.Sprintf("heading with %d [: more than %d", brackets, maxBrackets)
	}
	addProblem(pc, Problem{Kind: flaw.TooLong, Off: text.Start,
		Message: why + ", it is shown as plain text, its markdown not read", Suggestion: "shorten it"})
	return plain, state
}

func (longHeadings) Continue(ast.Node, text.Reader, parser.Context) parser.State { return parser.Close }
func (longHeadings) Close(ast.Node, text.Reader, parser.Context)                 {}
func (longHeadings) CanInterruptParagraph() bool                                 { return true }
func (longHeadings) CanAcceptIndentedLine() bool                                 { return false }

// KindPlainText is the kind of PlainText nodes.
var KindPlainText = ast.NewNodeKind("PlainText")

// PlainText is a paragraph written as its text, escaped, with no inline
// markdown read.
type PlainText struct{ ast.BaseBlock }

// Kind implements ast.Node.
func (n *PlainText) Kind() ast.NodeKind { return KindPlainText }

// IsRaw implements ast.Node: goldmark parses no inlines in it.
func (n *PlainText) IsRaw() bool { return true }

// Dump implements ast.Node.
func (n *PlainText) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

func renderPlainText(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	_, _ = w.WriteString("<p>")
	lines := n.Lines()
	for _, seg := range lines.Sliced(0, lines.Len()) {
		_, _ = w.Write(util.EscapeHTML(seg.Value(src)))
	}
	_, _ = w.WriteString("</p>\n")
	return ast.WalkSkipChildren, nil
}
