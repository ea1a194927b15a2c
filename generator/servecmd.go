package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"statusdocs/generator/build"
	"statusdocs/generator/serve"
)

// serveCmd is `statusdocs serve`: build in memory, serve, rebuild on save,
// until interrupted.
func serveCmd(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serveUntil(ctx, args, stdout, stderr)
}

// serveUntil is `statusdocs serve` with its arguments, until ctx ends.
func serveUntil(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c, in := buildCommand("serve", "", 0, "Builds the site in memory, serves it and rebuilds what an edit changes;\nopen pages reload by themselves and show their source's problems.")
	fs := c.flags
	addr := fs.String("addr", "127.0.0.1:8080", "`HOST:PORT` to listen on; anything but loopback is reachable by others")
	var hosts listFlag
	noCache := fs.Bool("no-cache", false, "build the whole site in memory before serving, without the build cache\n(kept in the user cache folder, by content folders)")
	fs.Var(&hosts, "allow-host", "also answer requests for host `NAME` (besides localhost, 127.0.0.1, [::1] and --addr);\nrepeat for several. Other names get 403, against DNS rebinding")
	cfg, code := in.parse(c, args, stdout, stderr, func() error { return checkAddr(*addr) }, func() error { return checkHosts(hosts) })
	if code >= 0 {
		return code
	}
	cfg.FreeSources = false
	cfg.CountInfo = true // the panel shows errors and warnings
	if !serve.Loopback(*addr) {
		fmt.Fprintf(stderr, "statusdocs serve: warning: %s is not a loopback address; other machines can reach this preview\n", *addr)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "statusdocs serve: %v\n", err)
		return 1
	}
	cache := ""
	if !*noCache {
		cache = serveCache(in.inputs())
	}
	return runServer(ctx, ln, cfg, in.inputs(), hosts, cache, stdout, stderr)
}

// serveCache is the folder serve builds the site into, with the build
// cache beside it, so that it answers at once: in the user's cache
// folder, one for each set of input folders; "" when there is none.
func serveCache(inputs []string) string {
	base, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	h := sha256.New()
	for _, d := range inputs {
		abs, _ := filepath.Abs(d)
		fmt.Fprintf(h, "%q\x00", abs)
	}
	return filepath.Join(base, "statusdocs", "serve-"+hex.EncodeToString(h.Sum(nil))[:16], "site")
}

// checkAddr refuses an --addr that no listener can have: one without a
// port, or with a port out of range. One in use is found when listening.
func checkAddr(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err == nil {
		_, err = net.LookupPort("tcp", port)
	}
	if err != nil {
		return fmt.Errorf("--addr %q: not HOST:PORT (%v)", addr, err)
	}
	return nil
}

// checkHosts refuses an --allow-host that cannot be a host name.
func checkHosts(hosts []string) error {
	for _, h := range hosts {
		if h == "" || strings.ContainsAny(h, " /\t\\") {
			return fmt.Errorf("--allow-host %q: not a host name", h)
		}
	}
	return nil
}

// runServer builds, serves on ln and watches dirs until ctx ends. It
// answers requests for the listener's address, the loopback names and
// hosts. The watch covers the files before the build in memory reads
// them. With a cache, it is made once the build on disk is done, while
// the preview serves that build (a fifth of a second of system calls for
// 20,000 folders, which the first page need not wait for), before the
// build in memory, which has the saves made since the build on disk
// began and tells their pages to reload (Server.Settle).
func runServer(ctx context.Context, ln net.Listener, cfg build.Config, dirs, hosts []string, cache string, stdout, stderr io.Writer) int {
	var w *serve.Watcher
	var werr error
	watched := make(chan struct{})
	watch := func() {
		defer close(watched)
		w, werr = serve.NewWatcher(dirs)
	}
	var live *build.Live
	var first build.Change
	if cache != "" {
		live, first = build.StartLive(cfg, cache, watch)
	} else {
		watch()
		live, first = build.NewLive(cfg)
	}
	srv := serve.New(live, cfg.BasePath, stdout)
	srv.Allow(ln.Addr().String())
	srv.Allow(hosts...)
	srv.Log(nil, first)
	if first.Result != nil {
		first.Result.Summary(stdout)
		if note := first.Result.InfoNote(); note != "" {
			fmt.Fprintln(stdout, note)
		}
	}
	fmt.Fprintf(stdout, "serving on http://%s%s (Ctrl-C to stop)\n", ln.Addr(), srv.Base())
	go srv.Settle()
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	watching := make(chan error, 1)
	go func() {
		<-watched
		if werr != nil {
			watching <- werr
			return
		}
		if full := w.Full(); full != nil {
			fmt.Fprintf(stderr, "statusdocs serve: warning: %v\n", full)
		}
		watching <- w.Run(ctx, live.Relevant, func(p []string) { srv.Apply(p) })
	}()
	code := 0
	select {
	case <-ctx.Done():
	case err := <-served:
		fmt.Fprintf(stderr, "statusdocs serve: %v\n", err)
		code = 1
	case err := <-watching:
		if err != nil {
			fmt.Fprintf(stderr, "statusdocs serve: watching: %v\n", err)
			code = 1
		}
	}
	shutdown, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if hs.Shutdown(shutdown) != nil {
		_ = hs.Close() // open event streams never go idle
	}
	return code
}
