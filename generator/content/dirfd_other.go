//go:build !linux

package content

import "errors"

// openDir does not open folders here: entries are statted by their whole
// path (lstat).
func openDir(string) int { return -1 }

func closeDir(int) {}

func lstatAt(int, string) (Stat, error) { return Stat{}, errors.New("no open folders here") }
