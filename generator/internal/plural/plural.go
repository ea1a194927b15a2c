// Package plural writes counts in the command's English messages: "1 page",
// "2 pages", "0 pages".
package plural

import "strconv"

// Count is n with the noun in the form its number takes.
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
