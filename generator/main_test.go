package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// copyDir copies a folder tree, for tests that change layouts.
func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestMain lets a test run statusdocs as a process of its own: with
// STATUSDOCS_RUN_MAIN set, this test binary is the command.
func TestMain(m *testing.M) {
	if os.Getenv("STATUSDOCS_RUN_MAIN") != "" {
		main()
	}
	// serve keeps its build cache in the user's cache folder: the tests'
	// in one of their own.
	cache, err := os.MkdirTemp("", "statusdocs-test-cache-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CACHE_HOME", cache)
	code := m.Run()
	_ = os.RemoveAll(cache)
	os.Exit(code)
}

func runCLI(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// writeFile writes a file of a test, making its folders.
func writeFile(t testing.TB, name, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestBuildContent(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	flaws := filepath.Join(t.TempDir(), "flaws.json")
	code, stdout, stderr := runCLI("build", "--content", "../content", "--layouts", "../layouts", "--out", out, "--flaws", flaws)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "en-US/docs/Web/HTTP/Reference/Status/500/index.html")); err != nil {
		t.Error(err)
	}
	if !strings.Contains(stdout, "locale") || !strings.Contains(stdout, "en-US") {
		t.Errorf("no summary table:\n%s", stdout)
	}
	// Previous and next, in every locale, fallbacks included; 418 shows
	// its names in the libraries without the macro.
	locales, _ := filepath.Glob(filepath.Join(out, "*", "docs"))
	for _, l := range locales {
		locale := filepath.Base(filepath.Dir(l))
		page := readOut(t, l, "Web/HTTP/Reference/Status/404/index.html")
		for _, want := range []string{`rel="prev" href="/` + locale + `/docs/Web/HTTP/Reference/Status/403/"`, `rel="next" href="/` + locale + `/docs/Web/HTTP/Reference/Status/405/"`} {
			if !strings.Contains(page, want) {
				t.Errorf("%s 404 lacks %s", locale, want)
			}
		}
		page = readOut(t, l, "Web/HTTP/Reference/Status/418/index.html")
		for _, want := range []string{"<code>http.StatusTeapot</code>", "<code>HTTPStatus.IM_A_TEAPOT</code>", "&#34;I&#39;m a Teapot&#34;", "HTTP/1.1 418 I&#39;m a teapot"} {
			if !strings.Contains(page, want) {
				t.Errorf("%s 418 lacks %s", locale, want)
			}
		}
	}
	if len(locales) < 4 {
		t.Errorf("locales built: %v", locales)
	}
	var list []map[string]any
	data, err := os.ReadFile(flaws)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &list); err != nil {
		t.Fatal(err)
	}
	for _, f := range list {
		for _, k := range []string{"kind", "severity", "file", "line", "col", "message", "suggestion"} {
			if _, ok := f[k]; !ok {
				t.Fatalf("flaw lacks %q: %v", k, f)
			}
		}
	}
}

func TestStrict(t *testing.T) {
	root := t.TempDir()
	page := filepath.Join(root, "en-us", "bad", "index.md")
	if err := os.MkdirAll(filepath.Dir(page), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, []byte("---\ntitle: Bad\nslug: Bad\n---\n\n{{NoSuchMacro}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	code, _, stderr := runCLI("build", "--content", root, "--layouts", "../layouts", "--out", out)
	if code != 0 {
		t.Fatalf("without --strict: exit %d", code)
	}
	want := filepath.ToSlash(page) + `:6:1: error: unknown-macro: unknown macro "NoSuchMacro"`
	if !strings.Contains(stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr)
	}
	// A strict build that fails leaves the last output as it was, with
	// or without the build cache, and still writes --flaws.
	page404 := filepath.Join(out, "404.html")
	before, err := os.ReadFile(page404)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, []byte("---\ntitle: Bad again\nslug: Bad\n---\n\n{{NoSuchMacro}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{}, {"--no-cache"}} {
		flaws := filepath.Join(t.TempDir(), "flaws.json")
		code, _, stderr := runCLI(append([]string{"build", "--strict", "--content", root, "--layouts", "../layouts", "--out", out, "--flaws", flaws}, args...)...)
		if code != 1 || !strings.Contains(stderr, "left as it was: 1 error flaw (--strict)") {
			t.Errorf("with --strict %v: exit %d, want 1:\n%s", args, code, stderr)
		}
		if after, _ := os.ReadFile(page404); !bytes.Equal(before, after) {
			t.Errorf("with --strict %v: the output changed", args)
		}
		if page := readOut(t, out, "en-US/docs/Bad/index.html"); strings.Contains(page, "Bad again") {
			t.Errorf("with --strict %v: the failed build's page is in the output", args)
		}
		if _, err := os.Stat(flaws); err != nil {
			t.Errorf("with --strict %v: no --flaws file: %v", args, err)
		}
	}
}

// TestCrashInputBuilds builds the 17-byte page that once crashed the
// definition lists (exit 2, a temporary folder left behind), as a page and
// as a translation left out for conflicting with another.
func TestCrashInputBuilds(t *testing.T) {
	root := t.TempDir()
	const crash = "* 0\n  * :\n    * :"
	for name, text := range map[string]string{
		"en-us/a/index.md":     "---\ntitle: A\nslug: A\n---\n\n" + crash,
		"en-us/_redirects.txt": "/en-US/docs/Old_A\t/en-US/docs/A\n",
		"zh-tw/a/index.md":     "---\ntitle: 甲\nslug: A\n---\n\n" + crash,
		"zh-tw/old_a/index.md": "---\ntitle: 舊甲\nslug: Old_A\n---\n\n" + crash,
	} {
		file := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "public")
	code, _, stderr := runCLI("build", "--content", root, "--layouts", "../layouts", "--out", out, "--no-git")
	if code != 0 || strings.Contains(stderr, "internal") {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stderr, filepath.ToSlash(root)+"/zh-tw/old_a/index.md:3:1: error: conflicting-translation") {
		t.Errorf("the left-out translation is not reported at its slug:\n%s", stderr)
	}
	if page, err := os.ReadFile(filepath.Join(out, "zh-TW", "docs", "A", "index.html")); err != nil || !bytes.Contains(page, []byte("<dl>")) {
		t.Errorf("the translation is not published with its definition list: %v", err)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.build-*")); len(leftovers) > 0 {
		t.Errorf("temporary folders left: %v", leftovers)
	}
}

// TestContentOutsideRoot builds content whose pages link to files outside
// the content root (a file holding a secret, the build's environment) or
// to hidden files inside it (a repository's .git/config holds a CI's
// token when the content root is its top), and whose translation is
// empty: the build succeeds, says where each bad file is, publishes the
// English page in the translation's place, and writes the secret nowhere.
func TestContentOutsideRoot(t *testing.T) {
	const secret = "SECRET-7f3a9c"
	t.Setenv("STATUSDOCS_TEST_SECRET", secret)
	base := t.TempDir()
	root, outside, out := filepath.Join(base, "content"), filepath.Join(base, "outside"), filepath.Join(base, "public")
	files := map[string]string{
		filepath.Join(outside, "secret.md"):                  "---\ntitle: " + secret + "\nslug: Web/Env\n---\n\n" + secret + "\n",
		filepath.Join(root, ".git", "config"):                "[http]\n\textraheader = AUTHORIZATION: basic " + secret + "\n",
		filepath.Join(root, ".env.md"):                       "---\ntitle: " + secret + "\nslug: Web/Dotenv\n---\n\n" + secret + "\n",
		filepath.Join(root, "en-us", "web", "a", "index.md"): "---\ntitle: A\nslug: Web/A\n---\n\nSee [env](/en-US/docs/Web/Env) and [environ](/en-US/docs/Web/Environ).\n",
		filepath.Join(root, "en-us", "web", "b", "index.md"): "---\ntitle: B\nslug: Web/B\n---\n\nB.\n",
		filepath.Join(root, "zh-tw", "web", "a", "index.md"): "",
		filepath.Join(root, "zh-tw", "web", "b", "index.md"): "---\ntitle: 乙\nslug: Web/B\n---\n\n乙。\n",
	}
	for name, data := range files {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]string{"env/index.md": filepath.Join(outside, "secret.md"), "environ/index.md": "/proc/self/environ",
		"b/config.txt": "../../../.git/config", "dotenv/index.md": "../../../.env.md"}
	for name, target := range links {
		link := filepath.Join(root, "en-us", "web", filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, link); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	code, _, stderr := runCLI("build", "--content", root, "--layouts", "../layouts", "--out", out, "--no-git")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	for _, want := range []string{
		filepath.ToSlash(root) + "/en-us/web/env/index.md:1:1: error: outside-root: ",
		filepath.ToSlash(root) + "/en-us/web/environ/index.md:1:1: error: outside-root: ",
		filepath.ToSlash(root) + `/en-us/web/b/config.txt:1:1: error: outside-root: symbolic link leads to ".git/config", a hidden file`,
		filepath.ToSlash(root) + `/en-us/web/dotenv/index.md:1:1: error: outside-root: symbolic link leads to ".env.md", a hidden file`,
		filepath.ToSlash(root) + "/zh-tw/web/a/index.md:1:1: error: bad-file: the file is empty",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	zh, err := os.ReadFile(filepath.Join(out, "zh-TW", "docs", "Web", "A", "index.html"))
	if err != nil || !bytes.Contains(zh, []byte("noindex")) {
		t.Errorf("zh-TW/docs/Web/A is not the English page's fallback (%v)", err)
	}
	err = filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if data, err := os.ReadFile(p); err != nil || bytes.Contains(data, []byte(secret)) {
			t.Errorf("%s holds the secret (%v)", p, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestLayoutsOutsideRoot checks that the layouts folder does not lead
// outside itself either: a static file that links out fails the build, as
// a broken layout does, and publishes nothing.
func TestLayoutsOutsideRoot(t *testing.T) {
	const secret = "SECRET-b81d2e"
	base := t.TempDir()
	layouts, out := filepath.Join(base, "layouts"), filepath.Join(base, "public")
	copyDir(t, "../layouts", layouts)
	if err := os.WriteFile(filepath.Join(base, "secret.txt"), []byte(secret), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(base, "secret.txt"), filepath.Join(layouts, "static", "leak.txt")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	code, _, stderr := runCLI("build", "--content", "../content", "--layouts", layouts, "--out", out, "--no-git")
	if code != 1 || !strings.Contains(stderr, "static/leak.txt") {
		t.Errorf("exit %d, want 1 naming static/leak.txt:\n%s", code, stderr)
	}
	if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("output written: %v", err)
	}
}

// TestBrokenLayoutKeepsPreviousSite checks the build is atomic: a layout
// that does not parse fails the build with its file:line and leaves the
// previous output as it was.
func TestBrokenLayoutKeepsPreviousSite(t *testing.T) {
	layouts := filepath.Join(t.TempDir(), "layouts")
	copyDir(t, "../layouts", layouts)
	out := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := runCLI("build", "--content", "../content", "--layouts", layouts, "--out", out); code != 0 {
		t.Fatalf("first build: exit %d\n%s", code, stderr)
	}
	marker := filepath.Join(out, "en-US", "index.html")
	before, err := os.ReadFile(marker)
	if err != nil {
		t.Fatal(err)
	}
	doc := filepath.Join(layouts, "doc.html")
	data, _ := os.ReadFile(doc)
	broken := strings.Replace(string(data), "<h1>{{.Title}}", "<h1>{{.Title", 1)
	if broken == string(data) {
		t.Fatal("doc.html has no <h1>{{.Title}} to break")
	}
	if err := os.WriteFile(doc, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI("build", "--content", "../content", "--layouts", layouts, "--out", out)
	if code != 1 {
		t.Fatalf("broken layout: exit %d, want 1", code)
	}
	if !strings.Contains(stderr, filepath.ToSlash(doc)+":") || !strings.Contains(stderr, "error: layout:") {
		t.Errorf("stderr does not name the template file and line:\n%s", stderr)
	}
	after, err := os.ReadFile(marker)
	if err != nil || !bytes.Equal(before, after) {
		t.Errorf("previous output changed: %v", err)
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.build-*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary folders left: %v", leftovers)
	}
}

// TestOutputFolderSafety checks that --out never replaces a folder the
// build reads, the current folder, or a folder of other files.
func TestOutputFolderSafety(t *testing.T) {
	project := t.TempDir()
	copyDir(t, "../content", filepath.Join(project, "content"))
	copyDir(t, "../layouts", filepath.Join(project, "layouts"))
	other := t.TempDir()
	if err := os.WriteFile(filepath.Join(other, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	in := []string{"--content", filepath.Join(project, "content"), "--layouts", filepath.Join(project, "layouts")}
	for _, out := range []string{project, filepath.Join(project, "content"), ".", other} {
		code, _, stderr := runCLI(append([]string{"build", "--out", out}, in...)...)
		if code == 0 {
			t.Errorf("--out %s: built, want a refusal", out)
		}
		if !strings.Contains(stderr, "refusing") && !strings.Contains(stderr, "would replace") {
			t.Errorf("--out %s: no reason given:\n%s", out, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(project, "content", "en-us")); err != nil {
		t.Error("content was touched:", err)
	}
	if data, _ := os.ReadFile(filepath.Join(other, "notes.txt")); string(data) != "mine" {
		t.Error("a folder of other files was replaced")
	}
	out := filepath.Join(t.TempDir(), "site")
	for range 2 { // a previous build is replaced without complaint
		if code, _, stderr := runCLI(append([]string{"build", "--out", out}, in...)...); code != 0 {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
	}
}

// TestHostileRedirects builds with --redirect-stubs from a _redirects.txt
// a hostile contributor wrote: the build succeeds, each bad line is a
// flaw at its line, the lines after it still count, and nothing is
// written outside --out.
func TestHostileRedirects(t *testing.T) {
	root := t.TempDir()
	content := filepath.Join(root, "content")
	copyDir(t, "../content", content)
	file := filepath.Join(content, "en-us", "_redirects.txt")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	first := bytes.Count(data, []byte("\n")) + 1 // the line number of the first added line
	hostile := []string{
		"/en-US/docs/%2e%2e/%2e%2e/%2e%2e/escaped\t/en-US/docs/Web/HTTP/Reference/Status/404",
		"/en-US/docs/%2E./%2e%2E/%2E%2e/escaped\t/en-US/docs/Web/HTTP/Reference/Status/404",
		"/en-US/docs/" + strings.Repeat("x", 5000) + "\t/en-US/docs/Web/HTTP/Reference/Status/404",
		"/en-US/docs/a%00b%0a\t/en-US/docs/Web/HTTP/Reference/Status/404",
		"/fr/docs/Other\t/en-US/docs/Web/HTTP/Reference/Status/404",
		"/en-US/docs/Huge\thttps://example.com/" + strings.Repeat("a", 100<<10),
	}
	good := "/en-US/docs/Moved/After\t/en-US/docs/Web/HTTP/Reference/Status/404"
	data = append(data, strings.Join(append(hostile, good), "\n")+"\n"...)
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(root, "site", "public")
	code, _, stderr := runCLI("build", "--redirect-stubs", "--content", content, "--layouts", "../layouts", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	for i, line := range hostile {
		col := 1
		if strings.Contains(line, "Huge") { // the target is at fault
			col = len("/en-US/docs/Huge\t") + 1
		}
		want := fmt.Sprintf("%s:%d:%d: warning: bad-redirect: ", filepath.ToSlash(file), first+i, col)
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q", want)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "en-US/docs/Moved/After/index.html")); err != nil {
		t.Errorf("the stub after the hostile lines: %v", err)
	}
	for dir, want := range map[string]string{root: "content site", filepath.Dir(out): ".public.statusdocs-cache public"} {
		if got := strings.Join(dirNames(t, dir), " "); got != want {
			t.Errorf("%s holds %s, want %s", dir, got, want)
		}
	}
	err = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(d.Name(), "escaped") {
			t.Errorf("written: %s", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// dirNames lists a folder.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestTooManyLocales: a change that adds locale folders by the hundred
// (each locale holds a copy of every page, with a menu of them all) has
// the site publish 40 of them, and the others reported, once a build.
func TestTooManyLocales(t *testing.T) {
	root := filepath.Join(t.TempDir(), "content")
	for n := range 5 {
		writeFile(t, filepath.Join(root, "en-us", fmt.Sprint("p", n), "index.md"), fmt.Sprintf("---\ntitle: P%d\nslug: P%d\n---\n\nText.\n", n, n))
	}
	var locales []string
	for a := 'a'; len(locales) < 60; a++ {
		for b := 'a'; b <= 'z' && len(locales) < 60; b++ {
			name := string([]rune{'q', a, b}) // qaa–qtz: private use, and valid
			locales = append(locales, name)
			writeFile(t, filepath.Join(root, name, "p0", "index.md"), "---\ntitle: X\nslug: P0\n---\n\nX.\n")
		}
	}
	out := filepath.Join(t.TempDir(), "out")
	for _, cache := range []string{"--no-cache", "", ""} { // cold, then cold and warm with the cache
		args := []string{"build", "--content", root, "--out", out}
		if cache != "" {
			args = append(args, cache)
		}
		code, stdout, stderr := runCLI(args...)
		if code != 0 {
			t.Fatalf("%q: exit %d\n%s", args, code, stderr)
		}
		if n := strings.Count(stderr, ": error: too-many-locales: more than 40 locales have pages; "); n != 21 {
			t.Errorf("%q: %d too-many-locales errors, want 21:\n%s", args, n, stderr)
		}
		if !strings.Contains(stderr, filepath.ToSlash(root)+"/qbn/p0/index.md: error: too-many-locales: more than 40 locales have pages; qbn, with 1 page, is left out (suggestion: list the locales to publish with --locales)") {
			t.Errorf("no error on qbn, the first locale of the last 21:\n%s", stderr)
		}
		docs, _ := filepath.Glob(filepath.Join(out, "*", "docs"))
		if len(docs) != 40 || !strings.Contains(stdout, "\n44 pages, ") { // 5 English, and one of each of 39 locales
			t.Errorf("%q: %d locales published: %q\n%s", args, len(docs), docs, stdout)
		}
	}
	if code, _, _ := runCLI("build", "--content", root, "--out", out, "--strict"); code != 1 {
		t.Errorf("--strict: exit %d, want 1", code)
	}
	code, _, stderr := runCLI("build", "--content", root, "--out", out, "--locales", "en-US,qch,qaa")
	if docs, _ := filepath.Glob(filepath.Join(out, "*", "docs")); code != 0 || len(docs) != 3 || strings.Contains(stderr, "too-many-locales") {
		t.Errorf("--locales en-US,qch,qaa: exit %d, %q\n%s", code, docs, stderr)
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{{}, {"nope"}, {"build", "--nope"}, {"build", "extra"}, {"build", "--content", "/no/such/dir"}} {
		if code, _, _ := runCLI(args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code, stdout, _ := runCLI("help"); code != 0 || !strings.Contains(stdout, "statusdocs build") {
		t.Errorf("help: exit %d\n%s", code, stdout)
	}
}

// TestL10nNewAndStamp runs the translator loop in a git repository: start a
// translation, refuse to overwrite it, fall behind the English page, stamp.
func TestL10nNewAndStamp(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	git := func(args ...string) string {
		cmd := exec.Command("git", append([]string{"-c", "user.name=T", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	en := filepath.Join(dir, "content/en-us/web/http/reference/status/418/index.md")
	if err := os.MkdirAll(filepath.Dir(en), 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(text string) {
		if err := os.WriteFile(en, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("---\ntitle: \"418 I'm a teapot\"\nslug: Web/HTTP/Reference/Status/418\npage-type: http-status-code\nsidebar: http\n---\n\nShort and stout.\n")
	git("init", "-q")
	git("add", "-A")
	git("commit", "-q", "-m", "en")
	first := git("rev-parse", "HEAD")
	in := []string{"--content", filepath.Join(dir, "content")} // what new and stamp read
	statusIn := append(in, "--layouts", "../layouts")

	code, stdout, stderr := runCLI(append([]string{"l10n", "new"}, append(in, "zh-tw", "web/http/reference/status/418")...)...)
	if code != 0 {
		t.Fatalf("l10n new: exit %d\n%s", code, stderr)
	}
	zh := filepath.Join(dir, "content/zh-tw/web/http/reference/status/418/index.md")
	data, err := os.ReadFile(zh)
	want := "---\ntitle: \"418 I'm a teapot\"\nslug: Web/HTTP/Reference/Status/418\nl10n:\n  sourceCommit: " + first + "\n---\n\nShort and stout.\n"
	if err != nil || string(data) != want || !strings.Contains(stdout, zh) {
		t.Fatalf("l10n new wrote %q (%v), want %q", data, err, want)
	}
	if code, _, _ := runCLI(append([]string{"l10n", "new"}, append(in, "zh-tw", "Web/HTTP/Reference/Status/418")...)...); code != 1 {
		t.Errorf("l10n new over an existing file: exit %d, want 1", code)
	}
	// Links in the content never make it write outside: a locale folder
	// that links out, a file that links to nothing outside.
	outside := t.TempDir()
	fr := filepath.Join(dir, "content/fr/web/http/reference/status/418/index.md")
	if err := os.MkdirAll(filepath.Dir(fr), 0o755); err != nil {
		t.Fatal(err)
	}
	for link, target := range map[string]string{filepath.Join(dir, "content/ja"): outside, fr: filepath.Join(outside, "planted.md")} {
		if err := os.Symlink(target, link); err != nil {
			t.Fatal(err)
		}
	}
	for _, loc := range []string{"ja", "fr"} {
		if code, _, _ := runCLI(append([]string{"l10n", "new"}, append(in, loc, "Web/HTTP/Reference/Status/418")...)...); code != 1 {
			t.Errorf("l10n new %s through a link out of the content: exit %d, want 1", loc, code)
		}
	}
	if entries, _ := os.ReadDir(outside); len(entries) > 0 {
		t.Errorf("l10n new wrote outside the content: %v", entries)
	}
	for _, p := range []string{filepath.Join(dir, "content/ja"), filepath.Join(dir, "content/fr")} {
		if err := os.RemoveAll(p); err != nil {
			t.Fatal(err)
		}
	}
	translated := strings.Replace(want, "Short and stout.", "又矮又胖。\n\n<!-- translator's own note -->", 1)
	if err := os.WriteFile(zh, []byte(translated), 0o644); err != nil {
		t.Fatal(err)
	}
	git("add", "-A")
	git("commit", "-q", "-m", "zh-TW")
	write("---\ntitle: \"418 I'm a teapot\"\nslug: Web/HTTP/Reference/Status/418\npage-type: http-status-code\nsidebar: http\n---\n\nShort and stout, with a handle.\n")
	git("commit", "-q", "-am", "en again")

	_, stdout, _ = runCLI(append([]string{"l10n", "status", "--json"}, statusIn...)...)
	if !strings.Contains(stdout, `"behind": 1`) || !strings.Contains(stdout, "+Short and stout, with a handle.") {
		t.Errorf("status --json does not show one change behind with its diff:\n%s", stdout)
	}
	if code, _, stderr := runCLI(append(append([]string{"l10n", "stamp"}, in...), zh)...); code != 0 {
		t.Fatalf("l10n stamp: exit %d\n%s", code, stderr)
	}
	data, _ = os.ReadFile(zh)
	if want := strings.Replace(translated, first, git("rev-parse", "HEAD"), 1); string(data) != want {
		t.Errorf("stamp changed more than the commit:\n%s\nwant:\n%s", data, want)
	}
	_, stdout, _ = runCLI(append([]string{"l10n", "status"}, statusIn...)...)
	for _, line := range strings.Split(stdout, "\n") {
		if n := utf8.RuneCountInString(line); n > 80 {
			t.Errorf("status line of %d characters: %q", n, line)
		}
	}
	if !strings.Contains(stdout, "zh-TW   1/1         0") {
		t.Errorf("status after stamping:\n%s", stdout)
	}
}

// TestServeCommand runs the preview server as the command does, on a free
// loopback port, and stops it.
func TestServeCommand(t *testing.T) {
	in := buildFlags{content: listFlag{"../content"}, layouts: "../layouts", externalBase: "https://developer.mozilla.org", basePath: "/docs/"}
	cfg, err := in.config()
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncBuffer
	done := make(chan int)
	go func() { done <- runServer(ctx, ln, cfg, in.inputs(), nil, "", &out, &errb) }()
	url := "http://" + ln.Addr().String() + "/docs/en-US/docs/Web/HTTP/Reference/Status/404/"
	var resp *http.Response
	for range 100 {
		if resp, err = http.Get(url); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Contains(body, []byte("/docs/_statusdocs/live.js")) {
		t.Errorf("GET %s = %d, without the reload script under the base path", url, resp.StatusCode)
	}
	// An old URL of content/en-us/_redirects.txt, as curl -sI asks for it.
	old := "http://" + ln.Addr().String() + "/docs/en-US/docs/Web/HTTP/Status/404"
	noFollow := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if resp, err = noFollow.Head(old); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if to := "/docs/en-US/docs/Web/HTTP/Reference/Status/404/"; resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != to {
		t.Errorf("HEAD %s = %d %q, want 301 %q", old, resp.StatusCode, resp.Header.Get("Location"), to)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("serve exited %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "serving on http://127.0.0.1:") || !strings.Contains(out.String(), "start: full rebuild, 211 pages rendered") ||
		!strings.Contains(out.String(), " info, not problems: ") {
		t.Errorf("serve output:\n%s", out.String())
	}
	if code, _, stderr := runCLI("serve", "--addr", "0.0.0.0:0", "--layouts", "../layouts", "--content", "nope"); code != 2 || !strings.Contains(stderr, "nope: not a folder") {
		t.Errorf("serve with a missing folder: %d %q", code, stderr)
	}
}

// TestServeHosts runs statusdocs serve --addr 127.0.0.1:0 --allow-host
// docs.test, and sends it requests with Host headers, as curl -H 'Host: …'
// would: its own names and the allowed one are answered, others get 403.
func TestServeHosts(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncBuffer
	done := make(chan int)
	go func() {
		done <- serveUntil(ctx, []string{"--addr", "127.0.0.1:0", "--allow-host", "docs.test", "--allow-host", "Other.Test",
			"--content", "../content", "--layouts", "../layouts", "--no-git"}, &out, &errb)
	}()
	defer func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serve exited %d: %s", code, errb.String())
		}
	}()
	addr := ""
	serving := regexp.MustCompile(`serving on http://([^/]+)/`)
	for deadline := time.Now().Add(60 * time.Second); addr == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := serving.FindStringSubmatch(out.String()); m != nil {
			addr = m[1]
		}
	}
	if addr == "" {
		t.Fatalf("serve did not start:\n%s%s", out.String(), errb.String())
	}
	_, port, _ := net.SplitHostPort(addr)
	client := &http.Client{Timeout: 10 * time.Second}
	for _, tc := range []struct {
		host, path string
		code       int
	}{
		{addr, "/en-US/", 200},
		{"localhost:" + port, "/en-US/", 200},
		{"[::1]:" + port, "/en-US/", 200},
		{"docs.test", "/en-US/", 200},
		{"other.test:" + port, "/en-US/", 200},
		{"evil.example", "/en-US/", 403},
		{"evil.example:" + port, "/_statusdocs/events", 403},
	} {
		req, _ := http.NewRequest("GET", "http://"+addr+tc.path, nil)
		req.Host = tc.host
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.code {
			t.Errorf("GET %s with Host %q: %d, want %d", tc.path, tc.host, resp.StatusCode, tc.code)
		}
		if tc.code == 403 && !bytes.Contains(body, []byte("--allow-host evil.example")) {
			t.Errorf("Host %q: the refusal does not say how to allow it:\n%s", tc.host, body)
		}
	}
	for _, bad := range []string{"", "a b", "evil.example/x"} {
		code, _, stderr := runCLI("serve", "--allow-host", bad, "--content", "../content", "--layouts", "../layouts")
		if code != 2 || !strings.Contains(stderr, "not a host name") {
			t.Errorf("--allow-host %q: exit %d, %q", bad, code, stderr)
		}
	}
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestCheckCommand runs statusdocs check as CI would: content/ passes, and
// a copy with a planted broken link and a planted missing anchor fails
// with both reported at their line in the markdown.
func TestCheckCommand(t *testing.T) {
	if code, stdout, stderr := runCLI("check", "--content", "../content", "--layouts", "../layouts", "--no-git"); code != 0 {
		t.Fatalf("check of content/: exit %d\n%s%s", code, stdout, stderr)
	}
	root := filepath.Join(t.TempDir(), "content")
	copyDir(t, "../content", root)
	page := filepath.Join(root, "en-us", "web", "http", "reference", "status", "404", "index.md")
	data, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Count(string(data), "\n")
	data = append(data, "\nSee [the list](../index.md#no-such-section) and [this](../499/index.md).\n"...)
	if err := os.WriteFile(page, data, 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ := runCLI("check", "--content", root, "--layouts", "../layouts", "--no-git", "--base-path", "/docs/")
	if code != 1 {
		t.Errorf("check with planted problems: exit %d, want 1", code)
	}
	file := filepath.ToSlash(page)
	for _, want := range []string{
		fmt.Sprintf("%s:%d:5: en-US/docs/Web/HTTP/Reference/Status/404/index.html: missing anchor: /docs/en-US/docs/Web/HTTP/Reference/Status/ has no id \"no-such-section\"", file, lines+2),
		fmt.Sprintf("%s:%d:49: en-US/docs/Web/HTTP/Reference/Status/404/index.html: broken link: there is no page ../499/index.md", file, lines+2),
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks\n%s\ngot:\n%s", want, stdout)
		}
	}
}

func TestMemoryLimit(t *testing.T) {
	for _, c := range []struct {
		pages int
		cache bool
		want  int64
	}{
		{0, false, 420 << 20},
		{20000, false, 420 << 20},
		{20000, true, 420 << 20},
		{60000, false, 420<<20 + 40000*1280},
		{60000, true, 420<<20 + 40000*1280 + 40000*256},
		{100000, false, 420<<20 + 80000*1280},
		{100000, true, 420<<20 + 80000*1280 + 80000*256},
		{200000, false, 520 << 20},
		{200000, true, 520<<20 + 80000*256},
	} {
		if got := memoryLimit(c.pages, c.cache); got != c.want {
			t.Errorf("memoryLimit(%d, %t) = %d MiB, want %d MiB", c.pages, c.cache, got>>20, c.want>>20)
		}
	}
}

// serveOnce runs statusdocs serve with args until it says it is serving,
// and returns what it printed.
func serveOnce(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncBuffer
	done := make(chan int)
	go func() { done <- serveUntil(ctx, append([]string{"--addr", "127.0.0.1:0"}, args...), &out, &errb) }()
	for deadline := time.Now().Add(60 * time.Second); !strings.Contains(out.String(), "serving on ") && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("serve exited %d: %s", code, errb.String())
	}
	return out.String()
}

// TestServeCache starts statusdocs serve on the same folders twice: the
// first start is a cold build into the user cache folder, the second a
// warm one that renders nothing; with --no-cache it builds in memory.
func TestServeCache(t *testing.T) {
	root := filepath.Join(t.TempDir(), "content")
	copyDir(t, "../content", root)
	args := []string{"--content", root, "--layouts", "../layouts", "--no-git"}
	if out := serveOnce(t, args...); !strings.Contains(out, "cold build: no build cache") {
		t.Errorf("first start:\n%s", out)
	}
	if out := serveOnce(t, args...); !strings.Contains(out, "warm build: 0 of 211 pages rendered") {
		t.Errorf("second start:\n%s", out)
	}
	if out := serveOnce(t, append(args, "--no-cache")...); strings.Contains(out, " build: ") || !strings.Contains(out, "start: full rebuild, 211 pages rendered") {
		t.Errorf("--no-cache:\n%s", out)
	}
}
