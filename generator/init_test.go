package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestInit writes a starter site and, from its folder as a new user would,
// builds and checks it with what statusdocs.yaml says; init will not write
// over it.
func TestInit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	if code, stdout, stderr := runCLI("init", dir); code != 0 || !strings.Contains(stdout, "statusdocs serve") {
		t.Fatalf("init: exit %d\n%s%s", code, stdout, stderr)
	}
	t.Chdir(dir)
	if code, _, stderr := runCLI("build"); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	for _, name := range []string{"en-US/docs/Web/HTTP/Reference/Status/418/index.html", "es/docs/Web/HTTP/Reference/Status/418/index.html"} {
		if _, err := os.Stat(filepath.Join("public", name)); err != nil {
			t.Error(err)
		}
	}
	if data, err := os.ReadFile("public/_redirects"); err != nil || !strings.Contains(string(data), "/en-US/docs/Web/HTTP/Status/418 /en-US/docs/Web/HTTP/Reference/Status/418/ 301") {
		t.Errorf("_redirects: %q, %v", data, err)
	}
	if code, stdout, stderr := runCLI("check"); code != 0 || !strings.Contains(stdout, " 0 problems") {
		t.Errorf("check: exit %d\n%s%s", code, stdout, stderr)
	}
	if code, _, stderr := runCLI("init", "."); code != 2 || !strings.Contains(stderr, "already exists") {
		t.Errorf("init over a site: exit %d, want 2\n%s", code, stderr)
	}
}

// TestConfigFile checks statusdocs.yaml: its keys set the flags the
// command line leaves alone, paths are read against its folder, and a key
// it does not know or a value of the wrong kind is a usage error at its
// line and column.
func TestConfigFile(t *testing.T) {
	root := contentOf404(t)
	conf := filepath.Join(t.TempDir(), "conf")
	if err := os.MkdirAll(conf, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(text string) string {
		name := filepath.Join(conf, "statusdocs.yaml")
		writeFile(t, name, text)
		return name
	}
	if err := os.Rename(root, filepath.Join(conf, "content")); err != nil {
		t.Fatal(err)
	}
	file := write("content:\n  - content\nout: public\nsource-url: https://example.org/blob/main/\nno-git: true\nlocales: [en-US]\n")
	if code, _, stderr := runCLI("build", "--config", file); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	page := readOut(t, filepath.Join(conf, "public"), page404) // out, read against the file's folder
	if !strings.Contains(page, `href="https://example.org/blob/main/en-us/web/http/reference/status/404/index.md"`) {
		t.Error("source-url of the config file did not reach the page")
	}
	elsewhere := filepath.Join(t.TempDir(), "out")
	if code, _, stderr := runCLI("build", "--config", file, "--out", elsewhere, "--source-url", ""); code != 0 {
		t.Fatalf("build with flags: exit %d\n%s", code, stderr)
	}
	if page := readOut(t, elsewhere, page404); strings.Contains(page, "edit-link") {
		t.Error("--source-url '' did not win over the config file")
	}
	// The config comes with the content: its paths stay in its folder.
	if err := os.Symlink(t.TempDir(), filepath.Join(conf, "link")); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"theme", "c/theme"} { // layouts inside the content
		if err := os.MkdirAll(filepath.Join(conf, dir), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for text, want := range map[string]string{
		"content: [/etc]\n":                          `statusdocs.yaml:1:11: content: "/etc" is not a path inside the config file's folder`,
		"layouts: ../x\n":                            `statusdocs.yaml:1:10: layouts: "../x" is not a path inside the config file's folder`,
		"out: link/public\n":                         `statusdocs.yaml:1:6: out: "link/public" leads outside the config file's folder`,
		"content:\n  - link\n":                       `statusdocs.yaml:2:5: content: "link" leads outside the config file's folder`,
		"content:\n  - x\ncontnet: [y]\n":            `statusdocs.yaml:3:1: unknown key "contnet" (did you mean content?)`,
		"redirect-stubs: [yes]\n":                    "statusdocs.yaml:1:17: redirect-stubs: want one value, not a list",
		"no-git: maybe\n":                            "statusdocs.yaml:1:9: no-git:",
		"- content\n":                                "statusdocs.yaml:1:1: want keys and values",
		"content: {a: b}\n":                          "statusdocs.yaml:1:10: content: want a value",
		"out: [\n":                                   "statusdocs.yaml: yaml:",
		"external-base: javascript:alert(1)//\n":     `--external-base "javascript:alert(1)//": not an http or https URL`,
		"site-url: //evil.example\n":                 `--site-url "//evil.example": not an http or https URL`,
		"locales: [en-US, fr, \"x\\\"><script>\"]\n": `--locales: "x\"><script>" is not a locale`,
		"locales: [" + strings.Repeat("aa-AA, ", 41) + "en-US]\n": "--locales lists 42 locales; at most 40",
		"content: [c]\nlayouts: c/theme\n":                        `the layouts folder`,
		"content: [.]\nlayouts: theme\n":                          `overlap: a theme writes script into every page`,
		"base-path: //evil.example\n":                             `--base-path "//evil.example": has "//"`,
		"base-path: \"/a\\n/* /x 301\"\n":                         `--base-path "/a\n/* /x 301": has '\n'`,
	} {
		file := write(text)
		if code, _, stderr := runCLI("build", "--config", file); code != 2 || !strings.Contains(stderr, want) {
			t.Errorf("%q: exit %d, want 2 and %q\n%s", text, code, want, stderr)
		}
	}
	if code, _, stderr := runCLI("build", "--config", filepath.Join(conf, "nope.yaml")); code != 2 {
		t.Errorf("a missing --config file: exit %d, want 2\n%s", code, stderr)
	}
}

// TestLayoutsInContent: a layouts folder in the current folder is the
// theme only when it is not content. Given the current folder as content
// (a repository's top, where a pull request can add a layouts folder),
// its layouts folder is left alone, and the built-in theme writes the
// site; --layouts naming a folder in the content is refused.
func TestLayoutsInContent(t *testing.T) {
	dir, out := t.TempDir(), filepath.Join(t.TempDir(), "public")
	for name, text := range map[string]string{
		"en-us/a/index.md":             "---\ntitle: A\nslug: A\n---\n\nText.\n",
		"layouts/static/site.js":       `alert("from the content")`,
		"layouts/partials/footer.html": `{{define "footer"}}<script>alert("footer")</script>{{end}}`,
	} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	if code, _, stderr := runCLI("build", "--content", ".", "--out", out, "--no-git"); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	err := filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if data, err := os.ReadFile(p); err != nil || bytes.Contains(data, []byte("alert(")) {
			t.Errorf("%s holds the content's script (%v)", p, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI("build", "--content", ".", "--layouts", "layouts", "--out", out, "--no-git"); code != 2 || !strings.Contains(stderr, "overlap") {
		t.Errorf("--layouts inside the content: exit %d, want 2 and a message\n%s", code, stderr)
	}
}
