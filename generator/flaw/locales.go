package flaw

import (
	"regexp"
	"slices"
	"strings"
)

// localeDocs is the locale of a docs URL in a message or suggestion:
// "/zh-TW/docs/".
var localeDocs = regexp.MustCompile(`/([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)/docs/`)

// MergeLocales gives once what was found at one place for several
// locales: a sidebar file is checked in every locale it is shown in, so
// one broken #fragment in it was as many flaws as locales. Flaws of the
// same kind and place whose message and suggestion differ only in the
// locale of their docs URLs become the first of them, its message ending
// with the others' locales: "… in /de/docs/A/ (also in /en-US/, /fr/)";
// the same flaw twice is given once.
// flaws must be sorted (Sort); the result is.
func MergeLocales(flaws []Flaw) []Flaw {
	if !anySamePlace(flaws) { // most often: nothing to merge, nothing to copy
		return flaws
	}
	out := make([]Flaw, 0, len(flaws))
	for start := 0; start < len(flaws); {
		end := start + 1
		for end < len(flaws) && samePlace(flaws[start], flaws[end]) {
			end++
		}
		out = append(out, mergeRun(flaws[start:end])...)
		start = end
	}
	return out
}

// anySamePlace reports whether two flaws in a row are of the same place
// and kind.
func anySamePlace(flaws []Flaw) bool {
	for i := 1; i < len(flaws); i++ {
		if samePlace(flaws[i-1], flaws[i]) {
			return true
		}
	}
	return false
}

func samePlace(a, b Flaw) bool {
	return a.File == b.File && a.Line == b.Line && a.Col == b.Col && a.Kind == b.Kind
}

// mergeRun merges the flaws of one place and kind.
func mergeRun(run []Flaw) []Flaw {
	if len(run) == 1 {
		return run
	}
	var out []Flaw
	also := map[int][]string{} // index in out → the other locales
	at := map[string]int{}     // the flaw without its locales → index in out
	for _, f := range run {
		locales := localeDocs.FindAllStringSubmatch(f.Message+" "+f.Suggestion, -1)
		key := f.Severity.String() + "\x00" + localeDocs.ReplaceAllString(f.Message, "/*/docs/") + "\x00" + localeDocs.ReplaceAllString(f.Suggestion, "/*/docs/")
		i, seen := at[key]
		switch {
		case !seen:
			at[key] = len(out)
			out = append(out, f)
		case len(locales) > 0:
			also[i] = append(also[i], "/"+locales[0][1]+"/")
		} // else the same flaw again: once is enough
	}
	for i, ls := range also {
		ls = slices.Compact(ls)
		out[i].Message += " (also in " + strings.Join(ls, ", ") + ")"
	}
	return out
}
