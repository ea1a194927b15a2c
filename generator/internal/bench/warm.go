package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"statusdocs/generator/output"
)

// warmEdits is how many one-page edits measureWarm times.
const warmEdits = 5

// warmHeader heads the table of warm builds.
// warmLine is the summary line of a warm build; its group is the files changed.
var warmLine = regexp.MustCompile(`^warm build: \d+ of \d+ pages? rendered, (\d+) files? changed, \d+ removed`)

func warmHeader() string {
	return fmt.Sprintf("%8s %12s %15s %11s %14s  %s", "pages", "no change s", "1-page edit s", "edit range", "files changed", "output")
}

// warmResult is the warm builds of one corpus: the row to print, and
// whether one of them did not do what a warm build must.
type warmResult struct {
	row    string
	failed bool
}

// measureWarm times warm builds into out, which a cold build of root with
// the build cache has just made: one with nothing changed, then warmEdits
// builds each after a sentence is added to another page. Each must say it
// rendered that many pages (0, then 1); then a build without the cache
// into a folder of its own must write the same files, byte for byte.
func measureWarm(bin, root, layouts, out string, n int) warmResult {
	fail := func(format string, args ...any) warmResult {
		return warmResult{fmt.Sprintf("%8d  FAIL: %s", n, fmt.Sprintf(format, args...)), true}
	}
	args := buildArgs(root, layouts, out)
	still, _, err := warmBuild(bin, args, "warm build: 0 of")
	if err != nil {
		return fail("build with no change: %v", err)
	}
	pages, err := pagesToEdit(root, warmEdits)
	if err != nil {
		return fail("%v", err)
	}
	var walls []float64
	var changed []int
	for k, p := range pages {
		if err := appendSentence(p, k); err != nil {
			return fail("%v", err)
		}
		wall, l, err := warmBuild(bin, args, "warm build: 1 of")
		if err != nil {
			return fail("edit %d (%s): %v", k+1, p, err)
		}
		m := warmLine.FindStringSubmatch(l)
		if m == nil {
			return fail("edit %d: cannot read %q", k+1, l)
		}
		files, _ := strconv.Atoi(m[1])
		walls, changed = append(walls, wall), append(changed, files)
	}
	cold := out + "-cold"
	r := runBin(bin, append(buildArgs(root, layouts, cold), "--no-cache"), 0)
	if r.err != nil {
		return fail("build without the cache: %v\n%s", r.err, tail(r.stderr))
	}
	diff, err := sameTrees(out, cold)
	if err != nil {
		return fail("%v", err)
	}
	if diff != "" {
		return fail("the warm output differs from a cold build's: %s", diff)
	}
	slices.Sort(changed)
	return warmResult{row: fmt.Sprintf("%8d %12.2f %15.2f %11s %14d  %s", n, still, median(walls),
		fmt.Sprintf("%.2f–%.2f", slices.Min(walls), slices.Max(walls)), changed[len(changed)/2], "same as a cold build")}
}

// buildArgs are the arguments of every build the benchmark runs.
func buildArgs(root, layouts, out string) []string {
	return []string{"build", "--no-git", "--content", root, "--layouts", layouts, "--out", out}
}

// warmBuild runs a build, returning its wall time in seconds and its cache
// line, which must start with want.
func warmBuild(bin string, args []string, want string) (float64, string, error) {
	r := runBin(bin, args, 0)
	if r.err != nil {
		return 0, "", fmt.Errorf("%v\n%s", r.err, tail(r.stderr))
	}
	line := cacheLine(r.stdout)
	if !strings.HasPrefix(line, want) {
		return 0, line, fmt.Errorf("printed %q, not %q…", line, want)
	}
	return r.wall.Seconds(), line, nil
}

// cacheLine is the line of a build's output that says how it used the
// build cache.
func cacheLine(stdout []byte) string {
	for line := range strings.Lines(string(stdout)) {
		if strings.HasPrefix(line, "warm build: ") || strings.HasPrefix(line, "cold build: ") {
			return strings.TrimSpace(line)
		}
	}
	return "(no cache line)"
}

// pagesToEdit picks k markdown pages of root spread over the sorted list of
// them, so that the edits fall in several locales and folders.
func pagesToEdit(root string, k int) ([]string, error) {
	var all []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() == "index.md" {
			all = append(all, p)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(all) < k {
		return nil, fmt.Errorf("%s: %d pages, %d edits", root, len(all), k)
	}
	slices.Sort(all)
	picked := make([]string, k)
	for i := range picked {
		picked[i] = all[(2*i+1)*len(all)/(2*k)]
	}
	return picked, nil
}

// appendSentence adds a paragraph to the end of a page's markdown.
func appendSentence(page string, k int) error {
	f, err := os.OpenFile(page, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(f, "\nA sentence added to time warm build %d.\n", k+1)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// sameTrees compares two output folders file by file; it returns the first
// difference, or "" when they are the same.
func sameTrees(a, b string) (string, error) {
	fa, err := filesUnder(a)
	if err != nil {
		return "", err
	}
	fb, err := filesUnder(b)
	if err != nil {
		return "", err
	}
	// The marker names the build that wrote the folder: never the same.
	isMarker := func(f builtFile) bool { return f.name == output.Marker }
	fa, fb = slices.DeleteFunc(fa, isMarker), slices.DeleteFunc(fb, isMarker)
	if len(fa) != len(fb) {
		return fmt.Sprintf("%d files against %d", len(fa), len(fb)), nil
	}
	for i, f := range fa {
		if f != fb[i] {
			return fmt.Sprintf("%s (%d bytes) against %s (%d bytes)", f.name, f.size, fb[i].name, fb[i].size), nil
		}
		da, err := os.ReadFile(filepath.Join(a, f.name))
		if err != nil {
			return "", err
		}
		db, err := os.ReadFile(filepath.Join(b, f.name))
		if err != nil {
			return "", err
		}
		if !bytes.Equal(da, db) {
			return f.name + " differs", nil
		}
	}
	return "", nil
}
