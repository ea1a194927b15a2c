package content

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"strings"
	"unicode/utf8"

	"statusdocs/generator/flaw"
)

// Redirect is one line of a locale's _redirects.txt: a page moved from one
// URL to another. From is always /{locale}/docs/…, as written; Slug is its
// slug, percent-decoded and checked, the only form of the source later
// stages use (as a URL and as the folder of a redirect stub). To is a path
// or an http(s) URL, as written.
type Redirect struct {
	From, To string
	Slug     string
	Locale   string
	File     string
	Line     int
}

func (c *Content) readRedirects(r Root, p, locale string) {
	file := path.Join(r.Name, p)
	data, err := fs.ReadFile(r.FS, p)
	if err != nil {
		c.Flaws = append(c.Flaws, readFlaw(r, p, err))
		return
	}
	rs, flaws := ParseRedirects(file, locale, data)
	c.Redirects = append(c.Redirects, rs...)
	c.Flaws = append(c.Flaws, flaws...)
}

// MaxRedirectPath bounds a redirect's source slug and target, in bytes once
// decoded: a source becomes a folder path under the output folder, which
// together must stay within the 4,096 bytes a system call takes.
const MaxRedirectPath = 2048

// maxSegment is the longest file name most file systems take, in bytes.
const maxSegment = 255

// ParseRedirects reads a _redirects.txt: "FROM<TAB>TO" per line (any
// whitespace separates them), blank lines and '#' comments ignored, lines
// of any length. Each path is percent-decoded once, then checked; a line
// that breaks a rule is a bad-redirect flaw at its line and column and is
// left out, the others are kept. What is let through:
//
//   - FROM: /{locale}/docs/{slug} with the file's own locale (any case), no
//     query or fragment, and a non-empty slug that, decoded, is valid UTF-8 without
//     control characters (U+0000–U+001F, U+007F) or backslashes, has no
//     empty, "." or ".." segment (one trailing slash aside), no segment over
//     255 bytes and at most MaxRedirectPath bytes in all;
//   - TO: an http or https URL, or a path starting with "/" (a #fragment
//     allowed), each without control characters once decoded, and a path
//     also without empty, "." or ".." segments, at most MaxRedirectPath
//     bytes.
func ParseRedirects(file, locale string, data []byte) ([]Redirect, []flaw.Flaw) {
	var rs []Redirect
	var flaws []flaw.Flaw
	n := 0
	for line := range bytes.Lines(data) {
		n++
		text := strings.TrimSpace(string(line))
		if text == "" || text[0] == '#' {
			continue
		}
		r, col, err := parseRedirect(locale, string(line))
		if err != nil {
			flaws = append(flaws, flaw.New(flaw.BadRedirect, file, n, col, "%v", err))
			continue
		}
		r.File, r.Line = file, n
		rs = append(rs, r)
	}
	return rs, flaws
}

// parseRedirect reads one line that is neither blank nor a comment. On error
// col is the column of the field at fault.
func parseRedirect(locale, line string) (r Redirect, col int, err error) {
	fields := strings.Fields(line)
	if len(fields) != 2 {
		return r, 1, fmt.Errorf("expected FROM<TAB>TO, found %d fields", len(fields))
	}
	from, to := fields[0], fields[1]
	fromAt := strings.Index(line, from)
	toAt := fromAt + len(from) + strings.Index(line[fromAt+len(from):], to)
	slug, err := redirectSource(locale, from)
	if err != nil {
		return r, column(line, fromAt), err
	}
	if err := redirectTarget(to); err != nil {
		return r, column(line, toAt), err
	}
	return Redirect{From: from, To: to, Slug: slug, Locale: locale}, 0, nil
}

// column is the 1-based column, in characters, of byte offset off of line.
func column(line string, off int) int { return utf8.RuneCountInString(line[:off]) + 1 }

// redirectSource checks a redirect's FROM and returns its decoded slug.
func redirectSource(locale, from string) (string, error) {
	if strings.ContainsAny(from, "?#") {
		return "", fmt.Errorf("redirect source %s has a query or fragment; hosts redirect paths only", clip(from))
	}
	p, err := decodePath(from)
	if err != nil {
		return "", fmt.Errorf("redirect source %s %w", clip(from), err)
	}
	prefix := "/" + locale + "/docs/"
	if len(p) < len(prefix) || !strings.EqualFold(p[:len(prefix)], prefix) {
		return "", fmt.Errorf("redirect source %s is not under %q", clip(from), prefix)
	}
	slug := strings.TrimSuffix(p[len(prefix):], "/")
	if slug == "" {
		return "", fmt.Errorf("redirect source %s names no page", clip(from))
	}
	if err := checkSegments(slug); err != nil {
		return "", fmt.Errorf("redirect source %s %w", clip(from), err)
	}
	if Generated(slug) {
		return "", fmt.Errorf("redirect source %s is where statusdocs writes the dashboard of translations", clip(from))
	}
	for seg := range strings.SplitSeq(slug, "/") {
		if len(seg) > maxSegment {
			return "", fmt.Errorf("redirect source %s has a segment of %d bytes; a file name holds at most %d", clip(from), len(seg), maxSegment)
		}
	}
	if len(slug) > MaxRedirectPath {
		return "", fmt.Errorf("redirect source %s is %d bytes long; at most %d are kept", clip(from), len(slug), MaxRedirectPath)
	}
	return slug, nil
}

// redirectTarget checks a redirect's TO.
func redirectTarget(to string) error {
	lower := strings.ToLower(to)
	switch {
	case len(to) > MaxRedirectPath:
		return fmt.Errorf("redirect target %s is %d bytes long; at most %d are kept", clip(to), len(to), MaxRedirectPath)
	case strings.HasPrefix(lower, "https://") || strings.HasPrefix(lower, "http://"):
		if _, err := decodePath(to); err != nil {
			return fmt.Errorf("redirect target %s %w", clip(to), err)
		}
		return nil
	case strings.Contains(to, "://"):
		return fmt.Errorf("redirect target %s is not an http or https URL", clip(to))
	case !strings.HasPrefix(to, "/"):
		return fmt.Errorf("redirect target %s is neither a path nor an absolute URL", clip(to))
	}
	p, frag, _ := strings.Cut(to, "#")
	if _, err := decodePath(frag); err != nil {
		return fmt.Errorf("redirect target %s %w", clip(to), err)
	}
	p, err := decodePath(p)
	if err == nil {
		err = checkSegments(strings.TrimSuffix(p[1:], "/"))
	}
	if err != nil {
		return fmt.Errorf("redirect target %s %w", clip(to), err)
	}
	return nil
}

// decodePath percent-decodes p once and refuses what no URL path of the
// site holds: bad escapes, invalid UTF-8, control characters, backslashes.
func decodePath(p string) (string, error) {
	d, err := url.PathUnescape(p)
	switch {
	case err != nil:
		return "", errors.New("has a malformed %-escape")
	case !utf8.ValidString(d):
		return "", errors.New("is not UTF-8 once decoded")
	case strings.ContainsFunc(d, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		return "", errors.New("has a control character once decoded")
	case strings.Contains(d, `\`):
		return "", errors.New("has a backslash once decoded")
	}
	return d, nil
}

// checkSegments refuses a decoded slash path with empty, "." or ".."
// segments, which a host or a file system would read as another path.
func checkSegments(p string) error {
	if p == "" {
		return nil
	}
	for seg := range strings.SplitSeq(p, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return errors.New(`has an empty, "." or ".." segment once decoded`)
		}
	}
	return nil
}

// clip quotes s for a message, cut to 80 characters.
func clip(s string) string {
	if utf8.RuneCountInString(s) > 80 {
		s = string([]rune(s)[:79]) + "…"
	}
	return fmt.Sprintf("%q", s)
}
