package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestSourceURL builds with --source-url: a page links to its file to edit
// it, a page shown in English in another locale links to where its
// translation would go, its notice shows readers no command, and the
// locale's translation dashboard shows contributors the l10n new command.
func TestSourceURL(t *testing.T) {
	root := contentOf404(t)
	zh := filepath.Join(root, "zh-tw/web/http/reference/status/418/index.md")
	writeFile(t, zh, "---\ntitle: 418 我是茶壺\nslug: Web/HTTP/Reference/Status/418\n---\n\n短而粗。\n")
	out := filepath.Join(t.TempDir(), "public")
	base := "https://example.org/docs/blob/main/"
	if code, _, stderr := runCLI("build", "--content", root, "--out", out, "--no-git", "--source-url", base); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	en := readOut(t, out, page404)
	if want := `<a class="edit-link" href="` + base + `en-us/web/http/reference/status/404/index.md">Edit this page</a>`; !strings.Contains(en, want) {
		t.Errorf("the English page lacks %s", want)
	}
	fallback := readOut(t, out, "zh-TW/docs/Web/HTTP/Reference/Status/404/index.html")
	if want := `<a class="edit-link" href="` + base + `zh-tw/web/http/reference/status/404/index.md">翻譯此頁</a>`; !strings.Contains(fallback, want) {
		t.Errorf("the zh-TW fallback page lacks %s", want)
	}
	if strings.Contains(fallback, "l10n new") {
		t.Error("the fallback notice shows readers a command")
	}
	dashboard := readOut(t, out, "zh-TW/docs/_translations/index.html")
	if !strings.Contains(dashboard, "<code>statusdocs l10n new zh-tw Web/HTTP/Reference/Status/404</code>") {
		t.Error("the zh-TW dashboard lacks the command that starts the missing translation")
	}
	out2 := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := runCLI("build", "--content", root, "--out", out2, "--no-git"); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	page := readOut(t, out2, page404)
	if strings.Contains(page, "edit-link") {
		t.Error("without --source-url, a page has an edit link")
	}
	// The content root is named by its absolute path: the footer names the
	// file from the root, and no file of the site says where the builder
	// keeps its copy.
	if want := "<code>en-us/web/http/reference/status/404/index.md</code>"; !strings.Contains(page, want) {
		t.Errorf("the footer lacks %s", want)
	}
	err := filepath.WalkDir(out2, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err == nil && bytes.Contains(data, []byte(filepath.ToSlash(root))) {
			t.Errorf("%s names the content root's folder on the builder, %s", p, root)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestSourceURLEscaped: a file whose name has characters that would end
// a URL's path (#, ?) or that are no URL's (a space) links to itself.
func TestSourceURLEscaped(t *testing.T) {
	root := filepath.Join(t.TempDir(), "notes")
	writeFile(t, filepath.Join(root, "a#1?x y.md"), "# Odd name\n\nText.\n")
	out := filepath.Join(t.TempDir(), "public")
	base := "https://example.org/docs/blob/main/"
	if code, _, stderr := runCLI("build", "--content", root, "--out", out, "--no-git", "--source-url", base); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	var found bool
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".html" {
			return err
		}
		data, err := os.ReadFile(p)
		found = found || regexp.MustCompile(`href="`+regexp.QuoteMeta(base)+`([^"#?]*/)?a%231%3Fx%20y\.md"`).Match(data)
		return err
	})
	if err != nil || !found {
		t.Errorf("no page links to %s…/a%%231%%3Fx%%20y.md (%v)", base, err)
	}
}
