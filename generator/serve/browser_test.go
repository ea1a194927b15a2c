package serve

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"statusdocs/generator/internal/browser"
)

// TestBrowserReloadsOnSave opens a page, changes its markdown on disk and
// waits for the open page to show the change by itself, at the same scroll
// position.
func TestBrowserReloadsOnSave(t *testing.T) {
	ctx := browser.Start(t)
	p := startPreview(t)
	long := strings.Replace(targetMD, "First words.", "First words.\n\n"+strings.Repeat("A paragraph to make the page tall enough to scroll.\n\n", 80), 1)
	p.write("content/en-us/web/http/test/target/index.md", long)
	p.waitReload("en-US/docs/Web/HTTP/Test/Target/index.html")
	clients := p.srv.Clients()
	if err := chromedp.Do(ctx,
		chromedp.Navigate(p.http.URL+"/en-US/docs/Web/HTTP/Test/Target/"),
		chromedp.WaitVisible(chromedp.CSS("article h1")),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := chromedp.Evaluate[any](`window.scrollTo(0, 600)`)(ctx, t)
			return err
		}),
	); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for p.srv.Clients() <= clients && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond) // the page's event stream connects
	}
	p.write("content/en-us/web/http/test/target/index.md", strings.Replace(long, "First words.", "Words saved in the editor.", 1))
	var text string
	for time.Now().Before(deadline) {
		var err error
		text, err = chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("article").innerText`))
		if err == nil && strings.Contains(text, "Words saved in the editor.") {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(text, "Words saved in the editor.") {
		t.Fatalf("the open page did not show the edit; log:\n%s", p.logText)
	}
	_, _ = chromedp.Run(ctx, chromedp.Poll[bool](`document.readyState === "complete"`))
	scrollY, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.scrollY`))
	if err != nil {
		t.Fatal(err)
	}
	if scrollY < 500 {
		t.Errorf("scroll position after the reload = %v, want about 600", scrollY)
	}
}
