package markdown

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"golang.org/x/tools/txtar"

	"statusdocs/generator/content"
	"statusdocs/generator/macro"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// fakeHooks shows what Resolve asked of the site, so golden files can check
// which text was treated as a macro, a link or raw HTML.
type fakeHooks struct{}

func (fakeHooks) Macro(n *Macro) macro.Output {
	if n.Err != nil {
		return macro.Output{HTML: macro.Marker(n.Err.Name, n.Err.Msg)}
	}
	var args []string
	for _, a := range n.Call.Args {
		args = append(args, a.Value)
	}
	switch n.Call.Key() {
	case "httpsidebar": // a block that expands to nothing
		return macro.Output{Block: true}
	case "specifications", "deprecated_header":
		return macro.Output{HTML: fmt.Sprintf("<div>%s</div>", n.Call.Key()), Block: true}
	}
	html := fmt.Sprintf("<m>%s(%s)</m>", n.Call.Key(), strings.Join(args, "|"))
	return macro.Output{HTML: html}
}

func (fakeHooks) ResolveLink(dest string, off int, image bool) macro.Link {
	if strings.HasPrefix(dest, "javascript:") {
		return macro.Link{Drop: true}
	}
	return macro.Link{Href: "resolved:" + dest}
}

func (fakeHooks) HTML(raw string, at func(int) int) (string, string) {
	if strings.HasPrefix(raw, "<script") {
		return "", "script"
	}
	return "[raw]" + raw, ""
}

func (fakeHooks) Label(typ string) string { return strings.ToUpper(typ[:1]) + typ[1:] + ":" }

func (fakeHooks) Problem(Problem) {}

func (fakeHooks) Written(html string) string { return html }

// githubHooks are fakeHooks that ask for GitHub anchors (golden files
// named github-*.txtar).
type githubHooks struct{ fakeHooks }

func (githubHooks) GitHubAnchors() bool { return true }

// TestGolden converts each testdata/*.txtar "input.md" and compares the
// HTML with "output.html" and the problems with "problems" (line:col kind:
// message, one a line).
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txtar")
	if len(files) == 0 {
		t.Fatal("no golden files")
	}
	md := New()
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			sections := map[string]string{}
			for _, f := range ar.Files {
				sections[f.Name] = string(f.Data)
			}
			src := []byte(sections["input.md"])
			doc := md.Parse(src)
			var hooks Hooks = fakeHooks{}
			if strings.HasPrefix(filepath.Base(file), "github-") {
				hooks = githubHooks{}
			}
			doc.Resolve(hooks, nil)
			out, err := md.Render(doc)
			if err != nil {
				t.Fatal(err)
			}
			var probs strings.Builder
			for _, p := range doc.Problems {
				line, col := content.Position(src, p.Off)
				fmt.Fprintf(&probs, "%d:%d %s: %s\n", line, col, p.Kind, p.Message)
			}
			got := map[string]string{"output.html": string(out), "problems": probs.String()}
			if *update {
				ar.Files = []txtar.File{{Name: "input.md", Data: src}}
				for _, name := range []string{"output.html", "problems"} {
					if got[name] != "" || name == "output.html" {
						ar.Files = append(ar.Files, txtar.File{Name: name, Data: []byte(got[name])})
					}
				}
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			for _, name := range []string{"output.html", "problems"} {
				if got[name] != sections[name] {
					t.Errorf("%s differs\n--- got ---\n%s\n--- want ---\n%s", name, got[name], sections[name])
				}
			}
		})
	}
}

func TestGitHubID(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"📖 简介", "-简介"},
		{"🟢 1xx 信息响应", "-1xx-信息响应"},
		{"Tools!", "tools"},
		{"  Two  spaces ", "--two--spaces-"},
		{"What's new? (2024)", "whats-new-2024"},
		{"snake_case and-dash", "snake_case-and-dash"},
		{"TLS 1.3", "tls-13"},
		{"Ünïcödé Çase", "ünïcödé-çase"},
		{"🎉", ""},
	} {
		if got := GitHubID(tc.in); got != tc.want {
			t.Errorf("GitHubID(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestID(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Informational responses", "informational_responses"},
		{"Client error responses", "client_error_responses"},
		{"  Spaces   inside\tand out  ", "spaces_inside_and_out"},
		{"TLS 1.3", "tls_1.3"},
		{"`Content-Type` header", "content-type_header"},
		{"What's new? (2024)", "whats_new_2024"},
		{"a*b<c>d\"e$f#g%h&i+j,k/l:m;n=o?p@q[r]s^t`u{v|w}x~y'z(1)2\\3", "abcdefghijklmnopqrstuvwxyz123"},
		{"狀態", "狀態"},
		{"クライアントエラーレスポンス", "クライアントエラーレスポンス"},
		{"伺服器 錯誤　回應", "伺服器_錯誤_回應"}, // the ideographic space is white space too
		{"Ünïcödé Çase", "ünïcödé_çase"},
		{"foo - bar", "foo_-_bar"},
		{"snake_case stays", "snake_case_stays"},
		{"???", "sect"},
		{"", "sect"},
	} {
		if got := ID(tc.in); got != tc.want {
			t.Errorf("ID(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestIDSetSuffixesDuplicates(t *testing.T) {
	for _, tc := range []struct {
		taken string // ids already on the page (raw HTML)
		ids   string
		want  string
	}{
		{"", "a a b a a_2", "a a_2 b a_3 a_2_2"},
		{"a_3 a_4", "a a a a", "a a_2 a_5 a_6"},
		{"a", "a a", "a_2 a_3"},
	} {
		// Unique alone, and unique remembering the next suffix, as
		// setHeadingIDs calls it: the same ids.
		for _, next := range []map[string]int{nil, {}} {
			s := IDSet{}
			for _, id := range strings.Fields(tc.taken) {
				s[id] = true
			}
			var got []string
			for _, id := range strings.Fields(tc.ids) {
				got = append(got, s.unique(id, next))
			}
			if strings.Join(got, " ") != tc.want {
				t.Errorf("taken %q, next %v: got %q, want %q", tc.taken, next != nil, strings.Join(got, " "), tc.want)
			}
		}
	}
}

// TestWalkBlocks checks walkBlocks against a walk of the whole tree on the
// golden files, the MDN corpus and the other shared markdown: the same
// blocks in the same order, which holds if no block mixes block and inline
// children.
func TestWalkBlocks(t *testing.T) {
	var sources [][]byte
	files, _ := filepath.Glob("testdata/*.txtar")
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range ar.Files {
			sources = append(sources, f.Data)
		}
	}
	_ = filepath.WalkDir("../../../shared/corpus", func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".md") || strings.HasSuffix(p, ".txt")) {
			if data, err := os.ReadFile(p); err == nil {
				sources = append(sources, data)
			}
		}
		return nil
	})
	md := New()
	for i, src := range sources {
		doc := md.Parse(src)
		var want, got []ast.Node
		_ = ast.Walk(doc.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if entering && n != doc.root && n.Type() == ast.TypeBlock {
				want = append(want, n)
			}
			return ast.WalkContinue, nil
		})
		walkBlocks(doc.root, func(n ast.Node) { got = append(got, n) })
		if !slices.Equal(got, want) {
			t.Errorf("source %d: walkBlocks visits %d blocks, the whole walk %d", i, len(got), len(want))
		}
	}
	t.Logf("%d sources", len(sources))
}

// writeGoldenInputs writes the input of each golden file to page, each
// followed by a blank line.
func writeGoldenInputs(t *testing.T, page *bytes.Buffer, files []string) {
	t.Helper()
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		page.Write(ar.Files[0].Data)
		page.WriteString("\n\n")
	}
}

// TestRenderInParts renders a page whose HTML takes several parts of
// renderPart bytes: the same HTML as the tree rendered in one go, and the
// same summary, which Render remembers before it lets the tree go.
func TestRenderInParts(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txtar")
	var page bytes.Buffer
	page.WriteString("First *paragraph* with [a link](/en-US/docs/Web).\n\n")
	for page.Len() < 2*renderPart {
		writeGoldenInputs(t, &page, files)
	}
	md := New()
	whole := md.Parse(page.Bytes())
	var want bytes.Buffer
	if err := md.gm.Renderer().Render(&want, page.Bytes(), whole.root); err != nil {
		t.Fatal(err)
	}
	doc := md.Parse(page.Bytes())
	got, err := md.Render(doc)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) < 2*renderPart || got != want.String() {
		t.Errorf("HTML of %d bytes differs from the tree's (%d bytes)", len(got), want.Len())
	}
	if s := doc.Summary(); s != "First paragraph with a link." || s != whole.Summary() {
		t.Errorf("summary %q, want that of the whole tree, %q", s, whole.Summary())
	}
}

// TestSegmentMap compares segmentMap, which looks a segment up by binary
// search, with a walk of the segments from the first, for segments of
// every length (empty ones too) and indexes before, in and past them.
func TestSegmentMap(t *testing.T) {
	walk := func(segs *text.Segments, i int) int {
		for k := range segs.Len() {
			s := segs.At(k)
			if n := s.Len(); i < n || k == segs.Len()-1 {
				return s.Start + min(i, n)
			}
			i -= s.Len()
		}
		return 0
	}
	r := rand.New(rand.NewPCG(5, 6))
	for range 200 {
		segs := text.NewSegments()
		start, total := 0, 0
		for range r.IntN(6) {
			start += r.IntN(4)
			n := r.IntN(5)
			segs.Append(text.NewSegment(start, start+n))
			start += n
			total += n
		}
		at := segmentMap(segs, nil)
		for i := -2; i < total+3; i++ {
			if got, want := at(i), walk(segs, i); got != want {
				t.Fatalf("segments %v: index %d at %d, want %d", segs.Sliced(0, segs.Len()), i, got, want)
			}
		}
	}
}

func TestTruncate(t *testing.T) {
	for _, tt := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"one two three four", 10, "one two…"},
		{"這是一個很長的句子 後面還有更多的文字", 12, "這是一個很長的句子…"},
		{"甲 乙丙丁戊己庚辛壬癸子丑寅卯", 10, "甲 乙丙丁戊己庚辛壬…"}, // the only space is too early: cut mid-word
	} {
		if got := Truncate(tt.in, tt.n); got != tt.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

// truncateRunes is Truncate as it was first written, through a copy in
// runes: FuzzTruncate holds the other to it.
func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i >= 0 && utf8.RuneCountInString(cut[:i]) > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

func FuzzTruncate(f *testing.F) {
	for _, s := range []string{"one two three four", "這是一個很長的句子 後面還有更多的文字", "ab\xffcd efgh ijkl mnop", "\xe2\x80 x y z w"} {
		f.Add(s, 10)
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		n = n % 300
		if n < 0 {
			n = -n
		}
		if got, want := Truncate(s, n), truncateRunes(s, n); got != want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", s, n, got, want)
		}
	})
}

// TestHighlightBudget: a block that Java's lexer takes seconds over (it
// backtracks over every blank line after each) is shown as plain text,
// and so are the blocks after a page's budget is spent; the others are
// highlighted.
func TestHighlightBudget(t *testing.T) {
	slow := "```java\n" + strings.Repeat("\n", 6000) + "x\n```\n\n"
	quick := "```java\nint x = 1;\n```\n\n"
	hooks := &problemHooks{}
	src := quick + slow + quick + slow + slow + slow + slow + quick
	out, err := New().Convert([]byte(src), hooks, nil)
	if err != nil {
		t.Fatal(err)
	}
	if p := hooks.problems; len(p) != 1 || p[0].Off != len(quick)+len("```java\n") || !strings.HasPrefix(p[0].Message, "6 code blocks shown as plain text") {
		t.Errorf("problems %+v, want one at the first slow block, for 6", p)
	}
	var got []bool // highlighted, by block
	for _, pre := range strings.Split(out.HTML, "<pre")[1:] {
		got = append(got, strings.Contains(pre, "<span"))
	}
	// Five slow blocks spend the second: the last quick one is plain.
	if want := []bool{true, false, true, false, false, false, false, false}; !slices.Equal(got, want) {
		t.Errorf("highlighted blocks %v, want %v", got, want)
	}
}

// TestMalformedMacros: the first maxMalformed malformed macro calls of a
// page are markers with a problem each; those after are text, with one
// problem that says so.
func TestMalformedMacros(t *testing.T) {
	src := strings.Repeat("{{ ", 1000) + "\n\nThen {{HTTPStatus(\"404\")}}.\n"
	out, err := New().Convert([]byte(src), fakeHooks{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	md := New()
	doc := md.Parse([]byte(src))
	if markers, problems := strings.Count(out.HTML, "macro-error"), len(doc.Problems); markers != maxMalformed || problems != maxMalformed+1 {
		t.Errorf("%d markers and %d problems, want %d and %d", markers, problems, maxMalformed, maxMalformed+1)
	}
	if !strings.Contains(out.HTML, strings.Repeat("{{ ", 10)) || strings.Contains(out.HTML, "HTTPStatus") {
		t.Errorf("the calls after are not text, or the good call after them is not expanded:\n%.300s", out.HTML[len(out.HTML)-300:])
	}
}

// problemHooks are fakeHooks that keep the problems.
type problemHooks struct {
	fakeHooks
	problems []Problem
}

func (h *problemHooks) Problem(p Problem) { h.problems = append(h.problems, p) }
