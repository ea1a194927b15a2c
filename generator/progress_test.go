package main

import (
	"bytes"
	"io"
	"os"
	"testing"
	"time"
)

// TestProgress draws the progress line on a clock of the test's own: not
// before the pages have taken a second, at most ten times a second, always
// for the last page, and erased at the end.
func TestProgress(t *testing.T) {
	type step struct {
		ms          int
		done, total int
		want        string // what the step writes
	}
	const clear = "\r\x1b[K"
	for _, tc := range []struct {
		name  string
		steps []step
		end   string
	}{
		{"fast build", []step{{0, 1, 3, ""}, {400, 2, 3, ""}, {999, 3, 3, ""}}, ""},
		{"slow build", []step{
			{0, 1, 5, ""},
			{500, 2, 5, ""},
			{1000, 3, 5, clear + "writing pages: 3 of 5, 3 a second"},
			{1050, 4, 5, ""},
			{1060, 5, 5, clear + "writing pages: 5 of 5, 5 a second"},
		}, clear},
		{"redrawn", []step{{100, 1, 9, ""}, {1100, 2, 9, clear + "writing pages: 2 of 9, 2 a second"}, {1300, 8, 9, clear + "writing pages: 8 of 9, 7 a second"}}, clear},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			var now time.Time
			p := &progress{w: &b, now: func() time.Time { return now }}
			for _, s := range tc.steps {
				b.Reset()
				now = start.Add(time.Duration(s.ms) * time.Millisecond)
				p.page(s.done, s.total)
				if b.String() != s.want {
					t.Errorf("at %d ms, %d of %d: %q, want %q", s.ms, s.done, s.total, b.String(), s.want)
				}
			}
			b.Reset()
			p.end()
			if b.String() != tc.end {
				t.Errorf("end: %q, want %q", b.String(), tc.end)
			}
		})
	}
}

// TestProgressNotTerminal checks that a build whose stderr is a buffer, a
// pipe or a file shows no progress.
func TestProgressNotTerminal(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	f, err := os.Create(t.TempDir() + "/stderr")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for name, stderr := range map[string]io.Writer{"buffer": &bytes.Buffer{}, "pipe": w, "file": f} {
		if newProgress(stderr) != nil {
			t.Errorf("%s: a progress line", name)
		}
	}
}
