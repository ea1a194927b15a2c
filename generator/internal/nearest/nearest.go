// Package nearest finds the name that a mistyped one probably meant: the
// candidate at the smallest edit distance, within a bound. It serves the
// "did you mean" of flags, front matter keys, #fragments and slugs.
package nearest

import (
	"iter"
	"unicode/utf8"

	"github.com/hbollon/go-edlib"
)

// MaxLen is the longest name, in characters, that is compared: the cost of
// a distance is the product of the lengths, and a hostile page's fragment
// may be a megabyte long.
const MaxLen = 256

// Distance is the number of characters to insert, delete or replace, or of
// neighbours to swap, that turn a into b ("contnet" is 1 from "content").
func Distance(a, b string) int { return edlib.OSADamerauLevenshteinDistance(a, b) }

// Find is the candidate nearest to want, at a distance below limit; ""
// when none is that near. Of candidates as near, the first in byte order
// wins, so that the answer does not depend on the order of a map.
func Find(want string, candidates iter.Seq[string], limit int) string {
	n := utf8.RuneCountInString(want)
	if n > MaxLen {
		return ""
	}
	best, bestDist := "", limit
	for c := range candidates {
		m := utf8.RuneCountInString(c)
		if c == want || m > MaxLen || abs(m-n) > bestDist {
			continue
		}
		if d := Distance(want, c); d < bestDist || d == bestDist && c < best {
			best, bestDist = c, d
		}
	}
	return best
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
