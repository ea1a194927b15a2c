package build

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/text/language"

	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
	"statusdocs/generator/output"
)

const testSiteURL = "https://statusdocs.example.org"

// buildPublished builds content/ as a publisher would, with a site URL and
// redirect stubs.
func buildPublished(t *testing.T, basePath string) (*Result, *output.MemOutput) {
	t.Helper()
	return build(t, nil, func(c *Config) {
		c.Content = []content.Root{{Name: "content", FS: os.DirFS("../../content"), Dir: "../../content"}}
		c.SiteURL, c.RedirectStubs, c.BasePath = testSiteURL, true, basePath
	})
}

// buildSitemap builds content/ as buildPublished does and reads its
// sitemap.xml.
func buildSitemap(t *testing.T, basePath string) (*output.MemOutput, sitemap) {
	t.Helper()
	_, out := buildPublished(t, basePath)
	var sm sitemap
	if err := xml.Unmarshal(out.Files["sitemap.xml"], &sm); err != nil {
		t.Fatalf("sitemap.xml: %v", err)
	}
	return out, sm
}

// sitemap is the structure of the sitemap protocol's schema, with the
// xhtml:link alternates search engines read.
type sitemap struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc        string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
		Lastmod    string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 lastmod"`
		Alternates []struct {
			Rel      string `xml:"rel,attr"`
			Hreflang string `xml:"hreflang,attr"`
			Href     string `xml:"href,attr"`
		} `xml:"http://www.w3.org/1999/xhtml link"`
	} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 url"`
}

var noindex = []byte(`<meta name="robots" content="noindex">`)

// outputFile is the file a URL of the site is served from.
func outputFile(t *testing.T, u, base string) string {
	t.Helper()
	rest, ok := strings.CutPrefix(u, testSiteURL+base)
	if !ok {
		t.Fatalf("URL %s is not under %s%s", u, testSiteURL, base)
	}
	if rest == "" || strings.HasSuffix(rest, "/") {
		rest += "index.html"
	}
	return rest
}

func TestSitemap(t *testing.T) {
	for _, base := range []string{"/", "/statusdocs/"} {
		out, sm := buildSitemap(t, base)
		if len(sm.URLs) < 200 {
			t.Fatalf("sitemap lists %d URLs", len(sm.URLs))
		}
		date := regexp.MustCompile(`^\d{4}-\d\d-\d\d$`)
		translated := 0
		for _, u := range sm.URLs {
			file := outputFile(t, u.Loc, base)
			html, ok := out.Files[file]
			switch {
			case !ok:
				t.Errorf("sitemap lists %s, which is not built", u.Loc)
			case bytes.Contains(html, noindex):
				t.Errorf("sitemap lists %s, which is not to be indexed (a fallback or a dashboard)", u.Loc)
			}
			if u.Lastmod != "" && !date.MatchString(u.Lastmod) {
				t.Errorf("%s: lastmod %q is not a W3C date", u.Loc, u.Lastmod)
			}
			langs := map[string]bool{}
			for _, a := range u.Alternates {
				langs[a.Hreflang] = true
				if a.Rel != "alternate" {
					t.Errorf("%s: xhtml:link rel=%q", u.Loc, a.Rel)
				}
				if _, err := language.Parse(a.Hreflang); err != nil && a.Hreflang != "x-default" {
					t.Errorf("%s: hreflang %q: %v", u.Loc, a.Hreflang, err)
				}
				if _, ok := out.Files[outputFile(t, a.Href, base)]; !ok {
					t.Errorf("%s: alternate %s is not built", u.Loc, a.Href)
				}
			}
			// A translated page lists its English page, itself and x-default.
			if strings.Contains(u.Loc, "/zh-TW/docs/") {
				translated++
				if !langs["zh-TW"] || !langs["en-US"] || !langs["x-default"] {
					t.Errorf("translated page %s lists alternates %v", u.Loc, langs)
				}
			}
		}
		if translated == 0 {
			t.Error("no zh-TW translation in the sitemap")
		}
		robots := string(out.Files["robots.txt"])
		if !strings.Contains(robots, "Sitemap: "+testSiteURL+base+"sitemap.xml\n") {
			t.Errorf("robots.txt does not point at the sitemap:\n%s", robots)
		}
	}
}

var refresh = regexp.MustCompile(`<meta http-equiv="refresh" content="0; url=([^"]+)">`)
var canonical = regexp.MustCompile(`<link rel="canonical" href="([^"]+)">`)

// TestRedirects checks that _redirects lines parse, lead to built pages,
// and that each stub sends readers where its rule does.
func TestRedirects(t *testing.T) {
	for _, base := range []string{"/", "/statusdocs/"} {
		_, out := buildPublished(t, base)
		lines := strings.Split(strings.TrimSuffix(string(out.Files["_redirects"]), "\n"), "\n")
		if len(lines) < 100 {
			t.Fatalf("%d redirect lines", len(lines))
		}
		for _, line := range lines {
			f := strings.Fields(line)
			if len(f) != 3 || f[2] != "301" || !strings.HasPrefix(f[0], base) || !strings.HasPrefix(f[1], base) {
				t.Errorf("bad _redirects line %q", line)
				continue
			}
			to := outputFile(t, testSiteURL+f[1], base)
			if _, ok := out.Files[to]; !ok {
				t.Errorf("%s redirects to %s, which is not built", f[0], f[1])
			}
			stub := outputFile(t, testSiteURL+strings.TrimSuffix(f[0], "/")+"/", base)
			html := out.Files[stub]
			m, c := refresh.FindSubmatch(html), canonical.FindSubmatch(html)
			if m == nil || c == nil {
				t.Errorf("no redirect stub at %s for %q", stub, line)
				continue
			}
			if string(m[1]) != f[1] || string(c[1]) != testSiteURL+f[1] {
				t.Errorf("stub %s goes to %s (canonical %s), the rule to %s", stub, m[1], c[1], f[1])
			}
		}
		// The English page moved: its old URL redirects in every locale.
		for _, want := range []string{
			base + "en-US/docs/Web/HTTP/Status/404 " + base + "en-US/docs/Web/HTTP/Reference/Status/404/ 301",
			base + "zh-TW/docs/Web/HTTP/Status/404 " + base + "zh-TW/docs/Web/HTTP/Reference/Status/404/ 301",
		} {
			if !strings.Contains(string(out.Files["_redirects"]), want+"\n") {
				t.Errorf("_redirects lacks %q", want)
			}
		}
	}
}

// TestSearchIndex reads the ja index as the search engine does: every
// document leads to a page that is built, with the markdown twin beside it
// that its excerpts are cut from, a translation is itself and an English
// fallback is marked, its twin the one in the locale's folder; and
// every page of a locale searches that locale with the published engine.
func TestSearchIndex(t *testing.T) {
	_, out := buildPublished(t, "/")
	var meta struct{ Docs, Translated, Chunk int }
	if err := json.Unmarshal(out.Files["ja/search/meta.json"], &meta); err != nil || meta.Chunk == 0 {
		t.Fatalf("ja/search/meta.json: %s %v", out.Files["ja/search/meta.json"], err)
	}
	byCode := map[string][]any{}
	fallbacks := 0
	for k := 0; k*meta.Chunk < meta.Docs; k++ {
		var chunk [][]any
		if err := json.Unmarshal(out.Files[fmt.Sprintf("ja/search/d-%d.json", k)], &chunk); err != nil {
			t.Fatal(err)
		}
		for _, d := range chunk {
			byCode[d[2].(string)] = d
			if d[3] == true {
				fallbacks++
			}
			if _, ok := out.Files[outputFile(t, testSiteURL+d[1].(string), "/")]; !ok {
				t.Errorf("search document %q leads to %s, which is not built", d[0], d[1])
			}
			twin := strings.TrimPrefix(d[1].(string), "/") + "index.md" // as the engine loads it
			if fb := bytes.Contains(out.Files[twin], []byte("\nfallback: true\n")); out.Files[twin] == nil || fb != (d[3] == true) {
				t.Errorf("search document %q (fallback %v) has no twin of its own at %s", d[0], d[3], twin)
			}
		}
	}
	if d := byCode["404"]; d == nil || d[3] != false || d[1] != "/ja/docs/Web/HTTP/Reference/Status/404/" || len(d) != 5 {
		t.Errorf("ja 404 document (a translation): %v", d)
	}
	if d := byCode["100"]; d == nil || d[3] != true || d[1] != "/ja/docs/Web/HTTP/Reference/Status/100/" {
		t.Errorf("ja 100 document (an English fallback): %v", d)
	}
	if fallbacks == 0 || meta.Translated != meta.Docs-fallbacks {
		t.Errorf("ja index: %d documents, %d translated, %d fallbacks", meta.Docs, meta.Translated, fallbacks)
	}
	// Every page of a locale, fallbacks included, searches that locale.
	searchForm := regexp.MustCompile(`<form class="search"[^>]* data-engine="/(static/search\.[0-9a-f]+\.js)" data-root="/" data-locale="([^"]*)"`)
	for name, data := range out.Files {
		loc, _, ok := strings.Cut(name, "/")
		if !ok || !strings.HasSuffix(name, ".html") || bytes.Contains(data, []byte(`http-equiv="refresh"`)) {
			continue // not a page, or a redirect stub
		}
		m := searchForm.FindSubmatch(data)
		switch {
		case m == nil:
			t.Errorf("%s has no search form", name)
		case string(m[2]) != loc:
			t.Errorf("%s searches %s", name, m[2])
		case out.Files[string(m[1])] == nil:
			t.Errorf("%s loads %s, which is not written", name, m[1])
		}
	}
}

func TestHashedAssets(t *testing.T) {
	_, out := buildPublished(t, "/")
	home := string(out.Files["en-US/index.html"])
	refs := regexp.MustCompile(`(?:href|src)="/static/([^"]+)"`).FindAllStringSubmatch(home, -1)
	if len(refs) < 3 {
		t.Fatalf("home links %d static files", len(refs))
	}
	for _, r := range refs {
		if !regexp.MustCompile(`\.[0-9a-f]{10}\.(css|js|svg)$`).MatchString(r[1]) {
			t.Errorf("static file %s has no content hash in its name", r[1])
		}
		if _, ok := out.Files["static/"+r[1]]; !ok {
			t.Errorf("static/%s is linked but not written", r[1])
		}
	}
	if !strings.Contains(string(out.Files["_headers"]), "/static/*\n  Cache-Control: public, max-age=31536000, immutable") {
		t.Errorf("_headers:\n%s", out.Files["_headers"])
	}
}

// TestRedirectEdgeCases covers redirect lines a contributor may write:
// none may break the build, smuggle a script, or turn into a wildcard.
func TestRedirectEdgeCases(t *testing.T) {
	files := fstest.MapFS{
		"en-us/a/index.md":     mdFile("A", "Web/A", "x"),
		"en-us/colon/index.md": mdFile(":hover", "Web/:hover", "x"),
		"en-us/_redirects.txt": {Data: []byte(strings.Join([]string{
			"/en-US/docs/Js\tjavascript://%0Aalert(1)",
			"/en-US/docs/Dbl//x\t/en-US/docs/Web/A",
			"/en-US/docs/Dot/../../../x\t/en-US/docs/Web/A",
			"/en-US/docs/Web/:old\t/en-US/docs/Web/:hover",
			"/en-US/docs/Old/Sp%20ace\t/en-US/docs/Web/A#frag",
			"/en-US/docs/Nowhere\t/en-US/docs/Web/Missing",
		}, "\n") + "\n")},
	}
	res, out := build(t, files, func(c *Config) { c.RedirectStubs, c.SiteURL = true, testSiteURL })
	redirects := string(out.Files["_redirects"])
	for name, data := range out.Files {
		if strings.Contains(strings.ToLower(string(data)), "javascript:") {
			t.Errorf("%s has the javascript: target", name)
		}
	}
	for _, want := range []string{
		"/en-US/docs/Web/%3Aold /en-US/docs/Web/%3Ahover/ 301\n",
		"/en-US/docs/Old/Sp%20ace /en-US/docs/Web/A/#frag 301\n",
	} {
		if !strings.Contains(redirects, want) {
			t.Errorf("_redirects lacks %q:\n%s", want, redirects)
		}
	}
	if strings.Contains(redirects, "Nowhere") || strings.Contains(redirects, "Dbl") || strings.Contains(redirects, "Dot") {
		t.Errorf("_redirects has a rule it should have left out:\n%s", redirects)
	}
	stub := string(out.Files["en-US/docs/Old/Sp ace/index.html"])
	if !strings.Contains(stub, `url=/en-US/docs/Web/A/#frag`) || !strings.Contains(stub, `<link rel="canonical" href="`+testSiteURL+`/en-US/docs/Web/A/">`) {
		t.Errorf("stub of a percent-encoded source:\n%s", stub)
	}
	got := map[string]int{}
	for _, f := range res.Flaws {
		if f.Kind == flaw.BadRedirect {
			got[f.Message[:20]]++
		}
	}
	if countKind(res.Flaws, flaw.BadRedirect) != 4 { // javascript:, //, .., and the one to no page
		t.Errorf("bad-redirect flaws: %v", got)
	}
}

// TestHostileRedirectStubs builds redirect stubs to disk from hostile
// sources: each bad line is a bad-redirect flaw at its line, the build
// goes on, the good stubs are written and nothing lands outside the output.
func TestHostileRedirectStubs(t *testing.T) {
	tests := []struct {
		line string
		stub string // the stub written, or "" for a flaw at the line
	}{
		{"/en-US/docs/Old\t/en-US/docs/Web/A", "en-US/docs/Old/index.html"},
		{"/en-US/docs/%2e%2e/%2e%2e/%2e%2e/escaped\t/en-US/docs/Web/A", ""},
		{"/en-US/docs/%2E./%2e%2E/escaped2\t/en-US/docs/Web/A", ""},
		{"/en-US/docs/" + strings.Repeat("x", 5000) + "\t/en-US/docs/Web/A", ""},
		{"/en-US/docs/" + strings.Repeat("y/", 1100) + "z\t/en-US/docs/Web/A", ""},
		{"/en-US/docs/Web/A/index.html\t/en-US/docs/Web/B", ""}, // a folder where the page's file is
		{"/en-US/docs/a%00b\t/en-US/docs/Web/A", ""},
		{"/en-US/docs/Long/" + strings.Repeat("é", 127) + "\t/en-US/docs/Web/A", "en-US/docs/Long/" + strings.Repeat("é", 127) + "/index.html"},
		{"/en-US/docs/Last\t/en-US/docs/Web/B", "en-US/docs/Last/index.html"},
	}
	var lines []string
	for _, tt := range tests {
		lines = append(lines, tt.line)
	}
	files := fstest.MapFS{
		"en-us/web/a/index.md": mdFile("A", "Web/A", "x"),
		"en-us/web/b/index.md": mdFile("B", "Web/B", "x"),
		"en-us/_redirects.txt": {Data: []byte(strings.Join(lines, "\n") + "\n")},
	}
	parent := t.TempDir()
	dir := filepath.Join(parent, "public")
	out, err := output.NewDirOutput(dir)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Build(Config{Content: []content.Root{{Name: "c", FS: files}}, Layouts: layoutsFS, RedirectStubs: true}, out)
	if err != nil {
		t.Fatalf("build failed: %v", err)
	}
	if err := out.Commit(); err != nil {
		t.Fatal(err)
	}
	flawAt := map[int]bool{}
	for _, f := range res.Flaws {
		if f.Kind == flaw.BadRedirect && f.File == "c/en-us/_redirects.txt" {
			flawAt[f.Line] = true
		}
	}
	for i, tt := range tests {
		_, err := os.Stat(filepath.Join(dir, filepath.FromSlash(tt.stub)))
		switch {
		case tt.stub == "" && !flawAt[i+1]:
			t.Errorf("line %d: no bad-redirect flaw", i+1)
		case tt.stub != "" && (err != nil || flawAt[i+1]):
			t.Errorf("line %d: stub %s: %v, flaw: %v", i+1, tt.stub, err, flawAt[i+1])
		}
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 1 || entries[0].Name() != "public" {
		t.Errorf("beside the output: %v", entries)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "_redirects")); bytes.Contains(data, []byte("escaped")) || bytes.Contains(data, []byte("%00")) {
		t.Errorf("_redirects has a bad rule:\n%s", data)
	}
}
