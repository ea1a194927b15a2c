package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"statusdocs/generator/internal/plural"
	"statusdocs/layouts"
)

// layoutsCmd writes the built-in theme out, to start a theme of one's own.
func layoutsCmd(args []string, stdout, stderr io.Writer) int {
	c := newCommand("layouts", "", 0, "Writes the built-in theme (layouts, partials, UI strings, static files) into DIR. A build\n"+
		"given --layouts DIR reads a file there instead of the built-in one of the same path, so\n"+
		"keep only the files you change.")
	export := c.flags.String("export", "", "write the built-in theme into `DIR` (new, or empty)")
	if code := c.parse(args, stdout, stderr); code >= 0 {
		return code
	}
	if *export == "" {
		return c.fail(stderr, "--export DIR is required")
	}
	if entries, err := os.ReadDir(*export); err == nil && len(entries) > 0 {
		fmt.Fprintf(stderr, "statusdocs layouts: %s is not empty; export into a new folder\n", *export)
		return 2
	}
	n, err := exportTheme(*export)
	if err != nil {
		fmt.Fprintf(stderr, "statusdocs layouts: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote %s of the built-in theme to %s; build with --layouts %s\n", plural.Count(n, "file", "files"), *export, *export)
	return 0
}

// exportTheme writes every file of the built-in theme under dir.
func exportTheme(dir string) (int, error) {
	n := 0
	err := fs.WalkDir(layouts.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(p))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := fs.ReadFile(layouts.FS, p)
		if err != nil {
			return err
		}
		n++
		return os.WriteFile(target, data, 0o644)
	})
	return n, err
}
