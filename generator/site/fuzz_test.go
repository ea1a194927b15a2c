package site

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"statusdocs/generator/flaw"
)

// layoutScripts are the script tags of the layouts, which load files of
// static/ and nothing else.
var layoutScripts = regexp.MustCompile(`<script src="/static/[a-z]+\.[0-9a-f]{10}\.js"( defer)?></script>`)

// FuzzRenderPage builds a site around one arbitrary page file: nothing may
// panic, no page may be lost to an internal error, and no script may reach
// the output.
func FuzzRenderPage(f *testing.F) {
	seeds, _ := filepath.Glob("../../content/*/web/http/reference/status/*/index.md")
	seeds = append(seeds, "../../../shared/corpus/seeds/000_92e58d8a85b40bce.txt", "../../../shared/corpus/seeds/002_954e0f0b52c97371.txt")
	for _, s := range seeds {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("---\ntitle: T\nslug: T\n---\n<script>x</script>{{HTTPStatus(\"404\", \"a\\\"b\")}}\n> [!NOTE]\n> - a\n>   - : b\n"))
	f.Add([]byte("\xef\xbb\xbf---\r\ntitle: T\r\nslug: T\r\n---\r\n``http\r\n{{x(\r\n\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		files := fstest.MapFS{
			"en-us/t/index.md": {Data: data},
			"en-us/u/index.md": page("U", "U", "## Heading\n\n[x](/en-US/docs/T#a)"),
		}
		res, out := build(t, files)
		for _, fl := range res.Flaws {
			if fl.Kind == flaw.Internal {
				t.Fatalf("internal flaw: %s", fl)
			}
		}
		for name, b := range out.Files {
			b = layoutScripts.ReplaceAll(b, nil) // the layouts' own, from static/
			if strings.HasSuffix(name, ".html") && bytes.Contains(bytes.ToLower(b), []byte("<script")) {
				t.Fatalf("%s contains a script", name)
			}
		}
	})
}
