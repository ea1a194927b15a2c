package output

import (
	"crypto/sha256"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sync"

	"statusdocs/generator/internal/plainfile"
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
//   - WriteFile compares the file's hash with the one the last build wrote
//     (the caller's record of it, given to NewStaged) and sets the file
//     aside in a folder of its own beside --out only when its bytes
//     changed: an unchanged file is not written, and keeps its time, so
//     that a sync to a host sends only what changed;
//   - Keep says that a file of the last build is still part of the site
//     though this build did not write it;
//   - Commit moves each changed file into place with a rename, so that a
//     reader never sees half a file, and removes the files of the last
//     build that this one neither wrote nor kept, with the folders they
//     leave empty. Until then --out is as it was: Abort leaves it so.
//
// Files returns the hashes of the new site's files, for the caller's next
// record.
type Staged struct {
	dir, tmp string
	lock     *os.File
	old      map[string]Hash
	mu       sync.Mutex
	now      map[string]Hash
	staged   map[string]bool // files set aside, to move into --out
	made     map[string]bool
}

// NewStaged starts an update of dir, whose files and their hashes are old.
func NewStaged(dir string, old map[string]Hash) (*Staged, error) {
	d, err := NewDirOutput(dir) // its folder beside dir holds the changed files
	if err != nil {
		return nil, err
	}
	return &Staged{dir: d.dir, tmp: d.tmp, lock: d.lock, old: old, now: make(map[string]Hash, len(old)),
		staged: map[string]bool{}, made: map[string]bool{}}, nil
}

// Dir is the output folder.
func (o *Staged) Dir() string { return o.dir }

// WriteFile implements Output.
func (o *Staged) WriteFile(name string, data []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	h := HashOf(data)
	o.mu.Lock()
	o.now[name] = h
	was, known := o.old[name]
	same := known && was == h
	o.staged[name] = !same // a second write of a file decides
	o.mu.Unlock()
	if same {
		return nil
	}
	full := filepath.Join(o.tmp, filepath.FromSlash(name))
	if err := o.mkdir(o.tmp, filepath.Dir(full)); err != nil {
		return err
	}
	return plainfile.WriteFile(full, data, 0o644)
}

// Keep keeps a file of the last build, unchanged, in the new site; it
// reports false when the last build wrote no such file.
func (o *Staged) Keep(name string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	h, ok := o.old[name]
	if ok {
		if _, written := o.now[name]; !written {
			o.now[name] = h
		}
	}
	return ok
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
	for name := range o.old {
		if _, ok := o.now[name]; !ok {
			gone = append(gone, name)
		}
	}
	slices.Sort(gone)
	return gone
}

// Files returns the new site's files and their hashes, once written.
func (o *Staged) Files() map[string]Hash {
	o.mu.Lock()
	defer o.mu.Unlock()
	return maps.Clone(o.now)
}

func (o *Staged) mkdir(root, dir string) error {
	o.mu.Lock()
	done := o.made[dir]
	o.mu.Unlock()
	if done {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	o.mu.Lock()
	o.made[dir] = true
	o.mu.Unlock()
	return nil
}

// Commit moves the changed files into --out and removes those the site no
// longer has. Each move is atomic, the whole is not: a caller that must
// know whether it finished records that it started (a build cache that it
// marks stale first).
func (o *Staged) Commit() error {
	lock := lockDir(o.dir, true) // not while another build swaps or updates it
	defer unlock(lock)
	for _, name := range o.Changed() {
		dst := filepath.Join(o.dir, filepath.FromSlash(name))
		if err := o.mkdir(o.dir, filepath.Dir(dst)); err != nil {
			return err
		}
		if err := os.Rename(filepath.Join(o.tmp, filepath.FromSlash(name)), dst); err != nil {
			return err
		}
	}
	for _, name := range o.Removed() {
		if err := os.Remove(filepath.Join(o.dir, filepath.FromSlash(name))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		// The folders it leaves empty go too, as a cold build would not
		// make them; Remove fails on one that is not empty.
		for dir := path.Dir(name); dir != "."; dir = path.Dir(dir) {
			if os.Remove(filepath.Join(o.dir, filepath.FromSlash(dir))) != nil {
				break
			}
		}
	}
	return o.Abort()
}

// Abort throws the changed files away; --out is as it was (unless Commit
// had begun).
func (o *Staged) Abort() error {
	err := removeBuild(o.tmp)
	unlock(o.lock)
	o.lock = nil
	return err
}
