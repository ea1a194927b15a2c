package page

import (
	"fmt"
	"strings"
	"testing"
)

// TestTreeBudget checks that the folder tree of a large collection stays
// within its budget, whatever its shape, and that each "N more" entry
// links to a page of the collection.
func TestTreeBudget(t *testing.T) {
	for _, shape := range []struct{ folders, pages, depth int }{{30, 100, 1}, {3000, 1, 1}, {1, 3000, 1}, {50, 20, 4}, {3, 3, 1}} {
		slugs := map[string]bool{}
		for f := range shape.folders {
			dir := strings.Repeat(fmt.Sprintf("d%d/", f), shape.depth)
			for p := range shape.pages {
				slugs[fmt.Sprintf("%sP%d", dir, p)] = true
			}
		}
		budget := treeBudget
		entries := newTree(slugs).entries(".", &budget)
		var count, more int
		var walk func([]any)
		walk = func(es []any) {
			for _, e := range es {
				count++
				g, ok := e.(treeEntry)
				if !ok {
					continue
				}
				if strings.Contains(g.Title, "more") {
					more++
					if !slugs[strings.TrimPrefix(g.Link, "/")] {
						t.Errorf("%+v: %q links to %q, no page", shape, g.Title, g.Link)
					}
				}
				walk(g.Children)
			}
		}
		walk(entries)
		total := shape.folders * shape.pages
		if count > treeBudget+more || count > total+shape.folders*shape.depth {
			t.Errorf("%+v: %d entries (%d of them more-entries), budget %d", shape, count, more, treeBudget)
		}
		if total <= treeBudget/2 && more > 0 {
			t.Errorf("%+v: a small tree has more-entries", shape)
		}
	}
}
