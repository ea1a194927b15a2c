package site

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"statusdocs/generator/internal/plainfile"
)

// Output receives the files of a build. Names are slash paths relative to
// the site root. Implementations must be safe for concurrent use, and must
// not keep data past the call: the caller reuses it.
type Output interface {
	WriteFile(name string, data []byte) error
}

// checkName refuses names that would leave the output folder.
func checkName(name string) error {
	clean := path.Clean(name)
	if name == "" || path.IsAbs(name) || clean != name || clean == ".." || strings.HasPrefix(clean, "../") ||
		strings.ContainsAny(name, "\\\x00") {
		return fmt.Errorf("output path %q is outside the output folder", name)
	}
	return nil
}

// Marker is the file that marks a folder as a statusdocs build. An existing
// output folder is replaced only when it has one (or is empty), so a wrong
// --out can never wipe a folder of other files.
const Marker = ".statusdocs"

// DirOutput writes a build to a temporary folder beside the final one and
// swaps it in on Commit, so a failed build leaves the previous site as it was.
type DirOutput struct {
	dir, tmp string
	mu       sync.Mutex
	made     map[string]bool
}

// NewDirOutput starts a build whose result will be dir. It refuses a dir
// that exists and is neither empty nor a previous build.
func NewDirOutput(dir string) (*DirOutput, error) {
	dir = filepath.Clean(dir)
	if err := replaceable(dir); err != nil {
		return nil, err
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".build-")
	if err != nil {
		return nil, err
	}
	note := []byte("This folder was written by statusdocs build, which replaces it on every build.\n")
	if err := os.WriteFile(filepath.Join(tmp, Marker), note, 0o644); err != nil {
		_ = os.RemoveAll(tmp)
		return nil, err
	}
	return &DirOutput{dir: dir, tmp: tmp, made: map[string]bool{}}, nil
}

// replaceable checks that dir may be replaced by a build.
func replaceable(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case len(entries) == 0:
		return nil
	}
	if _, err := os.Stat(filepath.Join(dir, Marker)); err == nil {
		return nil
	}
	return fmt.Errorf("refusing to replace %s: it holds files and is not a statusdocs build (no %s file); choose another --out or empty it", dir, Marker)
}

// WriteFile implements Output.
func (o *DirOutput) WriteFile(name string, data []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	full := filepath.Join(o.tmp, filepath.FromSlash(name))
	if err := o.mkdir(filepath.Dir(full)); err != nil {
		return err
	}
	return plainfile.WriteFile(full, data, 0o644)
}

func (o *DirOutput) mkdir(dir string) error {
	o.mu.Lock()
	done := o.made[dir]
	o.mu.Unlock()
	if done {
		return nil
	}
	// Most pages have a folder of their own under one that exists: one
	// mkdir instead of MkdirAll's walk up the path.
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	o.mu.Lock()
	o.made[dir] = true
	o.mu.Unlock()
	return nil
}

// Commit replaces the output folder with the new build.
func (o *DirOutput) Commit() error {
	old := ""
	if _, err := os.Stat(o.dir); err == nil {
		old = o.tmp + ".old"
		if err := os.Rename(o.dir, old); err != nil {
			return err
		}
	}
	if err := os.Rename(o.tmp, o.dir); err != nil {
		if old != "" {
			_ = os.Rename(old, o.dir)
		}
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// Abort throws the new build away.
func (o *DirOutput) Abort() error { return os.RemoveAll(o.tmp) }

// MemOutput keeps a build in memory, for the preview server and tests.
type MemOutput struct {
	mu    sync.Mutex
	Files map[string][]byte
}

// NewMemOutput returns an empty in-memory output.
func NewMemOutput() *MemOutput { return &MemOutput{Files: map[string][]byte{}} }

// Get returns a file's bytes; they are never changed once written (a new
// write replaces them), so a reader may keep them.
func (o *MemOutput) Get(name string) ([]byte, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	data, ok := o.Files[name]
	return data, ok
}

// WriteFile implements Output.
func (o *MemOutput) WriteFile(name string, data []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.Files[name] = bytes.Clone(data)
	return nil
}
