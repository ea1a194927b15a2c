package markdown

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"statusdocs/generator/flaw"
)

// recorder is fakeHooks keeping the problems it is told of.
type recorder struct {
	fakeHooks
	problems []Problem
}

func (r *recorder) Problem(p Problem) { r.problems = append(r.problems, p) }

// cutEverywhere is a converter that converts any page in parts, cut before
// every paragraph at the top level.
func cutEverywhere() *Markdown {
	md := New()
	md.hugePage, md.partSize = 0, 1
	return md
}

// sameInParts converts src whole with md and in parts with inParts, and
// fails unless both give the same HTML, headings, summary and problems. It
// returns the number of parts.
func sameInParts(t *testing.T, md, inParts *Markdown, src []byte) int {
	t.Helper()
	var wh, ph recorder
	whole, err := md.Convert(src, &wh, nil)
	if err != nil {
		t.Fatal(err)
	}
	parts, err := inParts.Convert(src, &ph, nil)
	if err != nil {
		t.Fatal(err)
	}
	if parts.HTML != whole.HTML {
		t.Fatalf("in parts, HTML differs:\n%s\nwhole:\n%s", diffFrom(parts.HTML, whole.HTML), diffFrom(whole.HTML, parts.HTML))
	}
	if !reflect.DeepEqual(parts.Headings, whole.Headings) || parts.Summary != whole.Summary {
		t.Fatalf("in parts, headings %v and summary %q; whole, %v and %q", parts.Headings, parts.Summary, whole.Headings, whole.Summary)
	}
	// Resolve's problems come after Parse's, part by part: compare them in
	// the page's order, as the report shows them.
	byOff := func(a, b Problem) int { return a.Off - b.Off }
	slices.SortStableFunc(ph.problems, byOff)
	slices.SortStableFunc(wh.problems, byOff)
	if !reflect.DeepEqual(ph.problems, wh.problems) {
		t.Fatalf("in parts, problems %v; whole, %v", ph.problems, wh.problems)
	}
	cuts, _ := inParts.cuts(src)
	return len(cuts) + 1
}

// diffFrom is a from the first byte where it differs from b, shortened.
func diffFrom(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	i = max(0, i-200)
	return a[i:min(len(a), i+600)]
}

// TestConvertInPartsCases converts pages whose parts depend on each other
// in parts cut before every paragraph at the top level: the same as whole.
func TestConvertInPartsCases(t *testing.T) {
	md, inParts := New(), cutEverywhere()
	for _, src := range []string{
		"A [link][x] and [another][Y].\n\nMore.\n\n[x]: /first\n[x]: /second\n\n[y]: /why\n\nEnd.",
		"# Same\n\nText.\n\n# Same\n\nText.\n\n## Same\n\nText.",
		"- a\n- b\n\nText.\n\n- c\n\n- d\n\nText.\n\n1. e\n   f\n\nText.",
		"    code\n\n\nText.\n\n| a | b |\n|---|---|\n| c | d |\n\nText.\n\n<div>\nx\n\nText.",
		"Title\n=====\n\nText.\n---\n\n> quote\nlazy\n\nText.\n\n[z]: /z\nText [z].",
		"{{Macro}}\n\nFirst real paragraph.\n\n```\nnever closed\n\nText.",
	} {
		if n := sameInParts(t, md, inParts, []byte(src)); n < 2 {
			t.Errorf("%q: %d parts", src, n)
		}
	}
}

// TestConvertInParts converts one page made of every page of the site's
// content and of ../shared/corpus (when present) and every golden input
// (last: some leave a fence open to the end) whole
// and in parts cut before every paragraph at the top level: the same
// HTML, headings, summary and problems.
func TestConvertInParts(t *testing.T) {
	var page bytes.Buffer
	for _, root := range []string{"../../content", "../../../shared/corpus"} {
		_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
				return nil
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			page.Write(withoutFrontMatter(data))
			page.WriteString("\n\n")
			return nil
		})
	}
	files, _ := filepath.Glob("testdata/*.txtar")
	writeGoldenInputs(t, &page, files)
	n := sameInParts(t, New(), cutEverywhere(), page.Bytes())
	if n < 1000 {
		t.Errorf("%d parts: the test cuts too little to tell", n)
	}
	t.Logf("%d KB in %d parts", page.Len()>>10, n)
}

func withoutFrontMatter(data []byte) []byte {
	if rest, ok := bytes.CutPrefix(data, []byte("---\n")); ok {
		if _, body, ok := bytes.Cut(rest, []byte("\n---\n")); ok {
			return body
		}
	}
	return data
}

// panicky is an inline parser that panics at a ^.
type panicky struct{}

func (panicky) Trigger() []byte { return []byte{'^'} }

func (panicky) Parse(ast.Node, text.Reader, parser.Context) ast.Node { panic("^ reached") }

// TestConvertInPartsPanic checks that a panic in parsing a part of a huge
// page, which another goroutine parses, is raised in the goroutine that
// converts the page, where the build catches it, and that the parts
// after it are not waited for.
func TestConvertInPartsPanic(t *testing.T) {
	md := cutEverywhere()
	md.gm.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(panicky{}, 0)))
	f := flaw.Catch("content/a.md", 1, 1, "the page is left out", func() {
		_, _ = md.Convert([]byte("First.\n\nSecond ^.\n\nThird.\n\nFourth."), &recorder{}, nil)
	})
	if f == nil || !strings.HasPrefix(f.Message, "panic: ^ reached, in markdown.panicky.Parse (parts_test.go:") {
		t.Errorf("Convert's panic was caught as %v, want the parser's, at its place", f)
	}
}
