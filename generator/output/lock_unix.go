//go:build unix && !aix

package output

import (
	"os"

	"golang.org/x/sys/unix"
)

// lockDir takes an exclusive flock on a folder, waiting for it or not; nil
// when it cannot be had (held by another build, or no such folder).
func lockDir(dir string, wait bool) *os.File {
	f, err := os.Open(dir)
	if err != nil {
		return nil
	}
	how := unix.LOCK_EX
	if !wait {
		how |= unix.LOCK_NB
	}
	for {
		if err = unix.Flock(int(f.Fd()), how); err != unix.EINTR {
			break
		}
	}
	if err != nil {
		_ = f.Close()
		return nil
	}
	return f
}
