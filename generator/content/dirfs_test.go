package content

import (
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

// TestDirFS checks the content root on disk against the fs.FS contract.
func TestDirFS(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"en-us/web/http/index.md":        "---\ntitle: HTTP\nslug: Web/HTTP\n---\n",
		"en-us/web/http/status/index.md": "# Status\n",
		"en-us/_redirects.txt":           "",
		"sidebars/http.yaml":             "- Web/HTTP\n",
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fsys := DirFS(dir)
	if err := fstest.TestFS(fsys, "en-us/web/http/index.md", "en-us/web/http/status/index.md", "en-us/_redirects.txt", "sidebars/http.yaml"); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"../x", "/etc/passwd", "en-us/../../x", ""} {
		if _, err := fsys.(interface{ ReadFile(string) ([]byte, error) }).ReadFile(bad); err == nil {
			t.Errorf("ReadFile(%q) worked", bad)
		}
	}
}
