package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"statusdocs/generator/serve"
	"statusdocs/generator/site"
)

// serveCmd is `statusdocs serve`: build in memory, serve, rebuild on save.
func serveCmd(args []string, stdout, stderr io.Writer) int {
	fs, in := buildCommand("serve", "Builds the site in memory, serves it and rebuilds what an edit changes;\nopen pages reload by themselves and show their source's problems.", stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "`HOST:PORT` to listen on; anything but loopback is reachable by others")
	cfg, code := in.parse(fs, args, stderr)
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
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return runServer(ctx, ln, cfg, in.inputs(), stdout, stderr)
}

// runServer builds, serves on ln and watches dirs until ctx ends.
func runServer(ctx context.Context, ln net.Listener, cfg site.Config, dirs []string, stdout, stderr io.Writer) int {
	live, first := site.NewLive(cfg)
	srv := serve.New(live, cfg.BasePath, stdout)
	srv.Log(nil, first)
	if first.Result != nil {
		first.Result.Summary(stdout)
	}
	fmt.Fprintf(stdout, "serving on http://%s%s (Ctrl-C to stop)\n", ln.Addr(), srv.Base())
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	watched := make(chan error, 1)
	go func() { watched <- serve.Watch(ctx, dirs, live.Relevant, func(p []string) { srv.Apply(p) }) }()
	code := 0
	select {
	case <-ctx.Done():
	case err := <-served:
		fmt.Fprintf(stderr, "statusdocs serve: %v\n", err)
		code = 1
	case err := <-watched:
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
