// Package markdown turns MDN-flavoured markdown into HTML with goldmark.
//
// On top of CommonMark and GFM (tables, strikethrough, autolinks, task
// lists) and raw HTML, it reads MDN's own syntax:
//
//   - macro calls `{{Name(args)}}` anywhere outside code (see package macro);
//     a call that expands to a block replaces a paragraph it is alone in,
//     and splits one it shares with other text, so that no block lands in a
//     <p>; in a heading, a link or emphasis it is shown as a marker with a
//     misplaced-macro warning (placeBlock);
//   - definition lists: a bullet list whose every item ends in a nested list
//     of "- : description" items becomes <dl>, the item text <dt> and each
//     description <dd>;
//   - notecards: a block quote starting with a line `[!NOTE]`, `[!WARNING]`
//     or `[!CALLOUT]`, or with a bold label such as `**Note:**`,
//     `**備註：**`, `**メモ:**`, `**Remarque :**`, becomes
//     <div class="notecard note|warning|callout"> with a localized label;
//   - fenced code: the first word of the info string is the language, the
//     rest become classes; code is highlighted on the server with chroma,
//     as spans with CSS classes;
//   - headings get MDN's ids (see ID) and a link to themselves; with Hooks
//     that ask for it, also GitHub's id (see GitHubID and "GitHub anchors"
//     in githubid.go), for plain markdown written for GitHub.
//
// Work on a page runs in three steps: Parse (syntax only, no site needed),
// Resolve (the site's Hooks expand macros, resolve links and clean raw
// HTML; heading ids are set afterwards), and Render. Convert runs the three
// for the site, and runs them in parts on a huge page (parts.go). Parse also reports markdown the author
// surely did not mean: a fence opened with two backticks, a fence closed
// with another length or never closed, a macro with no closing braces.
package markdown

import (
	"slices"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Markdown converts pages. Make one per build with New; it is safe for
// concurrent use.
type Markdown struct {
	gm       goldmark.Markdown
	blocks   parser.Parser // the first pass over a huge page (parts.go)
	hugePage int           // a page longer is converted in parts…
	partSize int           // …of about this many bytes
}

// New returns a converter with every MDN extension.
func New() *Markdown {
	gm := goldmark.New(
		// goldmark's default parser, but for the link reference definitions
		// (linkRefs), code spans (codeSpans) and long headings (longHeadings).
		goldmark.WithParser(parser.NewParser(
			parser.WithBlockParsers(append(parser.DefaultBlockParsers(), util.Prioritized(newLongHeadings(), 590))...),
			parser.WithInlineParsers(inlineParsers()...),
			parser.WithParagraphTransformers(paragraphTransformers()...),
		)),
		goldmark.WithExtensions(
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)), // tableAlignTransformer
			extension.Strikethrough, extension.Linkify, extension.TaskList),
		goldmark.WithParserOptions(
			parser.WithInlineParsers(util.Prioritized(macroParser{}, 50)),
			parser.WithASTTransformers(
				util.Prioritized(notecardTransformer{}, 100),
				util.Prioritized(definitionListTransformer{}, 110),
				util.Prioritized(tableAlignTransformer{}, 120),
			),
		),
		goldmark.WithRendererOptions(
			html.WithUnsafe(), // raw HTML is cleaned by the site's hooks, not dropped
			renderer.WithNodeRenderers(util.Prioritized(nodeRenderer{}, 100)),
		),
	)
	return &Markdown{gm: gm, blocks: newBlockParser(), hugePage: hugePage, partSize: partSize}
}

// Problem is something suspicious found while parsing, at a byte offset of
// the source.
type Problem struct {
	Kind       string
	Off        int
	Message    string
	Suggestion string
}

// Document is one parsed page.
type Document struct {
	root     ast.Node
	src      []byte
	Problems []Problem
	Headings []Heading // set by Resolve
	summary  *string   // once Summary has looked
}

var problemsKey = parser.NewContextKey()

// Parse parses src. It never fails.
func (m *Markdown) Parse(src []byte) *Document { return m.parse(src, 0, len(src), nil) }

// document is the parsed root with the problems found in it.
func (m *Markdown) document(root ast.Node, src []byte, pc parser.Context) *Document {
	d := &Document{root: root, src: src}
	if ps, ok := pc.Get(problemsKey).(*[]Problem); ok {
		d.Problems = *ps
	}
	d.Problems = append(d.Problems, checkFences(root, src)...)
	slices.SortStableFunc(d.Problems, func(a, b Problem) int { return a.Off - b.Off })
	return d
}

// addProblem records a problem in the parser context.
func addProblem(pc parser.Context, p Problem) {
	ps, _ := pc.ComputeIfAbsent(problemsKey, func() any { return new([]Problem) }).(*[]Problem)
	*ps = append(*ps, p)
}

// Render returns the document's HTML. It is written straight into the
// string returned, sized from the markdown, so that a page is not copied
// from a buffer into a string. Render uses the document up: it lets each
// top-level block go once written, so that a huge page never holds its
// whole tree (five times the size of its markdown) and its whole HTML at
// once. Headings and Summary still answer afterwards.
//
// The HTML of a page of more than a few megabytes is written in parts of
// renderPart bytes, joined at the end: grown by doubling, or sized from
// the markdown at the start, it would cost copies or memory beside the
// whole tree.
func (m *Markdown) Render(d *Document) (string, error) {
	var w htmlWriter
	err := w.render(m, d)
	return w.String(), err
}

// htmlWriter gathers the HTML of one or more documents, in parts of
// renderPart bytes for a huge page.
type htmlWriter struct {
	parts []string
	b     *builder
}

func (w *htmlWriter) render(m *Markdown, d *Document) error {
	d.Summary() // remembered: its paragraph is about to go
	if w.b == nil {
		w.b = &builder{}
		w.b.Grow(min(len(d.src)+len(d.src)/2, renderPart))
	}
	r := m.gm.Renderer()
	var err error
	for c := d.root.FirstChild(); c != nil && err == nil; c = d.root.FirstChild() {
		if w.b.Cap() >= renderPart && w.b.Available() < renderPart/16 {
			w.parts = append(w.parts, w.b.String())
			w.b = &builder{}
			w.b.Grow(renderPart)
		}
		err = r.Render(w.b, d.src, c)
		d.root.RemoveChild(d.root, c)
	}
	return err
}

func (w *htmlWriter) String() string {
	if w.b == nil {
		return ""
	}
	if w.parts == nil {
		return w.b.String()
	}
	return strings.Join(append(w.parts, w.b.String()), "")
}

// renderPart is the size of a part of a huge page's HTML (Render).
const renderPart = 4 << 20

// builder is a strings.Builder that goldmark takes for a buffered writer
// (util.BufWriter), so HTML goes straight into the page's string instead of
// through a 4 kB bufio.Writer per page and a copy.
type builder struct{ strings.Builder }

func (b *builder) Available() int { return b.Cap() - b.Len() }
func (b *builder) Buffered() int  { return 0 }
func (b *builder) Flush() error   { return nil }

// walkBlocks calls f for every block below n, parents before children, and
// skips inline content, which is most of a page's nodes: for the checks and
// transforms that look at blocks only. f must not change the tree. A block
// holds either blocks or inline content, never both (TestWalkBlocks).
func walkBlocks(n ast.Node, f func(ast.Node)) {
	if c := n.FirstChild(); c == nil || c.Type() != ast.TypeBlock {
		return
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		f(c)
		walkBlocks(c, f)
	}
}

// value returns the bytes of a segment (Segment.Value needs an addressable
// segment, which Segments.At does not return).
func value(s text.Segment, src []byte) []byte { return s.Value(src) }
