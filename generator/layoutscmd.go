package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"statusdocs/layouts"
)

// layoutsCmd writes the built-in theme out, to start a theme of one's own.
func layoutsCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("layouts", flag.ContinueOnError)
	fs.SetOutput(stderr)
	export := fs.String("export", "", "write the built-in theme into `DIR` (new, or empty)")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: statusdocs layouts --export DIR\n\n"+
			"Writes the built-in theme (layouts, partials, UI strings, static files) into DIR. A build\n"+
			"given --layouts DIR reads a file there instead of the built-in one of the same path, so\n"+
			"keep only the files you change.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *export == "" || fs.NArg() > 0 {
		fs.Usage()
		return 2
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
	fmt.Fprintf(stdout, "wrote %d files of the built-in theme to %s; build with --layouts %s\n", n, *export, *export)
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
