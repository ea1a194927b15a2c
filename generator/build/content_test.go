package build

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
)

// statusCodes are the codes of the IANA registry, plus 418.
var statusCodes = strings.Fields(`100 101 102 103 104 200 201 202 203 204 205 206 207 208 226
	300 301 302 303 304 305 306 307 308 400 401 402 403 404 405 406 407 408 409 410 411 412 413 414
	415 416 417 418 421 422 423 424 425 426 428 429 431 451 500 501 502 503 504 505 506 507 508 510 511`)

// TestContentComplete builds the site's own content and checks it as a
// reader and a translator would: no flaw above info, every status code in English,
// Traditional and Simplified Chinese, a partial Japanese, and translations
// stamped with a commit of this repository.
func TestContentComplete(t *testing.T) {
	res, out := build(t, nil, func(c *Config) {
		c.Content = []content.Root{{Name: "content", FS: os.DirFS("../../content")}}
	})
	for _, f := range res.Flaws {
		if f.Severity != flaw.Info {
			t.Errorf("%s", f)
		}
	}
	for _, locale := range []string{"en-US", "zh-TW", "zh-CN"} {
		for _, code := range append([]string{""}, statusCodes...) {
			name := locale + "/docs/Web/HTTP/Reference/Status/" + code + "/index.html"
			if code == "" {
				name = locale + "/docs/Web/HTTP/Reference/Status/index.html"
			}
			if _, ok := out.Files[name]; !ok {
				t.Errorf("missing %s", name)
			}
		}
	}
	if n := res.Pages["ja"]; n < 16 {
		t.Errorf("ja has %d pages, want at least 16", n)
	}
	// The translation has no spec-urls of its own: it shows the English page's.
	zh := string(out.Files["zh-TW/docs/Web/HTTP/Reference/Status/404/index.html"])
	if !strings.Contains(zh, `href="https://www.rfc-editor.org/rfc/rfc9110#status.404" class="external">HTTP Semantics`) {
		t.Error("zh-TW 404 does not show the specifications of the en-US page")
	}
	checkOutput(t, out)
	checkSourceCommits(t)
}

var sourceCommit = regexp.MustCompile(`(?m)^\s+sourceCommit:\s*([0-9a-f]+)\s*$`)

// checkSourceCommits checks that every translation names a commit of this
// repository that touched its English page.
func checkSourceCommits(t *testing.T) {
	if out, err := exec.Command("git", "rev-parse", "--is-shallow-repository").Output(); err != nil || strings.TrimSpace(string(out)) != "false" {
		t.Log("not a full git checkout; sourceCommit values not checked")
		return
	}
	files, _ := filepath.Glob("../../content/*/web/http/reference/status/*index.md")
	more, _ := filepath.Glob("../../content/*/web/http/reference/status/*/index.md")
	for _, f := range append(files, more...) {
		if strings.Contains(f, "/en-us/") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m := sourceCommit.FindSubmatch(data)
		if m == nil {
			t.Errorf("%s: no l10n.sourceCommit", f)
			continue
		}
		if err := exec.Command("git", "cat-file", "-e", string(m[1])+"^{commit}").Run(); err != nil {
			t.Errorf("%s: sourceCommit %s is not a commit of this repository", f, m[1])
		}
	}
}
