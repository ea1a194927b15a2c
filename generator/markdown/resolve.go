package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"

	"statusdocs/generator/macro"
)

// Hooks is what Resolve needs from the site. Offsets are byte offsets in
// the page source, for the site to report problems at.
type Hooks interface {
	// Macro expands a call (Err set for a malformed one).
	Macro(n *Macro) macro.Output
	// ResolveLink resolves the destination of a markdown link or image.
	ResolveLink(dest string, off int, image bool) macro.Link
	// HTML cleans and resolves a piece of raw HTML. For an inline tag that
	// opens an element whose content must go too (a <script>), drop is the
	// element's name: siblings are removed up to its closing tag.
	HTML(raw string, off int) (out string, drop string)
	// Label is the localized label of a notecard type ("Note:").
	Label(typ string) string
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
	var macros []*Macro
	var links []ast.Node
	var raws []ast.Node
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
		case *NoteLabel:
			n.Card.Label = h.Label(n.Card.Variant)
		}
		return ast.WalkContinue, nil
	})
	for _, m := range macros {
		out := h.Macro(m)
		m.HTML, m.Block = out.HTML, out.Block
		if p, ok := m.Parent().(*ast.Paragraph); ok && m.Block && onlyChild(p, m, d.src) {
			p.Parent().ReplaceChild(p.Parent(), p, &RawBlock{HTML: m.HTML})
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
	if ids == nil {
		ids = IDSet{}
	}
	d.setHeadingIDs(ids)
}

// onlyChild reports whether m is the only thing in p but white space.
func onlyChild(p *ast.Paragraph, m *Macro, src []byte) bool {
	for c := p.FirstChild(); c != nil; c = c.NextSibling() {
		if c == m {
			continue
		}
		t, ok := c.(*ast.Text)
		if !ok || len(bytes.TrimSpace(t.Segment.Value(src))) > 0 {
			return false
		}
	}
	return true
}

func (d *Document) resolveLink(h Hooks, n ast.Node) {
	var dest string
	_, image := n.(*ast.Image)
	switch n := n.(type) {
	case *ast.Link:
		dest = string(n.Destination)
	case *ast.Image:
		dest = string(n.Destination)
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
		out, drop := h.HTML(b.String(), r.Segments.At(0).Start)
		next := r.NextSibling()
		p.ReplaceChild(p, n, &Raw{HTML: out})
		if drop != "" {
			dropUntilClose(p, next, drop, d.src)
		}
		return
	}
	var b strings.Builder
	lines := n.Lines()
	for i := range lines.Len() {
		b.Write(value(lines.At(i), d.src))
	}
	b2 := n.(*ast.HTMLBlock)
	if b2.HasClosure() {
		b.Write(b2.ClosureLine.Value(d.src))
	}
	off := 0
	if lines.Len() > 0 {
		off = lines.At(0).Start
	}
	out, _ := h.HTML(b.String(), off)
	p.ReplaceChild(p, n, &RawBlock{HTML: out})
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
	if _, ok := n.(*ast.Link); ok && off > 0 {
		return off - 1 // the "["
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
