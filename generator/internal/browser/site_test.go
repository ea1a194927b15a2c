package browser

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
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
		Content:      []content.Root{{Name: "content", FS: os.DirFS("../../../content")}},
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
		chromedp.Click(chromedp.CSS(`.languages summary`)),
		chromedp.Click(chromedp.CSS(`.languages a[data-locale="ja"]`)),
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
