package check_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"statusdocs/generator/build"
	"statusdocs/generator/check"
	"statusdocs/generator/content"
	"statusdocs/generator/output"
)

func TestSite(t *testing.T) {
	page := func(body string) []byte {
		return []byte(`<!doctype html><html><body><h2 id="top">T</h2>` + body + `</body></html>`)
	}
	for _, tt := range []struct {
		name  string
		base  string
		files map[string]string
		want  []string // "output:line: message start"
	}{
		{
			name: "good links, assets and fragments",
			files: map[string]string{
				"en-US/index.html":        `<a href="/en-US/docs/A/">a</a><a href="docs/A/#x">a</a><link rel="stylesheet" href="/static/s.css"><a href="#top">t</a><h2 id="top"></h2>`,
				"en-US/docs/A/index.html": `<p id="x"><a href="../../">home</a><a href="https://example.org/">out</a><a href="mailto:a@b.c">m</a>`,
				"static/s.css":            `body{}`,
			},
		},
		{
			name: "broken, needs a slash, missing anchor, unreachable",
			files: map[string]string{
				"en-US/index.html":        "<p>\n<a href=\"/en-US/docs/Nope/\">x</a>\n<a href=\"/en-US/docs/A\">y</a> <a href=\"/en-US/docs/A/#nope\">z</a>",
				"en-US/docs/A/index.html": `<p>`,
				"en-US/docs/B/index.html": `<p>`,
			},
			want: []string{
				"en-US/docs/B/index.html: unreachable",
				"en-US/index.html:2: broken link: nothing is served at /en-US/docs/Nope/",
				"en-US/index.html:3: link to /en-US/docs/A answers with a redirect",
				"en-US/index.html:3: missing anchor: /en-US/docs/A/ has no id \"nope\"",
			},
		},
		{
			name: "base path",
			base: "/sub/",
			files: map[string]string{
				"en-US/index.html":        `<a href="/sub/en-US/docs/A/">a</a><a href="/en-US/docs/A/">b</a><a href="/sub">c</a>`,
				"en-US/docs/A/index.html": `<p>`,
				"index.html":              `<p>`,
			},
			want: []string{
				"en-US/index.html:1: link to /en-US/docs/A/ is outside the base path /sub/",
				"en-US/index.html:1: link to /sub answers with a redirect",
			},
		},
		{
			name: "redirect stubs and 404 pages need no links to them",
			files: map[string]string{
				"en-US/index.html":          `<p>`,
				"en-US/404.html":            `<p>`,
				"en-US/docs/Old/index.html": `<meta http-equiv="refresh" content="0; url=/en-US/"><a href="/en-US/">x</a>`,
			},
		},
		{
			name: "links the build left without a page",
			files: map[string]string{
				"en-US/index.html": `<a class="page-not-created" data-href="/en-US/docs/Gone">x</a>`,
			},
			want: []string{"en-US/index.html:1: broken link: there is no page /en-US/docs/Gone"},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string][]byte{}
			for n, s := range tt.files {
				files[n] = []byte(s)
				if strings.HasSuffix(n, ".html") {
					files[n] = page(s)
				}
			}
			r := check.Site(files, check.Options{Base: tt.base})
			var got []string
			for _, p := range r.Problems {
				got = append(got, p.String())
			}
			if len(got) != len(tt.want) {
				t.Fatalf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) {
					t.Errorf("problem %d: %s\nwant prefix %s", i, got[i], tt.want[i])
				}
			}
		})
	}
}

// TestPlantedProblems builds a site with a broken link and a link to a
// missing anchor and checks that both are reported at their place in the
// markdown.
func TestPlantedProblems(t *testing.T) {
	md := func(title, slug, body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\nslug: " + slug + "\npage-type: http-status-code\n---\n\n" + body + "\n")}
	}
	files := fstest.MapFS{
		// Status pages, so that the home page lists them.
		"en-us/a/index.md": md("404 Not Found", "Web/HTTP/Reference/Status/404", "Intro.\n\nSee [B](/en-US/docs/Web/HTTP/Reference/Status/410#nowhere).\n\nAnd [gone](/en-US/docs/Gone)."),
		"en-us/b/index.md": md("410 Gone", "Web/HTTP/Reference/Status/410", "## Here\n\nBack to [A](/en-US/docs/Web/HTTP/Reference/Status/404)."),
	}
	cfg := build.Config{
		Content:     []content.Root{{Name: "content", FS: files}},
		Layouts:     os.DirFS("../../layouts"),
		LayoutsName: "layouts",
		RecordLinks: true,
	}
	out := output.NewMemOutput()
	res, err := build.Build(cfg, out)
	if err != nil {
		t.Fatal(err)
	}
	r := check.Site(out.Files, check.Options{Source: res.Sources})
	var got []string
	for _, p := range r.Problems {
		got = append(got, p.String())
	}
	hasPrefix := func(prefix string) bool {
		return slices.ContainsFunc(got, func(g string) bool { return strings.HasPrefix(g, prefix) })
	}
	for _, w := range []string{
		`content/en-us/a/index.md:9:5: en-US/docs/Web/HTTP/Reference/Status/404/index.html: missing anchor: /en-US/docs/Web/HTTP/Reference/Status/410/ has no id "nowhere"`,
		`content/en-us/a/index.md:11:5: en-US/docs/Web/HTTP/Reference/Status/404/index.html: broken link: there is no page /en-US/docs/Gone`,
	} {
		if !hasPrefix(w) {
			t.Errorf("missing problem %s\ngot:\n%s", w, strings.Join(got, "\n"))
		}
	}
	if len(got) != 2 {
		t.Errorf("%d problems, want 2:\n%s", len(got), strings.Join(got, "\n"))
	}
}

// TestExternal checks external links against a local server (tests never
// reach the network): a 404 is a problem, a server refusing HEAD is asked
// with GET, a good link is none.
func TestExternal(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/gone":
			w.WriteHeader(http.StatusNotFound)
		case r.URL.Path == "/nohead" && r.Method == http.MethodHead:
			w.WriteHeader(http.StatusMethodNotAllowed)
		}
	}))
	defer srv.Close()
	files := map[string][]byte{
		"en-US/index.html": []byte(`<a href="` + srv.URL + `/ok">a</a><a href="` + srv.URL + `/gone">b</a><a href="` + srv.URL + `/nohead#x">c</a>`),
	}
	r := check.Site(files, check.Options{})
	if n := r.CheckExternal(context.Background(), check.ExternalOptions{Concurrency: 2}); n != 3 {
		t.Errorf("checked %d external URLs, want 3", n)
	}
	if len(r.Problems) != 1 || !strings.Contains(r.Problems[0].Msg, "/gone: answers 404") {
		t.Errorf("problems: %v", r.Problems)
	}
}

// TestSiteURL checks that absolute links to the site itself (canonical,
// hreflang) are checked as internal links, not requested as external ones.
func TestSiteURL(t *testing.T) {
	files := map[string][]byte{
		"en-US/index.html":        []byte(`<link rel="canonical" href="https://docs.example.org/en-US/"><link rel="alternate" href="https://docs.example.org/ja/"><a href="docs/A/">a</a>`),
		"en-US/docs/A/index.html": []byte(`<p>`),
	}
	r := check.Site(files, check.Options{SiteURL: "https://docs.example.org"})
	if len(r.External) != 0 {
		t.Errorf("external: %v", r.External)
	}
	if len(r.Problems) != 1 || !strings.Contains(r.Problems[0].Msg, "nothing is served at /ja/") {
		t.Errorf("problems: %v", r.Problems)
	}
}
