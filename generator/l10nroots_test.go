package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestL10nNewSplitRoots runs l10n new with English and translations in
// two roots, as MDN keeps them (content and translated-content): the new
// file goes to the root with the locale's pages, or else to the root with
// no English pages, never into the English one.
func TestL10nNewSplitRoots(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	english, translated := filepath.Join(t.TempDir(), "content", "files"), filepath.Join(t.TempDir(), "translated-content", "files")
	for _, code := range []string{"404", "418"} {
		writeFile(t, filepath.Join(english, "en-us/web/http/reference/status", code, "index.md"),
			"---\ntitle: Status "+code+"\nslug: Web/HTTP/Reference/Status/"+code+"\n---\n\nText.\n")
	}
	writeFile(t, filepath.Join(translated, "ja/web/http/reference/status/404/index.md"),
		"---\ntitle: ステータス 404\nslug: Web/HTTP/Reference/Status/404\n---\n\n本文。\n")
	repo := filepath.Dir(english)
	for _, args := range [][]string{{"init", "-q"}, {"add", "-A"}, {"commit", "-q", "-m", "en"}} {
		cmd := exec.Command("git", append([]string{"-c", "user.name=T", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = repo
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	in := []string{"--content", english, "--content", translated}
	for _, loc := range []string{"ja", "ko"} { // a locale the translations hold, and a new one
		code, stdout, stderr := runCLI(append(append([]string{"l10n", "new"}, in...), loc, "Web/HTTP/Reference/Status/418")...)
		want := filepath.Join(translated, loc, "web/http/reference/status/418/index.md")
		if _, err := os.Stat(want); code != 0 || err != nil || !strings.Contains(stdout, want) {
			t.Errorf("l10n new %s: exit %d, %v\n%s%s", loc, code, err, stdout, stderr)
		}
		if _, err := os.Stat(filepath.Join(english, loc)); err == nil {
			t.Errorf("l10n new %s wrote into the English root", loc)
		}
	}
}
