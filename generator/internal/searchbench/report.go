package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// report prints one row per locale (and one for all): the queries, and
// for each engine the queries whose right page is in the top three and
// the median and largest first query in KB, gzipped (stored in brackets).
func report(w io.Writer, engines []engine, qs []query, res [][]result, verbose bool) {
	if verbose {
		reportQueries(w, engines, qs, res)
	}
	head := "| locale | queries |"
	rule := "|---|---:|"
	for _, e := range engines {
		head += fmt.Sprintf(" %s top 3 | %s first query KB, median / max |", e.name, e.name)
		rule += "---:|---:|"
	}
	fmt.Fprintln(w, head)
	fmt.Fprintln(w, rule)
	var locales []string
	for _, q := range qs {
		if !slices.Contains(locales, q.Locale) {
			locales = append(locales, q.Locale)
		}
	}
	for _, l := range append(locales, "all") {
		fmt.Fprintln(w, row(l, engines, qs, res))
	}
	fmt.Fprintln(w, "\nKB: gzipped, as a host that compresses sends it (as stored in brackets); every file the engine fetched, script and wasm included.")
}

func row(locale string, engines []engine, qs []query, res [][]result) string {
	var picked []int
	for i, q := range qs {
		if locale == "all" || q.Locale == locale {
			picked = append(picked, i)
		}
	}
	s := fmt.Sprintf("| %s | %d |", locale, len(picked))
	for e := range engines {
		var hits int
		var raw, gz []int
		for _, i := range picked {
			r := res[i][e]
			if r.rank > 0 && r.rank <= 3 {
				hits++
			}
			raw, gz = append(raw, r.raw), append(gz, r.gz)
		}
		s += fmt.Sprintf(" %d | %s / %s (%s / %s) |", hits, kb(median(gz)), kb(slices.Max(gz)), kb(median(raw)), kb(slices.Max(raw)))
	}
	return s
}

func median(v []int) int {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func kb(n int) string { return fmt.Sprintf("%.0f", float64(n)/1000) }

// reportQueries prints each query with each engine's rank of the right
// page (or miss), its first-query KB and the files it fetched, and on a
// miss the results it gave.
func reportQueries(w io.Writer, engines []engine, qs []query, res [][]result) {
	for i, q := range qs {
		fmt.Fprintf(w, "%s %q (want %s)\n", q.Locale, q.Text, strings.Join(q.Want, ", "))
		for e, eng := range engines {
			r := res[i][e]
			verdict := "miss"
			if r.rank > 0 && r.rank <= 3 {
				verdict = fmt.Sprintf("#%d", r.rank)
			}
			fmt.Fprintf(w, "  %-10s %-4s %4s KB gzip, %d files", eng.name, verdict, kb(r.gz), len(r.files))
			if verdict == "miss" {
				fmt.Fprintf(w, "  got %s", shortURLs(r.urls))
			}
			fmt.Fprintln(w)
			fmt.Fprintf(w, "             fetched %s\n", strings.Join(r.files, " "))
		}
	}
	fmt.Fprintln(w)
}

// shortURLs names each result by what follows docs/, enough to tell
// pages apart.
func shortURLs(urls []string) string {
	if len(urls) == 0 {
		return "nothing"
	}
	short := make([]string, len(urls))
	for i, u := range urls {
		if _, after, ok := strings.Cut(u, "/Reference/Status/"); ok {
			u = after
		}
		short[i] = u
	}
	return strings.Join(short, " ")
}
