package search

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// SectionsOf splits the HTML of a page's body into its sections: the text
// before its first h2 or h3 with an id, then the text under each. Block
// elements end a run of text, so that words of two paragraphs or cells are
// not read as one; inline elements (code, links, emphasis) do not.
func SectionsOf(body string) []Section {
	secs := []Section{{}}
	var text, heading strings.Builder
	inHeading := 0 // depth of the heading being read, 0 when none
	z := html.NewTokenizer(strings.NewReader(body))
	for {
		switch z.Next() {
		case html.ErrorToken:
			secs[len(secs)-1].Text = squash(text.String())
			return secs
		case html.TextToken:
			if inHeading > 0 {
				heading.Write(z.Text())
			} else {
				text.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			if (a == atom.H2 || a == atom.H3) && hasAttr && inHeading == 0 {
				if id := idOf(z); id != "" {
					secs[len(secs)-1].Text = squash(text.String())
					text.Reset()
					secs = append(secs, Section{ID: id})
					inHeading = 1
					continue
				}
			}
			if block[a] {
				text.WriteByte('\n')
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if inHeading > 0 && (a == atom.H2 || a == atom.H3) {
				secs[len(secs)-1].Heading = squash(heading.String())
				heading.Reset()
				inHeading = 0
				continue
			}
			if block[a] {
				text.WriteByte('\n')
			}
		}
	}
}

// idOf is the id attribute of the tag z is at.
func idOf(z *html.Tokenizer) string {
	for {
		key, val, more := z.TagAttr()
		if string(key) == "id" {
			return string(val)
		}
		if !more {
			return ""
		}
	}
}

// block holds the elements that end a run of text.
var block = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Dl: true,
	atom.Dt: true, atom.Dd: true, atom.Pre: true, atom.Table: true, atom.Tr: true, atom.Td: true,
	atom.Th: true, atom.Br: true, atom.Blockquote: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Section: true, atom.Details: true,
	atom.Summary: true, atom.Figure: true, atom.Figcaption: true, atom.Hr: true, atom.Img: true,
	atom.Caption: true, atom.Thead: true, atom.Tbody: true,
}

// squash is s with each run of white space made one space, and none at
// either end.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }
