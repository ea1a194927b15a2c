package check

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// ExternalOptions bound the checking of external links.
type ExternalOptions struct {
	Client      *http.Client  // default: one with Timeout
	Concurrency int           // requests at a time; default 8
	Timeout     time.Duration // per request; default 15s
}

// CheckExternal requests every external URL the site links to, HEAD first
// and GET when a server refuses HEAD, and adds a problem for each that
// fails or answers with an error status. It returns how many were checked.
func (r *Result) CheckExternal(ctx context.Context, opts ExternalOptions) int {
	if opts.Concurrency <= 0 {
		opts.Concurrency = 8
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 15 * time.Second
	}
	if opts.Client == nil {
		opts.Client = &http.Client{Timeout: opts.Timeout}
	}
	var (
		mu  sync.Mutex
		wg  sync.WaitGroup
		sem = make(chan struct{}, opts.Concurrency)
	)
	for _, u := range r.External {
		wg.Go(func() {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			defer func() { <-sem }()
			if msg := fetch(ctx, opts, u); msg != "" && ctx.Err() == nil { // stopped: no verdict
				ref := r.linkedAt[u]
				mu.Lock()
				r.c.problem(ref.from, ref.l, "external link %s: %s", u, msg)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	r.sort()
	return len(r.External)
}

// fetch says what is wrong with an external URL, or "".
func fetch(ctx context.Context, opts ExternalOptions, u string) string {
	var status int
	for _, method := range []string{http.MethodHead, http.MethodGet} {
		ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
		req, err := http.NewRequestWithContext(ctx, method, u, nil)
		if err != nil {
			cancel()
			return err.Error()
		}
		req.Header.Set("User-Agent", "statusdocs-check (link checker)")
		resp, err := opts.Client.Do(req)
		if err != nil {
			cancel()
			var ue *url.Error
			if errors.As(err, &ue) {
				return ue.Err.Error() // the URL is in the problem already
			}
			return err.Error()
		}
		resp.Body.Close()
		cancel()
		status = resp.StatusCode
		if status != http.StatusMethodNotAllowed && status != http.StatusNotImplemented && status != http.StatusForbidden {
			break
		}
	}
	if status >= 400 {
		return fmt.Sprintf("answers %d %s", status, http.StatusText(status))
	}
	return ""
}
