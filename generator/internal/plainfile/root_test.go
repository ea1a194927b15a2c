//go:build unix

package plainfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"testing/fstest"
)

// TestRoot reads through links that stay in the root and is refused those
// that lead out, by the openat2 path and by os.Root alike.
func TestRoot(t *testing.T) {
	base := t.TempDir()
	dir, out := filepath.Join(base, "root"), filepath.Join(base, "out")
	for _, d := range []string{filepath.Join(dir, "a", "b"), out} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for name, data := range map[string]string{"root/a/b/f": "inside", "out/f": "outside"} {
		if err := os.WriteFile(filepath.Join(base, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for link, target := range map[string]string{
		"a/in": "b/f", "a/abs": filepath.Join(out, "f"), "a/rel": "../../out/f", "a/dir": "../../out",
		"a/loop": "loop", "a/gone": "nothing", "a/bdir": "b",
	} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	r, err := OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	sub, _ := fs.Sub(r, "a/b") // TestFS cannot take the broken links above
	if err := fstest.TestFS(sub, "f"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		want    string // the text read; "" when it must fail
		escapes bool
		is      error
	}{
		{name: "a/b/f", want: "inside"},
		{name: "a/in", want: "inside"},
		{name: "a/bdir/f", want: "inside"},
		{name: "a/b/../b/f", is: fs.ErrInvalid},
		{name: "a/abs", escapes: true},
		{name: "a/rel", escapes: true},
		{name: "a/dir/f", escapes: true},
		{name: "a/loop", is: syscall.ELOOP},
		{name: "a/gone", is: fs.ErrNotExist},
		{name: "../out/f", is: fs.ErrInvalid},
		{name: "/etc/passwd", is: fs.ErrInvalid},
	}
	for _, tt := range tests {
		data, err := r.ReadFile(tt.name)
		switch {
		case tt.want != "":
			if err != nil || string(data) != tt.want {
				t.Errorf("ReadFile(%q) = %q, %v; want %q", tt.name, data, err, tt.want)
			}
		case err == nil:
			t.Errorf("ReadFile(%q) = %q, want an error", tt.name, data)
		case Escapes(err) != tt.escapes || tt.is != nil && !errors.Is(err, tt.is):
			t.Errorf("ReadFile(%q): %v; Escapes %v, want %v and %v", tt.name, err, Escapes(err), tt.escapes, tt.is)
		}
		if _, err := r.ReadDir(tt.name); tt.escapes && !Escapes(err) {
			t.Errorf("ReadDir(%q): %v, want an escape", tt.name, err)
		}
		if _, err := r.Stat(tt.name); tt.escapes && !Escapes(err) {
			t.Errorf("Stat(%q): %v, want an escape", tt.name, err)
		}
	}
}

// TestBeneath checks that on Linux the fast path is taken for ordinary
// files and folders, and refuses what os.Root refuses.
func TestBeneath(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("openat2 is Linux's")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "f"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "out")); err != nil {
		t.Fatal(err)
	}
	r, err := OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := readBeneath(r.dir, "f"); errors.Is(err, syscall.ENOSYS) || errors.Is(err, syscall.EPERM) {
		t.Skipf("no openat2 here: %v", err)
	}
	if data, err := readBeneath(r.dir, "f"); err != nil || string(data) != "x" {
		t.Errorf("readBeneath(f) = %q, %v", data, err)
	}
	if entries, err := readDirBeneath(r.dir, dir, "."); err != nil || len(entries) != 2 || entries[0].Name() != "f" {
		t.Errorf("readDirBeneath(.) = %v, %v", entries, err)
	}
	if data, err := readBeneath(r.dir, "out"); !errors.Is(err, syscall.EXDEV) {
		t.Errorf("readBeneath(out) = %q, %v; want EXDEV", data, err)
	}
}
