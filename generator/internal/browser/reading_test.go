package browser

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The pages the reading tests visit: the root, a home page, the status
// index, a status page and English fallbacks (in zh-TW and ja; en-US has
// none), in en-US and zh-TW.
var readingPages = []string{
	"/",
	"/en-US/",
	"/en-US/docs/Web/HTTP/Reference/Status/",
	"/en-US/docs/Web/HTTP/Reference/Status/404/",
	"/zh-TW/",
	"/zh-TW/docs/Web/HTTP/Reference/Status/",
	"/zh-TW/docs/Web/HTTP/Reference/Status/404/",
	"/zh-TW/docs/Web/HTTP/Reference/Status/418/",
	"/ja/docs/Web/HTTP/Reference/Status/100/",
}

// watcher records what a reader would not want to happen on a page:
// console errors, uncaught exceptions, failed loads, and every request.
type watcher struct {
	mu       sync.Mutex
	errors   []string
	requests []string
}

func watch(t *testing.T, ctx context.Context) *watcher {
	t.Helper()
	w := &watcher{}
	err := chromedp.Listen(ctx, func(ev any) {
		w.mu.Lock()
		defer w.mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError {
				w.errors = append(w.errors, Excerpt("console.error: "+args(ev.Args)))
			}
		case *runtime.EventExceptionThrown:
			w.errors = append(w.errors, Excerpt("exception: "+ev.ExceptionDetails.Text+" "+describe(ev.ExceptionDetails.Exception)))
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError {
				w.errors = append(w.errors, Excerpt("log: "+ev.Entry.Text+" "+ev.Entry.URL))
			}
		case *network.EventRequestWillBeSent:
			w.requests = append(w.requests, ev.Request.URL)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func args(as []*runtime.RemoteObject) string {
	var s []string
	for _, a := range as {
		s = append(s, describe(a))
	}
	return strings.Join(s, " ")
}

func describe(o *runtime.RemoteObject) string {
	if o == nil {
		return ""
	}
	if o.Description != "" {
		return o.Description
	}
	return string(o.Value)
}

// take returns what the watcher saw since the last call, and forgets it.
func (w *watcher) take() (errors, requests []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	errors, requests = w.errors, w.requests
	w.errors, w.requests = nil, nil
	return errors, requests
}

// open navigates and waits for the page's scripts to have run: three
// actions, each with its own deadline.
func open(ctx context.Context, t *testing.T, u string) {
	t.Helper()
	MustDo(t, ctx, "navigate to "+u, chromedp.Navigate(u))
	MustDo(t, ctx, "wait for the body of "+u, chromedp.WaitReady(chromedp.CSS("body")))
	MustPoll(t, ctx, "wait for "+u+" to be complete", `document.readyState === "complete"`)
}

// TestReadingPages opens each page as a reader would, in light and dark,
// on a desktop and at 375 px: no console errors, no request outside the
// site, no horizontal scrolling on a phone, and no serious or critical
// accessibility violation found by axe-core.
func TestReadingPages(t *testing.T) {
	axe := readAxe(t)
	ctx := Start(t)
	site, _ := publish(t)
	w := watch(t, ctx)
	MustDo(t, ctx, "set the languages", Languages("fr")) // no fr locale: the root stays the list
	for _, p := range readingPages {
		for _, width := range []int64{1280, 375} {
			MustDo(t, ctx, fmt.Sprintf("set the width to %d px", width), chromedp.EmulateViewport(width, 800))
			open(ctx, t, site+p)
			if loc := Eval[string](t, ctx, "read the path", `location.pathname`); loc != p {
				t.Errorf("%s: landed on %s", p, loc)
			}
			if over := Eval[int](t, ctx, "measure the horizontal scrolling", `document.documentElement.scrollWidth - window.innerWidth`); over > 0 {
				t.Errorf("%s at %d px: %d px of horizontal scrolling", p, width, over)
			}
			// Nothing moves once shown: scripts, fonts and the sidebar add no layout shift.
			shift := Eval[float64](t, ctx, "measure the layout shift", `Promise.race([
				new Promise(r => new PerformanceObserver(l => r(l.getEntries().reduce((a, e) => a + e.value, 0))).observe({type: "layout-shift", buffered: true})),
				new Promise(r => setTimeout(() => r(0), 500))])`)
			if shift > 0.01 {
				t.Errorf("%s at %d px: cumulative layout shift %.3f", p, width, shift)
			}
			for _, theme := range []string{"light", "dark"} {
				checkAxe(ctx, t, axe, theme, fmt.Sprintf("%s (%s, %d px)", p, theme, width))
			}
			errs, reqs := w.take()
			for _, e := range errs {
				t.Errorf("%s at %d px: %s", p, width, e)
			}
			for _, r := range reqs {
				if !strings.HasPrefix(r, site+"/") && !strings.HasPrefix(r, "data:") {
					t.Errorf("%s: request outside the site: %s", p, r)
				}
			}
		}
	}
}

// readAxe reads axe-core, which make test fetches.
func readAxe(t *testing.T) []byte {
	axe, err := os.ReadFile("testdata/axe.min.js")
	if err != nil {
		if os.Getenv("STATUSDOCS_REQUIRE_BROWSER") != "" {
			t.Fatalf("%v (make test fetches axe-core)", err)
		}
		t.Skipf("%v (make test fetches axe-core)", err)
	}
	return axe
}

// checkAxe shows the page in a theme and runs axe-core on it: a serious
// or critical violation is an error at where.
func checkAxe(ctx context.Context, t *testing.T, axe []byte, theme, where string) {
	t.Helper()
	Eval[any](t, ctx, "set the theme", `document.documentElement.dataset.theme = "`+theme+`"`)
	if !Eval[bool](t, ctx, "look for axe-core", `typeof axe === "object"`) {
		Eval[any](t, ctx, "inject axe-core", string(axe))
	}
	found := Eval[[]string](t, ctx, "run axe-core", `axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations
		.filter(v => v.impact === "serious" || v.impact === "critical")
		.map(v => v.impact + " " + v.id + ": " + v.help + " at " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")))`)
	for _, v := range found {
		t.Errorf("%s: %s", where, v)
	}
}

// slash presses "/" as a keyboard does, without the separate character
// event chromedp.KeyEvent sends, which would type it into the box the
// page has just focused.
var slash = chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
	for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeRawKeyDown, input.DispatchKeyEventTypeKeyUp} {
		if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, input.DispatchKeyEventParams{
			Type: typ, Key: "/", Code: "Slash", WindowsVirtualKeyCode: 191, NativeVirtualKeyCode: 191,
		}); err != nil {
			return err
		}
	}
	return nil
})

// search types into the header's search box, by keyboard alone: "/" to
// focus it, the query (CJK through the IME's commit), then Enter.
func search(ctx context.Context, t *testing.T, query string) {
	t.Helper()
	typeQuery(ctx, t, query)
	MustDo(t, ctx, "press Enter", chromedp.KeyEvent(kb.Enter))
}

// typeQuery types a query into the search box and waits for its results.
func typeQuery(ctx context.Context, t *testing.T, query string) {
	t.Helper()
	steps := []chromedp.Action[chromedp.Void]{
		slash,
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, input.InsertText, input.InsertTextParams{Text: query})
			return err
		}),
	}
	MustDo(t, ctx, fmt.Sprintf("type %q into the search box", query), steps...)
	// The results come once the index has loaded.
	MustPoll(t, ctx, fmt.Sprintf("wait for results for %q", query), `document.querySelectorAll("#search-results [role=option]").length > 0`)
}

func TestSearchByKeyboard(t *testing.T) {
	ctx := Start(t)
	site, _ := publish(t)
	for _, c := range []struct{ from, query, want string }{
		{"/en-US/", "404", "/en-US/docs/Web/HTTP/Reference/Status/404/"},
		{"/en-US/docs/Web/HTTP/Reference/Status/200/", "not found", "/en-US/docs/Web/HTTP/Reference/Status/404/"},
		{"/zh-TW/", "找不到", "/zh-TW/docs/Web/HTTP/Reference/Status/404/"},
	} {
		open(ctx, t, site+c.from)
		search(ctx, t, c.query)
		waitPath(ctx, t, c.want)
	}
	// Escape closes the results, then clears the box (a text input, as the
	// combobox role requires, acts as type=search did).
	open(ctx, t, site+"/en-US/")
	typeQuery(ctx, t, "404")
	const box = `(() => { const i = document.getElementById("search-input"); return [i.type, i.value, String(document.getElementById("search-results").hidden), i.getAttribute("aria-expanded")].join(" "); })()`
	MustDo(t, ctx, "press Escape", chromedp.KeyEvent(kb.Escape))
	if got := Eval[string](t, ctx, "read the search box", box); got != "text 404 true false" {
		t.Errorf("after Escape, the search box's type, value, results hidden, aria-expanded: %q", got)
	}
	MustDo(t, ctx, "press Escape", chromedp.KeyEvent(kb.Escape))
	if got := Eval[string](t, ctx, "read the search box", box); got != "text  true false" {
		t.Errorf("after a second Escape: %q", got)
	}
	// Arrows move through the results; Enter opens the one selected.
	open(ctx, t, site+"/en-US/")
	MustDo(t, ctx, `type "40" into the search box`, slash, chromedp.KeyEvent("40"))
	MustPoll(t, ctx, `wait for results for "40"`, `document.querySelectorAll("#search-results [role=option]").length > 1`)
	second := Eval[string](t, ctx, "read the second result", `new URL(document.querySelectorAll("#search-results [role=option]")[1].href).pathname`)
	MustDo(t, ctx, "press down, down, Enter", chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.Enter))
	waitPath(ctx, t, second)
}

// TestSearchExcerpts searches zh-TW for 逾時 (timeout), as the issue's
// reader did: 408 comes first, its excerpt has 逾時 marked, the count is
// announced, axe finds nothing with the results open, and Enter opens the
// result where it leads; a result under a heading scrolls to it; a query
// that finds nothing in ja, mostly English, says to try English words.
func TestSearchExcerpts(t *testing.T) {
	axe := readAxe(t)
	ctx := Start(t)
	site, _ := publish(t)
	open(ctx, t, site+"/zh-TW/")
	typeQuery(ctx, t, "逾時")
	type result struct {
		Code, Href string
		Marks      []string
	}
	const first = `(() => { const a = document.querySelector("#search-results [role=option]");
		return {code: a.querySelector(".badge").textContent, href: a.href, marks: [...a.querySelectorAll("mark")].map(m => m.textContent)}; })()`
	r := Eval[result](t, ctx, "read the first result", first)
	if r.Code != "408" || len(r.Marks) == 0 || slices.ContainsFunc(r.Marks, func(m string) bool { return m != "逾時" }) {
		t.Errorf("first result for 逾時: %+v", r)
	}
	MustPoll(t, ctx, "wait for the count to be announced", `/^\d+ 個結果$/.test(document.querySelector("[role=status]").textContent)`)
	for _, theme := range []string{"light", "dark"} {
		checkAxe(ctx, t, axe, theme, "zh-TW results for 逾時 ("+theme+")")
	}
	MustDo(t, ctx, "press Enter", chromedp.KeyEvent(kb.Enter))
	waitPath(ctx, t, "/zh-TW/docs/Web/HTTP/Reference/Status/408/")
	if got := Eval[string](t, ctx, "read the URL", `location.href`); got != r.Href {
		t.Errorf("Enter opened %s, want %s", got, r.Href)
	}

	open(ctx, t, site+"/zh-TW/")
	typeQuery(ctx, t, "閒置的持續連線")
	r = Eval[result](t, ctx, "read the first result", first)
	u, _ := url.Parse(r.Href)
	if r.Code != "408" || u.Fragment != "閒置的持續連線上出現的_408" {
		t.Fatalf("first result for 閒置的持續連線: %+v", r)
	}
	MustDo(t, ctx, "press Enter", chromedp.KeyEvent(kb.Enter))
	waitPath(ctx, t, "/zh-TW/docs/Web/HTTP/Reference/Status/408/")
	MustPoll(t, ctx, "wait for the heading to be scrolled to", `(() => {
		const h = document.getElementById(decodeURIComponent(location.hash.slice(1)));
		return !!h && h.getBoundingClientRect().top >= 0 && h.getBoundingClientRect().top < innerHeight / 2; })()`)

	open(ctx, t, site+"/ja/")
	MustDo(t, ctx, "type a word no page has", slash, chromedp.KeyEvent("zzqxv"))
	MustPoll(t, ctx, "wait for the hint to try English", `(document.querySelector("#search-results .none") || {}).textContent === "一致するページはありません ほとんどのページはまだ英語です。英語の単語で検索してみてください。"`)
}

func TestLanguageSwitcher(t *testing.T) {
	ctx := Start(t)
	site, _ := publish(t)
	open(ctx, t, site+"/en-US/docs/Web/HTTP/Reference/Status/404/")
	real := Eval[[]string](t, ctx, "read the language menu", `[...document.querySelectorAll(".languages li")].map(li => (li.classList.contains("fallback") ? "fallback " : "") + li.textContent.trim())`)
	if len(real) < 2 || strings.HasPrefix(real[0], "fallback") {
		t.Errorf("language menu: %q", real)
	}
	if i := slices.IndexFunc(real, func(s string) bool { return strings.HasPrefix(s, "fallback") }); i >= 0 && slices.ContainsFunc(real[i:], func(s string) bool { return !strings.HasPrefix(s, "fallback") }) {
		t.Errorf("real translations are not all before the fallbacks: %q", real)
	}
	MustDo(t, ctx, "choose zh-TW", chooseLanguage("zh-TW")...)
	waitPath(ctx, t, "/zh-TW/docs/Web/HTTP/Reference/Status/404/")
	if lang := Eval[string](t, ctx, "read the page's language", `document.documentElement.lang`); lang != "zh-TW" {
		t.Errorf("lang=%q after switching to zh-TW", lang)
	}
	// A fallback page says so, and its menu marks the languages it is not written in.
	open(ctx, t, site+"/zh-TW/docs/Web/HTTP/Reference/Status/418/")
	if !Eval[bool](t, ctx, "look for the fallback notice", `!!document.querySelector(".l10n-notice.fallback")`) {
		t.Error("zh-TW 418 (left out of the content) is not shown as a fallback")
	}
	open(ctx, t, site+"/ja/docs/Web/HTTP/Reference/Status/100/")
	if n := Eval[int](t, ctx, "count the fallbacks of the language menu", `document.querySelectorAll(".languages li.fallback").length`); n == 0 {
		t.Error("the ja fallback page's language menu marks no fallback")
	}
}

func TestThemePersists(t *testing.T) {
	ctx := Start(t)
	site, _ := publish(t)
	open(ctx, t, site+"/en-US/")
	before := Eval[string](t, ctx, "read the background", `getComputedStyle(document.body).backgroundColor`)
	MustDo(t, ctx, "click the theme toggle", chromedp.Click(chromedp.CSS(".theme-toggle")))
	after := Eval[string](t, ctx, "read the background", `getComputedStyle(document.body).backgroundColor`)
	if after == before {
		t.Fatalf("the theme toggle did not change the background (%s)", before)
	}
	open(ctx, t, site+"/en-US/docs/Web/HTTP/Reference/Status/404/")
	if got := Eval[string](t, ctx, "read the background", `getComputedStyle(document.body).backgroundColor`); got != after {
		t.Errorf("after navigating the background is %s, want %s as chosen", got, after)
	}
	if pressed := Eval[string](t, ctx, "read aria-pressed", `document.querySelector(".theme-toggle").getAttribute("aria-pressed")`); pressed != fmt.Sprint(after != "rgb(255, 255, 255)") {
		t.Errorf("toggle aria-pressed=%s with background %s", pressed, after)
	}
}

// TestBudgets checks a status page's weight from the requests it makes:
// HTML ≤ 60 KB, CSS ≤ 30 KB, JavaScript ≤ 10 KB, nothing from elsewhere.
func TestBudgets(t *testing.T) {
	ctx := Start(t)
	site, dir := publish(t)
	w := watch(t, ctx)
	page := "/en-US/docs/Web/HTTP/Reference/Status/404/"
	open(ctx, t, site+page)
	_, reqs := w.take()
	sizes := map[string]int64{}
	for _, r := range reqs {
		u, err := url.Parse(r)
		if err != nil || !strings.HasPrefix(r, site+"/") {
			t.Errorf("request outside the site: %s", r)
			continue
		}
		p := u.Path
		if strings.HasSuffix(p, "/") {
			p += "index.html"
		}
		st, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			t.Errorf("%s: %v", r, err)
			continue
		}
		sizes[filepath.Ext(p)] += st.Size()
	}
	for ext, limit := range map[string]int64{".html": 60 << 10, ".css": 30 << 10, ".js": 10 << 10} {
		if sizes[ext] == 0 || sizes[ext] > limit {
			t.Errorf("%s loads %d bytes of %s, budget %d", page, sizes[ext], ext, limit)
		}
	}
	t.Logf("%s: HTML %d B, CSS %d B, JS %d B", page, sizes[".html"], sizes[".css"], sizes[".js"])
}

// TestScreenshots writes screenshots of a status page (desktop and phone,
// light and dark, en-US and zh-TW) to $STATUSDOCS_SCREENSHOTS, for review.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("STATUSDOCS_SCREENSHOTS")
	if dir == "" {
		t.Skip("set STATUSDOCS_SCREENSHOTS to a folder to write screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx := Start(t)
	site, _ := publish(t)
	for _, locale := range []string{"en-US", "zh-TW"} {
		for _, size := range []struct {
			name string
			w, h int64
		}{{"desktop", 1366, 900}, {"phone", 375, 812}} {
			for _, theme := range []string{"light", "dark"} {
				MustDo(t, ctx, "set the size to "+size.name, chromedp.EmulateViewport(size.w, size.h))
				open(ctx, t, site+"/"+locale+"/docs/Web/HTTP/Reference/Status/404/")
				Eval[any](t, ctx, "set the theme", `document.documentElement.dataset.theme = "`+theme+`"`)
				png := Must(t, ctx, "take a screenshot", chromedp.CaptureScreenshot())
				name := filepath.Join(dir, fmt.Sprintf("404-%s-%s-%s.png", locale, size.name, theme))
				if err := os.WriteFile(name, png, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

// TestWithoutJavaScript reads the site with scripts off: the root lists
// the locales, and pages, their sidebar (relative links, on a fallback
// page too) and language menu still work.
func TestWithoutJavaScript(t *testing.T) {
	ctx := Start(t)
	site, _ := publish(t)
	MustDo(t, ctx, "turn scripts off", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	open(ctx, t, site+"/")
	if n := Eval[int](t, ctx, "count the locales of the root", `document.querySelectorAll(".locale-picker a[hreflang]").length`); n < 4 {
		t.Errorf("the root lists %d locales without JavaScript", n)
	}
	open(ctx, t, site+"/en-US/docs/Web/HTTP/Reference/Status/404/")
	MustDo(t, ctx, "click 410 in the sidebar", chromedp.Click(chromedp.CSS(`.sidebar a[href="../410/"]`)))
	waitPath(ctx, t, "/en-US/docs/Web/HTTP/Reference/Status/410/")
	MustDo(t, ctx, "choose ja", chooseLanguage("ja")...)
	waitPath(ctx, t, "/ja/docs/Web/HTTP/Reference/Status/410/")
	// ja's 410 is the English page in ja's folder: its sidebar's relative
	// links stay in ja.
	MustDo(t, ctx, "click 200 in ja's sidebar", chromedp.Click(chromedp.CSS(`.sidebar a[href="../200/"]`)))
	waitPath(ctx, t, "/ja/docs/Web/HTTP/Reference/Status/200/")
}
