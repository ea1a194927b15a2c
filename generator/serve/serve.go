// Package serve is the preview server: it serves a live build from memory,
// watches the sources, brings the build up to date on every save and tells
// the open pages that changed to reload, over Server-Sent Events.
//
// It answers only requests whose Host is one of its own names: localhost,
// 127.0.0.1, [::1] (with any port), the address it listens on, and the
// names added with Allow (--allow-host); any other gets 403 with a message
// saying how to allow it. Otherwise a web page the writer visits could
// point a name of its own at 127.0.0.1 and read the preview through it
// (DNS rebinding). A save that makes the build panic is logged and the
// server goes on serving.
//
// Only in this mode, every HTML page gets a small script (reload, keeping
// the scroll position) and, when its source has errors or warnings, a panel
// listing them with file:line:col. A build that fails (a broken layout) is
// shown on every page, over the last good build, which is still served.
//
// An old URL that the published site's _redirects file redirects (package
// publish: every locale's _redirects.txt, then en-US's, resolved to where
// it finally leads) gets the same 301 here, with and without its trailing
// slash, percent-encoded or not, in any case, before any file (a redirect
// stub of --redirect-stubs) at that path. Its Location is the rule's
// target as _redirects has it (a path under the base path, or the http(s)
// URL the rule names), checked once more before it goes into a header:
// a path that starts with exactly one "/", or an http or https URL, with
// no control characters or spaces; anything else is not redirected. The
// answer is not to be cached, as the rules follow edits of _redirects.txt.
package serve

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"mime"
	"net"
	"net/http"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"statusdocs/generator/build"
	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
	"statusdocs/generator/internal/plural"
	"statusdocs/generator/site"
)

// Prefix starts the URLs of the server's own endpoints.
const Prefix = "/_statusdocs/"

//go:embed live.js
var liveJS []byte

// Server serves a live build.
type Server struct {
	live  *build.Live
	base  string // the base path, "/" or "/sub/"
	log   io.Writer
	hosts map[string]bool // the host names answered, as hostKey writes them
	anyIP bool            // any IP address is answered too (the listener's is unspecified)

	mu      sync.Mutex
	clients map[chan []string]bool
}

// New returns a server for a live build published under basePath.
func New(live *build.Live, basePath string, log io.Writer) *Server {
	base := "/" + strings.Trim(basePath, "/") + "/"
	if base == "//" {
		base = "/"
	}
	s := &Server{live: live, base: base, log: &lockedWriter{w: log}, hosts: map[string]bool{}, clients: map[chan []string]bool{}}
	s.Allow("localhost", "127.0.0.1", "::1")
	return s
}

// lockedWriter writes to w one call at a time: the server logs from the
// watcher's goroutine and from Settle's.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// Settle waits for the build in memory that a live build started from
// disk makes (build.StartLive), logs it, and tells the pages that edits
// made meanwhile changed to reload; for another live build it returns at
// once. Run it on a goroutine of its own once the start is logged.
func (s *Server) Settle() {
	ch, ok := s.live.Settled()
	if !ok {
		return
	}
	ms := float64(ch.Duration.Microseconds()) / 1000
	if ch.Err != nil {
		fmt.Fprintf(s.log, "%s building in memory failed after %.1f ms, serving the build on disk until the next save: %s\n",
			time.Now().Format("15:04:05"), ms, oneLine(ch.Err.Error()))
	} else {
		fmt.Fprintf(s.log, "%s built in memory, edits now apply: %s rendered, %s to reload, %.1f ms\n",
			time.Now().Format("15:04:05"), plural.Count(ch.Rendered, "page", "pages"), reloadCount(ch.Reload), ms)
	}
	if len(ch.Reload) > 0 {
		s.broadcast(ch.Reload)
	}
}

// reloadCount says how many pages a change reloads: "all" for "*".
func reloadCount(reload []string) string {
	if slices.Contains(reload, "*") {
		return "all"
	}
	return strconv.Itoa(len(reload))
}

// Allow makes the server answer requests for more host names: the address
// it listens on, and the names given with --allow-host. A port, if given,
// is ignored. An unspecified address (0.0.0.0, ::) stands for every
// address of the machine: every IP address is then answered (a Host that is
// an IP address cannot be a rebinding attack). Call it before serving.
func (s *Server) Allow(hosts ...string) {
	for _, h := range hosts {
		key := hostKey(h)
		if ip := net.ParseIP(key); ip != nil && ip.IsUnspecified() {
			s.anyIP = true
		}
		s.hosts[key] = true
	}
}

// hostKey is the host of a Host header or address without its port or
// brackets, an IP address written as Go writes it, a name in lowercase.
func hostKey(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	} else {
		host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	}
	if ip := net.ParseIP(host); ip != nil {
		return ip.String()
	}
	return strings.ToLower(host)
}

// answers reports whether the server answers a request with this Host.
func (s *Server) answers(host string) bool {
	key := hostKey(host)
	return s.hosts[key] || (s.anyIP && net.ParseIP(key) != nil)
}

// refuseHost answers a request for a host name the server does not know.
func refuseHost(w http.ResponseWriter, host string) {
	name := hostKey(host)
	if name == "" || strings.ContainsFunc(name, func(r rune) bool { return r <= ' ' || r >= 0x7f || r == '/' }) {
		name = "NAME"
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	http.Error(w, fmt.Sprintf("statusdocs serve answers only its own host names (localhost, 127.0.0.1, [::1] and the address it listens on), "+
		"not %q: this keeps web pages from reading the preview through a name of theirs that leads here (DNS rebinding). "+
		"To allow this name, restart statusdocs serve with --allow-host %s", host, name), http.StatusForbidden)
}

// Base is the base path the site is served under.
func (s *Server) Base() string { return s.base }

// Apply brings the build up to date with changed paths, logs one line and
// tells the pages that changed to reload. A panic on the way is logged as
// an internal error, and the server goes on serving what it had.
func (s *Server) Apply(paths []string) (ch build.Change) {
	file := ""
	if len(paths) > 0 {
		file = filepath.ToSlash(paths[0])
	}
	f := flaw.Catch(file, 1, 1, "the preview may be out of date until the next save", func() {
		before := s.live.Snapshot()
		ch = s.live.Update(paths)
		s.Log(paths, ch)
		s.logNewFlaws(before, s.live.Snapshot())
		if len(ch.Reload) > 0 {
			s.broadcast(ch.Reload)
		}
	})
	if f != nil {
		fmt.Fprintln(s.log, f)
	}
	return ch
}

// Log writes the line that reports an update.
func (s *Server) Log(paths []string, ch build.Change) {
	what := "start"
	if len(paths) > 0 {
		what = paths[0]
		if len(paths) > 1 {
			what += fmt.Sprintf(" and %d more", len(paths)-1)
		}
	}
	how := "page"
	if ch.Full {
		how = "full"
	}
	status := ""
	if ch.Err != nil {
		status = "; build failed, serving the last good build: " + oneLine(ch.Err.Error())
	}
	fmt.Fprintf(s.log, "%s %s: %s rebuild, %s rendered, %s to reload, %.1f ms%s\n",
		time.Now().Format("15:04:05"), what, how, plural.Count(ch.Rendered, "page", "pages"), reloadCount(ch.Reload),
		float64(ch.Duration.Microseconds())/1000, status)
}

// logNewFlaws writes the errors and warnings that an update brought, each
// once: those the pages' panels show that they did not show before.
func (s *Server) logNewFlaws(before, after *build.Snapshot) {
	if before == nil || after == nil {
		return
	}
	var changed []string // the files whose flaws changed: at most a few of thousands
	for file, now := range after.FileFlaws {
		if !slices.Equal(before.FileFlaws[file], now) {
			changed = append(changed, file)
		}
	}
	slices.Sort(changed)
	for _, file := range changed {
		had := map[string]bool{}
		for _, f := range before.FileFlaws[file] {
			had[f.String()] = true
		}
		for _, f := range after.FileFlaws[file] {
			if line := f.String(); f.Severity != flaw.Info && !had[line] {
				fmt.Fprintln(s.log, line)
			}
		}
	}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Clients counts the pages listening for reloads.
func (s *Server) Clients() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.clients)
}

func (s *Server) broadcast(names []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.clients {
		select {
		case c <- names:
		default: // a slow client misses nothing it needs: it gets "*"
			select {
			case <-c:
			default:
			}
			c <- []string{"*"}
		}
	}
}

// ServeHTTP serves the site, the reload events and the script, to requests
// for the host names the server answers (see Allow); others get 403.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.answers(r.Host) {
		refuseHost(w, r.Host)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, s.base)
	if !ok && r.URL.Path+"/" == s.base {
		http.Redirect(w, r, s.base, http.StatusMovedPermanently)
		return
	}
	if !ok {
		s.notFound(w, r, "")
		return
	}
	switch "/" + rest {
	case Prefix + "events":
		s.events(w, r)
		return
	case Prefix + "live.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		_, _ = w.Write(liveJS)
		return
	}
	name, ok := fileName(r.URL, rest)
	if !ok {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	snap := s.live.Snapshot()
	if to, ok := snap.Redirect(rest); ok && redirect(w, to) {
		return
	}
	data, found := snap.Out.Get(name)
	if !found && name != "" {
		if _, dir := snap.Out.Get(name + "/index.html"); dir {
			http.Redirect(w, r, r.URL.EscapedPath()+"/", http.StatusMovedPermanently)
			return
		}
	}
	if !found {
		if name == "" {
			data, found = snap.Out.Get("index.html")
			name = "index.html"
		}
		if !found {
			s.notFound(w, r, name)
			return
		}
	}
	s.write(w, r, snap, name, data, http.StatusOK)
}

// redirect answers with a 301 to a rule's target, if it is a safe
// Location (see the package doc), and reports whether it did.
func redirect(w http.ResponseWriter, to string) bool {
	lower := strings.ToLower(to)
	local := strings.HasPrefix(to, "/") && !strings.HasPrefix(to, "//") && !strings.HasPrefix(to, "/\\")
	if !local && !strings.HasPrefix(lower, "http://") && !strings.HasPrefix(lower, "https://") ||
		strings.ContainsFunc(to, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return false
	}
	h := w.Header()
	h.Set("Location", site.PercentEncode(to, func(c byte) bool { return c >= 0x80 }))
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusMovedPermanently)
	return true
}

// fileName maps a request path below the base to an output file name, and
// refuses what could leave the site: "..", encoded slashes or backslashes,
// NUL.
func fileName(u interface{ EscapedPath() string }, rest string) (string, bool) {
	esc := strings.ToLower(u.EscapedPath())
	if strings.Contains(esc, "%2f") || strings.Contains(esc, "%5c") || strings.Contains(esc, "%00") {
		return "", false
	}
	if strings.ContainsAny(rest, "\\\x00") {
		return "", false
	}
	for _, seg := range strings.Split(rest, "/") {
		if seg == ".." || seg == "." {
			return "", false
		}
	}
	if rest == "" || strings.HasSuffix(rest, "/") {
		rest += "index.html"
	}
	return path.Clean(rest), true
}

// notFound serves the locale's 404 page (the first path segment's, else
// the site's) with status 404.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request, name string) {
	snap := s.live.Snapshot()
	seg, _, _ := strings.Cut(name, "/")
	candidates := []string{"404.html"}
	if loc, ok := content.Locale(seg); ok {
		candidates = append([]string{loc + "/404.html"}, candidates...)
	}
	for _, c := range candidates {
		if data, ok := snap.Out.Get(c); ok {
			s.write(w, r, snap, c, data, http.StatusNotFound)
			return
		}
	}
	http.Error(w, "404 page not found", http.StatusNotFound)
}

// write sends a file, with the script and the flaws panel added to HTML.
func (s *Server) write(w http.ResponseWriter, r *http.Request, snap *build.Snapshot, name string, data []byte, status int) {
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = http.DetectContentType(data)
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	if strings.HasPrefix(ctype, "text/html") {
		data = s.inject(data, snap, name)
	} else {
		// A file opened on its own (an SVG beside a page) runs nothing.
		h.Set("Content-Security-Policy", fileSecurityPolicy)
	}
	h.Set("Content-Length", fmt.Sprint(len(data)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(data)
	}
}

// fileSecurityPolicy is the policy of every response but a page: a file
// of a page's bundle opened as a document (an SVG) may show its styles and
// images and run no script, whatever the build's checks missed.
const fileSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; sandbox"

// inject adds the reload script and the flaws panel before </body>.
func (s *Server) inject(page []byte, snap *build.Snapshot, name string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "<script src=\"%s\" data-base=\"%s\" defer></script>\n", html.EscapeString(s.base+strings.TrimPrefix(Prefix, "/")+"live.js"), html.EscapeString(s.base))
	if len(snap.Err) > 0 {
		panel(&b, "statusdocs-error", "The build failed; this is the last good build. Fix this and save:", snap.Err)
	}
	var shown []flaw.Flaw
	for _, f := range snap.Flaws(name) {
		if f.Severity != flaw.Info {
			shown = append(shown, f)
		}
	}
	if len(shown) > 0 {
		panel(&b, "statusdocs-flaws", fmt.Sprintf("Problems in this page's source (%d):", len(shown)), shown)
	}
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+b.Len())
	out = append(out, page[:i]...)
	out = append(out, b.Bytes()...)
	return append(out, page[i:]...)
}

// panel writes a fixed box listing flaws, styled inline so that it needs
// nothing from the site's stylesheet.
func panel(b *bytes.Buffer, id, title string, flaws []flaw.Flaw) {
	color := "#8a6d00"
	if id == "statusdocs-error" {
		color = "#b00020"
	}
	fmt.Fprintf(b, `<aside id="%s" role="alert" style="position:fixed;right:1rem;bottom:1rem;z-index:9999;max-width:min(40rem,90vw);max-height:40vh;overflow:auto;background:#fff;color:#111;border:2px solid %s;border-radius:6px;padding:.5rem .75rem;font:13px/1.4 ui-monospace,monospace;box-shadow:0 2px 8px rgba(0,0,0,.3)">`, id, color)
	fmt.Fprintf(b, `<details open><summary style="cursor:pointer;font-weight:bold;color:%s">%s</summary><ol style="margin:.25rem 0 0;padding-left:1.25rem">`, color, html.EscapeString(title))
	for _, f := range flaws {
		fmt.Fprintf(b, "<li><code>%s:%d:%d</code> %s: %s: %s", html.EscapeString(f.File), f.Line, f.Col,
			f.Severity, html.EscapeString(f.Kind), html.EscapeString(f.Message))
		if f.Suggestion != "" {
			fmt.Fprintf(b, " <em>(%s)</em>", html.EscapeString(f.Suggestion))
		}
		b.WriteString("</li>")
	}
	b.WriteString("</ol></details></aside>\n")
}

// events streams reload events: each is a JSON list of the output files
// that changed, "*" meaning every page.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	c := make(chan []string, 1)
	s.mu.Lock()
	s.clients[c] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, c)
		s.mu.Unlock()
	}()
	fmt.Fprintf(w, "retry: 500\nevent: hello\ndata: %d\n\n", s.live.Snapshot().Gen)
	flusher.Flush()
	keepAlive := time.NewTicker(20 * time.Second)
	defer keepAlive.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-keepAlive.C:
			fmt.Fprint(w, ": keep-alive\n\n")
		case names := <-c:
			data, _ := json.Marshal(names)
			fmt.Fprintf(w, "event: reload\ndata: %s\n\n", data)
		}
		flusher.Flush()
	}
}

// Loopback reports whether addr listens on a loopback address only.
func Loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
