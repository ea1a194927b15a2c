//go:build unix

package output

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestUnderFIFO: a named pipe in the folder under a MemOutput is neither
// read nor compared; opening one would wait for a writer forever.
func TestUnderFIFO(t *testing.T) {
	dir := t.TempDir()
	if err := unix.Mkfifo(filepath.Join(dir, "pipe.html"), 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	o := &MemOutput{Files: map[string][]byte{}, Under: os.DirFS(dir)}
	done := make(chan [2]bool)
	go func() {
		_, got := o.Get("pipe.html")
		done <- [2]bool{got, o.Holds("pipe.html", nil)}
	}()
	select {
	case r := <-done:
		if r[0] || r[1] {
			t.Errorf("Get found the pipe: %t; Holds: %t", r[0], r[1])
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Get or Holds opened the pipe and waits for a writer")
	}
}
