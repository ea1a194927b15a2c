package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// nuJar is the W3C Nu HTML checker, which make test fetches from npm
// (vnu-jar) and checks against its published hash.
const nuJar = "testdata/vnu.jar"

// nuDeadline bounds one run of the checker over a whole site (about 5 s
// for 270 pages on 2 cores; a busy machine gets 30 times that).
const nuDeadline = 3 * time.Minute

// TestNuValid builds content/ and, when ../shared/corpus is present, MDN's
// pages and the CrayonL collection in it, and runs the Nu HTML checker on
// every HTML page of each site, once per site: any error fails, listed
// with its file, line and column. Without java or vnu.jar it skips, unless
// STATUSDOCS_REQUIRE_NU is set (as in CI).
//
// Our own pages must have no error at all. The corpus is real pages,
// unedited, which the site cannot correct and which must not be able to
// fail the tool's CI: errors of the author's own choices (authorErrors)
// are logged, not failed; any other error there is the theme's or the
// renderer's, as the <p><div> of MDN's ja 102 page was.
func TestNuValid(t *testing.T) {
	java := nuChecker(t)
	corpus := filepath.Join("..", "..", "shared", "corpus")
	for _, site := range []struct {
		name, content string
		flags         []string
		authors       bool // errors of the author's own choices are logged only
	}{
		{"content", "../content", []string{"--layouts", "../layouts", "--site-url", "https://docs.example.org"}, false},
		{"mdn", filepath.Join(corpus, "mdn", "files"), nil, true},
		{"crayonl", filepath.Join(corpus, "crayonl"), nil, true},
	} {
		t.Run(site.name, func(t *testing.T) {
			if _, err := os.Stat(site.content); err != nil {
				t.Skip("no corpus:", err)
			}
			out := filepath.Join(t.TempDir(), "public")
			code, _, stderr := runCLI(append([]string{"build", "--content", site.content, "--out", out}, site.flags...)...)
			if code != 0 {
				t.Fatalf("build: exit %d\n%s", code, stderr)
			}
			pages, errs, err := runNu(java, out)
			if err != nil {
				t.Fatal(err)
			}
			if pages == 0 {
				t.Fatal("no HTML page built")
			}
			for _, e := range errs {
				if site.authors && authorError(e.Message) {
					t.Logf("the author's: %s", e)
					continue
				}
				t.Error(e)
			}
			t.Logf("%d pages, %d errors", pages, len(errs))
		})
	}
}

// authorErrors are the checker's messages about what a page's author
// chose and the site keeps as written: the outline of the headings (a
// "###" right under the title skips a level; renumbering would change
// the page) and an image without alt text (the site cannot write one).
var authorErrors = []string{
	"heading level.", // The heading “h3” (…) follows the heading “h1” (…), skipping 1 heading level.
	"An “img” element must have an “alt” attribute",
}

func authorError(message string) bool {
	for _, m := range authorErrors {
		if strings.Contains(message, m) {
			return true
		}
	}
	return false
}

// nuChecker returns the java to run vnu.jar with, or skips the test.
func nuChecker(t *testing.T) string {
	t.Helper()
	java, err := exec.LookPath("java")
	if err == nil {
		_, err = os.Stat(nuJar)
	}
	if err == nil {
		return java
	}
	if os.Getenv("STATUSDOCS_REQUIRE_NU") != "" {
		t.Fatalf("%v: STATUSDOCS_REQUIRE_NU is set (make test fetches vnu.jar; apt-get install -y default-jre-headless)", err)
	}
	t.Skipf("%v (make test fetches vnu.jar; java: apt-get install -y default-jre-headless); set STATUSDOCS_REQUIRE_NU=1 to make this a failure", err)
	return ""
}

// nuReport is the checker's --format json output.
type nuReport struct {
	Messages []struct {
		Type        string `json:"type"`
		URL         string `json:"url"`
		LastLine    int    `json:"lastLine"`
		FirstColumn int    `json:"firstColumn"`
		Message     string `json:"message"`
		Extract     string `json:"extract"`
	} `json:"messages"`
}

// nuError is one error the checker found.
type nuError struct {
	File             string // relative to the site's folder
	Line, Col        int
	Message, Extract string
}

func (e nuError) String() string {
	return fmt.Sprintf("%s:%d:%d: %s (%q)", e.File, e.Line, e.Col, e.Message, e.Extract)
}

// runNu checks every HTML file under dir in one run of the checker and
// returns how many there are and its errors.
func runNu(java, dir string) (int, []nuError, error) {
	pages := 0
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".html") {
			pages++
		}
		return err
	})
	if err != nil || pages == 0 {
		return pages, nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), nuDeadline)
	defer cancel()
	cmd := exec.CommandContext(ctx, java, "-jar", nuJar, "--errors-only", "--format", "json", "--skip-non-html", dir)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run() // exit 1 when it finds errors: the report says which
	if ctx.Err() != nil {
		return pages, nil, fmt.Errorf("the Nu checker ran past %v", nuDeadline)
	}
	var report nuReport
	if err := json.Unmarshal(stderr.Bytes(), &report); err != nil {
		return pages, nil, fmt.Errorf("the Nu checker: %v, %v\n%.2000s%.2000s", runErr, err, stdout.String(), stderr.String())
	}
	var errs []nuError
	for _, m := range report.Messages {
		file := strings.TrimPrefix(m.URL, "file:")
		if rel, err := filepath.Rel(dir, file); err == nil {
			file = rel
		}
		msg := m.Message
		if m.Type != "error" { // a file it could not read: "non-document-error"
			msg = m.Type + ": " + msg
		}
		errs = append(errs, nuError{File: file, Line: m.LastLine, Col: m.FirstColumn, Message: msg, Extract: m.Extract})
	}
	if len(errs) == 0 && runErr != nil {
		return pages, nil, errors.Join(errors.New("the Nu checker failed with no message"), runErr)
	}
	return pages, errs, nil
}

// TestNuFindsErrors runs the checker on pages with the errors this test is
// for, the search box's and the <p><div> of MDN's ja 102 page, and on a
// valid one: the errors come back with their file and line.
func TestNuFindsErrors(t *testing.T) {
	java := nuChecker(t)
	dir := t.TempDir()
	const head = "<!DOCTYPE html>\n<html lang=\"en\"><head><title>t</title></head><body>\n"
	writeFile(t, filepath.Join(dir, "valid.html"), head+`<input type="text" role="combobox" aria-expanded="false" aria-controls="l"><ul id="l"></ul>`)
	writeFile(t, filepath.Join(dir, "a", "search.html"), head+`<input type="search" role="combobox" aria-expanded="false">`)
	writeFile(t, filepath.Join(dir, "a", "p-div.html"), head+"\n<p><div>x</div></p>")
	pages, errs, err := runNu(java, dir)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, e := range errs {
		got[e.File] = e.Line
	}
	want := map[string]int{"a/search.html": 3, "a/p-div.html": 4}
	if pages != 3 || !maps.Equal(got, want) {
		t.Errorf("%d pages, errors %v; want 3 pages, errors at %v", pages, errs, want)
	}
}
