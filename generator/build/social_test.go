package build

import (
	"bytes"
	"image/png"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/net/html"

	"statusdocs/generator/output"
)

// head is what a page's <head> says to search engines and social sites.
type head struct {
	lang       string              // <html lang>
	alternates []string            // the hreflang links, "lang href", in order
	meta       map[string][]string // og:… and twitter:… by property or name, in order
}

// readHead reads the head of an HTML page.
func readHead(t *testing.T, name string, data []byte) head {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	h := head{meta: map[string][]string{}}
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		a := map[string]string{}
		for _, at := range n.Attr {
			a[at.Key] = at.Val
		}
		switch {
		case n.Data == "html":
			h.lang = a["lang"]
		case n.Data == "link" && a["rel"] == "alternate" && a["hreflang"] != "":
			h.alternates = append(h.alternates, a["hreflang"]+" "+a["href"])
		case n.Data == "meta" && strings.HasPrefix(a["property"], "og:"):
			h.meta[a["property"]] = append(h.meta[a["property"]], a["content"])
		case n.Data == "meta" && strings.HasPrefix(a["name"], "twitter:"):
			h.meta[a["name"]] = append(h.meta[a["name"]], a["content"])
		}
	}
	return h
}

// one is the single value of a tag, or "" with an error when it is
// missing or repeated.
func (h head) one(t *testing.T, page, key string) string {
	t.Helper()
	if len(h.meta[key]) != 1 {
		t.Errorf("%s: %s is %q, want one", page, key, h.meta[key])
		return ""
	}
	return h.meta[key][0]
}

// ogLocales are content/'s locales as Open Graph writes them.
var ogLocales = map[string]string{"en-US": "en_US", "ja": "ja_JP", "zh-CN": "zh_CN", "zh-TW": "zh_TW"}

// TestSocialTags builds content/ with a site URL and checks every page of
// the sitemap: its head's hreflang links are its sitemap entry's alternates,
// entry for entry, and it has the Open Graph and Twitter tags, og:image a
// built 1200×630 PNG of its status class.
func TestSocialTags(t *testing.T) {
	for _, base := range []string{"/", "/statusdocs/"} {
		out, sm := buildSitemap(t, base)
		images := map[string]bool{}
		homes := 0
		for _, u := range sm.URLs {
			file := outputFile(t, u.Loc, base)
			h := readHead(t, file, out.Files[file])
			var want []string
			for _, a := range u.Alternates {
				want = append(want, a.Hreflang+" "+a.Href)
			}
			if !slices.Equal(h.alternates, want) {
				t.Errorf("%s: head alternates\n%q\nsitemap's\n%q", u.Loc, h.alternates, want)
			}
			if l, _ := strings.CutSuffix(file, "/index.html"); ogLocales[l] != "" && len(want) > 0 {
				homes++
			}
			checkSocial(t, out, file, u.Loc, base, h, images)
		}
		if homes != len(ogLocales) {
			t.Errorf("base %s: %d home pages with alternates, want %d", base, homes, len(ogLocales))
		}
		if len(images) != 6 {
			t.Errorf("base %s: og:images %v, want the five classes' cards and page.png", base, slices.Sorted(maps.Keys(images)))
		}
	}
}

// checkSocial checks the og and twitter tags of a sitemap page.
func checkSocial(t *testing.T, out *output.MemOutput, file, loc, base string, h head, images map[string]bool) {
	t.Helper()
	for _, key := range []string{"og:title", "og:description", "og:site_name", "og:image:alt"} {
		if h.one(t, file, key) == "" {
			t.Errorf("%s: %s is empty", file, key)
		}
	}
	if got := h.one(t, file, "og:url"); got != loc {
		t.Errorf("%s: og:url %q, want %q", file, got, loc)
	}
	wantType := "website"
	if strings.Contains(file, "/docs/") {
		wantType = "article"
	}
	if got := h.one(t, file, "og:type"); got != wantType {
		t.Errorf("%s: og:type %q, want %q", file, got, wantType)
	}
	if got := h.one(t, file, "og:locale"); got != ogLocales[h.lang] {
		t.Errorf("%s: og:locale %q, want %q for lang %q", file, got, ogLocales[h.lang], h.lang)
	}
	var wantAlts []string
	for _, a := range h.alternates {
		if lang, _, _ := strings.Cut(a, " "); lang != h.lang && lang != "x-default" {
			wantAlts = append(wantAlts, ogLocales[lang])
		}
	}
	if got := h.meta["og:locale:alternate"]; !slices.Equal(got, wantAlts) {
		t.Errorf("%s: og:locale:alternate %q, want %q", file, got, wantAlts)
	}
	if got := h.one(t, file, "twitter:card"); got != "summary_large_image" {
		t.Errorf("%s: twitter:card %q", file, got)
	}
	if w, ht := h.one(t, file, "og:image:width"), h.one(t, file, "og:image:height"); w != "1200" || ht != "630" {
		t.Errorf("%s: og:image is %sx%s", file, w, ht)
	}
	img := h.one(t, file, "og:image")
	card := "page."
	if code := statusCode(file); code != "" {
		card = code[:1] + "xx."
	}
	if !strings.HasPrefix(img, testSiteURL+base+"static/cards/"+card) {
		t.Errorf("%s: og:image %q, want the card %s…png", file, img, card)
	}
	if images[img] {
		return
	}
	images[img] = true
	data, ok := out.Files[outputFile(t, img, base)]
	if !ok {
		t.Errorf("%s: og:image %s is not built", file, img)
		return
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width != 1200 || cfg.Height != 630 {
		t.Errorf("%s: og:image %s: %dx%d, %v; want a 1200x630 PNG", file, img, cfg.Width, cfg.Height, err)
	}
	if _, err := png.Decode(bytes.NewReader(data)); err != nil {
		t.Errorf("og:image %s: %v", img, err)
	}
}

// statusCode is the code of a status page's file, or "".
func statusCode(file string) string {
	_, rest, ok := strings.Cut(file, "/Reference/Status/")
	if !ok {
		return ""
	}
	code, _, _ := strings.Cut(rest, "/")
	if len(code) != 3 || strings.Trim(code, "0123456789") != "" {
		return ""
	}
	return code
}

// TestSocialTagsWithoutSiteURL: without a site URL the tags that need an
// absolute URL (og:url, og:image) are left out, and the card is a summary;
// every page, the 404 and the root included, keeps the others.
func TestSocialTagsWithoutSiteURL(t *testing.T) {
	files := fstest.MapFS{
		"en-us/web/http/reference/status/404/index.md": mdFile("404 Not Found", "Web/HTTP/Reference/Status/404", "A \"quoted\" page & more."),
	}
	_, out := build(t, files)
	for _, file := range []string{"en-US/docs/Web/HTTP/Reference/Status/404/index.html", "en-US/index.html", "en-US/404.html", "index.html", "404.html"} {
		data, ok := out.Files[file]
		if !ok {
			t.Fatalf("no %s", file)
		}
		h := readHead(t, file, data)
		for _, key := range []string{"og:title", "og:description", "og:type", "og:site_name"} {
			if h.one(t, file, key) == "" {
				t.Errorf("%s: %s is empty", file, key)
			}
		}
		if h.one(t, file, "og:locale") != "en_US" || h.one(t, file, "twitter:card") != "summary" {
			t.Errorf("%s: og:locale %q, twitter:card %q", file, h.meta["og:locale"], h.meta["twitter:card"])
		}
		for _, key := range []string{"og:url", "og:image", "og:image:alt", "og:locale:alternate"} {
			if h.meta[key] != nil {
				t.Errorf("%s: %s %q without a site URL (or a second locale)", file, key, h.meta[key])
			}
		}
	}
	h := readHead(t, "404", out.Files["en-US/docs/Web/HTTP/Reference/Status/404/index.html"])
	if got := h.one(t, "404", "og:description"); got != `A "quoted" page & more.` {
		t.Errorf("og:description %q", got)
	}
}

// TestSocialHostileStrings: UI strings and titles a hostile translator
// writes stay text in the tags: quotes and markup are escaped, a card_alt
// without %s or with other verbs is shown as written.
func TestSocialHostileStrings(t *testing.T) {
	layouts := fstest.MapFS{}
	err := fs.WalkDir(layoutsFS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(layoutsFS, p)
		layouts[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	english := string(layouts["i18n/en-US.yaml"].Data)
	for _, tc := range []struct{ alt, want string }{
		{`'"><script>alert(1)</script> %s %d`, `'"><script>alert(1)</script> 4xx %d`},
		{`no verb`, `no verb`},
	} {
		en := english
		en = strings.Replace(en, "\ncard_alt:", "\ncard_alt: '"+strings.ReplaceAll(tc.alt, "'", "''")+"'\nold_card_alt:", 1)
		en = strings.Replace(en, "site_name: HTTP status codes", `site_name: 'A "B" & <C>'`, 1)
		layouts["i18n/en-US.yaml"] = &fstest.MapFile{Data: []byte(en)}
		file := "en-US/docs/Web/HTTP/Reference/Status/404/index.html"
		files := fstest.MapFS{
			"en-us/web/http/reference/status/404/index.md": {Data: []byte("---\ntitle: '404 \"><b>Not</b>'\nslug: Web/HTTP/Reference/Status/404\npage-type: http-status-code\n---\n\nGone.\n")},
		}
		_, out := build(t, files, func(c *Config) { c.Layouts, c.SiteURL = layouts, testSiteURL })
		h := readHead(t, file, out.Files[file])
		if got := h.one(t, file, "og:image:alt"); got != tc.want {
			t.Errorf("og:image:alt %q, want %q", got, tc.want)
		}
		if got := h.one(t, file, "og:site_name"); got != `A "B" & <C>` {
			t.Errorf("og:site_name %q", got)
		}
		if got := h.one(t, file, "og:title"); got != `404 "><b>Not</b>` {
			t.Errorf("og:title %q", got)
		}
		if bytes.Contains(out.Files[file], []byte("<script>alert")) {
			t.Error("the page holds the alt text's markup unescaped")
		}
	}
}
