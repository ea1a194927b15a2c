package content

import (
	"path"
	"strings"
	"testing"
	"unicode/utf8"

	"statusdocs/generator/flaw"
)

// redirectTests are lines of an en-US _redirects.txt: kept with the slug
// given, or a bad-redirect flaw at col whose message holds err.
var redirectTests = []struct {
	name, line string
	slug       string
	col        int
	err        string
}{
	{"tab", "/en-US/docs/Old\t/en-US/docs/Web/A", "Old", 0, ""},
	{"spaces and CRLF", "  /en-US/docs/Old   /en-US/docs/Web/A  \r", "Old", 0, ""},
	{"locale in any case", "/EN-us/DOCS/Old\t/en-US/docs/Web/A", "Old", 0, ""},
	{"trailing slash", "/en-US/docs/Old/\t/en-US/docs/Web/A/", "Old", 0, ""},
	{"decoded", "/en-US/docs/Old/Sp%20ace\t/en-US/docs/Web/A#frag", "Old/Sp ace", 0, ""},
	{"encoded letters of the prefix", "/%65n-US/docs/Old\t/en-US/docs/Web/A", "Old", 0, ""},
	{"colon and unicode", "/en-US/docs/Web/:old/日本\t/en-US/docs/Web/:hover", "Web/:old/日本", 0, ""},
	{"encoded slash is a slash", "/en-US/docs/A%2FB\t/en-US/docs/Web/A", "A/B", 0, ""},
	{"encoded question mark is a character", "/en-US/docs/Why%3F\t/en-US/docs/Web/A", "Why?", 0, ""},
	{"http target", "/en-US/docs/Ext\thttp://example.com/a?b=c#d", "Ext", 0, ""},
	{"https target in caps", "/en-US/docs/Ext\tHTTPS://example.com/", "Ext", 0, ""},
	{"root target", "/en-US/docs/Home\t/", "Home", 0, ""},
	{"255-byte segment", "/en-US/docs/" + strings.Repeat("a", 255) + "\t/en-US/docs/Web/A", strings.Repeat("a", 255), 0, ""},
	{"255-byte segment of 3-byte letters", "/en-US/docs/" + strings.Repeat("語", 85) + "\t/en-US/docs/Web/A", strings.Repeat("語", 85), 0, ""},

	{"one field", "just-one", "", 1, "found 1 fields"},
	{"three fields", "/en-US/docs/A /en-US/docs/B /en-US/docs/C", "", 1, "found 3 fields"},
	{"other locale", "/fr/docs/Elsewhere\t/en-US/docs/A", "", 1, `is not under "/en-US/docs/"`},
	{"not docs", "/en-US/Old\t/en-US/docs/A", "", 1, "is not under"},
	{"relative source", "en-US/docs/Old\t/en-US/docs/A", "", 1, "is not under"},
	{"docs root", "/en-US/docs/\t/en-US/docs/A", "", 1, "names no page"},
	{"dot dot", "/en-US/docs/Dot/../../../x\t/en-US/docs/A", "", 1, `".." segment`},
	{"encoded dot dot", "/en-US/docs/%2e%2e/%2e%2e/x\t/en-US/docs/A", "", 1, `".." segment`},
	{"mixed case encoded dot dot", "/en-US/docs/%2E./%2e%2E/x\t/en-US/docs/A", "", 1, `".." segment`},
	{"dot dot out of the locale", "/en-US/docs/..%2F..%2Ffr/docs/x\t/en-US/docs/A", "", 1, `".." segment`},
	{"encoded slash after docs", "/en-US/docs%2F..%2F..%2Fx\t/en-US/docs/A", "", 1, `".." segment`},
	{"dot", "/en-US/docs/a/./b\t/en-US/docs/A", "", 1, `"." or`},
	{"double slash", "/en-US/docs/Dbl//x\t/en-US/docs/A", "", 1, "empty"},
	{"encoded double slash", "/en-US/docs/a%2F%2Fb\t/en-US/docs/A", "", 1, "empty"},
	{"encoded NUL", "/en-US/docs/a%00b\t/en-US/docs/A", "", 1, "control character"},
	{"encoded newline", "/en-US/docs/a%0Ab\t/en-US/docs/A", "", 1, "control character"},
	{"encoded unit separator", "/en-US/docs/a%1fb\t/en-US/docs/A", "", 1, "control character"},
	{"encoded DEL", "/en-US/docs/a%7Fb\t/en-US/docs/A", "", 1, "control character"},
	{"raw NUL", "/en-US/docs/a\x00b\t/en-US/docs/A", "", 1, "control character"},
	{"raw escape", "/en-US/docs/a\x1b[31mb\t/en-US/docs/A", "", 1, "control character"},
	{"encoded backslash", "/en-US/docs/a%5C..%5Cb\t/en-US/docs/A", "", 1, "backslash"},
	{"malformed escape", "/en-US/docs/100%\t/en-US/docs/A", "", 1, "malformed"},
	{"not UTF-8", "/en-US/docs/caf%E9\t/en-US/docs/A", "", 1, "not UTF-8"},
	{"raw invalid UTF-8", "/en-US/docs/caf\xe9\t/en-US/docs/A", "", 1, "not UTF-8"},
	{"query", "/en-US/docs/Old?x=1\t/en-US/docs/A", "", 1, "query or fragment"},
	{"fragment", "/en-US/docs/Old#x\t/en-US/docs/A", "", 1, "query or fragment"},
	{"256-byte segment", "/en-US/docs/" + strings.Repeat("a", 256) + "\t/en-US/docs/A", "", 1, "segment of 256 bytes"},
	{"256-byte segment once decoded", "/en-US/docs/" + strings.Repeat("%C3%A9", 128) + "\t/en-US/docs/A", "", 1, "segment of 256 bytes"},
	{"5,000-character source", "/en-US/docs/" + strings.Repeat("x", 5000) + "\t/en-US/docs/A", "", 1, "segment of 5000 bytes"},
	{"long source of short segments", "/en-US/docs/" + strings.Repeat("abcdefghi/", 300) + "x\t/en-US/docs/A", "", 1, "3001 bytes long"},
	{"source after indent", "\t /en-US/docs/a%00\t/en-US/docs/A", "", 3, "control character"},
	{"the dashboard of translations", "/en-US/docs/_translations\thttps://evil.example/", "", 1, "dashboard of translations"},
	{"below the dashboard, in other case", "/en-US/docs/_Translations/x\t/en-US/docs/A", "", 1, "dashboard of translations"},
	{"a name like the dashboard's", "/en-US/docs/_translations_old\t/en-US/docs/A", "_translations_old", 0, ""},

	{"javascript target", "/en-US/docs/Js\tjavascript://%0Aalert(1)", "", 16, "not an http or https URL"},
	{"data target", "/en-US/docs/Js\tdata://text/html,x", "", 16, "not an http or https URL"},
	{"relative target", "/en-US/docs/Rel\tnot-a-path", "", 17, "neither a path nor an absolute URL"},
	{"protocol-relative target", "/en-US/docs/Rel\t//evil.example/x", "", 17, "empty"},
	{"dot dot target", "/en-US/docs/Up\t/en-US/docs/%2e%2e/%2e%2e/x", "", 16, `".." segment`},
	{"control character in a URL target", "/en-US/docs/Ext\thttps://example.com/%0d%0aSet-Cookie:x", "", 17, "control character"},
	{"control character in a fragment", "/en-US/docs/Ext\t/en-US/docs/A#%00", "", 17, "control character"},
	{"backslash target", "/en-US/docs/Ext\t/%5Cevil.example", "", 17, "backslash"},
	{"long target", "/en-US/docs/Ext\thttps://example.com/" + strings.Repeat("a", 3000), "", 17, "bytes long"},
	{"target column counts characters", "/en-US/docs/日本\t/x/%00", "", 16, "control character"},
}

func TestParseRedirects(t *testing.T) {
	for _, tt := range redirectTests {
		t.Run(tt.name, func(t *testing.T) {
			rs, flaws := ParseRedirects("r.txt", "en-US", []byte(tt.line+"\n"))
			if tt.err == "" {
				if len(flaws) > 0 || len(rs) != 1 || rs[0].Slug != tt.slug || rs[0].Line != 1 {
					t.Fatalf("got %+v, flaws %v; want slug %q", rs, flaws, tt.slug)
				}
				return
			}
			if len(rs) > 0 || len(flaws) != 1 {
				t.Fatalf("got %+v, flaws %v; want one flaw", rs, flaws)
			}
			f := flaws[0]
			if f.Kind != flaw.BadRedirect || f.Line != 1 || f.Col != tt.col || !strings.Contains(f.Message, tt.err) {
				t.Errorf("flaw %v, want bad-redirect at 1:%d with %q", f, tt.col, tt.err)
			}
			if len(f.Message) > 300 {
				t.Errorf("message of %d bytes: the source is not cut", len(f.Message))
			}
		})
	}
}

// TestParseRedirectsKeepsLines checks that every line is read whatever the
// length of the lines before it, and each flaw and redirect has its line.
func TestParseRedirectsKeepsLines(t *testing.T) {
	var lines []string
	want := map[int]string{} // line → slug kept, or "" for a flaw
	add := func(line, slug string) {
		lines = append(lines, line)
		want[len(lines)] = slug
	}
	for i, tt := range redirectTests {
		lines = append(lines, "# a comment", "")
		add(tt.line, tt.slug)
		if i%10 == 0 { // lines far past bufio.Scanner's 64 KiB
			add("/en-US/docs/Huge\thttps://example.com/"+strings.Repeat("a", 100<<10), "")
			add("/en-US/docs/"+strings.Repeat("b", 1<<20)+"\t/en-US/docs/A", "")
			add("# "+strings.Repeat("c", 1<<20), "")
			delete(want, len(lines))
		}
	}
	add("/en-US/docs/Last\t/en-US/docs/A", "Last") // no newline after it
	rs, flaws := ParseRedirects("r.txt", "en-US", []byte(strings.Join(lines, "\n")))
	got := map[int]string{}
	for _, r := range rs {
		got[r.Line] = r.Slug
	}
	for _, f := range flaws {
		if _, dup := got[f.Line]; dup {
			t.Errorf("line %d has a redirect and a flaw, or two flaws", f.Line)
		}
		got[f.Line] = ""
	}
	if len(got) != len(want) {
		t.Errorf("%d lines read, want %d", len(got), len(want))
	}
	for n, slug := range want {
		if g, ok := got[n]; !ok || g != slug {
			t.Errorf("line %d: got %q (read: %v), want %q", n, g, ok, slug)
		}
	}
}

// FuzzParseRedirects checks what ParseRedirects lets through: every line
// that is not blank or a comment gives one redirect or one flaw, at its
// line, and every slug kept is a path that stays where it is put.
func FuzzParseRedirects(f *testing.F) {
	for _, tt := range redirectTests {
		f.Add(tt.line + "\n# c\n/en-US/docs/B\t/en-US/docs/A\n")
	}
	f.Fuzz(func(t *testing.T, data string) {
		rs, flaws := ParseRedirects("r.txt", "en-US", []byte(data))
		lines := 0
		for line := range strings.Lines(data) {
			if s := strings.TrimSpace(line); s != "" && s[0] != '#' {
				lines++
			}
		}
		if len(rs)+len(flaws) != lines {
			t.Fatalf("%d redirects and %d flaws for %d lines", len(rs), len(flaws), lines)
		}
		for _, r := range rs {
			if msg := unsafeSlug(r.Slug); msg != "" {
				t.Fatalf("kept %q (line %d): slug %q %s", r.From, r.Line, r.Slug, msg)
			}
		}
		for _, fl := range flaws {
			if fl.Line < 1 || fl.Col < 1 || fl.Kind != flaw.BadRedirect {
				t.Fatalf("flaw %v", fl)
			}
		}
	})
}

// unsafeSlug says what is wrong with a slug as a folder below the output.
func unsafeSlug(slug string) string {
	switch {
	case slug == "" || slug != path.Clean(slug) || path.IsAbs(slug) || slug == ".." || strings.HasPrefix(slug, "../"):
		return "is not a clean relative path"
	case !utf8.ValidString(slug) || strings.ContainsAny(slug, "\\\x7f") || strings.ContainsFunc(slug, func(r rune) bool { return r < 0x20 }):
		return "has a control character, a backslash or bad UTF-8"
	case len(slug) > MaxRedirectPath:
		return "is too long"
	}
	for seg := range strings.SplitSeq(slug, "/") {
		if len(seg) > maxSegment {
			return "has a segment too long for a file name"
		}
	}
	return ""
}
