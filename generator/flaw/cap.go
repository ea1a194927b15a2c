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
	if len(flaws) <= limit {
		return flaws
	}
	type key struct{ file, kind string }
	listed := map[key]int{}
	rest := map[key]int{} // index in out of the flaw standing for the rest
	out := make([]Flaw, 0, len(flaws))
	for _, f := range flaws {
		k := key{f.File, f.Kind}
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

// Count is how many flaws f stands for: its More, or 1.
func (f Flaw) Count() int { return max(f.More, 1) }
