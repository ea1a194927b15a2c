package markdown

import (
	"fmt"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"statusdocs/generator/flaw"
)

// maxParagraph is the longest paragraph whose markdown is read. goldmark's
// inline parsing takes time quadratic in a paragraph's length on some
// input (emphasis delimiters that never match, runs of backticks, link
// openers: 250 KB took 2 to 5 s), and no real paragraph comes near it.
const maxParagraph = 8 << 10

// longParagraphs turns a paragraph longer than maxParagraph into
// PlainText, which is written as text: a too-long warning at its first
// line. It runs after the link reference definitions and tables are taken
// out of the paragraph.
type longParagraphs struct{}

func (longParagraphs) Transform(node *ast.Paragraph, _ text.Reader, pc parser.Context) {
	lines := node.Lines()
	size := 0
	for _, seg := range lines.Sliced(0, lines.Len()) {
		size += seg.Len()
	}
	if size <= maxParagraph {
		return
	}
	plain := &PlainText{}
	plain.SetLines(lines)
	node.Parent().ReplaceChild(node.Parent(), node, plain)
	addProblem(pc, Problem{Kind: flaw.TooLong, Off: lines.At(0).Start,
		Message:    fmt.Sprintf("paragraph of %d KB: longer than %d KB, it is shown as plain text, its markdown not read", size>>10, maxParagraph>>10),
		Suggestion: "split it into paragraphs"})
}

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
