package main

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// markdownLink finds the destinations of markdown links and images.
var markdownLink = regexp.MustCompile(`\]\(([^)]*)\)`)

// TestTwins builds content/ (its zh-TW 404 taken away, so that zh-TW
// shows it in English) with --site-url: 404's markdown twin has no
// macro left and only absolute links, and the page's head links to it;
// /llms.txt lists every en-US page; en-US/status-codes.json has every
// code, and zh-TW's marks its fallback. Without --site-url the twin's
// links are root-relative.
func TestTwins(t *testing.T) {
	root := filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(root, os.DirFS("../content")); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(root, "zh-tw/web/http/reference/status/404")); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	const site = "https://docs.example.org"
	if code, _, stderr := runCLI("build", "--content", root, "--out", out, "--no-git", "--site-url", site); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	md := readOut(t, out, "en-US/docs/Web/HTTP/Reference/Status/404/index.md")
	if strings.Contains(md, "{{") || !strings.HasPrefix(md, "---\ntitle: \"404 Not Found\"\n") || !strings.Contains(md, "\n# 404 Not Found\n") {
		t.Errorf("404's twin has a macro left, or lacks its front matter or title:\n%s", md)
	}
	links := markdownLink.FindAllStringSubmatch(md, -1)
	if len(links) < 10 {
		t.Errorf("404's twin has %d links", len(links))
	}
	for _, m := range links {
		if !strings.HasPrefix(m[1], "https://") {
			t.Errorf("404's twin links to %q, not an absolute URL", m[1])
		}
	}
	if !strings.Contains(readOut(t, out, page404), `<link rel="alternate" type="text/markdown" href="`+site+`/en-US/docs/Web/HTTP/Reference/Status/404/index.md">`) {
		t.Error("404's head does not link to its twin")
	}
	checkLLMs(t, out, site)
	checkCodes(t, out)
	out2 := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := runCLI("build", "--content", root, "--out", out2, "--no-git"); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	md = readOut(t, out2, "en-US/docs/Web/HTTP/Reference/Status/404/index.md")
	if !strings.Contains(md, "](/en-US/docs/Web/HTTP/Reference/Status/200/)") || strings.Contains(md, "](#") {
		t.Errorf("without --site-url, 404's twin links are not root-relative:\n%s", md)
	}
}

// checkLLMs checks that /llms.txt lists the twin of every en-US page.
func checkLLMs(t *testing.T, out, site string) {
	t.Helper()
	llms := readOut(t, out, "llms.txt")
	if !strings.HasPrefix(llms, "# HTTP status codes\n\n> ") || !strings.Contains(llms, "\n## Client error responses (4xx)\n") {
		t.Errorf("llms.txt lacks its title, summary or class sections:\n%.500s", llms)
	}
	n := 0
	err := filepath.WalkDir(filepath.Join(out, "en-US/docs"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.Name() != "index.html" || strings.Contains(p, "_translations") {
			return err
		}
		rel, _ := filepath.Rel(out, filepath.Dir(p))
		if want := "](" + site + "/" + filepath.ToSlash(rel) + "/index.md)"; !strings.Contains(llms, want) {
			t.Errorf("llms.txt lacks %s", want)
		}
		n++
		return nil
	})
	if err != nil || n < 64 {
		t.Errorf("%d en-US pages: %v", n, err)
	}
}

// checkCodes checks en-US/status-codes.json and zh-TW's.
func checkCodes(t *testing.T, out string) {
	t.Helper()
	var en, zh []struct {
		Code         int
		Fallback     bool
		Translation  bool
		MarkdownURL  string   `json:"markdown_url"`
		SpecURLs     []string `json:"spec_urls"`
		Translations []string
	}
	if err := json.Unmarshal([]byte(readOut(t, out, "en-US/status-codes.json")), &en); err != nil || len(en) < 64 {
		t.Fatalf("en-US/status-codes.json has %d codes: %v", len(en), err)
	}
	if err := json.Unmarshal([]byte(readOut(t, out, "zh-TW/status-codes.json")), &zh); err != nil {
		t.Fatal(err)
	}
	fallbacks := 0
	for _, c := range zh {
		if c.Fallback {
			fallbacks++
			if c.Code != 404 || c.Translation {
				t.Errorf("zh-TW marks %d as a fallback (translation %v)", c.Code, c.Translation)
			}
		}
	}
	if fallbacks != 1 || len(zh) != len(en) {
		t.Errorf("zh-TW/status-codes.json has %d codes, %d fallbacks; want %d and 1", len(zh), fallbacks, len(en))
	}
	for _, c := range en {
		if c.Code == 404 && (len(c.SpecURLs) == 0 || !strings.HasSuffix(c.MarkdownURL, "/404/index.md") || len(c.Translations) == 0) {
			t.Errorf("en-US 404: %+v", c)
		}
	}
}
