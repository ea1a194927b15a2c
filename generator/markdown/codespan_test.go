package markdown

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

// spanConverters are goldmark with its own code span parser and with
// codeSpans, tables read in both (a cell is a block of its own).
func spanConverters() (theirs, ours goldmark.Markdown) {
	theirs = goldmark.New(goldmark.WithExtensions(extension.Table))
	ours = goldmark.New(goldmark.WithExtensions(extension.Table), goldmark.WithParser(parser.NewParser(
		parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithInlineParsers(inlineParsers()...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
	)))
	return theirs, ours
}

// sameSpans fails t when the two converters write src differently.
func sameSpans(t *testing.T, theirs, ours goldmark.Markdown, src string) {
	t.Helper()
	var want, got bytes.Buffer
	if err := theirs.Convert([]byte(src), &want); err != nil {
		t.Fatal(err)
	}
	if err := ours.Convert([]byte(src), &got); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Fatalf("%q: output differs from goldmark's\ngot  %q\nwant %q", src, got.String(), want.String())
	}
}

// TestCodeSpansAsGoldmark writes documents of backtick runs, escapes,
// spaces and line ends, in paragraphs, quotes, lists, headings and table
// cells, with goldmark's code span parser and with codeSpans: the same
// HTML.
func TestCodeSpansAsGoldmark(t *testing.T) {
	theirs, ours := spanConverters()
	for _, src := range []string{
		"`a`", "``a``", "`` a ` b ``", "` `", "`  `", "` a `", "`\na\n`", "`a", "a`", "\\`a`", "```", "`a``b`",
		"`a` `b` ``c``", "> `a\n> b`", "- `a\n  b`", "# `a` `", "| `a | b` |\n|---|---|\n| `c` | d` |",
		strings.Repeat("\\``", 3000), strings.Repeat("`a ``b ", 500), "`` ` ``", "`` `` ``", "\n`x`\n", "`a\n\n`b`", "`a\n\n> `b`", "# `a\n\n`b`",
	} {
		sameSpans(t, theirs, ours, src)
	}
	pieces := []string{"`", "``", "```", "\\`", " ", "  ", "\n", "\n\n", "a", "b c", "> ", "- ", "# ", "*", "[x](y)", "<b>", "|", "\n|---|---|\n"}
	r := rand.New(rand.NewPCG(5, 6))
	for range 5000 {
		var b strings.Builder
		for range 1 + r.IntN(40) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		sameSpans(t, theirs, ours, b.String())
	}
}

// FuzzCodeSpans holds codeSpans to goldmark's code span parser on any
// input.
func FuzzCodeSpans(f *testing.F) {
	for _, s := range []string{"`a` ``b`` `c", "> `a\n> b`", "| `a | b` |\n|---|---|\n| `c` | d` |", "\\`` \\`` `x`"} {
		f.Add(s)
	}
	theirs, ours := spanConverters()
	f.Fuzz(func(t *testing.T, src string) { sameSpans(t, theirs, ours, src) })
}
