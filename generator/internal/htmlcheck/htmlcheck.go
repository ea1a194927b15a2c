// Package htmlcheck checks built HTML as a browser reads it for anything
// that could run script, for the tests of the packages that write it.
package htmlcheck

import (
	"fmt"
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

// ownScript is a script element of the layouts: a file of static/.
var ownScript = regexp.MustCompile(`^/(static/[a-z]+\.[0-9a-f]{10}\.js|_statusdocs/live\.js)$`)

// Page parses a whole output page as a browser does and reports what
// could run script: a script that is not one of the layouts' files, an
// event handler, a URL with a scheme other than http(s), mailto, tel or
// ftp (images may be raster data: URLs), an inline style, and any element
// of the article outside the allowlist. It is written apart from the
// cleaner, from the rules, so that the two check each other.
func Page(page string, allowed func(element string) bool) error {
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return err
	}
	return Tree(doc, false, allowed)
}

var safeScheme = regexp.MustCompile(`^(?i)(https?|mailto|tel|ftp):`)
var rasterData = regexp.MustCompile(`^(?i)data:image/(png|gif|jpeg|webp|avif)[;,]`)
var anyScheme = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)

// Tree checks a parsed tree as Page does; inArticle: n is inside the
// article.
func Tree(n *html.Node, inArticle bool, allowed func(element string) bool) error {
	if n.Type == html.ElementNode {
		if err := elementSafe(n, inArticle, allowed); err != nil {
			return err
		}
		inArticle = inArticle || n.Data == "article"
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if err := Tree(c, inArticle, allowed); err != nil {
			return err
		}
	}
	return nil
}

func elementSafe(n *html.Node, inArticle bool, allowed func(string) bool) error {
	if inArticle && (n.Namespace != "" || !allowed(n.Data)) {
		return fmt.Errorf("<%s> in the article", n.Data)
	}
	if n.Data == "script" {
		src := attr(n, "src")
		if n.FirstChild != nil || !ownScript.MatchString(strings.TrimPrefix(src, "/statusdocs")) {
			return fmt.Errorf("a script not of the layouts: src=%q", src)
		}
	}
	if n.Data == "meta" && strings.EqualFold(attr(n, "http-equiv"), "refresh") && strings.Contains(strings.ToLower(attr(n, "content")), "script") {
		return fmt.Errorf("meta refresh to %q", attr(n, "content"))
	}
	for _, a := range n.Attr {
		v := strings.Map(func(r rune) rune {
			if r <= ' ' || r == 0x7f {
				return -1
			}
			return r
		}, a.Val)
		switch {
		case strings.HasPrefix(a.Key, "on"):
			return fmt.Errorf("<%s %s=%q>", n.Data, a.Key, a.Val)
		case a.Key == "style" && inArticle, a.Key == "srcdoc":
			return fmt.Errorf("<%s %s=%q>", n.Data, a.Key, a.Val)
		case urlAttrNames[a.Key] && anyScheme.MatchString(v) && !safeScheme.MatchString(v) &&
			!(n.Data == "img" && a.Key == "src" && rasterData.MatchString(v)):
			return fmt.Errorf("<%s %s=%q>", n.Data, a.Key, a.Val)
		}
	}
	return nil
}

var urlAttrNames = map[string]bool{"href": true, "src": true, "action": true, "formaction": true, "cite": true, "data": true, "poster": true, "srcset": true, "xlink:href": true, "background": true}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
