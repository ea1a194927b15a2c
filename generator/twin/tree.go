package twin

import (
	"strings"
	"sync"

	nethtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"statusdocs/generator/flaw"
)

// Reading the body
//
// A body is not arbitrary HTML: package page writes it either with
// goldmark and the site's own renderers and macros, or, when it holds raw
// HTML, by serializing the tree the HTML5 parser built from it, cleaned
// (html.Render in page/clean.go, which drops script, style, svg, math,
// templates and forms with their content). Either way every element but a
// void one has its end tag, in order, attributes are quoted, and nothing
// is left for the parser's repairs (implied end tags, foster parenting,
// the adoption agency, foreign content): the tree the parser would build
// is the tree the tags spell. So the body is read by a scanner (scan.go)
// and an element stack, at a fraction of the cost of the full tree
// construction. What the parser does that such a body still needs is
// done here too: the newline that starts a pre is dropped, NULs in text
// are dropped, adjacent text is joined. A body that is not so (only a
// stranger's test input) still gets a tree, maybe one a browser would not
// build; the converter escapes all text and checks every URL, so no
// markup gets through either way (FuzzConvert). Each end tag and each
// start tag costs constant time, and each element is closed once, so the
// cost stays linear in the body.

// isVoid reports the elements that have no end tag and no content. (A
// switch here and in textOnly: map lookups for each tag were a tenth of
// a conversion.)
func isVoid(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img, atom.Input, atom.Keygen,
		atom.Link, atom.Meta, atom.Param, atom.Source, atom.Track, atom.Wbr:
		return true
	}
	return false
}

// readAttr reports whether the converter reads an attribute; others are
// not kept. (A switch: a map lookup for each attribute of each element
// was a twentieth of a conversion.)
func readAttr(key string) bool {
	switch key {
	case "class", "data-language", "start", "href", "src", "alt", "role", "aria-label", "colspan", "rowspan":
		return true
	}
	return false
}

// textOnly reports the elements whose content the converter reads only
// as text (textOf) and for images (hasImage): inside them, elements are
// not built, their text and images go to the outermost one.
func textOnly(a atom.Atom) bool {
	return a == atom.Pre || a == atom.Code || a == atom.Kbd || a == atom.Samp
}

// tree builds the tree of a body under an article element: start tags
// push an element (void ones do not), an end tag closes the innermost
// open element of its name and those inside it (none open: it is
// ignored), text is unescaped, comments are kept as empty comments.
type tree struct {
	z     scanner
	stack []open
	// Open elements per name, counted once the stack is deeper than
	// maxSearched, so that a stray end tag costs no more than a search of
	// that many.
	count    map[string]int
	counting bool
	nodes    []nethtml.Node      // taken from nodePool in chunks
	chunks   []*[]nethtml.Node   // to give back
	attrs    []nethtml.Attribute // the elements' attributes, each element's a slice of it
	// The text node that text is being joined to, and its text so far:
	// joined in a buffer, so that text in thousands of pieces (between
	// comments or stray end tags) costs no more than in one.
	joined  *nethtml.Node
	joining []byte
}

// treePool holds trees done with: a build reads tens of thousands of
// bodies, and a tree's stack, counts and attributes are the same few
// kilobytes each time.
var treePool = sync.Pool{New: func() any { return &tree{count: map[string]int{}} }}

// maxKept is the most stack entries or attributes a tree keeps in
// treePool: a huge body's are let go.
const maxKept = 1 << 12

// nodePool holds chunks of nodes: a page's tree is hundreds of nodes,
// garbage once its markdown is written, and a build converts tens of
// thousands of pages.
var nodePool = sync.Pool{New: func() any {
	s := make([]nethtml.Node, 0, 128)
	return &s
}}

// release gives the tree's nodes back to nodePool, zeroed: nothing may
// use them after.
func (t *tree) release() {
	for _, c := range t.chunks {
		clear((*c)[:cap(*c)])
		nodePool.Put(c)
	}
	clear(t.chunks)
	t.chunks, t.nodes = t.chunks[:0], nil
	clear(t.attrs)
	t.attrs = t.attrs[:0]
}

// done gives the tree back to treePool, or lets it go when it grew large.
func (t *tree) done() {
	t.release()
	if cap(t.stack) > maxKept || cap(t.attrs) > maxKept || len(t.count) > maxKept {
		return
	}
	clear(t.stack[:cap(t.stack)])
	clear(t.count)
	if cap(t.joining) > maxKept<<4 {
		t.joining = nil
	}
	*t = tree{stack: t.stack[:0], count: t.count, chunks: t.chunks, attrs: t.attrs, joining: t.joining[:0]}
	treePool.Put(t)
}

// open is an element open on the stack: its name, and the node its
// content goes to, itself or, inside a textOnly element, that element.
type open struct {
	name string
	n    *nethtml.Node
	flat bool // inside a textOnly element, or one
}

// partBytes is how much of a body Convert has parse read before it hands
// what it built over, at the next end of a block at the top level: a page
// of 50 MB is millions of nodes, and the converter needs only a block at a
// time.
const partBytes = 256 << 10

// parse builds the tree of body under an article element and gives it to
// part, once the tree holds partBytes of the body and its last top-level
// element is a block that has ended, then the rest at the end: blocks
// convert alone, so the parts' blocks are the whole body's. The tree's
// nodes are released after each part.
func parse(body string, partBytes int, part func(root *nethtml.Node)) {
	t := treePool.Get().(*tree)
	defer t.done()
	t.build(body, partBytes, func(root *nethtml.Node) bool {
		part(root)
		t.release()
		return true
	})
}

// parseAhead is parse with the tree of each part built on another
// goroutine while part converts the part before it: a body of more than
// one part (a page of megabytes) is read and converted at once on two
// cores. The builder is one part ahead at most, so that no more than two
// parts' trees are held; a panic in it is raised again here.
func parseAhead(body string, partBytes int, part func(root *nethtml.Node)) {
	type built struct {
		root   *nethtml.Node
		nodes  handedOver
		failed *flaw.Carried
	}
	parts := make(chan built) // unbuffered: the builder waits with the part after the one converted
	stop := make(chan struct{})
	go func() {
		defer close(parts)
		defer func() {
			if v := recover(); v != nil {
				select {
				case parts <- built{failed: flaw.Carry(v)}:
				case <-stop:
				}
			}
		}()
		t := treePool.Get().(*tree)
		defer t.done()
		t.build(body, partBytes, func(root *nethtml.Node) bool {
			b := built{root: root, nodes: t.handOver()}
			select {
			case parts <- b:
				return true
			case <-stop:
				b.nodes.release()
				return false
			}
		})
	}()
	defer func() {
		close(stop)
		for b := range parts { // the builder has stopped once parts is closed
			b.nodes.release()
		}
	}()
	for b := range parts {
		if b.failed != nil {
			panic(b.failed)
		}
		part(b.root)
		b.nodes.release()
	}
}

// handedOver are the nodes and attributes of a part built, which the tree
// no longer uses.
type handedOver struct {
	chunks []*[]nethtml.Node
	attrs  []nethtml.Attribute
}

// handOver gives up the tree's nodes and attributes: the next part takes
// new ones.
func (t *tree) handOver() handedOver {
	h := handedOver{chunks: t.chunks, attrs: t.attrs}
	t.chunks, t.nodes, t.attrs = nil, nil, nil
	return h
}

// release gives the nodes back to nodePool, zeroed.
func (h handedOver) release() {
	for _, c := range h.chunks {
		clear((*c)[:cap(*c)])
		nodePool.Put(c)
	}
	clear(h.attrs)
}

// build reads body into the tree, giving each part's root to part as
// parse says; it stops when part returns false.
func (t *tree) build(body string, partBytes int, part func(root *nethtml.Node) bool) {
	t.z = scanner{s: body}
	root := t.node(nethtml.ElementNode, "article", atom.Article)
	t.stack = append(t.stack, open{name: "article", n: root})
	last := 0 // where the part being built starts
	for {
		tok, ok := t.z.next()
		if !ok {
			t.joinedText()
			part(root)
			return
		}
		switch tok.kind {
		case textToken:
			t.text(tok.data)
		case startToken:
			t.start(tok)
		case endToken:
			t.end(tok.data)
			if len(t.stack) == 1 && t.z.pos-last >= partBytes && root.LastChild != nil && isBlock(root.LastChild) {
				t.joinedText()
				if !part(root) {
					return
				}
				root = t.node(nethtml.ElementNode, "article", atom.Article)
				t.stack[0].n = root
				last = t.z.pos
			}
		case commentToken:
			t.top().n.AppendChild(t.node(nethtml.CommentNode, "", 0))
		}
	}
}

func (t *tree) top() *open { return &t.stack[len(t.stack)-1] }

// joinedText gives the text node being joined to its text; a part is
// handed over only after it.
func (t *tree) joinedText() {
	if t.joined != nil {
		t.joined.Data = string(t.joining)
		t.joined = nil
	}
}

// node is a new node, from the current chunk: allocated together, nodes
// cost the collector less.
func (t *tree) node(typ nethtml.NodeType, data string, a atom.Atom) *nethtml.Node {
	if len(t.nodes) == cap(t.nodes) {
		c := nodePool.Get().(*[]nethtml.Node)
		t.chunks = append(t.chunks, c)
		t.nodes = (*c)[:0]
	}
	// The chunk is zeroed (release): setting the fields given, not
	// copying a whole node, spares a write barrier for each of its nil
	// pointers while the collector marks (7% of BenchmarkConvert's
	// instructions).
	t.nodes = t.nodes[:len(t.nodes)+1]
	n := &t.nodes[len(t.nodes)-1]
	n.Type, n.Data, n.DataAtom = typ, data, a
	return n
}

// text adds text as the parser does: NULs dropped, the newline that
// starts a pre left out, next to text before it joined (inside a textOnly
// element, which is read whole, text stays in pieces).
func (t *tree) text(s string) {
	top := t.top()
	parent := top.n
	if (parent.DataAtom == atom.Pre || parent.DataAtom == atom.Listing) && parent.FirstChild == nil {
		s = strings.TrimPrefix(s, "\n")
	}
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "")
	}
	if s == "" {
		return
	}
	if last := parent.LastChild; !top.flat && last != nil && last.Type == nethtml.TextNode {
		if t.joined != last {
			t.joinedText()
			t.joined, t.joining = last, append(t.joining[:0], last.Data...)
		}
		t.joining = append(t.joining, s...)
		return
	}
	parent.AppendChild(t.node(nethtml.TextNode, s, 0))
}

// start adds an element and, unless it is void, opens it. Inside a
// textOnly element, only images are added.
func (t *tree) start(tok token) {
	a := atom.Lookup([]byte(tok.data))
	data := a.String()
	if a == 0 {
		data = tok.data
	}
	top := *t.top()
	if top.flat && a != atom.Img {
		if !isVoid(a) {
			t.push(open{name: data, n: top.n, flat: true})
		}
		return
	}
	n := t.node(nethtml.ElementNode, data, a)
	at := len(t.attrs)
	attrs(tok.attrs, func(key, val string) {
		if readAttr(key) {
			t.attrs = append(t.attrs, nethtml.Attribute{Key: key, Val: val})
		}
	})
	if len(t.attrs) > at {
		n.Attr = t.attrs[at:len(t.attrs):len(t.attrs)]
	}
	top.n.AppendChild(n)
	if !isVoid(a) {
		t.push(open{name: data, n: n, flat: textOnly(a)})
	}
}

func (t *tree) push(o open) {
	t.stack = append(t.stack, o)
	switch {
	case t.counting:
		t.count[o.name]++
	case len(t.stack) > maxSearched:
		t.counting = true
		for _, o := range t.stack[1:] { // the article is not closed by a tag
			t.count[o.name]++
		}
	}
}

// maxSearched is how deep the stack is searched for an element an end tag
// closes; past it, open elements are counted. Real pages nest a few deep,
// and a search of a few names costs less than a map.
const maxSearched = 32

// isOpen reports whether an element of the name is open, the article
// aside.
func (t *tree) isOpen(name string) bool {
	if t.counting {
		return t.count[name] > 0
	}
	for i := len(t.stack) - 1; i > 0; i-- {
		if t.stack[i].name == name {
			return true
		}
	}
	return false
}

// end closes the innermost open element of the tag's name.
func (t *tree) end(name string) {
	if !t.isOpen(name) {
		return
	}
	for {
		o := t.stack[len(t.stack)-1]
		t.stack = t.stack[:len(t.stack)-1]
		if t.counting {
			t.count[o.name]--
		}
		if o.name == name {
			return
		}
	}
}
