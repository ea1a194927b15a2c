package content

import (
	"io/fs"

	"statusdocs/generator/internal/plainfile"
)

// DirFS is the content root in folder dir. It never leads outside dir: a
// path whose symbolic links (or "..") lead out fails, with an error that
// Load reports as an outside-root flaw, while links that stay inside work.
// It reads through package plainfile, which spares the system calls of
// os.Root and of the file poller that would cost as much as the reading.
func DirFS(dir string) fs.FS {
	r, err := plainfile.OpenRoot(dir)
	if err != nil {
		return brokenFS{err}
	}
	return r
}

// brokenFS is a root that cannot be opened: every call says why.
type brokenFS struct{ err error }

func (b brokenFS) Open(string) (fs.File, error) { return nil, b.err }
