// Package browser starts the headless Chromium of the browser tests and
// runs their actions. A test without a browser is skipped, unless
// STATUSDOCS_REQUIRE_BROWSER is set (as in CI), which makes a missing
// browser a failure.
//
// Every action — starting the browser, opening a tab, navigating,
// evaluating, waiting — has its own deadline, ActionTimeout; a test as a
// whole has none, so a test of many pages holds on a busy machine as well
// as a test of one. An error names the action that failed, never the script
// it ran (a test injects axe-core, 650 KB), and anything it prints from the
// page is cut to an excerpt of at most ExcerptLen bytes.
package browser

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"os/exec"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// ActionTimeout is how long one action may take: far more than any takes
// on an idle machine (under a second), for one sharing two cores.
const ActionTimeout = 60 * time.Second

// ExcerptLen is the most of an error or a page's value a failure prints.
const ExcerptLen = 300

// Start starts a headless Chromium for a test and returns its context,
// which ends with the test. Run its actions with Run, Do, Poll and their
// Must forms.
func Start(t testing.TB) context.Context {
	t.Helper()
	exe := findChromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox, // CI runs as root
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1200, 800),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx, chromedp.WithLogf(logf), chromedp.WithErrorf(logf))
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	// The first action starts the browser, which lives as long as that
	// action's context: it cannot have a deadline of its own, so the wait
	// for it has one.
	if err := within(ActionTimeout, func() error { return chromedp.Do(ctx) }); err != nil {
		cancelCtx()
		t.Fatalf("starting %s: %s", exe, Excerpt(err.Error()))
	}
	return ctx
}

func findChromium(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("STATUSDOCS_REQUIRE_BROWSER") != "" {
		t.Fatal("no chromium on PATH and STATUSDOCS_REQUIRE_BROWSER is set (apt-get install -y chromium)")
	}
	t.Skip("no chromium on PATH; set STATUSDOCS_REQUIRE_BROWSER=1 to make this a failure")
	return ""
}

// logf prints what chromedp logs, cut short: its messages can hold a
// whole protocol message, script included.
func logf(format string, args ...any) {
	log.Print(Excerpt(fmt.Sprintf(format, args...)))
}

// NewTab opens a tab of the browser of ctx, with its own deadline, and
// returns its context; cancel closes the tab. opts are chromedp's (a
// WithListener sees every event of the tab from its first).
func NewTab(ctx context.Context, opts ...chromedp.ContextOption) (context.Context, context.CancelFunc, error) {
	tab, cancel := chromedp.NewContext(ctx, opts...)
	// As for the browser: the tab lives as long as its first action's context.
	if err := within(ActionTimeout, func() error { return chromedp.Do(tab) }); err != nil {
		cancel()
		return nil, nil, fmt.Errorf("opening a tab: %s", Excerpt(err.Error()))
	}
	return tab, cancel, nil
}

// within runs f and waits for it at most d; the caller ends f's context
// when it gives up.
func within(d time.Duration, f func() error) error {
	done := make(chan error, 1)
	go func() { done <- f() }()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case err := <-done:
		return err
	case <-timer.C:
		return fmt.Errorf("no answer in %v", d)
	}
}

// Run runs one action with its own deadline and returns its value. The
// error names the action by what (a few words, never the script) and
// holds an excerpt of chromedp's.
func Run[T any](ctx context.Context, what string, a chromedp.Action[T]) (T, error) {
	actx, cancel := context.WithTimeout(ctx, ActionTimeout)
	defer cancel()
	v, err := chromedp.Run(actx, a)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return v, fmt.Errorf("%s: no answer in %v", what, ActionTimeout)
		}
		return v, fmt.Errorf("%s: %s", what, Excerpt(err.Error()))
	}
	return v, nil
}

// Do runs actions in order, each with its own deadline, and stops at the
// first error, which names what and the step.
func Do(ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) error {
	for i, s := range steps {
		name := what
		if len(steps) > 1 {
			name = fmt.Sprintf("%s (step %d of %d)", what, i+1, len(steps))
		}
		if _, err := Run(ctx, name, s); err != nil {
			return err
		}
	}
	return nil
}

// Must is Run for a test: an error ends it.
func Must[T any](t testing.TB, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := Run(ctx, what, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// MustDo is Do for a test: an error ends it.
func MustDo(t testing.TB, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := Do(ctx, what, steps...); err != nil {
		t.Fatal(err)
	}
}

// Eval evaluates a script and awaits its promise, if it returns one. The
// script is never part of an error: what names it.
func Eval[T any](t testing.TB, ctx context.Context, what, js string) T {
	t.Helper()
	return Must(t, ctx, what, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
}

// Poll waits until the expression is true, for one ActionTimeout at most.
// It looks every 50 ms, by a timer: animation frames, chromedp's default,
// stop in a tab that is not shown (a page that opens a window hides its own).
func Poll(ctx context.Context, what, js string) error {
	_, err := Run(ctx, what, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(ActionTimeout), chromedp.WithPollingInterval(50*time.Millisecond)))
	return err
}

// MustPoll is Poll for a test: an error ends it.
func MustPoll(t testing.TB, ctx context.Context, what, js string) {
	t.Helper()
	if err := Poll(ctx, what, js); err != nil {
		t.Fatal(err)
	}
}

// Excerpt cuts s to ExcerptLen bytes at most, saying how much it left out.
func Excerpt(s string) string {
	if len(s) <= ExcerptLen {
		return s
	}
	cut := ExcerptLen
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d bytes more)", s[:cut], len(s)-cut)
}

// Languages makes the page's navigator.languages (and Accept-Language)
// the given list, as a reader's browser settings would.
func Languages(langs string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		ua, err := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.userAgent`))
		if err != nil {
			return err
		}
		_, err = cdp.Call(ctx, t, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: ua, AcceptLanguage: langs})
		return err
	})
}
