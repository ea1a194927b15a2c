// Command bench measures whole builds on synthetic corpora: for each size
// it writes an MDN-like corpus to a temporary folder (corpus.Generate),
// times raw goldmark on the same markdown as the floor, runs
// `statusdocs build` on it, and prints one table row: wall and CPU time,
// pages per second, peak memory, the ratio to the floor, the time plain
// Go takes to write a tree of files of the same shape to the same disk
// (the write floor), and the sum of the two floors: goldmark's time for
// the pages and the write floor, both on every core, below which no build
// of those pages to that disk can go, and the bytes written per page: every
// file under the first run's output, over the pages, in KB of 1,000 bytes.
// Corpora of up to 20,000 pages are
// built --runs times, each into a new folder, and the row gives the
// medians and the range of wall times: a shared machine's speed drifts by
// a third within minutes. The runs write the build cache beside their
// output, as statusdocs build does by default.
//
// Each corpus of up to 20,000 pages is then built warm (warm.go) into the
// first run's folder, with the cache that run wrote: once with nothing
// changed, then five times, each after a sentence is added to another page
// (spread over the sorted pages, so over the locales). The table of warm
// builds gives the first one's wall time, the median and range of the
// five, and the median number of files they changed. Each build must say
// it rendered 0 pages, then 1, and the output must then equal, byte for
// byte, a build without the cache into another folder; otherwise the row
// says FAIL and why, and the command exits 1 at the end.
//
// Then it measures the preview server (serve.Server, in this process): the
// time to bring the build up to date after a one-page edit, and the time
// from saving the file to the reload event reaching a listening page, on
// content/ and on generated corpora.
//
// Last, it builds each hostile input (hostile.go) as a one-page site and
// prints its wall time and peak memory beside its budget; --hostile-only
// prints that table alone, --hostile REGEXP picks rows.
//
//	bench [--bin bin/statusdocs] [--sizes 2000,20000,100000] [--runs 3] [--edit-sizes 20000] [--locales 10] [--src DIR]
//	bench --hostile-only [--hostile REGEXP] [--hostile-limit 1m]
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"statusdocs/generator/internal/corpus"
)

func main() {
	bin := flag.String("bin", "bin/statusdocs", "the statusdocs `binary` to measure")
	sizes := flag.String("sizes", "2000,20000,100000", "comma-separated corpus `sizes` in pages")
	locales := flag.Int("locales", 10, "number of locales the pages are spread over")
	src := flag.String("src", "", "content root to make pages from (default: ../shared/corpus/mdn/files if present, else content)")
	layouts := flag.String("layouts", "layouts", "layouts `DIR`")
	corpus := flag.String("corpus", "", "only write a corpus of the first size to `DIR` (for profiling) and stop")
	runs := flag.Int("runs", 3, "builds of each corpus of up to 20,000 pages (larger ones are built once)")
	editSizes := flag.String("edit-sizes", "20000", "comma-separated corpus `sizes` to time one-page edits on in the preview server (besides content/)")
	hostileOnly := flag.Bool("hostile-only", false, "only build the hostile inputs")
	hostile := flag.String("hostile", "", "build only the hostile inputs whose name matches `REGEXP`")
	hostileLimit := flag.Duration("hostile-limit", time.Minute, "stop a build of a hostile input after `DURATION`")
	hostileWrite := flag.String("hostile-write", "", "only write each hostile input's content root to a folder of `DIR` (for profiling) and stop")
	flag.Parse()
	only, err := regexp.Compile(*hostile)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	// The hostile inputs' 50 MB page repeats a page of the site's own content.
	if *hostileWrite != "" || *hostileOnly {
		var err error
		if *hostileWrite != "" {
			err = writeHostileRoots("content", *hostileWrite, only)
		} else {
			err = hostileTable(*bin, "content", *layouts, only, *hostileLimit)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	if *src == "" {
		*src = "content"
		if st, err := os.Stat("../shared/corpus/mdn/files"); err == nil && st.IsDir() {
			*src = "../shared/corpus/mdn/files"
		}
	}
	if *corpus != "" {
		n, _ := strconv.Atoi(strings.Split(*sizes, ",")[0])
		if err := writeCorpus(*src, *corpus, n, *locales, nil); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	fmt.Printf("statusdocs whole-program builds, %d cores (GOMAXPROCS %d), pages from %s, %d locales\n\n",
		runtime.NumCPU(), runtime.GOMAXPROCS(0), *src, *locales)
	fmt.Printf("medians of %d runs up to 20,000 pages, one run above\n\n", *runs)
	fmt.Printf("%8s %8s %11s %8s %8s %8s %12s %12s %17s %8s %13s %9s %8s\n", "pages", "wall s", "wall range", "CPU s", "pages/s", "µs/page", "CPU µs/page", "peak RSS MB", "goldmark pages/s", "x floor", "write floor s", "floors s", "KB/page")
	var warm []warmResult
	failed := false // a warm build that did not do what it must: exit 1 at the end
	for _, field := range strings.Split(*sizes, ",") {
		if strings.TrimSpace(field) == "" {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(field))
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(2)
		}
		r := max(*runs, 1)
		if n > 20000 {
			r = 1 // a minute a build
		}
		row, w, err := measure(*bin, *src, *layouts, n, *locales, r)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		fmt.Println(row)
		if w.row != "" {
			warm = append(warm, w)
		}
	}
	if len(warm) > 0 {
		fmt.Printf("\nwarm builds into the first run's --out, with its build cache: nothing changed, then %d one-page edits\n(each a different page; median, range and median files changed), then the output checked against a cold build:\n\n", warmEdits)
		fmt.Println(warmHeader())
	}
	for _, w := range warm {
		fmt.Println(w.row)
		failed = failed || w.failed
	}
	fmt.Printf("\npreview server, one-page edit (%d edits each; median and slowest):\n\n", edits)
	fmt.Printf("%-12s %8s %10s %10s %14s %10s\n", "site", "pages", "update ms", "max ms", "save→reload ms", "max ms")
	if row, err := measureEdit("content", "content", *layouts); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	} else {
		fmt.Println(row)
	}
	for _, field := range strings.Split(*editSizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(field))
		if err != nil {
			continue
		}
		if err := editCorpus(*src, *layouts, n, *locales); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
	}
	if n := searchSize(*sizes); n > 0 {
		if err := searchTable(*bin, *src, *layouts, n, *locales); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
	}
	if err := hostileTableApart(*bin, *layouts, *hostile, *hostileLimit); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	if failed {
		fmt.Fprintln(os.Stderr, "bench: a warm build failed (FAIL in the table of warm builds)")
		os.Exit(1)
	}
}

// editCorpus times edits on a generated corpus of n pages.
func editCorpus(src, layouts string, n, locales int) error {
	dir, err := os.MkdirTemp("", "statusdocs-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	root := filepath.Join(dir, "content")
	if err := writeCorpus(src, root, n, locales, nil); err != nil {
		return err
	}
	row, err := measureEdit(fmt.Sprintf("corpus %d", n), root, layouts)
	if err != nil {
		return err
	}
	fmt.Println(row)
	return nil
}

// measure builds a corpus of n pages runs times, each into a new folder,
// and returns its row; up to 20,000 pages, also the warm builds into the
// first run's folder (measureWarm).
func measure(bin, src, layouts string, n, locales, runs int) (string, warmResult, error) {
	var warm warmResult
	dir, err := os.MkdirTemp("", "statusdocs-bench-")
	if err != nil {
		return "", warm, err
	}
	defer os.RemoveAll(dir)
	root := filepath.Join(dir, "content")
	var bodies [][]byte
	if err := writeCorpus(src, root, n, locales, &bodies); err != nil {
		return "", warm, err
	}
	var walls, cpus, floors, writes []float64
	rss := 0.0
	var written int64
	for i := range runs {
		floors = append(floors, goldmarkFloor(bodies))
		// Each build and each write floor gets a new folder: deleting a
		// tree just before writing one slows some file systems down.
		out := filepath.Join(dir, fmt.Sprintf("public-%d", i))
		r := runBin(bin, buildArgs(root, layouts, out), 0)
		if r.err != nil {
			return "", warm, fmt.Errorf("build of %d pages: %v\n%s", n, r.err, tail(r.stderr))
		}
		walls = append(walls, r.wall.Seconds())
		cpus = append(cpus, r.cpu.Seconds())
		rss = max(rss, r.rssMB)
		if i == 0 {
			if written, err = treeBytes(out); err != nil {
				return "", warm, err
			}
		}
		w, err := writeFloor(out, filepath.Join(dir, fmt.Sprintf("floor-%d", i)))
		if err != nil {
			return "", warm, err
		}
		writes = append(writes, w.Seconds())
	}
	pages := float64(len(bodies))
	wall, floor := median(walls), median(floors)
	spread := "-"
	if runs > 1 {
		spread = fmt.Sprintf("%.2f–%.2f", slices.Min(walls), slices.Max(walls))
	}
	// Both floors keep every core busy, so no build of these pages to this
	// disk can take less than their sum.
	best := pages/floor + median(writes)
	row := fmt.Sprintf("%8d %8.2f %11s %8.2f %8.0f %8.0f %12.0f %12.0f %17.0f %8.1f %13.2f %9.2f %8.1f",
		len(bodies), wall, spread, median(cpus), pages/wall, wall*1e6/pages, median(cpus)*1e6/pages,
		rss, floor, wall/(pages/floor), median(writes), best, float64(written)/1000/pages)
	if n <= 20000 {
		warm = measureWarm(bin, root, layouts, filepath.Join(dir, "public-0"), len(bodies))
	}
	return row, warm, nil
}

// treeBytes is the size of every file under dir, search index and assets
// included: what a build writes, and what a host stores and serves.
func treeBytes(dir string) (int64, error) {
	files, err := filesUnder(dir)
	var n int64
	for _, f := range files {
		n += int64(f.size)
	}
	return n, err
}

// builtFile is a file of a built site: its path under the output, and its
// size.
type builtFile struct {
	name string
	size int
}

// filesUnder lists the files under dir.
func filesUnder(dir string) ([]builtFile, error) {
	var files []builtFile
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files = append(files, builtFile{rel, int(info.Size())})
		return nil
	})
	return files, err
}

// writeFloor times writing a tree of files shaped like the built site
// (same folders, same sizes) to the same disk on every core, doing nothing
// else: a build cannot write its output faster. On a disk it is often the
// larger part of a build.
func writeFloor(built, dst string) (time.Duration, error) {
	files, err := filesUnder(built)
	if err != nil {
		return 0, err
	}
	biggest := 0
	for _, f := range files {
		biggest = max(biggest, f.size)
	}
	data := bytes.Repeat([]byte("x"), biggest)
	next := make(chan builtFile, 64)
	errs := make(chan error, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	start := time.Now()
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var first error
			for f := range next {
				p := filepath.Join(dst, f.name)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil && first == nil {
					first = err
				}
				if err := os.WriteFile(p, data[:f.size], 0o644); err != nil && first == nil {
					first = err
				}
			}
			errs <- first
		})
	}
	for _, f := range files {
		next <- f
	}
	close(next)
	wg.Wait()
	elapsed := time.Since(start)
	close(errs)
	for err := range errs {
		if err != nil {
			return 0, err
		}
	}
	return elapsed, nil
}

// writeCorpus writes a generated corpus to root, keeping the markdown in
// bodies when asked.
func writeCorpus(src, root string, n, locales int, bodies *[][]byte) error {
	return corpus.Generate(os.DirFS(src), n, locales, func(name string, data []byte) error {
		p := filepath.Join(root, filepath.FromSlash(name))
		if bodies != nil && strings.HasSuffix(name, ".md") {
			*bodies = append(*bodies, data)
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		return os.WriteFile(p, data, 0o644)
	})
}

// goldmarkFloor is how many of the pages plain goldmark (GFM) converts a
// second on every core: nothing the generator does can beat it.
func goldmarkFloor(bodies [][]byte) float64 {
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	next := make(chan []byte)
	var wg sync.WaitGroup
	start := time.Now()
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var buf bytes.Buffer
			for b := range next {
				buf.Reset()
				_ = md.Convert(b, &buf)
			}
		})
	}
	for _, b := range bodies {
		next <- b
	}
	close(next)
	wg.Wait()
	return float64(len(bodies)) / time.Since(start).Seconds()
}

// run is one run of the binary: its wall and CPU time, peak memory and
// what it printed.
type run struct {
	wall, cpu      time.Duration
	rssMB          float64
	stdout, stderr []byte
	timedOut       bool // stopped after the limit
	err            error
}

// runBin runs bin with args, stopping it after limit (0: no limit).
func runBin(bin string, args []string, limit time.Duration) run {
	ctx := context.Background()
	if limit > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, limit)
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	r := run{wall: time.Since(start), stdout: stdout.Bytes(), stderr: stderr.Bytes(), err: err, timedOut: ctx.Err() != nil}
	if cmd.ProcessState != nil {
		usage := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		r.cpu = time.Duration(usage.Utime.Nano() + usage.Stime.Nano())
		r.rssMB = float64(usage.Maxrss) / 1024
	}
	return r
}

func tail(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return strings.Join(lines[max(0, len(lines)-5):], "\n")
}
