package plainfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"golang.org/x/sys/unix"
)

// beneathDir is the root's folder, open for openat2; nil if it cannot be.
func beneathDir(root *os.Root) *os.File {
	f, err := root.Open(".")
	if err != nil {
		return nil
	}
	return f
}

// openBeneath opens name below dir with openat2 and RESOLVE_BENEATH: the
// kernel refuses a path that leads outside dir (".." or a symbolic link
// whose target is absolute or climbs out), and follows links that stay in.
func openBeneath(dir *os.File, name string, flags uint64) (int, error) {
	if dir == nil {
		return -1, errors.ErrUnsupported
	}
	how := unix.OpenHow{Flags: flags | unix.O_RDONLY | unix.O_CLOEXEC, Resolve: unix.RESOLVE_BENEATH | unix.RESOLVE_NO_MAGICLINKS}
	fd, err := retry(func() (int, error) { return unix.Openat2(int(dir.Fd()), name, &how) })
	runtime.KeepAlive(dir)
	return fd, err
}

func readBeneath(dir *os.File, name string) ([]byte, error) {
	fd, err := openBeneath(dir, name, 0)
	if err != nil {
		return nil, err
	}
	return readAll(fd, name)
}

func readDirBeneath(dir *os.File, rootName, name string) ([]fs.DirEntry, error) {
	fd, err := openBeneath(dir, name, unix.O_DIRECTORY)
	if err != nil {
		return nil, err
	}
	// Named as os.Root names it, for DirEntry.Info.
	f := os.NewFile(uintptr(fd), filepath.Join(rootName, filepath.FromSlash(name)))
	defer f.Close()
	entries, err := f.ReadDir(-1)
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, err
}
