package build

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
	"testing/fstest"

	"statusdocs/generator/content"
	"statusdocs/generator/internal/corpus"
	"statusdocs/generator/output"
)

// The stage benchmarks run on a generated corpus of 1,000 pages over 10
// locales, made from content/ (make bench runs them with -benchmem).

var benchCorpus = sync.OnceValue(func() fstest.MapFS { return corpus.InMemory(os.DirFS("../../content"), 1000, 10) })

func benchConfig() Config {
	return Config{
		Content:      []content.Root{{Name: "bench", FS: benchCorpus()}},
		Layouts:      layoutsFS,
		LayoutsName:  "layouts",
		ExternalBase: "https://developer.mozilla.org",
	}
}

func BenchmarkLoad(b *testing.B) {
	cfg := benchConfig()
	b.ReportAllocs()
	for b.Loop() {
		content.Load(cfg.Content)
	}
}

func BenchmarkWrite(b *testing.B) {
	page := make([]byte, 24<<10)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		dir := filepath.Join(b.TempDir(), "out")
		out, err := output.NewDirOutput(dir)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for i := range 200 {
			if err := out.WriteFile(filepath.ToSlash(filepath.Join("en-US/docs/p", string(rune('a'+i%26)), string(rune('a'+i/26)), "index.html")), page); err != nil {
				b.Fatal(err)
			}
		}
		if err := out.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBuild(b *testing.B) {
	cfg := benchConfig()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Build(cfg, output.NewMemOutput()); err != nil {
			b.Fatal(err)
		}
	}
}

// discard is an output.Output that keeps nothing.
type discard struct{}

func (discard) WriteFile(string, []byte) error { return nil }
