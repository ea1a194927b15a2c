package build

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"statusdocs/generator/content"
)

var updateSidebars = os.Getenv("UPDATE_GOLDEN") != ""

var asideRE = regexp.MustCompile(`(?s)<aside class="sidebar"[^>]*>(.*?)</aside>`)

// TestSidebarGolden builds each testdata/sidebar/*.txtar: sections named
// content/… are the content root; each section "page PATH" holds the
// expected sidebar of output page PATH, one element a line; "flaws" the
// expected flaws.
func TestSidebarGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/sidebar/*.txtar")
	if len(files) == 0 {
		t.Fatal("no golden files")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			root := fstest.MapFS{}
			var pages []string
			want := map[string]string{}
			for _, f := range ar.Files {
				if name, ok := strings.CutPrefix(f.Name, "content/"); ok {
					root[name] = &fstest.MapFile{Data: f.Data}
				}
				if name, ok := strings.CutPrefix(f.Name, "page "); ok {
					pages = append(pages, name)
					want[f.Name] = string(f.Data)
				}
			}
			res, out := build(t, nil, func(c *Config) { c.Content = []content.Root{{Name: "c", FS: root}} })
			got := map[string]string{}
			for _, p := range pages {
				m := asideRE.FindSubmatch(out.Files[p])
				if m == nil {
					t.Fatalf("%s has no sidebar", p)
				}
				got["page "+p] = strings.ReplaceAll(string(m[1]), "><", ">\n<") + "\n"
			}
			var fl strings.Builder
			for _, f := range res.Flaws {
				// Links outside the site are info, but those of a sidebar
				// show that each is said once, at its line.
				if (f.Kind != "outside-site" || strings.HasSuffix(f.File, ".yaml")) && strings.HasPrefix(f.File, "c/") {
					fl.WriteString(f.String() + "\n")
				}
			}
			got["flaws"] = fl.String()
			if updateSidebars {
				for i, f := range ar.Files {
					if g, ok := got[f.Name]; ok {
						ar.Files[i].Data = []byte(g)
					}
				}
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			for name, g := range got {
				w := want[name]
				if name == "flaws" {
					for _, f := range ar.Files {
						if f.Name == "flaws" {
							w = string(f.Data)
						}
					}
				}
				if g != w {
					t.Errorf("%s differs\n--- got ---\n%s--- want ---\n%s", name, g, w)
				}
			}
		})
	}
}

// TestSidebarTooManyKeys: a sidebar whose YAML has a mapping too large to
// decode in reasonable time is left out with a flaw at the mapping; the
// pages that ask for it still build.
func TestSidebarTooManyKeys(t *testing.T) {
	big := "sidebar:\n  - /A\nl10n:\n  en-US:\n" + strings.Repeat("    k: v\n", content.MaxYAMLKeys+1)
	files := fstest.MapFS{
		"en-us/a/index.md":  &fstest.MapFile{Data: []byte("---\ntitle: A\nslug: A\nsidebar: big\n---\n\nText.\n")},
		"sidebars/big.yaml": &fstest.MapFile{Data: []byte(big)},
	}
	res, out := build(t, files)
	if got := flawsOf(res, "c/sidebars/big.yaml"); len(got) != 1 || got[0] != "bad-sidebar@5:5" {
		t.Errorf("flaws = %v, want bad-sidebar@5:5", got)
	}
	if _, ok := out.Files["en-US/docs/A/index.html"]; !ok {
		t.Error("the page was not built")
	}
}

// TestSidebarAliases: a sidebar with YAML aliases is left out with a flaw
// at the first: ten levels of ten aliases of the level below are ten
// billion entries in a file of 600 bytes, which would never be written.
func TestSidebarAliases(t *testing.T) {
	var b strings.Builder
	b.WriteString("x0: &a0 {title: x, link: /A}\n")
	for level := 1; level <= 10; level++ {
		fmt.Fprintf(&b, "x%d: &a%d {title: t, children: [%s]}\n", level, level, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*a%d, ", level-1), 10), ", "))
	}
	b.WriteString("sidebar: [*a10]\n")
	files := fstest.MapFS{
		"en-us/a/index.md":   &fstest.MapFile{Data: []byte("---\ntitle: A\nslug: A\nsidebar: bomb\n---\n\nText.\n")},
		"sidebars/bomb.yaml": &fstest.MapFile{Data: []byte(b.String())},
	}
	res, out := build(t, files)
	if got := flawsOf(res, "c/sidebars/bomb.yaml"); len(got) != 1 || got[0] != "bad-sidebar@2:1" {
		t.Errorf("flaws = %v, want bad-sidebar@2:1", got)
	}
	if page, ok := out.Files["en-US/docs/A/index.html"]; !ok || len(page) > 100<<10 {
		t.Errorf("the page was not built, or is large (%d bytes)", len(page))
	}
}

// TestSidebarTooManyEntries: a sidebar writes at most maxSidebarEntries
// entries, since every page that shows it holds them all; the rest are
// left out with a flaw at the first of them.
func TestSidebarTooManyEntries(t *testing.T) {
	var b strings.Builder
	b.WriteString("sidebar:\n")
	for i := range 2500 {
		fmt.Fprintf(&b, "  - /A#e%d\n", i)
	}
	got, page := bigSidebar(t, b.String())
	if want := fmt.Sprintf("bad-sidebar@%d:5", 2+2000); len(got) != 1 || got[0] != want {
		t.Errorf("flaws %v, want %s", got, want)
	}
	if n := strings.Count(page, `#e`); n != 2000 { // each entry's link, however written
		t.Errorf("the page's sidebar has %d entries, want 2000", n)
	}
}

// TestSidebarTooLarge: a sidebar is cut where it is over 256 KB, and a
// title of an entry where it is over content.MaxTitle bytes, with a flaw
// at the entry: every page that shows the sidebar holds it.
func TestSidebarTooLarge(t *testing.T) {
	var b strings.Builder
	b.WriteString("sidebar:\n  - link: /A#long\n    title: " + strings.Repeat("t", 600) + "\n")
	for i := range 1500 {
		fmt.Fprintf(&b, "  - link: /A#e%d\n    title: %s\n", i, strings.Repeat("w", 400))
	}
	got, page := bigSidebar(t, b.String())
	n := strings.Count(page, strings.Repeat("w", 400))
	// Each entry writes its title and some 60 bytes more; the sidebar
	// stops at the first entry past 256 KB.
	if want := []string{"bad-sidebar@2:5", fmt.Sprintf("bad-sidebar@%d:5", 2+2*(n+1))}; !slices.Equal(got, want) {
		t.Errorf("flaws %v, want %v", got, want)
	}
	if n < 500 || n > 700 || strings.Contains(page, strings.Repeat("t", 513)) || !strings.Contains(page, strings.Repeat("t", 509)+"…") {
		t.Errorf("the sidebar has %d entries of 400 bytes (want 256 KB of them), or the long title is not cut", n)
	}
}

// TestSidebarLongLink: an entry's link over 2,048 bytes is left out, its
// title kept, with a flaw at the entry: the 256 KB a sidebar may have are
// counted between entries.
func TestSidebarLongLink(t *testing.T) {
	got, page := bigSidebar(t, "sidebar:\n  - /A\n  - link: https://e.example/"+strings.Repeat("a", 1<<20)+"\n    title: Long\n")
	if want := []string{"bad-sidebar@3:5"}; !slices.Equal(got, want) {
		t.Errorf("flaws %v, want %v", got, want)
	}
	if len(page) > 100<<10 || !strings.Contains(page, "<li>Long") {
		t.Errorf("the page is %d bytes, or lacks the entry's title", len(page))
	}
}

// bigSidebar builds a page that shows the sidebar sidebars/big.yaml, of
// text yaml, and returns the bad-sidebar flaws of the sidebar and the page.
func bigSidebar(t *testing.T, yaml string) (flaws []string, page string) {
	files := fstest.MapFS{
		"en-us/a/index.md":  &fstest.MapFile{Data: []byte("---\ntitle: A\nslug: A\nsidebar: big\n---\n\nText.\n")},
		"sidebars/big.yaml": &fstest.MapFile{Data: []byte(yaml)},
	}
	res, out := build(t, files)
	for _, f := range flawsOf(res, "c/sidebars/big.yaml") {
		if strings.HasPrefix(f, "bad-sidebar") {
			flaws = append(flaws, f)
		}
	}
	return flaws, string(out.Files["en-US/docs/A/index.html"])
}
