package output

import (
	"errors"
	"fmt"
	"hash/maphash"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"statusdocs/generator/internal/plainfile"
)

// How a build reaches the disk: it writes to a folder of its own beside
// --out, named .{out}.build-{random}, and swaps it in only when it
// succeeds, so a failed or interrupted build leaves the previous site as
// it was, and a web server reading --out meanwhile finds one whole site or
// the other:
//
//   - folders are made 0755 and files 0644, less the umask, so a web
//     server running as another user can read them;
//   - the swap is one atomic exchange of the two folders where the system
//     has one (Linux renameat2 RENAME_EXCHANGE): --out never goes missing.
//     Elsewhere, or on a file system without it, it is two renames, with a
//     moment between them when --out does not exist. An --out that does
//     not exist yet is a plain rename;
//   - the old site, moved aside by the swap, is then removed; a failure to
//     remove it is an OldOutputError, since the new site is in place;
//   - each build removes the leftovers of interrupted builds beside --out
//     (.{out}.build-*), but never the folder of a build still running: a
//     build holds a flock on its folder until it has swapped it in, the
//     kernel drops it when the process dies however it dies, and a
//     leftover is removed only once its lock could be taken. A lock on
//     --out's parent folder, held briefly, keeps a build from taking the
//     lock of a folder another build has made but not yet locked. Without
//     flock (Windows, AIX), leftovers are left alone.

// Marker is the file that marks a folder as a statusdocs build. An existing
// output folder is replaced only when it has one (or is empty), so a wrong
// --out can never wipe a folder of other files.
const Marker = ".statusdocs"

// markerNote is what the marker file says to a person who opens it.
const markerNote = "This folder was written by statusdocs build, which replaces it on every build.\n"

// WriteMarker writes dir's marker again, with id: a build cache's name for
// the build that dir holds (MarkerID reads it), through a file written in
// scratch, a folder on dir's file system, and renamed into place: a build
// stopped between the two leaves nothing in dir, which is published.
func WriteMarker(dir, scratch, id string) error {
	tmp := filepath.Join(scratch, "marker.new")
	if err := os.WriteFile(tmp, []byte(markerNote+"build "+id+"\n"), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, Marker))
}

// MarkerID is the id WriteMarker wrote in dir's marker, or "".
func MarkerID(dir string) string {
	data, err := os.ReadFile(filepath.Join(dir, Marker))
	if err != nil {
		return ""
	}
	_, id, _ := strings.Cut(string(data), markerNote+"build ")
	return strings.TrimSuffix(id, "\n")
}

// DirOutput writes a build to a temporary folder beside the final one and
// swaps it in on Commit.
type DirOutput struct {
	dir, tmp string
	lock     *os.File // the flock on tmp until it is swapped in; nil without flock
	mu       sync.Mutex
	made     map[uint64]struct{} // folders made, by mkdir's hash of their path
	seed     maphash.Seed
	remove   func(string) error        // removeBuild; tests make it fail
	note     func(name string, h Hash) // with RecordHashes
}

// Dir is the output folder.
func (o *DirOutput) Dir() string { return o.dir }

// RecordHashes makes the output tell note the Hash of each file written,
// from any goroutine: a build cache's record of the site.
func (o *DirOutput) RecordHashes(note func(name string, h Hash)) { o.note = note }

// OldOutputError is Commit's error when the new site is in place but the
// old one, moved aside, could not be removed: a warning, not a failed
// build. The next build removes it.
type OldOutputError struct {
	Dir string // where the old site is
	Err error
}

func (e *OldOutputError) Error() string {
	return fmt.Sprintf("the new site is in place, but the old one could not be removed from %s: %v", e.Dir, e.Err)
}

func (e *OldOutputError) Unwrap() error { return e.Err }

// NewDirOutput starts a build whose result will be dir, removing the
// leftovers of interrupted builds. It refuses a dir that exists and is
// neither empty nor a previous build.
func NewDirOutput(dir string) (*DirOutput, error) {
	dir = filepath.Clean(dir)
	if err := replaceable(dir); err != nil {
		return nil, err
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	o := &DirOutput{dir: dir, made: map[uint64]struct{}{}, seed: maphash.MakeSeed(), remove: removeBuild}
	prefix := "." + filepath.Base(dir) + ".build-"
	parentLock := lockDir(parent, true)
	var leftovers []*os.File
	if parentLock != nil {
		leftovers = lockLeftovers(parent, prefix)
	}
	var err error
	o.tmp, o.lock, err = makeBuildDir(filepath.Join(parent, prefix))
	unlock(parentLock)
	for _, l := range leftovers {
		_ = removeBuild(l.Name()) // best effort: the next build tries again
		unlock(l)
	}
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(o.tmp, Marker), []byte(markerNote), 0o644); err != nil {
		_ = o.Abort()
		return nil, err
	}
	return o, nil
}

// makeBuildDir makes and locks a new build folder: 0755 less the umask,
// where os.MkdirTemp would make it 0700, unreadable to a web server.
func makeBuildDir(prefix string) (string, *os.File, error) {
	for {
		tmp := prefix + strconv.FormatUint(rand.Uint64(), 36)
		err := os.Mkdir(tmp, 0o755)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", nil, err
		}
		return tmp, lockDir(tmp, false), nil
	}
}

// lockLeftovers locks the folders of parent whose names start with prefix,
// that no running build holds and that are statusdocs builds, and returns
// their locks, named by their paths.
func lockLeftovers(parent, prefix string) []*os.File {
	entries, _ := os.ReadDir(parent)
	var locks []*os.File
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		p := filepath.Join(parent, e.Name())
		l := lockDir(p, false)
		if l == nil {
			continue // a running build's
		}
		if replaceable(p) != nil {
			unlock(l)
			continue
		}
		locks = append(locks, l)
	}
	return locks
}

// LockDir takes an exclusive lock on a folder, waiting for it, and returns
// the function that drops it; where the system has no flock, or the folder
// cannot be opened, it locks nothing.
func LockDir(dir string) (unlockDir func()) {
	l := lockDir(dir, true)
	return func() { unlock(l) }
}

// unlock drops a lock lockDir took.
func unlock(l *os.File) {
	if l != nil {
		_ = l.Close()
	}
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
	if o.note != nil {
		o.note(name, HashOf(data))
	}
	full := filepath.Join(o.tmp, filepath.FromSlash(name))
	return o.inDir(filepath.Dir(full), func() error { return plainfile.WriteFile(full, data, 0o644) })
}

// inDir runs put, which puts a file in folder dir, once the output has
// made dir; and again after making it, when put finds no dir: a folder
// mkdir took for made, whose path has the hash of another's.
func (o *DirOutput) inDir(dir string, put func() error) error {
	if err := o.mkdir(dir); err != nil {
		return err
	}
	err := put()
	if errors.Is(err, fs.ErrNotExist) {
		if err = os.MkdirAll(dir, 0o755); err == nil {
			err = put()
		}
	}
	return err
}

// mkdir makes a folder the output does not have yet. The folders made are
// known by a hash of their path: a site of 100,000 pages makes as many,
// and their paths were megabytes the collector marked to the end.
func (o *DirOutput) mkdir(dir string) error {
	h := maphash.String(o.seed, dir)
	o.mu.Lock()
	_, done := o.made[h]
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
	o.made[h] = struct{}{}
	o.mu.Unlock()
	return nil
}

// Commit replaces the output folder with the new build. Any error but an
// OldOutputError means the previous site is still in place.
func (o *DirOutput) Commit() error {
	parentLock := lockDir(filepath.Dir(o.dir), true)
	// The old site is locked before it is moved aside, so that no other
	// build takes it for a leftover while this one removes it.
	oldLock := lockDir(o.dir, true)
	defer unlock(oldLock)
	old, err := exchange(o.tmp, o.dir)
	unlock(parentLock)
	if err != nil {
		return err
	}
	unlock(o.lock) // the new site is --out now, which no build removes
	o.lock = nil
	if old == "" {
		return nil
	}
	if err := o.remove(old); err != nil {
		return &OldOutputError{Dir: old, Err: err}
	}
	return nil
}

// Abort throws the new build away.
func (o *DirOutput) Abort() error {
	err := removeBuild(o.tmp)
	unlock(o.lock)
	o.lock = nil
	return err
}

// removeBuild removes a build folder, its marker last, so that one it
// could not remove whole is still known as a build, a leftover.
// A symlink (an --out that was one) is removed, not what it leads to.
func removeBuild(dir string) error {
	if st, err := os.Lstat(dir); err != nil || !st.IsDir() {
		return os.RemoveAll(dir)
	}
	entries, err := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != Marker && err == nil {
			err = os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
	if err != nil {
		return err
	}
	return os.RemoveAll(dir)
}

// swapByRenames puts tmp in dir's place with two renames, and returns where
// the old dir went ("" if there was none). Between the renames dir does not
// exist; a build killed then leaves the old site as a leftover.
func swapByRenames(tmp, dir string) (old string, err error) {
	old = tmp + ".old"
	if err := os.Rename(dir, old); errors.Is(err, fs.ErrNotExist) {
		return "", os.Rename(tmp, dir)
	} else if err != nil {
		return "", err
	}
	if err := os.Rename(tmp, dir); err != nil {
		_ = os.Rename(old, dir)
		return "", err
	}
	return old, nil
}
