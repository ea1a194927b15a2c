package page

import (
	"net/url"
	"reflect"
	"strings"
	"testing"
)

// FuzzParseHref checks parseHref's shortcut against url.Parse.
func FuzzParseHref(f *testing.F) {
	for _, h := range []string{"/en-US/docs/Web/HTTP", "/", "//example.com/x", "/a b/c", "/a%20b", "/a?q=1", "/a#frag",
		"/a\x7f", "/a\tb", "/ja/docs/Web/HTTP/ステータス", "/a:b", "/a/../b", "relative/path", "https://x.org/y", ""} {
		f.Add(h)
	}
	f.Fuzz(func(t *testing.T, h string) {
		got, gotErr := parseHref(h)
		want, wantErr := url.Parse(h)
		if (gotErr != nil) != (wantErr != nil) || !reflect.DeepEqual(got, want) {
			t.Errorf("parseHref(%q) = %#v, %v; url.Parse: %#v, %v", h, got, gotErr, want, wantErr)
		}
	})
}

// FuzzRefEscape checks that refEscape leaves no byte an href may not hold
// as it is, changes nothing else, and decodes back to what it was given.
func FuzzRefEscape(f *testing.F) {
	for _, s := range []string{"Web/HTTP", `404#"><img src=x onerror=alert(1)>`, "a b", "100%", "情報レスポンス", "a\x00b\x7f", "x?y#z", "`{|}^\\"} {
		f.Add(s)
	}
	if plain := refEscape("Web/HTTP/情報", "#?"); plain != "Web/HTTP/情報" {
		f.Errorf("refEscape changed a plain path: %q", plain)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := refEscape(s, "#?")
		if i := strings.IndexAny(got, " \"<>\\^`{|}#?\x7f"); i >= 0 || strings.IndexFunc(got, func(c rune) bool { return c < 0x20 }) >= 0 {
			t.Errorf("refEscape(%q) = %q: a byte an href may not hold", s, got)
		}
		if back, err := url.PathUnescape(got); err != nil || back != s {
			t.Errorf("refEscape(%q) = %q, which decodes to %q, %v", s, got, back, err)
		}
	})
}
