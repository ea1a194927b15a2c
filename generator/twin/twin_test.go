package twin

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/tools/txtar"
)

// TestGolden converts the input.html of each testdata/*.txtar and
// compares with its output.md; links are resolved against
// https://docs.example.org and the page /en-US/docs/Page/. UPDATE_GOLDEN=1
// writes the outputs.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil || len(ar.Files) != 2 || ar.Files[0].Name != "input.html" || ar.Files[1].Name != "output.md" {
				t.Fatalf("want input.html and output.md: %v", err)
			}
			got := Convert(string(ar.Files[0].Data), Options{Resolve: testResolve})
			if os.Getenv("UPDATE_GOLDEN") != "" {
				ar.Files[1].Data = []byte(got)
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if want := string(ar.Files[1].Data); got != want {
				t.Errorf("got:\n%s\nwant:\n%s", got, want)
			}
			readBack(t, string(ar.Files[0].Data), got)
		})
	}
}

// testResolve makes root-relative and fragment URLs absolute, as the
// build does with --site-url.
func testResolve(u string) string {
	switch {
	case strings.HasPrefix(u, "#"):
		return "https://docs.example.org/en-US/docs/Page/" + u
	case strings.HasPrefix(u, "/"):
		return "https://docs.example.org" + u
	}
	return u
}

func TestSafeURL(t *testing.T) {
	for _, tc := range []struct {
		url  string
		want bool
	}{
		{"/en-US/docs/x", true},
		{"https://example.org/a:b", true},
		{"MAILTO:a@b.c", true},
		{"a.png", true},
		{"#x:y", true},
		{"javascript:alert(1)", false},
		{"data:text/html,x", false},
		{"vbscript:x", false},
	} {
		if got := safeURL(tc.url); got != tc.want {
			t.Errorf("safeURL(%q) = %v, want %v", tc.url, got, tc.want)
		}
	}
}

// TestText: a page's title or summary in llms.txt is never markup.
func TestText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"404 Not Found", "404 Not Found"},
		{"[click](javascript:x) <b>x</b>", `\[click\](javascript:x) \<b\>x\</b\>`},
		{"# one\n- two", `\# one - two`},
		{"1. first", `1\. first`},
		{"a | b *c* `d`", "a \\| b \\*c\\* \\`d\\`"},
	} {
		if got := Text(tc.in); got != tc.want {
			t.Errorf("Text(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestConvertInParts converts the golden inputs joined, with text and
// inline elements between them at the top level (which a part must not
// cut), whole and in parts of a few bytes: the twins must be the same.
func TestConvertInParts(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txtar")
	var body strings.Builder
	for i, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil || len(ar.Files) == 0 {
			t.Fatalf("%s: %v", file, err)
		}
		body.Write(ar.Files[0].Data)
		fmt.Fprintf(&body, "top-level <em>text</em> %d <a href=\"/x\">link</a>\n<p>after</p>", i)
	}
	whole := string(appendConvert(nil, body.String(), Options{Resolve: testResolve}, body.Len()+1))
	for _, size := range []int{1, 64, 1 << 10} {
		if got := string(appendConvert(nil, body.String(), Options{Resolve: testResolve}, size)); got != whole {
			t.Errorf("in parts of %d bytes:\n%s\nwhole:\n%s", size, got, whole)
		}
	}
}

// TestConvertStopsInParts stops a conversion read a part ahead (a
// Resolve that panics, in the converting goroutine, a few parts in): the
// panic reaches the caller, and the goroutine that builds the parts ends.
func TestConvertStopsInParts(t *testing.T) {
	body := strings.Repeat("<p>text <a href=\"/x\">link</a></p>\n", 2000)
	before := runtime.NumGoroutine()
	calls := 0
	resolve := func(u string) string {
		if calls++; calls == 300 {
			panic("resolve failed")
		}
		return u
	}
	func() {
		defer func() {
			if v := recover(); v != "resolve failed" {
				t.Errorf("recovered %v, want the panic of Resolve", v)
			}
		}()
		appendConvert(nil, body, Options{Resolve: resolve}, 1<<10)
		t.Error("the conversion returned")
	}()
	for start := time.Now(); runtime.NumGoroutine() > before; time.Sleep(10 * time.Millisecond) {
		if time.Since(start) > 10*time.Second {
			t.Fatalf("%d goroutines left running", runtime.NumGoroutine()-before)
		}
	}
}

// FuzzText checks Text's shortcut for plain words against the general
// way.
func FuzzText(f *testing.F) {
	for _, s := range []string{"Not Found", "1. first", "# title", "a  b", " a", "a ", "x_y", "5xx errors", "-1", "a\tb", "é", "a|b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w := &inline{c: &converter{}, cell: true}
		w.text(s)
		if got, want := Text(s), w.String(); got != want {
			t.Errorf("Text(%q) = %q, the general way %q", s, got, want)
		}
	})
}

// TestTextInPieces converts text in tens of thousands of pieces (between
// comments and stray end tags, in a script's wake): the pieces are
// joined in a buffer, where joining each to the text before it copied
// that text again, gigabytes for a page of megabytes. What it allocates
// stays a small multiple of the body.
func TestTextInPieces(t *testing.T) {
	body := "<script>" + strings.Repeat("<!--<script>--></script x", 20000)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	Convert(body, Options{})
	runtime.ReadMemStats(&after)
	if n := after.TotalAlloc - before.TotalAlloc; n > 64*uint64(len(body)) {
		t.Errorf("converting %d KB allocated %d MB", len(body)>>10, n>>20)
	}
}

// TestMaybeSpace checks that the first byte of every space, in UTF-8, is
// one that spaceAt decodes, and that ASCII is marked only where it is one.
func TestMaybeSpace(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		s := string(r)
		if unicode.IsSpace(r) != (spaceAt(s, 0) == len(s)) {
			t.Errorf("spaceAt(%U) = %d, unicode.IsSpace %v", r, spaceAt(s, 0), unicode.IsSpace(r))
		}
		if r < utf8.RuneSelf && maybeSpace[r] != unicode.IsSpace(r) {
			t.Errorf("maybeSpace[%U] = %v", r, maybeSpace[r])
		}
	}
}

// TestDeepEndTags checks end tags past maxSearched, where the open
// elements are counted rather than searched: each body converts as the
// one beside it, whose tags close in order.
func TestDeepEndTags(t *testing.T) {
	deep := func(open, close string) string {
		return strings.Repeat(open, maxSearched+8) + "a" + close + strings.Repeat(strings.Replace(open, "<", "</", 1), maxSearched+8) + "b"
	}
	for _, c := range []struct{ body, same string }{
		{deep("<div>", "</em>"), deep("<div>", "")},      // a stray end tag
		{deep("<div>", "</article>"), deep("<div>", "")}, // the root is not closed by a tag
		{"<div>a</article></div>b", "<div>a</div>b"},
		{"<em>" + deep("<div>", "</span>"), "<em>" + deep("<div>", "") + "</em>"}, // one open below the search
		{"<section><p>x</p>" + strings.Repeat("<div>", 2*maxSearched) + "a</section>b", "<section><p>x</p>" + strings.Repeat("<div>", 2*maxSearched) + "a" + strings.Repeat("</div>", 2*maxSearched) + "</section>b"},
		{strings.Repeat("<blockquote>", maxSearched+1) + "a" + strings.Repeat("</blockquote>", maxSearched+1) + "</blockquote><p>b</p>", strings.Repeat("<blockquote>", maxSearched+1) + "a" + strings.Repeat("</blockquote>", maxSearched+1) + "<p>b</p>"},
	} {
		if got, want := Convert(c.body, Options{}), Convert(c.same, Options{}); got != want {
			t.Errorf("%.60q…:\n got %q\nwant %q", c.body, got, want)
		}
	}
}
