package build

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"net/url"
	"slices"
	"strings"
	"text/tabwriter"

	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
	"statusdocs/generator/internal/plural"
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
	if r.Cache != "" {
		fmt.Fprintln(w, r.Cache)
	}
	fmt.Fprintf(w, "%s, %s, %s, %s, %d info in %d ms\n",
		plural.Count(total, "page", "pages"), plural.Count(r.Files, "file", "files"),
		plural.Count(flaw.Count(r.Flaws, flaw.Error), "error", "errors"), plural.Count(flaw.Count(r.Flaws, flaw.Warning), "warning", "warnings"),
		flaw.Count(r.Flaws, flaw.Info)+counted, r.Duration.Milliseconds())
}

// InfoByKind counts the info flaws by kind, the listed and the counted
// (Config.CountInfo) alike.
func (r *Result) InfoByKind() map[string]int {
	n := map[string]int{}
	for _, f := range r.Flaws {
		if f.Severity == flaw.Info {
			n[f.Kind] += f.Count()
		}
	}
	for _, byKind := range r.Counted {
		for k, c := range byKind {
			n[k] += c
		}
	}
	return n
}

// InfoNote explains the info count of the summary: how many of each kind,
// the most frequent first, and what the kind is. It is "" without info
// flaws.
func (r *Result) InfoNote() string {
	counts := r.InfoByKind()
	var parts []string
	total := 0
	for _, k := range byCount(counts) {
		total += counts[k]
		part := fmt.Sprintf("%d %s", counts[k], k)
		if about := aboutInfo(k); about != "" {
			part += " (" + about + ")"
		}
		parts = append(parts, part)
	}
	if total == 0 {
		return ""
	}
	return fmt.Sprintf("%d info, not problems: %s", total, strings.Join(parts, ", "))
}

// aboutInfo says what the flaws of an info kind are.
func aboutInfo(kind string) string {
	switch kind {
	case flaw.OutsideSite:
		return "links to pages outside the site, which go to the external base"
	case flaw.OutdatedTranslation:
		return "translations behind their en-US page"
	}
	return ""
}

// WriteInfo lists the info flaws by kind, the most frequent first: a line
// with the kind and its count, then the first examples of them. A build
// of MDN's pages has thousands of links outside the site, too many to read
// one a line.
func (r *Result) WriteInfo(w io.Writer, examples int) {
	counts := r.InfoByKind()
	listed := map[string][]flaw.Flaw{}
	for _, f := range r.Flaws {
		if f.Severity == flaw.Info {
			listed[f.Kind] = append(listed[f.Kind], f)
		}
	}
	for _, k := range byCount(counts) {
		list := listed[k]
		fmt.Fprintf(w, "info: %s: %d", k, counts[k])
		if len(list) > examples {
			fmt.Fprintf(w, ", the first %d:", examples)
			list = list[:examples]
		}
		fmt.Fprintln(w)
		for _, f := range list {
			fmt.Fprintf(w, "  %s\n", f)
		}
	}
}

// byCount lists the kinds of counts, the largest count first, then by
// name.
func byCount(counts map[string]int) []string {
	kinds := slices.Collect(maps.Keys(counts))
	slices.SortFunc(kinds, func(a, b string) int {
		return cmp.Or(cmp.Compare(counts[b], counts[a]), strings.Compare(a, b))
	})
	return kinds
}

// localeOf finds the locale of a content file from its path, "-" for files
// outside locale folders.
func (r *Result) localeOf(file string) string {
	if folder := r.lastLocale[0]; folder != "" && strings.HasPrefix(file, folder) {
		return r.lastLocale[1]
	}
	for _, root := range r.roots {
		rest, ok := strings.CutPrefix(file, root)
		if !ok || !strings.HasPrefix(rest, "/") {
			continue
		}
		rest = rest[1:]
		seg, _, _ := strings.Cut(rest, "/")
		if loc, ok := content.Locale(seg); ok {
			if len(r.roots) == 1 && len(seg) < len(rest) { // with one root, every file below the folder has its locale
				r.lastLocale = [2]string{file[:len(file)-len(rest)+len(seg)+1], loc}
			}
			return loc
		}
	}
	return "-"
}

// count adds the info flaws a page's file had counted.
func (r *Result) count(file string, byKind flaw.Counts) {
	if len(byKind) == 0 {
		return
	}
	loc := r.localeOf(file)
	counted := r.Counted[loc]
	if counted == nil {
		counted = map[string]int{}
		r.Counted[loc] = counted
	}
	for _, c := range byKind {
		counted[c.Kind] += c.N
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
