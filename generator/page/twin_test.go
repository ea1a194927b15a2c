package page

import (
	"math/rand/v2"
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

// TestPlainHref holds absolute's shortcuts to resolveRef: for every href
// plainHref takes, on a site URL or none and page URLs plain or not (a
// base path may hold dot segments), the two give the same URL.
func TestPlainHref(t *testing.T) {
	hrefs := []string{
		"/en-US/docs/Web/HTTP/Status/404", "/a/b/", "/", "#", "#examples", "#a.b-c_d~e", "/a#b", "/a/b.c",
		"/a/./b", "/a/../b", "/.well-known", "//host/a", "/a//b", "/a%20b", "/a b", "#a b", "#a/b", "/a?q", "",
		"a/b", "../a", "/a/b/..", "/a/b/.", "/é", "#é", "/a#b#c",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	const alphabet = "/#.a-_~%?:b "
	for range 20000 {
		b := make([]byte, 1+rng.IntN(8))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		hrefs = append(hrefs, string(b))
	}
	taken := 0
	for _, site := range []string{"", "https://docs.example.org", "http://user@h.example:8080", "https://x.example#f", "https://x.example?q=1"} {
		for _, pageURL := range []string{"/en-US/docs/Web/HTTP/Status/404", "/docs/./en-US/docs/S/", "/docs/../en-US/docs/S", "/a%20b/en-US/docs/S", "/en-US/docs/S//"} {
			s := &Renderer{cfg: Config{SiteURL: site}}
			abs := s.absolute(pageURL)
			base, err := url.Parse(site + pageURL)
			if err != nil {
				t.Fatal(err)
			}
			for _, href := range hrefs {
				if !plainHref(href) {
					continue
				}
				taken++
				if got, want := abs(href), resolveRef(base, href); got != want {
					t.Errorf("site %q, page %q: absolute(%q) = %q, url.URL resolves %q", site, pageURL, href, got, want)
				}
			}
		}
	}
	if taken < 1000 {
		t.Errorf("plainHref took only %d hrefs: the test checks little", taken)
	}
}
