package build

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
	"statusdocs/generator/l10n"
	"statusdocs/generator/site"
)

// gitRepo is a temporary git repository for the history tests.
type gitRepo struct {
	t    *testing.T
	dir  string
	date string // the time of the commits, as git reads it; "" for now
}

func newGitRepo(t *testing.T) *gitRepo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	g := &gitRepo{t: t, dir: t.TempDir()}
	g.git("init", "-q")
	return g
}

func (g *gitRepo) git(args ...string) string {
	g.t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = g.dir
	if g.date != "" {
		cmd.Env = append(os.Environ(), "GIT_COMMITTER_DATE="+g.date, "GIT_AUTHOR_DATE="+g.date)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		g.t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

func (g *gitRepo) write(name, text string) {
	g.t.Helper()
	p := filepath.Join(g.dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		g.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		g.t.Fatal(err)
	}
}

func (g *gitRepo) commit(msg string) string {
	g.git("add", "-A")
	g.git("commit", "-q", "--allow-empty", "-m", msg)
	return g.git("rev-parse", "HEAD")
}

// commitAt commits everything as of date (2006-01-02).
func (g *gitRepo) commitAt(msg, date string) string {
	g.t.Helper()
	g.date = date + "T12:00:00Z"
	defer func() { g.date = "" }()
	return g.commit(msg)
}

func (g *gitRepo) config() Config {
	root := filepath.Join(g.dir, "content")
	return Config{
		Content:     []content.Root{{Name: "content", FS: os.DirFS(root), Dir: root}},
		Layouts:     layoutsFS,
		LayoutsName: "layouts",
	}
}

const enPage = "content/en-us/web/http/reference/status/418/index.md"
const zhPage = "content/zh-tw/web/http/reference/status/418/index.md"

func enText(version string) string {
	return "---\ntitle: 418 I'm a teapot\nslug: Web/HTTP/Reference/Status/418\npage-type: http-status-code\n---\n\nTeapot text, " + version + ".\n"
}

func zhText(commit string) string {
	return "---\ntitle: 418 I'm a teapot\nslug: Web/HTTP/Reference/Status/418\nl10n:\n  sourceCommit: " + commit + "\n---\n\n茶壺。\n"
}

// TestOutdatedTranslation follows a translation from in step, to two
// English changes behind, to stamped again.
func TestOutdatedTranslation(t *testing.T) {
	g := newGitRepo(t)
	g.write(enPage, enText("first"))
	first := g.commit("en-US 418")
	g.write(zhPage, zhText(first))
	g.commit("zh-TW 418")
	g.write(enPage, enText("second"))
	g.commit("en-US 418 again")
	g.write(enPage, enText("third"))
	g.commit("en-US 418 once more")

	cfg := g.config()
	res, out := build(t, nil, func(c *Config) { *c = cfg })
	page := string(out.Files["zh-TW/docs/Web/HTTP/Reference/Status/418/index.html"])
	if !strings.Contains(page, `class="l10n-notice outdated"`) || !strings.Contains(page, "已修改 2 次") {
		t.Errorf("no outdated banner with 2:\n%s", page)
	}
	if countKind(res.Flaws, flaw.OutdatedTranslation) != 1 {
		t.Errorf("flaws: %v", res.Flaws)
	}
	status, _ := Translations(cfg)
	data, _ := json.Marshal(status)
	var zh l10n.PageStatus
	for _, ls := range status {
		for _, p := range ls.Pages {
			if ls.Locale == "zh-TW" && p.Slug == "Web/HTTP/Reference/Status/418" {
				zh = p
			}
		}
	}
	if zh.State != l10n.StateOutdated || zh.Behind != 2 || !strings.Contains(zh.Diff, "-Teapot text, first.") || !strings.Contains(zh.Diff, "+Teapot text, third.") {
		t.Errorf("status: %s", data)
	}
	if !strings.Contains(string(out.Files["zh-TW/docs/_translations/index.html"]), "-Teapot text, first.") {
		t.Error("the dashboard lacks the diff")
	}

	commit, err := l10n.Stamp(cfg.Content, site.Options{BasePath: cfg.BasePath, Locales: cfg.Locales}, filepath.Join(g.dir, zhPage))
	if err != nil {
		t.Fatal(err)
	}
	stamped, _ := os.ReadFile(filepath.Join(g.dir, zhPage))
	if want := zhText(g.git("log", "-1", "--format=%H", "--", enPage)); string(stamped) != want || !strings.HasPrefix(want, zhText(commit)[:0]) {
		t.Errorf("stamped file:\n%s\nwant:\n%s", stamped, want)
	}
	g.commit("zh-TW 418 in step")
	res, out = build(t, nil, func(c *Config) { *c = cfg })
	if strings.Contains(string(out.Files["zh-TW/docs/Web/HTTP/Reference/Status/418/index.html"]), "l10n-notice outdated") || countKind(res.Flaws, flaw.OutdatedTranslation) != 0 {
		t.Error("stamping did not clear the outdated state")
	}
}

// TestInvalidSourceCommit checks sourceCommits the English history lacks:
// malformed ones are errors; where the locale has a sourceCommit the
// history does have, each unknown one is an error; where it has none (the
// history is not the one the translations were made against), the locale
// gets one info that nothing can be verified.
func TestInvalidSourceCommit(t *testing.T) {
	const en404 = "content/en-us/web/http/reference/status/404/index.md"
	const zh404 = "content/zh-tw/web/http/reference/status/404/index.md"
	g := newGitRepo(t)
	g.write(enPage, enText("first"))
	g.write(en404, strings.ReplaceAll(enText("first"), "418", "404"))
	good := g.commit("en-US 418 and 404")
	unknown := "0123456789abcdef0123456789abcdef01234567"
	for _, tt := range []struct {
		zh404 string // the sourceCommit of zh-TW 404; "" for no such page
		c418  string // the sourceCommit of zh-TW 418
		want  string // the flaws of zh-TW 418
		n404  string // the flaws of zh-TW 404
	}{
		{"", "not-a-hash", "invalid-source-commit@5:1", ""},
		{good, "not-a-hash", "invalid-source-commit@5:1", ""},
		{good, unknown, "invalid-source-commit@5:1", ""},
		{"", unknown, "outdated-translation@5:1", ""},
		{unknown, unknown, "outdated-translation@5:1", ""}, // one for the locale, at the first page
	} {
		g.write(zhPage, zhText(tt.c418))
		if tt.zh404 != "" {
			// Not strings.ReplaceAll of zhText's 418: a commit hash may hold "418".
			g.write(zh404, "---\ntitle: 404\nslug: Web/HTTP/Reference/Status/404\nl10n:\n  sourceCommit: "+tt.zh404+"\n---\n\n找不到。\n")
		} else {
			_ = os.Remove(filepath.Join(g.dir, zh404))
		}
		res, _ := build(t, nil, func(cfg *Config) { *cfg = g.config() })
		got := strings.Join(flawsOf(res, zhPage), " ")
		got404 := strings.Join(flawsOf(res, zh404), " ")
		if tt.zh404 == unknown { // the locale's one info is at its first page
			got, got404 = got+got404, ""
		}
		if got != tt.want || got404 != tt.n404 {
			t.Errorf("zh-TW 404 at %q, 418 at %q: flaws %q and %q, want %q and %q", tt.zh404, tt.c418, got, got404, tt.want, tt.n404)
		}
	}
}

func TestNoGitSaidOnce(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string][]byte{"en-us/a/index.md": mdFile("A", "A", "x").Data, "zh-tw/a/index.md": []byte("---\ntitle: 甲\nslug: A\nl10n:\n  sourceCommit: 0123456\n---\nx\n")} {
		p := filepath.Join(dir, name)
		_ = os.MkdirAll(filepath.Dir(p), 0o755)
		_ = os.WriteFile(p, text, 0o644)
	}
	res, _ := build(t, nil, func(c *Config) { c.Content = []content.Root{{Name: "c", FS: os.DirFS(dir), Dir: dir}} })
	if n := countKind(res.Flaws, flaw.OutdatedTranslation); n != 1 {
		t.Errorf("%d outdated-translation flaws, want the one saying there is no git", n)
	}
}

// TestFallbacks checks the fallback pages of content/: every English page
// ja lacks is there in ja, with a notice, canonical to English, noindex and
// out of the hreflang alternates; real translations point to each other.
func TestFallbacks(t *testing.T) {
	res, out := build(t, nil, func(c *Config) {
		c.Content = []content.Root{{Name: "content", FS: os.DirFS("../../content")}}
	})
	if res.Fallbacks["ja"] != res.Pages["en-US"]-res.Pages["ja"] || res.Fallbacks["zh-TW"] != 0 {
		t.Errorf("fallbacks %v for pages %v", res.Fallbacks, res.Pages)
	}
	for _, code := range statusCodes {
		en := string(out.Files["en-US/docs/Web/HTTP/Reference/Status/"+code+"/index.html"])
		ja, ok := out.Files["ja/docs/Web/HTTP/Reference/Status/"+code+"/index.html"]
		if !ok {
			t.Errorf("no ja page or fallback for %s", code)
			continue
		}
		fallback := strings.Contains(string(ja), `class="l10n-notice fallback"`)
		if fallback {
			for _, want := range []string{`<link rel="canonical" href="/en-US/docs/Web/HTTP/Reference/Status/` + code + `/">`, `<meta name="robots" content="noindex">`, `<article lang="en-US">`} {
				if !strings.Contains(string(ja), want) {
					t.Errorf("ja fallback %s lacks %s", code, want)
				}
			}
			if strings.Contains(en, `hreflang="ja"`) && strings.Contains(en, `rel="alternate" hreflang="ja"`) {
				t.Errorf("en-US %s lists the ja fallback as an alternate", code)
			}
		}
		for _, want := range []string{`rel="alternate" hreflang="zh-TW"`, `rel="alternate" hreflang="zh-CN"`, `rel="alternate" hreflang="en-US"`, `rel="alternate" hreflang="x-default"`} {
			if !strings.Contains(string(out.Files["zh-TW/docs/Web/HTTP/Reference/Status/"+code+"/index.html"]), want) {
				t.Errorf("zh-TW %s lacks %s", code, want)
			}
		}
	}
}

// TestPageDatesAndOrder: a page shows the date of the last commit of its
// own file, as its locale writes dates (a fallback, its English file's);
// status pages link to the codes before and after in their locale.
func TestPageDatesAndOrder(t *testing.T) {
	g := newGitRepo(t)
	t.Setenv("GIT_COMMITTER_DATE", "2024-03-05T10:00:00Z")
	g.write(enPage, enText("first"))
	g.write("content/en-us/web/http/reference/status/404/index.md", "---\ntitle: 404 Not Found\nslug: Web/HTTP/Reference/Status/404\npage-type: http-status-code\n---\n\nGone.\n")
	g.commit("en-US")
	t.Setenv("GIT_COMMITTER_DATE", "2025-07-09T23:30:00-05:00") // 2025-07-10 in UTC
	g.write(zhPage, zhText("0000000"))
	g.commit("zh-TW 418")
	g.write("content/en-us/web/http/reference/status/500/index.md", "---\ntitle: 500 Internal Server Error\nslug: Web/HTTP/Reference/Status/500\npage-type: http-status-code\n---\n\nNot committed.\n\n## In code\n\n{{StatusConstants}}\n")

	cfg := g.config()
	_, out := build(t, nil, func(c *Config) { *c = cfg })
	page := func(name string) string { return string(out.Files[name+"/index.html"]) }
	for _, c := range []struct{ name, want, not string }{
		{"en-US/docs/Web/HTTP/Reference/Status/418", `Last updated: <time datetime="2024-03-05">March 5, 2024</time>`, ""},
		{"zh-TW/docs/Web/HTTP/Reference/Status/418", `最後更新： <time datetime="2025-07-10">2025年7月10日</time>`, ""},
		{"zh-TW/docs/Web/HTTP/Reference/Status/404", `最後更新： <time datetime="2024-03-05">2024年3月5日</time>`, ""},
		{"en-US/docs/Web/HTTP/Reference/Status/500", `rel="prev" href="/en-US/docs/Web/HTTP/Reference/Status/418/"`, "<time"},
		{"en-US/docs/Web/HTTP/Reference/Status/404", `rel="next" href="/en-US/docs/Web/HTTP/Reference/Status/418/"`, `rel="prev"`},
		{"zh-TW/docs/Web/HTTP/Reference/Status/404", `rel="next" href="/zh-TW/docs/Web/HTTP/Reference/Status/418/"><span class="pager-label">下一個</span>`, `rel="prev"`},
		{"zh-TW/docs/Web/HTTP/Reference/Status/418", `rel="prev" href="/zh-TW/docs/Web/HTTP/Reference/Status/404/"`, ""},
		{"zh-TW/docs/Web/HTTP/Reference/Status/500", `rel="prev" href="/zh-TW/docs/Web/HTTP/Reference/Status/418/"`, `rel="next"`},
	} {
		p := page(c.name)
		if !strings.Contains(p, c.want) || c.not != "" && strings.Contains(p, c.not) {
			t.Errorf("%s: want %s, not %q:\n%s", c.name, c.want, c.not, p[strings.Index(p, "</article>"):])
		}
	}

	// 418 gets the libraries' names from the layout; 500 has them where
	// its {{StatusConstants}} is, and not twice.
	for name, want := range map[string]string{"418": "<section class=\"constants-section\">", "500": "<h2 id=\"in_code\"><a class=\"heading-link\" href=\"#in_code\">In code</a></h2>\n<table class=\"constants\">"} {
		p := page("en-US/docs/Web/HTTP/Reference/Status/" + name)
		if !strings.Contains(p, want) || strings.Count(p, `<table class="constants">`) != 1 {
			t.Errorf("%s: want one table of constants, at %s:\n%s", name, want, p)
		}
	}

	cfg.NoGit = true
	_, out = build(t, nil, func(c *Config) { *c = cfg })
	if p := page("zh-TW/docs/Web/HTTP/Reference/Status/418"); strings.Contains(p, "<time") {
		t.Errorf("a date without git:\n%s", p)
	}
}

// TestWarmGitHistory builds a site in a git repository warm: the history
// is kept in the cache and read back while HEAD stays, read from git again
// once a commit moves it, and each build is the same as a cold one.
func TestWarmGitHistory(t *testing.T) {
	g := newGitRepo(t)
	g.write(enPage, enText("first"))
	first := g.commit("en-US 418")
	g.write(zhPage, zhText(first))
	g.write(enPage, enText("second"))
	g.commit("zh-TW 418, en-US again")
	cfg := g.config()
	out := filepath.Join(t.TempDir(), "public")
	keptAs := func(pattern string) os.FileInfo {
		t.Helper()
		names, _ := filepath.Glob(filepath.Join(CacheDir(out), pattern))
		if len(names) != 1 {
			t.Fatalf("kept %s: %v", pattern, names)
		}
		info, err := os.Stat(names[0])
		if err != nil {
			t.Fatal(err)
		}
		return info
	}
	kept := func() os.FileInfo { t.Helper(); return keptAs("history-*") }
	check := func(step string) *Result {
		t.Helper()
		cold := filepath.Join(t.TempDir(), "public")
		warm := dirBuild(t, cfg, out, true)
		if diff := sameBuild(out, cold, warm, dirBuild(t, cfg, cold, false)); diff != "" {
			t.Fatalf("%s: the warm build differs from a cold build: %s", step, diff)
		}
		return warm
	}
	check("cold")
	before, diffs := kept(), keptAs("diffs")
	g.write(zhPage, zhText(first)+"\nMore.\n") // not committed: HEAD stays
	check("a translation edited")
	if !os.SameFile(before, kept()) {
		t.Error("the history was kept again while HEAD stayed")
	}
	if !os.SameFile(diffs, keptAs("diffs")) {
		t.Error("the diffs were kept again while the English page stayed")
	}
	g.write(enPage, enText("third"))
	if res := check("the English page edited"); res.Rendered != 1 { // and the dashboards, which show its diff
		t.Errorf("an edit of an English page an outdated translation follows rendered %d pages (%s), want 1", res.Rendered, res.Cache)
	}
	if os.SameFile(diffs, keptAs("diffs")) {
		t.Error("the diff was not made again after its English page changed")
	}
	g.commitAt("en-US once more", "2031-02-03")
	check("the edit committed")
	if os.SameFile(before, kept()) {
		t.Error("the history was not read again after a commit")
	}
	// A page no translation follows, built, then committed: all that
	// changes is its date, which the page shows.
	other := "content/en-us/web/http/reference/status/419/index.md"
	g.write(other, "---\ntitle: 419 Other\nslug: Web/HTTP/Reference/Status/419\n---\n\nOther text.\n")
	check("another page added")
	g.commitAt("419", "2032-02-03")
	check("that page committed a year later")
	if page := readTree(out)["en-US/docs/Web/HTTP/Reference/Status/419/index.html"]; !strings.Contains(string(page), `datetime="2032-02-03"`) {
		t.Error("the page does not show its commit's date")
	}
	res := dirBuild(t, cfg, out, true)
	if n := countKind(res.Flaws, flaw.OutdatedTranslation); n != 1 {
		t.Errorf("outdated translations: %d, want 1", n)
	}
}
