// Package corpus writes synthetic MDN-like content roots of any size from
// real status pages, for the benchmarks (make bench, the stages' Go
// benchmarks) and the tests that need a large site.
package corpus

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"statusdocs/generator/content"
)

// Locales are the locales of a synthetic corpus, English first.
var Locales = []string{"en-US", "zh-TW", "zh-CN", "ja", "fr", "es", "ko", "ru", "pt-BR", "de"}

// Generate writes a synthetic MDN-like content root of about n pages
// over the first `locales` of Locales, made from the status pages of
// src (an MDN files/ folder, or this project's content/): varied slugs and
// titles, the pages' own macros, code and notecards, links between the new
// pages (some to pages that do not exist, some with anchors), translations
// with a sourceCommit, and a sidebar of 100 entries per group of pages.
// write receives slash paths inside the new root.
func Generate(src fs.FS, n, locales int, write func(name string, data []byte) error) error {
	templates, err := benchTemplates(src)
	if err != nil {
		return err
	}
	locales = min(max(locales, 1), len(Locales))
	perLocale := max(n/locales, 1)
	groups := (perLocale + 99) / 100
	for g := range groups {
		if err := write(fmt.Sprintf("sidebars/gen%d.yaml", g), benchSidebar(g)); err != nil {
			return err
		}
	}
	for i := range perLocale {
		t := templates[i%len(templates)]
		for li, loc := range Locales[:locales] {
			text := benchPage(t, i, loc, li, perLocale)
			name := strings.ToLower(loc) + "/" + content.Folder(benchSlug(i)) + "/index.md"
			if err := write(name, []byte(text)); err != nil {
				return err
			}
		}
	}
	return nil
}

type benchTemplate struct {
	code string
	body string // markdown after the front matter
}

var frontMatterRE = regexp.MustCompile(`(?s)\A---\n.*?\n---\n`)

func benchTemplates(src fs.FS) ([]benchTemplate, error) {
	files, err := fs.Glob(src, "en-us/web/http/reference/status/*/index.md")
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no status pages to make a corpus from: %v", err)
	}
	slices.Sort(files)
	var ts []benchTemplate
	for _, f := range files {
		data, err := fs.ReadFile(src, f)
		if err != nil {
			return nil, err
		}
		body := frontMatterRE.ReplaceAllString(string(data), "")
		ts = append(ts, benchTemplate{code: path.Base(path.Dir(f)), body: body})
	}
	return ts, nil
}

func benchSlug(i int) string {
	return fmt.Sprintf("Web/HTTP/Gen/G%d/Page_%d", i/100, i)
}

// benchPage makes page i in a locale: the template's text with extra links
// to neighbours, a missing page, and an anchor.
func benchPage(t benchTemplate, i int, locale string, li, total int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: \"%s Generated page %d\"\nslug: %s\n", t.code, i, benchSlug(i))
	if li == 0 {
		fmt.Fprintf(&b, "page-type: http-status-code\nsidebar: gen%d\nspec-urls: https://www.rfc-editor.org/rfc/rfc9110#status.%s\n", i/100, t.code)
	} else {
		b.WriteString("l10n:\n  sourceCommit: 0123456789abcdef0123456789abcdef01234567\n")
	}
	b.WriteString("---\n")
	b.WriteString(t.body)
	fmt.Fprintf(&b, "\n## Generated links\n\n- [Next page](/%s/docs/%s)\n- [Previous page, examples](/%s/docs/%s#examples)\n- [A page that does not exist](/%s/docs/Web/HTTP/Gen/Missing_%d)\n- {{HTTPStatus(%q)}}\n",
		locale, benchSlug((i+1)%total), locale, benchSlug((i+total-1)%total), locale, i, t.code)
	return b.String()
}

func benchSidebar(g int) []byte {
	return fmt.Appendf(nil, `sidebar:
  - type: section
    link: /Web/HTTP/Reference/Status
    title: Codes
  - type: listSubPages
    path: /Web/HTTP/Gen/G%d
    title: Group
    details: closed
l10n:
  en-US:
    Codes: Status codes
    Group: Generated group %d
`, g, g)
}

// InMemory is Generate into memory, for the stage benchmarks: about n
// pages over the first `locales` of Locales, from src. A corpus that fails
// to generate is what was written before the failure.
func InMemory(src fs.FS, n, locales int) fstest.MapFS {
	fsys := fstest.MapFS{}
	_ = Generate(src, n, locales, func(name string, data []byte) error {
		fsys[name] = &fstest.MapFile{Data: data}
		return nil
	})
	return fsys
}

// FuzzSeeds are the inputs the fuzz targets of pages start from, read from
// the repository at repo: the site's own status pages, the shared seeds
// beside it, and the pages of package build's hostile inputs
// (generator/build/testdata/hostile/*.txtar).
func FuzzSeeds(repo string) [][]byte {
	paths, _ := filepath.Glob(filepath.Join(repo, "content/*/web/http/reference/status/*/index.md"))
	paths = append(paths, filepath.Join(repo, "../shared/corpus/seeds/000_92e58d8a85b40bce.txt"),
		filepath.Join(repo, "../shared/corpus/seeds/002_954e0f0b52c97371.txt"))
	var seeds [][]byte
	for _, s := range paths {
		if data, err := os.ReadFile(s); err == nil {
			seeds = append(seeds, data)
		}
	}
	archives, _ := filepath.Glob(filepath.Join(repo, "generator/build/testdata/hostile/*.txtar"))
	for _, a := range archives {
		ar, err := txtar.ParseFile(a)
		if err != nil {
			continue
		}
		for _, f := range ar.Files {
			if strings.HasSuffix(f.Name, ".md") {
				seeds = append(seeds, f.Data)
			}
		}
	}
	return seeds
}
