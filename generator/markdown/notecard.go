package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// KindNotecard is the kind of Notecard nodes.
var KindNotecard = ast.NewNodeKind("Notecard")

// Notecard is a block quote that MDN renders as a note, warning or callout.
type Notecard struct {
	ast.BaseBlock
	Variant string // "note", "warning" or "callout"
	Label   string // localized, set by Resolve
}

// Kind implements ast.Node.
func (n *Notecard) Kind() ast.NodeKind { return KindNotecard }

// Dump implements ast.Node.
func (n *Notecard) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Variant": n.Variant}, nil)
}

// KindNoteLabel is the kind of NoteLabel nodes.
var KindNoteLabel = ast.NewNodeKind("NoteLabel")

// NoteLabel is the "Note:" at the start of a notecard's first paragraph.
type NoteLabel struct {
	ast.BaseInline
	Card *Notecard
}

// Kind implements ast.Node.
func (n *NoteLabel) Kind() ast.NodeKind { return KindNoteLabel }

// Dump implements ast.Node.
func (n *NoteLabel) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// legacyLabels maps the bold labels MDN's locales used before "[!NOTE]"
// (lower case, without the colon) to the notecard type.
var legacyLabels = map[string]string{
	"note": "note", "notes": "note", "備註": "note", "备注": "note", "註": "note", "注": "note",
	"メモ": "note", "注記": "note", "참고": "note", "remarque": "note", "nota": "note",
	"notas": "note", "hinweis": "note", "anmerkung": "note", "примечание": "note", "заметка": "note",
	"warning": "warning", "警告": "warning", "注意": "warning", "경고": "warning",
	"avertissement": "warning", "attention": "warning", "advertencia": "warning", "aviso": "warning",
	"atenção": "warning", "warnung": "warning", "предупреждение": "warning", "внимание": "warning",
	"callout": "callout",
}

type notecardTransformer struct{}

func (notecardTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var quotes []*ast.Blockquote
	walkBlocks(doc, func(n ast.Node) {
		if q, ok := n.(*ast.Blockquote); ok {
			quotes = append(quotes, q)
		}
	})
	for _, q := range quotes {
		p, ok := q.FirstChild().(*ast.Paragraph)
		if !ok {
			continue
		}
		typ := alertType(p, src)
		if typ == "" {
			typ = legacyType(p, src)
		}
		if typ == "" {
			continue
		}
		card := &Notecard{Variant: typ}
		for c := q.FirstChild(); c != nil; {
			next := c.NextSibling()
			card.AppendChild(card, c)
			c = next
		}
		q.Parent().ReplaceChild(q.Parent(), q, card)
		addLabel(card)
	}
}

// alertType reads a first line "[!NOTE]" and removes it from the paragraph.
func alertType(p *ast.Paragraph, src []byte) string {
	first := p.Lines().At(0)
	line := bytes.TrimSpace(first.Value(src))
	if !bytes.HasPrefix(line, []byte("[!")) || !bytes.HasSuffix(line, []byte("]")) {
		return ""
	}
	typ := strings.ToLower(string(line[2 : len(line)-1]))
	if typ != "note" && typ != "warning" && typ != "callout" {
		return ""
	}
	for c := p.FirstChild(); c != nil; {
		next := c.NextSibling()
		t, ok := c.(*ast.Text)
		if !ok || t.Segment.Start >= first.Stop {
			break
		}
		p.RemoveChild(p, c)
		c = next
	}
	return typ
}

// legacyType reads a first bold label such as "**Note:**" and removes it.
func legacyType(p *ast.Paragraph, src []byte) string {
	em, ok := p.FirstChild().(*ast.Emphasis)
	if !ok || em.Level != 2 {
		return ""
	}
	label := strings.ToLower(strings.TrimRight(plainText(em, src), " :：\u00a0"))
	typ := legacyLabels[label]
	if typ == "" {
		return ""
	}
	next := em.NextSibling()
	p.RemoveChild(p, em)
	if t, ok := next.(*ast.Text); ok { // "**Note**: text" puts the colon outside
		v := t.Segment.Value(src)
		t.Segment = t.Segment.WithStart(t.Segment.Start + len(v) - len(bytes.TrimLeft(v, ":： \u00a0")))
	}
	return typ
}

// addLabel puts a NoteLabel at the start of the first paragraph, making an
// empty paragraph for it when the card starts with something else.
func addLabel(card *Notecard) {
	label := &NoteLabel{Card: card}
	p, ok := card.FirstChild().(*ast.Paragraph)
	for ok && p.ChildCount() == 0 {
		next := p.NextSibling()
		card.RemoveChild(card, p)
		p, ok = next.(*ast.Paragraph)
	}
	if !ok {
		p = ast.NewParagraph()
		card.InsertBefore(card, card.FirstChild(), p)
	}
	p.InsertBefore(p, p.FirstChild(), label)
}
