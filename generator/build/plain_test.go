package build

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
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
			for _, f := range res.Flaws {
				if f.Kind != "broken-anchor" {
					t.Errorf("flaw: %s", f)
				}
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
