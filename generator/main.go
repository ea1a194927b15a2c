// Command statusdocs builds a localized static site from MDN-style markdown
// about HTTP status codes.
//
//	statusdocs build [--content DIR]... [--layouts DIR] [--out DIR] [--base-path /p/]
//	                 [--site-url URL] [--external-base URL] [--locales a,b]
//	                 [--bcd data.json] [--redirect-stubs] [--strict] [--flaws FILE.json] [-v]
//	statusdocs serve [--addr 127.0.0.1:8080] [--allow-host NAME]... [the input flags of build]
//	statusdocs check [--external] [the input flags of build]
//	statusdocs l10n status|new|stamp [flags] [ARGUMENTS]
//	statusdocs layouts --export DIR
//	statusdocs version (or --version)
//	statusdocs help [COMMAND] (or COMMAND --help)
//
// Each command reads only the flags its --help lists, written --flag (-v
// for the one-letter one), and takes them before its arguments. --help
// writes to stdout and exits 0; a usage error is one line naming what is
// wrong (with the closest flag or command when one is a slip of the
// keyboard away) and a line saying where the usage is, on stderr.
//
// Exit codes: 0 ok, 1 build failed (or error flaws with --strict), 2 usage.
package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"

	"statusdocs/generator/build"
	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
	"statusdocs/generator/internal/overlay"
	"statusdocs/generator/internal/plural"
	"statusdocs/generator/macro"
	"statusdocs/generator/output"
	"statusdocs/generator/site"
	"statusdocs/layouts"
)

const usage = `statusdocs builds a localized static site from MDN-style markdown.

Usage:
  statusdocs init [DIR]                 write a starter site that builds as it is
  statusdocs build [flags]              build the site into --out
  statusdocs serve [flags]              preview: serve from memory, rebuild and reload on save
  statusdocs check [flags]              build in memory and check every link as a static host serves it
  statusdocs l10n status [flags]        what each locale has translated, lacks, or let fall behind
  statusdocs l10n new [flags] LOCALE SLUG
                                        start a translation from the en-US page
  statusdocs l10n stamp [flags] FILE... mark translations as in step with their en-US page
  statusdocs layouts --export DIR       write the built-in theme into DIR, to change some of its files
  statusdocs version                    print the version and revision (also --version)
  statusdocs help [COMMAND]             show this help, or a command's (also COMMAND --help)

Run "statusdocs COMMAND --help" for the arguments and flags of a command.
`

func main() {
	tuneGC()
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// tuneGC lets the heap grow four times past the live data before collecting,
// within a memory budget: a build allocates much and keeps little, and
// collecting less often is worth about a tenth of its time. GOGC and
// GOMEMLIMIT in the environment still win.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	setMemoryLimit(0, false)
}

// warmRenders is how many pages a warm build renders without the
// collector (runBuild): a page's rendering allocates some 160 KB.
const warmRenders = 1000

// setMemoryLimit sets the memory budget for a site of so many pages
// (memoryLimit), unless GOMEMLIMIT does.
func setMemoryLimit(pages int, cache bool) {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit(pages, cache))
	}
}

// memoryLimit is the memory budget of a build: 420 MiB up to 20,000
// pages, then 1.25 KiB more a page, up to 520 MiB at 100,000 pages and
// beyond. What a build keeps grows with the site (the graph, each page's
// ids and flaws, the search index): at 100,000 pages it is about 400 MB,
// and under a fixed 420 MiB the collector ran back to back, 39% of the
// CPU (51 s; 36 s and a peak of 554 MB with 520 MiB). A build that
// writes the build cache keeps about 250 bytes more a page (the hash of
// each page file, its place in the cache's files): 256 more a page past
// 20,000 pages, up to 20 MiB more (at 100,000 pages: 46 s and a peak of
// 565 MB; 52 s without the allowance, the collector making up the
// difference; 43 s and 555 MB without the cache).
func memoryLimit(pages int, cache bool) int64 {
	const base, most, perPage, perCached = 420 << 20, 520 << 20, 1280, 256
	more := int64(min(80000, max(0, pages-20000)))
	limit := min(most, base+int64(max(0, pages-20000))*perPage)
	if cache {
		limit += more * perCached
	}
	return limit
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "build":
		return runBuild(args[1:], stdout, stderr)
	case "serve":
		return serveCmd(args[1:], stdout, stderr)
	case "check":
		return checkCmd(args[1:], stdout, stderr)
	case "l10n":
		return runL10n(args[1:], stdout, stderr)
	case "layouts":
		return layoutsCmd(args[1:], stdout, stderr)
	case "init":
		return initCmd(args[1:], stdout, stderr)
	case "version", "--version", "-version":
		return versionCmd(args[1:], stdout, stderr)
	case "help":
		return helpCmd(args[1:], stdout, stderr)
	case "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	return unknown(stderr, "", args[0], []string{"build", "serve", "check", "l10n", "layouts", "init", "version", "help"})
}

// unknown reports a command or flag that parent (a command with commands
// of its own, "" for statusdocs itself) does not have, with the closest
// of its commands when one is close, and returns exit code 2.
func unknown(stderr io.Writer, parent, arg string, commands []string) int {
	prefix := strings.TrimSpace("statusdocs " + parent)
	if name, ok := strings.CutPrefix(arg, "-"); ok {
		flags := []string{"help"}
		if parent == "" {
			flags = append(flags, "version")
		}
		fmt.Fprintf(stderr, "%s: unknown flag %s%s\n", prefix, arg, didYouMean(strings.TrimLeft(name, "-"), flags, flagName))
	} else {
		fmt.Fprintf(stderr, "%s: unknown command %q%s\n", prefix, arg, didYouMean(arg, commands, func(c string) string { return c }))
	}
	fmt.Fprintf(stderr, "run %s --help for its commands\n", prefix)
	return 2
}

// helpCmd is statusdocs help [COMMAND [SUBCOMMAND]]: this usage, or the
// command's, as COMMAND --help shows it.
func helpCmd(args []string, stdout, stderr io.Writer) int {
	c := newCommand("help", "[COMMAND [SUBCOMMAND]]", anyArgs, "Shows the commands of statusdocs, or the arguments and flags of one of them.")
	if code := c.parse(args, stdout, stderr); code >= 0 {
		return code
	}
	if c.flags.NArg() == 0 {
		fmt.Fprint(stdout, usage)
		return 0
	}
	return run(append(c.flags.Args(), "--help"), stdout, stderr)
}

// listFlag is a flag that may be given several times.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// buildFlags are the input flags shared by the commands that build.
type buildFlags struct {
	configFile   string // the config file (--config)
	content      listFlag
	plainLocale  string
	layouts      string
	basePath     string
	siteURL      string
	externalBase string
	sourceURL    string
	locales      string
	bcd          string
	noGit        bool
	stubs        bool
}

// buildCommand is a command that reads input flags: those named in only,
// or all of them for one that builds.
func buildCommand(name, args string, argc int, about string, only ...string) (*subcommand, *buildFlags) {
	c := newCommand(name, args, argc, about)
	var in buildFlags
	in.register(c.flags, only...)
	return c, &in
}

// register adds the input flags named in only, or all of them, to fs. The
// others keep their defaults, so a command reads only the flags it shows.
func (b *buildFlags) register(fs *flag.FlagSet, only ...string) {
	all := flag.NewFlagSet("", flag.ContinueOnError)
	all.StringVar(&b.configFile, "config", "", "read the settings not given as flags from `FILE` (default: statusdocs.yaml if there is one)")
	all.Var(&b.content, "content", "content root `DIR` (MDN files/ layout); repeat to merge several (default content)")
	all.StringVar(&b.plainLocale, "content-locale", "", "the `LOCALE` of content roots without locale folders (plain markdown) (default en-US)")
	all.StringVar(&b.layouts, "layouts", "", "layouts `DIR` laid over the built-in theme, file by file (default: layouts if there is one)")
	all.StringVar(&b.basePath, "base-path", "/", "`PREFIX` of every internal URL, for a site in a subfolder")
	all.StringVar(&b.siteURL, "site-url", "", "origin of the published site (`URL`), for canonical and hreflang links")
	all.StringVar(&b.externalBase, "external-base", "https://developer.mozilla.org",
		"`URL` where docs pages missing from the site live; empty makes such links broken-link errors")
	all.StringVar(&b.sourceURL, "source-url", "", "`URL` that a content file's path is appended to, for the \"source\" link in each page's footer\n(e.g. https://github.com/you/docs/blob/main/)")
	all.StringVar(&b.locales, "locales", "", fmt.Sprintf("comma-separated `LOCALES` to publish, at most %d (default: every locale with a page;\nof more than %[1]d, en-US and those with the most pages)", site.MaxLocales))
	all.BoolVar(&b.stubs, "redirect-stubs", false, "also write an HTML page at each redirect source (meta refresh, rel=canonical),\nfor hosts without redirects such as GitHub Pages and S3")
	all.BoolVar(&b.noGit, "no-git", false, "do not read git history (outdated translations are not detected)")
	all.StringVar(&b.bcd, "bcd", "", "browser compatibility data: a full @mdn/browser-compat-data `data.json` (default: the embedded subset)")
	all.VisitAll(func(f *flag.Flag) {
		if len(only) == 0 || slices.Contains(only, f.Name) || f.Name == "config" {
			fs.Var(f.Value, f.Name, f.Usage)
		}
	})
}

func (b *buildFlags) config() (build.Config, error) {
	roots := b.roots()
	for flag, u := range map[string]string{"site-url": b.siteURL, "external-base": b.externalBase, "source-url": b.sourceURL} {
		if err := httpURL(u); err != nil {
			return build.Config{}, fmt.Errorf("--%s %q: %v", flag, u, err)
		}
	}
	if err := site.CheckBasePath(b.basePath); err != nil {
		return build.Config{}, fmt.Errorf("--base-path %q: %v", b.basePath, err)
	}
	theme, themeName := b.theme()
	cfg := build.Config{
		Layouts:       theme,
		LayoutsName:   themeName,
		BasePath:      b.basePath,
		SiteURL:       strings.TrimSuffix(b.siteURL, "/"),
		ExternalBase:  b.externalBase,
		SourceURL:     b.sourceURL,
		NoGit:         b.noGit,
		RedirectStubs: b.stubs,
		FreeSources:   true,
		Loaded:        func(pages int) { setMemoryLimit(pages, false) },
		// The markdown kept from loading to rendering, so that a page is
		// not read twice (front matter, then text). Held text is live heap
		// the collector marks again and again: at 100,000 pages, 128 MiB of
		// it cost 240 collections against 175 with 32 MiB (-26% of the
		// collector's CPU), while reading pages again costs no measurable
		// time at 20,000 pages.
		SourceBudget: 32 << 20,
	}
	var plain string
	if b.plainLocale != "" {
		loc, ok := content.Locale(strings.ToLower(b.plainLocale))
		if !ok {
			return cfg, fmt.Errorf("--content-locale %q is not a locale (a BCP 47 tag such as en-US or zh-TW)", b.plainLocale)
		}
		plain = loc
	}
	layouts := b.layoutsDir()
	for _, r := range roots {
		if err := apart(layouts, r); err != nil {
			return cfg, err
		}
		cfg.Content = append(cfg.Content, content.Root{Name: filepath.ToSlash(filepath.Clean(r)), FS: content.DirFS(r), Dir: r, Locale: plain})
	}
	if b.locales != "" {
		cfg.Locales = strings.Split(b.locales, ",")
		// Every page is written in each locale (in English where it has
		// no translation), with a menu of them all: a list that comes
		// with the content is bounded, and each entry must be a locale.
		if len(cfg.Locales) > site.MaxLocales {
			return cfg, fmt.Errorf("--locales lists %d locales; at most %d", len(cfg.Locales), site.MaxLocales)
		}
		for _, l := range cfg.Locales {
			if _, ok := content.Locale(strings.ToLower(strings.TrimSpace(l))); !ok {
				return cfg, fmt.Errorf("--locales: %q is not a locale (a BCP 47 tag such as en-US or zh-TW)", l)
			}
		}
	}
	if b.bcd != "" {
		data, err := os.ReadFile(b.bcd)
		if err != nil {
			return cfg, err
		}
		sum := sha256.Sum256(data)
		cfg.CompatID = hex.EncodeToString(sum[:])
		if cfg.Compat, err = macro.ParseCompat(data); err != nil {
			return cfg, fmt.Errorf("%s: %w", b.bcd, err)
		}
	}
	return cfg, nil
}

// apart checks that the layouts folder and a content root do not overlap:
// a theme writes script into every page, and content comes from
// contributors, so no file may be both.
func apart(layoutsDir, root string) error {
	if layoutsDir == "" {
		return nil
	}
	real := func(p string) string {
		if abs, err := filepath.Abs(p); err == nil {
			p = abs
		}
		if r, err := filepath.EvalSymlinks(p); err == nil {
			p = r
		}
		return p
	}
	l, c := real(layoutsDir), real(root)
	if within(l, c) || within(c, l) {
		return fmt.Errorf("the layouts folder %q and the content root %q overlap: a theme writes script into every page, and content comes from contributors", filepath.ToSlash(layoutsDir), filepath.ToSlash(root))
	}
	return nil
}

// within reports whether path p is dir or below it.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && (rel == "." || filepath.IsLocal(rel))
}

// httpURL checks a URL the site links to: empty, or http(s) with a host
// (a config file comes with the content, and a javascript: URL there
// would be written into every page).
func httpURL(u string) error {
	if u == "" {
		return nil
	}
	p, err := url.Parse(u)
	if err != nil {
		return err
	}
	if p.Scheme != "http" && p.Scheme != "https" || p.Host == "" {
		return fmt.Errorf("not an http or https URL with a host")
	}
	return nil
}

// builtinLayouts names the built-in theme in messages: its folder in
// statusdocs's own repository.
const builtinLayouts = "statusdocs/layouts"

// layoutsDir is the layouts folder laid over the built-in theme: --layouts,
// or else layouts if the current folder has one outside the content
// roots; "" for none.
func (b *buildFlags) layoutsDir() string {
	if b.layouts != "" {
		return b.layouts
	}
	if st, err := os.Stat("layouts"); err == nil && st.IsDir() && !b.overlapsContent("layouts") {
		return "layouts"
	}
	return ""
}

// roots are the content roots: --content's, or content.
func (b *buildFlags) roots() listFlag {
	if len(b.content) == 0 {
		return listFlag{"content"}
	}
	return b.content
}

// overlapsContent reports whether a folder and a content root overlap
// (apart): a layouts folder found in the current folder is then no theme
// (as in a Hugo site given as content whole, whose templates are not
// statusdocs's).
func (b *buildFlags) overlapsContent(dir string) bool {
	for _, r := range b.roots() {
		if apart(dir, r) != nil {
			return true
		}
	}
	return false
}

// theme is the built-in theme with the layouts folder over it, and its
// name in messages.
func (b *buildFlags) theme() (fs.FS, string) {
	dir := b.layoutsDir()
	if dir == "" {
		return layouts.FS, builtinLayouts
	}
	// A theme in the docs repository is as untrusted as its pages.
	return overlay.New(content.DirFS(dir), layouts.FS), filepath.ToSlash(filepath.Clean(dir))
}

// inputs are the folders a build reads.
func (b *buildFlags) inputs() []string {
	var dirs []string
	if d := b.layoutsDir(); d != "" {
		dirs = append(dirs, d)
	}
	dirs = append(dirs, b.content...)
	if len(b.content) == 0 {
		dirs = append(dirs, "content")
	}
	return dirs
}

// parse parses a building command's arguments into a build configuration,
// checking the input folders and whatever more checks says. A code of 0 or
// more means the command should exit with it.
func (b *buildFlags) parse(c *subcommand, args []string, stdout, stderr io.Writer, checks ...func() error) (build.Config, int) {
	if code := c.parse(args, stdout, stderr); code >= 0 {
		return build.Config{}, code
	}
	if err := applyConfig(c.flags, b.configFile); err != nil {
		return build.Config{}, c.fail(stderr, "%v", err)
	}
	for _, check := range append(checks, b.check) {
		if err := check(); err != nil {
			return build.Config{}, c.fail(stderr, "%v", err)
		}
	}
	cfg, err := b.config()
	if err != nil {
		return build.Config{}, c.fail(stderr, "%v", err)
	}
	return cfg, -1
}

// check reports input folders that do not exist, a usage error.
func (b *buildFlags) check() error {
	for _, d := range b.inputs() {
		if st, err := os.Stat(d); err != nil || !st.IsDir() {
			return fmt.Errorf("%s: not a folder", d)
		}
	}
	return nil
}

// checkOut refuses an output folder that is, or holds, an input folder or
// the current folder: replacing it would delete them.
func (b *buildFlags) checkOut(out string) error {
	o, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	for _, d := range append(b.inputs(), ".") {
		in, err := filepath.Abs(d)
		if err != nil {
			return err
		}
		if rel, err := filepath.Rel(o, in); err == nil && !strings.HasPrefix(rel, "..") {
			return fmt.Errorf("--out %s would replace %s, which the build needs", out, d)
		}
	}
	return nil
}

// infoExamples is how many info flaws of each kind -v shows.
const infoExamples = 5

func runBuild(args []string, stdout, stderr io.Writer) int {
	c, in := buildCommand("build", "", 0, "Builds the site into --out, replacing it only when the build succeeds.")
	fs := c.flags
	out := fs.String("out", "public", "output `DIR`; replaced only when the build succeeds")
	strict := fs.Bool("strict", false, "exit 1 when there are error flaws")
	flawsFile := fs.String("flaws", "", "write every flaw to `FILE.json`")
	verbose := fs.Bool("v", false, "also list info flaws (links to pages outside the site and the like): their count by kind,\nwith the first few of each")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile to `FILE`")
	memProfile := fs.String("memprofile", "", "write a heap profile to `FILE` at the end")
	noCache := fs.Bool("no-cache", false, "build everything anew, without the build cache kept beside --out\n(.OUT.statusdocs-cache), and do not write one")
	cfg, code := in.parse(c, args, stdout, stderr, func() error { return in.checkOut(*out) })
	if code >= 0 {
		return code
	}
	cfg.CountInfo = !*verbose && *flawsFile == "" // info flaws are shown only then
	stop, err := startProfiles(*cpuProfile, *memProfile)
	if err != nil {
		fmt.Fprintf(stderr, "statusdocs build: %v\n", err)
		return 2
	}
	defer stop()
	cfg.Loaded = func(pages int) { setMemoryLimit(pages, !*noCache) }
	collect := func() {} // turns the collector back on, when a warm build turned it off
	cfg.Rendering = func(pages int) {
		if pages > warmRenders {
			collect()
		}
	}
	dir, err := build.NewDirBuild(cfg, *out, !*noCache)
	if err != nil {
		fmt.Fprintf(stderr, "statusdocs build: %v\n", err)
		return 1
	}
	if dir.Warm() && os.Getenv("GOGC") == "" {
		// What a warm build allocates is mostly what it reads of the
		// cache, kept to the end: the collector, which would run three
		// times while it loads, marking more each time, only costs it
		// (some 20 of its 400 ms of CPU at 20,000 pages). It is off, the
		// memory limit still bounding the heap, until the build turns out
		// to render many pages, and again after the build.
		percent := debug.SetGCPercent(-1)
		collect = sync.OnceFunc(func() { debug.SetGCPercent(percent) })
		defer collect()
	}
	end := showProgress(&cfg, stderr)
	res, buildErr := dir.Build()
	end()
	// A large site has thousands of flaws: one write, not one each.
	list := bufio.NewWriterSize(stderr, 64<<10)
	var line []byte
	for _, f := range res.Flaws {
		if f.Severity != flaw.Info {
			line, _ = f.AppendText(line[:0])
			_, _ = list.Write(append(line, '\n'))
		}
	}
	_ = list.Flush()
	if *verbose {
		res.WriteInfo(stderr, infoExamples)
	}
	for _, n := range res.Notes {
		fmt.Fprintf(stderr, "note: %s\n", n)
	}
	res.Summary(stdout)
	if note := res.InfoNote(); note != "" && !*verbose {
		fmt.Fprintf(stdout, "%s; -v lists them by kind, --flaws FILE.json writes them all\n", note)
	}
	if n := flaw.Count(res.Flaws, flaw.Error); buildErr == nil && *strict && n > 0 {
		buildErr = fmt.Errorf("%s (--strict)", plural.Count(n, "error flaw", "error flaws"))
	}
	if buildErr != nil {
		_ = dir.Abort()
		fmt.Fprintf(stderr, "statusdocs build: failed, %s left as it was: %v\n", *out, buildErr)
		writeFlaws(*flawsFile, res.Flaws, stderr)
		return 1
	}
	if code := commit(dir, stderr); code != 0 {
		return code
	}
	// After the swap, so that a flaws file inside --out lands in the new site.
	if !writeFlaws(*flawsFile, res.Flaws, stderr) {
		return 1
	}
	return 0
}

// startProfiles starts a CPU profile and returns a function that stops it
// and writes the heap profile.
func startProfiles(cpu, mem string) (func(), error) {
	var f *os.File
	if cpu != "" {
		var err error
		if f, err = os.Create(cpu); err != nil {
			return nil, err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return nil, err
		}
	}
	return func() {
		if f != nil {
			pprof.StopCPUProfile()
			_ = f.Close()
		}
		if mem != "" {
			if m, err := os.Create(mem); err == nil {
				runtime.GC()
				_ = pprof.WriteHeapProfile(m)
				_ = m.Close()
			}
		}
	}, nil
}

// commit swaps the new output in; an old output it cannot remove is a
// warning, since the new site is in place.
func commit(dir interface {
	Commit() error
	Abort() error
}, stderr io.Writer) int {
	err := dir.Commit()
	if _, old := errors.AsType[*output.OldOutputError](err); old {
		fmt.Fprintf(stderr, "statusdocs build: warning: %v; the next build removes it\n", err)
		return 0
	}
	if err != nil {
		_ = dir.Abort()
		fmt.Fprintf(stderr, "statusdocs build: %v\n", err)
		return 1
	}
	return 0
}

// writeFlaws writes the --flaws file, if one was asked for, and says
// whether it could.
func writeFlaws(name string, flaws []flaw.Flaw, stderr io.Writer) bool {
	if name == "" {
		return true
	}
	data, err := flaw.JSON(flaws)
	if err == nil {
		err = os.WriteFile(name, append(data, '\n'), 0o644)
	}
	if err != nil {
		fmt.Fprintf(stderr, "statusdocs build: %v\n", err)
		return false
	}
	return true
}
