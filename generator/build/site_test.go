package build

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
	"statusdocs/generator/output"
)

// layoutsFS is the project's real layouts folder.
var layoutsFS = os.DirFS("../../layouts")

// mdFile returns a page file with front matter.
func mdFile(title, slug, body string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\nslug: " + slug + "\n---\n\n" + body + "\n")}
}

// build builds an in-memory site from a single content root.
func build(t testing.TB, files fstest.MapFS, edit ...func(*Config)) (*Result, *output.MemOutput) {
	t.Helper()
	cfg := Config{
		Content:      []content.Root{{Name: "c", FS: files}},
		Layouts:      layoutsFS,
		LayoutsName:  "layouts",
		ExternalBase: "https://developer.mozilla.org",
	}
	for _, e := range edit {
		e(&cfg)
	}
	out := output.NewMemOutput()
	res, err := Build(cfg, out)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	return res, out
}

// flawsOf lists a file's flaws as "kind@line:col".
func flawsOf(res *Result, file string) []string {
	var out []string
	for _, f := range res.Flaws {
		if f.File == file {
			out = append(out, fmt.Sprintf("%s@%d:%d", f.Kind, f.Line, f.Col))
		}
	}
	return out
}

// body returns the article of an output page.
func body(t testing.TB, out *output.MemOutput, name string) string {
	t.Helper()
	data, ok := out.Files[name]
	if !ok {
		t.Fatalf("no output file %s", name)
	}
	s := string(data)
	start := strings.Index(s, "<article>")
	end := strings.Index(s, "</article>")
	if start < 0 || end < 0 {
		t.Fatalf("%s has no article", name)
	}
	return s[start:end]
}

func countKind(flaws []flaw.Flaw, kind string) int {
	n := 0
	for _, f := range flaws {
		if f.Kind == kind {
			n++
		}
	}
	return n
}

// TestFlawsCapped checks that every source of flaws is capped per file
// and kind: flaws of a page's text, broken anchors found after every page
// is rendered, and flaws of a file that is no page (a sidebar).
func TestFlawsCapped(t *testing.T) {
	lines := func(n int, item func(i int) string) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(item(i) + "\n\n")
		}
		return b.String()
	}
	files := fstest.MapFS{
		"en-us/a/index.md": mdFile("A", "A", lines(60, func(i int) string { return fmt.Sprintf("{{Nope%d}}", i) })+
			lines(60, func(i int) string { return fmt.Sprintf("x [a](#nope%d)", i) })),
		"en-us/b/index.md":     &fstest.MapFile{Data: []byte("---\ntitle: B\nslug: B\nsidebar: s\n---\n\nText.\n")},
		"sidebars/s.yaml":      &fstest.MapFile{Data: []byte("sidebar:\n" + strings.Repeat("  - /Nope\n", 60))},
		"en-us/c/index.md":     mdFile("C", "C", lines(3, func(i int) string { return "{{Nope}}" })),
		"en-us/_redirects.txt": &fstest.MapFile{Data: []byte(strings.Repeat("bad line\n", 55))},
	}
	res, _ := build(t, files)
	for _, tc := range []struct {
		file, kind string
		listed     int
		more       string // the flaw after those listed, "" for none
	}{
		{"c/en-us/a/index.md", flaw.UnknownMacro, 50, "c/en-us/a/index.md:106:1: error: unknown-macro: and 10 more unknown-macro flaws in this file, not listed"},
		{"c/en-us/a/index.md", flaw.BrokenAnchor, 50, "c/en-us/a/index.md:226:3: warning: broken-anchor: and 10 more broken-anchor flaws in this file, not listed"},
		{"c/sidebars/s.yaml", flaw.OutsideSite, 50, "c/sidebars/s.yaml:52:5: info: outside-site: and 10 more outside-site flaws in this file, not listed"},
		{"c/en-us/_redirects.txt", flaw.BadRedirect, 50, "c/en-us/_redirects.txt:51:1: warning: bad-redirect: and 5 more bad-redirect flaws in this file, not listed"},
		{"c/en-us/c/index.md", flaw.UnknownMacro, 3, ""},
	} {
		var listed []flaw.Flaw
		more := ""
		for _, f := range res.Flaws {
			switch {
			case f.File != tc.file || f.Kind != tc.kind:
			case f.More > 0:
				more = f.String()
			default:
				listed = append(listed, f)
			}
		}
		if len(listed) != tc.listed || more != tc.more {
			t.Errorf("%s %s: %d listed, then %q; want %d, then %q", tc.file, tc.kind, len(listed), more, tc.listed, tc.more)
		}
	}
}

func TestSourcePath(t *testing.T) {
	for name, want := range map[string]string{"content": "content", "./files/": "files", "a/../b": "b", "/abs/files": "", "../content": "", "..": "", ".": ""} {
		if got := sourcePath(name); got != want {
			t.Errorf("sourcePath(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestFallbackBreadcrumbs: the breadcrumbs of a page shown in English in
// another locale lead to that locale's pages, its own where it has them,
// else the English pages in its folder.
func TestFallbackBreadcrumbs(t *testing.T) {
	files := fstest.MapFS{
		"en-us/web/index.md":                 mdFile("Web", "Web", "x"),
		"en-us/web/http/index.md":            mdFile("HTTP", "Web/HTTP", "x"),
		"en-us/web/http/status/index.md":     mdFile("Status codes", "Web/HTTP/Status", "x"),
		"en-us/web/http/status/404/index.md": mdFile("404 Not Found", "Web/HTTP/Status/404", "x"),
		"zh-tw/web/http/index.md":            mdFile("HTTP（中文）", "Web/HTTP", "x"),
	}
	_, out := build(t, files)
	page := string(out.Files["zh-TW/docs/Web/HTTP/Status/404/index.html"])
	want := `<li><a href="/zh-TW/docs/Web/">Web</a></li>
<li><a href="/zh-TW/docs/Web/HTTP/">HTTP（中文）</a></li>
<li><a href="/zh-TW/docs/Web/HTTP/Status/">Status codes</a></li>
<li><span aria-current="page">404 Not Found</span></li>`
	if !strings.Contains(page, want) {
		t.Errorf("breadcrumbs of the zh-TW fallback, want\n%s\nin\n%s", want, page)
	}
}

// TestStatusBadges: a page's front matter status: shows as badges by its
// title and by its entry in a sidebar, in the reader's language; a
// translation inherits it.
func TestStatusBadges(t *testing.T) {
	files := fstest.MapFS{
		"en-us/old/index.md":   {Data: []byte("---\ntitle: Old\nslug: Old\nsidebar: http\nstatus:\n  - deprecated\n  - non-standard\n  - made-up\n---\n\nx\n")},
		"en-us/plain/index.md": {Data: []byte("---\ntitle: Plain\nslug: Plain\nsidebar: http\n---\n\nx\n")},
		"zh-tw/old/index.md":   mdFile("舊", "Old", "x"),
		"sidebars/http.yaml":   {Data: []byte("sidebar:\n  - /Old\n  - /Plain\n")},
	}
	_, out := build(t, files)
	for name, want := range map[string][]string{
		"en-US/docs/Old/index.html":   {`<h1>Old <span class="icon icon-deprecated" role="img" aria-label="Deprecated"`, `<span class="icon icon-nonstandard"`},
		"zh-TW/docs/Old/index.html":   {`<h1>舊 <span class="icon icon-deprecated" role="img" aria-label="已棄用"`},
		"en-US/docs/Plain/index.html": {`<h1>Plain</h1>`, `>Old <span class="icon icon-deprecated"`},
	} {
		page := string(out.Files[name])
		for _, w := range want {
			if !strings.Contains(page, w) {
				t.Errorf("%s lacks %s", name, w)
			}
		}
		if strings.Contains(page, "icon-madeup") || strings.Contains(page, "made-up") {
			t.Errorf("%s shows an unknown status", name)
		}
	}
}

// TestBrokenAnchorHelp: a broken #fragment suggests the target's nearest
// id, and says when the link was led to another locale's page than the
// one it names.
func TestBrokenAnchorHelp(t *testing.T) {
	files := fstest.MapFS{
		"en-us/b/index.md": mdFile("B", "B", "## Client error responses"),
		"zh-tw/b/index.md": mdFile("B", "B", "## 用戶端錯誤回應"),
		"en-us/a/index.md": mdFile("A", "A", "x"),
		"zh-tw/a/index.md": mdFile("A", "A", "[x](/en-US/docs/B#client_error_responses) [y](/zh-TW/docs/B#用戶錯誤回應) [z](/en-US/docs/B#client_eror_responses)"),
	}
	res, _ := build(t, files)
	var got []string
	for _, f := range res.Flaws {
		if f.Kind == flaw.BrokenAnchor {
			got = append(got, fmt.Sprintf("%d:%d %s | %s", f.Line, f.Col, f.Message, f.Suggestion))
		}
	}
	want := []string{
		`6:1 no heading or element with id "client_error_responses" in /zh-TW/docs/B/ (the link names another locale; it leads to the zh-TW page, whose headings have ids of their own) | `,
		`6:43 no heading or element with id "用戶錯誤回應" in /zh-TW/docs/B/ | #用戶端錯誤回應`,
		`6:69 no heading or element with id "client_eror_responses" in /zh-TW/docs/B/ (the link names another locale; it leads to the zh-TW page, whose headings have ids of their own) | `,
	}
	if !slices.Equal(got, want) {
		t.Errorf("broken anchors:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestMistypedLink: a link to a missing page inside a section of the site
// is a broken-link warning with the nearest page of the section; outside
// every section it is an outside-site info, as before.
func TestMistypedLink(t *testing.T) {
	files := fstest.MapFS{
		"en-us/status/index.md":     mdFile("Status", "Status", "x"),
		"en-us/status/404/index.md": mdFile("404", "Status/404", "x"),
		"en-us/status/400/index.md": mdFile("400", "Status/400", "x"),
		"en-us/ref/status/index.md": mdFile("Ref status", "Ref/Status", "x"), // Ref is no page: no section
		"en-us/a/index.md":          mdFile("A", "A", "[x](/en-US/docs/Status/4044) [y](/en-US/docs/Ref/Methods) [z](/en-US/docs/Status/zzzzzz)"),
	}
	for _, c := range []struct {
		base string
		want []string
	}{
		{"https://developer.mozilla.org", []string{
			"6:1 warning broken-link: link to \"/en-US/docs/Status/4044\": the site has no such page in /en-US/docs/Status/; linked to https://developer.mozilla.org/en-US/docs/Status/4044 | /en-US/docs/Status/404",
			"6:30 info outside-site: not a page of this site; linked to https://developer.mozilla.org/en-US/docs/Ref/Methods | ",
			"6:59 warning broken-link: link to \"/en-US/docs/Status/zzzzzz\": the site has no such page in /en-US/docs/Status/; linked to https://developer.mozilla.org/en-US/docs/Status/zzzzzz | ",
		}},
		{"", []string{
			"6:1 error broken-link: link to \"/en-US/docs/Status/4044\": no such page | /en-US/docs/Status/404",
			"6:30 error broken-link: link to \"/en-US/docs/Ref/Methods\": no such page | ",
			"6:59 error broken-link: link to \"/en-US/docs/Status/zzzzzz\": no such page | ",
		}},
	} {
		res, _ := build(t, files, func(cfg *Config) { cfg.ExternalBase, cfg.CountInfo = c.base, false })
		var got []string
		for _, f := range res.Flaws {
			if f.File == "c/en-us/a/index.md" {
				got = append(got, fmt.Sprintf("%d:%d %s %s: %s | %s", f.Line, f.Col, f.Severity, f.Kind, f.Message, f.Suggestion))
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("external base %q:\n%s\nwant\n%s", c.base, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
	}
}

// TestFallbackFlawsOnce: an English page shown in three other locales, as
// their fallback, has its problems reported once, not once per locale; a
// sidebar, checked in every locale, has each of its problems once, with
// the locales it is found in.
func TestFallbackFlawsOnce(t *testing.T) {
	files := fstest.MapFS{
		"en-us/a/index.md":   {Data: []byte("---\ntitle: A\nslug: A\nsidebar: http\n---\n\n{{NoSuchMacro}} [x](/en-US/docs/B#nope)\n")},
		"en-us/b/index.md":   mdFile("B", "B", "## Here"),
		"sidebars/http.yaml": {Data: []byte("sidebar:\n  - /B#gone\n")},
	}
	for _, l := range []string{"de", "fr", "ja"} {
		files[l+"/b/index.md"] = mdFile("B", "B", "## Hier")
	}
	res, out := build(t, files)
	if got := flawsOf(res, "c/en-us/a/index.md"); !slices.Equal(got, []string{"unknown-macro@7:1", "broken-anchor@7:17"}) {
		t.Errorf("flaws of the English page: %v", got)
	}
	var sidebar []string
	for _, f := range res.Flaws {
		if f.File == "c/sidebars/http.yaml" {
			sidebar = append(sidebar, f.Message)
		}
	}
	if want := []string{`no heading or element with id "gone" in /de/docs/B/ (also in /en-US/, /fr/, /ja/)`}; !slices.Equal(sidebar, want) {
		t.Errorf("flaws of the sidebar:\n%q\nwant\n%q", sidebar, want)
	}
	for _, l := range []string{"de", "fr", "ja"} {
		if _, ok := out.Files[l+"/docs/A/index.html"]; !ok {
			t.Errorf("no %s fallback of A", l)
		}
	}
}

// TestWorkersPanic checks that a panic in a goroutine of parallel or
// background is raised again in the caller, where flaw.Catch names the
// place that panicked.
func TestWorkersPanic(t *testing.T) {
	for name, run := range map[string]func(){
		"parallel": func() {
			parallel(8, func(i int) {
				if i == 5 {
					panic(fmt.Sprint("item ", i))
				}
			})
		},
		"background": func() { background(func() { panic("item 5") })() },
	} {
		f := flaw.Catch("content", 0, 0, "the build stops", run)
		if f == nil || !strings.HasPrefix(f.Message, "panic: item 5, in build.TestWorkersPanic.func") {
			t.Errorf("%s: %v", name, f)
		}
	}
}
