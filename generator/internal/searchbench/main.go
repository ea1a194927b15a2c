// Command searchbench compares statusdocs' search with Pagefind's on the
// same built site (issue 19, point 4). It builds content/ with the
// statusdocs binary into a temporary folder, runs Pagefind on the output
// with the article of each page as its root (--root-selector "main
// article": the page's title and body, not the sidebar, breadcrumbs,
// table of contents, header or footer, which are on every page), serves
// the folder on 127.0.0.1 and runs every query of the query set through
// both engines in headless Chromium, each in a new tab on an empty page of
// the query's locale (<html lang>, which is how Pagefind picks its index),
// with nothing cached: every query is a reader's first.
//
// For each query and engine it counts whether a right page of the
// query's locale is among the first three results, and the bytes the
// server sent for the query: every file the engine fetched, its script,
// wasm and index files, the data of the first five results (what
// Pagefind's default UI loads) included, as stored and as gzipped by a
// host that compresses. It prints a markdown table per locale; -v adds a
// line per query with each engine's rank and the results of a miss.
//
// Without a static/search.*.js in the built site (before statusdocs has
// its search engine) only Pagefind is measured.
//
//	searchbench --pagefind .cache/pagefind/pagefind_extended [--bin bin/statusdocs] [--queries FILE] [-v]
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/chromedp/chromedp"

	"statusdocs/generator/internal/browser"
)

// rootSelector is the part of each page Pagefind indexes: the article,
// as a site would configure it so that the menus on every page do not
// match every query.
const rootSelector = "main article"

type config struct {
	bin, pagefind, queries, content, layouts, keep string
	verbose                                        bool
}

func main() {
	var c config
	flag.StringVar(&c.bin, "bin", "bin/statusdocs", "the statusdocs `binary`")
	flag.StringVar(&c.pagefind, "pagefind", "", "the pagefind `binary` (make bench-search fetches it)")
	flag.StringVar(&c.queries, "queries", "generator/internal/searchbench/queries.json", "the query set")
	flag.StringVar(&c.content, "content", "content", "content `DIR`")
	flag.StringVar(&c.layouts, "layouts", "layouts", "layouts `DIR`")
	flag.StringVar(&c.keep, "keep", "", "build the site into `DIR` and keep it (default: a temporary folder)")
	flag.BoolVar(&c.verbose, "v", false, "print each query's rank for each engine")
	flag.Parse()
	if err := run(c); err != nil {
		fmt.Fprintln(os.Stderr, "searchbench:", err)
		os.Exit(1)
	}
}

func run(c config) error {
	if c.pagefind == "" {
		return fmt.Errorf("need --pagefind")
	}
	qs, err := loadQueries(c.queries)
	if err != nil {
		return err
	}
	site, cleanup, err := buildSite(c)
	if err != nil {
		return err
	}
	defer cleanup()
	engines, err := siteEngines(site)
	if err != nil {
		return err
	}
	res, err := measure(site, engines, qs)
	if err != nil {
		return err
	}
	report(os.Stdout, engines, qs, res, c.verbose)
	return nil
}

// buildSite builds the content with statusdocs and indexes it with
// Pagefind, and returns the folder.
func buildSite(c config) (string, func(), error) {
	dir, cleanup := c.keep, func() {}
	if dir == "" {
		tmp, err := os.MkdirTemp("", "searchbench-")
		if err != nil {
			return "", nil, err
		}
		dir, cleanup = filepath.Join(tmp, "site"), func() { os.RemoveAll(tmp) }
	}
	steps := [][]string{
		{c.bin, "build", "--content", c.content, "--layouts", c.layouts, "--out", dir},
		{c.pagefind, "--site", dir, "--root-selector", rootSelector},
	}
	for _, args := range steps {
		if out, err := exec.Command(args[0], args[1:]...).CombinedOutput(); err != nil {
			cleanup()
			return "", nil, fmt.Errorf("%s: %w\n%s", args[0], err, out)
		}
	}
	return dir, cleanup, nil
}

// siteEngines lists the engines the built site has: Pagefind, and
// statusdocs' once its search module is published.
func siteEngines(site string) ([]engine, error) {
	engines := []engine{pagefindEngine()}
	mods, err := filepath.Glob(filepath.Join(site, "static", "search.*.js"))
	if err != nil || len(mods) == 0 {
		fmt.Fprintln(os.Stderr, "searchbench: no static/search.*.js in the built site: Pagefind alone is measured")
		return engines, nil
	}
	if len(mods) > 1 {
		return nil, fmt.Errorf("more than one search module: %q", mods)
	}
	rel, err := filepath.Rel(site, mods[0])
	if err != nil {
		return nil, err
	}
	return append([]engine{statusdocsEngine(filepath.ToSlash(rel))}, engines...), nil
}

// A result is what one engine did with one query.
type result struct {
	urls    []string
	rank    int
	raw, gz int
	files   []string
}

// measure runs every query through every engine, each in a new tab,
// one at a time so that the server's count is the query's.
func measure(site string, engines []engine, qs []query) ([][]result, error) {
	srv := &counter{root: site}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	defer ln.Close()
	go http.Serve(ln, srv)
	base := "http://" + ln.Addr().String()
	ctx, stop, err := startBrowser()
	if err != nil {
		return nil, err
	}
	defer stop()
	res := make([][]result, len(qs))
	for i, q := range qs {
		for _, e := range engines {
			srv.reset()
			urls, err := e.run(ctx, base, q.Locale, q.Text)
			if err != nil {
				return nil, err
			}
			r := result{urls: urls, rank: q.rank(urls)}
			r.raw, r.gz, r.files = srv.reset()
			res[i] = append(res[i], r)
		}
	}
	return res, nil
}

func startBrowser() (context.Context, func(), error) {
	exe, err := findChromium()
	if err != nil {
		return nil, nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.Flag("disable-dev-shm-usage", true),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	// The first tab starts the browser, which lives as long as it.
	ctx, cancel, err := browser.NewTab(actx)
	if err != nil {
		cancelAlloc()
		return nil, nil, fmt.Errorf("starting %s: %w", exe, err)
	}
	return ctx, func() { cancel(); cancelAlloc() }, nil
}

func findChromium() (string, error) {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("no chromium on PATH (apt-get install -y chromium)")
}
