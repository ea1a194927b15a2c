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
	// Other files first, then each stylesheet once the stylesheets it names
	// have their hashed names (a cycle is written as it stands).
	var order, pending []string
	for _, name := range slices.Sorted(mapKeys(files)) {
		if path.Ext(name) == ".css" {
			pending = append(pending, name)
		} else {
			order = append(order, name)
		}
	}
	for len(pending) > 0 {
		ready := slices.DeleteFunc(slices.Clone(pending), func(name string) bool {
			return slices.ContainsFunc(cssRefs(name, files[name]), func(ref string) bool { return ref != name && slices.Contains(pending, ref) })
		})
		if len(ready) == 0 {
			ready = pending
		}
		order = append(order, ready...)
		pending = slices.DeleteFunc(pending, func(name string) bool { return slices.Contains(ready, name) })
	}
	s.assets = make(map[string]string, len(files))
	hashed := make(map[string]string, len(files)) // name → hashed name
	for _, name := range order {
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

// cssURL matches url(…) and @import "…", the references of a stylesheet.
var cssURL = regexp.MustCompile(`(?i)url\(\s*(['"]?)([^'")]+?)(['"]?)\s*\)|@import\s+(['"])([^'"]+)(['"])`)

// cssRef is a reference of a stylesheet to a file of static/, as the
// file's name ("fonts/a.woff2"), or "" for any other reference.
func cssRef(name, ref string) (file, rest string) {
	if strings.Contains(ref, ":") || strings.HasPrefix(ref, "/") || strings.HasPrefix(ref, "#") {
		return "", ""
	}
	file = ref
	if i := strings.IndexAny(ref, "?#"); i >= 0 {
		file, rest = ref[:i], ref[i:]
	}
	return path.Join(path.Dir(name), file), rest
}

// cssRefs lists the static files a stylesheet refers to.
func cssRefs(name string, css []byte) []string {
	var refs []string
	for _, m := range cssURL.FindAllSubmatch(css, -1) {
		if f, _ := cssRef(name, string(m[2])+string(m[5])); f != "" {
			refs = append(refs, f)
		}
	}
	return refs
}

// rewriteCSSURLs points a stylesheet's relative url(…)s and @imports at the
// hashed names of the static files they name.
func rewriteCSSURLs(name string, css []byte, hashed map[string]string) []byte {
	return cssURL.ReplaceAllFunc(css, func(m []byte) []byte {
		sub := cssURL.FindSubmatch(m)
		ref, open, close := string(sub[2]), string(sub[1]), string(sub[3])
		if len(sub[5]) > 0 {
			ref, open, close = string(sub[5]), string(sub[4]), string(sub[6])
		}
		file, rest := cssRef(name, ref)
		h, ok := hashed[file]
		if !ok {
			return m
		}
		rel := path.Base(h)
		if dir := path.Dir(strings.SplitN(ref, "?", 2)[0]); dir != "." {
			rel = dir + "/" + rel
		}
		if len(sub[5]) > 0 {
			return []byte("@import " + open + rel + rest + close)
		}
		return []byte("url(" + open + rel + rest + close + ")")
	})
}
