package serve

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Quiet is how long the sources must stay unchanged before a rebuild: an
// editor's save is often several events (a temporary file written, renamed
// over the old one, its mode set), and they all belong to one rebuild.
const Quiet = 8 * time.Millisecond

// Watcher watches folders (and every folder below them, also those made
// later) for changes to the files in them.
type Watcher struct {
	w    *fsnotify.Watcher
	dirs []string
	full error // the system's limit on watches, reached
}

// NewWatcher starts watching the folders: Run reports the changes made
// from now on, also those made before it runs (a preview watches before
// its first build reads the files, so that a save during that build is
// not lost). When the system's limit on watched folders is reached, the
// folders watched so far stay watched and Full says so.
func NewWatcher(dirs []string) (*Watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &Watcher{w: fw, dirs: dirs}
	for _, d := range dirs {
		err := addTree(fw, d)
		if limit(err) {
			w.full = limitError(err)
			break
		}
		if err != nil {
			fw.Close()
			return nil, err
		}
	}
	return w, nil
}

// Full is why some folders are not watched (the system's limit on
// watches was reached), or nil.
func (w *Watcher) Full() error { return w.full }

// limit reports whether err is the system's limit on watches: inotify's
// (Linux) or on open files (kqueue, where each folder is one).
func limit(err error) bool { return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EMFILE) }

// limitError says which limit err is and how to raise it.
func limitError(err error) error {
	how := "raise the limit on open files (ulimit -n)"
	if errors.Is(err, syscall.ENOSPC) {
		max := "its value"
		if b, rerr := os.ReadFile("/proc/sys/fs/inotify/max_user_watches"); rerr == nil {
			max = strings.TrimSpace(string(b))
		}
		how = "raise fs.inotify.max_user_watches (" + max + " now), e.g. sudo sysctl fs.inotify.max_user_watches=524288"
	}
	return fmt.Errorf("the system's limit on watched folders is reached (%v): saves in the folders left over are not seen, "+
		"and need a restart to show; %s, and start again", err, how)
}

// Watch is NewWatcher and Run.
func Watch(ctx context.Context, dirs []string, relevant func(string) bool, apply func([]string)) error {
	w, err := NewWatcher(dirs)
	if err != nil {
		return err
	}
	return w.Run(ctx, relevant, apply)
}

// Run calls apply with the paths that changed, once per burst of events,
// until ctx ends; relevant filters the paths first. When the system's
// queue of events overflowed (more changes at once than it keeps: a
// checkout of another branch), what changed is unknown: apply gets the
// watched folders themselves, which makes a full rebuild, and the folders
// made meanwhile are watched too. It stops watching when it returns.
func (w *Watcher) Run(ctx context.Context, relevant func(string) bool, apply func([]string)) error {
	defer w.w.Close()
	var pending []string
	add := func(p string) {
		if !slices.Contains(pending, p) {
			pending = append(pending, p)
		}
	}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-w.w.Errors:
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				for _, d := range w.dirs {
					_ = addTree(w.w, d)
					add(d)
				}
				timer.Reset(Quiet)
				continue
			}
			if err != nil {
				return err
			}
		case ev := <-w.w.Events:
			if ev.Has(fsnotify.Create) {
				if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
					// A new folder: watch it, and take what was put in
					// it before the watch began.
					_ = addTree(w.w, ev.Name)
					_ = filepath.WalkDir(ev.Name, func(p string, d fs.DirEntry, err error) error {
						if err == nil && !d.IsDir() && relevant(p) {
							add(p)
						}
						return nil
					})
					timer.Reset(Quiet)
					continue
				}
			}
			if ev.Op == fsnotify.Chmod || !relevant(ev.Name) {
				continue
			}
			add(ev.Name)
			timer.Reset(Quiet)
		case <-timer.C:
			if len(pending) > 0 {
				slices.Sort(pending)
				apply(pending)
				pending = nil
			}
		}
	}
}

// addWatch watches one folder (a test makes it fail as the system does).
var addWatch = (*fsnotify.Watcher).Add

// addTree watches a folder and the folders below it, but not hidden ones.
func addTree(w *fsnotify.Watcher, root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if !d.IsDir() {
			return nil
		}
		if p != root && filepath.Base(p)[0] == '.' {
			return filepath.SkipDir
		}
		return addWatch(w, p)
	})
}
