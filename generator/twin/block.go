package twin

import (
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

// blocks converts the children of n into blocks of markdown: runs of
// inline content become paragraphs.
func (c *converter) blocks(n *nethtml.Node) []string {
	var out []string
	c.blocksInto(&out, n)
	return out
}

// blocksInto appends the blocks of n's children to dst. Containers past
// MaxDepth append theirs to dst too, unindented, so that deep nesting
// copies nothing once per level.
func (c *converter) blocksInto(dst *[]string, n *nethtml.Node) {
	var run []*nethtml.Node
	flush := func() {
		if p := c.paragraph(run); p != "" {
			*dst = append(*dst, p)
		}
		run = run[:0]
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if !isBlock(ch) {
			run = append(run, ch)
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
	return c.written(w)
}

// paragraphOf writes the children of n as a paragraph.
func (c *converter) paragraphOf(n *nethtml.Node) string {
	w := c.inline(false, false)
	w.children(n)
	return c.written(w)
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
		add(fence(n))
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

// heading writes an ATX heading; # in its text is escaped, so that none
// closes it.
func (c *converter) heading(n *nethtml.Node) string {
	w := c.inline(true, false)
	w.children(n)
	text := c.written(w)
	if text == "" {
		return ""
	}
	level := int(n.Data[1] - '0')
	return strings.Repeat("#", level) + " " + strings.ReplaceAll(text, "\\\n", " ")
}

// fence writes a pre element as a fenced code block.
func fence(n *nethtml.Node) string {
	code := textOf(n)
	if !strings.HasSuffix(code, "\n") {
		code += "\n"
	}
	ticks := strings.Repeat("`", max(3, longestRun(code, '`')+1))
	return ticks + language(n) + "\n" + code + ticks
}

// language is a code block's language, from data-language or a
// language-* class of the pre or its code, kept to safe characters.
func language(n *nethtml.Node) string {
	lang := attr(n, "data-language")
	for _, el := range []*nethtml.Node{n, n.FirstChild} {
		if lang != "" || el == nil || el.Type != nethtml.ElementNode {
			break
		}
		for _, cl := range strings.Fields(attr(el, "class")) {
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

func longestRun(s string, ch byte) int {
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
	blocks := c.blocks(n)
	if len(blocks) > 0 {
		*dst = append(*dst, indent(strings.Join(blocks, sep), first, rest))
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
// blocks of each.
func (c *converter) items(dst *[]string, n *nethtml.Node, sep string) {
	start := 1
	if s, err := atoi(attr(n, "start")); err == nil && s >= 0 && s < 1e9 {
		start = s
	}
	var items []string
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type != nethtml.ElementNode && (ch.Type != nethtml.TextNode || strings.TrimSpace(ch.Data) == "") {
			continue
		}
		marker := "- "
		if n.DataAtom == atom.Ol {
			marker = strconv.Itoa(start+len(items)) + ". "
		}
		if c.depth >= MaxDepth { // past it, items are blocks of dst
			c.container(dst, wrap(ch), marker, "", sep)
			continue
		}
		c.container(&items, wrap(ch), marker, strings.Repeat(" ", len(marker)), sep)
	}
	if len(items) > 0 {
		*dst = append(*dst, strings.Join(items, sep))
	}
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
	holder := &nethtml.Node{Type: nethtml.ElementNode, Data: "ul", DataAtom: atom.Ul}
	var item *nethtml.Node
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type != nethtml.ElementNode && (ch.Type != nethtml.TextNode || strings.TrimSpace(ch.Data) == "") {
			continue
		}
		if item == nil || ch.DataAtom == atom.Dt && item.LastChild != nil && item.LastChild.DataAtom != atom.Dt {
			item = &nethtml.Node{Type: nethtml.ElementNode, Data: "li", DataAtom: atom.Li}
			holder.AppendChild(item)
		}
		item.AppendChild(&nethtml.Node{Type: ch.Type, Data: ch.Data, DataAtom: ch.DataAtom, Attr: ch.Attr, FirstChild: ch.FirstChild, LastChild: ch.LastChild})
	}
	c.items(dst, holder, "\n\n")
}

// indent prefixes the first line of s with first and the others with
// rest; blank lines get rest without its trailing spaces.
func indent(s, first, rest string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		p := rest
		if i == 0 {
			p = first
		}
		if l == "" {
			p = strings.TrimRight(p, " ")
		}
		lines[i] = p + l
	}
	return strings.Join(lines, "\n")
}
