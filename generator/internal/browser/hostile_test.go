package browser

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/debugger"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"golang.org/x/tools/txtar"

	"statusdocs/generator/build"
	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
)

// hostileCorpus is the lead's corpus of hostile pages: each NAME.md
// section of each archive is a whole page.
const hostileCorpus = "../../build/testdata/hostile/*.txtar"

// hostilePage is one page of the corpus.
type hostilePage struct {
	name string // archive-section, the page's folder
	file string // as the build names it in flaws
	url  string // path of its output; "" when the build left it out
}

// TestHostilePages builds every page of the hostile corpus through the
// real build, serves the output as a static host would and loads each page
// in Chromium with its Content-Security-Policy bypassed, so that the
// sanitizer alone stands between the payload and the reader. For each page:
// the build reported a flaw at a line of its file; no script of the page
// ran but the site's own files, no JavaScript dialog opened, no request
// left the test server, no frame navigated away, no window opened,
// window.__pwned is unset, the DOM holds no script the page
// could run later (an on* attribute, a javascript:, vbscript: or data: URL
// outside images, a script, frame, object, embed, base or refresh), and the
// layout's footer is still the last child of the body (nothing swallowed
// the rest of the page).
func TestHostilePages(t *testing.T) {
	pages, fsys := hostileContent(t)
	ctx := Start(t)
	res, dir := buildHostile(t, fsys, pages)
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	var ran []string
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			checkFlawed(t, res.Flaws, p)
			if p.url == "" {
				t.Logf("%s: left out by the build", p.file)
				return
			}
			problems := loadHostile(t, ctx, srv.URL, p.url)
			for _, pr := range problems {
				t.Errorf("%s: %s", p.file, pr)
			}
			if len(problems) > 0 {
				ran = append(ran, p.name)
			}
		})
	}
	t.Logf("%d of %d hostile pages failed in the browser: %s", len(ran), len(pages), strings.Join(ran, ", "))
}

// hostileContent reads the corpus into a content root: each section at
// en-us/hostile/ARCHIVE-SECTION/index.md, as written (a page without front
// matter is plain markdown, titled by its first H1), so that the flaws'
// lines are the section's.
func hostileContent(t *testing.T) ([]*hostilePage, fstest.MapFS) {
	t.Helper()
	archives, _ := filepath.Glob(hostileCorpus)
	if len(archives) == 0 {
		t.Fatalf("no hostile corpus at %s", hostileCorpus)
	}
	var pages []*hostilePage
	fsys := fstest.MapFS{}
	for _, a := range archives {
		ar, err := txtar.ParseFile(a)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range ar.Files {
			section, ok := strings.CutSuffix(f.Name, ".md")
			if !ok {
				continue
			}
			name := folderName(strings.TrimSuffix(filepath.Base(a), ".txtar") + "-" + section)
			p := path.Join("en-us/hostile", name, "index.md")
			if _, dup := fsys[p]; dup {
				t.Fatalf("%s: two sections make the page %s", a, p)
			}
			fsys[p] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
			pages = append(pages, &hostilePage{name: name, file: path.Join("hostile", p)})
		}
	}
	return pages, fsys
}

// folderName makes a section's name a page folder: lowercase letters,
// digits and dashes.
func folderName(s string) string {
	return notFolder.ReplaceAllString(strings.ToLower(s), "-")
}

var notFolder = regexp.MustCompile(`[^a-z0-9-]+`)

// buildHostile builds the corpus into a folder and notes each page's
// output path.
func buildHostile(t *testing.T, fsys fstest.MapFS, pages []*hostilePage) (*build.Result, string) {
	t.Helper()
	res, dir := buildSite(t, build.Config{
		Content:     []content.Root{{Name: "hostile", FS: fsys}},
		RecordLinks: true, // for Result.Sources
	})
	urls := map[string]string{}
	for output, src := range res.Sources {
		urls[src.File] = "/" + strings.TrimSuffix(output, "index.html")
	}
	for _, p := range pages {
		p.url = urls[p.file]
	}
	return res, dir
}

// checkFlawed wants a warning or error at a line of the page's file,
// other than those about where the test put it (a slug of its front
// matter that names another folder, or another section's). Sections named
// harmless-* hold text that is shown escaped, or markdown that once
// crashed the build: no flaw is due.
func checkFlawed(t *testing.T, flaws []flaw.Flaw, p *hostilePage) {
	t.Helper()
	if _, section, _ := strings.Cut(p.name, "-"); strings.HasPrefix(section, "harmless-") {
		return
	}
	for _, f := range flaws {
		if f.File == p.file && f.Line > 0 && f.Severity <= flaw.Warning && f.Kind != flaw.SlugMismatch && f.Kind != flaw.DuplicateSlug {
			return
		}
	}
	t.Errorf("%s: the build reported no warning or error at a line of it", p.file)
}

// loadHostile opens the page in a tab of its own and returns what went
// wrong.
func loadHostile(t *testing.T, ctx context.Context, site, pagePath string) []string {
	t.Helper()
	w := &hostileWatch{site: site, url: site + pagePath, dialogs: make(chan struct{}, 16)}
	tab, closeTab, err := NewTab(ctx, chromedp.WithListener(w.event))
	if err != nil {
		t.Fatal(err)
	}
	defer closeTab()
	go w.dismissDialogs(tab)
	var problems []string
	MustDo(t, tab, "bypass the page's CSP", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true})
		return err
	}))
	// The debugger reports each script compiled, an event handler's too:
	// a payload that runs and then hides its traces is seen all the same.
	MustDo(t, tab, "watch the page's scripts", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, debugger.Enable, debugger.EnableParams{})
		return err
	}))
	if err := Do(tab, "navigate to "+pagePath, chromedp.Navigate(w.url)); err != nil {
		return append(w.settle(), err.Error())
	}
	if err := Poll(tab, "wait for "+pagePath+" to be complete", `document.readyState === "complete"`); err != nil {
		return append(w.settle(), err.Error())
	}
	// What waits for a moment (an image's error, a timer) runs. Not a
	// frame: a payload's window.open hides the tab, which then gets none.
	if _, err := Run(tab, "let the page settle", chromedp.Evaluate[chromedp.Void](
		`new Promise(r => setTimeout(r, 100))`, chromedp.EvalAwaitPromise)); err != nil {
		problems = append(problems, err.Error())
	}
	found, err := Run(tab, "look for a payload in the DOM", chromedp.Evaluate[[]string](domCheck))
	if err != nil {
		problems = append(problems, err.Error())
	}
	for _, f := range found {
		problems = append(problems, Excerpt(f))
	}
	return append(w.take(), problems...)
}

// domCheck lists, in the loaded page, what the page could still run or
// what its payload did: window.__pwned, elements that run or load code,
// on* attributes, URLs whose scheme runs code, a footer that is not the
// last child of the body.
const domCheck = `(() => {
	const found = [];
	if (window.__pwned !== undefined) found.push("window.__pwned is set");
	const urlAttrs = ["href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "codebase"];
	for (const el of document.querySelectorAll("*")) {
		const name = el.localName;
		if (["iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"].includes(name)) found.push("a <" + name + "> element");
		if (name === "script" && !(el.src && el.src.startsWith(location.origin + "/static/"))) found.push("a <script> element not from the site's static/");
		if (name === "meta" && /refresh/i.test(el.httpEquiv || "")) found.push("a <meta http-equiv=refresh>");
		for (const a of el.attributes) {
			if (/^on/i.test(a.name)) found.push("<" + name + " " + a.name + "=" + JSON.stringify(a.value.slice(0, 80)) + ">");
			if (a.name === "srcdoc") found.push("<" + name + " srcdoc>");
			if (!urlAttrs.includes(a.name)) continue;
			let scheme;
			try { scheme = new URL(a.value, document.baseURI).protocol; } catch { continue; }
			if (scheme === "data:" && name === "img" && a.name === "src") continue;
			if (["javascript:", "vbscript:", "data:"].includes(scheme)) found.push("<" + name + " " + a.name + "=" + JSON.stringify(a.value.slice(0, 80)) + ">");
		}
	}
	const footers = document.querySelectorAll("footer.site-footer");
	const last = document.body && document.body.lastElementChild;
	if (footers.length !== 1 || !last || !last.matches("footer.site-footer")) {
		found.push("the footer is not the last element of the body (" + footers.length + " footers; the body ends with " + (last ? "<" + last.localName + ">" : "nothing") + ")");
	}
	return found;
})()`

// hostileWatch records, from the tab's events, what a payload did: a
// script run, a dialog, a request outside the site, a navigation, a
// window opened.
type hostileWatch struct {
	site, url string
	dialogs   chan struct{} // a dialog waits to be dismissed
	mu        sync.Mutex
	problems  []string
}

// event runs in the tab's event loop: it records and returns at once.
func (w *hostileWatch) event(ev any) {
	switch ev := ev.(type) {
	case *page.EventJavascriptDialogOpening:
		w.note(fmt.Sprintf("a dialog opened (%s): %q", ev.Type, ev.Message))
		select {
		case w.dialogs <- struct{}{}:
		default:
		}
	case *network.EventRequestWillBeSent:
		u := ev.Request.URL
		if !strings.HasPrefix(u, w.site+"/") && !(strings.HasPrefix(u, "data:") && ev.Type == network.ResourceTypeImage) {
			w.note("a request outside the site: " + u)
		}
	case *page.EventFrameNavigated:
		if ev.Frame.ParentID != "" || ev.Frame.URL != w.url {
			w.note("a frame navigated to " + ev.Frame.URL)
		}
	case *page.EventWindowOpen:
		w.note("a window opened: " + ev.URL)
	case *debugger.EventScriptParsed:
		// Scripts of the test's own actions have no URL; the site's are files of static/.
		if ev.URL != "" && !strings.HasPrefix(ev.URL, w.site+"/static/") {
			w.note(fmt.Sprintf("a script of %s ran (line %d, column %d)", ev.URL, ev.StartLine+1, ev.StartColumn+1))
		}
	}
}

func (w *hostileWatch) note(s string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.problems = append(w.problems, Excerpt(s))
}

// settle is what was recorded once an event has come, or after two
// seconds: the page was left (a meta refresh), and the events of its
// leaving may still be on their way (on a busy machine, after the wait
// for the page failed).
func (w *hostileWatch) settle() []string {
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if p := w.take(); len(p) > 0 {
			return p
		}
	}
	return w.take()
}

// take returns a copy of what was recorded: events may still come.
func (w *hostileWatch) take() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.problems)
}

// dismissDialogs answers each dialog with Cancel, so that the page goes on
// and the test can look at it, until the tab closes.
func (w *hostileWatch) dismissDialogs(tab context.Context) {
	for {
		select {
		case <-tab.Done():
			return
		case <-w.dialogs:
			_ = Do(tab, "dismiss a dialog", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
				return err
			}))
		}
	}
}

// TestHostileChecks loads hand-written pages, each doing what a payload
// might, through the checks of TestHostilePages: each must be caught, and
// a clean page must pass. A page served with a CSP that forbids its script
// shows that the CSP is bypassed.
func TestHostileChecks(t *testing.T) {
	ctx := Start(t)
	files := fstest.MapFS{}
	cases := []struct{ name, body, want string }{
		{"clean", `<p>Nothing to see.</p>`, ""},
		{"alert", `<img src=x onerror=alert(1)>`, `a dialog opened (alert): "1"`},
		{"confirm", `<script>confirm(2)</script>`, `a dialog opened (confirm): "2"`},
		{"prompt", `<script>prompt(3)</script>`, `a dialog opened (prompt): "3"`},
		{"csp", `<img src=x onerror=alert(4)>`, `a dialog opened (alert): "4"`},
		{"image-outside", `<img src="http://evil.example/i.png">`, "a request outside the site: http://evil.example/i.png"},
		{"fetch-outside", `<img src=x onerror="fetch('http://evil.example/f')">`, "a request outside the site: http://evil.example/f"},
		{"navigate", `<img src=x onerror="location = '/clean.html'">`, "a frame navigated to "},
		{"refresh", `<meta http-equiv="refresh" content="0; url=/clean.html">`, "a frame navigated to "},
		{"window-open", `<img src=x onerror="window.open('/clean.html')">`, "a window opened: "},
		{"pwned", `<img src=x onerror="window.__pwned = 1">`, "window.__pwned is set"},
		{"handler", `<p onmouseover="alert(1)">hover</p>`, `<p onmouseover="alert(1)">`},
		{"javascript-url", `<a href="jav&#x09;ascript:alert(1)">x</a>`, `<a href="jav\tascript:alert(1)">`},
		{"data-url", `<a href="data:text/html,<script>alert(1)</script>">x</a>`, `<a href="data:text/html,`},
		{"data-image", `<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">`, ""},
		{"iframe", `<iframe srcdoc="<b>x</b>"></iframe>`, "a <iframe> element"},
		{"silent", `<img src=x onerror="this.remove()">`, "a script of http://127.0.0.1:"},
		{"site-script", `<script src="/clean.html"></script>`, "a <script> element not from the site's static/"},
		{"swallowed", `<!-- never closed`, "the footer is not the last element of the body (0 footers"},
	}
	for _, c := range cases {
		files[c.name+".html"] = &fstest.MapFile{Data: []byte(`<!doctype html><html><head><title>t</title></head><body><main>` +
			c.body + `</main><footer class="site-footer"></footer></body></html>`)}
	}
	fileServer := http.FileServer(http.FS(files))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/csp.html" {
			w.Header().Set("Content-Security-Policy", "script-src 'none'")
		}
		fileServer.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			problems := loadHostile(t, ctx, srv.URL, "/"+c.name+".html")
			switch {
			case c.want == "" && len(problems) > 0:
				t.Errorf("a clean page failed: %q", problems)
			case c.want != "" && !slices.ContainsFunc(problems, func(p string) bool { return strings.HasPrefix(p, c.want) }):
				t.Errorf("problems %q, want one starting %q", problems, c.want)
			}
		})
	}
}
