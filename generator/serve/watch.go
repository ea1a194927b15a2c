package serve

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Quiet is how long the sources must stay unchanged before a rebuild: an
// editor's save is often several events (a temporary file written, renamed
// over the old one, its mode set), and they all belong to one rebuild.
const Quiet = 8 * time.Millisecond

// Watch watches the folders (and every folder below them, also those made
// later) until ctx ends, and calls apply with the paths that changed, once
// per burst of events. relevant filters the paths first.
func Watch(ctx context.Context, dirs []string, relevant func(string) bool, apply func([]string)) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer w.Close()
	for _, d := range dirs {
		if err := addTree(w, d); err != nil {
			return err
		}
	}
	var pending []string
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-w.Errors:
			if err != nil {
				return err
			}
		case ev := <-w.Events:
			if ev.Has(fsnotify.Create) {
				if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
					// A new folder: watch it, and take what was put in
					// it before the watch began.
					_ = addTree(w, ev.Name)
					_ = filepath.WalkDir(ev.Name, func(p string, d fs.DirEntry, err error) error {
						if err == nil && !d.IsDir() && relevant(p) && !slices.Contains(pending, p) {
							pending = append(pending, p)
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
			if !slices.Contains(pending, ev.Name) {
				pending = append(pending, ev.Name)
			}
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
		return w.Add(p)
	})
}
