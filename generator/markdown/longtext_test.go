package markdown

import (
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
