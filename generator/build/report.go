package build

import (
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"text/tabwriter"

	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
)

// Summary writes a table per locale: pages written, then flaws by kind, and
// a closing line with totals and time.
func (r *Result) Summary(w io.Writer) {
	byLocale := map[string]map[string]int{}
	var kinds []string
	for _, f := range r.Flaws {
		loc := r.localeOf(f.File)
		if byLocale[loc] == nil {
			byLocale[loc] = map[string]int{}
		}
		byLocale[loc][f.Kind] += f.Count()
		if !slices.Contains(kinds, f.Kind) {
			kinds = append(kinds, f.Kind)
		}
	}
	counted := 0
	for loc, byKind := range r.Counted {
		if byLocale[loc] == nil {
			byLocale[loc] = map[string]int{}
		}
		for k, n := range byKind {
			byLocale[loc][k] += n
			counted += n
			if !slices.Contains(kinds, k) {
				kinds = append(kinds, k)
			}
		}
	}
	slices.Sort(kinds)
	var locales []string
	for l := range r.Pages {
		locales = append(locales, l)
	}
	for l := range byLocale {
		if !slices.Contains(locales, l) {
			locales = append(locales, l)
		}
	}
	slices.Sort(locales)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "locale\tpages\tfallbacks\t%s\t\n", strings.Join(kinds, "\t"))
	total := 0
	for _, l := range locales {
		fmt.Fprintf(tw, "%s\t%d\t%d\t", l, r.Pages[l], r.Fallbacks[l])
		total += r.Pages[l]
		for _, k := range kinds {
			fmt.Fprintf(tw, "%d\t", byLocale[l][k])
		}
		fmt.Fprintln(tw)
	}
	_ = tw.Flush()
	fmt.Fprintf(w, "%d pages, %d files, %d errors, %d warnings, %d info in %d ms\n",
		total, r.Files, flaw.Count(r.Flaws, flaw.Error), flaw.Count(r.Flaws, flaw.Warning),
		flaw.Count(r.Flaws, flaw.Info)+counted, r.Duration.Milliseconds())
}

// localeOf finds the locale of a content file from its path, "-" for files
// outside locale folders.
func (r *Result) localeOf(file string) string {
	for _, root := range r.roots {
		rest, ok := strings.CutPrefix(file, root+"/")
		if !ok {
			continue
		}
		seg, _, _ := strings.Cut(rest, "/")
		if loc, ok := content.Locale(seg); ok {
			return loc
		}
	}
	return "-"
}

// count adds the info flaws a page's file had counted.
func (r *Result) count(file string, byKind map[string]int) {
	if len(byKind) == 0 {
		return
	}
	loc := r.localeOf(file)
	if r.Counted[loc] == nil {
		r.Counted[loc] = map[string]int{}
	}
	for k, n := range byKind {
		r.Counted[loc][k] += n
	}
}

// Sources maps output pages to where they come from (Config.RecordLinks);
// it is what statusdocs check needs to place a problem in the source.
type Sources map[string]*PageSource

// PageSource is the source of one output page.
type PageSource struct {
	File  string // the markdown file
	Line  int    // the line of its slug
	links map[string][2]int
}

// Page implements check.Source.
func (s Sources) Page(output string) (string, int, bool) {
	if p := s[output]; p != nil {
		return p.File, max(p.Line, 1), true
	}
	return "", 0, false
}

// Link implements check.Source: the position of the first link of the page
// to href, as the output writes it (escaped or not).
func (s Sources) Link(output, href string) (int, int, bool) {
	p := s[output]
	if p == nil {
		return 0, 0, false
	}
	if pos, ok := p.links[href]; ok {
		return pos[0], pos[1], true
	}
	want, err := url.PathUnescape(href)
	if err != nil {
		return 0, 0, false
	}
	var best [2]int
	found := false
	for h, pos := range p.links {
		if u, err := url.PathUnescape(h); err == nil && u == want && (!found || pos[0] < best[0] || pos[0] == best[0] && pos[1] < best[1]) {
			best, found = pos, true // the first in the text, whatever the map's order
		}
	}
	return best[0], best[1], found
}
