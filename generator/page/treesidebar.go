package page

import (
	"cmp"
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
	data, err := yaml.Marshal(map[string]any{"sidebar": newTree(slugs).entries(".")})
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

// entries lists a folder's pages (but those that are a subfolder's own
// page), then its subfolders as groups.
func (t *tree) entries(folder string) []any {
	var out []any
	pages := slices.Sorted(slices.Values(t.pages[folder]))
	for _, slug := range pages {
		if !t.folders[folder][slug] {
			out = append(out, "/"+slug)
		}
	}
	for _, sub := range slices.Sorted(maps.Keys(t.folders[folder])) {
		g := treeEntry{Details: "closed", Children: t.entries(sub)}
		if t.slugs[sub] {
			g.Link = "/" + sub
		} else {
			g.Title = path.Base(sub)
		}
		out = append(out, g)
	}
	return out
}
