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
	"strings"

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
	c := &converter{opt: opt}
	start, n := len(dst), 0
	var blocks []string
	read := parse
	if len(body) > partBytes {
		read = parseAhead
	}
	read(body, partBytes, func(root *nethtml.Node) {
		c.blocksInto(&blocks, root)
		for _, b := range blocks {
			if n > 0 {
				dst = append(dst, "\n\n"...)
			}
			dst = append(dst, b...)
			n++
		}
		clear(blocks)
		blocks = blocks[:0]
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

// converter holds the state of one conversion.
type converter struct {
	opt   Options
	depth int       // containers that indent, around the node being written
	free  []*inline // inline writers done with, their buffers kept
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
	return &inline{c: c, heading: heading, cell: cell}
}

// written is what w wrote (inline.String); w is done with.
func (c *converter) written(w *inline) string {
	s := w.String()
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
	first := -1
	for i := 0; i < len(u) && first < 0; i++ {
		if destEscaped[u[i]] || u[i] == '&' && entityAt(u[i:]) {
			first = i
		}
	}
	if first < 0 {
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

// textOf is all the text under n, as it is.
func textOf(n *nethtml.Node) string {
	var b strings.Builder
	var walk func(*nethtml.Node)
	walk = func(n *nethtml.Node) {
		if n.Type == nethtml.TextNode {
			b.WriteString(n.Data)
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(n)
	return b.String()
}
