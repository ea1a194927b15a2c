package content

import (
	"bytes"
	"sort"
	"unicode/utf8"
)

// Lines turns byte offsets of a text into 1-based lines and columns, and
// lines into offsets, in time that does not grow with the text: a page of
// a hundred thousand flaws must not rescan its text for each. Columns count
// characters (runes, as utf8.RuneCount counts them in invalid text too).
//
// The index is a mark every markEvery bytes (at a rune start) holding the
// line and column there; a lookup scans at most markEvery bytes from the
// mark before it. Marks are made lazily, up to the largest offset asked
// for, so a text nobody asks about costs nothing. A Lines is not safe for
// concurrent use.
type Lines struct {
	text  []byte
	marks []mark
}

// mark is a position of the text: its offset, its line, and how many runes
// of the line come before it.
type mark struct {
	off, line, runes int
}

// markEvery is the distance between marks: a lookup costs a scan of up to
// this many bytes, the index 24 bytes per this many.
const markEvery = 1024

// NewLines indexes text, which must not change while the Lines is used.
func NewLines(text []byte) *Lines {
	return &Lines{text: text, marks: []mark{{0, 1, 0}}}
}

// Position returns the line and column of byte offset off, which is
// clamped to the text.
func (l *Lines) Position(off int) (line, col int) {
	off = min(max(off, 0), len(l.text))
	l.extend(off)
	i := sort.Search(len(l.marks), func(i int) bool { return l.marks[i].off > off }) - 1
	m := l.advance(l.marks[i], off)
	return m.line, m.runes + 1
}

// Start returns the offset of the start of 1-based line, or the length of
// the text when it has fewer lines.
func (l *Lines) Start(line int) int {
	for l.last().line < line {
		n := len(l.marks)
		l.extend(min(l.last().off+markEvery, len(l.text)))
		if len(l.marks) == n {
			break // the text ends less than markEvery bytes on
		}
	}
	// The last mark on an earlier line: the line starts before the next.
	i := max(sort.Search(len(l.marks), func(i int) bool { return l.marks[i].line >= line })-1, 0)
	off := l.marks[i].off
	for n := l.marks[i].line; n < line; n++ {
		nl := bytes.IndexByte(l.text[off:], '\n')
		if nl < 0 {
			return len(l.text)
		}
		off += nl + 1
	}
	return off
}

func (l *Lines) last() mark { return l.marks[len(l.marks)-1] }

// extend adds marks until the last is within markEvery bytes of off.
func (l *Lines) extend(off int) {
	for m := l.last(); off-m.off >= markEvery; m = l.last() {
		next := m.off + markEvery
		for next < len(l.text) && !utf8.RuneStart(l.text[next]) {
			next++
		}
		l.marks = append(l.marks, l.advance(m, next))
	}
}

// advance moves mark m forward to off. Runes are counted from a rune start
// (m's offset, or the start of a line), where utf8.RuneCount of any longer
// text starts a rune too, so the counts add up.
func (l *Lines) advance(m mark, off int) mark {
	span := l.text[m.off:off]
	nl := bytes.LastIndexByte(span, '\n')
	if nl < 0 {
		return mark{off, m.line, m.runes + utf8.RuneCount(span)}
	}
	return mark{off, m.line + bytes.Count(span, []byte("\n")), utf8.RuneCount(span[nl+1:])}
}

// Position returns the 1-based line and column (in characters) of byte
// offset off in text. For more than one offset of a text, use Lines.
func Position(text []byte, off int) (line, col int) {
	return NewLines(text).Position(off)
}

// Of reports whether l indexes text: the same bytes of the same array.
func (l *Lines) Of(text []byte) bool {
	return len(l.text) == len(text) && (len(text) == 0 || &l.text[0] == &text[0])
}
