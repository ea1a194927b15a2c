package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestPlainMarkdown builds and checks a plain-markdown collection (no
// locale folders, no front matter, GitHub-style anchors) through the CLI:
// every page is published, linked from the home page, and check passes.
// When the CrayonL corpus is beside the repository, it is built and
// checked too.
func TestPlainMarkdown(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "notes")
	tree := map[string]string{
		"README.md":                  "# Kitchen notes\n\n- [Knives](#-knives)\n- [Pans](#pans)\n\n## 🔪 Knives\n\nSharp.\n\n## Pans?\n\nHeavy.\n",
		"bread/README.md":            "# Bread\n\nSee [the starter](Sour_Starter.md).\n",
		"bread/Sour_Starter.md":      "Fed daily.\n\n# Sour starter\n\nBack to [the notes](../README.md#-knives).\n",
		"bread/flat/Pita.md":         "# Pita\n\nPuffs up.\n",
		"Glossary.md":                "# Glossary\n\n## Mise en place\n",
		"bread/flat/crumb-photo.txt": "not a page",
	}
	for name, text := range tree {
		writeFile(t, filepath.Join(src, filepath.FromSlash(name)), text)
	}
	out := filepath.Join(dir, "public")
	code, stdout, stderr := runCLI("build", "--content", src, "--out", out)
	if code != 0 || strings.Contains(stderr, "warning") {
		t.Fatalf("build exit %d\n%s%s", code, stdout, stderr)
	}
	home, err := os.ReadFile(filepath.Join(out, "en-US", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, slug := range []string{"README", "bread", "bread/Sour_Starter", "bread/flat/Pita", "Glossary"} {
		page := filepath.Join(out, "en-US", "docs", filepath.FromSlash(slug), "index.html")
		if _, err := os.Stat(page); err != nil {
			t.Errorf("page %s: %v", slug, err)
		}
		if !strings.Contains(string(home), `href="/en-US/docs/`+slug+`/"`) {
			t.Errorf("the home page does not link to %s", slug)
		}
	}
	root, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if !strings.Contains(string(root), `<meta http-equiv="refresh" content="0; url=/en-US/">`) ||
		!strings.Contains(string(root), `<main id="content" class="redirect">`) || strings.Contains(string(root), "locale-picker") {
		t.Errorf("/ is not a page that sends readers to /en-US/:\n%s", root)
	}
	starter, _ := os.ReadFile(filepath.Join(out, "en-US", "docs", "bread", "Sour_Starter", "index.html"))
	if !regexp.MustCompile(`<h1[^>]*>Sour starter</h1>`).Match(starter) {
		t.Errorf("the page's title is not its first heading")
	}
	checkPlain(t, src)

	// --content-locale names the locale of a root without locale folders.
	zh := filepath.Join(dir, "zh")
	if code, _, stderr := runCLI("build", "--content", src, "--content-locale", "zh-cn", "--out", zh); code != 0 {
		t.Fatalf("--content-locale zh-cn: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(zh, "zh-CN", "docs", "bread", "flat", "Pita", "index.html")); err != nil {
		t.Errorf("--content-locale zh-cn: %v", err)
	}
	if root, _ := os.ReadFile(filepath.Join(zh, "index.html")); !strings.Contains(string(root), "url=/zh-CN/") {
		t.Errorf("/ does not send readers to /zh-CN/:\n%s", root)
	}
	if code, _, stderr := runCLI("build", "--content", src, "--content-locale", "klingon!", "--out", zh); code != 2 || !strings.Contains(stderr, "not a locale") {
		t.Errorf("--content-locale klingon!: exit %d, want 2\n%s", code, stderr)
	}

	crayonl := filepath.Join("..", "..", "shared", "corpus", "crayonl")
	if _, err := os.Stat(crayonl); err != nil {
		t.Logf("no CrayonL corpus at %s: %v", crayonl, err)
		return
	}
	code, stdout, stderr = runCLI("build", "--content", crayonl, "--out", filepath.Join(dir, "crayonl"))
	if code != 0 || strings.Contains(stderr, "warning") || strings.Contains(stderr, "error") {
		t.Fatalf("building the corpus: exit %d\n%s%s", code, stdout, stderr)
	}
	checkPlain(t, crayonl)
}

// checkPlain runs check on a content root and wants no problem at all:
// no broken link or anchor, no page the home page does not reach.
func checkPlain(t *testing.T, src string) {
	t.Helper()
	code, stdout, stderr := runCLI("check", "--content", src)
	if code != 0 || !strings.Contains(stdout+stderr, " 0 problems") {
		t.Errorf("check %s: exit %d\n%s%s", src, code, stdout, stderr)
	}
}
