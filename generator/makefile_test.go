package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestMakeTargets reads what make would run (make -n, which runs nothing):
// CI's one make runs go vet once, and make check removes the site it
// builds in a temporary folder.
func TestMakeTargets(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("no make")
	}
	ci, err := os.ReadFile("../.ci/run")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(ci), "\nmake build test fuzz check\n") {
		t.Fatalf(".ci/run does not run its targets in one make:\n%s", ci)
	}
	run := func(targets ...string) string {
		cmd := exec.Command("make", append([]string{"-n"}, targets...)...)
		cmd.Dir = ".."
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("make -n %v: %v\n%s", targets, err, out)
		}
		return string(out)
	}
	if n := strings.Count(run("build", "test", "fuzz", "check"), "go vet ./..."); n != 1 {
		t.Errorf("CI's make runs go vet %d times, want 1", n)
	}
	if check := run("check"); !strings.Contains(check, `trap 'rm -rf "$tmp"' EXIT`) || !strings.Contains(check, `--out "$tmp/site"`) {
		t.Errorf("make check does not remove its temporary site:\n%s", check)
	}
}
