package content

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"

	"statusdocs/generator/internal/plainfile"
)

// DirFS is os.DirFS(dir) for a content root on disk: it reads files
// through package plainfile, without the file poller's system calls that
// cost as much as the reading of a small page.
func DirFS(dir string) fs.FS {
	if runtime.GOOS == "windows" { // where os.DirFS also guards against \ and : in names
		return os.DirFS(dir)
	}
	return dirFS{FS: os.DirFS(dir), dir: dir}
}

type dirFS struct {
	fs.FS // os.DirFS(dir), for everything but ReadFile
	dir   string
}

func (d dirFS) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readfile", Path: name, Err: fs.ErrInvalid}
	}
	return plainfile.ReadFile(filepath.Join(d.dir, name))
}

func (d dirFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(d.FS, name) }

func (d dirFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(d.FS, name) }
