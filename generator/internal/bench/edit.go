package main

import (
	"bufio"
	"cmp"
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"statusdocs/generator/build"
	"statusdocs/generator/serve"
)

// edits is how many times measureEdit saves a page.
const edits = 21

// measureEdit starts the preview server on a copy of a content root, saves
// one English page again and again with a new sentence, and times the
// update of the build and the way from the save to the reload event.
func measureEdit(label, src, layouts string) (string, error) {
	dir, err := os.MkdirTemp("", "statusdocs-edit-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	root := filepath.Join(dir, "content")
	if err := os.CopyFS(root, os.DirFS(src)); err != nil {
		return "", err
	}
	// An English status page (content/), or a generated one.
	var page string
	_ = filepath.WalkDir(filepath.Join(root, "en-us"), func(p string, d fs.DirEntry, err error) error {
		slash := filepath.ToSlash(p)
		if page == "" && err == nil && strings.HasSuffix(slash, "/index.md") &&
			(strings.Contains(slash, "/status/404/") || strings.Contains(slash, "/gen/g0/")) {
			page = p
		}
		return nil
	})
	if page == "" {
		return "", fmt.Errorf("%s: no English page to edit", src)
	}
	live, first := build.NewLive(build.PreviewConfig(root, layouts))
	if first.Err != nil {
		return "", first.Err
	}
	var (
		mu      sync.Mutex
		timing  bool // past the warm-up save
		updates []time.Duration
	)
	srv := serve.New(live, "/", discard{})
	hs := httptest.NewServer(srv)
	defer hs.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		_ = serve.Watch(ctx, []string{root}, live.Relevant, func(p []string) {
			ch := srv.Apply(p)
			mu.Lock()
			if timing && !ch.Full {
				updates = append(updates, ch.Duration)
			}
			mu.Unlock()
		})
	}()
	reloads := make(chan time.Time, 4)
	req, _ := http.NewRequestWithContext(ctx, "GET", hs.URL+serve.Prefix+"events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	go func() {
		lines := bufio.NewScanner(resp.Body)
		for lines.Scan() {
			if lines.Text() == "event: reload" {
				reloads <- time.Now()
			}
		}
	}()
	text, err := os.ReadFile(page)
	if err != nil {
		return "", err
	}
	save := func(i int) (time.Duration, error) {
		start := time.Now()
		if err := os.WriteFile(page, fmt.Appendf(slices.Clone(text), "\nEdit number %d.\n", i), 0o644); err != nil {
			return 0, err
		}
		select {
		case at := <-reloads:
			return at.Sub(start), nil
		case <-time.After(5 * time.Second):
			return 0, fmt.Errorf("%s: no reload event after an edit", label)
		}
	}
	// Warm-up saves, not timed: the watcher takes a while to watch every
	// folder of a large site (a save before its folder is watched is not
	// seen), and events wait until it is done.
	for i := 0; ; i++ {
		if _, err := save(-1); err == nil {
			break
		} else if i == 5 {
			return "", err
		}
	}
	time.Sleep(30 * time.Millisecond)
	mu.Lock()
	timing = true
	mu.Unlock()
	var saves []time.Duration
	for i := range edits {
		d, err := save(i)
		if err != nil {
			return "", err
		}
		saves = append(saves, d)
		time.Sleep(30 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(updates) == 0 {
		return "", fmt.Errorf("%s: every edit rebuilt the whole site", label)
	}
	return fmt.Sprintf("%-12s %8d %10.1f %10.1f %14.1f %10.1f", label, pagesOf(first),
		ms(median(updates)), ms(slices.Max(updates)), ms(median(saves)), ms(slices.Max(saves))), nil
}

func pagesOf(ch build.Change) int {
	n := 0
	for _, c := range ch.Result.Pages {
		n += c
	}
	return n
}

// median is the middle value (the upper one of an even count).
func median[T cmp.Ordered](xs []T) T {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
