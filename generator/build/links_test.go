package build

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// linkSite is a small site to resolve links in: English pages, one of them
// translated, redirects (one to another site), and a test page per locale
// whose body is the link under test.
func linkSite(enBody, zhBody string) fstest.MapFS {
	return fstest.MapFS{
		"en-us/_redirects.txt": {Data: []byte("# FROM\tTO\n/en-US/docs/Old/Page\t/en-US/docs/New/Page\n/en-US/docs/Gone\thttps://example.com/gone\n" +
			"/en-US/docs/Frag\t/en-US/docs/New/Page#section_one\n")},
		"ja/new/page/index.md":        mdFile("新しいページ", "New/Page", "## 第一節\n\n内容。"),
		"en-us/new/page/index.md":     mdFile("New Page", "New/Page", "## Section One\n\nText."),
		"en-us/only/english/index.md": mdFile("Only English", "Only/English", "## Part\n\n<a id=\"raw-anchor\"></a>Text."),
		"zh-tw/new/page/index.md":     mdFile("新頁面", "New/Page", "## 第一節\n\n內容。"),
		"en-us/test/index.md":         mdFile("Test", "Test", enBody),
		"zh-tw/test/index.md":         mdFile("測試", "Test", zhBody),
		"en-us/test/other.md":         mdFile("Other", "Test/other", "Other."),
	}
}

func TestLinks(t *testing.T) {
	for _, tc := range []struct {
		name   string
		zh     bool   // the link is in the zh-TW test page
		md     string // the test page body
		want   string // a piece of the rendered article
		flaws  string // the test page's flaws, kind@line:col, space separated
		noBase bool   // no external docs base
	}{
		{name: "own page", md: "[x](/en-US/docs/New/Page)", want: `<a href="/en-US/docs/New/Page/">x</a>`},
		{name: "translated in page locale", zh: true, md: "[x](/en-US/docs/New/Page)", want: `<a href="/zh-TW/docs/New/Page/">x</a>`},
		{name: "only in English", zh: true, md: "[x](/zh-TW/docs/Only/English)",
			want: `<a href="/en-US/docs/Only/English/" class="only-in-en-us" title="此頁面尚未翻譯，將以英文開啟。">x <small>（英文）</small></a>`},
		{name: "redirect", zh: true, md: "[x](/en-US/docs/Old/Page)", want: `<a href="/zh-TW/docs/New/Page/">x</a>`, flaws: "redirected-link@6:1"},
		{name: "redirect to another site", md: "[x](/en-US/docs/Gone)", want: `<a href="https://example.com/gone" class="external">x</a>`, flaws: "redirected-link@6:1"},
		{name: "wrong case", md: "see [x](/en-us/docs/new/PAGE)", want: `<a href="/en-US/docs/New/Page/">x</a>`, flaws: "ill-cased-link@6:5"},
		{name: "outside the site", md: "[x](/en-US/docs/Glossary/Proxy)",
			want: `<a href="https://developer.mozilla.org/en-US/docs/Glossary/Proxy" class="external">x</a>`, flaws: "outside-site@6:1"},
		{name: "broken without external base", noBase: true, md: "[x](/en-US/docs/Glossary/Proxy)",
			want: `<a class="page-not-created" data-href="/en-US/docs/Glossary/Proxy" title="This page has not been written yet.">x</a>`, flaws: "broken-link@6:1"},
		{name: "anchor", md: "[x](/en-US/docs/New/Page#section_one)", want: `href="/en-US/docs/New/Page/#section_one"`},
		{name: "broken anchor", md: "[x](/en-US/docs/New/Page#section-one)", want: `href="/en-US/docs/New/Page/#section-one"`, flaws: "broken-anchor@6:1"},
		{name: "translated anchor", zh: true, md: "[x](/zh-TW/docs/New/Page#第一節)", want: `href="/zh-TW/docs/New/Page/#第一節"`},
		{name: "English anchor in a translation is broken", zh: true, md: "[x](/zh-TW/docs/New/Page#section_one)", flaws: "broken-anchor@6:1"},
		{name: "anchor of raw HTML id", zh: true, md: "[x](/en-US/docs/Only/English#raw-anchor)", want: `href="/en-US/docs/Only/English/#raw-anchor"`},
		{name: "same page anchor", md: "## Here\n\n[x](#here) [y](#there)", want: `<a href="#here">x</a>`, flaws: "broken-anchor@8:12"},
		{name: "relative md file", md: "[x](other.md) [y](../new/page/index.md#section_one)",
			want: `<a href="/en-US/docs/Test/other/">x</a> <a href="/en-US/docs/New/Page/#section_one">y</a>`},
		{name: "relative md file missing", md: "[x](nope.md)", flaws: "broken-link@6:1"},
		{name: "external", md: "<https://example.com/a>", want: `<a href="https://example.com/a" class="external">https://example.com/a</a>`},
		{name: "raw HTML link", zh: true, md: `<p><a href="/en-US/docs/New/Page" class="x">x</a></p>`, want: `<a class="x" href="/zh-TW/docs/New/Page/">x</a>`}, // the HTML parser sorts an <a>'s attributes
		{name: "raw HTML link only in English", zh: true, md: `<a href="/en-US/docs/Only/English">x</a>`,
			want: `<a class="only-in-en-us" href="/en-US/docs/Only/English/" title="此頁面尚未翻譯，將以英文開啟。">x</a>`},
		{name: "macro link", zh: true, md: `{{HTTPStatus("404")}}`,
			want: `<a href="https://developer.mozilla.org/zh-TW/docs/Web/HTTP/Reference/Status/404" class="external"><code>404</code></a>`, flaws: "outside-site@6:1"},
		{name: "macro link to a page of the site", md: `{{Glossary("Page")}}`, flaws: "outside-site@6:1"},
		{name: "relative link", md: "[x](New/Page) [y](./Only/English#part)", want: `<a href="/en-US/docs/New/Page/">x</a> <a href="/en-US/docs/Only/English/#part">y</a>`},
		{name: "relative link outside the docs", md: "[x](../../x.html)", want: `<a href="/x.html">x</a>`},
		{name: "redirect to an anchor", md: "[x](/en-US/docs/Frag)", want: `<a href="/en-US/docs/New/Page/#section_one">x</a>`, flaws: "redirected-link@6:1"},
		{name: "link to another translation", zh: true, md: "[x](/ja/docs/New/Page)", want: `<a href="/ja/docs/New/Page/">x</a>`},
		{name: "link to another locale missing there", zh: true, md: "[x](/ja/docs/Only/English)", want: `class="only-in-en-us"`},
		{name: "raw HTML in a quote", md: "text\n\n> <div>\n> <a href=\"javascript:x\">y</a></div>", want: "<div>\n<a>y</a></div>", flaws: "unsafe-html@9:3"},
		{name: "macro in link text", md: "[{{HTTPStatus(404)}}](/en-US/docs/New/Page)", want: `<a href="/en-US/docs/New/Page/"><code>404</code></a>`, flaws: "outside-site@6:2"},
		{name: "link title and entities", md: `[x](https://e.com/?a=1&amp;b=2 "A &amp; B")`, want: `<a href="https://e.com/?a=1&amp;b=2" title="A &amp; B" class="external">x</a>`},
		{name: "encoded javascript image", md: "![i](jav&#x61;script:alert(1))", want: "<p>i</p>", flaws: "unsafe-html@6:1"},
		{name: "javascript URL", md: "[x](javascript:alert(1)) after", want: "<p>x after</p>", flaws: "unsafe-html@6:1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			en, zh := tc.md, "中文。"
			file, out := "c/en-us/test/index.md", "en-US/docs/Test/index.html"
			if tc.zh {
				en, zh = "English.", tc.md
				file, out = "c/zh-tw/test/index.md", "zh-TW/docs/Test/index.html"
			}
			res, o := build(t, linkSite(en, zh), func(c *Config) {
				if tc.noBase {
					c.ExternalBase = ""
				}
			})
			got := body(t, o, out)
			if tc.want != "" && !strings.Contains(got, tc.want) {
				t.Errorf("article lacks %s\n%s", tc.want, got)
			}
			if fl := strings.Join(flawsOf(res, file), " "); fl != tc.flaws {
				t.Errorf("flaws = %q, want %q", fl, tc.flaws)
			}
		})
	}
}

func TestBasePath(t *testing.T) {
	_, o := build(t, linkSite("[x](/en-US/docs/New/Page) ![i](/static/i.png) <img src=\"/static/j.png\"> [y](/robots.txt)", "x"),
		func(c *Config) { c.BasePath = "/sub/" })
	got := body(t, o, "en-US/docs/Test/index.html")
	for _, want := range []string{`href="/sub/en-US/docs/New/Page/"`, `src="/sub/static/i.png"`, `src="/sub/static/j.png"`, `href="/sub/robots.txt"`} {
		if !strings.Contains(got, want) {
			t.Errorf("lacks %s:\n%s", want, got)
		}
	}
}

func TestRedirectLoop(t *testing.T) {
	files := linkSite("x", "x")
	files["en-us/_redirects.txt"] = &fstest.MapFile{Data: []byte("/en-US/docs/A\t/en-US/docs/B\n/en-US/docs/B\t/en-US/docs/A\n")}
	res, _ := build(t, files)
	if got := strings.Join(flawsOf(res, "c/en-us/_redirects.txt"), " "); got != "bad-redirect@1:1 bad-redirect@2:1" {
		t.Errorf("flaws = %q", got)
	}
}

func TestLocalesFlag(t *testing.T) {
	res, o := build(t, linkSite("x", "x"), func(c *Config) { c.Locales = []string{"ja"} })
	for name := range o.Files {
		if strings.HasPrefix(name, "zh-TW/") {
			t.Errorf("%s written though zh-TW is not published", name)
		}
	}
	if res.Pages["ja"] != 1 || res.Pages["en-US"] != 4 {
		t.Errorf("pages = %v", res.Pages)
	}
}

func TestRedirectedLinkSuggestsFixedURL(t *testing.T) {
	res, _ := build(t, linkSite("[x](/en-US/docs/old/page#section_one)", "x"))
	for _, f := range res.Flaws {
		if f.Kind == "redirected-link" {
			if f.Suggestion != "/en-US/docs/New/Page#section_one" {
				t.Errorf("suggestion = %q", f.Suggestion)
			}
			return
		}
	}
	t.Fatal("no redirected-link flaw")
}

// TestPositionsWithoutSources checks that flaws found after a page's text
// is dropped (broken anchors are checked at the end) keep their positions.
func TestPositionsWithoutSources(t *testing.T) {
	res, _ := build(t, linkSite("text\n\n[x](/en-US/docs/New/Page#nope)", "x"), func(c *Config) { c.FreeSources = true })
	if got := strings.Join(flawsOf(res, "c/en-us/test/index.md"), " "); got != "broken-anchor@8:1" {
		t.Errorf("flaws = %q", got)
	}
}

// TestCountInfo checks that with CountInfo a page's info flaws are counted
// by locale and kind, not kept, while warnings and errors still are, and
// that the summary adds the counts in.
func TestCountInfo(t *testing.T) {
	body := "[a](/en-US/docs/Glossary/Proxy) [b](/en-US/docs/Glossary/Cache) [c](/en-US/docs/Old/Page)"
	res, _ := build(t, linkSite(body, body), func(c *Config) { c.CountInfo = true })
	for _, f := range res.Flaws {
		if f.Kind == "outside-site" && strings.HasPrefix(f.File, "c/en-us/test") {
			t.Errorf("info flaw kept: %v", f)
		}
	}
	if got := res.Counted["en-US"]["outside-site"]; got != 2 {
		t.Errorf("en-US outside-site counted = %d, want 2 (counts: %v)", got, res.Counted)
	}
	if got := res.Counted["zh-TW"]["outside-site"]; got != 2 {
		t.Errorf("zh-TW outside-site counted = %d, want 2", got)
	}
	if got := flawsOf(res, "c/en-us/test/index.md"); !slices.Contains(got, "redirected-link@6:65") {
		t.Errorf("warnings lost: %q", got)
	}
	kept, _ := build(t, linkSite(body, body))
	if a, b := summaryWithoutTime(res), summaryWithoutTime(kept); a != b {
		t.Errorf("summary with counted flaws:\n%s\nwith kept flaws:\n%s", a, b)
	}
}

func summaryWithoutTime(r *Result) string {
	var b strings.Builder
	r.Summary(&b)
	s, _, _ := strings.Cut(b.String(), " in ")
	return s
}
