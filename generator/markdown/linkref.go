package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// linkRefs takes the link reference definitions ("[label]: /url") off the
// start of a paragraph, as goldmark's LinkReferenceParagraphTransformer
// does, but for a long paragraph a window of lines at a time. goldmark's
// looks each definition's text up from the paragraph's last line and
// copies the paragraph's remaining lines for each definition it removes:
// 50,000 definitions in a row took seconds, a million would take hours.
//
// A paragraph of up to longParagraph lines (every real one) goes to
// goldmark's as it is. A longer one is read in windows of about
// refWindow lines, each ending before a line that starts with "[", where
// a definition is likely to start; a window whose definitions stop at its
// first line is doubled until they do not or it holds the rest. The
// result is goldmark's, except for a definition whose title runs over
// more than one line and across the end of a window onto a line starting
// with "[".
type linkRefs struct{}

const (
	longParagraph = 512
	refWindow     = 256
)

func (linkRefs) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := node.Lines()
	if lines.Len() <= longParagraph {
		parser.LinkReferenceParagraphTransformer.Transform(node, reader, pc)
		return
	}
	all := lines.Sliced(0, lines.Len())
	src := reader.Source()
	parent := node.Parent()
	done := 0 // lines taken by definitions
	for size := refWindow; done < len(all); {
		end := windowEnd(src, all, done+size)
		used := takeDefinitions(node, all[done:end], done == 0 && node.HasBlankPreviousLines(), reader, pc)
		if used > 0 {
			done, size = done+used, refWindow
			continue
		}
		if end == len(all) {
			break // no definition starts here: the rest is the paragraph
		}
		size *= 2
	}
	rest := text.NewSegments()
	rest.AppendAll(all[done:])
	node.SetLines(rest)
	if rest.Len() == 0 {
		parent.RemoveChild(parent, node)
	}
}

// windowEnd is the end of a window of lines reaching at least to min: the
// next line that starts with "[" (after up to three spaces), or the end.
func windowEnd(src []byte, lines []text.Segment, min int) int {
	for i := min; i < len(lines); i++ {
		if startsWithBracket(lines[i].Value(src)) {
			return i
		}
	}
	return len(lines)
}

func startsWithBracket(line []byte) bool {
	for i := 0; i < len(line) && i < 4; i++ {
		switch line[i] {
		case '[':
			return true
		case ' ':
		default:
			return false
		}
	}
	return false
}

// takeDefinitions runs goldmark's transformer on a paragraph of the given
// lines put before node, which receives the definitions found, and returns
// how many lines they took.
func takeDefinitions(node *ast.Paragraph, lines []text.Segment, blankBefore bool, reader text.Reader, pc parser.Context) int {
	window := ast.NewParagraph()
	window.Lines().AppendAll(lines)
	window.SetBlankPreviousLines(blankBefore)
	parent := node.Parent()
	parent.InsertBefore(parent, node, window)
	parser.LinkReferenceParagraphTransformer.Transform(window, reader, pc)
	if window.Parent() == nil {
		return len(lines) // every line was a definition: goldmark removed the paragraph
	}
	parent.RemoveChild(parent, window)
	return len(lines) - window.Lines().Len()
}
