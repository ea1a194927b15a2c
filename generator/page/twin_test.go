package page

import (
	"net/url"
	"testing"
)

// TestHasScheme checks hasScheme against url.Parse, whose reading of an
// href it stands in for: with a scheme, absolute resolves nothing.
func TestHasScheme(t *testing.T) {
	for _, href := range []string{
		"https://example.com/a", "http://x", "mailto:a@b.c", "HTTPS://E.COM", "a+b-c.d:x", "x:",
		"/en-US/docs/Web", "../a", "#frag", "?q=1", "", ":", ":x", "1a:b", "+a:b", "a b:c", "a/b:c", "a?b:c", "a#b:c",
		"//host/path", "%41:b", "é:x",
	} {
		u, err := url.Parse(href)
		want := err == nil && u.IsAbs()
		if got := hasScheme(href); got != want && !(got && err != nil) {
			t.Errorf("hasScheme(%q) = %v; url.Parse says absolute %v (err %v)", href, got, want, err)
		}
	}
}
