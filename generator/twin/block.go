package twin

import (
	"bytes"
	"iter"
	"strconv"
	"strings"

	nethtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// blockElements start a block of their own; text and other elements
// around them are gathered into paragraphs.
var blockElements = map[atom.Atom]bool{
	atom.P: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Pre: true, atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Li: true,
	atom.Blockquote: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Figure: true,
	atom.Figcaption: true, atom.Details: true, atom.Summary: true, atom.Table: true, atom.Caption: true,
	atom.Thead: true, atom.Tbody: true, atom.Tfoot: true, atom.Tr: true, atom.Td: true, atom.Th: true,
	atom.Hr: true,
}

func isBlock(n *nethtml.Node) bool {
	return n.Type == nethtml.ElementNode && blockElements[n.DataAtom]
}

// blocksInto appends the blocks of n's children to dst. Containers past
// MaxDepth append theirs to dst too, unindented, so that deep nesting
// copies nothing once per level. Runs of inline nodes are gathered on
// c.run past at: the run around n was flushed before n's block began, so
// one buffer serves every level.
func (c *converter) blocksInto(dst *[]string, n *nethtml.Node) {
	at := len(c.run)
	flush := func() {
		if p := c.paragraph(c.run[at:]); p != "" {
			*dst = append(*dst, p)
		}
		clear(c.run[at:])
		c.run = c.run[:at]
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if !isBlock(ch) {
			c.run = append(c.run, ch)
			continue
		}
		flush()
		c.block(dst, ch)
	}
	flush()
}

// paragraph writes inline nodes as a paragraph, "" when they show nothing.
func (c *converter) paragraph(nodes []*nethtml.Node) string {
	w := c.inline(false, false)
	for _, n := range nodes {
		w.node(n)
	}
	return c.written(w, "")
}

// paragraphOf writes the children of n as a paragraph.
func (c *converter) paragraphOf(n *nethtml.Node) string {
	w := c.inline(false, false)
	w.children(n)
	return c.written(w, "")
}

// block appends the blocks of a block element to dst.
func (c *converter) block(dst *[]string, n *nethtml.Node) {
	add := func(s string) {
		if s != "" {
			*dst = append(*dst, s)
		}
	}
	switch n.DataAtom {
	case atom.P, atom.Summary, atom.Figcaption, atom.Caption, atom.Dt:
		add(c.paragraphOf(n))
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		add(c.heading(n))
	case atom.Pre:
		add(c.fence(n))
	case atom.Ul, atom.Ol:
		c.list(dst, n)
	case atom.Dl:
		c.definitions(dst, n)
	case atom.Blockquote:
		c.quote(dst, n)
	case atom.Div:
		if hasClass(n, "notecard") {
			c.quote(dst, n)
			return
		}
		c.blocksInto(dst, n)
	case atom.Table:
		add(c.table(n))
	case atom.Hr:
		add("---")
	default:
		c.blocksInto(dst, n)
	}
}

// heading writes an ATX heading, "" for one with no text; # in its text
// is escaped, so that none closes it.
func (c *converter) heading(n *nethtml.Node) string {
	w := c.inline(true, false)
	w.children(n)
	level := int(n.Data[1] - '0')
	marks := "###### "[6-level:] // level #s and a space
	return strings.ReplaceAll(c.written(w, marks), "\\\n", " ")
}

// fence writes a pre element as a fenced code block, in one string: its
// text is gathered in c.text.
func (c *converter) fence(n *nethtml.Node) string {
	c.text = appendText(c.text[:0], n)
	code := c.text
	ticks := max(3, longestRun(code, '`')+1)
	lang := language(n)
	var b strings.Builder
	b.Grow(2*ticks + len(lang) + len(code) + 2)
	writeTicks(&b, ticks)
	b.WriteString(lang)
	b.WriteByte('\n')
	b.Write(code)
	if !bytes.HasSuffix(code, []byte("\n")) {
		b.WriteByte('\n')
	}
	writeTicks(&b, ticks)
	return b.String()
}

func writeTicks(b *strings.Builder, n int) {
	for range n {
		b.WriteByte('`')
	}
}

// language is a code block's language, from data-language or a
// language-* class of the pre or its code, kept to safe characters.
func language(n *nethtml.Node) string {
	lang := attr(n, "data-language")
	for _, el := range []*nethtml.Node{n, n.FirstChild} {
		if lang != "" || el == nil || el.Type != nethtml.ElementNode {
			break
		}
		for cl := range strings.FieldsSeq(attr(el, "class")) {
			if l, ok := strings.CutPrefix(cl, "language-"); ok {
				lang = l
				break
			}
		}
	}
	for _, r := range lang {
		if !(r == '_' || r == '+' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return ""
		}
	}
	return lang
}

func longestRun[S string | []byte](s S, ch byte) int {
	best, n := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] != ch {
			n = 0
			continue
		}
		n++
		best = max(best, n)
	}
	return best
}

// container converts the blocks of n, one container deeper, with each:
// joined and indented under first and rest, or, past MaxDepth, appended
// to dst as they are, first prefixed to the first.
func (c *converter) container(dst *[]string, n *nethtml.Node, first, rest, sep string) {
	c.depth++
	defer func() { c.depth-- }()
	if c.depth > MaxDepth {
		at := len(*dst)
		c.blocksInto(dst, n)
		if at < len(*dst) && first != "" {
			(*dst)[at] = strings.TrimRight(first, " ") + " " + (*dst)[at]
		}
		return
	}
	at := len(c.held)
	c.blocksInto(&c.held, n)
	s := c.indented(c.held[at:], sep, first, rest)
	clear(c.held[at:])
	c.held = c.held[:at] // before the append: dst may be &c.held
	if s != "" {
		*dst = append(*dst, s)
	}
}

// quote writes a blockquote, or a notecard as one.
func (c *converter) quote(dst *[]string, n *nethtml.Node) {
	c.container(dst, n, "> ", "> ", "\n\n")
}

// list writes ul and ol: an item per li, its blocks indented under its
// marker. Other children are items too.
func (c *converter) list(dst *[]string, n *nethtml.Node) {
	sep := "\n"
	if loose(n) {
		sep = "\n\n"
	}
	c.items(dst, n, sep)
}

// items writes the items of a list, sep between them and between the
// blocks of each. They are held on c.held, as container holds blocks.
func (c *converter) items(dst *[]string, n *nethtml.Node, sep string) {
	start := 1
	if s, err := atoi(attr(n, "start")); err == nil && s >= 0 && s < 1e9 {
		start = s
	}
	at := len(c.held)
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type != nethtml.ElementNode && (ch.Type != nethtml.TextNode || strings.TrimSpace(ch.Data) == "") {
			continue
		}
		if c.depth >= MaxDepth { // past it, items are blocks of dst, none held: each is numbered start
			c.container(dst, wrap(ch), marker(n, start), "", sep)
			continue
		}
		m := marker(n, start+len(c.held)-at)
		c.container(&c.held, wrap(ch), m, blanks(len(m)), sep)
	}
	items := strings.Join(c.held[at:], sep)
	clear(c.held[at:])
	c.held = c.held[:at]
	if items != "" {
		*dst = append(*dst, items)
	}
}

// marker is the marker of a list's item: "- ", or number and ". ".
func marker(list *nethtml.Node, number int) string {
	if list.DataAtom != atom.Ol {
		return "- "
	}
	return strconv.Itoa(number) + ". "
}

// blanks is n spaces, a marker's width.
func blanks(n int) string {
	const spaces = "                "
	if n > len(spaces) {
		return strings.Repeat(" ", n)
	}
	return spaces[:n]
}

// atoi is strconv.Atoi, without the error value it makes of "", which
// most lists and cells have.
func atoi(s string) (int, error) {
	if s == "" {
		return 0, strconv.ErrSyntax
	}
	return strconv.Atoi(s)
}

// loose reports whether a list's items are apart, as in HTML where one
// of them holds a paragraph.
func loose(list *nethtml.Node) bool {
	for li := list.FirstChild; li != nil; li = li.NextSibling {
		for ch := li.FirstChild; ch != nil; ch = ch.NextSibling {
			if ch.DataAtom == atom.P {
				return true
			}
		}
	}
	return false
}

// wrap is n as a container: n itself when it is an li or dd, else a node
// holding it.
func wrap(n *nethtml.Node) *nethtml.Node {
	if n.Type == nethtml.ElementNode && (n.DataAtom == atom.Li || n.DataAtom == atom.Dd) {
		return n
	}
	holder := &nethtml.Node{Type: nethtml.ElementNode, Data: "li", DataAtom: atom.Li}
	holder.AppendChild(&nethtml.Node{Type: n.Type, Data: n.Data, DataAtom: n.DataAtom, Attr: n.Attr, FirstChild: n.FirstChild, LastChild: n.LastChild})
	return holder
}

// definitions writes a dl as a loose list (a definition is no part of
// its term's paragraph): each term an item, its definitions indented
// under it.
func (c *converter) definitions(dst *[]string, n *nethtml.Node) {
	// The holder, its items and the copies of the children, allocated
	// together: at most an item and a copy a child.
	nodes := make([]nethtml.Node, 0, 1+2*childCount(n))
	node := func(v nethtml.Node) *nethtml.Node {
		nodes = append(nodes, v)
		return &nodes[len(nodes)-1]
	}
	holder := node(nethtml.Node{Type: nethtml.ElementNode, Data: "ul", DataAtom: atom.Ul})
	var item *nethtml.Node
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type != nethtml.ElementNode && (ch.Type != nethtml.TextNode || strings.TrimSpace(ch.Data) == "") {
			continue
		}
		if item == nil || ch.DataAtom == atom.Dt && item.LastChild != nil && item.LastChild.DataAtom != atom.Dt {
			item = node(nethtml.Node{Type: nethtml.ElementNode, Data: "li", DataAtom: atom.Li})
			holder.AppendChild(item)
		}
		item.AppendChild(node(nethtml.Node{Type: ch.Type, Data: ch.Data, DataAtom: ch.DataAtom, Attr: ch.Attr, FirstChild: ch.FirstChild, LastChild: ch.LastChild}))
	}
	c.items(dst, holder, "\n\n")
}

func childCount(n *nethtml.Node) int {
	count := 0
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		count++
	}
	return count
}

// indented is blocks joined with sep, its first line prefixed with first
// and the others with rest, blank lines with rest without its trailing
// spaces; "" when there are no blocks. The blocks are joined in c.joined
// and indented into one string: a list nested n deep is copied n times,
// not once per line and level.
func (c *converter) indented(blocks []string, sep, first, rest string) string {
	if len(blocks) == 0 {
		return ""
	}
	c.joined = c.joined[:0]
	for i, b := range blocks {
		if i > 0 {
			c.joined = append(c.joined, sep...)
		}
		c.joined = append(c.joined, b...)
	}
	var out strings.Builder
	out.Grow(indentedSize(c.joined, first, rest))
	for i, l := range lines(c.joined) {
		if i > 0 {
			out.WriteByte('\n')
		}
		out.WriteString(prefix(i, len(l), first, rest))
		out.Write(l)
	}
	return out.String()
}

// indentedSize is the length of s indented as indented does.
func indentedSize(s []byte, first, rest string) int {
	size := len(s)
	for i, l := range lines(s) {
		size += len(prefix(i, len(l), first, rest))
	}
	return size
}

// prefix is what indented writes before line i, of n bytes.
func prefix(i, n int, first, rest string) string {
	p := rest
	if i == 0 {
		p = first
	}
	if n == 0 {
		p = strings.TrimRight(p, " ")
	}
	return p
}

// lines are the lines of s, as strings.Split(s, "\n") has them.
func lines(s []byte) iter.Seq2[int, []byte] {
	return func(yield func(int, []byte) bool) {
		for i := 0; ; i++ {
			j := bytes.IndexByte(s, '\n')
			if j < 0 {
				yield(i, s)
				return
			}
			if !yield(i, s[:j]) {
				return
			}
			s = s[j+1:]
		}
	}
}
