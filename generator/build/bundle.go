package build

import (
	"io/fs"
	"path"

	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
	"statusdocs/generator/output"
	"statusdocs/generator/site"
)

// writeFiles copies the files of a page's bundle (content's Page bundles)
// beside its index.html, read through the content root's FS and checked
// again as they are copied. English fallback pages and translations
// without their own copy link to the English page's file (package page),
// so each file is written once. It returns how many it wrote.
func (s *Site) writeFiles(p *Page, out output.Output) (int, []flaw.Flaw) {
	var flaws []flaw.Flaw
	n := 0
	dir := path.Dir(site.PageFile(p.Locale, p.Slug))
	for _, f := range p.Page.Files {
		if f.Refused {
			continue
		}
		name := path.Join(s.cfg.Content[p.Root].Name, f.Path)
		data, err := fs.ReadFile(s.cfg.Content[p.Root].FS, f.Path)
		if err != nil {
			flaws = append(flaws, flaw.New(flaw.BadFile, name, 1, 1, "cannot read: %v; not published", err))
			continue
		}
		if msg := content.VetFile(f.Name, data, nil); msg != "" { // changed since it was loaded
			flaws = append(flaws, flaw.New(flaw.UnsafeFile, name, 1, 1, "%s; not published", msg))
			continue
		}
		if err := out.WriteFile(dir+"/"+f.Name, data); err != nil {
			flaws = append(flaws, flaw.New(flaw.BadFile, name, 1, 1, "cannot write: %v; not published", err))
			continue
		}
		n++
	}
	return n, flaws
}
