//go:build !unix

package plainfile

import "os"

func readFile(name string) ([]byte, error) { return os.ReadFile(name) }

func writeFile(name string, data []byte, perm os.FileMode) error {
	return os.WriteFile(name, data, perm)
}

func mapFile(name string) ([]byte, error) { return os.ReadFile(name) }
