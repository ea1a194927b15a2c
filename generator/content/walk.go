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
	entries, release, err := c.list(i, r, p, d)
	defer release()
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
// the cache; release lets go of what the entries need, once they are
// walked.
//
// The cache's entries are statted relative to an open folder above them
// where there is one (listedEntry.at): a folder of many folders, such as
// a group of pages, is opened for its entries and theirs, so that the
// kernel walks two names for each instead of the whole path (a quarter
// less time on each of a warm build's 40,000 lstats at 20,000 pages).
func (c *Content) list(i int, r Root, p string, d fs.DirEntry) (entries []fs.DirEntry, release func(), err error) {
	release = func() {}
	st, err := statEntry(d)
	if err == nil {
		if known, ok := c.cache.Listing(i, p, st); ok {
			parent, _ := d.(*listedEntry)
			at, rel := (*openFolder)(nil), ""
			if parent != nil && parent.at != nil {
				at, rel = parent.at, parent.rel+"/"
			}
			if folders(known) >= manyFolders {
				if fd := openDir(filepath.Join(r.Dir, filepath.FromSlash(p))); fd >= 0 {
					at, rel = &openFolder{fd}, ""
					release = func() { closeDir(fd) }
				}
			}
			listed := make([]listedEntry, len(known)) // one allocation, not one an entry
			entries = make([]fs.DirEntry, len(known))
			for k, e := range known {
				listed[k] = listedEntry{Entry: e, root: r.Dir, folder: p, at: at}
				if at != nil {
					listed[k].rel = rel + e.Name
				}
				entries[k] = &listed[k]
			}
			return entries, release, nil
		}
	}
	entries, rerr := fs.ReadDir(r.FS, p)
	if rerr == nil && err == nil {
		c.cache.Listed(i, p, st, entries)
	}
	return entries, release, rerr
}

// manyFolders is how many folders a folder has when list opens it.
const manyFolders = 8

// folders counts the folders among entries.
func folders(entries []Entry) int {
	n := 0
	for _, e := range entries {
		if e.Type.IsDir() {
			n++
		}
	}
	return n
}

// openFolder is a folder opened for statting the entries below it.
type openFolder struct{ fd int }

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
	root, folder string      // the content root's folder on disk, and the entry's folder in it
	at           *openFolder // an open folder above the entry, or nil
	rel          string      // the entry's path from at
}

func (e *listedEntry) Name() string               { return e.Entry.Name }
func (e *listedEntry) IsDir() bool                { return e.Entry.Type.IsDir() }
func (e *listedEntry) Type() fs.FileMode          { return e.Entry.Type }
func (e *listedEntry) Info() (fs.FileInfo, error) { return os.Lstat(e.full()) }

// full is the entry's path on disk.
func (e *listedEntry) full() string {
	return filepath.Join(e.root, filepath.FromSlash(e.folder), e.Entry.Name)
}

// lstat is what lstat says of the entry: relative to the open folder
// above it, if there is one.
func (e *listedEntry) lstat() (Stat, error) {
	if e.at != nil {
		return lstatAt(e.at.fd, e.rel)
	}
	return lstat(e.full())
}
