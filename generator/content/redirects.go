package content

import (
	"bufio"
	"bytes"
	"io/fs"
	"path"
	"strings"

	"statusdocs/generator/flaw"
)

// Redirect is one line of a locale's _redirects.txt: a page moved from one
// URL to another. From is always /{locale}/docs/…; To is such a path too,
// or an absolute URL.
type Redirect struct {
	From, To string
	Locale   string
	File     string
	Line     int
}

func (c *Content) readRedirects(r Root, p, locale string) {
	file := path.Join(r.Name, p)
	data, err := fs.ReadFile(r.FS, p)
	if err != nil {
		c.Flaws = append(c.Flaws, flaw.New(flaw.Internal, file, 0, 0, "cannot read: %v", err))
		return
	}
	rs, flaws := ParseRedirects(file, locale, data)
	c.Redirects = append(c.Redirects, rs...)
	c.Flaws = append(c.Flaws, flaws...)
}

// ParseRedirects reads a _redirects.txt: "FROM<TAB>TO" per line, blank lines
// and '#' comments ignored. A FROM outside the file's locale, or a TO that is
// neither a docs path nor an absolute URL, is a bad-redirect flaw.
func ParseRedirects(file, locale string, data []byte) ([]Redirect, []flaw.Flaw) {
	var rs []Redirect
	var flaws []flaw.Flaw
	prefix := "/" + strings.ToLower(locale) + "/docs/"
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) != 2 {
			flaws = append(flaws, flaw.New(flaw.BadRedirect, file, n, 1, "expected FROM<TAB>TO, found %d fields", len(fields)))
			continue
		}
		from, to := fields[0], fields[1]
		lowerTo := strings.ToLower(to)
		switch {
		case !strings.HasPrefix(strings.ToLower(from), prefix):
			flaws = append(flaws, flaw.New(flaw.BadRedirect, file, n, 1, "redirect source %q is not under %q", from, "/"+locale+"/docs/"))
		case path.Clean(from) != strings.TrimSuffix(from, "/"):
			flaws = append(flaws, flaw.New(flaw.BadRedirect, file, n, 1, "redirect source %q has empty, \".\" or \"..\" segments", from))
		case strings.Contains(to, "://") && !strings.HasPrefix(lowerTo, "https://") && !strings.HasPrefix(lowerTo, "http://"):
			flaws = append(flaws, flaw.New(flaw.BadRedirect, file, n, len(from)+2, "redirect target %q is not an http or https URL", to))
		case !strings.HasPrefix(to, "/") && !strings.Contains(to, "://"):
			flaws = append(flaws, flaw.New(flaw.BadRedirect, file, n, len(from)+2, "redirect target %q is neither a path nor an absolute URL", to))
		default:
			rs = append(rs, Redirect{From: from, To: to, Locale: locale, File: file, Line: n})
		}
	}
	return rs, flaws
}
