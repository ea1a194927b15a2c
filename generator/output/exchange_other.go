//go:build !linux

package output

// exchange puts tmp in dir's place; this system has no atomic exchange of
// two folders, so it takes two renames.
func exchange(tmp, dir string) (old string, err error) { return swapByRenames(tmp, dir) }
