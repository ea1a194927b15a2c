package page

import (
	"net/url"
	"reflect"
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
