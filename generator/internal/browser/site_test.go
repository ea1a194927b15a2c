package browser

import (
	"context"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"statusdocs/generator/content"
	"statusdocs/generator/site"
)

// publish builds content/ into a folder and serves it with Go's plain file
// server, as a static host would; it returns the site's URL and the folder.
func publish(t *testing.T) (string, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "public")
	out, err := site.NewDirOutput(dir)
	if err != nil {
		t.Fatal(err)
	}
	cfg := site.Config{
		Content:      []content.Root{{Name: "content", FS: withoutFile{os.DirFS("../../../content"), zhTWFallback}}},
		Layouts:      os.DirFS("../../../layouts"),
		LayoutsName:  "layouts",
		ExternalBase: "https://developer.mozilla.org",
		NoGit:        true,
	}
	if _, err := site.Build(cfg, out); err != nil {
		t.Fatal(err)
	}
	if err := out.Commit(); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	return srv.URL, dir
}

// zhTWFallback is left out of the content the browser tests build, so
// that zh-TW, which translates every page, has an English fallback too.
const zhTWFallback = "zh-tw/web/http/reference/status/418/index.md"

// withoutFile is a file system with one file hidden.
type withoutFile struct {
	fs.FS
	hidden string
}

func (w withoutFile) Open(name string) (fs.File, error) {
	if name == w.hidden {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return w.FS.Open(name)
}

func (w withoutFile) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(w.FS, name)
	return slices.DeleteFunc(entries, func(e fs.DirEntry) bool { return path.Join(name, e.Name()) == w.hidden }), err
}

// chooseLanguage opens the header's language menu and picks a locale.
func chooseLanguage(locale string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Click(chromedp.CSS(".languages summary")),
		chromedp.Click(chromedp.CSS(`.languages a[hreflang="`+locale+`"]`)),
	)
}

// waitPath waits until the page's path is want.
func waitPath(ctx context.Context, t *testing.T, want string) {
	t.Helper()
	var got string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		p, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
		if got = p; err == nil && p == want {
			return
		}
	}
	t.Fatalf("page path %q, want %q", got, want)
}

// TestRootPicksLocale opens the site root with different browser languages:
// it goes to the best match, stays on the list when nothing matches, and
// prefers the language a reader picked in a page's language menu.
func TestRootPicksLocale(t *testing.T) {
	ctx := Start(t)
	url, _ := publish(t)
	for _, c := range []struct{ langs, want string }{
		{"zh-TW,zh;q=0.9,en;q=0.8", "/zh-TW/"},
		{"zh-HK", "/zh-TW/"},
		{"ja-JP", "/ja/"},
		{"fr-FR,de", "/"}, // no such locale: the list stays
	} {
		if err := chromedp.Do(ctx, Languages(c.langs), chromedp.Navigate(url+"/")); err != nil {
			t.Fatal(err)
		}
		waitPath(ctx, t, c.want)
	}
	if err := chromedp.Do(ctx,
		Languages("zh-TW"),
		chromedp.Navigate(url+"/zh-TW/"),
		chooseLanguage("ja"),
	); err != nil {
		t.Fatal(err)
	}
	waitPath(ctx, t, "/ja/")
	if err := chromedp.Do(ctx, chromedp.Navigate(url+"/")); err != nil {
		t.Fatal(err)
	}
	waitPath(ctx, t, "/ja/")
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.lang`))
	if err != nil || !strings.HasPrefix(text, "ja") {
		t.Errorf("root with a remembered choice of ja landed on lang=%q (%v)", text, err)
	}
}
