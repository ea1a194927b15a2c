package markdown

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"statusdocs/generator/flaw"
	"statusdocs/generator/macro"
)

// Hooks is what Resolve needs from the site. Offsets are byte offsets in
// the page source, for the site to report problems at.
type Hooks interface {
	// Macro expands a call (Err set for a malformed one).
	Macro(n *Macro) macro.Output
	// ResolveLink resolves the destination of a markdown link or image.
	ResolveLink(dest string, off int, image bool) macro.Link
	// HTML cleans and resolves a piece of raw HTML; at maps a byte index of
	// raw to its source offset. For an inline tag that opens an element
	// whose content must go too (a <script>), drop is the element's name:
	// siblings are removed up to its closing tag.
	HTML(raw string, at func(int) int) (out string, drop string)
	// Label is the localized label of a notecard type ("Note:").
	Label(typ string) string
	// Problem is told of a problem Parse found (by Convert, which parses
	// and resolves a huge page in parts, before resolving its part).
	Problem(p Problem)
	// Written is given the HTML of the page, or of each part of a huge
	// one, by Convert, and returns it as the page is to have it.
	Written(html string) string
}

// KindRaw is the kind of Raw nodes.
var KindRaw = ast.NewNodeKind("Raw")

// Raw is HTML that has been cleaned by Hooks.HTML and is written as is.
type Raw struct {
	ast.BaseInline
	HTML string
}

// Kind implements ast.Node.
func (n *Raw) Kind() ast.NodeKind { return KindRaw }

// Dump implements ast.Node.
func (n *Raw) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// KindRawBlock is the kind of RawBlock nodes.
var KindRawBlock = ast.NewNodeKind("RawBlock")

// RawBlock is a block of HTML written as is: a cleaned HTML block, or a
// block macro that replaced its paragraph.
type RawBlock struct {
	ast.BaseBlock
	HTML string
}

// Kind implements ast.Node.
func (n *RawBlock) Kind() ast.NodeKind { return KindRawBlock }

// Dump implements ast.Node.
func (n *RawBlock) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// resolvedKey is the attribute holding a link's resolution.
var resolvedKey = []byte("statusdocs-link")

// Resolve runs the site's hooks over the document, then gives headings their
// ids. ids holds ids already used on the page (none, usually).
func (d *Document) Resolve(h Hooks, ids IDSet) {
	if ids == nil {
		ids = IDSet{}
	}
	d.resolve(h, ids, map[string]int{})
}

// resolve is Resolve with next, the suffix each heading id tries next
// (IDSet.unique), kept from one part of a page to the next.
func (d *Document) resolve(h Hooks, ids IDSet, next map[string]int) {
	var macros []*Macro
	var links []ast.Node
	var raws []ast.Node
	var headings []*ast.Heading
	_ = ast.Walk(d.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *Macro:
			macros = append(macros, n)
		case *ast.Link, *ast.Image, *ast.AutoLink:
			links = append(links, n)
		case *ast.RawHTML, *ast.HTMLBlock:
			raws = append(raws, n)
		case *ast.Heading:
			headings = append(headings, n)
		case *NoteLabel:
			n.Card.Label = h.Label(n.Card.Variant)
		}
		return ast.WalkContinue, nil
	})
	for _, m := range macros {
		out := h.Macro(m)
		m.HTML, m.Block = out.HTML, out.Block
		if insideLink(m) {
			m.HTML = stripAnchors(m.HTML)
		}
	}
	for _, m := range macros { // once all are expanded: placing one looks at the others
		if m.Block {
			d.placeBlock(h, m)
		}
	}
	for _, l := range links {
		d.resolveLink(h, l)
	}
	for _, r := range raws {
		if r.Parent() != nil {
			d.resolveRaw(h, r)
		}
	}
	var gh githubIDs
	if g, ok := h.(GitHubAnchors); ok && g.GitHubAnchors() {
		gh = githubIDs{}
	}
	d.setHeadingIDs(headings, ids, next, gh)
}

func insideLink(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if _, ok := p.(*ast.Link); ok {
			return true
		}
	}
	return false
}

// stripAnchors removes <a> tags (keeping their content), so that a macro's
// link inside a markdown link does not nest one link in another.
func stripAnchors(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "<a")
		j := strings.Index(s, "</a>")
		if i >= 0 && i+2 < len(s) && s[i+2] != ' ' && s[i+2] != '>' {
			i = -1
		}
		switch {
		case i >= 0 && (j < 0 || i < j):
			end := strings.IndexByte(s[i:], '>')
			if end < 0 {
				return b.String() + s
			}
			b.WriteString(s[:i])
			s = s[i+end+1:]
		case j >= 0:
			b.WriteString(s[:j])
			s = s[j+4:]
		default:
			return b.String() + s
		}
	}
}

// placeBlock puts block macro m where its HTML is valid. In a paragraph it
// splits the paragraph (splitParagraph). In a list item or a table cell,
// which hold blocks, it stays. Anywhere else (a heading, a link, emphasis)
// it cannot go without breaking the HTML: it is shown as a marker and
// reported, unless it expands to nothing.
func (d *Document) placeBlock(h Hooks, m *Macro) {
	switch parent := m.Parent().(type) {
	case nil: // its paragraph is split already
	case *ast.Paragraph:
		d.splitParagraph(parent)
	case *ast.TextBlock, *extast.TableCell:
	default:
		if m.HTML == "" {
			return
		}
		p := Problem{Kind: flaw.MisplacedMacro, Off: m.Off,
			Message:    fmt.Sprintf("%q expands to a block, which cannot go inside a heading, a link or emphasis: it is shown as a marker", m.Call.Name),
			Suggestion: "put the macro on a line of its own"}
		d.Problems = append(d.Problems, p)
		h.Problem(p)
		m.HTML = macro.Marker(m.Call.Name, "a block inside a line")
		m.Block = false
	}
}

// splitParagraph replaces paragraph p, which holds block macros, with its
// runs of inline content, each a paragraph, and the blocks between them:
// no <div> or <table> lands inside a <p>. Blocks that expand to nothing
// ({{HTTPSidebar}}) go, and so do runs of nothing but white space; a
// paragraph that leaves nothing is an empty block, as a block alone in it
// was. One pass over p, however many blocks it holds.
func (d *Document) splitParagraph(p *ast.Paragraph) {
	parent := p.Parent()
	wrote := false
	var run *ast.Paragraph
	next := func() {
		run = ast.NewParagraph()
		run.SetLines(p.Lines()) // for the offset of what has no text of its own
	}
	flush := func() {
		if d.trimRun(run) {
			parent.InsertBefore(parent, p, run)
			wrote = true
		}
		next()
	}
	next()
	for c := p.FirstChild(); c != nil; c = p.FirstChild() {
		m, ok := c.(*Macro)
		if !ok || !m.Block {
			run.AppendChild(run, c)
			continue
		}
		p.RemoveChild(p, m)
		if m.HTML != "" {
			flush()
			parent.InsertBefore(parent, p, &RawBlock{HTML: m.HTML})
			wrote = true
		}
	}
	flush()
	if wrote {
		parent.RemoveChild(parent, p)
	} else {
		parent.ReplaceChild(parent, p, &RawBlock{})
	}
}

// trimRun trims the white space at both ends of a run of a split paragraph
// and reports whether anything is left.
func (d *Document) trimRun(run *ast.Paragraph) bool {
	for t, ok := run.LastChild().(*ast.Text); ok; t, ok = run.LastChild().(*ast.Text) {
		t.Segment = t.Segment.TrimRightSpace(d.src)
		t.SetSoftLineBreak(false)
		t.SetHardLineBreak(false)
		if t.Segment.Len() > 0 {
			break
		}
		run.RemoveChild(run, t)
	}
	for t, ok := run.FirstChild().(*ast.Text); ok; t, ok = run.FirstChild().(*ast.Text) {
		t.Segment = t.Segment.TrimLeftSpace(d.src)
		if t.Segment.Len() > 0 {
			break
		}
		run.RemoveChild(run, t)
	}
	return run.FirstChild() != nil
}

func (d *Document) resolveLink(h Hooks, n ast.Node) {
	var dest string
	_, image := n.(*ast.Image)
	switch n := n.(type) {
	case *ast.Link:
		dest = unescape(n.Destination)
	case *ast.Image:
		dest = unescape(n.Destination)
	case *ast.AutoLink:
		dest = string(n.URL(d.src))
		if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(dest), "mailto:") {
			dest = "mailto:" + dest
		}
	}
	l := h.ResolveLink(dest, d.offset(n), image)
	if l.Drop {
		p := n.Parent()
		moveBefore(p, n)
		p.RemoveChild(p, n)
		return
	}
	n.SetAttribute(resolvedKey, l)
}

// unescape resolves the backslash escapes and character references of a
// link destination or title, as CommonMark reads them.
func unescape(b []byte) string {
	return string(util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(b))))
}

// moveBefore moves n's children in front of it, for a link that is dropped
// but whose text stays.
func moveBefore(p, n ast.Node) {
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		p.InsertBefore(p, n, c)
		c = next
	}
}

func (d *Document) resolveRaw(h Hooks, n ast.Node) {
	p := n.Parent()
	if r, ok := n.(*ast.RawHTML); ok {
		var b strings.Builder
		for i := range r.Segments.Len() {
			b.Write(value(r.Segments.At(i), d.src))
		}
		out, drop := h.HTML(b.String(), segmentMap(r.Segments, d.src))
		next := r.NextSibling()
		p.ReplaceChild(p, n, &Raw{HTML: out})
		if drop != "" {
			dropUntilClose(p, next, drop, d.src)
		}
		return
	}
	segs := text.NewSegments()
	lines := n.Lines()
	for i := range lines.Len() {
		segs.Append(lines.At(i))
	}
	if b := n.(*ast.HTMLBlock); b.HasClosure() {
		segs.Append(b.ClosureLine)
	}
	var b strings.Builder
	for i := range segs.Len() {
		b.Write(value(segs.At(i), d.src))
	}
	out, _ := h.HTML(b.String(), segmentMap(segs, d.src))
	p.ReplaceChild(p, n, &RawBlock{HTML: out})
}

// segmentMap maps a byte index of the concatenated segments to its offset in
// the source: lines of a block in a list or quote are not contiguous there.
func segmentMap(segs *text.Segments, src []byte) func(int) int {
	var ends []int // where each segment ends in the joined text, made on the first call
	return func(i int) int {
		if segs.Len() == 0 {
			return 0
		}
		if ends == nil {
			n := 0
			for k := range segs.Len() {
				s := segs.At(k)
				n += s.Len()
				ends = append(ends, n)
			}
		}
		// The first segment ending past i, or the last one.
		k := min(sort.SearchInts(ends, i+1), len(ends)-1)
		s := segs.At(k)
		return s.Start + min(i-(ends[k]-s.Len()), s.Len())
	}
}

// dropUntilClose removes siblings from n up to and including the raw HTML
// closing tag of element name.
func dropUntilClose(p, n ast.Node, name string, src []byte) {
	closing := []byte("</" + name)
	for n != nil {
		next := n.NextSibling()
		if r, ok := n.(*ast.RawHTML); ok && r.Segments.Len() > 0 &&
			bytes.HasPrefix(bytes.ToLower(value(r.Segments.At(0), src)), closing) {
			p.RemoveChild(p, n)
			return
		}
		p.RemoveChild(p, n)
		n = next
	}
}

// offset finds a source offset for an inline node: its first text, or the
// start of the block holding it.
func (d *Document) offset(n ast.Node) int {
	off := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			off = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	switch n.(type) {
	case *ast.Link, *ast.Image:
		if off > 0 { // back to the "[" (or "![")
			if i := bytes.LastIndexByte(d.src[:off], '['); i >= 0 {
				off = i
				if _, img := n.(*ast.Image); img && i > 0 && d.src[i-1] == '!' {
					off--
				}
			}
		}
		return off
	}
	if off >= 0 {
		return off
	}
	for b := n.Parent(); b != nil; b = b.Parent() {
		if b.Type() == ast.TypeBlock && b.Lines().Len() > 0 {
			return b.Lines().At(0).Start
		}
	}
	return 0
}
