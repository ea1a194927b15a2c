package search

import (
	"strings"

	"golang.org/x/net/html"
)

// SectionsOf splits the HTML of a page's body into its sections: the text
// before its first h2 or h3 with an id, then the text under each. Block
// elements end a run of text, so that words of two paragraphs or cells are
// not read as one; inline elements (code, links, emphasis) do not.
//
// The body is HTML that statusdocs wrote: goldmark's renderer, then the
// cleaner's (x/net/html's), which escape < and > in text and in quoted
// attribute values, and leave no comment and no element of raw text
// (script, style). So it is read with a scan from one < to the next >
// rather than a full tokenizer, at a fifth of the cost; its text is
// unescaped with html.UnescapeString. TestSectionsOfRendered holds it to
// x/net/html's tokenizer on any HTML that serializer writes.
//
// A page is read up to maxText bytes of text and maxSections sections:
// what a search needs of a real page, and a bound on what a huge one costs
// the index and the reader who loads it.
func SectionsOf(body string) []Section {
	secs := []Section{{}}
	var text, heading squashed
	inHeading := false // reading a heading of a section
	read := 0          // bytes of text in the sections before the current one
	for i := 0; i < len(body) && read+len(text) <= maxText; {
		lt := strings.IndexByte(body[i:], '<')
		if lt < 0 {
			lt = len(body) - i
		}
		if inHeading {
			heading.writeText(body[i : i+lt])
		} else {
			text.writeText(body[i : i+lt])
		}
		i += lt
		if i == len(body) {
			break
		}
		gt := strings.IndexByte(body[i:], '>')
		if gt < 0 {
			break // a tag left open: the rest is not text
		}
		tag := body[i+1 : i+gt]
		i += gt + 1
		name, end := tagName(tag)
		switch {
		case name == "h2" || name == "h3":
			if end && inHeading {
				secs[len(secs)-1].Heading = heading.String()
				heading = heading[:0]
				inHeading = false
				continue
			}
			if id := idOf(tag); !end && !inHeading && id != "" && len(secs) < maxSections {
				read += len(text)
				secs[len(secs)-1].Text = text.String()
				text = text[:0]
				secs = append(secs, Section{ID: id})
				inHeading = true
				continue
			}
			text.space()
		case isBlock(name):
			text.space()
		}
	}
	secs[len(secs)-1].Text = text.String()
	if inHeading { // left open
		secs[len(secs)-1].Heading = heading.String()
	}
	return secs
}

// tagName is the name of a tag (what is between its < and >), lowercased
// ASCII, and whether it is an end tag.
func tagName(tag string) (name string, end bool) {
	if strings.HasPrefix(tag, "/") {
		tag, end = tag[1:], true
	}
	if n := strings.IndexAny(tag, " \t\n\r\f/"); n >= 0 {
		tag = tag[:n]
	}
	return strings.ToLower(tag), end
}

// idOf is the value of a tag's id attribute. A serializer writes each
// attribute as ` key="value"`, with no '"' in the value and no white space
// in the key, whose first byte may be '=' (<h2 =x> has the attribute
// "=x"); so the attributes are walked one by one, and an ` id="` inside
// another's value is not taken for one.
func idOf(tag string) string {
	n := strings.IndexAny(tag, " \t\n\r\f")
	for n >= 0 && n < len(tag) {
		tag = strings.TrimLeft(tag[n:], " \t\n\r\f")
		if tag == "" {
			return ""
		}
		eq := strings.IndexByte(tag[1:], '=') + 1
		if eq == 0 || !strings.HasPrefix(tag[eq:], `="`) {
			return "" // not as a serializer writes it
		}
		key, rest := tag[:eq], tag[eq+2:]
		q := strings.IndexByte(rest, '"')
		if q < 0 {
			return ""
		}
		if key == "id" {
			return html.UnescapeString(rest[:q])
		}
		tag, n = rest[q+1:], 0
	}
	return ""
}

// isBlock reports an element that ends a run of text.
func isBlock(name string) bool {
	switch name {
	case "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "pre", "table", "tr", "td", "th", "br",
		"blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "section", "details", "summary",
		"figure", "figcaption", "hr", "img", "caption", "thead", "tbody":
		return true
	}
	return false
}

// squashed is text with each run of ASCII white space made one space, and
// none at either end.
type squashed []byte

// writeText writes HTML text, unescaped.
func (s *squashed) writeText(t string) {
	if strings.IndexByte(t, '&') >= 0 {
		t = html.UnescapeString(t)
	}
	s.write(t)
}

// write appends p, a run of bytes other than white space at a time.
func (s *squashed) write(p string) {
	b := *s
	for p != "" {
		i := 0
		for i < len(p) && !htmlSpace[p[i]] {
			i++
		}
		b = append(b, p[:i]...)
		j := i
		for j < len(p) && htmlSpace[p[j]] {
			j++
		}
		if j > i && len(b) > 0 && b[len(b)-1] != ' ' {
			b = append(b, ' ')
		}
		p = p[j:]
	}
	*s = b
}

// htmlSpace are the bytes of ASCII white space, as HTML has it.
var htmlSpace = [256]bool{' ': true, '\t': true, '\n': true, '\r': true, '\f': true}

// space ends a run of text.
func (s *squashed) space() {
	if b := *s; len(b) > 0 && b[len(b)-1] != ' ' {
		*s = append(b, ' ')
	}
}

func (s squashed) String() string { return strings.TrimSuffix(string(s), " ") }
