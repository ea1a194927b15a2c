package output

import (
	"crypto/sha256"
	"errors"
	"io/fs"
	"iter"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sync"
)

// Hash identifies a file's bytes: the first half of their SHA-256.
type Hash [16]byte

// HashOf is the Hash of data.
func HashOf(data []byte) Hash {
	sum := sha256.Sum256(data)
	return Hash(sum[:16])
}

// Staged brings an existing output folder up to date in place, for a warm
// build (one that reuses the last build's results, and so writes only some
// of the site's files):
//
//   - the new site is the last one (the files and hashes given to
//     NewStaged, the caller's record of it) less the files dropped, plus
//     the files written: whoever writes files again drops those it wrote
//     last time, and a file dropped and not written again is removed;
//   - WriteFile compares the file's hash with the last build's and sets the
//     file aside, in a folder of its own beside --out, only when its bytes
//     changed: an unchanged file is not written, and keeps its time, so
//     that a sync to a host sends only what changed;
//   - Commit moves each changed file into place with a rename, so that a
//     reader never sees half a file, and removes the files dropped, with
//     the folders they leave empty. Until then --out is as it was: Abort
//     leaves it so.
//
// Update returns what changed of the site's files, for the caller's next
// record.
type Staged struct {
	set     *DirOutput // its folder beside --out holds the changed files
	old     FileSet
	mu      sync.Mutex
	written map[string]Hash
	dropped map[string]bool
	dropAll bool
	staged  map[string]bool // files set aside, to move into --out
}

// FileSet is the files of a site and their hashes, as the caller of
// NewStaged recorded them.
type FileSet interface {
	Hash(name string) (Hash, bool)
	Names() iter.Seq[string]
}

// NewStaged starts an update of dir, whose files and their hashes are old.
func NewStaged(dir string, old FileSet) (*Staged, error) {
	d, err := NewDirOutput(dir)
	if err != nil {
		return nil, err
	}
	return &Staged{set: d, old: old, written: map[string]Hash{}, dropped: map[string]bool{}, staged: map[string]bool{}}, nil
}

// Dir is the output folder.
func (o *Staged) Dir() string { return o.set.dir }

// WriteFile implements Output.
func (o *Staged) WriteFile(name string, data []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	h := HashOf(data)
	o.mu.Lock()
	o.written[name] = h
	was, known := o.old.Hash(name)
	same := known && was == h
	o.staged[name] = !same // a second write of a file decides
	o.mu.Unlock()
	if same {
		return nil
	}
	return o.set.WriteFile(name, data)
}

// Drop drops files of the last build: they are removed unless written.
func (o *Staged) Drop(names ...string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, name := range names {
		o.dropped[name] = true
	}
}

// DropAll drops every file of the last build: the new site is what is
// written.
func (o *Staged) DropAll() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.dropAll = true
}

// Changed lists the files that Commit moves into place, in order.
func (o *Staged) Changed() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	var names []string
	for name, staged := range o.staged {
		if staged {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// Removed lists the files of the last build that Commit removes.
func (o *Staged) Removed() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	var gone []string
	if o.dropAll {
		for name := range o.old.Names() {
			if _, ok := o.written[name]; !ok {
				gone = append(gone, name)
			}
		}
	} else {
		for name := range o.dropped {
			_, ok := o.written[name]
			if _, was := o.old.Hash(name); was && !ok {
				gone = append(gone, name)
			}
		}
	}
	slices.Sort(gone)
	return gone
}

// Update returns what the update made of the last build's files: the
// files written and their hashes, which replace those of the last build,
// and whether a file of the last build is still there when not written
// again. The maps are the Staged's, not to be changed.
func (o *Staged) Update() (written map[string]Hash, dropped map[string]bool, all bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.written, o.dropped, o.dropAll
}

// Commit moves the changed files into --out and removes those the site no
// longer has. Each move is atomic, the whole is not: a caller that must
// know whether it finished records that it started (a build cache that it
// marks stale first).
func (o *Staged) Commit() error {
	dir := o.set.dir
	lock := lockDir(dir, true) // not while another build swaps or updates it
	defer unlock(lock)
	for _, name := range o.Changed() {
		dst := filepath.Join(dir, filepath.FromSlash(name))
		src := filepath.Join(o.set.tmp, filepath.FromSlash(name))
		if err := o.set.inDir(filepath.Dir(dst), func() error { return os.Rename(src, dst) }); err != nil {
			return err
		}
	}
	for _, name := range o.Removed() {
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(name))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		// The folders it leaves empty go too, as a cold build would not
		// make them; Remove fails on one that is not empty.
		for sub := path.Dir(name); sub != "."; sub = path.Dir(sub) {
			if os.Remove(filepath.Join(dir, filepath.FromSlash(sub))) != nil {
				break
			}
		}
	}
	return o.Abort()
}

// Abort throws the changed files away; --out is as it was (unless Commit
// had begun).
func (o *Staged) Abort() error { return o.set.Abort() }
