package site

import (
	"errors"
	"io/fs"
	"path"

	"statusdocs/generator/markdown"
)

// Code highlighting styles, light and dark.
const (
	lightStyle = "github"
	darkStyle  = "github-dark"
)

// writeStatic copies layouts/static/ to static/ and writes the stylesheet
// of highlighted code, remembering the stylesheets pages link to.
func (s *Site) writeStatic(out Output, res *Result) error {
	err := fs.WalkDir(s.cfg.Layouts, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(s.cfg.Layouts, p)
		if err != nil {
			return err
		}
		if path.Ext(p) == ".css" {
			s.stylesheets = append(s.stylesheets, s.base("/"+p))
		}
		res.Files++
		return out.WriteFile(p, data)
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	css, err := markdown.HighlightCSS(lightStyle, darkStyle)
	if err != nil {
		return err
	}
	s.stylesheets = append(s.stylesheets, s.base("/static/highlight.css"))
	res.Files++
	return out.WriteFile("static/highlight.css", []byte(css))
}
