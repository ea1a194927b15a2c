package flaw

import (
	"regexp"
	"testing"
)

func deref(p *int) int { return *p }

func assert(v any) string { return v.(string) }

// inGoroutine runs work in a goroutine of its own and raises its panic
// again, carried, in the caller.
func inGoroutine(work func()) {
	done := make(chan *Carried)
	go func() {
		defer func() {
			if v := recover(); v != nil {
				done <- Carry(v)
				return
			}
			done <- nil
		}()
		work()
	}()
	if c := <-done; c != nil {
		panic(c)
	}
}

func TestCatch(t *testing.T) {
	for _, tc := range []struct {
		name string
		work func()
		want string // a regexp of the message; "" for no flaw
	}{
		{"returns", func() {}, ""},
		{"panic", func() { panic("boom") },
			`^panic: boom, in flaw\.TestCatch\.func\d+ \(catch_test\.go:\d+\); the page is left out \(a bug in statusdocs: please report it\)$`},
		{"nil pointer", func() { deref(nil) }, `^panic: runtime error: invalid memory address or nil pointer dereference, in flaw\.deref \(catch_test\.go:8\); `},
		{"type assertion", func() { assert(1) }, `^panic: interface conversion: interface \{\} is int, not string, in flaw\.assert \(catch_test\.go:10\); `},
		{"panic(nil)", func() { panic(nil) }, `^panic: panic called with nil argument`},
		{"lines and controls", func() { panic("a\nb\x1b[31mc") }, `^panic: a b\x{fffd}\[31mc, in `},
		{"in another goroutine, carried", func() { inGoroutine(func() { deref(nil) }) },
			`^panic: runtime error: invalid memory address or nil pointer dereference, in flaw\.deref \(catch_test\.go:8\); `},
		{"carried twice", func() { inGoroutine(func() { inGoroutine(func() { assert(1) }) }) },
			`^panic: interface conversion: interface \{\} is int, not string, in flaw\.assert \(catch_test\.go:10\); `},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := Catch("content/en-us/a/index.md", 3, 7, "the page is left out", tc.work)
			if tc.want == "" {
				if f != nil {
					t.Fatalf("flaw without a panic: %v", f)
				}
				return
			}
			if f == nil {
				t.Fatal("no flaw for a panic")
			}
			if f.Kind != Internal || f.Severity != Error || f.File != "content/en-us/a/index.md" || f.Line != 3 || f.Col != 7 {
				t.Errorf("flaw %v: want an internal error at content/en-us/a/index.md:3:7", f)
			}
			if !regexp.MustCompile(tc.want).MatchString(f.Message) {
				t.Errorf("message %q does not match %s", f.Message, tc.want)
			}
		})
	}
}
