package content

import (
	"reflect"
	"testing"
	"testing/fstest"
)

func TestLoadPlain(t *testing.T) {
	notes := fstest.MapFS{
		"README.md":                  {Data: []byte("# Field notes\n\nStart here.\n")},
		"guide/README.md":            {Data: []byte("## Not an H1\n\n# The **guide**\n")},
		"guide/Setup_Steps.md":       {Data: []byte("Intro.\n\n# Setting `up`\n")},
		"guide/deep/index.md":        {Data: []byte("---\ntitle: Deep\nslug: guide/deep\n---\nText.\n")},
		"guide/image.png":            {Data: []byte("\x89PNG\r\n\x1a\n")},
		"sidebars/notes.yaml":        {Data: []byte("- guide\n")},
		"sidebars/stray.md":          {Data: []byte("# Not a page\n")},
		"misc/untitled.md":           {Data: []byte("Just text.\n")},
		".github/ISSUE_TEMPLATE.md":  {Data: []byte("# Hidden\n")},
		"misc/Code_404.md":           {Data: []byte("# 404 notes\n")},
		"misc/empty.md":              {Data: []byte("\n")},
		"misc/nested/readme.md":      {Data: []byte("# Lower-case readme\n")},
		"misc/nested/readme-more.md": {Data: []byte("# More\n")},
	}
	mdn := fstest.MapFS{
		"README.md":          {Data: []byte("# About this root\n")},
		"en-us/a/index.md":   page("A", "a"),
		"en-us/b/index.md":   {Data: []byte("# B plain\n")},
		"other/c/index.md":   page("C", "c"),
		"sidebars/http.yaml": {Data: []byte("[]\n")},
	}
	type pageKey struct{ File, Locale, Slug, Title string }
	tests := []struct {
		name      string
		root      Root
		want      []pageKey
		wantFlaws []string
	}{
		{"default locale", Root{Name: "notes", FS: notes}, []pageKey{
			{"notes/README.md", "en-US", "README", "Field notes"},
			{"notes/guide/README.md", "en-US", "guide", "The guide"},
			{"notes/guide/Setup_Steps.md", "en-US", "guide/Setup_Steps", "Setting up"},
			{"notes/guide/deep/index.md", "en-US", "guide/deep", "Deep"},
			{"notes/misc/Code_404.md", "en-US", "misc/Code_404", "404 notes"},
			{"notes/misc/nested/readme-more.md", "en-US", "misc/nested/readme-more", "More"},
			{"notes/misc/nested/readme.md", "en-US", "misc/nested", "Lower-case readme"},
			{"notes/misc/untitled.md", "en-US", "misc/untitled", "untitled"},
		}, []string{"notes/misc/empty.md:1:1: error: bad-file: the file is empty; page left out (suggestion: save the page as UTF-8 text, or delete it)"}},
		{"locale set", Root{Name: "notes", FS: fstest.MapFS{"a.md": {Data: []byte("# 甲\n")}}, Locale: "zh-CN"}, []pageKey{
			{"notes/a.md", "zh-CN", "a", "甲"},
		}, nil},
		{"locale folders win", Root{Name: "mdn", FS: mdn, Locale: "ja"}, []pageKey{
			{"mdn/en-us/a/index.md", "en-US", "a", "A"},
			{"mdn/en-us/b/index.md", "en-US", "b", "B plain"},
		}, []string{`mdn/other: warning: unknown-locale: folder "other" is not a locale (a lowercase BCP 47 tag such as "en-us" or "zh-tw"); skipped`}},
		{"no markdown at the top", Root{Name: "x", FS: fstest.MapFS{"docs/a.md": {Data: []byte("# A\n")}}}, nil,
			[]string{`x/docs: warning: unknown-locale: folder "docs" is not a locale (a lowercase BCP 47 tag such as "en-us" or "zh-tw"); skipped`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Load([]Root{tt.root})
			var got []pageKey
			for _, p := range c.Pages {
				got = append(got, pageKey{p.File, p.Locale, p.Slug, p.Title})
				if p.Plain != (tt.root.Name == "notes") {
					t.Errorf("%s: Plain %v", p.File, p.Plain)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("pages:\n got %q\nwant %q", got, tt.want)
			}
			var flaws []string
			for _, f := range c.Flaws {
				flaws = append(flaws, f.String())
			}
			if !reflect.DeepEqual(flaws, tt.wantFlaws) {
				t.Errorf("flaws:\n got %q\nwant %q", flaws, tt.wantFlaws)
			}
		})
	}
	if c := Load([]Root{{Name: "notes", FS: notes}}); len(c.Sidebars) != 1 || c.Pages[0].Body == nil {
		t.Errorf("sidebars %v, first body %q", c.Sidebars, c.Pages[0].Body)
	}
}
