package site

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"statusdocs/generator/markdown"
)

// Code highlighting styles, light and dark.
const (
	lightStyle = "github"
	darkStyle  = "github-dark"
)

// writeStatic copies layouts/static/ to static/ with a hash of each file's
// bytes in its name (style.css becomes style.1a2b3c4d5e.css), so that hosts
// may cache them for ever: a changed file is a new URL. It adds the
// stylesheet of highlighted code, and records every file's URL for the
// layouts' asset function and the stylesheets every page links to.
//
// Stylesheets are written last, with their url(…) references to other
// static files rewritten to the hashed names.
func (s *Site) writeStatic(out Output, res *Result) error {
	files := map[string][]byte{}
	err := fs.WalkDir(s.cfg.Layouts, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(s.cfg.Layouts, p)
		files[strings.TrimPrefix(p, "static/")] = data
		return err
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	css, err := markdown.HighlightCSS(lightStyle, darkStyle)
	if err != nil {
		return err
	}
	if _, ok := files["highlight.css"]; !ok {
		files["highlight.css"] = []byte(css)
	}
	names := slices.Sorted(func(yield func(string) bool) {
		for n := range files {
			if !yield(n) {
				return
			}
		}
	})
	// Everything but stylesheets first: stylesheets name them.
	slices.SortStableFunc(names, func(a, b string) int {
		return compareBool(path.Ext(a) == ".css", path.Ext(b) == ".css")
	})
	s.assets = make(map[string]string, len(files))
	hashed := make(map[string]string, len(files)) // name → hashed name
	for _, name := range names {
		data := files[name]
		if path.Ext(name) == ".css" {
			data = rewriteCSSURLs(name, data, hashed)
		}
		h := hashedName(name, data)
		hashed[name] = h
		s.assets[name] = s.base("/static/" + h)
		if path.Ext(name) == ".css" {
			s.stylesheets = append(s.stylesheets, s.assets[name])
		}
		res.Files++
		if err := out.WriteFile("static/"+h, data); err != nil {
			return err
		}
	}
	// highlight.css comes last, so layouts' own styles can rely on it.
	if i := slices.Index(s.stylesheets, s.assets["highlight.css"]); i >= 0 {
		s.stylesheets = append(slices.Delete(s.stylesheets, i, i+1), s.assets["highlight.css"])
	}
	return nil
}

// hashedName puts a hash of data before the extension of name.
func hashedName(name string, data []byte) string {
	sum := sha256.Sum256(data)
	ext := path.Ext(name)
	return strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
}

var cssURL = regexp.MustCompile(`url\(\s*(['"]?)([^'")\s]+)(['"]?)\s*\)`)

// rewriteCSSURLs points a stylesheet's relative url(…)s at the hashed names
// of the static files they name.
func rewriteCSSURLs(name string, css []byte, hashed map[string]string) []byte {
	dir := path.Dir(name)
	return cssURL.ReplaceAllFunc(css, func(m []byte) []byte {
		sub := cssURL.FindSubmatch(m)
		ref := string(sub[2])
		if strings.Contains(ref, ":") || strings.HasPrefix(ref, "/") || strings.HasPrefix(ref, "#") {
			return m
		}
		file, rest := ref, ""
		if i := strings.IndexAny(ref, "?#"); i >= 0 {
			file, rest = ref[:i], ref[i:]
		}
		h, ok := hashed[path.Join(dir, file)]
		if !ok {
			return m
		}
		rel := path.Join(path.Dir(file), path.Base(h))
		return []byte("url(" + string(sub[1]) + rel + rest + string(sub[3]) + ")")
	})
}
