package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// page404 is where a build writes the 404 status page.
const page404 = "en-US/docs/Web/HTTP/Reference/Status/404/index.html"

// contentOf404 is a content root holding the site's 404 page alone.
func contentOf404(t *testing.T) string {
	t.Helper()
	root := filepath.Join(t.TempDir(), "content")
	data, err := os.ReadFile("../content/en-us/web/http/reference/status/404/index.md")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(root, "en-us/web/http/reference/status/404/index.md"), string(data))
	return root
}

func readOut(t *testing.T, out, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestBuiltinTheme builds content with no layouts folder (the tests run in
// generator/, which has none): the built-in theme. Then with a layouts
// folder holding one partial of its own, laid over the built-in theme file
// by file; then with the theme exported by "layouts --export", which gives
// the same page as the built-in one.
func TestBuiltinTheme(t *testing.T) {
	root := contentOf404(t)
	out := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := runCLI("build", "--content", root, "--out", out, "--no-git"); code != 0 {
		t.Fatalf("built-in theme: exit %d\n%s", code, stderr)
	}
	builtin := readOut(t, out, page404)
	if !strings.Contains(builtin, `class="site-footer"`) || !regexp.MustCompile(`/static/style\.[0-9a-f]{10}\.css`).MatchString(builtin) {
		t.Errorf("the built-in theme's page lacks its footer or stylesheet:\n%.500s", builtin)
	}
	if matches, _ := filepath.Glob(filepath.Join(out, "static", "style.*.css")); len(matches) != 1 {
		t.Errorf("static files: %v", matches)
	}

	mine := filepath.Join(t.TempDir(), "mine")
	writeFile(t, filepath.Join(mine, "partials", "footer.html"), `{{define "footer"}}<footer class="site-footer">My own footer</footer>{{end}}`)
	out2 := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := runCLI("build", "--content", root, "--layouts", mine, "--out", out2, "--no-git"); code != 0 {
		t.Fatalf("overlay: exit %d\n%s", code, stderr)
	}
	overlaid := readOut(t, out2, page404)
	if !strings.Contains(overlaid, "My own footer") || !strings.Contains(overlaid, `class="site-header"`) {
		t.Errorf("the overlaid page lacks the new footer or the built-in header:\n%s", overlaid[strings.Index(overlaid, "</article>"):])
	}

	exported := filepath.Join(t.TempDir(), "theme")
	if code, stdout, stderr := runCLI("layouts", "--export", exported); code != 0 || !strings.Contains(stdout, "--layouts "+exported) {
		t.Fatalf("layouts --export: exit %d\n%s%s", code, stdout, stderr)
	}
	if code, _, _ := runCLI("layouts", "--export", exported); code != 2 {
		t.Errorf("exporting into a folder that is not empty: exit %d, want 2", code)
	}
	out3 := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := runCLI("build", "--content", root, "--layouts", exported, "--out", out3, "--no-git"); code != 0 {
		t.Fatalf("exported theme: exit %d\n%s", code, stderr)
	}
	if got := readOut(t, out3, page404); got != builtin {
		t.Error("the exported theme builds another page than the built-in one")
	}
	if code, _, stderr := runCLI("build", "--content", root, "--layouts", filepath.Join(mine, "nope"), "--out", out3); code != 2 || !strings.Contains(stderr, "not a folder") {
		t.Errorf("a missing --layouts folder: exit %d, want 2\n%s", code, stderr)
	}
}
