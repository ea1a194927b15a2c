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
	for _, f := range kindFiles(layoutsFS, "doc") {
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
	for _, c := range []struct {
		name  string
		edit  func(name string, data []byte) []byte
		theme bool
	}{
		{"the theme", func(_ string, data []byte) []byte { return data }, true},
		{"a space more in the footer", func(name string, data []byte) []byte {
			if name == "partials/footer.html" {
				return append(bytes.Clone(data), ' ')
			}
			return data
		}, false},
		{"CRLF line ends", func(_ string, data []byte) []byte { return bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n")) }, false},
	} {
		l, _, err := ReadLayouts(themeCopy(t, c.edit), "layouts", nil)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if l.themeDoc != c.theme {
			t.Errorf("%s: taken for the built-in theme: %v, want %v", c.name, l.themeDoc, c.theme)
		}
	}
}

// themeCopy is the project's layouts, each file changed by edit.
func themeCopy(t *testing.T, edit func(name string, data []byte) []byte) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(layoutsFS, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := fs.ReadFile(layoutsFS, p)
		if err != nil {
			return err
		}
		m[p] = &fstest.MapFile{Data: edit(p, data)}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// FuzzThemeDoc holds writeThemeDoc to the theme's template for any page
// data: each field the template reads set on its own (bits of parts say
// which of the strings given each takes, or none), the UI strings too,
// and Refresh by count.
func FuzzThemeDoc(f *testing.F) {
	f.Add(uint64(1<<64-1), "An <em>\"x\"</em> & 'y' + z\x00\xff\u2028", "/en-US/docs/A B/?q=1&r=<2>#f", " JAVASCRIPT:y#%zz%4", "<p>body</p>", "%s is %d: %q", 3, "doc")
	f.Add(uint64(0), "", "", "", "", "", 0, "")
	f.Add(uint64(0x5a5a5a5a5a5a5a5a), "%41%", "HTTP://a b/?c=d&e#f'g", "/x%41y%4", "</aside>", "%[3]q%T", -7, "index")
	f.Add(uint64(0xa5a5a5a5a5a5a5a5), "ステータス", "javascript:alert(1)", "mailto:a@b", "<b>", "%!", 1<<40, "doc")
	f.Add(uint64(0x0f0f0f0f0f0f0f0f), "<'+'>", "//evil.example/x:y", "tel:1", "&amp;", "%v%v", 2, "home")
	f.Add(uint64(0xf0f0f0f0f0f0f0f0), "&", "a/b:c", "#x", "", "%d", 0, "doc")
	f.Add(uint64(17361641481138401180), "<0>", "1'", "0", "", "0", 18, "0")   // found by the fuzzer: a source file alone
	f.Add(uint64(18446744073709551508), "1+", "<0>", "0", "0", "0", 3, "doc") // and: LangName beside Title
	s := newRenderer(f, fstest.MapFS{"en-us/web/http/reference/status/404/index.md": {Data: []byte("---\ntitle: 404 Not Found\nslug: Web/HTTP/Reference/Status/404\nstatus:\n  - experimental\n---\nGone.\n\n## Status\n\nText.\n")}})
	r, err := s.RenderBody(markdown.New(), s.Pages[0])
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, parts uint64, text, url1, url2, html, format string, count int, kind string) {
		d := prepared(s.DocData(s.Pages[0], r))
		bit := 0
		on := func() bool { bit++; return parts&(1<<(bit-1)) != 0 }
		str := func() string {
			switch a, b := on(), on(); {
			case a && b:
				return text
			case a:
				return url1
			case b:
				return url2
			}
			return ""
		}
		markup := func() template.HTML {
			if on() {
				return template.HTML(html)
			}
			return ""
		}
		d.Kind = kind
		d.Lang, d.Dir, d.Title = str(), str(), str()
		d.MetaTags, d.AlternateLinks, d.SocialTags = markup(), markup(), markup()
		d.Refresh = ""
		if count%5 == 1 { // a page of its own: no header or footer
			d.Refresh = url1
		}
		d.Languages = nil
		if on() {
			d.Languages = []Language{}
			if on() {
				d.Languages = append(d.Languages, Language{})
			}
		}
		d.LanguageMenu, d.LangName = markup(), str()
		d.Sidebar = markup()
		d.TOC = nil
		if on() {
			d.TOC = []markdown.Heading{}
			if on() {
				d.TOC = append(d.TOC, markdown.Heading{})
			}
		}
		d.TOCItems, d.CrumbItems = markup(), markup()
		d.Fallback, d.Outdated = nil, nil
		if on() {
			d.Fallback = &FallbackNotice{Language: str(), EnglishURL: str()}
		}
		if on() {
			d.Outdated = &OutdatedNotice{Count: count, Date: str(), EnglishURL: str()}
		}
		d.ContentLang, d.Code, d.Class, d.Home, d.ClassName = str(), str(), str(), str(), str()
		d.Badges, d.Body, d.Constants = markup(), markup(), markup()
		d.Prev, d.Next = nil, nil
		if on() {
			d.Prev = &Entry{Title: str(), URL: str()}
		}
		if on() {
			d.Next = &Entry{Title: str(), URL: str()}
		}
		d.Updated, d.UpdatedText = str(), str() // as a date_layout of a translation may make UpdatedText
		d.TranslateURL, d.SourceURL, d.Source = str(), str(), str()
		d.T = maps.Clone(d.T)
		for i, k := range themeDocStrings { // bits 40 on, two a string
			switch (parts >> (40 + i%24)) & 3 {
			case 1:
				d.T[k] = text
			case 2:
				d.T[k] = format
			case 3:
				d.T[k] = url1
			}
		}
		sameAsTemplate(t, s.lay, "fuzzed page", d)
	})
}
