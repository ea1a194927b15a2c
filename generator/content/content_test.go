package content

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"statusdocs/generator/flaw"
)

func page(title, slug string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\nslug: " + slug + "\n---\n\nText.\n")}
}

func TestLoad(t *testing.T) {
	content := fstest.MapFS{
		"README.md":                            {Data: []byte("not a page")},
		".git/x/index.md":                      page("Hidden", "x"),
		"en-us/web/http/status/404/index.md":   page("404 Not Found", "Web/HTTP/Status/404"),
		"en-us/web/http/status/404/other.md":   {Data: []byte("# Other page\n")},
		"en-us/web/http/status/404/.draft.md":  page("Draft", "Web/HTTP/Status/404/draft"),
		"en-us/web/http/status/404/image.png":  {Data: []byte("\x89PNG\r\n\x1a\n")},
		"en-us/web/http/status/418/index.md":   {Data: []byte("---\ntitle: Teapot\n---\n")},
		"zh-tw/web/http/status/404/index.md":   page("404 找不到", "Web/HTTP/Status/404"),
		"pt-br/glossary/proxy_server/index.md": page("Servidor proxy", "Glossary/Proxy_server"),
		"images/logo/index.md":                 page("Logo", "logo"),
		"xx-yy-zz/a/index.md":                  page("A", "a"),
		"sidebars/http.yaml":                   {Data: []byte("http: first\n")},
		"sidebars/notes.txt":                   {Data: []byte("not a sidebar")},
		"en-us/_redirects.txt": {Data: []byte("# FROM\tTO\n" +
			"\n" +
			"/en-US/docs/Old\t/en-US/docs/Web/HTTP/Status/404\n" +
			"just one-field\n" +
			"  /en-US/docs/Ext \t https://example.com/  \n" +
			"/fr/docs/Elsewhere\t/en-US/docs/A\n" +
			"/en-US/docs/Rel\tnot-a-path\n")},
	}
	translated := fstest.MapFS{
		"zh-tw/web/http/status/404/index.md": page("重複", "web/http/STATUS/404"),
		"zh-tw/web/http/status/500/index.md": page("500 內部伺服器錯誤", "Web/HTTP/Status/500"),
		"sidebars/http.yaml":                 {Data: []byte("http: second\n")},
		"sidebars/glossary.yaml":             {Data: []byte("glossary: []\n")},
	}
	c := Load([]Root{{Name: "content", FS: content}, {Name: "translated", FS: translated}})

	type pageKey struct {
		File          string
		Root          int
		Locale, Slug  string
		Title, Folder string
	}
	var pages []pageKey
	for _, p := range c.Pages {
		pages = append(pages, pageKey{p.File, p.Root, p.Locale, p.Slug, p.Title, p.Folder})
	}
	wantPages := []pageKey{
		{"content/en-us/web/http/status/404/index.md", 0, "en-US", "Web/HTTP/Status/404", "404 Not Found", "web/http/status/404"},
		{"content/en-us/web/http/status/404/other.md", 0, "en-US", "web/http/status/404/other", "Other page", "web/http/status/404/other"},
		{"content/pt-br/glossary/proxy_server/index.md", 0, "pt-BR", "Glossary/Proxy_server", "Servidor proxy", "glossary/proxy_server"},
		{"content/zh-tw/web/http/status/404/index.md", 0, "zh-TW", "Web/HTTP/Status/404", "404 找不到", "web/http/status/404"},
		{"translated/zh-tw/web/http/status/500/index.md", 1, "zh-TW", "Web/HTTP/Status/500", "500 內部伺服器錯誤", "web/http/status/500"},
	}
	if !reflect.DeepEqual(pages, wantPages) {
		t.Errorf("pages:\n%s\nwant:\n%s", rows(pages), rows(wantPages))
	}

	wantRedirects := []Redirect{
		{From: "/en-US/docs/Old", To: "/en-US/docs/Web/HTTP/Status/404", Slug: "Old", Locale: "en-US", File: "content/en-us/_redirects.txt", Line: 3},
		{From: "/en-US/docs/Ext", To: "https://example.com/", Slug: "Ext", Locale: "en-US", File: "content/en-us/_redirects.txt", Line: 5},
	}
	if !reflect.DeepEqual(c.Redirects, wantRedirects) {
		t.Errorf("redirects:\n%s\nwant:\n%s", rows(c.Redirects), rows(wantRedirects))
	}

	wantSidebars := map[string]File{
		"http":     {File: "content/sidebars/http.yaml", Data: []byte("http: first\n")},
		"glossary": {File: "translated/sidebars/glossary.yaml", Data: []byte("glossary: []\n")},
	}
	if !reflect.DeepEqual(c.Sidebars, wantSidebars) {
		t.Errorf("sidebars = %q, want %q", c.Sidebars, wantSidebars)
	}

	type flawKey struct {
		Kind string
		File string
		Line int
	}
	var flaws []flawKey
	flaw.Sort(c.Flaws)
	for _, f := range c.Flaws {
		flaws = append(flaws, flawKey{f.Kind, f.File, f.Line})
		if f.Kind == flaw.DuplicateSlug && !strings.Contains(f.Message, "content/zh-tw/web/http/status/404/index.md") {
			t.Errorf("duplicate-slug flaw %q does not name the page kept", f)
		}
	}
	wantFlaws := []flawKey{
		{flaw.BadRedirect, "content/en-us/_redirects.txt", 4},
		{flaw.BadRedirect, "content/en-us/_redirects.txt", 6},
		{flaw.BadRedirect, "content/en-us/_redirects.txt", 7},
		{flaw.FrontMatter, "content/en-us/web/http/status/418/index.md", 1},
		{flaw.UnknownLocale, "content/images", 0},
		{flaw.UnknownLocale, "content/xx-yy-zz", 0},
		{flaw.DuplicateSlug, "translated/zh-tw/web/http/status/404/index.md", 3},
	}
	if !reflect.DeepEqual(flaws, wantFlaws) {
		t.Errorf("flaws:\n%s\nwant:\n%s", rows(flaws), rows(wantFlaws))
	}
}

// rows prints one value a line, for diffs of slices.
func rows[T any](s []T) string {
	var out string
	for _, v := range s {
		out += fmt.Sprintf("\t%+v\n", v)
	}
	return out
}

func TestLocale(t *testing.T) {
	tests := []struct {
		folder string
		want   string
		ok     bool
	}{
		{"en-us", "en-US", true},
		{"zh-tw", "zh-TW", true},
		{"zh-cn", "zh-CN", true},
		{"pt-br", "pt-BR", true},
		{"zh-hant-tw", "zh-Hant-TW", true},
		{"zh-hans", "zh-Hans", true},
		{"es-419", "es-419", true},
		{"ja", "ja", true},
		{"fr", "fr", true},
		{"EN-US", "en-US", true},
		{"xx-yy-zz", "", false},
		{"sidebars", "", false},
		{"images", "", false},
		{"", "", false},
		// Every page names every locale: at most 35 bytes (RFC 5646, 4.4.1).
		{"en-x-" + strings.Repeat("abcdefgh-", 3) + "abc", "en-x-abcdefgh-abcdefgh-abcdefgh-abc", true},
		{"en-x-" + strings.Repeat("abcdefgh-", 3) + "abcd", "", false},
	}
	for _, tt := range tests {
		got, ok := Locale(tt.folder)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Locale(%q) = %q, %v; want %q, %v", tt.folder, got, ok, tt.want, tt.ok)
		}
	}
}

func TestKey(t *testing.T) {
	if a, b := Key("zh-TW", "Web/HTTP/Status/404"), Key("zh-tw", "web/http/status/404"); a != b {
		t.Errorf("Key differs by case: %q, %q", a, b)
	}
	if a, b := Key("zh-TW", "Web/A"), Key("zh-CN", "Web/A"); a == b {
		t.Errorf("Key ignores the locale: %q", a)
	}
	for _, c := range [][2]string{{"en-US", "Web/HTTP/Status/404"}, {"ru", "Web/Статус/Ё"}, {"de", "Straße/İ"}, {"", ""}} {
		if got, want := string(AppendKey([]byte("x"), c[0], c[1])), "x"+Key(c[0], c[1]); got != want {
			t.Errorf("AppendKey(%q, %q) = %q, want %q", c[0], c[1], got, want)
		}
	}
}

// TestInSeqOrder holds inSeqOrder to a sort: seqs as walks of roots with
// and without locale folders number them (runs that start past 0 and
// share a high half), shuffled; and seqs with a gap or a repeat, which it
// sorts.
func TestInSeqOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for round := range 300 {
		var seqs []int64
		var seq int64
		for range rng.IntN(4) + 1 { // roots
			if rng.IntN(3) == 0 { // plain: one run from where the last root ended
				for range rng.IntN(20) {
					seqs, seq = append(seqs, seq), seq+1
				}
				continue
			}
			folders := rng.IntN(5) + 1
			for k := range folders {
				n := seq + int64(k)<<32
				for range rng.IntN(20) {
					seqs, n = append(seqs, n), n+1
				}
			}
			seq += int64(folders) << 32
		}
		switch {
		case round%10 == 1 && len(seqs) > 1:
			seqs = slices.Delete(seqs, len(seqs)/2, len(seqs)/2+1) // a gap
		case round%10 == 2 && len(seqs) > 0:
			seqs = append(seqs, seqs[0]) // a repeat
		}
		want := slices.Clone(seqs)
		slices.Sort(want)
		rng.Shuffle(len(seqs), func(i, j int) { seqs[i], seqs[j] = seqs[j], seqs[i] })
		if got := inSeqOrder(seqs, func(s int64) int64 { return s }); !slices.Equal(got, want) {
			t.Fatalf("round %d: %v, want %v", round, got, want)
		}
	}
}

// TestDropDuplicates holds dropDuplicates, which checks each locale on a
// core of its own, to the first page of each key kept and a flaw for each
// other, in page order.
func TestDropDuplicates(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 300 {
		var pages []*Page
		for i := range rng.IntN(40) {
			slug := []string{"A", "a", "B", "c/d", "C/D"}[rng.IntN(5)]
			pages = append(pages, &Page{Locale: []string{"en-US", "de", "zh-TW"}[rng.IntN(3)], Slug: slug, File: fmt.Sprint("f", i)})
		}
		var want []*Page
		var wantFlaws []string
		seen := map[string]*Page{}
		for _, p := range pages {
			if first, dup := seen[Key(p.Locale, p.Slug)]; dup {
				wantFlaws = append(wantFlaws, p.File+" "+first.File)
				continue
			}
			seen[Key(p.Locale, p.Slug)] = p
			want = append(want, p)
		}
		c := &Content{}
		got := c.dropDuplicates(slices.Clone(pages))
		var gotFlaws []string
		for _, f := range c.Flaws {
			gotFlaws = append(gotFlaws, f.File+" "+f.Message[strings.LastIndex(f.Message, "by ")+3:strings.Index(f.Message, ";")])
		}
		if !slices.Equal(got, want) || !slices.Equal(gotFlaws, wantFlaws) {
			t.Fatalf("kept %v, flaws %q; want %v, %q", got, gotFlaws, want, wantFlaws)
		}
	}
}

// panicCache is a PageCache whose Known panics for one file.
type panicCache struct{ file string }

func (c panicCache) Known(_ int, p string, _ Stat) (*Page, []flaw.Flaw, bool) {
	if p == c.file {
		panic("a bug")
	}
	return nil, nil, false
}
func (panicCache) Read(int, string, *Stat, []byte, *Page, []flaw.Flaw) {}
func (panicCache) Listing(int, string, Stat) ([]Entry, bool)           { return nil, false }
func (panicCache) Listed(int, string, Stat, []fs.DirEntry)             {}

// TestLoadPanic loads a site where asking the cache of one page panics:
// that page is left out with an internal flaw naming its file, and the
// others load.
func TestLoadPanic(t *testing.T) {
	fsys := fstest.MapFS{
		"en-us/a/index.md": page("A", "A"),
		"en-us/b/index.md": page("B", "B"),
	}
	c := LoadWith([]Root{{FS: fsys, Name: "content"}}, Options{Cache: panicCache{"en-us/a/index.md"}})
	if len(c.Pages) != 1 || c.Pages[0].Slug != "B" {
		t.Errorf("pages: %v", c.Pages)
	}
	if len(c.Flaws) != 1 || c.Flaws[0].Kind != flaw.Internal || c.Flaws[0].File != "content/en-us/a/index.md" {
		t.Errorf("flaws: %v", c.Flaws)
	}
}
