// Package output is where a build's files go: an Output receives each file
// by its slash path inside the site, which must stay inside it (checkName).
// MemOutput keeps a build in memory (the preview server, statusdocs check,
// tests); DirOutput writes it to disk beside --out and swaps it in whole,
// as dirout.go describes.
package output

import (
	"bytes"
	"fmt"
	"path"
	"strings"
	"sync"
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
