package page

import (
	"net/url"
	"path"
	"strings"

	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
	"statusdocs/generator/macro"
	"statusdocs/generator/site"
)

// bundleLink resolves a relative link to a file of a page's bundle (see
// content's Page bundles): rel is read against the folder of the page's
// file, as a markdown editor previews it. The file is looked for beside
// the page that owns that folder, then, for a translation, beside its
// English page, and the link points to where it is published:
// {owner's URL}{name}. So a translation without its own copy of an image,
// and an English fallback page in any locale, show the English page's
// file, which is published once. ok is false for a relative link that is
// no file's: image says every relative src is one; a link is one when it
// ends in a file extension (content.FileExt) and leads into the folder of
// a page.
func (r *render) bundleLink(rel, query, frag string, off int, image bool) (l macro.Link, ok bool) {
	name := path.Base(rel)
	if !image && (strings.HasSuffix(rel, "/") || !fileExt(name)) {
		return macro.Link{}, false
	}
	dir := path.Dir(path.Join(path.Dir(r.page.Path), rel))
	owner := r.site.ByFile(r.page.Root, dir+"/index.md")
	if owner == nil && !image {
		return macro.Link{}, false // not into a page's folder: a URL
	}
	for _, p := range candidates(owner) {
		if f, found := p.FindFile(name); found && !f.Refused {
			return macro.Link{Href: p.URL + url.PathEscape(name) + withQuery(query) + withFrag(frag)}, true
		} else if found {
			r.flaw(flaw.BrokenLink, off, "link to %q: the file is not published (see its unsafe-file error)", truncate(rel))
			r.noteHref(rel, off)
			return noFile(rel, image), true
		}
	}
	r.flaw(flaw.BrokenLink, off, "link to %q: no such file beside the page", truncate(rel))
	r.noteHref(rel, off)
	return noFile(rel, image), true
}

// noFile is a link to a file that is not published: an image keeps its
// source as written (the browser shows its alt text), a link keeps its
// text, marked as going nowhere.
func noFile(rel string, image bool) macro.Link {
	if image {
		return macro.Link{Href: rel}
	}
	return macro.Link{Attrs: ` class="page-not-created" data-href="` + attrEscape(rel) + `"`}
}

// candidates are the pages whose bundles a link into owner's folder may
// find its file in: owner, then its English page.
func candidates(owner *site.Page) []*site.Page {
	switch {
	case owner == nil:
		return nil
	case owner.Source != nil:
		return []*site.Page{owner, owner.Source}
	}
	return []*site.Page{owner}
}

// fileExt reports a name that ends in an extension of a file a page may
// have beside it.
func fileExt(name string) bool {
	ext := path.Ext(name)
	return ext != "" && content.FileExt(ext)
}

func withQuery(q string) string {
	if q == "" {
		return ""
	}
	return "?" + q
}
