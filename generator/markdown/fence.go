package markdown

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"statusdocs/generator/flaw"
)

// codeFormatter writes chroma tokens as spans with class names; the
// stylesheet for them is the theme's static/highlight.css, which
// generator/internal/highlight writes from chroma's styles.
var codeFormatter = chromahtml.New(chromahtml.WithClasses(true), chromahtml.PreventSurroundingPre(true))

// classesOnly is the style codeFormatter is given: writing class names, it
// takes none of a style's colors, but wants one.
var classesOnly = chroma.MustNewStyle("classes", chroma.StyleEntries{})

// renderFencedCode writes <pre class="code language-X extra"><code>…</code></pre>.
func renderFencedCode(w util.BufWriter, src []byte, n *ast.FencedCodeBlock) {
	var info []string
	if n.Info != nil {
		info = strings.Fields(string(n.Info.Segment.Value(src)))
	}
	var code bytes.Buffer
	for i := range n.Lines().Len() {
		code.Write(value(n.Lines().At(i), src))
	}
	lang := ""
	if len(info) > 0 {
		lang = strings.ToLower(info[0])
	}
	classes := []string{"code"}
	if lang != "" {
		classes = append(classes, "language-"+lang)
	}
	classes = append(classes, info[min(1, len(info)):]...)
	fmt.Fprintf(w, `<pre class="%s"`, html.EscapeString(strings.Join(classes, " ")))
	if lang != "" {
		fmt.Fprintf(w, ` data-language="%s"`, html.EscapeString(lang))
	}
	_, _ = w.WriteString("><code>")
	attr, _ := n.AttributeString(highlightBudgetAttr)
	budget, _ := attr.(*highlightBudget) // nil, no bound, for a document not converted whole (Render)
	if !highlight(w, lang, code.String(), budget) && budget != nil {
		off := 0
		if n.Lines().Len() > 0 {
			off = n.Lines().At(0).Start
		}
		budget.spent(off)
	}
	_, _ = w.WriteString("</code></pre>\n")
}

// highlightBudget is the time a page's code blocks may take to highlight.
// Some of chroma's lexers are regular expressions that backtrack over
// what follows, in time growing with the square of a block's length on
// some input: Java's over 4,000 blank lines took 5 s, devicetree's over
// 32 KB of ";" 7 s, and no bound on bytes keeps that short (Java takes
// a third of a millisecond a blank line from the first). So a block is
// highlighted within maxHighlightBlock, the page's blocks within
// maxHighlightPage; past it, a block is shown as plain text. Real code
// takes a few milliseconds: only such input comes near, and on a machine
// busy enough to slow a block tenfold a block near the bound could be
// shown either way from one build to the next.
type highlightBudget struct {
	left  time.Duration
	plain int // blocks shown as plain text for want of time
	first int // the offset of the first of them
}

// spent notes a block at off shown as plain text for want of time.
func (b *highlightBudget) spent(off int) {
	if b.plain++; b.plain == 1 {
		b.first = off
	}
}

// problem is the problem that says how many blocks were shown as plain
// text for want of time, if any.
func (b *highlightBudget) problem() (Problem, bool) {
	if b.plain == 0 {
		return Problem{}, false
	}
	return Problem{Kind: flaw.TooLong, Off: b.first,
		Message: fmt.Sprintf("%d code blocks shown as plain text: highlighting took over %v for one, or %v for the page's",
			b.plain, maxHighlightBlock, maxHighlightPage),
		Suggestion: "shorten the block, or give it a language whose highlighter is quicker (or none)"}, true
}

const (
	maxHighlightBlock   = 250 * time.Millisecond
	maxHighlightPage    = time.Second
	highlightBudgetAttr = "statusdocs-highlight" // a fenced code block's attribute: the page's *highlightBudget
)

// attachBudget gives the fenced code blocks of d the page's budget.
func (d *Document) attachBudget(budget *highlightBudget) {
	_ = ast.Walk(d.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if fc, ok := n.(*ast.FencedCodeBlock); ok && entering {
			fc.SetAttributeString(highlightBudgetAttr, budget)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
}

// highlighted remembers highlighted code by language and text: translations
// keep their code blocks byte for byte, and sites repeat examples, so most
// blocks of a build have been highlighted before. Only blocks up to
// maxCached bytes are kept, at most maxCachedBlocks of them.
var highlighted sync.Map

const (
	maxCached       = 16 << 10
	maxCachedBlocks = 100_000
)

var cachedBlocks atomic.Int64

// highlight writes code highlighted as lang, or as plain text when no
// lexer knows lang or there is no time left (in time false then, with a
// budget).
func highlight(w util.BufWriter, lang, code string, budget *highlightBudget) (inTime bool) {
	l := lexerFor(lang)
	if budget != nil && budget.left <= 0 && l != nil { // spent: the page's blocks after are plain, as highlighted before or not
		_, _ = w.WriteString(html.EscapeString(code))
		return false
	}
	key := lang + "\x00" + code
	if len(code) <= maxCached {
		if out, ok := highlighted.Load(key); ok {
			_, _ = w.WriteString(out.(string))
			return true
		}
	}
	var b builder
	ok, inTime := highlightTo(&b, l, code, budget)
	if !ok {
		_, _ = w.WriteString(html.EscapeString(code))
		return inTime
	}
	out := b.String()
	if len(code) <= maxCached && cachedBlocks.Add(1) <= maxCachedBlocks {
		highlighted.Store(key, out)
	}
	_, _ = w.WriteString(out)
	return true
}

// highlightTo writes code highlighted by the lexer l, within the budget
// (none for no bound); ok is false when it does not, for no lexer, or past
// the budget (inTime false).
func highlightTo(w util.BufWriter, l chroma.Lexer, code string, budget *highlightBudget) (ok, inTime bool) {
	if l == nil {
		return false, true
	}
	start := time.Now()
	deadline := start.Add(maxHighlightBlock)
	if budget != nil {
		deadline = start.Add(min(maxHighlightBlock, budget.left))
		defer func() { budget.left -= time.Since(start) }()
	}
	raw, err := l.Tokenise(nil, code)
	if err != nil {
		return false, true
	}
	// The lexer's tokens, with the clock read every 32, coalesced as
	// chroma.Coalesce does (a coalescer reads on to the end of a run, so
	// the clock is read below it).
	n, late := 0, false
	timed := func() chroma.Token {
		if n++; late || n%32 == 0 && time.Now().After(deadline) {
			late = true
			return chroma.EOF
		}
		return raw()
	}
	it, _ := chroma.Coalesce(iterLexer{l, timed}).Tokenise(nil, code)
	tokens := it.Tokens()
	if late {
		return false, false
	}
	return codeFormatter.Format(w, classesOnly, withoutErrors(chroma.Literator(tokens...))) == nil, true
}

// iterLexer is a lexer whose tokens are an iterator's.
type iterLexer struct {
	chroma.Lexer
	it chroma.Iterator
}

func (l iterLexer) Tokenise(*chroma.TokeniseOptions, string) (chroma.Iterator, error) {
	return l.it, nil
}

// withoutErrors shows text a lexer did not expect as plain text: a lone
// status line in an http block is not an error worth painting red.
func withoutErrors(it chroma.Iterator) chroma.Iterator {
	return func() chroma.Token {
		t := it()
		if t.Type == chroma.Error {
			t.Type = chroma.Text
		}
		return t
	}
}

// twoBackticks is a line that meant to open a fence with too few backticks.
var twoBackticks = regexp.MustCompile("^[ \t]*``[A-Za-z][\\w+-]*[ \t]*$")

// checkFences reports fences the author surely did not mean: opened with
// two backticks (the lines become a paragraph), closed with a longer fence
// than opened, or never closed (usually a shorter fence was meant to close).
func checkFences(root ast.Node, src []byte) []Problem {
	var ps []Problem
	walkBlocks(root, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.Paragraph:
			ps = append(ps, twoBacktickLines(n.Lines(), src)...)
		case *ast.TextBlock:
			ps = append(ps, twoBacktickLines(n.Lines(), src)...)
		case *ast.FencedCodeBlock:
			if p, ok := checkFence(n, src); ok {
				ps = append(ps, p)
			}
		}
	})
	return ps
}

func twoBacktickLines(lines *text.Segments, src []byte) []Problem {
	var ps []Problem
	for i := range lines.Len() {
		seg := lines.At(i)
		if v := bytes.TrimRight(seg.Value(src), "\n"); twoBackticks.Match(v) {
			lang := strings.TrimSpace(strings.TrimLeft(string(v), " \t`"))
			ps = append(ps, Problem{
				Kind:       flaw.SuspiciousFence,
				Off:        seg.Start,
				Message:    "code fence opened with two backticks; this text renders as a paragraph",
				Suggestion: "open the fence with three backticks: ```" + lang,
			})
		}
	}
	return ps
}

// fence is a fence line: its character, its length and whether anything
// but white space follows.
type fence struct {
	char   byte
	length int
	info   bool
}

// fenceAt reads the fence at the start of the line holding off, past any
// block quote markers and indentation.
func fenceAt(src []byte, off int) (fence, int, bool) {
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	end := bytes.IndexByte(src[start:], '\n')
	if end < 0 {
		end = len(src) - start
	}
	line := bytes.TrimLeft(src[start:start+end], " \t>")
	if len(line) == 0 || (line[0] != '`' && line[0] != '~') {
		return fence{}, start, false
	}
	n := 0
	for n < len(line) && line[n] == line[0] {
		n++
	}
	return fence{line[0], n, len(bytes.TrimSpace(line[n:])) > 0}, start, n >= 3
}

// lineAfter returns the offset of the line after the one holding off, or -1.
func lineAfter(src []byte, off int) int {
	nl := bytes.IndexByte(src[off:], '\n')
	if nl < 0 || off+nl+1 >= len(src) {
		return -1
	}
	return off + nl + 1
}

func checkFence(n *ast.FencedCodeBlock, src []byte) (Problem, bool) {
	lines := n.Lines()
	var openOff int
	switch {
	case n.Info != nil:
		openOff = n.Info.Segment.Start
	case lines.Len() > 0:
		openOff = max(bytes.LastIndexByte(src[:lines.At(0).Start], '\n')-1, 0)
	default:
		return Problem{}, false
	}
	open, openStart, ok := fenceAt(src, openOff)
	if !ok {
		return Problem{}, false
	}
	last := openStart
	if lines.Len() > 0 {
		last = lines.At(lines.Len() - 1).Start
	}
	if next := lineAfter(src, last); next >= 0 {
		if c, start, ok := fenceAt(src, next); ok && c.char == open.char && !c.info && c.length >= open.length {
			if c.length == open.length {
				return Problem{}, false
			}
			return Problem{
				Kind:       flaw.SuspiciousFence,
				Off:        start,
				Message:    fmt.Sprintf("code fence opened with %d %s is closed with %d", open.length, fenceName(open.char), c.length),
				Suggestion: "close it with " + strings.Repeat(string(open.char), open.length),
			}, true
		}
	}
	for i := range lines.Len() {
		c, start, ok := fenceAt(src, lines.At(i).Start)
		if ok && c.char == open.char && !c.info && c.length < open.length {
			return Problem{
				Kind:       flaw.SuspiciousFence,
				Off:        start,
				Message:    fmt.Sprintf("a fence of %d %s does not close the code block opened with %d, which runs on", c.length, fenceName(open.char), open.length),
				Suggestion: "use " + strings.Repeat(string(open.char), open.length) + " on both sides",
			}, true
		}
	}
	return Problem{
		Kind:       flaw.SuspiciousFence,
		Off:        openStart,
		Message:    "code fence is never closed; the rest of the block is code",
		Suggestion: "close it with " + strings.Repeat(string(open.char), open.length),
	}, true
}

func fenceName(c byte) string {
	if c == '~' {
		return "tildes"
	}
	return "backticks"
}
