package page

import (
	"slices"
	"strings"
)

// IDs are the ids of a rendered page's elements, sorted, as a build keeps
// them to check the fragments of links to the page: a sorted list takes a
// third of the memory of a set, and a site of 100,000 pages keeps one for
// each. A nil IDs is a page whose ids are not known, which no fragment is
// checked against.
type IDs []string

// NewIDs are the ids of set, copied into one string: the page's own
// strings are then garbage. It is never nil.
func NewIDs(set map[string]bool) IDs {
	ids := make(IDs, 0, len(set)) // exactly: a site keeps one for each page
	for id := range set {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	all, at := strings.Join(ids, ""), 0
	for i, id := range ids {
		ids[i] = all[at : at+len(id)]
		at += len(id)
	}
	return ids
}

// Has reports whether id is one of the page's ids.
func (ids IDs) Has(id string) bool {
	_, ok := slices.BinarySearch(ids, id)
	return ok
}
