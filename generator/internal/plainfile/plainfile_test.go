package plainfile

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	for _, size := range []int{0, 1, 4095, 4096, 4097, 1 << 20} {
		data := bytes.Repeat([]byte("ab\n"), size/3+1)[:size]
		name := filepath.Join(dir, "f")
		if err := WriteFile(name, data, 0o640); err != nil {
			t.Fatalf("write %d bytes: %v", size, err)
		}
		got, err := ReadFile(name)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("read %d bytes: got %d bytes, %v", size, len(got), err)
		}
		if want, _ := os.ReadFile(name); !bytes.Equal(got, want) {
			t.Fatalf("%d bytes: differs from os.ReadFile", size)
		}
	}
	// Map reads what ReadFile does, mapped or copied, and what it maps
	// stays as it was read when the file is replaced.
	for _, size := range []int{0, 1, int(MinMapped) - 1, int(MinMapped), int(MinMapped) + 1, 3 << 20} {
		data := bytes.Repeat([]byte("cd\n"), size/3+1)[:size]
		name := filepath.Join(dir, fmt.Sprintf("m%d", size))
		if err := WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := Map(name)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("map %d bytes: got %d bytes, %v", size, len(got), err)
		}
		if err := WriteFile(name+".new", []byte("other"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(name+".new", name); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, data) {
			t.Fatalf("map %d bytes: changed when the file was replaced", size)
		}
	}
	// A shorter write truncates, and the mode is the one asked for.
	name := filepath.Join(dir, "f")
	if err := WriteFile(name, []byte("x"), 0o640); err != nil {
		t.Fatal(err)
	}
	if got, _ := ReadFile(name); string(got) != "x" {
		t.Errorf("after a shorter write: %q", got)
	}
	if st, err := os.Stat(filepath.Join(dir, "f")); err != nil || st.Mode().Perm()&^0o640 != 0 {
		t.Errorf("mode: %v, %v", st.Mode(), err)
	}
}

func TestErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		err  func() error
		is   error
	}{
		{"read missing", func() error { _, err := ReadFile(filepath.Join(dir, "nope")); return err }, fs.ErrNotExist},
		{"read folder", func() error { _, err := ReadFile(dir); return err }, nil},
		{"map missing", func() error { _, err := Map(filepath.Join(dir, "nope")); return err }, fs.ErrNotExist},
		{"map folder", func() error { _, err := Map(dir); return err }, nil},
		{"write into missing folder", func() error { return WriteFile(filepath.Join(dir, "no", "f"), nil, 0o644) }, fs.ErrNotExist},
		{"write over folder", func() error { return WriteFile(dir, nil, 0o644) }, nil},
	}
	for _, tt := range tests {
		err := tt.err()
		var pe *fs.PathError
		if !errors.As(err, &pe) {
			t.Errorf("%s: %v, want a *fs.PathError", tt.name, err)
			continue
		}
		if tt.is != nil && !errors.Is(err, tt.is) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.is)
		}
	}
}
