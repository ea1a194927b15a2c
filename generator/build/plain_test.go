package build

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"statusdocs/generator/content"
)

// plainTree is a small plain-markdown collection: no front matter, no
// locale folders, pages named by their paths.
func plainTree() fstest.MapFS {
	return fstest.MapFS{
		"README.md":           {Data: []byte("# Garden notes\n\n- [Soil](#-soil)\n- [Tools](#tools)\n\n## 🌱 Soil\n\nDig.\n\n## Tools!\n\nA spade.\n")},
		"beds/README.md":      {Data: []byte("# Beds\n\nRaised ones.\n")},
		"beds/Raised_Bed.md":  {Data: []byte("# Raised bed\n\nSee [the beds](README.md) and [notes](../README.md#-soil).\n")},
		"beds/deep/Trench.md": {Data: []byte("# Trench\n\nLong.\n")},
		"Seasons.md":          {Data: []byte("# Seasons\n\nFour.\n")},
	}
}

// hrefs lists the links of a page's markup.
func hrefs(html string) []string {
	var out []string
	for _, m := range hrefRE.FindAllStringSubmatch(html, -1) {
		out = append(out, m[1])
	}
	return out
}

var hrefRE = regexp.MustCompile(`href="([^"]*)"`)

func TestPlainSiteRoot(t *testing.T) {
	tests := []struct {
		name, locale string
		locales      []string
		wantHome     string
	}{
		{"default locale", "", nil, "/en-US/"},
		{"locale set", "zh-CN", nil, "/zh-CN/"},
		{"en-US configured too", "zh-CN", []string{"zh-CN"}, "/en-US/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, out := build(t, plainTree(), func(c *Config) {
				c.Content[0].Locale = tt.locale
				c.Locales = tt.locales
			})
			for _, f := range res.Flaws { // GitHub's anchors (#-soil) resolve too
				t.Errorf("flaw: %s", f)
			}
			index, notFound := string(out.Files["index.html"]), string(out.Files["404.html"])
			for _, h := range slices.Concat(hrefs(index), hrefs(notFound)) {
				if name := strings.TrimPrefix(h, "/"); strings.HasSuffix(name, "/") && !strings.HasPrefix(h, "#") {
					if _, ok := out.Files[name+"index.html"]; !ok {
						t.Errorf("the site root links to %q, which is not written", h)
					}
				}
			}
			refresh := `<meta http-equiv="refresh" content="0; url=` + tt.wantHome + `">`
			if got := strings.Contains(index, refresh); got != (tt.locales == nil) {
				t.Errorf("index has %s: %v", refresh, got)
			}
			if !strings.Contains(notFound, `class="site-name" href="`+tt.wantHome+`"`) {
				t.Errorf("404.html does not lead home to %s", tt.wantHome)
			}
		})
	}
}

func TestPlainHome(t *testing.T) {
	tests := []struct {
		name   string
		roots  func(*Config)
		home   string
		want   []string // the links of the home's page lists, in order
		titles []string // the headings of its groups
	}{
		{"plain root", func(*Config) {}, "en-US/index.html", []string{
			"/en-US/docs/README/", "/en-US/docs/beds/", "/en-US/docs/Seasons/",
			"/en-US/docs/beds/Raised_Bed/",
			"/en-US/docs/beds/deep/Trench/",
		}, []string{"Beds", "beds / deep"}},
		{"plain translation beside MDN English", func(c *Config) {
			c.Content = append(c.Content, content.Root{Name: "mdn", FS: fstest.MapFS{
				"en-us/seasons/index.md": mdFile("Seasons in English", "Seasons", "Text.\n"),
				"en-us/extra/index.md":   {Data: []byte("# Extra\n")},
			}})
			c.Content[0].Locale = "de"
		}, "de/index.html", []string{
			"/de/docs/README/", "/de/docs/beds/", "/de/docs/Seasons/",
			"/de/docs/beds/Raised_Bed/",
			"/de/docs/beds/deep/Trench/",
		}, []string{"Beds", "beds / deep"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, out := build(t, plainTree(), tt.roots)
			home := string(out.Files[tt.home])
			lists := strings.Join(pageLists.FindAllString(home, -1), "")
			if got := hrefs(lists); !slices.Equal(got, tt.want) {
				t.Errorf("listed\n%q\nwant\n%q", got, tt.want)
			}
			var titles []string
			for _, m := range groupTitle.FindAllStringSubmatch(home, -1) {
				titles = append(titles, m[1])
			}
			if !slices.Equal(titles, tt.titles) {
				t.Errorf("groups %q, want %q", titles, tt.titles)
			}
		})
	}
}

var (
	pageLists  = regexp.MustCompile(`(?s)<ul class="page-list">.*?</ul>`)
	groupTitle = regexp.MustCompile(`<h2 id="pages-\d+">([^<]*)</h2>`)
)

func TestPlainAnchors(t *testing.T) {
	tree := plainTree()
	tree["Seasons.md"] = &fstest.MapFile{Data: []byte("# Seasons\n\n[a](README.md#-soil) [b](README.md#-tools) [c](#-spring)\n\n## 🌸 Spring\n")}
	mdn := fstest.MapFS{"en-us/mdn/index.md": mdFile("MDN page", "mdn", "## 🌸 Spring\n\n[d](#-spring)\n")}
	res, out := build(t, tree, func(c *Config) { c.Content = append(c.Content, content.Root{Name: "m", FS: mdn}) })
	var got []string
	for _, f := range res.Flaws {
		got = append(got, f.File+":"+f.Kind)
	}
	if want := []string{"c/Seasons.md:broken-anchor", "m/en-us/mdn/index.md:broken-anchor"}; !slices.Equal(got, want) {
		t.Errorf("flaws %q, want %q", got, want)
	}
	if !strings.Contains(string(out.Files["en-US/docs/Seasons/index.html"]), `<span class="heading-anchor" id="-spring"></span>`) {
		t.Error("the plain page's heading has no GitHub anchor")
	}
}

func TestPlainSidebar(t *testing.T) {
	tree := plainTree()
	tree["Own.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Own\nslug: Own\nsidebar: notes\n---\nText.\n")}
	tree["sidebars/notes.yaml"] = &fstest.MapFile{Data: []byte("sidebar:\n  - /Seasons\n")}
	mdn := fstest.MapFS{"en-us/mdn/index.md": mdFile("MDN page", "mdn", "Text.\n")}
	_, out := build(t, tree, func(c *Config) { c.Content = append(c.Content, content.Root{Name: "m", FS: mdn}) })
	nav := func(name string) string {
		return sidebarNav.FindString(string(out.Files[name]))
	}
	trench := nav("en-US/docs/beds/deep/Trench/index.html")
	want := `<ol><li><a href="../../../Own/">Own</a><li><a href="../../../README/">Garden notes</a><li><a href="../../../Seasons/">Seasons</a>` +
		`<li class="toggle"><details open><summary><a href="../../">Beds</a></summary><ol><li><a href="../../Raised_Bed/">Raised bed</a>` +
		`<li class="toggle"><details open><summary>deep</summary><ol><li><a href="./" aria-current="page">Trench</a></ol></details></ol></details></ol>`
	if !strings.Contains(trench, want) {
		t.Errorf("Trench's sidebar\n%s\nwant\n%s", trench, want)
	}
	if seasons := nav("en-US/docs/Seasons/index.html"); !strings.Contains(seasons, `<details><summary><a href="../beds/">`) {
		t.Errorf("Seasons' sidebar opens the beds:\n%s", seasons)
	}
	if own := nav("en-US/docs/Own/index.html"); strings.Contains(own, "Trench") || !strings.Contains(own, "Seasons") {
		t.Errorf("a plain page with sidebar: shows the folder tree:\n%s", own)
	}
	if m := nav("en-US/docs/mdn/index.html"); m != "" {
		t.Errorf("an MDN page has the folder tree:\n%s", m)
	}
}

var sidebarNav = regexp.MustCompile(`<nav class="sidebar-nav".*?</nav>`)
