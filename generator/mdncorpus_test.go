package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMDNFiles builds MDN's own files (../shared/corpus/mdn/files, when
// present), which are not a git checkout here, as a new user would: no
// invalid-source-commit error (nothing can be verified, said once per
// locale), no unknown-spec warning (the RFCs web-specs lacks ship with the
// binary), and check finds no link that stays inside the site and leads
// nowhere (the http sidebar's /en-US/observatory goes to MDN).
func TestMDNFiles(t *testing.T) {
	root := "../../shared/corpus/mdn/files"
	if _, err := os.Stat(root); err != nil {
		t.Skip("no corpus:", err)
	}
	out := filepath.Join(t.TempDir(), "public")
	code, stdout, stderr := runCLI("build", "--content", root, "--out", out)
	if code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	for _, kind := range []string{"invalid-source-commit", "unknown-spec"} {
		if strings.Contains(stderr+stdout, kind) {
			t.Errorf("build reports %s:\n%s", kind, stderr)
		}
	}
	code, stdout, stderr = runCLI("check", "--content", root)
	if strings.Contains(stdout+stderr, "nothing is served at") {
		t.Errorf("check finds links inside the site that lead nowhere (exit %d):\n%s%s", code, stdout, stderr)
	}
}
