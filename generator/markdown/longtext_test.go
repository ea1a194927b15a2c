package markdown

import (
	"fmt"
	"strings"
	"testing"

	"statusdocs/generator/flaw"
)

// TestLongParagraph checks that a paragraph over maxParagraph is written as
// text with a too-long problem at its start, and that one just under it is
// read as markdown.
func TestLongParagraph(t *testing.T) {
	md := New()
	for _, c := range []struct {
		name, src string
		at        int // where the long paragraph starts; -1 for none
	}{
		{"backticks", "# T\n\nintro\n\n" + strings.Repeat("\\``", maxParagraph/3+1) + "\n\nafter *x*\n", 12},
		{"emphasis", "# T\n\n" + strings.Repeat("*a_b*c_d** ", maxParagraph/11+1) + "\n", 5},
		{"lines", "# T\n\n" + strings.Repeat("[a](<b <i>&\n", maxParagraph/12+1), 5},
		{"under", "# T\n\n" + strings.Repeat("*a* ", maxParagraph/4-8) + "\n", -1},
		{"table cell", "# T\n\n| a |\n|---|\n| " + strings.Repeat("*a_b*c_d** ", maxParagraph/11+1) + "|\n", 5},
		{"heading", "# T\n\n## " + strings.Repeat("*a_b*c_d** ", maxParagraph/11+1) + "##\n", 8},
		{"setext heading", "# T\n\n" + strings.Repeat("*a_b*c_d** ", maxParagraph/11+1) + "\n===\n", 5},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := md.Parse([]byte(c.src))
			html, err := md.Render(d)
			if err != nil {
				t.Fatal(err)
			}
			var long []Problem
			for _, p := range d.Problems {
				if p.Kind == flaw.TooLong {
					long = append(long, p)
				}
			}
			if c.at < 0 {
				if len(long) > 0 || !strings.Contains(html, "<em>a</em>") {
					t.Fatalf("a paragraph under the limit is not read as markdown: %v", long)
				}
				return
			}
			if len(long) != 1 || long[0].Off != c.at {
				t.Fatalf("problems %v, want one too-long at %d", long, c.at)
			}
			if strings.Contains(html, "<code>") || strings.Contains(html, "<em>") && c.name != "backticks" || strings.Contains(html, "<i>") {
				t.Errorf("markdown or HTML read in the long paragraph")
			}
			if c.name == "backticks" && !strings.Contains(html, "<p>after <em>x</em></p>") {
				t.Errorf("the paragraph after the long one is not read as markdown")
			}
		})
	}
}

// TestLongParagraphRead checks that what is taken out of a paragraph
// before its length counts is read: 500 link reference definitions in a
// row, a table of 200 rows, each more than maxParagraph.
func TestLongParagraphRead(t *testing.T) {
	md := New()
	defs := "See [r5] and *this*.\n\n"
	for i := range 500 {
		defs += fmt.Sprintf("[r%d]: /a/long/enough/url/%d\n", i, i)
	}
	table := "| a | b |\n|---|---|\n" + strings.Repeat("| *a* | [b](/b) and more words to make it long |\n", 200)
	for _, c := range []struct{ name, src, want string }{
		{"definitions", defs, `<a href="resolved:/a/long/enough/url/5">r5</a>`},
		{"table", table, "<td><em>a</em></td>"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if len(c.src) <= maxParagraph {
				t.Fatalf("%d bytes: not long enough to test", len(c.src))
			}
			var h recorder
			out, err := md.Convert([]byte(c.src), &h, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(h.problems) > 0 || !strings.Contains(out.HTML, c.want) {
				t.Errorf("problems %v; HTML %.300s", h.problems, out.HTML)
			}
		})
	}
}
