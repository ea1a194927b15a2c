package flaw

import (
	"slices"
	"strings"
)

// Counts are how many flaws of each kind a page had, of the kinds it
// counts rather than keeps (info flaws, unless asked for), in order of
// kind. A site has one for each of its pages: a short list costs a tenth
// of a map (20 MB less at 100,000 pages).
type Counts []KindCount

// KindCount is how many flaws of a kind.
type KindCount struct {
	Kind string
	N    int
}

// Add adds n flaws of kind to c and returns it.
func (c Counts) Add(kind string, n int) Counts {
	i, found := slices.BinarySearchFunc(c, kind, func(x KindCount, kind string) int { return strings.Compare(x.Kind, kind) })
	if found {
		c[i].N += n
		return c
	}
	return slices.Insert(c, i, KindCount{kind, n})
}
