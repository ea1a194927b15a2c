// Package check verifies a built site the way a reader's browser and a
// plain static file server would see it: every internal link and asset
// resolves to a file without a redirect, every #fragment exists in its
// target, and every page of a locale can be reached from the locale's home
// page by following links. It reads the output HTML only (with
// golang.org/x/net/html), so it also catches what layouts, sidebars and
// the base path do to links, which the build's own link checks cannot see.
package check

import (
	"bytes"
	"cmp"
	"fmt"
	"maps"
	"net/url"
	"path"
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Problem is one thing wrong with the built site, placed in the source
// file the page is built from when that is known, else in the output file.
type Problem struct {
	File      string // source file (or output file)
	Line, Col int    // in File; 0 when unknown
	Page      string // the output file the problem is in
	Msg       string
}

func (p Problem) String() string {
	pos := p.File
	if p.Line > 0 {
		pos += fmt.Sprintf(":%d", p.Line)
		if p.Col > 0 {
			pos += fmt.Sprintf(":%d", p.Col)
		}
	}
	if p.File == p.Page {
		return fmt.Sprintf("%s: %s", pos, p.Msg)
	}
	return fmt.Sprintf("%s: %s: %s", pos, p.Page, p.Msg)
}

// Source says where an output page comes from: its source file, the line
// to point at for the page as a whole, and for an href as it appears in
// the output, the position of the link in the source, when the build saw
// it there (links from layouts and sidebars have none).
type Source interface {
	Page(output string) (file string, line int, ok bool)
	Link(output, href string) (line, col int, ok bool)
}

// Options are what Site needs to know besides the files.
type Options struct {
	Base    string // the base path the site is built for; "/" when empty
	SiteURL string // the site's origin: absolute links to it are internal links
	Source  Source // may be nil: problems are then placed in output files
}

// Result is what Site found.
type Result struct {
	Problems []Problem
	Pages    int      // HTML files read
	Links    int      // internal links and assets checked
	External []string // distinct external http(s) URLs, sorted

	c        *checker
	linkedAt map[string]linkRef // external URL → its first link
}

// linkRef is a link of a page.
type linkRef struct {
	from string
	l    link
}

// page is what one HTML file holds.
type page struct {
	ids      map[string]bool
	links    []link
	redirect bool // a redirect stub (meta refresh): no page of its own
}

type link struct {
	value   string // the attribute as written
	line    int    // in the output file
	missing bool   // a link statusdocs left without href: its page does not exist
}

// Site checks files, the output of a build by name ("en-US/index.html").
func Site(files map[string][]byte, opts Options) *Result {
	base := "/" + strings.Trim(opts.Base, "/") + "/"
	if base == "//" {
		base = "/"
	}
	res := &Result{}
	pages := map[string]*page{}
	for name, data := range files {
		if strings.HasSuffix(name, ".html") {
			pages[name] = parse(data)
		}
	}
	res.Pages = len(pages)
	c := &checker{files: files, pages: pages, base: base, opts: opts, res: res, edges: map[string][]string{}}
	res.c, res.linkedAt = c, map[string]linkRef{}
	for _, name := range slices.Sorted(maps.Keys(pages)) {
		for _, l := range pages[name].links {
			if ext := c.link(name, l); ext != "" {
				if _, ok := res.linkedAt[ext]; !ok {
					res.linkedAt[ext] = linkRef{name, l}
				}
			}
		}
	}
	c.reachability()
	res.External = slices.Sorted(maps.Keys(res.linkedAt))
	res.sort()
	return res
}

// sort orders the problems by place and drops repeats.
func (r *Result) sort() {
	slices.SortFunc(r.Problems, func(a, b Problem) int {
		return cmp.Or(strings.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col),
			strings.Compare(a.Page, b.Page), strings.Compare(a.Msg, b.Msg))
	})
	r.Problems = slices.Compact(r.Problems)
}

// linkAttrs are the attributes that load or lead to a URL.
var linkAttrs = map[atom.Atom]atom.Atom{
	atom.A: atom.Href, atom.Link: atom.Href, atom.Area: atom.Href,
	atom.Script: atom.Src, atom.Img: atom.Src, atom.Source: atom.Src, atom.Iframe: atom.Src,
	atom.Video: atom.Src, atom.Audio: atom.Src, atom.Track: atom.Src, atom.Form: atom.Action,
}

// parse collects a page's ids and links, with the line of each link.
func parse(data []byte) *page {
	p := &page{ids: map[string]bool{}}
	z := html.NewTokenizer(bytes.NewReader(data))
	line := 1
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return p
		}
		start := line
		line += bytes.Count(z.Raw(), []byte("\n"))
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		t := z.Token()
		want := linkAttrs[t.DataAtom]
		var rel, equiv string
		for _, a := range t.Attr {
			switch {
			case a.Key == "id" || (t.DataAtom == atom.A && a.Key == "name"):
				p.ids[a.Val] = true
			case a.Key == "rel":
				rel = a.Val
			case a.Key == "http-equiv":
				equiv = strings.ToLower(a.Val)
			}
		}
		if t.DataAtom == atom.Meta && equiv == "refresh" {
			p.redirect = true
		}
		for _, a := range t.Attr {
			switch {
			case want != 0 && a.Key == want.String() && !(t.DataAtom == atom.Link && rel == "preconnect"):
				p.links = append(p.links, link{value: a.Val, line: start})
			case t.DataAtom == atom.A && a.Key == "data-href" && hasClass(t, "page-not-created"):
				p.links = append(p.links, link{value: a.Val, line: start, missing: true})
			}
		}
	}
}

func hasClass(t html.Token, class string) bool {
	for _, a := range t.Attr {
		if a.Key == "class" && slices.Contains(strings.Fields(a.Val), class) {
			return true
		}
	}
	return false
}

type checker struct {
	files map[string][]byte
	pages map[string]*page
	base  string
	opts  Options
	res   *Result
	edges map[string][]string // page → the pages it links to
}

// urlOf is the URL a file is served at.
func (c *checker) urlOf(name string) *url.URL {
	p := c.base + name
	if path.Base(name) == "index.html" {
		p = strings.TrimSuffix(p, "index.html")
	}
	return &url.URL{Path: p}
}

// link checks one link of a page; it returns an external URL to be checked
// with --external, or "".
func (c *checker) link(from string, l link) string {
	v := strings.TrimSpace(l.value)
	if l.missing {
		c.problem(from, l, "broken link: there is no page %s (the build marked it page-not-created)", v)
		return ""
	}
	if v == "" {
		return ""
	}
	if site := strings.TrimSuffix(c.opts.SiteURL, "/"); site != "" && strings.HasPrefix(v, site+"/") {
		v = strings.TrimPrefix(v, site) // canonical and hreflang links: pages of this site
	}
	u, err := url.Parse(v)
	if err != nil {
		c.problem(from, l, "malformed URL %q: %v", v, err)
		return ""
	}
	if u.Scheme != "" || u.Host != "" {
		if u.Scheme == "http" || u.Scheme == "https" || u.Scheme == "" {
			u.Fragment = ""
			if u.Scheme == "" {
				u.Scheme = "https"
			}
			return u.String()
		}
		return "" // mailto:, data: and the like
	}
	c.res.Links++
	ref := c.urlOf(from).ResolveReference(u)
	rel, ok := strings.CutPrefix(ref.Path, c.base)
	target := rel
	switch {
	case !ok && ref.Path+"/" == c.base:
		c.problem(from, l, "link to %s answers with a redirect: it needs a trailing slash (%s/)", ref.Path, ref.Path)
		target = "index.html"
	case !ok:
		c.problem(from, l, "link to %s is outside the base path %s", ref.Path, c.base)
		return ""
	case rel == "" || strings.HasSuffix(rel, "/"):
		target = rel + "index.html"
	case c.files[rel] == nil && c.files[rel+"/index.html"] != nil:
		c.problem(from, l, "link to %s answers with a redirect: it needs a trailing slash (%s/)", ref.Path, ref.Path)
		target = rel + "/index.html"
	}
	if _, ok := c.files[target]; !ok {
		c.problem(from, l, "broken link: nothing is served at %s", ref.Path)
		return ""
	}
	if tp := c.pages[target]; tp != nil {
		if target != from {
			c.edges[from] = append(c.edges[from], target)
		}
		if ref.Fragment != "" && !tp.ids[ref.Fragment] && !tp.redirect {
			c.problem(from, l, "missing anchor: %s has no id %q", ref.Path, ref.Fragment)
		}
	}
	return ""
}

// reachability reports the pages of each locale that no chain of links
// leads to from the locale's home page ({locale}/index.html).
func (c *checker) reachability() {
	homes := map[string]bool{}
	for name := range c.pages {
		if dir, rest, ok := strings.Cut(name, "/"); ok && rest == "index.html" {
			homes[dir] = true
		}
	}
	for _, loc := range slices.Sorted(maps.Keys(homes)) {
		seen := map[string]bool{loc + "/index.html": true}
		queue := []string{loc + "/index.html"}
		for len(queue) > 0 {
			p := queue[0]
			queue = queue[1:]
			for _, t := range c.edges[p] {
				if !seen[t] {
					seen[t] = true
					queue = append(queue, t)
				}
			}
		}
		for _, name := range slices.Sorted(maps.Keys(c.pages)) {
			if !strings.HasPrefix(name, loc+"/") || seen[name] || path.Base(name) == "404.html" || c.pages[name].redirect {
				continue
			}
			file, line := name, 0
			if c.opts.Source != nil {
				if f, l, ok := c.opts.Source.Page(name); ok {
					file, line = f, l
				}
			}
			c.res.Problems = append(c.res.Problems, Problem{File: file, Line: line, Page: name,
				Msg: fmt.Sprintf("unreachable: no chain of links leads here from %s", c.urlOf(loc+"/index.html").Path)})
		}
	}
}

// problem records a problem with a link, placed at the link in the source
// when the build saw it there, else at the page's source, else at the line
// of the output file.
func (c *checker) problem(from string, l link, format string, args ...any) {
	p := Problem{File: from, Line: l.line, Page: from, Msg: fmt.Sprintf(format, args...)}
	if c.opts.Source != nil {
		if file, line, ok := c.opts.Source.Page(from); ok {
			p.File, p.Line = file, line
			if line, col, ok := c.opts.Source.Link(from, l.value); ok {
				p.Line, p.Col = line, col
			} else {
				p.Msg += " (the link is not in the page's text: it comes from the layouts or a sidebar)"
			}
		}
	}
	c.res.Problems = append(c.res.Problems, p)
}
