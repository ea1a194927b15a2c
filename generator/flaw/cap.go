package flaw

import "fmt"

// MaxPerKind is how many flaws of one kind a file lists: a page of a
// hundred thousand broken links gets fifty, then one flaw saying how many
// more there are, not a report of tens of megabytes.
const MaxPerKind = 50

// Cap lists at most limit flaws of each kind and file, keeping their order;
// the rest of a kind and file become one flaw, at the first of them,
// saying how many there are ("and 9950 more …"), whose More counts them.
// Flaws that stand for others are merged, not listed, so capping capped
// flaws again changes nothing.
func Cap(flaws []Flaw, limit int) []Flaw {
	if len(flaws) <= limit || fewPerFile(flaws, limit) {
		return flaws
	}
	listed := map[capKey]int{}
	rest := map[capKey]int{} // index in out of the flaw standing for the rest
	out := make([]Flaw, 0, len(flaws))
	for _, f := range flaws {
		k := capKey{f.File, f.Kind}
		if f.More == 0 && listed[k] < limit {
			listed[k]++
			out = append(out, f)
			continue
		}
		if i, ok := rest[k]; ok {
			out[i].More += f.Count()
			continue
		}
		rest[k] = len(out)
		f.More, f.Suggestion = f.Count(), ""
		out = append(out, f)
	}
	for _, i := range rest {
		f := &out[i]
		f.Message = fmt.Sprintf("and %d more %s flaws in this file, not listed", f.More, f.Kind)
	}
	return out
}

// fewPerFile reports whether flaws, sorted by file, have at most limit of
// any file, none standing for others: then Cap has nothing to do, which
// it finds without a map (a build's thousands of flaws are most often so).
func fewPerFile(flaws []Flaw, limit int) bool {
	run := 0
	for i, f := range flaws {
		if f.More != 0 {
			return false
		}
		switch {
		case i == 0 || f.File != flaws[i-1].File:
			if i > 0 && f.File < flaws[i-1].File { // not sorted: a file may come again
				return false
			}
			run = 1
		default:
			if run++; run > limit {
				return false
			}
		}
	}
	return true
}

// Count is how many flaws f stands for: its More, or 1.
func (f Flaw) Count() int { return max(f.More, 1) }

// List gathers flaws as they are found, capped as Cap caps them, for a
// stage that may find a hundred thousand: past MaxPerKind flaws of a kind
// and file, a flaw is only counted into the one that stands for the rest,
// and make, which builds its message and position, is not called. Its
// zero value is empty and ready.
type List struct {
	Flaws []Flaw
	n     map[capKey]int // flaws found, by kind and file
	rest  map[capKey]int // index in Flaws of the flaw standing for the rest
}

type capKey struct{ file, kind string }

// Add adds the flaw make returns, or counts it.
func (l *List) Add(file, kind string, make func() Flaw) {
	if l.n == nil {
		l.n, l.rest = map[capKey]int{}, map[capKey]int{}
	}
	k := capKey{file, kind}
	if l.n[k]++; l.n[k] <= MaxPerKind {
		l.Flaws = append(l.Flaws, make())
		return
	}
	if i, ok := l.rest[k]; ok {
		l.Flaws[i].More++
		return
	}
	f := make()
	f.More, f.Suggestion = 1, ""
	l.rest[k] = len(l.Flaws)
	l.Flaws = append(l.Flaws, f)
}
