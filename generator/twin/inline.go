package twin

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	nethtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// inline writes the inline content of one block: a paragraph, a heading
// or a table cell. Nested inline elements write into the one builder, so
// that deep nesting costs no copies.
type inline struct {
	c       *converter
	b       []byte // reused: see converter.inline
	heading bool   // # is escaped everywhere
	cell    bool   // | in code is escaped; breaks are spaces
	link    int    // links around the node being written: none nest
	pending bool   // a space is due before what comes next
}

// String is the inline content written, trimmed, its lines' starts
// escaped.
func (w *inline) String() string { return w.prefixed("") }

// prefixed is prefix and String(), made as one string, or "" when
// String() is "".
func (w *inline) prefixed(prefix string) string {
	s := bytes.TrimSpace(w.b)
	if raw := bytes.TrimRight(w.b, " "); bytes.HasSuffix(raw, []byte("\\\n")) {
		s = bytes.TrimSpace(raw[:len(raw)-2]) // a break ends nothing
	}
	if len(s) == 0 {
		return ""
	}
	var b strings.Builder
	b.Grow(len(prefix) + len(s) + 1 + bytes.Count(s, []byte("\n"))) // a \ a line at most
	b.WriteString(prefix)
	for i, l := range lines(s) {
		if i > 0 {
			b.WriteByte('\n')
		}
		l = bytes.TrimLeft(l, " ")
		if at := startEscape(l); at >= 0 {
			b.Write(l[:at])
			b.WriteByte('\\')
			l = l[at:]
		}
		b.Write(l)
	}
	return b.String()
}

// space asks for one space before what comes next, unless the content is
// empty or ends a line.
func (w *inline) space() {
	if n := len(w.b); n > 0 && w.b[n-1] != '\n' {
		w.pending = true
	}
}

// write writes s, after the space asked for.
func (w *inline) write(s string) {
	if w.pending {
		w.b = append(w.b, ' ')
		w.pending = false
	}
	w.b = append(w.b, s...)
}

// node writes an inline node and what it holds.
func (w *inline) node(n *nethtml.Node) {
	switch n.Type {
	case nethtml.TextNode:
		w.text(n.Data)
		return
	case nethtml.ElementNode:
	default:
		return
	}
	if label := attr(n, "aria-label"); attr(n, "role") == "img" && label != "" && blank(n) {
		w.space()
		w.text("(" + label + ")")
		return
	}
	switch n.DataAtom {
	case atom.A:
		w.anchor(n)
	case atom.Img:
		w.image(n)
	case atom.Code, atom.Kbd, atom.Samp, atom.Pre:
		w.code(n)
	case atom.Strong, atom.B:
		w.wrapped(n, "**")
	case atom.Em, atom.I:
		w.wrapped(n, "*")
	case atom.Del, atom.S:
		w.wrapped(n, "~~")
	case atom.Br:
		w.lineBreak()
	default:
		if isBlock(n) || n.DataAtom == atom.Li || n.DataAtom == atom.Dd {
			w.space()
			w.children(n)
			w.space()
			return
		}
		w.children(n)
	}
}

func (w *inline) children(n *nethtml.Node) {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		w.node(ch)
	}
}

// lineBreak writes a hard line break; a space in a table cell, a link or
// a heading, which are one line.
func (w *inline) lineBreak() {
	if w.cell || w.link > 0 || w.heading {
		w.space()
		return
	}
	if n := len(w.b); n == 0 || w.b[n-1] == '\n' {
		return
	}
	w.pending = false
	w.b = append(w.b, "\\\n"...)
}

// wrapped writes n between delimiters, or nothing when it shows nothing.
func (w *inline) wrapped(n *nethtml.Node, delim string) {
	if blank(n) && !hasImage(n) {
		w.children(n)
		return
	}
	w.write(delim)
	w.children(n)
	w.b = append(w.b, delim...) // a space due stays outside
}

func hasImage(n *nethtml.Node) bool {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type == nethtml.ElementNode && (ch.DataAtom == atom.Img || hasImage(ch)) {
			return true
		}
	}
	return false
}

// anchor writes a link; one with no safe URL, a heading's self-link or a
// link inside a link gives its text.
func (w *inline) anchor(n *nethtml.Node) {
	href := w.c.resolve(attr(n, "href"))
	if href == "" || w.link > 0 || hasClass(n, "heading-link") {
		w.children(n)
		return
	}
	w.link++
	defer func() { w.link-- }()
	if n := len(w.b); !w.pending && n > 0 && w.b[n-1] == '!' { // "![" would make the link an image
		w.b = append(w.b[:n-1], `\!`...)
	}
	w.write("[")
	at := len(w.b)
	w.children(n)
	if len(w.b) == at {
		w.text(attr(n, "href"))
	}
	w.b = append(append(append(w.b, "]("...), href...), ')')
}

// image writes an image; data: URLs are left out, the alt text kept.
func (w *inline) image(n *nethtml.Node) {
	src := strings.TrimSpace(attr(n, "src"))
	alt := attr(n, "alt")
	if strings.HasPrefix(strings.ToLower(src), "data:") {
		src = ""
	}
	if src = w.c.resolve(src); src == "" {
		w.text(alt)
		return
	}
	w.write("![")
	w.text(alt)
	w.b = append(append(append(w.b, "]("...), src...), ')')
}

// code writes a code span: the text of n on one line, between enough
// backticks. The text is gathered and its words joined in c.text.
func (w *inline) code(n *nethtml.Node) {
	w.c.text = appendText(w.c.text[:0], n)
	s := squeeze(w.c.text)
	if len(s) == 0 {
		return
	}
	ticks := longestRun(s, '`') + 1
	pad := s[0] == '`' || s[len(s)-1] == '`'
	w.write("") // the space due
	w.ticks(ticks)
	if pad {
		w.b = append(w.b, ' ')
	}
	for i := bytes.IndexByte(s, '|'); w.cell && i >= 0; i = bytes.IndexByte(s, '|') { // a | would end the cell
		w.b = append(append(w.b, s[:i]...), '\\', '|')
		s = s[i+1:]
	}
	w.b = append(w.b, s...)
	if pad {
		w.b = append(w.b, ' ')
	}
	w.ticks(ticks)
}

func (w *inline) ticks(n int) {
	for range n {
		w.b = append(w.b, '`')
	}
}

// squeeze is s's words (strings.Fields) joined with one space, written
// over s: each word moves back or stays, never past the one after it.
func squeeze(s []byte) []byte {
	out := s[:0]
	for word := range bytes.FieldsSeq(s) {
		if len(out) > 0 {
			out = append(out, ' ')
		}
		out = append(out, word...)
	}
	return out
}

// text writes text, escaped, its whitespace runs made one space.
func (w *inline) text(s string) {
	// The words of strings.Fields, without making a slice of them.
	lead := startsWithSpace(s)
	for i := 0; i < len(s); {
		if size := spaceAt(s, i); size > 0 {
			i += size
			continue
		}
		if lead {
			w.space()
		}
		i = w.word(s, i)
		lead = true
	}
	if endsWithSpace(s) {
		w.space()
	}
}

// word writes the word that starts at s[i], up to the next space, with
// the characters that could start markup escaped, and returns where it
// ends. Words are read and escaped in one pass: only a byte of
// wordStops is looked at twice.
func (w *inline) word(s string, i int) int {
	w.write("") // the space due
	start := i
	for ; i < len(s); i++ {
		c := s[i]
		if !wordStops[c] {
			continue
		}
		if maybeSpace[c] && spaceAt(s, i) > 0 {
			break
		}
		if markupBytes[c] || c == '#' && w.heading {
			w.b = append(append(w.b, s[start:i]...), '\\')
			start = i
		}
	}
	w.b = append(w.b, s[start:i]...)
	return i
}

// spaceAt is the size of the space (unicode.IsSpace) at s[i], 0 when
// there is none there; only a byte that may start one is decoded.
func spaceAt(s string, i int) int {
	if c := s[i]; !maybeSpace[c] {
		return 0
	} else if c < utf8.RuneSelf {
		return 1
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	if unicode.IsSpace(r) {
		return size
	}
	return 0
}

// maybeSpace are the bytes that may start a space: the ASCII ones
// unicode.IsSpace reports, and the first bytes of the others in UTF-8
// (U+0085 and U+00A0; U+1680; U+2000 to U+205F; U+3000). Text is mostly
// other bytes, which need no decoding (TestMaybeSpace).
var maybeSpace = [256]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true,
	0xc2: true, 0xe1: true, 0xe2: true, 0xe3: true}

func startsWithSpace(s string) bool { return s != "" && spaceSet[s[0]] }
func endsWithSpace(s string) bool   { return s != "" && spaceSet[s[len(s)-1]] }

// markupBytes are the bytes escaped in text: each could start markup.
var markupBytes = func() (set [256]bool) {
	for _, c := range []byte("\\`*_[]<>|~&") {
		set[c] = true
	}
	return set
}()

// wordStops are the bytes word looks at: those that may start a space
// and those it may escape.
var wordStops = func() (set [256]bool) {
	for c := range 256 {
		set[c] = maybeSpace[c] || markupBytes[c] || c == '#'
	}
	return set
}()

// escapeStart escapes what would make a line that starts with it a
// heading, a list item, a setext underline or a thematic break.
func escapeStart(s string) string {
	if at := startEscape(s); at >= 0 {
		return s[:at] + "\\" + s[at:]
	}
	return s
}

// startEscape is where escapeStart puts a \ in a line, -1 for nowhere.
func startEscape[S string | []byte](s S) int {
	if len(s) == 0 {
		return -1
	}
	switch s[0] {
	case '#', '+', '-', '=':
		return 0
	}
	i := 0
	for i < len(s) && i < 10 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')') {
		return i
	}
	return -1
}
