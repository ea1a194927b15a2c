// Package plainfile reads and writes whole regular files with plain
// system calls.
//
// os.Open and os.Create register every file with Go's network poller: on
// Linux that is four fcntl calls and an epoll_ctl, which fails for a
// regular file, on top of the open, read or write and close that do the
// work. A build reads and writes tens of thousands of small files, where
// those calls are half the cost of a read (about 18 µs against 10 µs a file
// on the 2-core development machine). Elsewhere than on Unix the os
// functions are used.
//
// A Root reads the files of one folder the same way without ever leaving
// it: links that lead out are refused, as by os.Root.
package plainfile

import "os"

// ReadFile is os.ReadFile.
func ReadFile(name string) ([]byte, error) { return readFile(name) }

// WriteFile is os.WriteFile.
func WriteFile(name string, data []byte, perm os.FileMode) error { return writeFile(name, data, perm) }

// Map returns the bytes of the file at name, as ReadFile does, but on
// Unix maps a large file into memory instead of copying it: the bytes are
// read-only, and stay mapped as long as the program runs.
//
// A file is mapped whole and at once (on Linux, MAP_POPULATE). The build
// cache's files, which a warm build reads whole, cost a copy and a page
// fault every 4 KB when read: at 20,000 pages some 20 MB, and 4,600 of
// the build's 26,000 page faults. A file smaller than MinMapped is read.
// The program must not shorten a file it mapped: reading past its new end
// is a fault.
func Map(name string) ([]byte, error) { return mapFile(name) }

// MinMapped is the size from which Map maps a file rather than reads it;
// tests set it to 1 to map every file but empty ones.
var MinMapped int64 = 64 << 10
