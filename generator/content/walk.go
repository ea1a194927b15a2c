package content

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// walkListed is fs.WalkDir over a root on disk, with each folder's entries
// taken from Options.Cache when the folder is as it was: one lstat instead
// of opening and reading it (a site of 20,000 pages has as many folders).
func (c *Content) walkListed(i int, r Root, root string, fn fs.WalkDirFunc) error {
	info, err := fs.Stat(r.FS, root)
	if err != nil {
		err = fn(root, nil, err)
	} else {
		err = c.walkEntry(i, r, root, fs.FileInfoToDirEntry(info), fn)
	}
	if errors.Is(err, fs.SkipDir) || errors.Is(err, fs.SkipAll) {
		return nil
	}
	return err
}

// walkEntry walks p as fs.WalkDir does.
func (c *Content) walkEntry(i int, r Root, p string, d fs.DirEntry, fn fs.WalkDirFunc) error {
	if err := fn(p, d, nil); err != nil || !d.IsDir() {
		if err == fs.SkipDir && d.IsDir() {
			err = nil
		}
		return err
	}
	entries, err := c.list(i, r, p, d)
	if err != nil {
		if err = fn(p, d, err); err != nil {
			if err == fs.SkipDir {
				err = nil
			}
			return err
		}
	}
	for _, e := range entries {
		if err := c.walkEntry(i, r, joinName(p, e.Name()), e, fn); err != nil {
			if err == fs.SkipDir {
				break
			}
			return err
		}
	}
	return nil
}

// list returns the entries of folder p: the cache's, or read and told to
// the cache.
func (c *Content) list(i int, r Root, p string, d fs.DirEntry) ([]fs.DirEntry, error) {
	st, err := statEntry(d)
	if err == nil {
		if known, ok := c.cache.Listing(i, p, st); ok {
			dir := filepath.Join(r.Dir, filepath.FromSlash(p)) + string(filepath.Separator)
			entries := make([]fs.DirEntry, len(known))
			for k, e := range known {
				entries[k] = listedEntry{e, dir + e.Name}
			}
			return entries, nil
		}
	}
	entries, rerr := fs.ReadDir(r.FS, p)
	if rerr == nil && err == nil {
		c.cache.Listed(i, p, st, entries)
	}
	return entries, rerr
}

// joinName is path.Join(dir, name) for a clean dir and a path below it
// that is clean and does not climb ("a/b", never ".." or "/a"), which is
// what the walk has: it joins a path for every entry, and cleaning each
// again was a tenth of a warm build's walk.
func joinName(dir, name string) string {
	switch dir {
	case ".":
		return name
	case "/":
		return "/" + name
	}
	return dir + "/" + name
}

// listedEntry is a folder's entry as the cache knew it; Info asks the
// disk, as an entry read from the folder does.
type listedEntry struct {
	Entry
	full string
}

func (e listedEntry) Name() string               { return e.Entry.Name }
func (e listedEntry) IsDir() bool                { return e.Entry.Type.IsDir() }
func (e listedEntry) Type() fs.FileMode          { return e.Entry.Type }
func (e listedEntry) Info() (fs.FileInfo, error) { return os.Lstat(e.full) }
