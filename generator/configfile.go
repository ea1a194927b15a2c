package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// configName is the config file a command reads from the current folder
// when --config names none.
const configName = "statusdocs.yaml"

// configKeys are the keys of a config file, each the name of the flag it
// sets; pathKeys are those whose values are paths, read against the
// file's folder.
var (
	configKeys = []string{"content", "content-locale", "layouts", "out", "site-url", "base-path", "locales", "source-url",
		"external-base", "redirect-stubs", "no-git"}
	pathKeys = []string{"content", "layouts", "out"}
)

// applyConfig reads a config file and sets each flag of flags that it names
// and the command line did not set: flags win. A key of the file that a
// command has no flag for (out, for serve) is left alone. file is the
// --config flag's value: "" reads statusdocs.yaml from the current folder
// if there is one. Errors name the file, line and column.
func applyConfig(flags *flag.FlagSet, file string) error {
	name := file
	if name == "" {
		name = configName
	}
	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) && file == "" {
		return nil
	}
	if err != nil {
		return err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	if len(doc.Content) == 0 {
		return nil // empty
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		return fmt.Errorf("%s:%d:%d: want keys and values (content: …, out: …)", name, top.Line, top.Column)
	}
	set := map[string]bool{}
	flags.Visit(func(f *flag.Flag) { set[f.Name] = true })
	dir := filepath.Dir(name)
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		at := fmt.Sprintf("%s:%d:%d", name, k.Line, k.Column)
		if !slices.Contains(configKeys, k.Value) {
			return fmt.Errorf("%s: unknown key %q%s; the keys are %s", at, k.Value,
				didYouMean(k.Value, configKeys, func(s string) string { return s }), strings.Join(configKeys, ", "))
		}
		f := flags.Lookup(k.Value)
		if f == nil || set[k.Value] {
			continue
		}
		values, err := configValues(k.Value, v)
		if err != nil {
			return fmt.Errorf("%s:%d:%d: %s: %v", name, v.Line, v.Column, k.Value, err)
		}
		for _, val := range values {
			text := val.Value
			if slices.Contains(pathKeys, k.Value) {
				text, err = inside(dir, text)
			}
			if err == nil {
				err = f.Value.Set(text)
			}
			if err != nil {
				return fmt.Errorf("%s:%d:%d: %s: %v", name, val.Line, val.Column, k.Value, err)
			}
		}
	}
	return nil
}

// inside is a path of a config file read against the file's folder dir.
// The file comes with the content, from whoever wrote it, so its paths
// must stay in that folder, links followed: a docs repository's config
// cannot make a build read or replace what lies outside it. Flags, which
// the one who runs the build writes, may name any folder.
func inside(dir, p string) (string, error) {
	if filepath.IsAbs(p) || !filepath.IsLocal(p) {
		return "", fmt.Errorf("%q is not a path inside the config file's folder", p)
	}
	full := filepath.Join(dir, p)
	top, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return "", err
	}
	// The nearest folder of the path that exists (out may not, yet), its
	// links followed.
	existing := full
	real, err := filepath.EvalSymlinks(existing)
	for errors.Is(err, fs.ErrNotExist) && existing != dir {
		existing = filepath.Dir(existing)
		real, err = filepath.EvalSymlinks(existing)
	}
	if err != nil {
		return "", err
	}
	if rel, err := filepath.Rel(top, real); err != nil || !filepath.IsLocal(rel) && rel != "." {
		return "", fmt.Errorf("%q leads outside the config file's folder, to %s", p, real)
	}
	return full, nil
}

// configValues are the nodes whose values a key gives its flag: a list
// for content (each a root), a list or a comma-separated string for
// locales (one node, the list's, holding them joined), one scalar for the
// others.
func configValues(key string, v *yaml.Node) ([]*yaml.Node, error) {
	if v.Kind == yaml.SequenceNode {
		var names []string
		for _, item := range v.Content {
			if item.Kind != yaml.ScalarNode {
				return nil, errors.New("want a list of strings")
			}
			names = append(names, item.Value)
		}
		switch key {
		case "content":
			return v.Content, nil
		case "locales":
			joined := *v
			joined.Kind, joined.Value = yaml.ScalarNode, strings.Join(names, ",")
			return []*yaml.Node{&joined}, nil
		}
		return nil, errors.New("want one value, not a list")
	}
	if v.Kind != yaml.ScalarNode {
		return nil, errors.New("want a value")
	}
	return []*yaml.Node{v}, nil
}
