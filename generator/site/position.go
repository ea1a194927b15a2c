package site

import (
	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
)

// A page's flaws are found by byte offset in its body; Pos, LineStart and
// Flaw turn them into lines and columns through one index of the body
// (content.Lines), so a page of many flaws costs time linear in its size.

// Pos returns the line and column of byte offset off in the page's body.
func (p *Page) Pos(off int) (line, col int) { return p.index().Position(off) }

// LineStart returns the byte offset of 1-based line of the page's body, or
// the body's length when it has fewer lines.
func (p *Page) LineStart(line int) int { return p.index().Start(line) }

// Flaw returns a flaw at byte offset off of the page's body.
func (p *Page) Flaw(kind string, off int, format string, args ...any) flaw.Flaw {
	line, col := p.Pos(off)
	return flaw.New(kind, p.File, line, col, format, args...)
}

// FreeBody lets go of the page's body and of the index of its lines, which
// holds it too: once a page is rendered, the flaws it has were placed.
func (p *Page) FreeBody() { p.Page.Body, p.lines = nil, nil }

// index is the index of the page's body, made again when the body was
// replaced (read again, or freed and read again, between load and render).
func (p *Page) index() *content.Lines {
	if p.lines == nil || !p.lines.Of(p.Body) {
		p.lines = content.NewLines(p.Body)
	}
	return p.lines
}
