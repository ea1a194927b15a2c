package page

import (
	"iter"
	"maps"
	"slices"
	"strings"
)

// IDs are the ids of a rendered page's elements, as a build keeps them to
// check the fragments of links to the page: sorted, in one string, with
// where each ends. A site of 100,000 pages keeps one for each page, and a
// string for each id would cost 13 MB more, and the collector a pointer
// for each to follow. The zero IDs are those of a page whose ids are not
// known, which no fragment is checked against.
type IDs struct {
	all  string
	ends []uint32 // where each id ends in all; nil when not known
}

// NewIDs are the ids of set: known, even when there are none.
func NewIDs(set map[string]bool) IDs { return sortedIDs(slices.Sorted(maps.Keys(set))) }

// IDsOf are ids, in any order, repeats and all: known.
func IDsOf(ids []string) IDs {
	sorted := slices.Sorted(slices.Values(ids))
	return sortedIDs(slices.Compact(sorted))
}

func sortedIDs(sorted []string) IDs {
	size := 0
	for _, id := range sorted {
		size += len(id)
	}
	var b strings.Builder
	b.Grow(size)
	ends := make([]uint32, 0, len(sorted)) // not nil: known
	for _, id := range sorted {
		b.WriteString(id)
		ends = append(ends, uint32(b.Len()))
	}
	return IDs{all: b.String(), ends: ends}
}

// Known reports whether these are a page's ids, not the zero IDs.
func (ids IDs) Known() bool { return ids.ends != nil }

// Len is the number of ids.
func (ids IDs) Len() int { return len(ids.ends) }

// at is id i.
func (ids IDs) at(i int) string {
	start := uint32(0)
	if i > 0 {
		start = ids.ends[i-1]
	}
	return ids.all[start:ids.ends[i]]
}

// Has reports whether id is one of the page's ids.
func (ids IDs) Has(id string) bool {
	i, j := 0, len(ids.ends)
	for i < j {
		h := int(uint(i+j) >> 1)
		if ids.at(h) < id {
			i = h + 1
		} else {
			j = h
		}
	}
	return i < len(ids.ends) && ids.at(i) == id
}

// All yields the ids in order.
func (ids IDs) All() iter.Seq[string] {
	return func(yield func(string) bool) {
		for i := range ids.ends {
			if !yield(ids.at(i)) {
				return
			}
		}
	}
}
