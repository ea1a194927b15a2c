// Package overlay lays one file system over another, file by file: a
// path the top one has is read from it, any other from the one below, and
// a folder lists the entries of both. It is how a site's layouts folder
// changes some files of the built-in theme and keeps the rest.
package overlay

import (
	"errors"
	"io"
	"io/fs"
	"slices"
	"strings"
)

// FS is top over base.
type FS struct{ top, base fs.FS }

// New returns top over base.
func New(top, base fs.FS) FS { return FS{top, base} }

// Open opens name from top, or from base when top has no such file. A
// folder opens as the entries of both (ReadDir).
func (o FS) Open(name string) (fs.File, error) {
	f, err := o.top.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		f, err = o.base.Open(name)
	}
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil || !st.IsDir() {
		return f, err
	}
	entries, err := o.ReadDir(name)
	if err != nil {
		f.Close()
		return nil, err
	}
	return &dir{File: f, entries: entries}, nil
}

// dir is an open folder of FS: its own Stat, the entries of both.
type dir struct {
	fs.File
	entries []fs.DirEntry
}

func (d *dir) ReadDir(n int) ([]fs.DirEntry, error) {
	if n <= 0 {
		all := d.entries
		d.entries = nil
		return all, nil
	}
	if len(d.entries) == 0 {
		return nil, io.EOF
	}
	k := min(n, len(d.entries))
	part := d.entries[:k]
	d.entries = d.entries[k:]
	return part, nil
}

// ReadDir lists a folder of either file system, the entries of top
// replacing those of base with the same name, sorted by name.
func (o FS) ReadDir(name string) ([]fs.DirEntry, error) {
	top, topErr := fs.ReadDir(o.top, name)
	base, baseErr := fs.ReadDir(o.base, name)
	switch {
	case topErr != nil && !errors.Is(topErr, fs.ErrNotExist):
		return nil, topErr
	case topErr != nil && baseErr != nil:
		return nil, baseErr
	}
	seen := make(map[string]bool, len(top))
	for _, e := range top {
		seen[e.Name()] = true
	}
	for _, e := range base {
		if !seen[e.Name()] {
			top = append(top, e)
		}
	}
	slices.SortFunc(top, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return top, nil
}
