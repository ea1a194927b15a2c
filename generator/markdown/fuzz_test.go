package markdown

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/txtar"
)

// FuzzMarkdown runs arbitrary text through every step: nothing may panic,
// and every problem must point inside the source.
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
	md := New()
	f.Fuzz(func(t *testing.T, src []byte) {
		doc := md.Parse(src)
		doc.Resolve(fakeHooks{}, nil)
		if _, err := md.Render(doc); err != nil {
			t.Fatal(err)
		}
		for _, p := range doc.Problems {
			if p.Off < 0 || p.Off > len(src) {
				t.Fatalf("problem %q at offset %d outside the %d-byte source", p.Message, p.Off, len(src))
			}
		}
	})
}
