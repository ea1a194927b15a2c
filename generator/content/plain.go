package content

import (
	"io/fs"
	"path"
	"statusdocs/generator/flaw"
	"strings"
)

// Plain markdown
//
// A root with markdown files at its top level and no top-level folder that
// is a locale is a plain-markdown collection (a GitHub repository of notes,
// say) and is read as one locale: Root.Locale, en-US when empty. Its
// sidebars/ and jsondata/ folders are read as in any root; every other .md
// file below it is a page, and its _redirects.txt is that locale's. A page
// of such a root may have front matter, but usually has none: then its
// title is its first H1 and its slug its path without ".md", keeping the
// path's case ("HTTPStatusCode/4xx/Code_404.md" → "HTTPStatusCode/4xx/Code_404").
// A folder's README.md or index.md (in any case) stands for the folder;
// the root's own keeps its name as slug ("README"), since a page needs a
// folder of its own, and the home page lists it first.

// plainRoot reports whether a root, whose top-level entries are top, is a
// plain-markdown collection.
func plainRoot(r Root, top []fs.DirEntry) bool {
	md := false
	for _, e := range top {
		name := e.Name()
		switch {
		case strings.HasPrefix(name, "."), name == "sidebars", name == "jsondata":
		case e.IsDir():
			if _, ok := Locale(name); ok {
				return false
			}
		case strings.HasSuffix(name, ".md"):
			md = true
		}
	}
	return md
}

// walkPlain lists the pages of a plain-markdown root and reads its
// sidebars and spec data.
func (c *Content) walkPlain(i int, r Root, top []fs.DirEntry, seq *int64, files chan<- file) {
	for _, e := range top { // folders, not a pipe or a link of that name (which the walk reports)
		switch name := e.Name(); {
		case !e.IsDir():
		case name == "sidebars":
			c.readSidebars(r)
		case name == "jsondata":
			c.readSpecData(r)
		}
	}
	locale := SourceLocale
	if r.Locale != "" {
		locale = r.Locale
	}
	c.walkLocale(i, r, ".", locale, seq, files)
}

// ParsePlain reads one page of a plain-markdown root, as Parse does, with
// p its path inside that root (no locale folder); see "Plain markdown".
func ParsePlain(file, p, locale string, data []byte) (*Page, []flaw.Flaw) {
	pg, flaws := parse(file, p, plainFolder(p), locale, data)
	if pg != nil {
		pg.Plain = true
	}
	return pg, flaws
}

// plainFolder is the page folder of a path of a plain-markdown root:
// "a/b.md" → "a/b", "a/README.md" → "a", "README.md" → "README".
func plainFolder(p string) string {
	dir, name := path.Split(strings.TrimSuffix(p, ".md"))
	if dir != "" && (strings.EqualFold(name, "readme") || strings.EqualFold(name, "index")) {
		return strings.TrimSuffix(dir, "/")
	}
	return path.Join(dir, name)
}
