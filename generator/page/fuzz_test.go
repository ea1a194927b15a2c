package page

import (
	"fmt"
	"html/template"
	"strings"
	"testing"

	nethtml "golang.org/x/net/html"

	"statusdocs/generator/content"
	"statusdocs/generator/internal/corpus"
	"statusdocs/generator/internal/htmlcheck"
	"statusdocs/generator/site"
)

// FuzzCleanHTML cleans arbitrary HTML and checks that what it writes is
// read back by a browser as the tree it checked: the same elements,
// attributes and text, in the same places.
func FuzzCleanHTML(f *testing.F) {
	for _, s := range corpus.FuzzSeeds("../..") {
		f.Add(string(s))
	}
	f.Add(`<p><font><div>x</div></font></p><table><b><tr><td>c</table><a><p><a>n</a>`)
	f.Add("<pre>\n\nx</pre><ul><li><p>a<li>b</ul><ruby>r<rt>t</ruby><select><option>o</select>")
	// Children of an element that is not allowed, moved up where a browser
	// does not nest them as they were.
	f.Add("<h1>x<c><h2>y</h2></c></h1><ruby><rb>x<c><rt>t</rt></c></rb></ruby><p><button><div>d</div></button></p>")
	f.Fuzz(func(t *testing.T, raw string) {
		r := &render{page: &site.Page{Page: &content.Page{File: "f", Body: []byte(raw)}}}
		tree := r.cleanTree(raw)
		var b strings.Builder
		writeChildren(&b, tree)
		again, err := nethtml.ParseFragment(strings.NewReader(b.String()), articleContext)
		if err != nil {
			t.Fatal(err)
		}
		reparsed := &nethtml.Node{Type: nethtml.ElementNode, Data: "article"}
		for _, n := range again {
			reparsed.AppendChild(n)
		}
		if want, got := dumpTree(tree), dumpTree(reparsed); want != got {
			t.Fatalf("the output is read as another tree\nwritten: %q\ncleaned:\n%s\nread back:\n%s", b.String(), want, got)
		}
		for c := reparsed.FirstChild; c != nil; c = c.NextSibling {
			if err := htmlcheck.Tree(c, true, Allowed); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// dumpTree writes a tree one node a line, indented by depth; adjacent text
// nodes are merged, as a parser would read them.
func dumpTree(n *nethtml.Node) string {
	var b strings.Builder
	var walk func(n *nethtml.Node, depth int)
	walk = func(n *nethtml.Node, depth int) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == nethtml.TextNode {
				text := c.Data
				for c.NextSibling != nil && c.NextSibling.Type == nethtml.TextNode {
					c = c.NextSibling
					text += c.Data
				}
				fmt.Fprintf(&b, "%*s%q\n", depth, "", text)
				continue
			}
			fmt.Fprintf(&b, "%*s<%s %v>\n", depth, "", c.Data, c.Attr)
			walk(c, depth+1)
		}
	}
	walk(n, 0)
	return b.String()
}

// FuzzEscapeLikeTemplates checks that the HTML built in Go (writeEscaped,
// urlAttr) is what html/template writes for the same values.
func FuzzEscapeLikeTemplates(f *testing.F) {
	for _, s := range []string{"Status 404", "C++ & <b>\"x\"</b> 'y'", "a\x00b", "ステータス", "Web/HTTP/Status#x?y=1&z",
		"100%", "%zz", "%4F", "a b", "\xff\xfe", "[]!$*(),;:=@~"} {
		f.Add(s)
	}
	tmpl := template.Must(template.New("").Parse(`<p title="{{.}}">{{.}}</p><a href="/{{.}}"></a><a href="#{{.}}"></a>`))
	f.Fuzz(func(t *testing.T, s string) {
		var want strings.Builder
		if err := tmpl.Execute(&want, s); err != nil {
			t.Skip(err)
		}
		var got strings.Builder
		got.WriteString(`<p title="`)
		writeEscaped(&got, s)
		got.WriteString(`">`)
		writeEscaped(&got, s)
		got.WriteString(`</p><a href="`)
		writeEscaped(&got, urlAttr("/"+s, true))
		got.WriteString(`"></a><a href="#`)
		writeEscaped(&got, urlAttr(s, false))
		got.WriteString(`"></a>`)
		if got.String() != want.String() {
			t.Errorf("%q:\n got %s\nwant %s", s, got.String(), want.String())
		}
	})
}

// metaTagsTemplate is what base.html wrote before PageData.MetaTags.
const metaTagsTemplate = `
{{- with .Description}}
<meta name="description" content="{{.}}">
{{- end}}
{{- with .Canonical}}
<link rel="canonical" href="{{.}}">
{{- end}}
{{- with .Markdown}}
<link rel="alternate" type="text/markdown" href="{{.}}">
{{- end}}
{{- if .NoIndex}}
<meta name="robots" content="noindex">
{{- end}}
{{- with .Refresh}}
<meta http-equiv="refresh" content="0; url={{.}}">
{{- end}}`

// FuzzMetaTags checks that PageData.MetaTags is what the template it
// replaces writes, for any values.
func FuzzMetaTags(f *testing.F) {
	f.Add("An <em>\"x\"</em> & 'y' + z", "https://example.com/en-US/docs/Web/HTTP/Status/404/", "/en-US/docs/A%20B/index.md", "/en-US/", true)
	f.Add("", "javascript:alert(1)", "JavaScript:x", "data:text/html,x", false)
	f.Add("\x00\xff", "HTTP://x/ a?b=1&c=<2>#f", "mailto:a@b", "//evil.example/x:y", true)
	f.Add("ステータス", "/a:b/c", "a/b:c", "vbscript:x", false)
	tmpl := template.Must(template.New("").Parse(metaTagsTemplate))
	f.Fuzz(func(t *testing.T, desc, canonical, md, refresh string, noIndex bool) {
		d := &PageData{Description: desc, Canonical: canonical, Markdown: md, Refresh: refresh, NoIndex: noIndex}
		var want strings.Builder
		if err := tmpl.Execute(&want, d); err != nil {
			t.Skip(err)
		}
		if got := string(d.metaTags()); got != want.String() {
			t.Errorf("%q %q %q %q %v:\n got %s\nwant %s", desc, canonical, md, refresh, noIndex, got, want.String())
		}
	})
}
