package output

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// exchange swaps tmp and dir in one step (renameat2 RENAME_EXCHANGE), so
// that dir is never missing, and returns where the old dir went: tmp, or
// "" when there was no dir (then tmp is renamed). A file system or kernel
// without the exchange gets two renames.
func exchange(tmp, dir string) (old string, err error) {
	err = unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, dir, unix.RENAME_EXCHANGE)
	switch {
	case err == nil:
		return tmp, nil
	case errors.Is(err, unix.ENOENT):
		return "", os.Rename(tmp, dir)
	case errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EOPNOTSUPP):
		return swapByRenames(tmp, dir)
	}
	return "", &os.LinkError{Op: "exchange", Old: tmp, New: dir, Err: err}
}
