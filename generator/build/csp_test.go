package build

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/net/html"

	"statusdocs/generator/publish"
)

// TestContentSecurityPolicy checks that every HTML file of a build, redirect
// stubs included, carries the policy in a <meta> tag ahead of any script,
// and that _headers sends it with every response.
func TestContentSecurityPolicy(t *testing.T) {
	files := fstest.MapFS{
		"en-us/a/index.md":       mdFile("A", "A", "Text."),
		"ja/a/index.md":          mdFile("エー", "A", "テキスト。"),
		"en-us/_redirects.txt":   {Data: []byte("/en-US/docs/Old\t/en-US/docs/A\n")},
		"sidebars/http.yaml":     {Data: []byte("sidebar:\n  - /en-US/docs/A\n")},
		"en-us/b/index.md":       mdFile("B", "B", "{{HTTPSidebar}}"),
		"en-us/c/d/e/f/index.md": mdFile("F", "C/D/E/F", "Deep."),
	}
	_, out := build(t, files, func(c *Config) { c.RedirectStubs = true })
	n := 0
	for name, data := range out.Files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		n++
		if err := policyFirst(string(data)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if n < 10 {
		t.Errorf("only %d HTML files checked", n)
	}
	if h := string(out.Files["_headers"]); !strings.Contains(h, "/*\n  Content-Security-Policy: "+publish.ContentSecurityPolicy+"\n  X-Content-Type-Options: nosniff\n") {
		t.Errorf("_headers lacks the policy:\n%s", h)
	}
}

// policyFirst reports a page whose head does not start its scripts after
// the policy's <meta> tag.
func policyFirst(page string) error {
	z := html.NewTokenizer(strings.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return errNoPolicy
		case html.StartTagToken, html.SelfClosingTagToken:
			t := z.Token()
			switch {
			case t.Data == "script", t.Data == "body":
				return errNoPolicy
			case t.Data == "meta" && attrOf(t, "http-equiv") == "Content-Security-Policy":
				if attrOf(t, "content") != publish.ContentSecurityPolicy {
					return errWrongPolicy
				}
				return nil
			}
		}
	}
}

var (
	errNoPolicy    = errors.New("no Content-Security-Policy before the first script")
	errWrongPolicy = errors.New("the Content-Security-Policy differs from publish.ContentSecurityPolicy")
)

func attrOf(t html.Token, key string) string {
	for _, a := range t.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
