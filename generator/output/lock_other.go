//go:build !unix || aix

package output

import "os"

// lockDir would take a lock on a folder; this system has no flock, so no
// build can tell a running build's folder from a leftover, and leftovers
// are left alone.
func lockDir(string, bool) *os.File { return nil }
