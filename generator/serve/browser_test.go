package serve

import (
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
	browser.MustDo(t, ctx, "navigate to the page", chromedp.Navigate(p.http.URL+"/en-US/docs/Web/HTTP/Test/Target/"))
	browser.MustDo(t, ctx, "wait for the heading", chromedp.WaitVisible(chromedp.CSS("article h1")))
	browser.Eval[any](t, ctx, "scroll down", `window.scrollTo(0, 600)`)
	// Each wait below is one action, with one action's deadline.
	for deadline := time.Now().Add(browser.ActionTimeout); p.srv.Clients() <= clients; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("wait for the page's event stream: not connected in %v", browser.ActionTimeout)
		}
	}
	p.write("content/en-us/web/http/test/target/index.md", strings.Replace(long, "First words.", "Words saved in the editor.", 1))
	// The page reloads: a script waiting in it would end, so read again and again.
	var text string
	var err error
	for deadline := time.Now().Add(browser.ActionTimeout); !strings.Contains(text, "Words saved in the editor."); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("wait for the edit on the open page: not shown in %v (%v); log:\n%s", browser.ActionTimeout, err, p.logText)
		}
		text, err = browser.Run(ctx, "read the article", chromedp.Evaluate[string](`document.querySelector("article").innerText`))
	}
	browser.MustPoll(t, ctx, "wait for the reloaded page to be complete", `document.readyState === "complete"`)
	if scrollY := browser.Eval[float64](t, ctx, "read the scroll position", `window.scrollY`); scrollY < 500 {
		t.Errorf("scroll position after the reload = %v, want about 600", scrollY)
	}
}
