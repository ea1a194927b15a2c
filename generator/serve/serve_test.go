package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/fsnotify/fsnotify"

	"statusdocs/generator/build"
	"statusdocs/generator/content"
	"statusdocs/generator/macro"
)

// preview is a running preview server over a copy of the project's
// content and layouts in a temporary folder.
type preview struct {
	t       *testing.T
	dir     string
	srv     *Server
	http    *httptest.Server
	events  chan []string
	logText *syncLog
	first   build.Change
	watcher *Watcher
}

const (
	targetMD = "---\ntitle: Test target\nslug: Web/HTTP/Test/Target\nsidebar: http\n---\n\n## Part one\n\nFirst words.\n"
	linkerMD = "---\ntitle: Test linker\nslug: Web/HTTP/Test/Linker\n---\n\nSee [the target](/en-US/docs/Web/HTTP/Test/Target#part_one).\n"
	zhTarget = "---\ntitle: 測試目標\nslug: Web/HTTP/Test/Target\nl10n:\n  sourceCommit: 0123456789abcdef0123456789abcdef01234567\n---\n\n## 第一部分\n\n內容。\n"
	zhLinker = "---\ntitle: 測試連結\nslug: Web/HTTP/Test/Linker\nl10n:\n  sourceCommit: 0123456789abcdef0123456789abcdef01234567\n---\n\n參見[目標](/zh-TW/docs/Web/HTTP/Test/Target)。\n"
)

// startPreview starts a preview; edits change its configuration.
func startPreview(t *testing.T, edits ...func(*build.Config)) *preview {
	t.Helper()
	return servePreview(t, previewDir(t), build.NewLive, edits...)
}

// previewDir is a folder with a copy of the project's content and layouts
// and the test pages.
func previewDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{"content", "layouts"} {
		if err := os.CopyFS(filepath.Join(dir, d), os.DirFS(filepath.Join("..", "..", d))); err != nil {
			t.Fatal(err)
		}
	}
	p := &preview{t: t, dir: dir}
	p.write("content/en-us/web/http/test/target/index.md", targetMD)
	p.write("content/en-us/web/http/test/linker/index.md", linkerMD)
	p.write("content/zh-tw/web/http/test/target/index.md", zhTarget)
	p.write("content/zh-tw/web/http/test/linker/index.md", zhLinker)
	return dir
}

// previewConfig is the configuration of a preview of dir.
func previewConfig(dir string, edits ...func(*build.Config)) build.Config {
	cfg := build.PreviewConfig(filepath.Join(dir, "content"), filepath.Join(dir, "layouts"))
	for _, e := range edits {
		e(&cfg)
	}
	return cfg
}

// servePreview starts a preview of dir, its live build made by start.
func servePreview(t *testing.T, dir string, start func(build.Config) (*build.Live, build.Change), edits ...func(*build.Config)) *preview {
	t.Helper()
	p := &preview{t: t, dir: dir, events: make(chan []string, 16), logText: newSyncLog()}
	contentDir, layoutsDir := filepath.Join(dir, "content"), filepath.Join(dir, "layouts")
	cfg := previewConfig(dir, edits...)
	w, err := NewWatcher([]string{contentDir, layoutsDir}) // as statusdocs serve does, before the build
	if err != nil {
		t.Fatal(err)
	}
	p.watcher = w
	live, first := start(cfg)
	if first.Err != nil {
		t.Fatalf("first build: %v", first.Err)
	}
	p.first = first
	p.srv = New(live, "/", p.logText)
	p.http = httptest.NewServer(p.srv)
	ctx, cancel := context.WithCancel(context.Background())
	watching := make(chan struct{})
	go func() {
		defer close(watching)
		if err := w.Run(ctx, live.Relevant, func(paths []string) { p.srv.Apply(paths) }); err != nil {
			t.Errorf("watch: %v", err)
		}
	}()
	t.Cleanup(func() {
		cancel()
		<-watching
		p.http.CloseClientConnections()
		p.http.Close()
	})
	p.listen(ctx)
	go p.srv.Settle()
	return p
}

// listen connects to the event stream and forwards reload events.
func (p *preview) listen(ctx context.Context) {
	req, _ := http.NewRequestWithContext(ctx, "GET", p.http.URL+Prefix+"events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		p.t.Fatalf("events Content-Type = %q", ct)
	}
	lines := bufio.NewScanner(resp.Body)
	lines.Scan() // retry
	go func() {
		defer resp.Body.Close()
		event := ""
		for lines.Scan() {
			line := lines.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				event = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: ") && event == "reload":
				var names []string
				if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &names); err == nil {
					p.events <- names
				}
			}
		}
	}()
	deadline := time.Now().Add(2 * time.Second)
	for p.srv.Clients() == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
}

func (p *preview) write(name, text string) {
	p.t.Helper()
	full := filepath.Join(p.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		p.t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(text), 0o644); err != nil {
		p.t.Fatal(err)
	}
}

// waitReload waits for a reload event that names the file (or "*"); any
// event for "".
func (p *preview) waitReload(name string) []string {
	p.t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case names := <-p.events:
			if name == "" || slices.Contains(names, name) || slices.Contains(names, "*") {
				return names
			}
		case <-timeout:
			p.t.Fatalf("no reload event for %s; log:\n%s", name, p.logText)
			return nil
		}
	}
}

// waitReloadShows waits for a reload event for the file after which the
// page at url shows text. The build in memory at start may read a saved
// file half written (os.WriteFile empties it first) and reload the page
// with that; the save's own update then reloads it again, whole.
func (p *preview) waitReloadShows(name, url, text string) {
	p.t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; {
		p.waitReload(name)
		_, body, _ := p.get(url)
		if strings.Contains(body, text) {
			return
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("page after the edit lacks %q; log:\n%s", text, p.logText)
		}
	}
}

func (p *preview) get(path string) (int, string, http.Header) {
	p.t.Helper()
	req, _ := http.NewRequest("GET", p.http.URL+path, nil)
	req.URL.Opaque = "//" + req.URL.Host + path // send the path exactly as written
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		p.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), resp.Header
}

func TestEditReloads(t *testing.T) {
	p := startPreview(t)
	const url = "/en-US/docs/Web/HTTP/Test/Target/"
	if _, body, _ := p.get(url); !strings.Contains(body, "First words.") || !strings.Contains(body, Prefix+"live.js") {
		t.Fatalf("page before the edit lacks its text or the reload script:\n%s", body)
	}
	p.write("content/en-us/web/http/test/target/index.md", strings.Replace(targetMD, "First words.", "Second words.", 1))
	names := p.waitReload("en-US/docs/Web/HTTP/Test/Target/index.html")
	if slices.Contains(names, "en-US/index.html") {
		t.Errorf("a body edit reloads unrelated pages: %v", names)
	}
	if _, body, _ := p.get(url); !strings.Contains(body, "Second words.") {
		t.Errorf("page after the edit lacks the new text")
	}
	if !strings.Contains(p.logText.String(), "page rebuild, 1 page rendered") {
		t.Errorf("log does not report a one-page rebuild:\n%s", p.logText)
	}
	// The search index has the page's new words, not its old ones.
	if !p.searchFinds("en-US", "second", url) || p.searchFinds("en-US", "first", url) {
		t.Errorf("the search index of en-US does not have the page's new text")
	}
	// A new problem is printed in the terminal too, once.
	const problem = "target/index.md:9:7: error: unknown-macro"
	for _, text := range []string{"Third {{NoSuchMacro}} words.", "Third {{NoSuchMacro}} words, again."} {
		p.write("content/en-us/web/http/test/target/index.md", strings.Replace(targetMD, "First words.", text, 1))
		p.waitReload("en-US/docs/Web/HTTP/Test/Target/index.html")
	}
	if n := strings.Count(p.logText.String(), problem); n != 1 {
		t.Errorf("the new problem is in the log %d times, want once:\n%s", n, p.logText)
	}
}

// searchFinds reports whether the search index of locale leads from word
// to the page at url, read as the search engine reads it.
func (p *preview) searchFinds(locale, word, url string) bool {
	p.t.Helper()
	folder := "/" + locale + "/search/"
	var meta struct {
		Chunk  int
		Shards []string
	}
	_, body, _ := p.get(folder + "meta.json")
	if err := json.Unmarshal([]byte(body), &meta); err != nil {
		p.t.Fatalf("%smeta.json: %v", folder, err)
	}
	k, found := slices.BinarySearch(meta.Shards, word)
	if !found {
		k--
	}
	var shard map[string][]int
	_, body, _ = p.get(fmt.Sprintf("%st-%d.json", folder, max(k, 0)))
	if err := json.Unmarshal([]byte(body), &shard); err != nil {
		p.t.Fatalf("shard %d: %v", k, err)
	}
	doc := 0
	for i := 0; i < len(shard[word]); i += 2 { // pairs: the gap from the document before, weight and piece
		doc += shard[word][i]
		var chunk [][]any
		_, body, _ = p.get(fmt.Sprintf("%sd-%d.json", folder, doc/meta.Chunk))
		if err := json.Unmarshal([]byte(body), &chunk); err != nil {
			p.t.Fatalf("chunk of %d: %v", doc, err)
		}
		if chunk[doc%meta.Chunk][1] == url {
			return true
		}
	}
	return false
}

// TestStartsFromCache starts a preview a second time with the build
// cache of the first: it is warm, serves the site at once from disk, and
// takes edits once the site is built in memory too.
func TestStartsFromCache(t *testing.T) {
	dir := previewDir(t)
	site := filepath.Join(t.TempDir(), "site")
	start := func(cfg build.Config) (*build.Live, build.Change) { return build.StartLive(cfg, site, nil) }
	live, first := start(previewConfig(dir))
	if first.Result == nil || !strings.HasPrefix(first.Result.Cache, "cold build: ") {
		t.Fatalf("first start: %+v", first.Result)
	}
	<-live.Ready()
	p := servePreview(t, dir, start)
	if !strings.HasPrefix(p.first.Result.Cache, "warm build: 0 of ") {
		t.Errorf("second start: %q", p.first.Result.Cache)
	}
	const url = "/en-US/docs/Web/HTTP/Test/Target/"
	if _, body, _ := p.get(url); !strings.Contains(body, "First words.") || !strings.Contains(body, Prefix+"live.js") {
		t.Fatalf("page served from the cache lacks its text or the reload script:\n%s", body)
	}
	p.write("content/en-us/web/http/test/target/index.md", strings.Replace(targetMD, "First words.", "Second words.", 1))
	p.waitReloadShows("en-US/docs/Web/HTTP/Test/Target/index.html", url, "Second words.")
	// The log says when the site is built in memory: whichever came first,
	// the edit or that build, the page was told to reload.
	<-p.srv.live.Ready()
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(p.logText.String(), " built in memory, edits now apply: "); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the log does not say the site is built in memory:\n%s", p.logText)
		}
	}
}

// TestWatchOverflow: when the system's queue of file events overflows,
// which changes were made is unknown, and the preview rebuilds the whole
// site rather than stop; a folder made meanwhile is watched too.
func TestWatchOverflow(t *testing.T) {
	p := startPreview(t)
	later := filepath.Join(p.dir, "content/en-us/web/http/test/later")
	if err := os.MkdirAll(later, 0o755); err != nil {
		t.Fatal(err)
	}
	// The folder's watch, as if the event of its making was lost.
	for deadline := time.Now().Add(10 * time.Second); !slices.Contains(p.watcher.w.WatchList(), later); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s is not watched", later)
		}
	}
	if err := p.watcher.w.Remove(later); err != nil {
		t.Fatal(err)
	}
	p.watcher.w.Errors <- fsnotify.ErrEventOverflow
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(p.logText.String(), "full rebuild"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no full rebuild after an overflow:\n%s", p.logText)
		}
	}
	if !strings.Contains(p.logText.String(), filepath.Join(p.dir, "content")+" and 1 more: full rebuild") {
		t.Errorf("the rebuild is not of the watched folders:\n%s", p.logText)
	}
	p.write("content/en-us/web/http/test/later/index.md", "---\ntitle: Later\nslug: Web/HTTP/Test/Later\n---\n\nMade later.\n")
	p.waitReload("en-US/docs/Web/HTTP/Test/Later/index.html")
}

// TestSaveWhileStarting saves a page after a preview that starts from
// its build cache served the build on disk, and before the build in
// memory read the page: that build has the edit, the edit's own update
// changes nothing, and the page is told to reload once that build is
// done (Server.Settle).
func TestSaveWhileStarting(t *testing.T) {
	dir := previewDir(t)
	site := filepath.Join(t.TempDir(), "site")
	start := func(cfg build.Config) (*build.Live, build.Change) { return build.StartLive(cfg, site, nil) }
	live, _ := start(previewConfig(dir))
	<-live.Ready()
	const target = "content/en-us/web/http/test/target/index.md"
	gate := &gatedFS{name: strings.TrimPrefix(target, "content/"), held: make(chan struct{}), release: make(chan struct{})}
	gate.armed.Store(true)
	p := servePreview(t, dir, start, func(cfg *build.Config) { gate.FS, cfg.Content[0].FS = cfg.Content[0].FS, gate })
	if !strings.HasPrefix(p.first.Result.Cache, "warm build: 0 of ") {
		t.Fatalf("second start: %q", p.first.Result.Cache)
	}
	select {
	case <-gate.held:
	case <-time.After(10 * time.Second):
		t.Fatal("the build in memory does not read the page")
	}
	p.write(target, strings.Replace(targetMD, "First words.", "Saved while starting.", 1))
	close(gate.release)
	p.waitReload("en-US/docs/Web/HTTP/Test/Target/index.html")
	if _, body, _ := p.get("/en-US/docs/Web/HTTP/Test/Target/"); !strings.Contains(body, "Saved while starting.") {
		t.Errorf("the page lacks the edit")
	}
	if log := p.logText.String(); !regexp.MustCompile(` built in memory, edits now apply: \d+ pages rendered, [1-9]\d* to reload`).MatchString(log) {
		t.Errorf("the log does not report the build in memory with pages to reload:\n%s", log)
	}
}

// gatedFS is a content root whose first read of one file, once armed,
// waits until the test lets it go (or 10 seconds, if the test failed).
type gatedFS struct {
	fs.FS
	name    string
	armed   atomic.Bool
	held    chan struct{} // closed when the read waits
	release chan struct{}
}

func (g *gatedFS) hold(name string) {
	if name == g.name && g.armed.CompareAndSwap(true, false) {
		close(g.held)
		select {
		case <-g.release:
		case <-time.After(10 * time.Second):
		}
	}
}

func (g *gatedFS) Open(name string) (fs.File, error) {
	g.hold(name)
	return g.FS.Open(name)
}

func (g *gatedFS) ReadFile(name string) ([]byte, error) {
	g.hold(name)
	return fs.ReadFile(g.FS, name)
}

func (g *gatedFS) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(g.FS, name) }
func (g *gatedFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(g.FS, name) }

func TestHeadingEditShowsBrokenAnchor(t *testing.T) {
	p := startPreview(t)
	p.write("content/en-us/web/http/test/target/index.md", strings.Replace(targetMD, "## Part one", "## Part two", 1))
	p.waitReload("en-US/docs/Web/HTTP/Test/Linker/index.html")
	_, body, _ := p.get("/en-US/docs/Web/HTTP/Test/Linker/")
	if !strings.Contains(body, `id="statusdocs-flaws"`) || !strings.Contains(body, "linker/index.md:6:5</code> warning: broken-anchor") {
		t.Errorf("the linking page does not show its broken anchor:\n%s", tail(body))
	}
}

func TestAddPage(t *testing.T) {
	p := startPreview(t)
	p.write("content/en-us/web/http/test/target/child/index.md",
		"---\ntitle: Brand new child\nslug: Web/HTTP/Test/Target/Child\n---\n\nNew.\n")
	p.waitReload("en-US/docs/Web/HTTP/Test/Target/Child/index.html")
	if code, body, _ := p.get("/en-US/docs/Web/HTTP/Test/Target/Child/"); code != 200 || !strings.Contains(body, "Brand new child") {
		t.Errorf("new page: %d", code)
	}
	p.write("content/en-us/web/http/reference/status/499/index.md",
		"---\ntitle: 499 Client Closed Request\nslug: Web/HTTP/Reference/Status/499\npage-type: http-status-code\nsidebar: http\n---\n\nMade up.\n")
	p.waitReload("en-US/docs/Web/HTTP/Reference/Status/404/index.html")
	if _, body, _ := p.get("/en-US/docs/Web/HTTP/Reference/Status/404/"); !strings.Contains(body, `href="../499/"`) { // relative, as sidebars link
		t.Errorf("the sidebar of another status page does not link to the new page")
	}
}

func TestDeleteTranslation(t *testing.T) {
	p := startPreview(t)
	if err := os.Remove(filepath.Join(p.dir, "content/zh-tw/web/http/test/target/index.md")); err != nil {
		t.Fatal(err)
	}
	p.waitReload("zh-TW/docs/Web/HTTP/Test/Linker/index.html")
	_, linker, _ := p.get("/zh-TW/docs/Web/HTTP/Test/Linker/")
	if !strings.Contains(linker, `href="/en-US/docs/Web/HTTP/Test/Target/" class="only-in-en-us"`) {
		t.Errorf("link to the deleted translation is not marked English-only:\n%s", linker)
	}
	code, target, _ := p.get("/zh-TW/docs/Web/HTTP/Test/Target/")
	if code != 200 || !strings.Contains(target, "l10n-notice fallback") || !strings.Contains(target, "First words.") {
		t.Errorf("deleted translation is not replaced by a fallback page (%d)", code)
	}
}

func TestBrokenLayoutRecovers(t *testing.T) {
	p := startPreview(t)
	doc := filepath.Join(p.dir, "layouts", "doc.html")
	good, err := os.ReadFile(doc)
	if err != nil {
		t.Fatal(err)
	}
	p.write("layouts/doc.html", string(good)+"{{if}}\n")
	p.waitReload("*")
	code, body, _ := p.get("/en-US/docs/Web/HTTP/Test/Target/")
	if code != 200 || !strings.Contains(body, `id="statusdocs-error"`) || !strings.Contains(body, "doc.html:") || !strings.Contains(body, "First words.") {
		t.Errorf("broken layout: want the last good page with the error shown, got %d:\n%s", code, tail(body))
	}
	p.write("layouts/doc.html", string(good))
	p.waitReload("*")
	if _, body, _ := p.get("/en-US/docs/Web/HTTP/Test/Target/"); strings.Contains(body, `id="statusdocs-error"`) {
		t.Errorf("error still shown after the fix")
	}
}

// TestPanicOnSave saves pages that panic while the server runs: the page
// that once crashed the definition lists, then one whose macro panics (a
// macro registered only here), edited and new. The server keeps serving,
// and the panic shows on the page at the macro's position, a marker in its
// place.
func TestPanicOnSave(t *testing.T) {
	p := startPreview(t, func(c *build.Config) {
		c.Macros = func(r *macro.Registry) {
			r.Register("Boom", func(macro.Env, []macro.Arg) (macro.Output, error) { panic("test panic in a macro") })
		}
	})
	const file, url = "content/en-us/web/http/test/target/index.md", "/en-US/docs/Web/HTTP/Test/Target/"
	const name = "en-US/docs/Web/HTTP/Test/Target/index.html"
	frontMatter, _, _ := strings.Cut(targetMD, "## Part one")
	p.write(file, frontMatter+"* 0\n  * :\n    * :")
	p.waitReload(name)
	if code, body, _ := p.get(url); code != 200 || !strings.Contains(body, "<dl>\n<dt>0</dt>") || strings.Contains(body, "internal") {
		t.Errorf("the definition list page: %d\n%s", code, tail(body))
	}
	p.write(file, frontMatter+"Boom: {{Boom}}\n")
	p.waitReload(name)
	code, body, _ := p.get(url)
	if code != 200 || !strings.Contains(body, "target/index.md:7:7</code> error: internal: panic: test panic in a macro") ||
		!strings.Contains(body, `<span class="macro-error" title="internal error">Boom</span>`) {
		t.Errorf("after a panic, want the page with a marker and the panic shown at 7:7, got %d:\n%s", code, tail(body))
	}
	p.write("content/en-us/web/http/test/boom/index.md", "---\ntitle: Boom\nslug: Web/HTTP/Test/Boom\n---\n\n{{Boom}}\n")
	p.waitReload("")
	if code, _, _ := p.get("/en-US/docs/Web/HTTP/Test/Linker/"); code != 200 {
		t.Errorf("after a full rebuild with a panicking page, another page: %d", code)
	}
	if code, body, _ := p.get("/en-US/docs/Web/HTTP/Test/Boom/"); code != 200 || !strings.Contains(body, "boom/index.md:6:1</code> error: internal: panic") {
		t.Errorf("the new page whose macro panics: %d, want 200 with the panic at 6:1\n%s", code, tail(body))
	}
	p.write(file, targetMD)
	p.waitReload(name)
	if _, body, _ := p.get(url); !strings.Contains(body, "First words.") || strings.Contains(body, "error: internal") {
		t.Errorf("after the fix:\n%s", tail(body))
	}
}

func TestPaths(t *testing.T) {
	p := startPreview(t)
	_, home, _ := p.get("/en-US/")
	css := regexp.MustCompile(`href="(/static/style\.[0-9a-f]+\.css)"`).FindStringSubmatch(home)
	if css == nil {
		t.Fatalf("no hashed style.css link in /en-US/")
	}
	for _, c := range []struct {
		path string
		code int
		ct   string
	}{
		{"/", 200, "text/html; charset=utf-8"},
		{"/en-US/", 200, "text/html; charset=utf-8"},
		{css[1], 200, "text/css; charset=utf-8"},
		{Prefix + "live.js", 200, "text/javascript; charset=utf-8"},
		{"/en-US/docs/Nope/", 404, "text/html; charset=utf-8"},
		{"/zh-TW/nope", 404, "text/html; charset=utf-8"},
		{"/../../etc/passwd", 400, ""},
		{"/en-US/..%2f..%2fetc/passwd", 400, ""},
		{"/%2e%2e/%2e%2e/etc/passwd", 400, ""},
		{"/en-US/docs/..%5c..%5cetc/passwd", 400, ""},
		{"/en-US/%00", 400, ""},
		{"//etc/passwd", 404, ""},
	} {
		code, body, h := p.get(c.path)
		if code != c.code || (c.ct != "" && h.Get("Content-Type") != c.ct) {
			t.Errorf("GET %s = %d %q, want %d %q", c.path, code, h.Get("Content-Type"), c.code, c.ct)
		}
		if strings.Contains(body, "root:x:0:0") {
			t.Errorf("GET %s leaked a system file", c.path)
		}
	}
	if _, body, _ := p.get("/zh-TW/nope"); !strings.Contains(body, `lang="zh-TW"`) {
		t.Errorf("404 in zh-TW is not the zh-TW not-found page")
	}
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Get(p.http.URL + "/en-US/docs/Web/HTTP/Test/Target")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/en-US/docs/Web/HTTP/Test/Target/" {
		t.Errorf("folder without slash: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

// TestConcurrentReads reads a page while it is rewritten: every response
// is one whole version of the page.
func TestConcurrentReads(t *testing.T) {
	p := startPreview(t)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 20 {
			p.write("content/en-us/web/http/test/target/index.md", strings.Replace(targetMD, "First words.", strings.Repeat("Version words. ", i+1), 1))
			time.Sleep(15 * time.Millisecond)
		}
	}()
	for {
		select {
		case <-done:
			return
		default:
		}
		_, body, _ := p.get("/en-US/docs/Web/HTTP/Test/Target/")
		if !strings.HasSuffix(strings.TrimSpace(body), "</html>") || strings.Count(body, "<!doctype html>") != 1 {
			t.Fatalf("a torn page:\n%s", tail(body))
		}
	}
}

// TestHosts sends requests with each Host header: the server answers its
// own names only, the event stream and the script included, and tells the
// others how to allow them.
func TestHosts(t *testing.T) {
	live, first := build.NewLive(build.Config{
		Content:     []content.Root{{Name: "c", FS: fstest.MapFS{"en-us/a/index.md": {Data: []byte("---\ntitle: A\nslug: A\n---\n\nA.\n")}}}},
		Layouts:     os.DirFS("../../layouts"),
		LayoutsName: "layouts",
	})
	if first.Err != nil {
		t.Fatal(first.Err)
	}
	for _, tc := range []struct {
		allow []string // the listener's address and --allow-host names
		host  string
		path  string
		code  int
	}{
		{nil, "127.0.0.1:8080", "/en-US/docs/A/", 200},
		{nil, "127.0.0.1", "/en-US/docs/A/", 200},
		{nil, "localhost:8080", "/en-US/docs/A/", 200},
		{nil, "LocalHost", "/en-US/docs/A/", 200},
		{nil, "[::1]:8080", "/en-US/docs/A/", 200},
		{nil, "[::1]", "/en-US/docs/A/", 200},
		{nil, "evil.example", "/en-US/docs/A/", 403},
		{nil, "evil.example:8080", "/", 403},
		{nil, "evil.example", Prefix + "events", 403},
		{nil, "evil.example", Prefix + "live.js", 403},
		{nil, "localhost.evil.example", "/", 403},
		{nil, "127.0.0.1.nip.io:8080", "/", 403},
		{nil, "localhost.", "/", 403},
		{nil, "127.0.0.2", "/", 403},
		{nil, "0.0.0.0:8080", "/", 403},
		{nil, "", "/", 403},
		{[]string{"127.0.0.1:8080", "docs.test"}, "docs.test", "/en-US/docs/A/", 200},
		{[]string{"docs.test"}, "DOCS.TEST:9000", "/en-US/docs/A/", 200},
		{[]string{"docs.test"}, "other.test", "/", 403},
		{[]string{"192.168.1.5:8080"}, "192.168.1.5:8080", "/en-US/docs/A/", 200},
		{[]string{"192.168.1.5:8080"}, "192.168.1.6:8080", "/", 403},
		{[]string{"0.0.0.0:8080"}, "192.168.1.6:8080", "/en-US/docs/A/", 200},
		{[]string{"[::]:8080"}, "[fe80::1]:8080", "/en-US/docs/A/", 200},
		{[]string{"0.0.0.0:8080"}, "evil.example", "/", 403},
	} {
		srv := New(live, "/", io.Discard)
		srv.Allow(tc.allow...)
		req := httptest.NewRequest("GET", tc.path, nil)
		req.Host = tc.host
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != tc.code {
			t.Errorf("allowing %v, GET %s with Host %q: %d, want %d", tc.allow, tc.path, tc.host, rec.Code, tc.code)
		}
		if tc.code == 403 && (!strings.Contains(rec.Body.String(), "--allow-host") || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain")) {
			t.Errorf("Host %q: the refusal does not say how to allow the name:\n%s", tc.host, rec.Body)
		}
	}
}

func TestLoopback(t *testing.T) {
	for addr, want := range map[string]bool{"127.0.0.1:8080": true, "localhost:1": true, "[::1]:80": true, "0.0.0.0:8080": false, ":8080": false, "192.168.1.2:80": false} {
		if got := Loopback(addr); got != want {
			t.Errorf("Loopback(%q) = %v", addr, got)
		}
	}
}

func tail(s string) string {
	if len(s) > 1500 {
		return "…" + s[len(s)-1500:]
	}
	return s
}

// TestRedirects asks for old URLs of a site served under /sub/ with
// redirect stubs: each rule of _redirects answers 301 to its target as
// the published site's host would, the stub at its source unseen; hostile
// rules, which package content or publish leave out, redirect nowhere.
func TestRedirects(t *testing.T) {
	page := func(slug string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + slug + "\nslug: " + slug + "\n---\n\n## Part\n\nText.\n")}
	}
	live, first := build.NewLive(build.Config{
		Content: []content.Root{{Name: "c", FS: fstest.MapFS{
			"en-us/new/index.md": page("New"),
			"en-us/nü/index.md":  page("Nü"),
			"de/new/index.md":    page("New"),
			"de/neu/index.md":    page("Neu"),
			"en-us/_redirects.txt": {Data: []byte("/en-US/docs/Old\t/en-US/docs/New\n" +
				"/en-US/docs/Older\t/en-US/docs/Old\n" +
				"/en-US/docs/Frag\t/en-US/docs/New#part\n" +
				"/en-US/docs/Ölt\t/en-US/docs/N%C3%BC\n" +
				"/en-US/docs/Away\thttps://example.org/ü?a=1#b\n" +
				"/en-US/docs/Evil1\t//evil.example/x\n" +
				"/en-US/docs/Evil2\t/\\evil.example/x\n" +
				"/en-US/docs/Evil3\thttps://a.example/%0d%0aSet-Cookie:x=1\n" +
				"/en-US/docs/Evil4\tjavascript:alert(1)\n" +
				"/en-US/docs/Evil5\t/en-US/docs/Nowhere\n")},
			"de/_redirects.txt": {Data: []byte("/de/docs/Alt\t/de/docs/Neu\n")},
		}}},
		Layouts:       os.DirFS("../../layouts"),
		LayoutsName:   "layouts",
		BasePath:      "/sub/",
		RedirectStubs: true,
	})
	if first.Err != nil {
		t.Fatal(first.Err)
	}
	if _, ok := live.Snapshot().Out.Get("en-US/docs/Old/index.html"); !ok {
		t.Fatalf("no redirect stub at the old URL: the test would not show that the redirect comes first")
	}
	srv := New(live, "/sub/", io.Discard)
	for _, tc := range []struct {
		host, path string
		code       int
		location   string
	}{
		{"localhost", "/sub/en-US/docs/Old", 301, "/sub/en-US/docs/New/"},
		{"localhost", "/sub/en-US/docs/Old/", 301, "/sub/en-US/docs/New/"},
		{"localhost", "/sub/EN-us/DOCS/old/", 301, "/sub/en-US/docs/New/"},
		{"localhost", "/sub/en-US/docs/%4fld", 301, "/sub/en-US/docs/New/"},
		{"localhost", "/sub/en-US/docs/Older", 301, "/sub/en-US/docs/New/"},
		{"localhost", "/sub/en-US/docs/Frag/", 301, "/sub/en-US/docs/New/#part"},
		{"localhost", "/sub/en-US/docs/%C3%96lt", 301, "/sub/en-US/docs/N%C3%BC/"},
		{"localhost", "/sub/en-US/docs/ölt", 301, "/sub/en-US/docs/N%C3%BC/"},
		{"localhost", "/sub/en-US/docs/Away", 301, "https://example.org/%C3%BC?a=1#b"},
		{"localhost", "/sub/de/docs/Old", 301, "/sub/de/docs/New/"},
		{"localhost", "/sub/de/docs/alt/", 301, "/sub/de/docs/Neu/"},
		{"localhost", "/sub/en-US/docs/Alt", 404, ""}, // de's rule only
		{"localhost", "/en-US/docs/Old", 404, ""},     // outside the base path
		{"localhost", "/sub/en-US/docs/Old%3Fx", 404, ""},
		{"localhost", "/sub/en-US/docs/Old%2f", 400, ""},
		{"localhost", "/sub/en-US/docs/New/", 200, ""},
		{"localhost", "/sub/en-US/docs/Evil1", 404, ""},
		{"localhost", "/sub/en-US/docs/Evil2", 404, ""},
		{"localhost", "/sub/en-US/docs/Evil3", 404, ""},
		{"localhost", "/sub/en-US/docs/Evil4", 404, ""},
		{"localhost", "/sub/en-US/docs/Evil5", 404, ""},
		{"evil.example", "/sub/en-US/docs/Old", 403, ""},
	} {
		req := httptest.NewRequest("HEAD", tc.path, nil)
		req.Host = tc.host
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if loc := rec.Header().Get("Location"); rec.Code != tc.code || loc != tc.location {
			t.Errorf("HEAD %s with Host %q: %d %q, want %d %q", tc.path, tc.host, rec.Code, loc, tc.code, tc.location)
		}
		if tc.code == 301 && rec.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("HEAD %s: a redirect the browser may cache, though _redirects.txt may change", tc.path)
		}
	}
}

// TestRedirectsFollowEdits asks the preview of the real content for old
// status URLs, in English and in a translation, then edits _redirects.txt:
// a rule added applies, a rule taken out no longer does.
func TestRedirectsFollowEdits(t *testing.T) {
	p := startPreview(t)
	for old, to := range map[string]string{
		"/en-US/docs/Web/HTTP/Status/404":  "/en-US/docs/Web/HTTP/Reference/Status/404/",
		"/en-US/docs/Web/HTTP/Status/404/": "/en-US/docs/Web/HTTP/Reference/Status/404/",
		"/ja/docs/Web/HTTP/Status/418":     "/ja/docs/Web/HTTP/Reference/Status/418/",
	} {
		if code, _, h := p.get(old); code != 301 || h.Get("Location") != to {
			t.Errorf("GET %s = %d %q, want 301 %q", old, code, h.Get("Location"), to)
		}
	}
	file := filepath.Join(p.dir, "content", "en-us", "_redirects.txt")
	rules, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(rules), "/en-US/docs/Web/HTTP/Status/404\t", "/en-US/docs/Web/HTTP/Status/404-gone\t", 1) +
		"/en-US/docs/Web/HTTP/Test/Old\t/en-US/docs/Web/HTTP/Test/Target#part_one\n"
	p.write("content/en-us/_redirects.txt", edited)
	p.waitReload("_redirects")
	for old, want := range map[string]struct {
		code int
		to   string
	}{
		"/en-US/docs/Web/HTTP/Test/Old":   {301, "/en-US/docs/Web/HTTP/Test/Target/#part_one"},
		"/zh-TW/docs/Web/HTTP/Test/Old/":  {301, "/zh-TW/docs/Web/HTTP/Test/Target/#part_one"},
		"/en-US/docs/Web/HTTP/Status/404": {404, ""},
	} {
		if code, _, h := p.get(old); code != want.code || h.Get("Location") != want.to {
			t.Errorf("after the edit, GET %s = %d %q, want %d %q", old, code, h.Get("Location"), want.code, want.to)
		}
	}
}

// TestRedirectLocation gives redirect targets that publish never makes:
// only a path on this site or an http(s) URL, without control characters,
// becomes a Location.
func TestRedirectLocation(t *testing.T) {
	for to, want := range map[string]string{
		"/en-US/docs/New/#part":            "/en-US/docs/New/#part",
		"/en-US/docs/Nü/":                  "/en-US/docs/N%C3%BC/",
		"HTTPS://example.org/a":            "HTTPS://example.org/a",
		"//evil.example/x":                 "",
		"/\\evil.example/x":                "",
		"javascript:alert(1)":              "",
		"evil.example":                     "",
		"https://a.example/\r\nSet-Cookie": "",
		"/en-US/docs/A B":                  "",
		"/en-US/docs/\x7f":                 "",
		"":                                 "",
	} {
		rec := httptest.NewRecorder()
		done := redirect(rec, to)
		if got := rec.Header().Get("Location"); done != (want != "") || got != want {
			t.Errorf("redirect(%q) = %v, Location %q; want %q", to, done, got, want)
		}
	}
}

// syncLog is a server's log that a test reads while the server writes it.
type syncLog struct {
	lockedWriter
	b strings.Builder
}

func newSyncLog() *syncLog {
	l := &syncLog{}
	l.w = &l.b
	return l
}

func (l *syncLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestWatchLimit: when the system's limit on watched folders is reached,
// the preview goes on with the folders watched so far, and says which
// limit to raise.
func TestWatchLimit(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"a", "b", "c"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	watched := 0
	addWatch = func(w *fsnotify.Watcher, p string) error {
		if watched == 2 { // dir and dir/a
			return &os.PathError{Op: "add", Path: p, Err: syscall.ENOSPC}
		}
		watched++
		return w.Add(p)
	}
	defer func() { addWatch = (*fsnotify.Watcher).Add }()
	w, err := NewWatcher([]string{dir})
	if err != nil {
		t.Fatalf("the limit stops the watch: %v", err)
	}
	if full := w.Full(); full == nil || !strings.Contains(full.Error(), "sysctl fs.inotify.max_user_watches=") {
		t.Errorf("Full() = %v, want the limit to raise", full)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	got := make(chan []string, 4)
	go func() { _ = w.Run(ctx, func(string) bool { return true }, func(p []string) { got <- p }) }()
	saved := filepath.Join(dir, "a", "index.md")
	if err := os.WriteFile(saved, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	select {
	case p := <-got:
		if !slices.Contains(p, saved) {
			t.Errorf("changed %v, want %s", p, saved)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a save in a watched folder is not seen")
	}
}
