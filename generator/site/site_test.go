package site

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
)

// layoutsFS is the project's real layouts folder.
var layoutsFS = os.DirFS("../../layouts")

// page returns the text of a page file with front matter.
func page(title, slug, body string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\nslug: " + slug + "\n---\n\n" + body + "\n")}
}

// build builds an in-memory site from a single content root.
func build(t testing.TB, files fstest.MapFS, edit ...func(*Config)) (*Result, *MemOutput) {
	t.Helper()
	cfg := Config{
		Content:      []content.Root{{Name: "c", FS: files}},
		Layouts:      layoutsFS,
		LayoutsName:  "layouts",
		ExternalBase: "https://developer.mozilla.org",
	}
	for _, e := range edit {
		e(&cfg)
	}
	out := NewMemOutput()
	res, err := Build(cfg, out)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	return res, out
}

// flawsOf lists a file's flaws as "kind@line:col".
func flawsOf(res *Result, file string) []string {
	var out []string
	for _, f := range res.Flaws {
		if f.File == file {
			out = append(out, fmt.Sprintf("%s@%d:%d", f.Kind, f.Line, f.Col))
		}
	}
	return out
}

// body returns the article of an output page.
func body(t testing.TB, out *MemOutput, name string) string {
	t.Helper()
	data, ok := out.Files[name]
	if !ok {
		t.Fatalf("no output file %s", name)
	}
	s := string(data)
	start := strings.Index(s, "<article>")
	end := strings.Index(s, "</article>")
	if start < 0 || end < 0 {
		t.Fatalf("%s has no article", name)
	}
	return s[start:end]
}

func countKind(flaws []flaw.Flaw, kind string) int {
	n := 0
	for _, f := range flaws {
		if f.Kind == kind {
			n++
		}
	}
	return n
}

func TestCapFlaws(t *testing.T) {
	var flaws []flaw.Flaw
	for i := range 5 {
		flaws = append(flaws, flaw.New(flaw.UnclosedMacro, "f.md", i+1, 1, "x"))
	}
	flaws = append(flaws, flaw.New(flaw.BrokenLink, "f.md", 9, 1, "y"))
	got := capFlaws(flaws, 3)
	if len(got) != 5 || got[4].Message != "2 more unclosed-macro flaws on this page are not listed" {
		t.Errorf("got %v", got)
	}
}
