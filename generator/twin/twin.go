// Package twin writes the markdown twin of a page: its rendered, cleaned
// body (package page) turned back into plain CommonMark with GFM tables,
// for programs that read markdown better than HTML.
//
// The body is read into a tree and written from it, so what the twin
// says is what the page shows: macros are already resolved, notecards are
// blockquotes that start with their label ("> **Note:** …"), the
// Specifications and Compat tables are tables.
//
// The tree is the one the browser builds, by an assumption about the
// input (tree.go): the body is written by package page, by goldmark and
// the site's renderers or, when it holds raw HTML, by serializing the
// cleaned tree the HTML5 parser built, so every element but a void one is
// closed, in order, and the tags alone spell the tree. It is read with a
// tokenizer and an element stack, not the HTML5 tree construction, which
// cost most of the conversion. Input that breaks the assumption gets a
// tree a browser might not build, never markup in the twin: all text is
// escaped and all URLs checked whatever the tree.
//
// What comes through, as an allowlist (everything else gives its text
// only, or nothing):
//
//   - Blocks: p, h1–h6 (#), pre (a fenced code block, its language from
//     data-language or a language-* class, letters, digits, _ + - only,
//     its fence longer than any run of backticks inside), ul and ol
//     (- and N.), dl (- term, its definitions indented under it),
//     blockquote and div.notecard (>), table (a GFM table: colspan and
//     rowspan spread, header rows joined per column, at most MaxColumns
//     columns, block content flattened into one line), hr, and the text of
//     div, section, figure, details, summary and the like as paragraphs.
//     Containers nested deeper than MaxDepth add no more indentation, so
//     that the cost stays linear in the size of the body.
//   - Inline: text, a with an http(s), mailto, tel or ftp URL or a
//     relative one ([text](url), made absolute by Options.Resolve), img
//     (![alt](src), not data: URLs), code, kbd and samp (code spans),
//     strong and b (**), em and i (*), del and s (~~), br (a hard break; a
//     space in tables and links), an element with role="img" and an
//     aria-label (its label in parentheses). The heading self-links
//     (a.heading-link) give their text.
//   - Text is escaped so that it stays text: \ ` * _ [ ] < > | ~ & always,
//     and # + - = and "1." at the start of a line. No raw HTML, entity,
//     autolink, emphasis, link or block of the page's text reaches the
//     reader as markup; whitespace runs become one space.
//   - Comments, and everything that is not an element or text, are dropped.
package twin

import (
	"bytes"
	"strings"
	"unicode/utf8"

	nethtml "golang.org/x/net/html"
)

// MaxDepth is how deep lists and blockquotes nest in a twin; deeper ones
// add no indentation.
const MaxDepth = 16

// MaxColumns is the most columns a table of a twin has; the cells past
// it join the last one.
const MaxColumns = 64

// Options say how to convert a body. The zero value keeps URLs as they
// are.
type Options struct {
	// Resolve, when set, gives the URL a link or image of the twin has
	// for the href or src of the page ("/en-US/docs/…", "#id", "a.png").
	Resolve func(href string) string
}

// Convert turns a page body, HTML as package page writes it, into
// markdown ending in one newline ("" for a body with nothing to show).
func Convert(body string, opt Options) string {
	return string(appendConvert(nil, body, opt, partBytes))
}

// AppendConvert appends Convert(body, opt) to dst: a twin of a page of
// 50 MB is not copied again.
func AppendConvert(dst []byte, body string, opt Options) []byte {
	return appendConvert(dst, body, opt, partBytes)
}

// appendConvert is AppendConvert with the body read in parts of
// partBytes (parse), each part's blocks appended as they are converted;
// a body of more than one part is read a part ahead (parseAhead).
func appendConvert(dst []byte, body string, opt Options, partBytes int) []byte {
	c := &converter{opt: opt, run: make([]*nethtml.Node, 0, 16), held: make([]string, 0, 16)}
	start := len(dst)
	read := parse
	if len(body) > partBytes {
		read = parseAhead
	}
	read(body, partBytes, func(root *nethtml.Node) {
		c.blocksInto(&c.held, root)
		for _, b := range c.held { // never "": no block is
			if len(dst) > start {
				dst = append(dst, "\n\n"...)
			}
			dst = append(dst, b...)
		}
		clear(c.held)
		c.held = c.held[:0]
	})
	if len(dst) == start {
		return dst
	}
	return append(dst, '\n')
}

// Text is plain text as markdown that shows it as it is: escaped, on
// one line.
func Text(s string) string {
	if plainText(s) { // most titles and summaries: nothing to escape but a start
		return escapeStart(s)
	}
	w := &inline{c: &converter{}, cell: true}
	w.text(s)
	return w.String()
}

// plainText reports whether s is ASCII words with one space between
// them and no byte that could start markup: Text then only escapes its
// start.
func plainText(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || c < ' ' || c == 0x7f || markupBytes[c] || c == ' ' && (i == 0 || i == len(s)-1 || s[i+1] == ' ') {
			return false
		}
	}
	return true
}

// converter holds the state of one conversion, and buffers its steps
// reuse: a page has hundreds of blocks, and most hold a few words.
type converter struct {
	opt   Options
	depth int       // containers that indent, around the node being written
	free  []*inline // inline writers done with, their buffers kept
	// The inline nodes gathered for paragraphs (blocksInto), and the
	// blocks of the part and of the containers being written
	// (appendConvert, container, items), each level's above those of the
	// levels around it.
	run  []*nethtml.Node
	held []string
	// The text of a pre or code element (fence, inline.code), and the
	// blocks of a container joined (indented). Neither is used again
	// before the step that fills it is done.
	text   []byte
	joined []byte
}

// inline is an inline writer, its buffer one a writer done with left: a
// page has hundreds of paragraphs, cells and headings.
func (c *converter) inline(heading, cell bool) *inline {
	if n := len(c.free); n > 0 {
		w := c.free[n-1]
		c.free = c.free[:n-1]
		*w = inline{c: c, b: w.b[:0], heading: heading, cell: cell}
		return w
	}
	return &inline{c: c, b: make([]byte, 0, 128), heading: heading, cell: cell} // most paragraphs fit: fewer copies as it grows
}

// written is prefix and what w wrote (inline.prefixed); w is done with.
func (c *converter) written(w *inline, prefix string) string {
	s := w.prefixed(prefix)
	c.free = append(c.free, w)
	return s
}

// resolve is the URL a link or image of the twin has, "" for one that is
// dropped.
func (c *converter) resolve(u string) string {
	u = strings.TrimSpace(u)
	if u == "" || !safeURL(u) {
		return ""
	}
	if c.opt.Resolve != nil {
		u = c.opt.Resolve(u)
	}
	return Destination(u)
}

// safeURL reports whether u is relative or of an allowed scheme.
func safeURL(u string) bool {
	i := strings.IndexAny(u, ":/?#")
	if i < 0 || u[i] != ':' {
		return true
	}
	switch strings.ToLower(u[:i]) {
	case "http", "https", "mailto", "tel", "ftp":
		return true
	}
	return false
}

// Destination writes a URL as a link destination: what would end it or
// be read as markup is percent-encoded, and so is an "&" that starts an
// entity (&colon;, &#106;), which a reader would decode: a page's
// javascript&colon;x is a relative URL, the twin's would be javascript:x.
// (A backslash before the "&" does not stop every reader: goldmark
// decodes the entity after it.) An "&" of a query stays as it is.
func Destination(u string) string {
	first := 0
	for first < len(u) && (!destStops[u[first]] || u[first] == '&' && !entityAt(u[first:])) {
		first++
	}
	if first == len(u) {
		return u // the common case: nothing to escape, nothing to copy
	}
	const digits = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(u) + 8)
	b.WriteString(u[:first])
	for i := first; i < len(u); i++ {
		if ch := u[i]; destEscaped[ch] {
			b.Write([]byte{'%', digits[ch>>4], digits[ch&15]})
		} else if ch == '&' && entityAt(u[i:]) {
			b.WriteString("%26")
		} else {
			b.WriteByte(ch)
		}
	}
	return b.String()
}

// entityAt reports whether s starts with an entity as CommonMark reads
// one: & then a name of letters and digits, # and decimal digits, or #x
// and hex digits, then ;.
func entityAt(s string) bool {
	i, digits := 1, "0123456789"
	switch {
	case strings.HasPrefix(s, "&#x") || strings.HasPrefix(s, "&#X"):
		i, digits = 3, "0123456789abcdefABCDEF"
	case strings.HasPrefix(s, "&#"):
		i = 2
	default:
		digits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	}
	j := i
	for j < len(s) && strings.IndexByte(digits, s[j]) >= 0 {
		j++
	}
	return j > i && j < len(s) && s[j] == ';'
}

// destEscaped are the bytes a link destination has percent-encoded.
var destEscaped = func() (set [256]bool) {
	for c := 0; c <= ' '; c++ {
		set[c] = true
	}
	set[0x7f] = true
	for _, c := range []byte("()<>\\`|") {
		set[c] = true
	}
	return set
}()

// destStops are destEscaped and &: the bytes Destination looks at twice.
var destStops = func() (set [256]bool) {
	set = destEscaped
	set['&'] = true
	return set
}()

// attr is the value of an element's attribute, "" when it has none.
func attr(n *nethtml.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

// hasClass reports whether an element's class list holds class.
func hasClass(n *nethtml.Node, class string) bool {
	for c := range strings.FieldsSeq(attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

// appendText appends all the text under n, as it is, to dst.
func appendText(dst []byte, n *nethtml.Node) []byte {
	if n.Type == nethtml.TextNode {
		dst = append(dst, n.Data...)
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		dst = appendText(dst, ch)
	}
	return dst
}

// blank reports whether the text under n is spaces only, as
// strings.TrimSpace of all of it joined is "", without joining it: each
// strong, em and role="img" element asks.
func blank(n *nethtml.Node) bool {
	found, sure := shown(n)
	if found && !sure {
		return len(bytes.TrimSpace(appendText(nil, n))) == 0
	}
	return !found
}

// shown finds the first text under n that is not spaces only, and
// whether its first character that is not a space is one for sure: not a
// byte that is not UTF-8, which may be part of a character split between
// texts (a pre's text is in pieces).
func shown(n *nethtml.Node) (found, sure bool) {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type != nethtml.TextNode {
			if found, sure := shown(ch); found {
				return found, sure
			}
			continue
		}
		if t := strings.TrimSpace(ch.Data); t != "" {
			r, size := utf8.DecodeRuneInString(t)
			return true, r != utf8.RuneError || size > 1
		}
	}
	return false, false
}
