package content

import "golang.org/x/sys/unix"

// openDir opens a folder for lstatAt, without following a link; -1 when
// it cannot.
func openDir(name string) int {
	fd, err := unix.Open(name, unix.O_PATH|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1
	}
	return fd
}

func closeDir(fd int) { _ = unix.Close(fd) }

// lstatAt is what lstat says of the file at rel, a path from the folder
// openDir opened.
func lstatAt(fd int, rel string) (Stat, error) {
	var st unix.Stat_t
	if err := unix.Fstatat(fd, rel, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
		return Stat{}, err
	}
	return statOfUnix(&st), nil
}
