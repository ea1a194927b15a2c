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

	"statusdocs/generator/build"
	"statusdocs/generator/content"
	"statusdocs/generator/output"
)

// publish builds content/ into a folder and serves it with Go's plain file
// server, as a static host would; it returns the site's URL and the folder.
func publish(t *testing.T) (string, string) {
	t.Helper()
	_, dir := buildSite(t, build.Config{
		Content:      []content.Root{{Name: "content", FS: withoutFile{os.DirFS("../../../content"), zhTWFallback}}},
		ExternalBase: "https://developer.mozilla.org",
	})
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	return srv.URL, dir
}

// build builds cfg's content with the site's layouts, without git, into a
// folder, and returns the result and the folder.
func buildSite(t *testing.T, cfg build.Config) (*build.Result, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "public")
	out, err := output.NewDirOutput(dir)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Layouts, cfg.LayoutsName, cfg.NoGit = os.DirFS("../../../layouts"), "layouts", true
	res, err := build.Build(cfg, out)
	if err != nil {
		t.Fatal(err)
	}
	if err := out.Commit(); err != nil {
		t.Fatal(err)
	}
	return res, dir
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

// chooseLanguage opens the header's language menu and picks a locale:
// two actions, for MustDo.
func chooseLanguage(locale string) []chromedp.Action[chromedp.Void] {
	return []chromedp.Action[chromedp.Void]{
		chromedp.Click(chromedp.CSS(".languages summary")),
		chromedp.Click(chromedp.CSS(`.languages a[lang="` + locale + `"]`)),
	}
}

// waitPath waits until the page's path is want: one wait, with the
// deadline of one action. It reads the path again and again, as a
// navigation ends any script that would wait in the page.
func waitPath(ctx context.Context, t *testing.T, want string) {
	t.Helper()
	var got string
	var err error
	for deadline := time.Now().Add(ActionTimeout); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if got, err = Run(ctx, "read the path", chromedp.Evaluate[string](`location.pathname`)); err == nil && got == want {
			return
		}
	}
	t.Fatalf("wait for the path %q: it is %q (%v)", want, got, err)
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
		MustDo(t, ctx, "open the root with "+c.langs, Languages(c.langs), chromedp.Navigate(url+"/"))
		waitPath(ctx, t, c.want)
	}
	MustDo(t, ctx, "open /zh-TW/ and choose ja", append([]chromedp.Action[chromedp.Void]{
		Languages("zh-TW"),
		chromedp.Navigate(url + "/zh-TW/"),
	}, chooseLanguage("ja")...)...)
	waitPath(ctx, t, "/ja/")
	MustDo(t, ctx, "navigate to the root", chromedp.Navigate(url+"/"))
	waitPath(ctx, t, "/ja/")
	if text := Eval[string](t, ctx, "read the page's language", `document.documentElement.lang`); !strings.HasPrefix(text, "ja") {
		t.Errorf("root with a remembered choice of ja landed on lang=%q", text)
	}
}
