package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// MDN writes definition lists as nested bullet lists:
//
//	- term
//	  - : description
//
// A list becomes a <dl> only when every one of its items has this shape, so
// an ordinary list that happens to contain ": " is left alone.

// Kinds of the definition list nodes.
var (
	KindDefinitionList = ast.NewNodeKind("DefinitionList")
	KindDefinitionTerm = ast.NewNodeKind("DefinitionTerm")
	KindDefinitionDesc = ast.NewNodeKind("DefinitionDescription")
)

// DefinitionList is a <dl>.
type DefinitionList struct{ ast.BaseBlock }

// DefinitionTerm is a <dt>; its children are inlines.
type DefinitionTerm struct{ ast.BaseBlock }

// DefinitionDesc is a <dd>; its children are blocks.
type DefinitionDesc struct{ ast.BaseBlock }

// Kind implements ast.Node.
func (n *DefinitionList) Kind() ast.NodeKind { return KindDefinitionList }

// Kind implements ast.Node.
func (n *DefinitionTerm) Kind() ast.NodeKind { return KindDefinitionTerm }

// Kind implements ast.Node.
func (n *DefinitionDesc) Kind() ast.NodeKind { return KindDefinitionDesc }

// Dump implements ast.Node.
func (n *DefinitionList) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// Dump implements ast.Node.
func (n *DefinitionTerm) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// Dump implements ast.Node.
func (n *DefinitionDesc) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

type definitionListTransformer struct{}

func (definitionListTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var lists []*ast.List
	walkBlocks(doc, func(n ast.Node) {
		if l, ok := n.(*ast.List); ok && isDefinitionList(l, src) {
			lists = append(lists, l)
		}
	})
	for _, l := range lists {
		// A list can be both the descriptions of an outer definition list
		// and, by its shape, a definition list itself: in
		//
		//	- term
		//	  - : description
		//	    - : more
		//
		// the middle list's item is a "term" with descriptions of its own.
		// Converting the outer list (it comes first) empties the middle
		// one's items, so each list is checked again when its turn comes.
		if isDefinitionList(l, src) {
			l.Parent().ReplaceChild(l.Parent(), l, toDefinitionList(l, src))
		}
	}
}

// isDefinitionList reports whether every item of l is a term followed by a
// list of ": " descriptions.
func isDefinitionList(l *ast.List, src []byte) bool {
	if l.IsOrdered() || l.ChildCount() == 0 {
		return false
	}
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		descs, ok := item.LastChild().(*ast.List)
		if !ok || item.ChildCount() < 2 || descs.IsOrdered() {
			return false
		}
		for d := descs.FirstChild(); d != nil; d = d.NextSibling() {
			if descriptionText(d, src) == nil {
				return false
			}
		}
	}
	return true
}

// descriptionText returns the first text node of a "- : description" item.
func descriptionText(item ast.Node, src []byte) *ast.Text {
	block := item.FirstChild()
	if block == nil {
		return nil
	}
	t, ok := block.FirstChild().(*ast.Text)
	if !ok || !bytes.HasPrefix(t.Segment.Value(src), []byte(":")) {
		return nil
	}
	v := t.Segment.Value(src)
	if len(v) > 1 && v[1] != ' ' && v[1] != '\t' {
		return nil
	}
	return t
}

func toDefinitionList(l *ast.List, src []byte) *DefinitionList {
	dl := &DefinitionList{}
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		descs := item.LastChild().(*ast.List)
		for b := item.FirstChild(); b != descs; b = b.NextSibling() {
			dt := &DefinitionTerm{}
			moveChildren(dt, b)
			dl.AppendChild(dl, dt)
		}
		for d := descs.FirstChild(); d != nil; d = d.NextSibling() {
			trimMarker(d.FirstChild(), src)
			dd := &DefinitionDesc{}
			moveChildren(dd, d)
			dl.AppendChild(dl, dd)
		}
	}
	return dl
}

// trimMarker removes the leading ": " of a description's first block; the
// colon and the space may be separate text nodes.
func trimMarker(block ast.Node, src []byte) {
	colon := false
	for c := block.FirstChild(); c != nil; {
		t, ok := c.(*ast.Text)
		if !ok {
			return
		}
		v := t.Segment.Value(src)
		if !colon {
			v = v[1:]
			t.Segment = t.Segment.WithStart(t.Segment.Start + 1)
			colon = true
		}
		trimmed := bytes.TrimLeft(v, " \t")
		t.Segment = t.Segment.WithStart(t.Segment.Start + len(v) - len(trimmed))
		if len(trimmed) > 0 {
			return
		}
		next := c.NextSibling()
		block.RemoveChild(block, c)
		c = next
	}
}

// moveChildren moves every child of from to the end of to.
func moveChildren(to, from ast.Node) {
	for c := from.FirstChild(); c != nil; {
		next := c.NextSibling()
		to.AppendChild(to, c)
		c = next
	}
}
