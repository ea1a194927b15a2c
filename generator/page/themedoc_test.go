package page

import (
	"bytes"
	"html/template"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"statusdocs/generator/markdown"
)

// docPages checks writeThemeDoc against the theme's template on the docs
// pages of a content root, and on each English page shown as a fallback
// in every other locale: what the build gives them, byte for byte.
func docPages(t *testing.T, fsys fstest.MapFS) int {
	t.Helper()
	s := newRenderer(t, fsys)
	if !s.lay.themeDoc {
		t.Fatal("the project's layouts/ is not taken for the theme's")
	}
	md := markdown.New()
	n := 0
	for _, p := range s.Pages {
		r, err := s.RenderBody(md, p)
		if err != nil {
			t.Fatal(err)
		}
		data := []*PageData{s.DocData(p, r)}
		if p.Locale == "en-US" {
			for _, loc := range s.Enabled() {
				if loc != p.Locale && s.Lookup(loc, p.Slug) == nil {
					data = append(data, s.FallbackData(p, r, loc))
				}
			}
		}
		for _, d := range data {
			sameAsTemplate(t, s.lay, p.File+" in "+d.Lang, prepared(d))
			n++
		}
	}
	return n
}

// sameAsTemplate fails the test unless writeThemeDoc writes for d, once
// prepared, what the docs template does.
func sameAsTemplate(t *testing.T, l *Layouts, name string, d *PageData) {
	t.Helper()
	var want, got bytes.Buffer
	if err := l.tmpl["doc"].Execute(&want, d); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if !l.writeThemeDoc(&got, d) {
		t.Fatalf("%s: writeThemeDoc could not write the page", name)
	}
	if got.String() != want.String() {
		g, w := got.String(), want.String()
		i := 0
		for i < len(g) && i < len(w) && g[i] == w[i] {
			i++
		}
		t.Fatalf("%s: differs from the template at byte %d:\n got …%.300s\nwant …%.300s", name, i, g[max(0, i-100):], w[max(0, i-100):])
	}
}

// prepared is d prepared for its layout, as Layouts.Write does.
func prepared(d *PageData) *PageData {
	d.prepare()
	return d
}

func TestThemeDocPages(t *testing.T) {
	n := docPages(t, dirFS(t, "../../content"))
	t.Logf("content/: %d pages", n)
	if n < 200 {
		t.Errorf("only %d pages of content/ checked", n)
	}
}

// TestThemeDocCorpus checks the MDN pages of ../shared/corpus/mdn/files, when
// there.
func TestThemeDocCorpus(t *testing.T) {
	root := "../../../shared/corpus/mdn/files"
	if _, err := os.Stat(root); err != nil {
		t.Skip("no ../shared/corpus")
	}
	t.Logf("MDN corpus: %d pages", docPages(t, dirFS(t, root)))
}

// dirFS reads the markdown and sidebars of a content root into memory.
func dirFS(t *testing.T, root string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") && !strings.HasSuffix(p, ".yaml") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		fsys[filepath.ToSlash(rel)] = &fstest.MapFile{Data: data}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fsys
}

// TestThemeDocNeedsStrings: a UI string missing leaves the page to the
// template, which reports it.
func TestThemeDocNeedsStrings(t *testing.T) {
	s := newRenderer(t, fstest.MapFS{"en-us/web/http/reference/status/404/index.md": {Data: []byte("---\ntitle: 404 Not Found\nslug: Web/HTTP/Reference/Status/404\n---\nGone.\n")}})
	r, err := s.RenderBody(markdown.New(), s.Pages[0])
	if err != nil {
		t.Fatal(err)
	}
	d := prepared(s.DocData(s.Pages[0], r))
	d.T = maps.Clone(d.T)
	delete(d.T, "license")
	var b bytes.Buffer
	if s.lay.writeThemeDoc(&b, d) {
		t.Error("writeThemeDoc wrote a page without the license string")
	}
	layoutErr, _ := s.lay.Write(discard{}, "x.html", "doc", s.DocData(s.Pages[0], r))
	if layoutErr != nil {
		t.Errorf("with every string: %v", layoutErr)
	}
}

// TestThemeDocSum: writeThemeDoc is for the layouts of this repository,
// and for no others: any file of the docs page changed, added or gone.
func TestThemeDocSum(t *testing.T) {
	theme := fstest.MapFS{}
	for _, f := range themeDocFiles(layoutsFS) {
		data, err := fs.ReadFile(layoutsFS, f)
		if err != nil {
			t.Fatal(err)
		}
		theme[f] = &fstest.MapFile{Data: data}
	}
	if sum := docSum(theme); sum != themeDocSum {
		t.Fatalf("layouts/ changed: make writeThemeDoc (themedoc.go) write what they do (TestThemeDocPages, FuzzThemeDoc), then set themeDocSum to %q", sum)
	}
	for name, change := range map[string]func(fstest.MapFS){
		"a footer of its own": func(m fstest.MapFS) {
			m["partials/footer.html"] = &fstest.MapFile{Data: []byte(`{{define "footer"}}mine{{end}}`)}
		},
		"one more partial": func(m fstest.MapFS) {
			m["partials/zz.html"] = &fstest.MapFile{Data: []byte(`{{define "footer"}}mine{{end}}`)}
		},
		"no toc partial": func(m fstest.MapFS) { delete(m, "partials/toc.html") },
		"a byte more in base": func(m fstest.MapFS) {
			m["base.html"] = &fstest.MapFile{Data: append(bytes.Clone(m["base.html"].Data), ' ')}
		},
		"doc.html of its own": func(m fstest.MapFS) {
			m["doc.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}{{.Body}}{{end}}`)}
		},
		"doc.html that is gone": func(m fstest.MapFS) { delete(m, "doc.html") },
		"a partial renamed": func(m fstest.MapFS) {
			m["partials/toc2.html"] = m["partials/toc.html"]
			delete(m, "partials/toc.html")
		},
	} {
		m := maps.Clone(theme)
		change(m)
		if docSum(m) == themeDocSum {
			t.Errorf("%s: taken for the built-in theme", name)
		}
	}
	l, _, err := ReadLayouts(fstest.MapFS{"base.html": {Data: []byte(`{{template "main" .}}`)}}, "layouts", nil)
	if err == nil && l.themeDoc {
		t.Error("layouts of a site's own are taken for the built-in theme")
	}
}

// FuzzThemeDoc holds writeThemeDoc to the theme's template for any page
// data: each text field, URL and UI string given, each optional part
// there or not (bits of parts).
func FuzzThemeDoc(f *testing.F) {
	f.Add(uint32(0xffffffff), "An <em>\"x\"</em> & 'y' + z", "/en-US/docs/A B/?q=1&r=<2>#f", "ja", "<p>body</p>", "%s is %d: %q", 3)
	f.Add(uint32(0), "", "", "", "", "", 0)
	f.Add(uint32(0x5555), "\x00\xff\ufffd", "javascript:alert(1)", "ar", "<b>", "%!", -1)
	f.Add(uint32(0xaaaa), "ステータス", "JavaScript:x", "zh-TW", "</aside>", "%[2]v %v %%", 1<<40)
	f.Add(uint32(0x1234), "a\tb\nc", "//evil.example/x:y", "\"><script>", "x", "%s", 7)
	f.Add(uint32(0xfedc), "+", "mailto:a@b", "en-US", "&amp;", "%d", 0)
	f.Add(uint32(0xfffffffb), "<'+'>", "/a b", "de", "<i>", "%v%v", 2) // all but Refresh
	f.Add(uint32(0xfff1bffb), "&", "tel:1", "fr", "", "%s", 1)         // a source file's link
	f.Add(uint32(0xfff13ffb), "<&>", "", "it", "", "", 5)              // a source file without one
	s := newRenderer(f, fstest.MapFS{"en-us/web/http/reference/status/404/index.md": {Data: []byte("---\ntitle: 404 Not Found\nslug: Web/HTTP/Reference/Status/404\nstatus:\n  - experimental\n---\nGone.\n\n## Status\n\nText.\n")}})
	r, err := s.RenderBody(markdown.New(), s.Pages[0])
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, parts uint32, text, url, lang, html, format string, count int) {
		d := s.DocData(s.Pages[0], r)
		on := func(bit int) bool { return parts&(1<<bit) != 0 }
		pick := func(bit int, s string) string {
			if on(bit) {
				return s
			}
			return ""
		}
		d.Lang, d.Dir, d.Title = lang, pick(0, text), text
		if on(1) {
			d.Kind = "index"
		}
		d.Refresh = pick(2, url)
		d.Sidebar = template.HTML(pick(3, html))
		d.TOC = nil
		if on(4) {
			d.TOC = []markdown.Heading{{Level: 2, ID: text, Text: text}}
		}
		if on(5) {
			d.Fallback = &FallbackNotice{Language: text, EnglishURL: url}
		}
		if on(6) {
			d.Outdated = &OutdatedNotice{Count: count, Date: text, EnglishURL: url}
		}
		d.ContentLang = pick(7, text)
		d.Code, d.Home = pick(8, text), url
		if !on(9) {
			d.status = nil
		}
		d.Body = template.HTML(html)
		d.Constants = template.HTML(pick(10, html))
		d.Prev, d.Next = nil, nil
		if on(11) {
			d.Prev = &Entry{Title: text, URL: url}
		}
		if on(12) {
			d.Next = &Entry{Title: lang, URL: text}
		}
		if on(13) {
			d.updated = time.Unix(int64(count)%(1<<35), 0)
		}
		d.TranslateURL, d.SourceURL, d.Source = pick(14, url), pick(15, url), pick(16, text)
		d.Languages = nil
		if on(17) {
			d.Languages = []Language{{Locale: lang, Name: text, URL: url, Current: on(18)}}
		}
		d.prepare()
		d.LangName = pick(18, text)
		if on(13) {
			d.Updated, d.UpdatedText = text, text // as a date_layout of a translator's may make UpdatedText
		}
		d.T = maps.Clone(d.T)
		for i, k := range themeDocStrings {
			switch {
			case strings.HasSuffix(k, "_notice") && on(19):
				d.T[k] = format
			case on(20 + i%12):
				d.T[k] = text
			}
		}
		sameAsTemplate(t, s.lay, "fuzzed page", d)
	})
}
