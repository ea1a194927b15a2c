// Package output is where a build's files go: an Output receives each file
// by its slash path inside the site, which must stay inside it (checkName).
// MemOutput keeps a build in memory (the preview server, statusdocs check,
// tests); DirOutput writes it to disk beside --out and swaps it in whole,
// as dirout.go describes.
package output

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
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
// With Under, the files it does not hold are read from there: a build on
// disk that the memory's files are changes to.
type MemOutput struct {
	mu    sync.Mutex
	Files map[string][]byte
	Under fs.FS
}

// NewMemOutput returns an empty in-memory output.
func NewMemOutput() *MemOutput { return &MemOutput{Files: map[string][]byte{}} }

// Get returns a file's bytes; they are never changed once written (a new
// write replaces them), so a reader may keep them.
func (o *MemOutput) Get(name string) ([]byte, bool) {
	o.mu.Lock()
	data, ok := o.Files[name]
	o.mu.Unlock()
	if ok || o.Under == nil || checkName(name) != nil {
		return data, ok
	}
	if st, err := fs.Stat(o.Under, name); err != nil || !st.Mode().IsRegular() {
		return nil, false // not opened: a named pipe would block
	}
	data, err := fs.ReadFile(o.Under, name)
	return data, err == nil
}

// Holds reports whether the file name has exactly these bytes. A file
// of Under is compared as it is read, a piece at a time: nothing of it is
// kept.
func (o *MemOutput) Holds(name string, data []byte) bool {
	o.mu.Lock()
	held, ok := o.Files[name]
	o.mu.Unlock()
	if ok || o.Under == nil || checkName(name) != nil {
		return ok && bytes.Equal(held, data)
	}
	if st, err := fs.Stat(o.Under, name); err != nil || !st.Mode().IsRegular() || st.Size() != int64(len(data)) {
		return false // not opened: a named pipe would block
	}
	f, err := o.Under.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	buf := pieces.Get().(*[]byte)
	defer pieces.Put(buf)
	for {
		n, err := io.ReadFull(f, *buf)
		if n > len(data) || !bytes.Equal((*buf)[:n], data[:n]) {
			return false
		}
		data = data[n:]
		if err != nil { // io.EOF or io.ErrUnexpectedEOF at the end, or a read error
			return len(data) == 0 && (err == io.EOF || err == io.ErrUnexpectedEOF)
		}
	}
}

// pieces are the buffers Holds reads files with.
var pieces = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

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
