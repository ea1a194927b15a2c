package markdown

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/util"
)

// TestLinkRefsAsGoldmark renders long paragraphs of link reference
// definitions of every shape with goldmark's transformer and with
// linkRefs: the same HTML.
func TestLinkRefsAsGoldmark(t *testing.T) {
	theirs := goldmark.New()
	ours := goldmark.New(goldmark.WithParser(parser.NewParser(
		parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithInlineParsers(parser.DefaultInlineParsers()...),
		parser.WithParagraphTransformers(util.Prioritized(linkRefs{}, 100)),
	)))
	shapes := []func(i int) string{
		func(i int) string { return fmt.Sprintf("[r%d]: /u%d", i, i) },
		func(i int) string { return fmt.Sprintf("[r%d]: /u%d \"title %d\"", i, i, i) },
		func(i int) string { return fmt.Sprintf("[r%d]:\n/u%d", i, i) },
		func(i int) string { return fmt.Sprintf("[r%d]: /u%d\n'title\n%d'", i, i, i) },
		func(i int) string { return fmt.Sprintf("   [r%d]: <u %d> (t)", i, i) },
		func(i int) string { return fmt.Sprintf("[r\n%d]: /u", i) },
	}
	// A title left open ends the definitions, wherever its quote closes.
	stop := func(i int) string { return fmt.Sprintf("[r%d]: /u%d \"unclosed", i, i) }
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{10, longParagraph - 3, longParagraph + 1, 700, 3000} {
		for range 3 {
			var b strings.Builder
			last := n - r.IntN(20) - 1
			for i := range n {
				shape := shapes[r.IntN(len(shapes))]
				if i == last {
					shape = stop
				}
				b.WriteString(shape(i) + "\n")
			}
			b.WriteString("text [a][r1] [b][r" + fmt.Sprint(n-1) + "]\n[r0]: /after\n")
			if r.IntN(2) == 0 {
				b.WriteString(strings.Repeat("more text\n", 600))
			}
			src := []byte(b.String())
			var want, got bytes.Buffer
			if err := theirs.Convert(src, &want); err != nil {
				t.Fatal(err)
			}
			if err := ours.Convert(src, &got); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Fatalf("%d definitions: output differs from goldmark's\ngot  %.300s\nwant %.300s", n, got.String(), want.String())
			}
		}
	}
}
