package build

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"statusdocs/generator/flaw"
	"statusdocs/generator/internal/htmlcheck"
	"statusdocs/generator/output"
	"statusdocs/generator/page"
)

// TestHostile builds the pages of testdata/hostile/*.txtar, inputs an
// attacker would write, and compares each page's article and flaws with
// the golden sections beside it (UPDATE_GOLDEN=1 rewrites them). Every
// page of every build must also pass checkSafe, and every input must be
// reported at a line, but for pages named harmless-*: text that is shown
// escaped, or markdown that once crashed the build.
//
// In an archive, NAME.md is a page: its folder is
// en-us/hostile/ARCHIVE/NAME, and front matter is added when it has none;
// NAME.html is its expected article and NAME.flaws its expected flaws.
// Any other file is put in the content root at its name (a sidebar, a
// _redirects.txt); its flaws are the golden section NAME.flaws. Builds
// write redirect stubs.
func TestHostile(t *testing.T) {
	archives, _ := filepath.Glob("testdata/hostile/*.txtar")
	if len(archives) == 0 {
		t.Fatal("no hostile inputs")
	}
	for _, file := range archives {
		t.Run(filepath.Base(file), func(t *testing.T) { testHostileArchive(t, file) })
	}
}

func testHostileArchive(t *testing.T, file string) {
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	name := strings.TrimSuffix(filepath.Base(file), ".txtar")
	files, pages := hostileContent(name, ar)
	res, out := build(t, files, func(c *Config) { c.RedirectStubs = true })
	for out, data := range out.Files {
		if strings.HasSuffix(out, ".html") {
			if err := htmlcheck.Page(string(data), page.Allowed); err != nil {
				t.Errorf("%s: %v", out, err)
			}
		}
	}
	update := os.Getenv("UPDATE_GOLDEN") != ""
	golden := map[string]*txtar.File{}
	for i := range ar.Files {
		golden[ar.Files[i].Name] = &ar.Files[i]
	}
	var updated []txtar.File
	for _, p := range pages {
		got := map[string]string{
			p.name + ".html":  hostileArticle(t, out, p.output),
			p.name + ".flaws": hostileFlaws(res, "c/"+p.file),
		}
		if !strings.HasPrefix(p.name, "harmless-") && got[p.name+".flaws"] == "" && !extraFlaws(res, ar) {
			t.Errorf("%s: no flaw with a position", p.name)
		}
		updated = append(updated, *golden[p.name+".md"])
		for _, sec := range []string{p.name + ".html", p.name + ".flaws"} {
			updated = append(updated, txtar.File{Name: sec, Data: []byte(got[sec])})
			if g := golden[sec]; !update && (g == nil || string(g.Data) != got[sec]) {
				t.Errorf("%s differs (UPDATE_GOLDEN=1 records it):\n--- got\n%s--- want\n%s", sec, got[sec], dataOf(g))
			}
		}
	}
	for _, f := range ar.Files {
		if isExtra(f.Name) {
			got := hostileFlaws(res, "c/"+f.Name)
			if !update && got != dataOf(golden[f.Name+".flaws"]) {
				t.Errorf("%s.Flaws differs:\n--- got\n%s--- want\n%s", f.Name, got, dataOf(golden[f.Name+".flaws"]))
			}
			updated = append(updated, f, txtar.File{Name: f.Name + ".flaws", Data: []byte(got)})
		}
	}
	if update {
		ar.Files = updated
		if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func dataOf(f *txtar.File) string {
	if f == nil {
		return "(missing)\n"
	}
	return string(f.Data)
}

// hostilePage is one page of a hostile archive.
type hostilePage struct{ name, file, output string }

// hostileContent lays out an archive of hostile inputs as a content root
// and lists its pages; the browser tests build the same pages.
func hostileContent(archive string, ar *txtar.Archive) (fstest.MapFS, []hostilePage) {
	files := fstest.MapFS{}
	var pages []hostilePage
	for _, f := range ar.Files {
		name, ok := strings.CutSuffix(f.Name, ".md")
		if !ok {
			if isExtra(f.Name) {
				files[f.Name] = &fstest.MapFile{Data: f.Data}
			}
			continue
		}
		slug := "Hostile/" + archive + "/" + name
		data := f.Data
		if !strings.HasPrefix(string(data), "---\n") {
			data = []byte(fmt.Sprintf("---\ntitle: %s\nslug: %s\n---\n\n%s", name, slug, data))
		}
		file := path.Join("en-us", strings.ToLower(slug), "index.md")
		files[file] = &fstest.MapFile{Data: data}
		pages = append(pages, hostilePage{name: name, file: file, output: "en-US/docs/" + slug + "/index.html"})
	}
	return files, pages
}

// extraFlaws reports flaws in an archive's extra files (a sidebar's).
func extraFlaws(res *Result, ar *txtar.Archive) bool {
	for _, f := range ar.Files {
		if isExtra(f.Name) && hostileFlaws(res, "c/"+f.Name) != "" {
			return true
		}
	}
	return false
}

// isExtra reports a file of an archive that is neither a page nor a golden
// section: it goes into the content root as it is.
func isExtra(name string) bool {
	return !strings.HasSuffix(name, ".md") && !strings.HasSuffix(name, ".html") && !strings.HasSuffix(name, ".flaws")
}

// hostileArticle is a page's article, or why there is none.
func hostileArticle(t *testing.T, out *output.MemOutput, name string) string {
	if _, ok := out.Files[name]; !ok {
		return "(no page)\n"
	}
	return strings.TrimPrefix(body(t, out, name), "<article>") + "\n"
}

// hostileFlaws lists a file's flaws, one a line, without the file name.
func hostileFlaws(res *Result, file string) string {
	var b strings.Builder
	for _, f := range res.Flaws {
		if f.File == file {
			fmt.Fprintf(&b, "%d:%d: %s: %s: %s\n", f.Line, f.Col, f.Severity, f.Kind, f.Message)
		}
	}
	return b.String()
}

// TestHostileHugePage builds a page of more than 4 MB, which is converted
// and cleaned in parts of about 1 MB (markdown.Convert), full of raw HTML
// that hides script: the page is safe and whole, a flaw at its end points
// at its line, an element's id kept in one part is a link target from
// another and the id of a removed element is not.
func TestHostileHugePage(t *testing.T) {
	var src strings.Builder
	src.WriteString("---\ntitle: Huge\nslug: Hostile/Huge\n---\n\nTo [the end](#kept-last) and [a form](#gone).\n\n")
	line := 8
	for i := 0; src.Len() < 5<<20; i++ {
		fmt.Fprintf(&src, "Paragraph %d with <b onclick=x>bold</b> and <span id=\"kept-%d\">a span</span>.\n\n", i, i)
		src.WriteString("<textarea><a title=\"</textarea><img src=x onerror=alert(1)>\"></a>\n\n")
		src.WriteString("<form id=\"gone\">x</form>\n\n")
		fmt.Fprintf(&src, "## Heading %d\n\n<script>alert(%d)</script>\n\n", i, i)
		line += 10
	}
	src.WriteString("<span id=\"kept-last\">end</span> and [nowhere](#nowhere), [back](#kept-0).\n")
	files := fstest.MapFS{"en-us/hostile/huge/index.md": {Data: []byte(src.String())}}
	res, out := build(t, files)
	built := string(out.Files["en-US/docs/Hostile/Huge/index.html"])
	if err := htmlcheck.Page(built, page.Allowed); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(built, `<span id="kept-last">end</span>`) || !strings.Contains(built, `id="heading_1000"`) {
		t.Errorf("page of %d bytes lost its end", len(built))
	}
	var unsafe int
	var anchors []string
	for _, f := range res.Flaws {
		switch f.Kind {
		case flaw.UnsafeHTML:
			unsafe++
		case flaw.BrokenAnchor:
			anchors = append(anchors, fmt.Sprintf("%d:%d %s", f.Line, f.Col, f.Message))
		}
	}
	if unsafe == 0 || len(anchors) != 2 || !strings.Contains(anchors[0], `"gone"`) || !strings.HasPrefix(anchors[1], fmt.Sprintf("%d:37 ", line)) {
		t.Errorf("%d unsafe-html flaws, broken anchors %q: want some, one for #gone and one at %d:37", unsafe, anchors, line)
	}
}

// TestHostileMacroAmplification: a page of 90 KB that calls
// {{Specifications}} 2,000 times, with 1,000 spec-urls none of which is
// known, once wrote 266 MB and took 29 s. A table shows at most 64
// specifications, and the macros of a page write at most 4 MB: past it,
// each call is a marker, with a flaw at the first.
func TestHostileMacroAmplification(t *testing.T) {
	var src strings.Builder
	src.WriteString("---\ntitle: Specs\nslug: Hostile/Specs\nspec-urls:\n")
	for i := range 1000 {
		fmt.Fprintf(&src, "  - https://spec.example/%d#s\n", i)
	}
	src.WriteString("---\n\n")
	for range 2000 {
		src.WriteString("{{Specifications}}\n\n")
	}
	files := fstest.MapFS{"en-us/hostile/specs/index.md": {Data: []byte(src.String())}}
	res, out := build(t, files)
	built := out.Files["en-US/docs/Hostile/Specs/index.html"]
	if len(built) == 0 || len(built) > 6<<20 {
		t.Fatalf("page of %d bytes, want some and at most 6 MB", len(built))
	}
	if rows := strings.Count(string(built), "</table>"); rows == 0 || strings.Count(string(built), "https://spec.example/64#s") != 0 {
		t.Errorf("%d tables, with the 65th specification: want some, showing 64 each", rows)
	}
	kinds := map[string]int{}
	for _, f := range res.Flaws {
		kinds[f.Kind]++
	}
	if kinds[flaw.TooLong] == 0 || kinds[flaw.MacroArgs] == 0 {
		t.Errorf("flaws by kind %v: want too-long and macro-args", kinds)
	}
}

// TestTaskList: a task list's boxes are shown whether or not the page has
// raw HTML, which the cleaner reads, and no flaw is reported for them.
func TestTaskList(t *testing.T) {
	for _, raw := range []string{"", "\n<b>x</b>\n"} {
		files := fstest.MapFS{"en-us/tasks/index.md": {Data: []byte("---\ntitle: Tasks\nslug: Tasks\n---\n\n- [ ] task one\n- [x] task two\n" + raw)}}
		res, out := build(t, files)
		built := string(out.Files["en-US/docs/Tasks/index.html"])
		if !strings.Contains(built, `<li><span class="task">☐</span> task one</li>`) || !strings.Contains(built, `<span class="task">☑</span> task two`) {
			t.Errorf("raw HTML %q: the boxes are gone:\n%s", raw, built)
		}
		for _, f := range res.Flaws {
			if f.File == "c/en-us/tasks/index.md" {
				t.Errorf("raw HTML %q: %s", raw, f)
			}
		}
	}
}
