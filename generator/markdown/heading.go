package markdown

import (
	"html"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
)

// Heading is a heading of a page, for the table of contents and anchors.
type Heading struct {
	Level int
	ID    string
	Text  string // plain text
}

// idDropped are the characters MDN leaves out of heading ids.
const idDropped = "*<>\"$#%&+,/:;=?@[]^`{|}~'()\\"

// ID makes a heading id the way MDN does: drop the characters in idDropped,
// trim, lower-case, collapse white space to one "_". Everything else,
// non-ASCII letters included, is kept; an empty result is "sect".
func ID(text string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.TrimSpace(text) {
		switch {
		case strings.ContainsRune(idDropped, r):
		case unicode.IsSpace(r):
			space = true
		default:
			if space && b.Len() > 0 {
				b.WriteByte('_')
			}
			space = false
			b.WriteRune(unicode.ToLower(r)) // as strings.ToLower does, without a string per rune
		}
	}
	if b.Len() == 0 {
		return "sect"
	}
	return b.String()
}

// IDSet hands out unique ids: the second "foo" is "foo_2", the third "foo_3".
type IDSet map[string]bool

// Unique returns id, suffixed if it was already taken, and takes it.
func (s IDSet) Unique(id string) string { return s.unique(id, nil) }

// unique is Unique trying the candidates (id, id_2, id_3…) from the one
// next[id] notes on, and noting there the one after the one it takes: ids
// are only ever added, so those before stay taken, and a page of a hundred
// thousand headings of one text costs no more than of different ones.
func (s IDSet) unique(id string, next map[string]int) string {
	k := max(next[id], 1)
	for s[candidate(id, k)] {
		k++
	}
	u := candidate(id, k)
	s[u] = true
	if next != nil {
		next[id] = k + 1
	}
	return u
}

// candidate is the k-th id unique tries: id itself, then id_2, id_3….
func candidate(id string, k int) string {
	if k == 1 {
		return id
	}
	return id + "_" + strconv.Itoa(k)
}

// setHeadingIDs gives the headings, in document order, their ids once
// macros are expanded (their text may come from one), and with gh their
// GitHub anchors (see GitHub anchors).
func (d *Document) setHeadingIDs(headings []*ast.Heading, ids IDSet, next map[string]int, gh githubIDs) {
	for _, h := range headings {
		if h.Parent() == nil {
			continue // removed since
		}
		text := plainText(h, d.src)
		id := ids.unique(ID(text), next)
		h.SetAttributeString("id", id)
		if gh != nil {
			if alias := gh.next(text); alias != "" && alias != id && !ids[alias] {
				ids[alias] = true
				h.SetAttributeString(githubKey, alias)
			}
		}
		d.Headings = append(d.Headings, Heading{Level: h.Level, ID: id, Text: strings.TrimSpace(text)})
	}
}

// plainText is the text a reader sees in n's inline content.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.CodeSpan:
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if t, ok := t.(*ast.Text); ok {
					b.Write(t.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			b.WriteString(html.UnescapeString(string(c.Segment.Value(src))))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *Macro:
			b.WriteString(html.UnescapeString(stripTags(c.HTML)))
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		case *ast.Image:
			if c != n {
				return ast.WalkSkipChildren, nil
			}
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// onlyMacros reports a paragraph holding nothing but macro calls, such as
// a sidebar or a banner: no summary of the page.
func onlyMacros(p *ast.Paragraph, src []byte) bool {
	for c := p.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok && len(strings.TrimSpace(string(t.Segment.Value(src)))) == 0 {
			continue
		}
		if _, ok := c.(*Macro); !ok {
			return false
		}
	}
	return true
}

// stripTags returns the text of an HTML fragment, entities left as written.
func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Summary is the plain text of the first paragraph, for a page description.
func (d *Document) Summary() string {
	if d.summary == nil {
		s := d.firstParagraph()
		d.summary = &s
	}
	return *d.summary
}

func (d *Document) firstParagraph() string {
	for c := d.root.FirstChild(); c != nil; c = c.NextSibling() {
		if p, ok := c.(*ast.Paragraph); ok && !onlyMacros(p, d.src) {
			if t := strings.Join(strings.Fields(plainText(p, d.src)), " "); t != "" {
				return t
			}
		}
	}
	return ""
}

// Truncate cuts a summary to at most n runes, at a space when there is one
// past the middle, marking the cut with "…".
func Truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	var cut string
	if utf8.ValidString(s) { // a page's text is: cut in place, no copy of it in runes
		end := 0
		for range n {
			_, size := utf8.DecodeRuneInString(s[end:])
			end += size
		}
		cut = s[:end]
	} else {
		cut = string([]rune(s)[:n]) // each byte that is not UTF-8 becomes U+FFFD
	}
	if i := strings.LastIndexByte(cut, ' '); i >= 0 && utf8.RuneCountInString(cut[:i]) > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}
