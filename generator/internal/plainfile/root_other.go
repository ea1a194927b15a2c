//go:build !linux

package plainfile

import (
	"errors"
	"io/fs"
	"os"
)

// Elsewhere than on Linux, a Root reads through os.Root alone.

func beneathDir(*os.Root) *os.File { return nil }

func readBeneath(*os.File, string) ([]byte, error) { return nil, errors.ErrUnsupported }

func readDirBeneath(*os.File, string, string) ([]fs.DirEntry, error) {
	return nil, errors.ErrUnsupported
}
