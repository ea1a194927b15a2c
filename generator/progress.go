package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"golang.org/x/term"

	"statusdocs/generator/build"
)

// progress is the line a long build shows on a terminal while it writes
// pages: how many of how many, and how many a second. It appears once the
// pages have taken a second, is redrawn in place at most ten times a
// second, and is erased when the build ends, so that only the report
// stays. A build whose stderr is not a terminal shows nothing.
type progress struct {
	w     io.Writer
	now   func() time.Time
	mu    sync.Mutex
	first time.Time // the first page written
	drawn time.Time // the last time the line was drawn; zero before
}

// newProgress returns the progress of a build reporting to stderr, or nil
// when stderr is not a terminal.
func newProgress(stderr io.Writer) *progress {
	f, ok := stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return &progress{w: stderr, now: time.Now}
}

// page is build.Config.Progress: done of total pages are written.
func (p *progress) page(done, total int) {
	now := p.now()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.first.IsZero() {
		p.first = now
	}
	took := now.Sub(p.first)
	if took < time.Second || now.Sub(p.drawn) < 100*time.Millisecond && done < total {
		return
	}
	p.drawn = now
	fmt.Fprintf(p.w, "\r\x1b[Kwriting pages: %d of %d, %.0f a second", done, total, float64(done)/took.Seconds())
}

// end erases the line, if it was drawn.
func (p *progress) end() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.drawn.IsZero() {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}

// showProgress has a build show its progress on stderr, if that is a
// terminal, and returns what erases it.
func showProgress(cfg *build.Config, stderr io.Writer) (end func()) {
	p := newProgress(stderr)
	if p == nil {
		return func() {}
	}
	cfg.Progress = p.page
	return p.end
}
