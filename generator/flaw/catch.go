package flaw

import (
	"fmt"
	"path"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
)

// Catch calls work and returns nil, or, when work panics, an internal error
// at file:line:col that says what panicked, in which function and source
// line of statusdocs (a bug to report), and outcome: what the caller does
// instead ("the page is left out"). Each unit of work of a build (a page, a
// sidebar, a site page, an update of the preview) runs under Catch, so that
// input nobody foresaw costs that unit, never the build or the server.
func Catch(file string, line, col int, outcome string, work func()) (caught *Flaw) {
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		c := Carry(v)
		f := New(Internal, file, line, col, "panic: %s, in %s; %s (a bug in statusdocs: please report it)",
			printable(fmt.Sprint(c.Value)), c.Site, outcome)
		caught = &f
	}()
	work()
	return nil
}

// Parallel runs f(0) … f(n-1) on as many as workers goroutines, and
// raises a panic of any of them again in the caller, where its Catch
// sees it. The goroutines take the next index from a counter rather than
// from a channel fed by another goroutine: twenty thousand hand-offs
// through a channel woke the scheduler as often.
func Parallel(workers, n int, f func(i int)) {
	var wg sync.WaitGroup
	var next atomic.Int64
	var caught atomic.Pointer[Carried]
	for range min(max(workers, 1), max(n, 1)) {
		wg.Go(func() {
			defer func() {
				if v := recover(); v != nil {
					caught.CompareAndSwap(nil, Carry(v))
				}
			}()
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				f(i)
			}
		})
	}
	wg.Wait()
	if c := caught.Load(); c != nil {
		panic(c)
	}
}

// Carried is a panic that a goroutine recovered for another to raise
// again (panic(c)) where Catch sees it: work that a unit of a build hands
// to goroutines of its own still costs that unit, and the flaw still names
// the place that panicked.
type Carried struct {
	Value any
	Site  string // the function and line that panicked
}

func (c *Carried) String() string { return fmt.Sprint(c.Value) }

// Carry is the panic v, just recovered by a deferred function, as Carried:
// it must be called in that function, while the panic's frames are there
// to name its place. A panic that was carried already stays as it was.
func Carry(v any) *Carried {
	if c, ok := v.(*Carried); ok {
		return c
	}
	return &Carried{Value: v, Site: panicSite()}
}

// panicSite names the function and line that panicked: the first frame
// below runtime.gopanic that is not the runtime's own (a nil dereference
// or a failed type assertion goes through runtime helpers).
func panicSite() string {
	pcs := make([]uintptr, 64)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(2, pcs)])
	below := false
	for {
		fr, more := frames.Next()
		switch {
		case fr.Function == "runtime.gopanic":
			below = true
		case below && !strings.HasPrefix(fr.Function, "runtime."):
			return fmt.Sprintf("%s (%s:%d)", path.Base(fr.Function), path.Base(fr.File), fr.Line)
		}
		if !more {
			return "an unknown place"
		}
	}
}

// printable keeps a panic's text on one line, without control characters.
func printable(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.Map(func(r rune) rune {
		if !unicode.IsPrint(r) {
			return unicode.ReplacementChar
		}
		return r
	}, s)
}
