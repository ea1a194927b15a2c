package content

import (
	"bufio"
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unique"

	"github.com/adrg/frontmatter"
	"gopkg.in/yaml.v3"

	"statusdocs/generator/flaw"
	"statusdocs/generator/internal/nearest"
)

// Meta is the front matter a page may set besides title and slug.
type Meta struct {
	PageType      string     `yaml:"page-type"`
	ShortTitle    string     `yaml:"short-title"`
	Sidebar       string     `yaml:"sidebar"`
	SpecURLs      StringList `yaml:"spec-urls"`
	BrowserCompat StringList `yaml:"browser-compat"`
	Status        StringList `yaml:"status"`
	OriginalSlug  string     `yaml:"original_slug"`
	L10n          struct {
		SourceCommit string `yaml:"sourceCommit"`
	} `yaml:"l10n"`
}

// StringList is a front matter value written as one string or a list.
type StringList []string

// UnmarshalYAML accepts a scalar or a sequence of scalars.
func (l *StringList) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		if n.Value != "" {
			*l = StringList{n.Value}
		}
		return nil
	}
	var list []string
	if err := n.Decode(&list); err != nil {
		return err
	}
	*l = list
	return nil
}

type frontMatter struct {
	Title string `yaml:"title"`
	Slug  string `yaml:"slug"`
	Meta  `yaml:",inline"`
}

// rawFrontMatter is the YAML text between the "---" lines, and the file
// line it starts on.
type rawFrontMatter struct {
	data []byte
	line int
}

type fmError struct {
	line int
	msg  string
}

// yamlFormat lets adrg/frontmatter find the front matter and hand back its
// text, which is decoded here so that errors keep their line numbers.
var yamlFormat = frontmatter.NewFormat("---", "---", func(data []byte, v any) error {
	*v.(*[]byte) = data
	return nil
})

// headReaders read the heads of pages for adrg/frontmatter, which reads
// through a bufio.Reader and takes one it is given as it is: pooled, a
// page costs no buffer of its own (4 KB, 80 MB at 20,000 pages).
var headReaders = sync.Pool{New: func() any { return bufio.NewReader(nil) }}

// splitFrontMatter returns the body, with the front matter blanked out, and
// the front matter's text, or nil when the page has none.
func splitFrontMatter(data []byte) ([]byte, *rawFrontMatter, *fmError) {
	var fm []byte
	// adrg/frontmatter copies all that follows the front matter; it is
	// given only the head, up to the second "---" line, which is all it reads.
	head := data[:headEnd(data)]
	r := headReaders.Get().(*bufio.Reader)
	r.Reset(bytes.NewReader(head))
	rest, err := frontmatter.Parse(r, &fm, yamlFormat)
	r.Reset(nil)
	headReaders.Put(r)
	if err != nil {
		return nil, nil, &fmError{1, fmt.Sprintf("cannot read front matter: %v", err)}
	}
	consumed := len(head) - len(rest)
	rest = data[consumed:]
	if consumed == 0 {
		if opensFrontMatter(data) {
			return nil, nil, &fmError{1, "front matter opened with \"---\" is never closed"}
		}
		return data, nil, nil
	}
	head = data[:consumed]
	open := bytes.Index(head, []byte("---"))
	raw := &rawFrontMatter{data: fm, line: bytes.Count(head[:open], []byte("\n")) + 2}
	body := make([]byte, 0, len(data))
	body = append(body, bytes.Repeat([]byte("\n"), bytes.Count(head, []byte("\n")))...)
	body = append(body, rest...)
	return body, raw, nil
}

// headEnd is the end of the second line of data that is "---" once
// trimmed, or len(data): front matter, if any, ends there at the latest.
func headEnd(data []byte) int {
	seen := 0
	for i := 0; i < len(data); {
		n := bytes.IndexByte(data[i:], '\n')
		end := i + n + 1
		if n < 0 {
			end = len(data)
		}
		if string(bytes.TrimSpace(data[i:end])) == "---" {
			if seen++; seen == 2 {
				return end
			}
		}
		i = end
	}
	return len(data)
}

// opensFrontMatter reports whether the first non-blank line is "---".
func opensFrontMatter(data []byte) bool {
	for off := 0; off < len(data); {
		l := lineAt(data, off)
		if t := bytes.TrimSpace(l); len(t) > 0 {
			return string(t) == "---"
		}
		off += len(l)
	}
	return false
}

type decoded struct {
	Meta
	Title, Slug      string
	slugLine         int
	sourceCommitLine int
}

var required = []string{"title", "slug"}

// decodeMeta decodes front matter text. A nil result means the page cannot
// be used; the flaws say why.
func decodeMeta(file string, raw *rawFrontMatter) (*decoded, []flaw.Flaw) {
	m, ok := plainFrontMatter(raw.data)
	if !ok {
		var f *flaw.Flaw
		if m, f = yamlFrontMatter(file, raw); f != nil {
			return nil, []flaw.Flaw{*f}
		}
	}
	fm, keys := &m.fm, m.keys
	d := &decoded{Meta: fm.Meta, Title: strings.TrimSpace(fm.Title), Slug: strings.TrimSpace(fm.Slug), slugLine: raw.line + keys["slug"] - 1}
	var flaws []flaw.Flaw
	for _, k := range required {
		if (k == "title" && d.Title != "") || (k == "slug" && d.Slug != "") {
			continue
		}
		f := flaw.New(flaw.FrontMatter, file, raw.line-1, 1, "missing required key %q; page left out", k)
		if near, line := nearestKey(k, keys); near != "" {
			f.Line = raw.line + line - 1
			f = f.Suggest("%q looks like a misspelling of %q", near, k)
		}
		flaws = append(flaws, f)
	}
	if keys["slug"] == 0 {
		d.slugLine = raw.line - 1
	}
	if m.sourceCommitLine > 0 {
		d.sourceCommitLine = raw.line + m.sourceCommitLine - 1
	}
	if len(flaws) > 0 {
		return nil, flaws
	}
	if st := compactList(d.Status); len(st) > maxStatus {
		flaws = append(flaws, flaw.New(flaw.TooLong, file, raw.line+keys["status"]-1, 1,
			"status has %d values; the first %d are kept", len(st), maxStatus))
		d.Status = st[:maxStatus]
	} else {
		d.Status = st
	}
	for _, t := range []struct {
		key string
		s   *string
	}{{"title", &d.Title}, {"short-title", &d.ShortTitle}} {
		if cut, ok := CutTitle(*t.s); !ok {
			flaws = append(flaws, flaw.New(flaw.TooLong, file, raw.line+keys[t.key]-1, 1,
				"%s is %d bytes long; cut to %d", t.key, len(*t.s), MaxTitle))
			*t.s = cut
		}
	}
	d.intern()
	return d, flaws
}

// yamlFrontMatter reads front matter text with yaml.v3: any text that
// plainFrontMatter does not read. A flaw says why a page cannot be used.
func yamlFrontMatter(file string, raw *rawFrontMatter) (plainMeta, *flaw.Flaw) {
	var m plainMeta
	var doc yaml.Node
	if err := yaml.Unmarshal(raw.data, &doc); err != nil {
		f := yamlFlaw(file, raw.line, err)
		return m, &f
	}
	if big := LargeMapping(&doc); big != nil {
		f := flaw.New(flaw.FrontMatter, file, raw.line+big.Line-1, big.Column,
			"front matter has a mapping of more than %d keys; page left out", MaxYAMLKeys)
		return m, &f
	}
	if len(doc.Content) > 0 {
		if err := doc.Content[0].Decode(&m.fm); err != nil {
			f := yamlFlaw(file, raw.line, err)
			return m, &f
		}
	}
	m.keys, m.sourceCommitLine = keyLines(&doc), sourceCommitLine(&doc)
	return m, nil
}

// maxStatus is how many values a page's status keeps, once repeats are
// dropped: each is a badge on the page and beside its link in the sidebar
// of every page of the locale, and MDN has three (experimental,
// deprecated, non-standard).
const maxStatus = 8

// compactList is l without repeats, in order.
func compactList(l StringList) StringList {
	seen := make(map[string]bool, len(l))
	return slices.DeleteFunc(l, func(v string) bool {
		if seen[v] {
			return true
		}
		seen[v] = true
		return false
	})
}

// MaxTitle is the length in bytes past which a title is cut: a page's
// title is in the sidebar, the menus and the lists of many other pages
// (a title of 1 MB in one translation made 88 MB of the 81 pages of
// content/), and MDN's are under 100 characters.
const MaxTitle = 512

// CutTitle is s cut to at most MaxTitle bytes, on a character's boundary,
// with "…" at the end; ok when it was short enough already.
func CutTitle(s string) (cut string, ok bool) {
	if len(s) <= MaxTitle {
		return s, true
	}
	end := MaxTitle - len("…")
	for end > 0 && !utf8.RuneStart(s[end]) {
		end--
	}
	return s[:end] + "…", false
}

// intern keeps once what many pages share: the slug of a page in every
// locale, and the type, sidebar, specifications, compat keys and status
// that the translations of a page repeat (package unique). unique keeps a
// value only while a Handle to it lives, so pages read between two
// collections share it, and a later page makes it again: at 100,000 pages
// the YAML strings a build keeps fell from 11 MB (330,000 of them) to 1.5 MB.
func (d *decoded) intern() {
	d.Slug = intern(d.Slug)
	m := &d.Meta
	m.PageType, m.Sidebar, m.ShortTitle = intern(m.PageType), intern(m.Sidebar), intern(m.ShortTitle)
	m.L10n.SourceCommit = intern(m.L10n.SourceCommit)
	for _, l := range []StringList{m.SpecURLs, m.BrowserCompat, m.Status} {
		for i, v := range l {
			l[i] = intern(v)
		}
	}
}

func intern(s string) string {
	if s == "" {
		return s
	}
	return unique.Make(s).Value()
}

// keyLines maps each top-level key of a mapping to its line in the YAML text.
func keyLines(doc *yaml.Node) map[string]int {
	m := map[string]int{}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return m
	}
	c := doc.Content[0].Content
	for i := 0; i+1 < len(c); i += 2 {
		m[c[i].Value] = c[i].Line
	}
	return m
}

// sourceCommitLine is the line of l10n.sourceCommit in the YAML text, or 0.
func sourceCommitLine(doc *yaml.Node) int {
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return 0
	}
	top := doc.Content[0].Content
	for i := 0; i+1 < len(top); i += 2 {
		if top[i].Value != "l10n" || top[i+1].Kind != yaml.MappingNode {
			continue
		}
		for j, kv := 0, top[i+1].Content; j+1 < len(kv); j += 2 {
			if kv[j].Value == "sourceCommit" {
				return kv[j].Line
			}
		}
	}
	return 0
}

// nearestKey finds a key that is probably a misspelling of want.
func nearestKey(want string, keys map[string]int) (string, int) {
	best, bestLine, bestDist := "", 0, 3
	for k, line := range keys {
		if k == want {
			continue
		}
		if d := nearest.Distance(letters(k), want); d < bestDist || (d == bestDist && best != "" && k < best) {
			best, bestLine, bestDist = k, line, d
		}
	}
	return best, bestLine
}

// letters keeps the lower-case letters of a key: mangled keys such as
// "s-swug" are compared as "sswug".
func letters(k string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return unicode.ToLower(r)
		}
		return -1
	}, k)
}

var yamlLine = regexp.MustCompile(`line (\d+): `)

// yamlFlaw turns a YAML error into a flaw at the file line it names.
func yamlFlaw(file string, start int, err error) flaw.Flaw {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.TrimPrefix(msg, "unmarshal errors:\n  ")
	line := start
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		line = start + n - 1
		msg = strings.Replace(msg, m[0], "", 1)
	}
	return flaw.New(flaw.FrontMatter, file, line, 1, "front matter is not valid YAML: %s; page left out", strings.ReplaceAll(msg, "\n", "; "))
}
