package main

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// searchScript runs the query set through the engine in Node.
//
//go:embed search.mjs
var searchScript []byte

// searchQueries is the query set of make bench-search: its locales are
// the corpus's too.
const searchQueries = "generator/internal/searchbench/queries.json"

// searchTable builds a corpus of n pages and shows, for each locale of
// the query set, the size of its search index, the bytes a first query
// reads (median and most), and how long a query takes in Node once its
// files are loaded (median of the queries' medians, and the slowest).
func searchTable(bin, src, layouts string, n, locales int) error {
	fmt.Printf("\nsearch, corpus of %d pages (%d locales): index per locale, and the query set of make bench-search in Node\n\n", n, locales)
	node, err := exec.LookPath("node")
	if err != nil {
		fmt.Println("skipped: no node")
		return nil
	}
	dir, err := os.MkdirTemp("", "statusdocs-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	root, out := filepath.Join(dir, "content"), filepath.Join(dir, "public")
	if err := writeCorpus(src, root, n, locales, nil); err != nil {
		return err
	}
	if r := runBin(bin, []string{"build", "--no-git", "--content", root, "--layouts", layouts, "--out", out}, 0); r.err != nil {
		return fmt.Errorf("build of %d pages: %v\n%s", n, r.err, tail(r.stderr))
	}
	script := filepath.Join(dir, "search.mjs")
	if err := os.WriteFile(script, searchScript, 0o644); err != nil {
		return err
	}
	cmd := exec.Command(node, script, out, searchQueries, "20")
	cmd.Stderr = os.Stderr
	stdout, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("node %s: %v", script, err)
	}
	type row struct {
		Locale    string
		Bytes     int
		Results   int
		Ms, MaxMs float64
	}
	byLocale := map[string][]row{}
	sc := bufio.NewScanner(bytes.NewReader(stdout))
	for sc.Scan() {
		var r row
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return fmt.Errorf("node: %q: %v", sc.Text(), err)
		}
		byLocale[r.Locale] = append(byLocale[r.Locale], r)
	}
	fmt.Printf("%-8s %6s %9s %7s %8s %17s %14s %12s\n", "locale", "docs", "index KB", "files", "queries", "first query KB", "found some", "query ms")
	for _, loc := range slices.Sorted(maps.Keys(byLocale)) {
		rows := byLocale[loc]
		size, files, err := folderSize(filepath.Join(out, loc, "search"))
		if err != nil {
			return err
		}
		var kb []int
		var ms []float64
		found, slowest := 0, 0.0
		for _, r := range rows {
			kb = append(kb, r.Bytes>>10)
			ms = append(ms, r.Ms)
			slowest = max(slowest, r.MaxMs)
			if r.Results > 0 {
				found++
			}
		}
		var meta struct{ Docs int }
		if data, err := os.ReadFile(filepath.Join(out, loc, "search", "meta.json")); err == nil {
			_ = json.Unmarshal(data, &meta)
		}
		fmt.Printf("%-8s %6d %9d %7d %8d %17s %14s %12s\n", loc, meta.Docs, size>>10, files, len(rows),
			fmt.Sprintf("%d / %d", median(kb), slices.Max(kb)), fmt.Sprintf("%d of %d", found, len(rows)),
			fmt.Sprintf("%.1f / %.1f", median(ms), slowest))
	}
	fmt.Println("\nfirst query KB: bytes read by a new engine, as stored (median / most); query ms: once loaded, median / slowest of 20 runs each")
	return nil
}

// searchSize is the largest of sizes up to 20,000 pages: the corpus the
// search table is measured on, 0 for none.
func searchSize(sizes string) int {
	most := 0
	for _, field := range strings.Split(sizes, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(field)); err == nil && n <= 20000 {
			most = max(most, n)
		}
	}
	return most
}

// folderSize is the bytes and number of the files under dir.
func folderSize(dir string) (int64, int, error) {
	var size int64
	files := 0
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err == nil {
			size += info.Size()
			files++
		}
		return err
	})
	return size, files, err
}
