package main

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"statusdocs/generator/output"
)

// longAgo is the time the tests give the files of a build, so that a file
// written again is seen by its time.
var longAgo = time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)

// cacheBuild builds root into out through the CLI with --no-git and the
// flags given, and returns its line about the build cache ("" for none).
func cacheBuild(t *testing.T, root, out string, flags ...string) string {
	t.Helper()
	args := append([]string{"build", "--no-git", "--content", root, "--layouts", "../layouts", "--out", out}, flags...)
	code, stdout, stderr := runCLI(args...)
	if code != 0 {
		t.Fatalf("%v: exit %d\n%s", flags, code, stderr)
	}
	for line := range strings.Lines(stdout) {
		if strings.HasPrefix(line, "warm build: ") || strings.HasPrefix(line, "cold build: ") {
			return strings.TrimSpace(line)
		}
	}
	return ""
}

// ageFiles sets the time of every file of a built site to longAgo.
func ageFiles(t *testing.T, out string) {
	t.Helper()
	for name := range readTree(t, out) {
		if err := os.Chtimes(filepath.Join(out, name), longAgo, longAgo); err != nil {
			t.Fatal(err)
		}
	}
}

// readTree reads every file under dir, by slash path, but the marker,
// which names the build and so differs between any two builds.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == output.Marker {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// touched lists the files under out whose time is not longAgo, the marker
// left out.
func touched(t *testing.T, out string) []string {
	t.Helper()
	var names []string
	for name := range readTree(t, out) {
		info, err := os.Stat(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		if !info.ModTime().Equal(longAgo) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// differing lists the files that are in one tree and not the other, or
// in both with other bytes.
func differing(a, b map[string]string) []string {
	var names []string
	for name := range maps.Keys(a) {
		if other, ok := b[name]; !ok || other != a[name] {
			names = append(names, name)
		}
	}
	for name := range maps.Keys(b) {
		if _, ok := a[name]; !ok {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// first is the first few names of a list, for a message.
func first(names []string) []string { return names[:min(len(names), 5)] }

// TestBuildCache builds into the same --out again and again through the
// CLI: a build with nothing changed writes nothing; one after a page is
// edited renders that page, writes only the files whose bytes changed and
// leaves the site a build without the cache makes; --no-cache keeps no
// cache, and a build after one is cold.
func TestBuildCache(t *testing.T) {
	t.Run("nothing changed", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "public")
		if line := cacheBuild(t, "../content", out); line != "cold build: no build cache" {
			t.Errorf("first build: %q", line)
		}
		ageFiles(t, out)
		line := cacheBuild(t, "../content", out)
		if !strings.HasPrefix(line, "warm build: 0 of ") || !strings.HasSuffix(line, " pages rendered, 0 files changed, 0 removed") {
			t.Errorf("second build: %q", line)
		}
		if names := touched(t, out); len(names) > 0 {
			t.Errorf("a build with nothing changed wrote %d files: %q", len(names), first(names))
		}
	})
	t.Run("one page edited", func(t *testing.T) {
		dir := t.TempDir()
		root, out := filepath.Join(dir, "content"), filepath.Join(dir, "public")
		copyDir(t, "../content", root)
		cacheBuild(t, root, out)
		ageFiles(t, out)
		before := readTree(t, out)
		// An English page that ja shows as a fallback.
		page := filepath.Join(root, "en-us/web/http/reference/status/103/index.md")
		appendLine(t, page, "A sentence added after the first build.")
		if line := cacheBuild(t, root, out); !strings.HasPrefix(line, "warm build: 1 of ") {
			t.Errorf("after one page was edited: %q", line)
		}
		after := readTree(t, out)
		changed, written := differing(before, after), touched(t, out)
		if !slices.Equal(changed, written) {
			t.Errorf("files written are not the files that changed:\nwritten %q\nchanged %q", written, changed)
		}
		own := "en-US/docs/Web/HTTP/Reference/Status/103/index.html"
		if !strings.Contains(after[own], "A sentence added after the first build.") {
			t.Errorf("%s lacks the new sentence", own)
		}
		for _, name := range written {
			if !strings.HasPrefix(name, "en-US/search/") && !strings.HasPrefix(name, "ja/search/") &&
				!strings.HasPrefix(name, "en-US/docs/Web/HTTP/Reference/Status/103/index.") &&
				!strings.HasPrefix(name, "ja/docs/Web/HTTP/Reference/Status/103/index.") { // .html and its twin .md
				t.Errorf("%s was written: it is not the edited page's, its fallback's or its locales' search index", name)
			}
		}
		cold := filepath.Join(dir, "cold")
		cacheBuild(t, root, cold, "--no-cache")
		if diff := differing(after, readTree(t, cold)); len(diff) > 0 {
			t.Errorf("the warm build's output is not a cold build's: %d files differ: %q", len(diff), first(diff))
		}
	})
	// Warm builds append what changed to the cache's files of sources,
	// listings and heads, and take the rest where it is: build after build,
	// each as a cold build, until a file holds more dead records than live
	// ones and is written anew.
	t.Run("warm after warm", func(t *testing.T) {
		dir := t.TempDir()
		root, out, cold := filepath.Join(dir, "content"), filepath.Join(dir, "public"), filepath.Join(dir, "cold")
		copyDir(t, "../content", root)
		cacheBuild(t, root, out)
		heads := filepath.Join(dir, ".public.statusdocs-cache", "heads")
		info, err := os.Stat(heads)
		if err != nil {
			t.Fatal(err)
		}
		size := info.Size()
		grew, last := false, size
		pages := []string{"en-us/web/http/reference/status/103/index.md", "ja/web/http/reference/status/404/index.md",
			"en-us/web/http/reference/status/200/index.md"}
		for round := range 8 {
			appendLine(t, filepath.Join(root, pages[round%len(pages)]), fmt.Sprintf("Round %d of warm builds.", round))
			if round == 5 { // a new page: the graph changes, and every head is written again
				page := filepath.Join(root, "en-us/web/http/reference/status/299/index.md")
				if err := os.MkdirAll(filepath.Dir(page), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(page, []byte("---\ntitle: 299\nslug: Web/HTTP/Reference/Status/299\n---\n\nA page added.\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want := "warm build: 1 of " // the last build's records, where they are, taken
			if round == 5 {
				want = "warm build: "
			}
			if line := cacheBuild(t, root, out); !strings.HasPrefix(line, want) {
				t.Fatalf("round %d: %q, want %q…", round, line, want)
			}
			cacheBuild(t, root, cold, "--no-cache")
			if diff := differing(readTree(t, out), readTree(t, cold)); len(diff) > 0 {
				t.Fatalf("round %d: the warm build's output is not a cold build's: %d files differ: %q", round, len(diff), first(diff))
			}
			info, err := os.Stat(heads)
			if err != nil {
				t.Fatal(err)
			}
			grew = grew || info.Size() > last
			last = info.Size()
		}
		if !grew {
			t.Errorf("the heads never grew (%d bytes first, %d last): nothing was appended", size, last)
		}
		if last > 2*size+1<<20 {
			t.Errorf("the heads grew from %d to %d bytes, past twice as many and a megabyte: never written anew", size, last)
		}
	})
	// A damaged file of the cache costs work, never the output: the heads,
	// read beside the state, not with it, missing or cut short, make a
	// warm build render every page; a list of output files that cannot
	// be read makes the build cold, not failed.
	everyPage := func(line string) bool {
		var rendered, pages int
		_, err := fmt.Sscanf(line, "warm build: %d of %d pages", &rendered, &pages)
		return err == nil && rendered == pages
	}
	noList := func(line string) bool {
		return strings.HasPrefix(line, "cold build: the build cache has no list of files")
	}
	for _, d := range []struct {
		name, file string
		keep       int64 // bytes of it kept; -1: removed
		ok         func(line string) bool
		want       string
	}{
		{"heads removed", "heads", -1, everyPage, "every page rendered"},
		{"heads cut short", "heads", 100, everyPage, "every page rendered"},
		{"files cut short", "files", 10, noList, "a cold build"},
	} {
		t.Run(d.name, func(t *testing.T) {
			dir := t.TempDir()
			root, out := filepath.Join(dir, "content"), filepath.Join(dir, "public")
			copyDir(t, "../content", root)
			cacheBuild(t, root, out)
			damaged := filepath.Join(dir, ".public.statusdocs-cache", d.file)
			var err error
			if d.keep < 0 {
				err = os.Remove(damaged)
			} else {
				err = os.Truncate(damaged, d.keep)
			}
			if err != nil {
				t.Fatal(err)
			}
			appendLine(t, filepath.Join(root, "en-us/web/http/reference/status/103/index.md"), "A sentence added after the cache was damaged.")
			if line := cacheBuild(t, root, out); !d.ok(line) {
				t.Errorf("a build with %s: %q, want %s", d.name, line, d.want)
			}
			sameAsCold(t, root, out)
		})
	}
	t.Run("--no-cache", func(t *testing.T) {
		dir := t.TempDir()
		out, cache := filepath.Join(dir, "public"), filepath.Join(dir, ".public.statusdocs-cache")
		if line := cacheBuild(t, "../content", out, "--no-cache"); line != "" {
			t.Errorf("--no-cache printed %q", line)
		}
		if _, err := os.Stat(cache); err == nil {
			t.Errorf("--no-cache wrote %s", cache)
		}
		if line := cacheBuild(t, "../content", out); line != "cold build: no build cache" {
			t.Errorf("a build after --no-cache: %q", line)
		}
		if _, err := os.Stat(filepath.Join(cache, "state")); err != nil {
			t.Errorf("a build with the cache wrote none: %v", err)
		}
		// --no-cache replaces the folder the cache describes: the next
		// build must not trust the cache.
		cacheBuild(t, "../content", out, "--no-cache")
		if line := cacheBuild(t, "../content", out); line != "cold build: "+filepath.ToSlash(out)+" is not the folder the cache describes" {
			t.Errorf("a build after --no-cache over a cached build: %q", line)
		}
	})
	t.Run("an older copy of --out put back", func(t *testing.T) {
		dir := t.TempDir()
		root, out, saved := filepath.Join(dir, "content"), filepath.Join(dir, "public"), filepath.Join(dir, "saved")
		copyDir(t, "../content", root)
		cacheBuild(t, root, out)
		copyDir(t, out, saved)
		page := filepath.Join(root, "en-us/web/http/reference/status/103/index.md")
		appendLine(t, page, "A sentence added after the copy was made.")
		if line := cacheBuild(t, root, out); !strings.HasPrefix(line, "warm build: 1 of ") {
			t.Errorf("after one page was edited: %q", line)
		}
		if err := os.RemoveAll(out); err != nil {
			t.Fatal(err)
		}
		copyDir(t, saved, out) // with the marker of the build before
		if line := cacheBuild(t, root, out); !strings.HasSuffix(line, " is not the folder the cache describes") {
			t.Errorf("a build after an older copy was put back: %q", line)
		}
		own := readTree(t, out)["en-US/docs/Web/HTTP/Reference/Status/103/index.html"]
		if !strings.Contains(own, "A sentence added after the copy was made.") {
			t.Errorf("the page lacks the sentence added after the copy was made")
		}
	})
}

// sameAsCold checks that out, a build of root, holds what a --no-cache
// build of root writes (into "cold" beside out).
func sameAsCold(t *testing.T, root, out string) {
	t.Helper()
	cold := filepath.Join(filepath.Dir(out), "cold")
	cacheBuild(t, root, cold, "--no-cache")
	if diff := differing(readTree(t, out), readTree(t, cold)); len(diff) > 0 {
		t.Errorf("the build's output is not a cold build's: %d files differ: %q", len(diff), first(diff))
	}
}

// appendLine appends a line to a file.
func appendLine(t *testing.T, name, line string) {
	t.Helper()
	f, err := os.OpenFile(name, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.WriteString("\n" + line + "\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
}
