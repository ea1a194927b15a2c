package search

import (
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"reflect"
	"strings"
	"testing"
)

func TestSectionsOf(t *testing.T) {
	many := strings.Repeat(`<h2 id="h">H</h2><p>x</p>`, maxSections+5)
	for _, c := range []struct {
		name, html string
		want       []Section
	}{
		{"empty", "", []Section{{}}},
		{"text and headings", `<p>Intro <code>a</code>b.</p><h2 id="one"><a href="#one">One</a></h2><p>First</p><p>second</p><h3 id="t">Two &amp; more</h3><pre><code><span>x</span>=1</code></pre>`,
			[]Section{{Text: "Intro ab."}, {ID: "one", Heading: "One", Text: "First second"}, {ID: "t", Heading: "Two & more", Text: "x=1"}}},
		{"a heading without an id is text", `<p>a</p><h2>Not a section</h2><h4 id="x">Nor this</h4>`,
			[]Section{{Text: "a Not a section Nor this"}}},
		{"cells and list items are apart", `<table><tr><td>逾時</td><td>請求</td></tr></table><ul><li>a</li><li>b</li></ul>`,
			[]Section{{Text: "逾時 請求 a b"}}},
		{"a heading left open", `<h2 id="x">Open`, []Section{{}, {ID: "x", Heading: "Open"}}},
	} {
		if got := SectionsOf(c.html); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
	if secs := SectionsOf(many); len(secs) != maxSections || !strings.HasPrefix(secs[len(secs)-1].Text, "x H x H") {
		t.Errorf("%d sections of %d headings; the last has %.20q", len(secs), maxSections+5, secs[len(secs)-1].Text)
	}
	huge := SectionsOf(strings.Repeat("<p>"+strings.Repeat("word ", 1000)+"</p>", 100))
	if n := len(huge[0].Text); n > maxText+8<<10 || n < maxText/2 {
		t.Errorf("a page of 500 KB of text keeps %d bytes", n)
	}
}

// FuzzAnalyze reads any HTML as a page's body: no panic, a heading for
// every section, and every term's section one of the page's.
func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{"<p>逾時</p><h2 id=a>A</h2>x", "<p>ゼロ Café</p>", "<h2 id=", "<h3 id=x>" + strings.Repeat("é", 600), "<pre>a\x00b</pre>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		secs := SectionsOf(body)
		e := Analyze(Doc{Title: "T", Code: "404", Sections: secs})
		if len(e.Heads) != len(secs) {
			t.Fatalf("%d sections, %d heads", len(secs), len(e.Heads))
		}
		held := map[string]bool{}
		for _, term := range e.Terms {
			if term.Section < 0 || term.Section >= len(secs) {
				t.Fatalf("term %q in section %d of %d", term.Text, term.Section, len(secs))
			}
			held[term.Text] = true
		}
		for _, sec := range secs {
			for _, text := range []string{sec.Heading, sec.Text} {
				for _, tok := range Tokens(text, Bigrams) {
					if !held[tok.Text] {
						t.Fatalf("a query looks up %q, which the index of %q lacks", tok.Text, text)
					}
				}
			}
		}
	})
}

// sectionsReference is SectionsOf written with x/net/html's tokenizer:
// what SectionsOf's scan must agree with on HTML that a serializer wrote.
func sectionsReference(body string) []Section {
	secs := []Section{{}}
	var text, heading squashed
	inHeading := false
	read := 0
	z := html.NewTokenizer(strings.NewReader(body))
	for read+len(text) <= maxText {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		name, hasAttr := z.TagName()
		tag, end := string(name), tt == html.EndTagToken
		switch {
		case tt == html.TextToken && inHeading:
			heading.write(string(z.Text()))
		case tt == html.TextToken:
			text.write(string(z.Text()))
		case tt != html.StartTagToken && tt != html.SelfClosingTagToken && !end:
		case tag == "h2" || tag == "h3":
			if end && inHeading {
				secs[len(secs)-1].Heading, heading, inHeading = heading.String(), heading[:0], false
				continue
			}
			id := ""
			for more := hasAttr; more; {
				var k, v []byte
				k, v, more = z.TagAttr()
				if string(k) == "id" && id == "" {
					id = string(v)
				}
			}
			if !end && !inHeading && id != "" && len(secs) < maxSections {
				read += len(text)
				secs[len(secs)-1].Text, text = text.String(), text[:0]
				secs = append(secs, Section{ID: id})
				inHeading = true
				continue
			}
			text.space()
		case isBlock(tag):
			text.space()
		}
	}
	secs[len(secs)-1].Text = text.String()
	if inHeading {
		secs[len(secs)-1].Heading = heading.String()
	}
	return secs
}

// rendered is src parsed as a page body and written again by x/net/html,
// less what the cleaner never leaves (comments, elements of raw text).
func rendered(src string) string {
	nodes, err := html.ParseFragment(strings.NewReader(src), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		return ""
	}
	var b strings.Builder
	var strip func(n *html.Node)
	strip = func(n *html.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			if c.Type == html.CommentNode || c.Type == html.DoctypeNode || c.Type == html.ElementNode && rawText[c.Data] {
				n.RemoveChild(c)
			} else {
				strip(c)
			}
			c = next
		}
	}
	for _, n := range nodes {
		if n.Type == html.CommentNode || n.Type == html.ElementNode && rawText[n.Data] {
			continue
		}
		strip(n)
		_ = html.Render(&b, n)
	}
	return b.String()
}

// rawText holds the elements whose content x/net/html writes unescaped.
var rawText = map[string]bool{"script": true, "style": true, "textarea": true, "title": true, "xmp": true,
	"iframe": true, "noembed": true, "noframes": true, "noscript": true, "plaintext": true}

// TestSectionsOfRendered holds SectionsOf's scan to x/net/html's
// tokenizer on HTML as the cleaner writes it.
func TestSectionsOfRendered(t *testing.T) {
	for _, src := range sectionSeeds {
		body := rendered(src)
		if got, want := SectionsOf(body), sectionsReference(body); !reflect.DeepEqual(got, want) {
			t.Errorf("%q:\ngot  %q\nwant %q", body, got, want)
		}
	}
}

var sectionSeeds = []string{
	`<p>Intro <code>a &lt;b&gt;</code> &amp; c.</p><h2 id="one"><a href="#one">One</a></h2><p>First</p>`,
	`<h3 id='q"x' class=a>Two &amp; <em>more</em></h3><pre><code><span class="k">x</span> &gt; 1</code></pre>`,
	`<h2 id="">no id</h2><h2>none</h2><h2 data-id="x">data</h2><p title="a>b">t</p>`,
	`<table><tr><td>逾時</td><td>請求</td></tr></table><br/>x<img alt="y>z">`,
	`<h2 id=a>A<h3 id=b>B</h3></h2>after`,
	`text <!-- c > d --> more <script>if (a < b) x()</script><style>p>q{}</style>`,
	`<h2 title=' id="z"' =x id=b>B</h2><h3 0=" id=" 1="">C</h3><h2 ="a id=c>D</h2>`,
}

func FuzzSectionsOf(f *testing.F) {
	for _, s := range sectionSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		body := rendered(src)
		if got, want := SectionsOf(body), sectionsReference(body); !reflect.DeepEqual(got, want) {
			t.Fatalf("%q:\ngot  %q\nwant %q", body, got, want)
		}
	})
}

// FuzzSquashed holds squashed.write to a byte at a time: a run of white
// space is one space, none at the start.
func FuzzSquashed(f *testing.F) {
	for _, s := range [][2]string{{"", " a  b\t\n c "}, {"x", "\f\fy"}, {"x ", " y"}, {"", "   "}, {"a", ""}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, before, p string) {
		var got squashed
		got.write(before)
		want := append(squashed(nil), got...)
		got.write(p)
		space := len(want) > 0 && want[len(want)-1] == ' '
		for i := 0; i < len(p); i++ {
			switch c := p[i]; c {
			case ' ', '\t', '\n', '\r', '\f':
				if !space && len(want) > 0 {
					want = append(want, ' ')
					space = true
				}
			default:
				want = append(want, c)
				space = false
			}
		}
		if string(got) != string(want) {
			t.Fatalf("%q then %q: %q, want %q", before, p, got, want)
		}
	})
}
