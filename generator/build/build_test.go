package build

import (
	"bytes"
	stdhtml "html"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/net/html"
	"gopkg.in/yaml.v3"

	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
	"statusdocs/generator/output"
)

func TestSafety(t *testing.T) {
	files := fstest.MapFS{
		"en-us/bad/index.md": mdFile("Bad", "Bad", strings.Join([]string{
			`<script>alert("block")</script>`,
			``,
			`Inline <script>alert("inline")</script> and <iframe src="https://evil.example"></iframe> text.`,
			``,
			`<img src="x.png" onerror="alert(1)" alt="x"> <a href="javascript:alert(1)">js</a> <object data="x.swf"></object>`,
			``,
			`[md](javascript:alert(1)) ![img](data:text/html;base64,PHNjcmlwdD4=) <b onclick="x()">bold</b>`,
			``,
			`<div><style>body{display:none}</style>kept</div>`,
			``,
			`![dot](data:image/png;base64,iVBORw0KGgo=) <img src="data:image/gif;base64,R0lGOD=" alt="gif">`,
			``,
			`<div><svg><title><img src=x onerror=alert(1)></title></svg><math><mtext><textarea><img src=y onerror=alert(2)></textarea></mtext></math></div>`,
			``,
			`<div><svg><a><animate attributeName="href" values="javascript:alert(3)"/><text>click</text></a></svg></div>`,
			``,
			`<p><a href="https://example.com/" id="keep" title="T" lang="fr" class="mine">ext</a></p>`,
		}, "\n")),
		"en-us/dotdot/index.md":  mdFile("Escape", "../../../etc/passwd", "x"),
		"en-us/abs/index.md":     mdFile("Abs", "/etc/passwd", "x"),
		"en-us/back/index.md":    mdFile("Back", "a\\b", "x"),
		"en-us/control/index.md": mdFile("Ctl", "a\x01b", "x"),
	}
	res, out := build(t, files)
	got := body(t, out, "en-US/docs/Bad/index.html")
	for _, bad := range []string{"<script", "alert", "<iframe", "onerror", "onclick", "javascript:", "<object", "data:text", "<style", "display:none", "<svg", "click"} {
		if strings.Contains(got, bad) {
			t.Errorf("output keeps %q:\n%s", bad, got)
		}
	}
	for _, keep := range []string{"text.", `<img src="x.png" alt="x">`, "<b>bold</b>", ">js<", "kept",
		`<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot">`, `<img src="data:image/gif;base64,R0lGOD=" alt="gif">`,
		`<a class="mine external" href="https://example.com/" id="keep" lang="fr" title="T">ext</a>`} {
		if !strings.Contains(got, keep) {
			t.Errorf("output lost %q:\n%s", keep, got)
		}
	}
	if n := countKind(res.Flaws, flaw.UnsafeHTML); n != 13 {
		t.Errorf("%d unsafe-html flaws, want 13: %v", n, res.Flaws)
	}
	for name := range out.Files {
		if strings.Contains(name, "..") || strings.HasPrefix(name, "/") || strings.Contains(name, "etc") {
			t.Errorf("output file %q escapes the site", name)
		}
	}
	if n := countKind(res.Flaws, flaw.FrontMatter); n != 4 {
		t.Errorf("%d front-matter flaws for unsafe slugs, want 4", n)
	}
}

func TestDeterministic(t *testing.T) {
	cfg := func(c *Config) {
		c.Content = []content.Root{{Name: "content", FS: os.DirFS("../../content")}}
		c.SiteURL, c.RedirectStubs = "https://statusdocs.example.org", true // every kind of file
	}
	res, a := build(t, nil, cfg)
	_, b := build(t, nil, cfg)
	if !maps.EqualFunc(a.Files, b.Files, bytes.Equal) {
		t.Fatal("two builds of the same content differ")
	}
	if res.Files != len(a.Files) { // the summary's count: every file, the search's too
		t.Errorf("the build says it wrote %d files; it wrote %d", res.Files, len(a.Files))
	}
}

func TestFallbackTitleAndOrphans(t *testing.T) {
	files := fstest.MapFS{
		"en-us/a/index.md":     mdFile("A", "A", "x"),
		"zh-cn/plain/index.md": {Data: []byte("# 纯 Markdown 页面\n\n正文。\n")},
		"zh-tw/a/index.md":     mdFile("甲", "A", "x"),
		"zh-tw/moved/index.md": mdFile("移動", "Old", "x"),
		"en-us/_redirects.txt": {Data: []byte("/en-US/docs/Old\t/en-US/docs/A\n")},
	}
	res, out := build(t, files)
	if _, ok := out.Files["zh-CN/docs/plain/index.html"]; !ok {
		t.Error("plain markdown page not written")
	}
	if !strings.Contains(string(out.Files["zh-CN/docs/plain/index.html"]), "<h1>纯 Markdown 页面</h1>") {
		t.Error("plain markdown page not titled from its H1")
	}
	want := map[string]int{flaw.OrphanedTranslation: 1, flaw.ConflictingTranslation: 1}
	for k, n := range want {
		if got := countKind(res.Flaws, k); got != n {
			t.Errorf("%d %s flaws, want %d", got, k, n)
		}
	}
	if !strings.Contains(string(out.Files["zh-TW/docs/A/index.html"]), "<h1>甲</h1>") {
		t.Error("the translation at the slug should win over the moved one")
	}
}

// TestContentBuild builds the real content/ and checks what a reader would
// notice: leaked macros, double escaping, dead links, missing anchors.
// TestCorpusBuild builds MDN's own pages from ../shared/corpus when present.
func TestCorpusBuild(t *testing.T) {
	dir := "../../../shared/corpus/mdn/files"
	if _, err := os.Stat(dir); err != nil {
		t.Skip("no corpus at", dir)
	}
	res, out := build(t, nil, func(c *Config) { c.Content = []content.Root{{Name: "corpus", FS: os.DirFS(dir)}} })
	want := map[string]int{"en-US": 62, "ja": 60, "zh-TW": 58}
	if !maps.Equal(res.Pages, want) {
		t.Errorf("pages = %v, want %v", res.Pages, want)
	}
	var damaged []string
	for _, f := range res.Flaws {
		if f.Kind == flaw.FrontMatter {
			damaged = append(damaged, strings.TrimPrefix(f.File, "corpus/")+":"+strconv.Itoa(f.Line))
		}
		if f.Kind == flaw.Internal {
			t.Errorf("internal flaw: %s", f)
		}
	}
	wantDamaged := "ja/web/http/reference/status/422/index.md:2 ja/web/http/reference/status/422/index.md:3 " +
		"ja/web/http/reference/status/426/index.md:2 ja/web/http/reference/status/426/index.md:3 " +
		"zh-tw/web/http/reference/status/418/index.md:2 zh-tw/web/http/reference/status/418/index.md:3 " +
		"zh-tw/web/http/reference/status/429/index.md:2 zh-tw/web/http/reference/status/429/index.md:3 " +
		"zh-tw/web/http/reference/status/502/index.md:2 zh-tw/web/http/reference/status/502/index.md:3 " +
		"zh-tw/web/http/reference/status/504/index.md:2 zh-tw/web/http/reference/status/504/index.md:3"
	if got := strings.Join(damaged, " "); got != wantDamaged {
		t.Errorf("front-matter flaws:\n got %s\nwant %s", got, wantDamaged)
	}
	for name, data := range out.Files {
		if strings.HasSuffix(name, ".png") { // images, the social cards: bytes, not text
			continue
		}
		if leaked := leakedMacro(data); leaked != "" {
			t.Errorf("%s: macro text outside code: %s", name, leaked)
		}
	}
	index := func(name string) string { return string(out.Files[name]) }
	if !strings.Contains(index("en-US/docs/Web/HTTP/Reference/Status/index.html"), `id="informational_responses"`) {
		t.Error("en-US index lacks id informational_responses")
	}
	if !strings.Contains(index("ja/docs/Web/HTTP/Reference/Status/index.html"), `id="クライアントエラーレスポンス"`) {
		t.Error("ja index lacks id クライアントエラーレスポンス")
	}
	if !strings.Contains(index("ja/docs/Web/HTTP/Reference/Status/403/index.html"), `href="/ja/docs/Web/HTTP/Reference/Status/#クライアントエラーレスポンス"`) {
		t.Error("ja link to the ja index anchor did not stay a ja link")
	}
	for _, f := range res.Flaws {
		if f.Kind == flaw.BrokenAnchor && strings.Contains(f.File, "ja/web/http/reference/status/403/") {
			t.Errorf("ja anchor reported broken: %s", f)
		}
		if f.Kind == flaw.UnknownMacro || f.Kind == flaw.Internal {
			t.Errorf("%s", f)
		}
	}
	checkCorpusMacros(t, out)
}

var statusPage = regexp.MustCompile(`^(en-US|ja|zh-TW)/docs/Web/HTTP/Reference/Status/(\d{3})/index\.html$`)

// checkCorpusMacros checks what issue 3 promised of MDN's pages: sidebars,
// specification and compatibility tables, localized banners.
func checkCorpusMacros(t *testing.T, out *output.MemOutput) {
	t.Helper()
	pages := 0
	for name, data := range out.Files {
		m := statusPage.FindStringSubmatch(name)
		if m == nil {
			continue
		}
		pages++
		aside := asideRE.FindString(string(data))
		self := ` href="./" aria-current="page"`                            // links within the locale are relative
		if strings.Contains(string(data), `class="l10n-notice fallback"`) { // a fallback marks the English page it shows
			self = `/en-US/docs/Web/HTTP/Reference/Status/` + m[2] + `/" aria-current="page" class="only-in-en-us"`
		}
		if !strings.Contains(aside, self) {
			t.Errorf("%s: sidebar does not mark the page as current", name)
		}
		if n := strings.Count(aside, ` data-class="`); n < 61 { // a status page's link shows its class
			t.Errorf("%s: sidebar lists %d status pages, want all 61", name, n)
		}
	}
	if pages < 170 {
		t.Errorf("only %d status pages written", pages)
	}
	output := func(name string) string { return string(out.Files[name]) }
	p404 := output("en-US/docs/Web/HTTP/Reference/Status/404/index.html")
	if !strings.Contains(p404, `href="https://www.rfc-editor.org/rfc/rfc9110#status.404" class="external">HTTP Semantics<br><small># status.404</small>`) {
		t.Error("en-US 404 lacks the HTTP Semantics specification row")
	}
	for _, name := range []string{"en-US/docs/Web/HTTP/Reference/Status/103/index.html", "zh-TW/docs/Web/HTTP/Reference/Status/308/index.html"} {
		p := output(name)
		for _, want := range []string{`class="bc-table"`, ">Chrome</th>", ">Firefox</th>", ">Safari</th>", `bc-support-yes`} {
			if !strings.Contains(p, want) {
				t.Errorf("%s: compat table lacks %s", name, want)
			}
		}
		if !regexp.MustCompile(`Chrome: [^<]*\. </span>\d+`).MatchString(p) {
			t.Errorf("%s: no Chrome version number", name)
		}
	}
	for locale, sidebarTitle := range map[string]string{"ja": "HTTP レスポンスステータスコード", "zh-TW": "HTTP 回應狀態碼"} {
		name := locale + "/docs/Web/HTTP/Reference/Status/102/index.html"
		label := uiString(t, locale, "banner_deprecated_label")
		for _, w := range []string{sidebarTitle + "</a></summary>", `<div class="notecard deprecated"><p><strong>` + label + "</strong>"} {
			if !strings.Contains(output(name), w) {
				t.Errorf("%s lacks %s", name, w)
			}
		}
	}
}

// uiString reads a UI string of the project's layouts.
func uiString(t *testing.T, locale, key string) string {
	var m map[string]string
	data, err := os.ReadFile("../../layouts/i18n/" + locale + ".yaml")
	if err == nil {
		err = yaml.Unmarshal(data, &m)
	}
	if err != nil || m[key] == "" {
		t.Fatalf("no UI string %s for %s: %v", key, locale, err)
	}
	return stdhtml.EscapeString(m[key])
}

// TestSeeds builds the two documents the project started from, placed in a
// content root beside content/.
func TestSeeds(t *testing.T) {
	read := func(name string) []byte {
		data, err := os.ReadFile("../../../shared/corpus/seeds/" + name)
		if err != nil {
			t.Skip("no seeds:", err)
		}
		return data
	}
	seeds := fstest.MapFS{
		"zh-tw/web/http/status/500/index.md": {Data: read("000_92e58d8a85b40bce.txt")},
		"zh-cn/http/500/index.md":            {Data: read("002_954e0f0b52c97371.txt")},
	}
	// The English pages of content/ only: the site's own zh-TW 500 would
	// make the seed a conflicting translation.
	english := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS("../../content"), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasPrefix(p, "en-us/") || strings.HasPrefix(p, "sidebars/")) {
			data, err := os.ReadFile("../../content/" + p)
			english[p] = &fstest.MapFile{Data: data}
			return err
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	res, out := build(t, nil, func(c *Config) {
		c.Content = []content.Root{{Name: "content", FS: english}, {Name: "seeds", FS: seeds}}
	})
	got := strings.Join(flawsOf(res, "seeds/zh-tw/web/http/status/500/index.md"), " ")
	for _, want := range []string{"suspicious-fence@30:1", "moved-translation@3:1", "redirected-link@10:38"} {
		if !strings.Contains(got, want) {
			t.Errorf("seed 000 flaws lack %s: %s", want, got)
		}
	}
	page := string(out.Files["zh-TW/docs/Web/HTTP/Reference/Status/500/index.html"])
	if !strings.Contains(page, `href="/en-US/docs/Web/HTTP/Reference/Status/#`) {
		t.Error("seed 000's Web/HTTP/Status links were not resolved through the redirects")
	}
	plain := string(out.Files["zh-CN/docs/http/500/index.html"])
	if !strings.Contains(plain, "<h1>HTTP状态码 500 (Internal Server Error) 含义详解</h1>") {
		t.Error("seed 002 is not titled from its H1")
	}
}

var preOrCode = regexp.MustCompile(`(?s)<pre.*?</pre>|<code.*?</code>`)

// leakedMacro returns text around "{{" outside <pre> and <code>, or "".
func leakedMacro(data []byte) string {
	s := preOrCode.ReplaceAllString(string(data), "")
	if i := strings.Index(s, "{{"); i >= 0 {
		return s[max(0, i-40):min(len(s), i+40)]
	}
	return ""
}

// checkOutput is a small link checker for tests: every internal href and
// src names an output file, and every fragment an id of its target.
func checkOutput(t *testing.T, out *output.MemOutput) {
	t.Helper()
	ids := map[string]map[string]bool{}
	links := map[string][]string{}
	for name, data := range out.Files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		if leaked := leakedMacro(data); leaked != "" {
			t.Errorf("%s: macro text outside code: %s", name, leaked)
		}
		for _, bad := range []string{"&amp;lt;", "&amp;gt;", "&amp;amp;", "&amp;#"} {
			if bytes.Contains(data, []byte(bad)) {
				t.Errorf("%s: double-escaped %s", name, bad)
			}
		}
		ids[name] = map[string]bool{}
		z := html.NewTokenizer(bytes.NewReader(data))
		for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
			tok := z.Token()
			for _, a := range tok.Attr {
				switch {
				case a.Key == "id":
					ids[name][a.Val] = true
				case (a.Key == "href" || a.Key == "src") && !strings.Contains(a.Val, "://"):
					links[name] = append(links[name], a.Val)
				}
			}
		}
	}
	for name, hrefs := range links {
		for _, h := range hrefs {
			u, err := url.Parse(h)
			if err != nil {
				t.Errorf("%s: bad URL %q", name, h)
				continue
			}
			target := name
			if u.Path != "" {
				p := (&url.URL{Path: "/" + name}).ResolveReference(u).Path // as a browser reads a relative link
				target = strings.TrimPrefix(p, "/")
				if strings.HasSuffix(p, "/") {
					target += "index.html"
				}
				if _, ok := out.Files[target]; !ok {
					t.Errorf("%s: dead link %q", name, h)
					continue
				}
			}
			if u.Fragment != "" && ids[target] != nil && !ids[target][u.Fragment] {
				t.Errorf("%s: link %q: no id %q in %s", name, h, u.Fragment, target)
			}
		}
	}
}

// TestSeedInCorpus puts the zh-TW seed, at its old slug, beside MDN's own
// zh-TW 500: the seed is matched to the English page's new slug, and the
// clash is reported, not settled silently.
func TestSeedInCorpus(t *testing.T) {
	corpus := "../../../shared/corpus/mdn/files"
	seed, err := os.ReadFile("../../../shared/corpus/seeds/000_92e58d8a85b40bce.txt")
	if err != nil {
		t.Skip("no seeds:", err)
	}
	seeds := fstest.MapFS{"zh-tw/web/http/status/500/index.md": {Data: seed}}
	res, _ := build(t, nil, func(c *Config) {
		c.Content = []content.Root{{Name: "corpus", FS: os.DirFS(corpus)}, {Name: "seeds", FS: seeds}}
	})
	var conflict *flaw.Flaw
	for i, f := range res.Flaws {
		if f.File == "seeds/zh-tw/web/http/status/500/index.md" && f.Kind == flaw.ConflictingTranslation {
			conflict = &res.Flaws[i]
		}
	}
	if conflict == nil || !strings.Contains(conflict.Message, `"Web/HTTP/Reference/Status/500"`) || !strings.Contains(conflict.Message, "corpus/zh-tw/web/http/reference/status/500/index.md") {
		t.Fatalf("no conflicting-translation naming both pages: %v", conflict)
	}
	if got := strings.Join(flawsOf(res, "seeds/zh-tw/web/http/status/500/index.md"), " "); !strings.Contains(got, "suspicious-fence@30:1") {
		t.Errorf("the left-out seed is not checked: %s", got)
	}
}
