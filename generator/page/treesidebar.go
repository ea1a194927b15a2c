package page

import (
	"cmp"
	"fmt"
	"maps"
	"path"
	"slices"

	"gopkg.in/yaml.v3"

	"statusdocs/generator/content"
	"statusdocs/generator/site"
)

// The folder-tree sidebar
//
// A page of a plain-markdown root (content's "Plain markdown") that names
// no sidebar gets one made from the folders of those roots: the root's
// pages first, then each folder as a group, collapsed unless it holds the
// current page, linked to the folder's own page (its README.md or
// index.md) when it has one and else titled with the folder's name; in a
// folder its pages, then its subfolders, by slug. It is written as a
// sidebar file in MDN's format, so it is built once per locale and its
// links follow the same rules as any sidebar's (a page's translation when
// the locale has one).

// treeSidebar names the folder-tree sidebar among the sidebar files; no
// file name has a "/", so no sidebars/*.yaml can take it.
const treeSidebar = "/folder-tree"

// SidebarName is the sidebar a page shows, given what its body asked for
// (Rendered.Sidebar): its front matter's, else its body's, else, for a
// page of a plain-markdown root, the folder tree; "" for none.
func (s *Renderer) SidebarName(p *site.Page, fromBody string) string {
	name := cmp.Or(p.Meta.Sidebar, fromBody)
	if name == "" && p.Page.Plain {
		if _, ok := s.sidebarFiles[treeSidebar]; ok {
			return treeSidebar
		}
	}
	return name
}

// treeEntry is an entry of the folder tree, as a sidebar file writes it.
type treeEntry struct {
	Title    string `yaml:"title,omitempty"`
	Link     string `yaml:"link,omitempty"`
	Details  string `yaml:"details,omitempty"`
	Children []any  `yaml:"children,omitempty"`
}

// withTree returns files with the folder-tree sidebar of the site's plain
// pages added, or files itself when it has none.
func withTree(files map[string]content.File, pages []*site.Page) map[string]content.File {
	slugs := map[string]bool{}
	for _, p := range pages {
		if p.Page.Plain {
			slugs[p.Slug] = true
		}
	}
	if len(slugs) == 0 {
		return files
	}
	budget := treeBudget
	data, err := yaml.Marshal(map[string]any{"sidebar": newTree(slugs).entries(".", &budget)})
	if err != nil {
		return files // strings and lists only: cannot happen
	}
	files = maps.Clone(files)
	if files == nil {
		files = map[string]content.File{}
	}
	files[treeSidebar] = content.File{File: "(folder tree)", Data: data}
	return files
}

// tree is the folders of a set of slugs: what each folder holds.
type tree struct {
	pages   map[string][]string        // folder → slugs directly in it
	folders map[string]map[string]bool // folder → its subfolders with pages below
	slugs   map[string]bool
}

func newTree(slugs map[string]bool) *tree {
	t := &tree{pages: map[string][]string{}, folders: map[string]map[string]bool{}, slugs: slugs}
	for slug := range slugs {
		dir := path.Dir(slug)
		t.pages[dir] = append(t.pages[dir], slug)
		for d := dir; d != "."; d = path.Dir(d) {
			up := path.Dir(d)
			if t.folders[up] == nil {
				t.folders[up] = map[string]bool{}
			}
			t.folders[up][d] = true
		}
	}
	return t
}

// treeBudget bounds the entries of the folder tree. Every page shows the
// whole tree, so a tree of every page of a large collection would make the
// site's size grow as the square of its pages (3,000 notes made 540 MB);
// past the budget a folder lists "N more" instead, and the home page,
// which lists every page, still reaches them all.
const treeBudget = 300

// entries lists a folder's pages (but those that are a subfolder's own
// page), then its subfolders as groups, spending one of *budget on each.
func (t *tree) entries(folder string, budget *int) []any {
	var out []any
	var pages []string
	for _, slug := range slices.Sorted(slices.Values(t.pages[folder])) {
		if !t.folders[folder][slug] {
			pages = append(pages, slug)
		}
	}
	subs := slices.Sorted(maps.Keys(t.folders[folder]))
	for i, slug := range pages {
		if *budget <= 0 {
			out = append(out, t.more(folder, len(pages)-i, slug))
			break
		}
		*budget--
		out = append(out, "/"+slug)
	}
	for i, sub := range subs {
		if *budget <= 0 {
			out = append(out, t.more(folder, len(subs)-i, t.firstPage(sub)))
			break
		}
		*budget--
		g := treeEntry{Details: "closed", Children: t.entries(sub, budget)}
		if t.slugs[sub] {
			g.Link = "/" + sub
		} else {
			g.Title = path.Base(sub)
		}
		out = append(out, g)
	}
	return out
}

// firstPage is a page in or below folder: its own, or the first there.
func (t *tree) firstPage(folder string) string {
	if t.slugs[folder] {
		return folder
	}
	if pages := slices.Sorted(slices.Values(t.pages[folder])); len(pages) > 0 {
		return pages[0]
	}
	for _, sub := range slices.Sorted(maps.Keys(t.folders[folder])) {
		return t.firstPage(sub)
	}
	return ""
}

// more is the entry that stands for n entries of a folder past the
// budget, the first of them first: a link to the folder's own page when
// it has one, else to that first one.
func (t *tree) more(folder string, n int, first string) treeEntry {
	link := first
	if t.slugs[folder] {
		link = folder
	}
	return treeEntry{Title: fmt.Sprintf("… %d more", n), Link: "/" + link}
}
