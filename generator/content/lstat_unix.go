//go:build linux || darwin

package content

import "golang.org/x/sys/unix"

// lstat is what lstat says of the file at name, without an fs.FileInfo.
func lstat(name string) (Stat, error) {
	var st unix.Stat_t
	if err := unix.Lstat(name, &st); err != nil {
		return Stat{}, err
	}
	return statOfUnix(&st), nil
}

func statOfUnix(st *unix.Stat_t) Stat {
	sec, nsec := st.Mtim.Unix()
	return Stat{st.Size, sec*1e9 + nsec}
}
