//go:build !(linux || darwin)

package content

import "os"

// lstat is what lstat says of the file at name.
func lstat(name string) (Stat, error) {
	info, err := os.Lstat(name)
	if err != nil {
		return Stat{}, err
	}
	return StatOf(info), nil
}
