package page

import (
	"strconv"
	"strings"

	nethtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"statusdocs/generator/flaw"
)

// Cleaning a page body
//
// Raw HTML in a page comes from translators, who are strangers, and a
// browser reads it with state that spans the whole page: a <textarea> or
// an <svg> opened in one block changes how the next block is parsed. So a
// body holding raw HTML is cleaned as a whole, the way the browser will
// read it: parsed by the HTML5 tree builder of golang.org/x/net/html as a
// fragment inside the <article> that holds it in the layout, filtered
// against the allowlist below, and written out by serializing the cleaned
// tree. Source bytes never pass through, so what the browser builds from
// the output is the tree that was checked. A body with no raw HTML at all
// is made only by goldmark and the site's own macros and renderers, which
// escape what they are given, and is written as is.
//
// The allowlist, which is the spec:
//
//   - Elements kept with their attributes checked: allowedElements. Other
//     elements are removed, their content kept, except those of
//     dropWithContent (script, style, raw-text and form elements, embedded
//     content, frames, templates) and every element in the SVG or MathML
//     namespaces, which go with all they hold.
//   - Attributes kept on any allowed element: globalAttrs, and aria-*;
//     per element: elementAttrs. Everything else goes, on* handlers,
//     style, srcset, target and data-* among them, and an id the layouts
//     write themselves (layoutIDs: "content", "search-input"), which the
//     page would take from the layout's element.
//   - URLs (href, src, cite): relative ones, and http:, https:, mailto:,
//     tel: and ftp:, read as the browser reads them (entities decoded,
//     control characters and spaces ignored, any case); images also
//     data:image/png, gif, jpeg, webp and avif.
//   - Comments, doctypes and processing instructions are dropped.
//
// Each removal is an unsafe-html error at the position of the element's
// start tag in the markdown. Those positions come from the raw-HTML hook
// (html.go), which marks each start tag it cleans with posAttr; an element
// the hook never saw as a tag (the browser found it where the hook saw
// text) is reported at the last marked element before it.

// posAttr carries a raw start tag's source offset from the hook to the
// cleaner, which removes it.
const posAttr = "data-statusdocs-at"

// Allowed reports whether the cleaner keeps an element of raw HTML (its
// attributes checked): allowedElements.
func Allowed(element string) bool { return allowedElements[element] }

// allowedElements are kept (attributes checked): what MDN pages and the
// site's own markdown and macros produce.
var allowedElements = setOf(
	"a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
	"data", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure",
	"h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q",
	"rp", "rt", "ruby", "s", "samp", "section", "small", "span", "strong", "sub", "summary", "sup",
	"table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr")

// dropWithContent are removed with everything inside them: their content
// is script, style, raw text, a form control's value or embedded content,
// or they are elements that end a scope in the tree builder, so that their
// children moved up would be read differently.
var dropWithContent = setOf(
	"script", "style", "textarea", "xmp", "title", "noscript", "noembed", "noframes", "plaintext",
	"iframe", "frame", "frameset", "object", "embed", "applet", "param", "template", "slot",
	"svg", "math", "head", "base", "meta", "link",
	"form", "input", "button", "select", "option", "optgroup", "datalist", "output", "fieldset", "keygen",
	"audio", "video", "source", "track", "picture", "canvas", "map", "area", "portal", "dialog", "marquee",
	"listing", "image", "isindex", "menu", "menuitem")

// globalAttrs may stand on any allowed element.
var globalAttrs = setOf("id", "class", "title", "lang", "dir", "role", "translate")

// elementAttrs are the other attributes each element may carry; url marks
// those holding a URL.
var elementAttrs = map[string]map[string]bool{
	"a":          {"href": true, "hreflang": false, "rel": false, "data-href": false},
	"img":        {"src": true, "alt": false, "width": false, "height": false, "loading": false, "decoding": false},
	"blockquote": {"cite": true},
	"q":          {"cite": true},
	"del":        {"cite": true, "datetime": false},
	"ins":        {"cite": true, "datetime": false},
	"td":         {"colspan": false, "rowspan": false, "headers": false},
	"th":         {"colspan": false, "rowspan": false, "headers": false, "scope": false, "abbr": false},
	"col":        {"span": false},
	"colgroup":   {"span": false},
	"ol":         {"start": false, "reversed": false, "type": false},
	"li":         {"value": false},
	"time":       {"datetime": false},
	"data":       {"value": false},
	"details":    {"open": false},
	"pre":        {"data-language": false},
}

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// articleContext is the element the layouts put a page body in.
var articleContext = &nethtml.Node{Type: nethtml.ElementNode, Data: "article", DataAtom: atom.Article}

// cleanBody rewrites a body holding raw HTML from its cleaned tree.
func (r *render) cleanBody(body string) string {
	var b strings.Builder
	b.Grow(len(body) + len(body)/8)
	writeChildren(&b, r.cleanTree(body))
	return b.String()
}

// cleanTree parses a body as the browser will and cleans it; the result
// holds the body's nodes as its children.
func (r *render) cleanTree(body string) *nethtml.Node {
	holder, err := parseArticle(body)
	if err != nil { // elements nested over 512 deep: the parser gives up
		r.flaw(flaw.TooDeep, tooDeepAt(body), "HTML nested too deep for a browser to read as written (%v): the page's text is shown without its markup", err)
		holder.AppendChild(&nethtml.Node{Type: nethtml.TextNode, Data: textOf(body)})
		return holder
	}
	if r.kept == nil {
		r.kept = map[string]bool{}
	}
	c := cleaner{r: r, ids: r.kept}
	c.children(holder)
	if c.unwrapped {
		// Children moved up may sit where a browser does not nest them
		// (a heading right in a heading, rt right in rb, what was in a
		// button now in a paragraph): the tree is read again from what it
		// writes, as a browser will read it.
		var b strings.Builder
		writeChildren(&b, holder)
		if again, err := parseArticle(b.String()); err == nil {
			holder = again
		}
	}
	return holder
}

// parseArticle parses HTML as the children of the article the layouts put
// a page body in; on an error, the article is empty.
func parseArticle(html string) (*nethtml.Node, error) {
	holder := &nethtml.Node{Type: nethtml.ElementNode, Data: "article", DataAtom: atom.Article}
	nodes, err := nethtml.ParseFragment(strings.NewReader(html), articleContext)
	if err != nil {
		return holder, err
	}
	for _, n := range nodes {
		holder.AppendChild(n)
	}
	return holder, nil
}

// writeChildren serializes the children of a cleaned element. Only
// allowed elements are left, none of them raw text or foreign, so the
// rules are few: text and attribute values escaped (writeEscaped), no end tag for void
// elements, and the newline a parser drops after <pre> doubled.
func writeChildren(b *strings.Builder, n *nethtml.Node) {
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		if k.Type == nethtml.TextNode {
			writeEscaped(b, k.Data)
			continue
		}
		b.WriteByte('<')
		b.WriteString(k.Data)
		for _, a := range k.Attr {
			b.WriteByte(' ')
			b.WriteString(a.Key)
			b.WriteString(`="`)
			writeEscaped(b, a.Val)
			b.WriteByte('"')
		}
		b.WriteByte('>')
		if voidElements[k.Data] {
			continue
		}
		if f := k.FirstChild; k.Data == "pre" && f != nil && f.Type == nethtml.TextNode && strings.HasPrefix(f.Data, "\n") {
			b.WriteByte('\n')
		}
		writeChildren(b, k)
		b.WriteString("</")
		b.WriteString(k.Data)
		b.WriteByte('>')
	}
}

// maxDepth is how deep x/net/html's parser (and Blink's) nests elements.
const maxDepth = 512

// tooDeepAt is the offset of the marked start tag nearest before the
// element that nests past maxDepth.
func tooDeepAt(body string) int {
	z := nethtml.NewTokenizer(strings.NewReader(body))
	depth, at := 0, 0
	for {
		switch z.Next() {
		case nethtml.ErrorToken:
			return at
		case nethtml.StartTagToken:
			t := z.Token()
			if off, err := strconv.Atoi(attrValue(t.Attr, posAttr)); err == nil {
				at = off
			}
			if !voidElements[t.Data] {
				depth++
			}
			if depth > maxDepth {
				return at
			}
		case nethtml.EndTagToken:
			depth--
		}
	}
}

// textOf is the text of an HTML body, without its markup.
func textOf(body string) string {
	z := nethtml.NewTokenizer(strings.NewReader(body))
	var b strings.Builder
	for {
		switch z.Next() {
		case nethtml.ErrorToken:
			return b.String()
		case nethtml.TextToken:
			b.WriteString(z.Token().Data)
		}
	}
}

func attrValue(attrs []nethtml.Attribute, key string) string {
	for _, a := range attrs {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// cleaner walks a parsed body; last is the source offset of the last
// element the hook marked, where problems of unmarked ones are reported,
// and ids are those of the elements it keeps.
type cleaner struct {
	r         *render
	last      int
	ids       map[string]bool
	unwrapped bool // an element was removed and its children kept
}

// children cleans the children of n, in document order.
func (c *cleaner) children(n *nethtml.Node) {
	for k := n.FirstChild; k != nil; {
		k = c.node(k)
	}
}

// node cleans n and returns the next node to look at: n's next sibling,
// or n's first child when n was unwrapped.
func (c *cleaner) node(n *nethtml.Node) *nethtml.Node {
	next := n.NextSibling
	switch n.Type {
	case nethtml.TextNode:
		return next
	case nethtml.ElementNode:
	default: // comments, doctypes
		n.Parent.RemoveChild(n)
		return next
	}
	c.position(n)
	switch {
	case n.Namespace != "" || dropWithContent[n.Data]:
		c.r.flaw(flaw.UnsafeHTML, c.last, "<%s> removed with its content: it is not allowed in content", tagName(n))
		n.Parent.RemoveChild(n)
		return next
	case !allowedElements[n.Data]:
		c.r.flaw(flaw.UnsafeHTML, c.last, "<%s> removed, its content kept: it is not allowed in content", tagName(n))
		c.unwrapped = true
		return unwrap(n, next)
	}
	c.attrs(n)
	c.children(n)
	return next
}

// position takes the hook's mark off n, moving last to it.
func (c *cleaner) position(n *nethtml.Node) {
	for i, a := range n.Attr {
		if a.Key != posAttr || a.Namespace != "" {
			continue
		}
		if off, err := strconv.Atoi(a.Val); err == nil && off >= 0 && off <= len(c.r.page.Body) {
			c.last = off
		}
		n.Attr = append(n.Attr[:i], n.Attr[i+1:]...)
		return
	}
}

// unwrap moves n's children where n was and removes n; the first of them
// (or next, when there are none) is the next node to clean.
func unwrap(n, next *nethtml.Node) *nethtml.Node {
	first := n.FirstChild
	for k := n.FirstChild; k != nil; {
		after := k.NextSibling
		n.RemoveChild(k)
		n.Parent.InsertBefore(k, n)
		k = after
	}
	n.Parent.RemoveChild(n)
	if first != nil {
		return first
	}
	return next
}

// attrs keeps the attributes of n the allowlist names.
func (c *cleaner) attrs(n *nethtml.Node) {
	kept := n.Attr[:0]
	for _, a := range n.Attr {
		key := a.Key
		url, ok := elementAttrs[n.Data][key]
		switch {
		case a.Namespace != "":
			ok = false
		case !ok:
			ok = globalAttrs[key] || strings.HasPrefix(key, "aria-")
		case url && !safeURL(a.Val, n.Data == "img"):
			c.r.flaw(flaw.UnsafeHTML, c.last, "attribute %s=%q removed from <%s>: only http, https, mailto, tel and ftp URLs are allowed", key, truncate(a.Val), n.Data)
			continue
		}
		if !ok {
			c.r.flaw(flaw.UnsafeHTML, c.last, "attribute %q removed from <%s>: it is not allowed in content", key, n.Data)
			continue
		}
		if key == "id" && c.r.site.layoutIDs()[a.Val] {
			c.r.flaw(flaw.UnsafeHTML, c.last, "attribute id=%q removed from <%s>: the layout's own element has that id", truncate(a.Val), n.Data)
			continue
		}
		if key == "id" {
			c.ids[a.Val] = true
		}
		kept = append(kept, a)
	}
	n.Attr = kept
}

// tagName is an element's name as written, with its namespace.
func tagName(n *nethtml.Node) string {
	if n.Namespace != "" {
		return n.Namespace + ":" + n.Data
	}
	return n.Data
}

// safeURL reports a URL the allowlist lets through, read as a browser
// reads it: ASCII tab and newline anywhere and other controls and spaces
// at the ends are ignored, the scheme in any case.
func safeURL(u string, image bool) bool {
	colon := strings.IndexByte(u, ':')
	if colon < 0 {
		return true // no scheme: a relative URL
	}
	if i := strings.IndexAny(u, "/?#"); i >= 0 && i < colon {
		return true // the colon is in the path, query or fragment
	}
	scheme := strings.ToLower(strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, u[:colon]))
	switch scheme {
	case "http", "https", "mailto", "tel", "ftp":
		return true
	case "data":
		return image && safeImageData(u[colon+1:])
	}
	return false
}

// safeImageData reports a data: URL's rest that is a raster image.
func safeImageData(rest string) bool {
	mime, _, _ := strings.Cut(strings.ToLower(strings.TrimLeft(rest, " \t\n\r\f")), ";")
	mime, _, _ = strings.Cut(mime, ",")
	switch mime {
	case "image/png", "image/gif", "image/jpeg", "image/webp", "image/avif":
		return true
	}
	return false
}
