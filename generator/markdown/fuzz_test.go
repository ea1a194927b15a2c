package markdown

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/tools/txtar"
)

// FuzzMarkdown runs arbitrary text through every step: nothing may panic,
// every problem must point inside the source, heading ids must be unique
// and in MDN's form, and converting the same text again gives the same
// HTML (one converter serves every page of a build), as does converting
// it in parts (see TestConvertInParts). Inputs that once failed are in
// testdata/fuzz/FuzzMarkdown.
func FuzzMarkdown(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txtar")
	for _, file := range files {
		if ar, err := txtar.ParseFile(file); err == nil && len(ar.Files) > 0 {
			f.Add(ar.Files[0].Data)
		}
	}
	if data, err := os.ReadFile("../../../shared/corpus/seeds/000_92e58d8a85b40bce.txt"); err == nil {
		f.Add(data)
	}
	md, inParts := New(), cutEverywhere()
	f.Fuzz(func(t *testing.T, src []byte) {
		doc, out := convert(t, md, src)
		for _, p := range doc.Problems {
			if p.Off < 0 || p.Off > len(src) {
				t.Fatalf("problem %q at offset %d outside the %d-byte source", p.Message, p.Off, len(src))
			}
		}
		seen := map[string]bool{}
		for _, h := range doc.Headings {
			if seen[h.ID] || h.ID == "" || strings.ContainsAny(h.ID, idDropped) || strings.ContainsFunc(h.ID, unicode.IsSpace) {
				t.Fatalf("heading %q has id %q: empty, taken or not in MDN's form", h.Text, h.ID)
			}
			seen[h.ID] = true
		}
		if _, again := convert(t, md, src); again != out {
			t.Fatalf("converting again gives other HTML:\n%s\nthen:\n%s", out, again)
		}
		sameInParts(t, md, inParts, src)
	})
}

// convert parses, resolves and renders src.
func convert(t *testing.T, md *Markdown, src []byte) (*Document, string) {
	t.Helper()
	doc := md.Parse(src)
	doc.Resolve(fakeHooks{}, nil)
	out, err := md.Render(doc)
	if err != nil {
		t.Fatal(err)
	}
	return doc, out
}
