package markdown

import (
	"fmt"
	"strings"
	"unsafe"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"statusdocs/generator/flaw"
	"statusdocs/generator/macro"
)

// KindMacro is the kind of Macro nodes.
var KindMacro = ast.NewNodeKind("Macro")

// Macro is a macro call in the text. Resolve fills in its HTML.
type Macro struct {
	ast.BaseInline
	Call  macro.Call
	Err   *macro.SyntaxError // non-nil for a malformed call
	Off   int                // byte offset of "{{" in the source
	HTML  string
	Block bool
}

// Kind implements ast.Node.
func (n *Macro) Kind() ast.NodeKind { return KindMacro }

// Dump implements ast.Node.
func (n *Macro) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Name": n.Call.Name}, nil)
}

// macroParser finds macro calls. Code spans are parsed by goldmark before
// this parser sees their text, so calls inside them stay literal.
type macroParser struct{}

func (macroParser) Trigger() []byte { return []byte{'{'} }

func (macroParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 2 || line[1] != '{' {
		return nil
	}
	c, err := parseCall(line[:min(len(line), macro.MaxLen)])
	n := &Macro{Call: c, Off: seg.Start}
	if err == nil {
		block.Advance(c.Len)
		return n
	}
	n.Err = err.(*macro.SyntaxError)
	length := max(n.Err.Len, 2)
	malformed, _ := pc.ComputeIfAbsent(malformedKey, func() any { return new(int) }).(*int)
	if *malformed++; *malformed > maxMalformed { // text, as written
		if *malformed == maxMalformed+1 {
			addProblem(pc, Problem{Kind: flaw.MacroArgs, Off: seg.Start, Message: fmt.Sprintf("more than %d malformed macro calls: this one and those after are left as text", maxMalformed)})
		}
		block.Advance(length)
		return ast.NewTextSegment(text.NewSegment(seg.Start, seg.Start+length))
	}
	kind := flaw.MacroArgs
	if n.Err.Unclosed {
		kind = flaw.UnclosedMacro
	}
	addProblem(pc, Problem{Kind: kind, Off: seg.Start + n.Err.Off, Message: n.Err.Msg})
	block.Advance(length)
	return n
}

// maxMalformed is how many malformed macro calls of a page (of a part of
// a huge page) are each shown as a marker with a flaw; those after are
// left as text. A marker is some 90 bytes for the 2 of "{{": a page of
// 1.6 MB of them wrote 73 MB.
const maxMalformed = 200

var malformedKey = parser.NewContextKey()

// parseCall parses the call at the start of line. A broken call is read
// up to macro.MaxLen bytes, so a line of thousands of "{{" would copy 4 KB
// for each: the parser reads line in place instead (it only reads, and
// returns before line can change), and what the call keeps is copied out.
func parseCall(line []byte) (macro.Call, error) {
	c, err := macro.Parse(unsafe.String(unsafe.SliceData(line), len(line)))
	c.Name = strings.Clone(c.Name)
	for i := range c.Args {
		c.Args[i].Value = strings.Clone(c.Args[i].Value)
	}
	if se, ok := err.(*macro.SyntaxError); ok {
		se.Name = strings.Clone(se.Name)
		se.Msg = strings.Clone(se.Msg)
	}
	return c, err
}
