package main

import (
	"errors"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"testing"
)

// TestHelp asks every command for its help, as a new user would: it is on
// stdout, exits 0, shows the command's arguments and the flags it reads,
// written as the README writes them, and none of the flags it ignores.
func TestHelp(t *testing.T) {
	singleDash := regexp.MustCompile(`(?m)^\s+-[a-z][a-z-]+`)
	for _, tc := range []struct {
		args      []string
		usage     string   // the line that starts the help
		flags     []string // flags it shows
		notFlags  []string // flags it must not show
		mentioned []string // anything else it says
	}{
		{[]string{"--help"}, "statusdocs builds", nil, []string{"--content"}, []string{"statusdocs l10n new [flags] LOCALE SLUG", "statusdocs version"}},
		{[]string{"-h"}, "statusdocs builds", nil, nil, nil},
		{[]string{"help"}, "statusdocs builds", nil, nil, nil},
		{[]string{"build", "--help"}, "Usage: statusdocs build [flags]",
			[]string{"--content DIR", "--layouts DIR", "--out DIR", "--base-path PREFIX", "--site-url URL", "--external-base URL", "--locales LOCALES",
				"--source-url URL", "--bcd data.json", "--redirect-stubs", "--strict", "--flaws FILE.json", "-v", "--no-git", "--no-cache", "--cpuprofile FILE", "--memprofile FILE"},
			[]string{"--addr", "--external ", "--locale ", "--json", "--export"}, []string{"(default public)", "(default https://developer.mozilla.org)"}},
		{[]string{"build", "-h"}, "Usage: statusdocs build [flags]", []string{"--content DIR"}, nil, nil},
		{[]string{"serve", "--help"}, "Usage: statusdocs serve [flags]", []string{"--addr HOST:PORT", "--allow-host NAME", "--content DIR", "--base-path PREFIX", "--no-cache"},
			[]string{"--out", "--strict", "--flaws", "--external "}, nil},
		{[]string{"check", "--help"}, "Usage: statusdocs check [flags]", []string{"--external", "--content DIR", "--site-url URL"},
			[]string{"--out", "--addr", "--strict"}, nil},
		{[]string{"l10n", "--help"}, "Usage: statusdocs l10n COMMAND", nil, nil, []string{"new [flags] LOCALE SLUG", "stamp [flags] FILE..."}},
		{[]string{"l10n", "-h"}, "Usage: statusdocs l10n COMMAND", nil, nil, nil},
		{[]string{"l10n", "status", "--help"}, "Usage: statusdocs l10n status [flags]", []string{"--locale LOCALE", "--json", "--content DIR", "--layouts DIR", "--locales LOCALES", "--no-git"},
			[]string{"--redirect-stubs", "--site-url", "--base-path", "--out", "--bcd"}, nil},
		{[]string{"l10n", "new", "--help"}, "Usage: statusdocs l10n new [flags] LOCALE SLUG", []string{"--content DIR"},
			[]string{"--redirect-stubs", "--site-url", "--layouts", "--locales", "--json"}, nil},
		{[]string{"l10n", "new", "ja", "Web/HTTP", "--help"}, "Usage: statusdocs l10n new [flags] LOCALE SLUG", nil, nil, nil},
		{[]string{"l10n", "stamp", "--help"}, "Usage: statusdocs l10n stamp [flags] FILE...", []string{"--content DIR"},
			[]string{"--redirect-stubs", "--site-url", "--layouts"}, nil},
		{[]string{"layouts", "--help"}, "Usage: statusdocs layouts [flags]", []string{"--export DIR"}, []string{"--content"}, nil},
		{[]string{"version", "--help"}, "Usage: statusdocs version", nil, []string{"Flags:"}, nil},
		{[]string{"help", "--help"}, "Usage: statusdocs help [COMMAND [SUBCOMMAND]]", nil, nil, nil},
		{[]string{"help", "l10n", "new"}, "Usage: statusdocs l10n new [flags] LOCALE SLUG", []string{"--content DIR"}, nil, nil},
		{[]string{"help", "serve"}, "Usage: statusdocs serve [flags]", []string{"--addr HOST:PORT"}, nil, nil},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			code, stdout, stderr := runCLI(tc.args...)
			if code != 0 || stderr != "" {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			if !strings.HasPrefix(stdout, tc.usage) {
				t.Errorf("help does not start with %q:\n%s", tc.usage, stdout)
			}
			for _, f := range tc.flags {
				if !strings.Contains(stdout, "\n  "+f+"\n") {
					t.Errorf("help lacks the line %q:\n%s", f, stdout)
				}
			}
			for _, f := range tc.notFlags {
				if strings.Contains(stdout, f) {
					t.Errorf("help shows %q, which this command does not read:\n%s", f, stdout)
				}
			}
			for _, s := range tc.mentioned {
				if !strings.Contains(stdout, s) {
					t.Errorf("help lacks %q:\n%s", s, stdout)
				}
			}
			if m := singleDash.FindString(stdout); m != "" {
				t.Errorf("help writes a flag with one dash: %q", m)
			}
		})
	}
}

// TestUsageErrors gives commands what they cannot take: each is exit 2
// with one line naming the problem (and a suggestion when one is close),
// then one line saying where the usage is, never the whole flag list.
func TestUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string // the first line of stderr
		hint string // the second
	}{
		{[]string{"build", "--contnet", "x"}, "statusdocs build: unknown flag --contnet (did you mean --content?)", "run statusdocs build --help for its usage"},
		{[]string{"build", "-contnet", "x"}, "statusdocs build: unknown flag --contnet (did you mean --content?)", "run statusdocs build --help for its usage"},
		{[]string{"build", "--redirect"}, "statusdocs build: unknown flag --redirect (did you mean --redirect-stubs?)", "run statusdocs build --help for its usage"},
		{[]string{"build", "--zzz"}, "statusdocs build: unknown flag --zzz", "run statusdocs build --help for its usage"},
		{[]string{"build", "--addr", "x"}, "statusdocs build: unknown flag --addr", "run statusdocs build --help for its usage"},
		{[]string{"build", "--out"}, "statusdocs build: flag needs an argument: --out", "run statusdocs build --help for its usage"},
		{[]string{"build", "--strict=maybe"}, `statusdocs build: invalid boolean value "maybe" for --strict: parse error`, "run statusdocs build --help for its usage"},
		{[]string{"build", "extra"}, `statusdocs build: unexpected argument "extra"`, "run statusdocs build --help for its usage"},
		{[]string{"biuld"}, `statusdocs: unknown command "biuld" (did you mean build?)`, "run statusdocs --help for its commands"},
		{[]string{"nope"}, `statusdocs: unknown command "nope"`, "run statusdocs --help for its commands"},
		{[]string{"--verison"}, "statusdocs: unknown flag --verison (did you mean --version?)", "run statusdocs --help for its commands"},
		{[]string{"help", "biuld"}, `statusdocs: unknown command "biuld" (did you mean build?)`, "run statusdocs --help for its commands"},
		{[]string{"l10n", "stats"}, `statusdocs l10n: unknown command "stats" (did you mean status?)`, "run statusdocs l10n --help for its commands"},
		{[]string{"l10n", "new", "--content", "../content", "ja"}, "statusdocs l10n new: wants 2 arguments (LOCALE SLUG), got 1", "run statusdocs l10n new --help for its usage"},
		{[]string{"l10n", "stamp"}, "statusdocs l10n stamp: missing FILE...", "run statusdocs l10n stamp --help for its usage"},
		{[]string{"l10n", "stamp", "a.md", "--content", "x"}, "statusdocs l10n stamp: flag --content after the arguments: flags go before them", "run statusdocs l10n stamp --help for its usage"},
		{[]string{"l10n", "new", "--site-url", "x", "ja", "A"}, "statusdocs l10n new: unknown flag --site-url", "run statusdocs l10n new --help for its usage"},
		{[]string{"l10n", "status", "--jsn"}, "statusdocs l10n status: unknown flag --jsn (did you mean --json?)", "run statusdocs l10n status --help for its usage"},
		{[]string{"layouts"}, "statusdocs layouts: --export DIR is required", "run statusdocs layouts --help for its usage"},
		{[]string{"layouts", "--exprt", "x"}, "statusdocs layouts: unknown flag --exprt (did you mean --export?)", "run statusdocs layouts --help for its usage"},
		{[]string{"version", "extra"}, `statusdocs version: unexpected argument "extra"`, "run statusdocs version --help for its usage"},
		{[]string{"serve", "--addr", "127.0.0.1:99999"}, `statusdocs serve: --addr "127.0.0.1:99999": not HOST:PORT`, "run statusdocs serve --help for its usage"},
		{[]string{"serve", "--addr", "localhost"}, `statusdocs serve: --addr "localhost": not HOST:PORT`, "run statusdocs serve --help for its usage"},
		{[]string{"check", "--content", "/no/such/dir"}, "statusdocs check: /no/such/dir: not a folder", "run statusdocs check --help for its usage"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			code, stdout, stderr := runCLI(tc.args...)
			if code != 2 || stdout != "" {
				t.Errorf("exit %d, stdout %q; want 2 and nothing", code, stdout)
			}
			lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
			if !strings.HasPrefix(lines[0], tc.want) {
				t.Errorf("stderr starts %q, want %q", lines[0], tc.want)
			}
			if len(lines) != 2 || lines[1] != tc.hint {
				t.Errorf("stderr, after its first line, is not %q:\n%s", tc.hint, stderr)
			}
		})
	}
	for _, args := range [][]string{{}, {"l10n"}} { // the list of commands, to stderr
		if code, stdout, stderr := runCLI(args...); code != 2 || stdout != "" || !strings.Contains(stderr, "Usage:") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
}

// TestVersion runs statusdocs --version and version: the same line, from
// the test binary's build information, which has no module version.
func TestVersion(t *testing.T) {
	_, want, _ := runCLI("version")
	for _, args := range [][]string{{"--version"}, {"version"}, {"-version"}} {
		code, stdout, stderr := runCLI(args...)
		if code != 0 || stderr != "" || stdout != want || !strings.HasPrefix(stdout, "statusdocs (devel), ") {
			t.Errorf("%v: exit %d, %q, %q", args, code, stdout, stderr)
		}
	}
}

func TestVersionLine(t *testing.T) {
	vcs := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	for _, tc := range []struct {
		info *debug.BuildInfo
		want string
	}{
		{nil, "statusdocs (devel), without build information"},
		{&debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "(devel)"}},
			"statusdocs (devel), no revision recorded (built with -buildvcs=false or outside a checkout), go1.26.0"},
		{&debug.BuildInfo{GoVersion: "go1.26.0"},
			"statusdocs (devel), no revision recorded (built with -buildvcs=false or outside a checkout), go1.26.0"},
		{&debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "v0.0.0-20261204-5273752abcde+dirty"},
			Settings: vcs("vcs.revision", "5273752abcde", "vcs.time", "2026-12-04T21:00:00Z", "vcs.modified", "true")},
			"statusdocs v0.0.0-20261204-5273752abcde+dirty, revision 5273752abcde with local changes of 2026-12-04T21:00:00Z, go1.26.0"},
		{&debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "v1.2.0"}, Settings: vcs("vcs.revision", "abc", "vcs.modified", "false")},
			"statusdocs v1.2.0, revision abc, go1.26.0"},
	} {
		if got := versionLine(tc.info, tc.info != nil); got != tc.want {
			t.Errorf("got  %q\nwant %q", got, tc.want)
		}
	}
}

func TestDidYouMean(t *testing.T) {
	flags := []string{"help", "content", "layouts", "out", "redirect-stubs", "v", "locale", "locales"}
	for _, tc := range []struct{ name, want string }{
		{"contnet", "content"},
		{"Content", "content"},
		{"contents", "content"},
		{"layout", "layouts"},
		{"otu", "out"},
		{"redirect", "redirect-stubs"},
		{"locals", "locale"},
		{"x", ""},
		{"vv", ""},
		{"zzz", ""},
		{"statusdocs", ""},
		{"", ""},
	} {
		want := ""
		if tc.want != "" {
			want = " (did you mean " + flagName(tc.want) + "?)"
		}
		if got := didYouMean(tc.name, flags, flagName); got != want {
			t.Errorf("%q: %q, want %q", tc.name, got, want)
		}
	}
}

// TestDocumentedFlags runs, through the CLI, the flags the README documents
// that the other tests leave out, and looks for what each is said to do.
func TestDocumentedFlags(t *testing.T) {
	root := contentOf404(t)
	zh := filepath.Join(root, "zh-tw/web/http/reference/status/404/index.md")
	writeFile(t, zh, "---\ntitle: 404 找不到\nslug: Web/HTTP/Reference/Status/404\n---\n\n找不到。\n")
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	build := func(t *testing.T, args ...string) (string, string) {
		t.Helper()
		code, stdout, stderr := runCLI(append([]string{"build", "--content", root, "--out", out, "--no-git"}, args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr)
		}
		return stdout, stderr
	}
	t.Run("summary and -v", func(t *testing.T) {
		stdout, stderr := build(t)
		m := regexp.MustCompile(`, (\d+) info in `).FindStringSubmatch(stdout)
		if m == nil || m[1] == "0" {
			t.Fatalf("no info flaws in the summary:\n%s", stdout)
		}
		note := m[1] + " info, not problems: " + m[1] + " outside-site (links to pages outside the site, which go to the external base); -v lists them by kind, --flaws FILE.json writes them all\n"
		if !strings.Contains(stdout, note) || strings.Contains(stderr, "info") {
			t.Errorf("without -v, stdout lacks %q or stderr lists info flaws:\n%s\n%s", note, stdout, stderr)
		}
		stdout, stderr = build(t, "-v")
		group := "info: outside-site: " + m[1] + ", the first 5:\n"
		_, examples, found := strings.Cut(stderr, group)
		if !found || strings.Contains(stdout, "-v lists them") {
			t.Fatalf("-v: stderr lacks %q, or stdout still explains -v:\n%s\n%s", group, stderr, stdout)
		}
		lines := strings.Split(examples, "\n")
		for i, l := range lines[:5] {
			if !strings.HasPrefix(l, "  "+filepath.ToSlash(root)+"/en-us/") || !strings.Contains(l, ": info: outside-site: ") {
				t.Errorf("example %d: %q", i+1, l)
			}
		}
		if strings.HasPrefix(lines[5], "  ") {
			t.Errorf("more than 5 examples: %q", lines[5])
		}
	})
	t.Run("--external-base", func(t *testing.T) {
		build(t, "--external-base", "https://docs.example")
		if page := readOut(t, out, page404); !strings.Contains(page, `href="https://docs.example/en-US/docs/`) {
			t.Error("no link to --external-base")
		}
		if _, stderr := build(t, "--external-base", ""); !strings.Contains(stderr, ": error: broken-link: ") {
			t.Errorf("--external-base '': no broken-link errors:\n%s", stderr)
		}
	})
	t.Run("--locales", func(t *testing.T) {
		build(t)
		if _, err := os.Stat(filepath.Join(out, "zh-TW")); err != nil {
			t.Fatal(err)
		}
		build(t, "--locales", "en-US")
		if _, err := os.Stat(filepath.Join(out, "zh-TW")); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("--locales en-US published zh-TW: %v", err)
		}
	})
	t.Run("--source-url", func(t *testing.T) {
		build(t, "--source-url", "https://example.org/docs/blob/main/") // what it shows: issue 18, point 4
	})
	t.Run("--bcd", func(t *testing.T) {
		bcd := filepath.Join(dir, "data.json")
		if err := os.WriteFile(bcd, []byte("{not json"), 0o644); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := runCLI("build", "--content", root, "--out", out, "--bcd", bcd)
		if code != 2 || !strings.Contains(stderr, "statusdocs build: "+bcd+": ") {
			t.Errorf("--bcd with a file that does not parse: exit %d\n%s", code, stderr)
		}
	})
	t.Run("--cpuprofile --memprofile", func(t *testing.T) {
		cpu, mem := filepath.Join(dir, "cpu.pprof"), filepath.Join(dir, "mem.pprof")
		build(t, "--cpuprofile", cpu, "--memprofile", mem)
		for _, f := range []string{cpu, mem} {
			if st, err := os.Stat(f); err != nil || st.Size() == 0 {
				t.Errorf("%s: no profile (%v)", f, err)
			}
		}
	})
}

// TestL10nStatusLocale checks that l10n status --locale L shows L alone,
// with its missing pages listed.
func TestL10nStatusLocale(t *testing.T) {
	code, stdout, stderr := runCLI("l10n", "status", "--content", "../content", "--no-git", "--locale", "ja")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "\nja  ") || strings.Contains(stdout, "zh-TW") || !strings.Contains(stdout, "\n  missing   Web/HTTP/") {
		t.Errorf("--locale ja:\n%s", stdout)
	}
	if _, stdout, _ := runCLI("l10n", "status", "--content", "../content", "--no-git"); strings.Contains(stdout, "\n  missing   ") {
		t.Errorf("without --locale, missing pages are listed:\n%s", stdout)
	}
}

// TestCheckExternal runs check --external on a page that links to a local
// server: the link it answers with 404 is a problem, the one it answers
// with 200 is not, and without --external neither is requested.
func TestCheckExternal(t *testing.T) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if r.URL.Path != "/ok" {
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	root := filepath.Join(t.TempDir(), "content")
	page := filepath.Join(root, "en-us/web/a/index.md")
	writeFile(t, page, "---\ntitle: A\nslug: Web/A\n---\n\nSee [gone]("+srv.URL+"/gone) and [ok]("+srv.URL+"/ok).\n")
	_, stdout, _ := runCLI("check", "--content", root, "--no-git")
	if requests.Load() != 0 || strings.Contains(stdout, "external") {
		t.Errorf("without --external: %d requests\n%s", requests.Load(), stdout)
	}
	code, stdout, _ := runCLI("check", "--external", "--content", root, "--no-git")
	gone := filepath.ToSlash(page) + ":6:5: en-US/docs/Web/A/index.html: external link " + srv.URL + "/gone: "
	if code != 1 || !strings.Contains(stdout, gone) || strings.Contains(stdout, srv.URL+"/ok:") || !strings.Contains(stdout, ", 2 external URLs: ") {
		t.Errorf("--external: exit %d\n%s", code, stdout)
	}
}
