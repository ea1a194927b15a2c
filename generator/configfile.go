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
	configKeys = []string{"content", "layouts", "out", "site-url", "base-path", "locales", "source-url",
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
			if slices.Contains(pathKeys, k.Value) && !filepath.IsAbs(val) {
				val = filepath.Join(dir, val)
			}
			if err := f.Value.Set(val); err != nil {
				return fmt.Errorf("%s:%d:%d: %s: %v", name, v.Line, v.Column, k.Value, err)
			}
		}
	}
	return nil
}

// configValues are the values a key's node gives its flag: a list for
// content (each a root), a list or a comma-separated string for locales,
// one scalar for the others.
func configValues(key string, v *yaml.Node) ([]string, error) {
	if v.Kind == yaml.SequenceNode {
		var vals []string
		for _, item := range v.Content {
			if item.Kind != yaml.ScalarNode {
				return nil, errors.New("want a list of strings")
			}
			vals = append(vals, item.Value)
		}
		switch key {
		case "content":
			return vals, nil
		case "locales":
			return []string{strings.Join(vals, ",")}, nil
		}
		return nil, errors.New("want one value, not a list")
	}
	if v.Kind != yaml.ScalarNode {
		return nil, errors.New("want a value")
	}
	return []string{v.Value}, nil
}
