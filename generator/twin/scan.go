package twin

import (
	"strings"
	"unicode/utf8"

	nethtml "golang.org/x/net/html"
)

// A scanner splits a body into the tokens of HTML (text, start and end
// tags, comments) as the HTML5 tokenizer does for the markup package page
// writes: tag names and attribute names lowercased, quoted, unquoted and
// bare attributes, the raw text of script, style and their kin, character
// references decoded (as in text, also in attribute values, where page
// writes & as &amp;), newlines normalized. Its strings are the body's own
// bytes wherever nothing was decoded, so that reading costs no copies.
type scanner struct {
	s   string
	pos int
	raw string // the element whose raw text comes next, if any
}

// token is what the scanner read: text, or a tag with its name.
type token struct {
	kind  tokenKind
	data  string // text, or the tag's name
	attrs string // a start tag's attributes, as written
}

type tokenKind int

const (
	textToken tokenKind = iota + 1
	startToken
	endToken
	commentToken
)

// isRawText reports the elements whose content is text up to their end
// tag; isRCDATA those of them whose text has character references.
func isRawText(name string) bool {
	switch name {
	case "script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "textarea", "title", "plaintext":
		return true
	}
	return false
}

func isRCDATA(name string) bool { return name == "textarea" || name == "title" }

const spaces = " \t\n\f\r"

// byteSet is a set of ASCII bytes. strings.IndexAny and strings.TrimLeft
// make one of their set at each call, a tenth of a body's conversion.
type byteSet [256]bool

func makeByteSet(chars string) *byteSet {
	var set byteSet
	for i := 0; i < len(chars); i++ {
		set[chars[i]] = true
	}
	return &set
}

var (
	spaceSet       = makeByteSet(spaces)
	nameEndSet     = makeByteSet(spaces + "/>") // what ends a tag's name
	attrGapSet     = makeByteSet(spaces + "/")  // what comes between attributes
	attrNameEndSet = makeByteSet(spaces + "/=") // what ends an attribute's name
)

// index is strings.IndexAny(s, the set's bytes).
func (set *byteSet) index(s string) int {
	for i := 0; i < len(s); i++ {
		if set[s[i]] {
			return i
		}
	}
	return -1
}

// trimLeft is strings.TrimLeft(s, the set's bytes).
func (set *byteSet) trimLeft(s string) string {
	i := 0
	for i < len(s) && set[s[i]] {
		i++
	}
	return s[i:]
}

// next reads the next token; false at the end of the body.
func (z *scanner) next() (token, bool) {
	if z.pos >= len(z.s) {
		return token{}, false
	}
	if z.raw != "" {
		return z.rawText(), true
	}
	rest := z.s[z.pos:]
	if rest[0] == '<' && len(rest) > 1 {
		switch ch := rest[1]; {
		case isLetter(ch):
			return z.startTag(), true
		case ch == '/' && len(rest) > 2 && isLetter(rest[2]):
			return z.endTag(), true
		case ch == '!' || ch == '?' || ch == '/' && len(rest) > 2: // "</" at the end is text
			return z.comment(), true
		}
	}
	end := strings.IndexByte(rest[1:], '<') + 1
	if end == 0 {
		end = len(rest)
	}
	z.pos += end
	return token{kind: textToken, data: decode(rest[:end])}, true
}

func isLetter(ch byte) bool { return ch|0x20 >= 'a' && ch|0x20 <= 'z' }

// startTag reads a start tag: its name, and its attributes up to the >
// that ends it (tagEnd).
func (z *scanner) startTag() token {
	rest := z.s[z.pos+1:]
	n := nameEndSet.index(rest)
	if n < 0 {
		n = len(rest)
	}
	name := lower(rest[:n])
	i := tagEnd(rest, n)
	if i < 0 { // no >: the tokenizer drops a tag the body ends in
		z.pos = len(z.s)
		return token{kind: textToken}
	}
	z.pos += 1 + i + 1
	if isRawText(name) {
		z.raw = name
	}
	return token{kind: startToken, data: name, attrs: rest[n:i]}
}

// tagEnd is the index in rest of the > that ends a start tag whose
// attributes begin at i, read as the HTML5 tokenizer reads them: a quote
// opens a value only after an attribute's = (elsewhere it is a byte of a
// name: in <a "="><img src="x"> the img is the a's attribute value);
// -1 when the body ends first.
func tagEnd(rest string, i int) int {
	skip := func(set *byteSet) {
		for i < len(rest) && set[rest[i]] {
			i++
		}
	}
	for {
		skip(attrGapSet)
		if i >= len(rest) || rest[i] == '>' {
			break
		}
		i++ // a name's first byte, which may be =
		for i < len(rest) && !attrNameEndSet[rest[i]] && rest[i] != '>' {
			i++
		}
		skip(spaceSet)
		if i >= len(rest) || rest[i] != '=' {
			continue
		}
		i++
		skip(spaceSet)
		if i >= len(rest) {
			break
		}
		switch q := rest[i]; q {
		case '"', '\'':
			j := strings.IndexByte(rest[i+1:], q)
			if j < 0 {
				return -1
			}
			i += 1 + j + 1
		case '>':
		default:
			for i < len(rest) && !spaceSet[rest[i]] && rest[i] != '>' {
				i++
			}
		}
	}
	if i >= len(rest) {
		return -1
	}
	return i
}

// endTag reads an end tag; what follows its name up to its > is ignored.
func (z *scanner) endTag() token {
	rest := z.s[z.pos+2:]
	n := nameEndSet.index(rest)
	if n < 0 {
		n = len(rest)
	}
	// Its attributes are read, and ignored; a tag the body ends in is
	// dropped, as the tokenizer drops it.
	gt := tagEnd(rest, n)
	if gt < 0 {
		z.pos = len(z.s)
		return token{kind: commentToken}
	}
	z.pos += 2 + gt + 1
	return token{kind: endToken, data: lower(rest[:n])}
}

// comment reads a comment, <!-- to --> or --!>, or a doctype or bogus
// comment, <! or <? or </ to >. A <![CDATA[ section goes on to ]]> if
// that comes later: the parser reads one so in svg and math, and hiding
// more than the tokenizer does shows no markup that either hides.
func (z *scanner) comment() token {
	rest := z.s[z.pos:]
	end := -1 // where the comment ends in rest
	switch {
	case strings.HasPrefix(rest, "<!--"):
		// A --!> ends it too, when it comes first: it is looked for up
		// to the -->, so that each comment reads no further than it.
		within := rest
		if i := strings.Index(rest[2:], "-->"); i >= 0 { // from "<!" on: <!--> and <!---> are whole comments
			end = 2 + i + 3
			within = rest[:end]
		}
		if i := strings.Index(within[min(4, len(within)):], "--!>"); i >= 0 {
			end = 4 + i + 4
		}
	case strings.HasPrefix(rest, "<![CDATA["):
		if i := strings.Index(rest[9:], "]]>"); i >= 0 {
			end = max(9+i+3, strings.IndexByte(rest, '>')+1)
		}
	default:
		if i := strings.IndexByte(rest[2:], '>'); i >= 0 {
			end = 2 + i + 1
		}
	}
	if end < 0 {
		z.pos = len(z.s)
	} else {
		z.pos += end
	}
	return token{kind: commentToken}
}

// rawText reads the content of a raw text element up to its end tag.
func (z *scanner) rawText() token {
	name := z.raw
	z.raw = ""
	rest := z.s[z.pos:]
	end := len(rest)
	switch name {
	case "plaintext":
	case "script":
		end = scriptEnd(rest)
	default:
		for i := 0; ; i++ {
			j := strings.Index(rest[i:], "</")
			if j < 0 {
				break
			}
			i += j
			if endsTag(rest[i+2:], name) {
				end = i
				break
			}
		}
	}
	z.pos += end
	text := newlines(rest[:end])
	if isRCDATA(name) {
		text = decode(rest[:end])
	}
	if strings.IndexByte(text, 0) >= 0 {
		text = strings.ReplaceAll(text, "\x00", "\ufffd")
	}
	return token{kind: textToken, data: text}
}

// endsTag reports whether s starts with the tag name, in any case, and a
// byte that ends a tag's name.
func endsTag(s, name string) bool {
	return len(s) > len(name) && strings.EqualFold(s[:len(name)], name) && nameEndSet[s[len(name)]]
}

// scriptEnd is the index in s, a script's content, of the "</" of its
// end tag (len(s) when it has none), read through the tokenizer's script
// data states: after "<!--", a "<script" opens a part where "</script"
// closes that part, not the element, and "-->" ends both.
func scriptEnd(s string) int {
	escaped, double := false, false
	dashes := 0 // the dashes just read, escaped
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '-':
			if escaped {
				dashes++
			}
			continue
		case c == '>' && escaped && dashes >= 2:
			escaped, double = false, false
		case c == '<' && !escaped && strings.HasPrefix(s[i+1:], "!--"):
			escaped, dashes = true, 2
			i += 3
			continue
		case c == '<' && s[i+1:] != "" && s[i+1] == '/' && endsTag(s[i+2:], "script"):
			if !double {
				return i
			}
			double = false
			i += len("</script")
		case c == '<' && escaped && !double && endsTag(s[i+1:], "script"):
			double = true
			i += len("<script")
		}
		dashes = 0
	}
	return len(s)
}

// attrs calls f with each attribute of a start tag: its name lowercased,
// its value decoded; a later one of the same name is skipped, as the
// tokenizer does, by the reader taking the first.
func attrs(s string, f func(key, val string)) {
	for {
		s = attrGapSet.trimLeft(s)
		if s == "" {
			return
		}
		n := 1 + attrNameEndSet.index(s[1:])
		if n == 0 {
			n = len(s)
		}
		key := lower(s[:n])
		s = spaceSet.trimLeft(s[n:])
		if !strings.HasPrefix(s, "=") {
			f(key, "")
			continue
		}
		s = spaceSet.trimLeft(s[1:])
		var val string
		if s != "" && (s[0] == '"' || s[0] == '\'') {
			j := strings.IndexByte(s[1:], s[0])
			if j < 0 {
				j = len(s) - 1
			}
			val, s = s[1:1+j], s[min(2+j, len(s)):]
		} else {
			j := spaceSet.index(s)
			if j < 0 {
				j = len(s)
			}
			val, s = s[:j], s[j:]
		}
		if val = decodeAttr(val); strings.IndexByte(val, 0) >= 0 {
			val = strings.ReplaceAll(val, "\x00", "\ufffd")
		}
		f(key, val)
	}
}

// decode is text with its character references decoded and its newlines
// normalized.
func decode(s string) string {
	s = newlines(s)
	if strings.IndexByte(s, '&') < 0 {
		return s
	}
	// The references page's writers make are decoded here, in one copy
	// where UnescapeString makes two (a []byte, then the string); text
	// with any other goes to UnescapeString whole.
	var b strings.Builder
	b.Grow(len(s))
	for rest := s; ; {
		i := strings.IndexByte(rest, '&')
		if i < 0 {
			b.WriteString(rest)
			return b.String()
		}
		ref := writtenRef(rest[i:])
		if ref == "" {
			return nethtml.UnescapeString(s)
		}
		b.WriteString(rest[:i])
		b.WriteByte(ref[len(ref)-1])
		rest = rest[i+len(ref)-1:]
	}
}

// writtenRefs are the character references the HTML writers of package
// page use (html.EscapeString, goldmark's), each followed by the
// character it stands for.
var writtenRefs = [...]string{"&amp;&", "&lt;<", "&gt;>", "&quot;\"", "&#34;\"", "&#39;'"}

// writtenRef is the element of writtenRefs that s starts with, "" for
// none.
func writtenRef(s string) string {
	for _, ref := range writtenRefs {
		if strings.HasPrefix(s, ref[:len(ref)-1]) {
			return ref
		}
	}
	return ""
}

// decodeAttr is decode for an attribute's value, where a named reference
// without its ";" stays as written when letters, digits or "=" follow
// it, as in a URL's query: href="?a=1&not=2" keeps its "&not".
func decodeAttr(s string) string {
	if strings.IndexByte(s, '&') < 0 {
		return newlines(s)
	}
	var b strings.Builder
	rest := s
	for {
		i := strings.IndexByte(rest, '&')
		if i < 0 {
			break
		}
		b.WriteString(rest[:i+1])
		rest = rest[i+1:]
		n := 0
		for n < len(rest) && (isLetter(rest[n]) || '0' <= rest[n] && rest[n] <= '9') {
			n++
		}
		if n == 0 {
			continue // numeric, or no reference: decoded as in text
		}
		if n < len(rest) && rest[n] == ';' && utf8.RuneCountInString(nethtml.UnescapeString("&"+rest[:n+1])) <= 2 {
			continue // a whole name and its ";" (one or two characters, where a name's start leaves three or more)
		}
		// Else a reference is decoded only when the whole name is one
		// without its ";" (the legacy ones, each one character) and no
		// "=" follows.
		if d := nethtml.UnescapeString("&" + rest[:n]); utf8.RuneCountInString(d) != 1 || n < len(rest) && rest[n] == '=' {
			b.WriteString("amp;") // the & itself
		}
	}
	b.WriteString(rest)
	return decode(b.String())
}

// newlines makes \r\n and \r \n.
func newlines(s string) string {
	if strings.IndexByte(s, '\r') < 0 {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// lower is s lowercased, NULs made U+FFFD: s itself when it is
// lowercase ASCII letters and digits, as the names page writes are.
func lower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return strings.ReplaceAll(asciiLower(s), "\x00", "\ufffd")
		}
	}
	return s
}

// asciiLower is s with its ASCII letters lowercased, and nothing else
// changed, as the tokenizer lowercases names: strings.ToLower would also
// replace the bytes that are not UTF-8.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
