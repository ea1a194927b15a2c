package build

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"statusdocs/generator/content"
)

// TestOutputHashes pins the bytes of two builds: content/ and, when present,
// MDN's corpus. Optimizations must not change them; an intended change of
// the output is recorded with UPDATE_GOLDEN=1 and shows in review as a diff
// of testdata/output-hashes.txt, one line per file.
func TestOutputHashes(t *testing.T) {
	var lines []string
	roots := map[string]string{"content": "../../content", "corpus": "../../../shared/corpus/mdn/files"}
	for _, name := range []string{"content", "corpus"} {
		if _, err := os.Stat(roots[name]); err != nil {
			t.Skip("no corpus:", err)
		}
		_, out := build(t, nil, func(c *Config) { c.Content = []content.Root{{Name: name, FS: os.DirFS(roots[name])}} })
		for file, data := range out.Files {
			sum := sha256.Sum256(data)
			lines = append(lines, fmt.Sprintf("%s %s/%s", hex.EncodeToString(sum[:8]), name, file))
		}
	}
	slices.SortFunc(lines, func(a, b string) int { return strings.Compare(a[17:], b[17:]) })
	got := strings.Join(lines, "\n") + "\n"
	const golden = "testdata/output-hashes.txt"
	if os.Getenv("UPDATE_GOLDEN") != "" {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		n := 0
		for _, l := range gl {
			if !slices.Contains(wl, l) && n < 10 {
				t.Errorf("changed: %s", l)
				n++
			}
		}
		t.Errorf("output differs from %s (UPDATE_GOLDEN=1 records an intended change)", golden)
	}
}
