package publish

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"

	"statusdocs/generator/output"
	theme "statusdocs/layouts"
)

// Assets are the static files as pages name them.
type Assets struct {
	URLs        map[string]string // file name under static/ → its hashed URL, for {{asset "name"}}
	Stylesheets []string          // the URLs of the stylesheets every page links to, highlight.css last
	Files       int               // files written
}

// Static copies static/ of layouts to static/ with a hash of each file's
// bytes in its name (style.css becomes style.1a2b3c4d5e.css), so that
// hosts may cache them for ever: a changed file is a new URL. It adds the
// built-in theme's stylesheet of highlighted code (highlight.css) unless
// layouts has one.
// Stylesheets name the hashed files in their url(…)s and @imports. base
// puts the site's base path before a URL.
func Static(layouts fs.FS, base func(string) string, out output.Output) (Assets, error) {
	files := map[string][]byte{}
	err := fs.WalkDir(layouts, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(layouts, p)
		files[strings.TrimPrefix(p, "static/")] = data
		return err
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return Assets{}, err
	}
	if _, ok := files["highlight.css"]; !ok {
		css, err := fs.ReadFile(theme.FS, "static/highlight.css")
		if err != nil {
			return Assets{}, err
		}
		files["highlight.css"] = css
	}
	// A stylesheet is written after the files it names, so that it can name
	// their hashed files (a file in a cycle is named as it stands).
	a := Assets{URLs: make(map[string]string, len(files))}
	hashed := make(map[string]string, len(files)) // name → hashed name
	visiting := map[string]bool{}
	var write func(name string) error
	write = func(name string) error {
		if hashed[name] != "" || visiting[name] {
			return nil
		}
		visiting[name] = true
		data := files[name]
		if path.Ext(name) == ".css" {
			for _, ref := range cssRefs(name, data) {
				if _, ok := files[ref]; ok {
					if err := write(ref); err != nil {
						return err
					}
				}
			}
			data = rewriteCSSURLs(name, data, hashed)
		}
		hashed[name] = hashedName(name, data)
		a.URLs[name] = base("/static/" + hashed[name])
		if path.Ext(name) == ".css" {
			a.Stylesheets = append(a.Stylesheets, a.URLs[name])
		}
		a.Files++
		return out.WriteFile("static/"+hashed[name], data)
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := write(name); err != nil {
			return a, err
		}
	}
	// highlight.css comes last: its colors of code win over the layouts' styles.
	if i := slices.Index(a.Stylesheets, a.URLs["highlight.css"]); i >= 0 {
		a.Stylesheets = append(slices.Delete(a.Stylesheets, i, i+1), a.URLs["highlight.css"])
	}
	return a, nil
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

// mayRefer reports whether a stylesheet has what cssURL matches: a
// stylesheet without url( or @import (the theme's) is not searched with
// it, which took 4 ms a build for 20 KB.
func mayRefer(css []byte) bool {
	lower := bytes.ToLower(css)
	return bytes.Contains(lower, []byte("url(")) || bytes.Contains(lower, []byte("@import"))
}

// cssRefs lists the static files a stylesheet refers to.
func cssRefs(name string, css []byte) []string {
	if !mayRefer(css) {
		return nil
	}
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
	if !mayRefer(css) {
		return css
	}
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
