package check_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"statusdocs/generator/build"
	"statusdocs/generator/content"
	"statusdocs/generator/output"
)

// TestCrawl builds content/ to disk, serves it with Go's plain file server
// (as a static host would), and follows every link from the root: each
// internal link must answer 200 at once, without a redirect. It does so at
// the root of a host and under a base path.
func TestCrawl(t *testing.T) {
	for _, base := range []string{"/", "/statusdocs/"} {
		t.Run(base, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "public")
			out, err := output.NewDirOutput(dir)
			if err != nil {
				t.Fatal(err)
			}
			cfg := build.Config{
				Content:       []content.Root{{Name: "content", FS: os.DirFS("../../content")}},
				Layouts:       os.DirFS("../../layouts"),
				LayoutsName:   "layouts",
				ExternalBase:  "https://developer.mozilla.org",
				BasePath:      base,
				SiteURL:       "https://statusdocs.example.org",
				RedirectStubs: true,
				NoGit:         true,
			}
			if _, err := build.Build(cfg, out); err != nil {
				t.Fatal(err)
			}
			if err := out.Commit(); err != nil {
				t.Fatal(err)
			}
			mux := http.NewServeMux()
			mux.Handle(base, http.StripPrefix(strings.TrimSuffix(base, "/"), http.FileServer(http.Dir(dir))))
			srv := httptest.NewServer(mux)
			defer srv.Close()
			client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

			seen := map[string]bool{base: true}
			queue := []string{base}
			pages := 0
			for len(queue) > 0 {
				p := queue[0]
				queue = queue[1:]
				resp, err := client.Get(srv.URL + p)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					t.Errorf("GET %s: %d (Location %q)", p, resp.StatusCode, resp.Header.Get("Location"))
					continue
				}
				if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
					continue
				}
				pages++
				for _, l := range links(body) {
					u, err := url.Parse(l)
					if err != nil {
						t.Errorf("%s: bad link %q", p, l)
						continue
					}
					ref := (&url.URL{Path: p}).ResolveReference(u)
					if u.Scheme != "" || u.Host != "" || ref.Path == "" {
						continue
					}
					if !strings.HasPrefix(ref.Path, base) {
						t.Errorf("%s: link %q leaves the base path %s", p, l, base)
						continue
					}
					if !seen[ref.Path] {
						seen[ref.Path] = true
						queue = append(queue, ref.Path)
					}
				}
			}
			if pages < 200 {
				t.Errorf("crawled %d pages", pages)
			}
			for _, f := range []string{"sitemap.xml", "robots.txt"} {
				get(t, client, srv.URL+base+f, nil)
			}
			for _, loc := range []string{"en-US", "zh-TW"} {
				crawlSearch(t, client, srv.URL, base, loc)
			}
			t.Logf("%d pages and %d URLs answered 200 under %s", pages, len(seen), base)
		})
	}
}

// links are the href and src attributes of a page.
func links(page []byte) []string {
	var out []string
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return out
		case html.StartTagToken, html.SelfClosingTagToken:
			for _, a := range z.Token().Attr {
				if a.Key == "href" || a.Key == "src" {
					out = append(out, a.Val)
				}
			}
		}
	}
}

// crawlSearch follows a locale's search index as the search engine does:
// meta.json, every shard and chunk it names, and each document's page and
// its markdown twin, which the excerpts are cut from, all under the base
// path.
func crawlSearch(t *testing.T, client *http.Client, origin, base, locale string) {
	var meta struct {
		Docs, Chunk int
		Shards      []string
	}
	folder := origin + base + locale + "/search/"
	get(t, client, folder+"meta.json", &meta)
	for k := range meta.Shards {
		get(t, client, fmt.Sprintf("%st-%d.json", folder, k), nil)
	}
	pages := 0
	for k := 0; k*meta.Chunk < meta.Docs; k++ {
		var chunk [][]any
		get(t, client, fmt.Sprintf("%sd-%d.json", folder, k), &chunk)
		for _, d := range chunk {
			u, _ := d[1].(string)
			if !strings.HasPrefix(u, base) {
				t.Errorf("%s search: %q is not under %s", locale, u, base)
				continue
			}
			get(t, client, origin+u, nil)
			get(t, client, origin+u+"index.md", nil)
			pages++
		}
	}
	if pages != meta.Docs || pages < 60 {
		t.Errorf("%s search: %d documents of %d", locale, pages, meta.Docs)
	}
}

// get gets a URL, which must answer 200, and decodes its JSON into v
// unless v is nil.
func get(t *testing.T, client *http.Client, u string, v any) {
	t.Helper()
	resp, err := client.Get(u)
	if err != nil {
		t.Errorf("GET %s: %v", u, err)
		return
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("GET %s: %s", u, resp.Status)
		return
	}
	if v != nil {
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Errorf("GET %s: %v", u, err)
		}
	}
}
