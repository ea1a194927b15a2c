package content

import (
	"io/fs"
	"os"
	"reflect"
	"strings"
	"testing"
)

// plainSeeds are front matters plainFrontMatter reads, and some it must
// leave to yaml.v3.
var plainSeeds = []string{
	"title: \"404 Not Found\"\nslug: Web/HTTP/Status/404\nl10n:\n  sourceCommit: 0123abc\n",
	"title: x\nslug: y\nstatus:\n  - deprecated\n  - experimental\nspec-urls: https://httpwg.org/specs/rfc9110.html#status.404\n",
	"title: x\nslug: y\nbrowser-compat:\n- http.status.404\n- http.status.405\npage-type: http-status-code\n",
	"title: 'Quoted' \nslug:   Web/HTTP \noriginal_slug: Web/HTTP/Status/418\n",
	"title: 'It''s'\nslug: a\n",
	"title: 404\nslug: true\nsidebar: null\n",
	"title: ~\nslug: a\n",
	"title: x\nslug: a # comment\n",
	"title: x\nslug: a#b\n",
	"title: \"a\\tb\"\nslug: \"\"\n",
	"title: a: b\nslug: c:d\n",
	"title: x\nslug: c:\n",
	"l10n:\n  sourceCommit: 1\n  sourceCommit: 2\n",
	"l10n:\n  other: 1\n",
	"title: x\ntitle: y\n",
	"title:\n  - a\n",
	"status: \"\"\nstatus2: ''\n",
	"title: x\n  more\n",
	"title: x\r\n",
	"title: \t x\n",
	"title: a\u2028b\n",
	"title: a\u0085b\n",
	"title: \xff\n",
	"status:\n  - a\n    - b\n",
	"status:\n  - ~\n",
	"status:\n  -\n",
	"l10n:\nsourceCommit: x\n",
	"title: -x\n",
	"title: .x\nslug: 2024-01-01\n",
	"title: &a x\nslug: *a\n",
	"title: !!str x\n",
	"title: [a]\n",
	"title: {a: b}\n",
	"title: |\n  x\n",
	"  title: x\n",
	"title: x\n\nslug: y\n",
	"title: x\nslug: y",
}

// FuzzPlainFrontMatter holds plainFrontMatter to yaml.v3: any text it
// reads, yaml.v3 reads without error to the same values, key lines and
// sourceCommit line.
func FuzzPlainFrontMatter(f *testing.F) {
	for _, s := range plainSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		m, ok := plainFrontMatter([]byte(data))
		if !ok {
			return
		}
		want, fl := yamlFrontMatter("f", &rawFrontMatter{data: []byte(data), line: 1})
		if fl != nil {
			t.Fatalf("%q: read plainly as %+v, yaml.v3 fails: %v", data, m, fl)
		}
		if !reflect.DeepEqual(m, want) {
			t.Fatalf("%q:\nplain   %+v\nyaml.v3 %+v", data, m, want)
		}
	})
}

// TestPlainFrontMatterReads checks that the front matter of real pages
// takes the plain way: the seeds that are plainest, content/ and, when
// present, the MDN corpus.
func TestPlainFrontMatterReads(t *testing.T) {
	for _, s := range plainSeeds[:4] {
		if _, ok := plainFrontMatter([]byte(s)); !ok {
			t.Errorf("%q: not read", s)
		}
	}
	for _, root := range []string{"../../content", "../../../shared/corpus/mdn"} {
		read, all := 0, 0
		_ = fs.WalkDir(os.DirFS(root), ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
				return nil
			}
			data, _ := fs.ReadFile(os.DirFS(root), p)
			_, raw, _ := splitFrontMatter(data)
			if raw == nil {
				return nil
			}
			all++
			if _, ok := plainFrontMatter(raw.data); ok {
				read++
			}
			return nil
		})
		t.Logf("%s: %d of %d front matters read plainly", root, read, all)
		if all > 0 && read < all*9/10 {
			t.Errorf("%s: only %d of %d front matters read plainly", root, read, all)
		}
	}
}

func BenchmarkFrontMatter(b *testing.B) {
	raw := &rawFrontMatter{data: []byte(plainSeeds[0]), line: 2}
	b.Run("plain", func(b *testing.B) {
		for b.Loop() {
			decodeMeta("f", raw)
		}
	})
	b.Run("yaml.v3", func(b *testing.B) {
		for b.Loop() {
			yamlFrontMatter("f", raw)
		}
	})
}
