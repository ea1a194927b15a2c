package content

import (
	"bytes"
	"unicode/utf8"
)

// Reading plain front matter
//
// Most front matter is a few lines of the plainest YAML: a key, a colon
// and a one-line string, and l10n's sourceCommit indented under it, as in
//
//	title: "404 Not Found"
//	slug: Web/HTTP/Status/404
//	l10n:
//	  sourceCommit: 0123abc…
//
// yaml.v3 reads that into a yaml.Node and decodes the node into the
// struct, some 30 µs a page, a twentieth of a cold build. plainFrontMatter
// reads such text itself, a line at a time, and gives up on anything
// else: any YAML it is not sure to read as yaml.v3 does (escapes,
// comments, anchors, tags, flow collections, multi-line scalars, nulls,
// duplicate keys, tabs, CRs, characters YAML forbids or takes for line
// breaks) goes to yaml.v3, which also writes the errors. FuzzPlainFrontMatter
// holds what it reads to yaml.v3's reading on any text.

// plainMeta is what decodeMeta needs of front matter text: its values,
// the line of each top-level key, and the line of l10n.sourceCommit (0
// when it has none).
type plainMeta struct {
	fm               frontMatter
	keys             map[string]int
	sourceCommitLine int
}

// plainFrontMatter reads front matter text of the plainest YAML (see
// above); ok is false for any other text.
func plainFrontMatter(data []byte) (m plainMeta, ok bool) {
	m.keys = map[string]int{}
	lines := bytes.SplitAfter(data, []byte("\n"))
	if len(lines[len(lines)-1]) == 0 {
		lines = lines[:len(lines)-1]
	}
	for i := 0; i < len(lines); {
		key, value, ok := keyValue(lines[i])
		if !ok || m.keys[key] != 0 || len(m.keys) == MaxYAMLKeys {
			return m, false
		}
		m.keys[key] = i + 1
		if value != nil {
			if !m.set(key, *value) {
				return m, false
			}
			i++
			continue
		}
		// A key with nothing after its colon: a mapping or a list
		// indented under it.
		n, ok := m.nested(key, lines[i+1:], i+2)
		if !ok {
			return m, false
		}
		i += 1 + n
	}
	return m, len(m.keys) > 0
}

// set sets a top-level key's one-line value.
func (m *plainMeta) set(key string, v scalar) bool {
	str, l := m.field(key)
	if str != nil {
		*str = v.text
		return true
	}
	if l != nil {
		*l = nil
		if v.text != "" { // "" is no value (StringList.UnmarshalYAML)
			*l = StringList{v.text}
		}
		return true
	}
	return key != "l10n" // any other key is read and ignored; l10n must be a mapping
}

// nested reads the lines under a key that has no value on its own line,
// the first of them line first: for l10n a mapping, for a list a
// sequence; it says how many lines it read.
func (m *plainMeta) nested(key string, lines [][]byte, first int) (int, bool) {
	indent := indentOf(lines)
	if indent == 0 && (key == "l10n" || len(lines) == 0 || !bytes.HasPrefix(lines[0], []byte("- "))) {
		return 0, false // YAML would read the key's value as null, or the lines as more keys
	}
	n := 0
	var list StringList
	for ; n < len(lines) && indentOf(lines[n:n+1]) == indent && (indent > 0 || bytes.HasPrefix(lines[n], []byte("- "))); n++ {
		line := lines[n][indent:]
		if key != "l10n" {
			item, ok := bytes.CutPrefix(line, []byte("- "))
			v, ok2 := plainScalar(item)
			if !ok || !ok2 || v.text == "" && !v.quoted {
				return 0, false
			}
			list = append(list, v.text)
			continue
		}
		// Only sourceCommit, once: yaml.v3 would read and ignore other
		// keys, but check them for repeats.
		k, v, ok := keyValue(line)
		if !ok || v == nil || k != "sourceCommit" || m.sourceCommitLine != 0 {
			return 0, false
		}
		m.fm.L10n.SourceCommit, m.sourceCommitLine = v.text, first+n
	}
	if n == 0 || n < len(lines) && indentOf(lines[n:n+1]) > indent {
		return 0, false // nothing under the key, or deeper lines YAML reads otherwise
	}
	if key == "l10n" {
		return n, true
	}
	str, l := m.field(key)
	if str != nil {
		return 0, false // a list where a string is wanted: yaml.v3's error
	}
	if l != nil {
		*l = list
	}
	return n, true
}

// field is the field of frontMatter a key sets: a string or a list; both
// nil for a key it has none for (or l10n, a struct).
func (m *plainMeta) field(key string) (*string, *StringList) {
	fm := &m.fm
	switch key {
	case "title":
		return &fm.Title, nil
	case "slug":
		return &fm.Slug, nil
	case "page-type":
		return &fm.PageType, nil
	case "short-title":
		return &fm.ShortTitle, nil
	case "sidebar":
		return &fm.Sidebar, nil
	case "original_slug":
		return &fm.OriginalSlug, nil
	case "spec-urls":
		return nil, &fm.SpecURLs
	case "browser-compat":
		return nil, &fm.BrowserCompat
	case "status":
		return nil, &fm.Status
	}
	return nil, nil
}

// indentOf is the spaces that start the first of lines, 0 when there is
// none.
func indentOf(lines [][]byte) int {
	if len(lines) == 0 {
		return 0
	}
	l := lines[0]
	n := 0
	for n < len(l) && l[n] == ' ' {
		n++
	}
	return n
}

// scalar is a one-line value: its text, and whether it was quoted.
type scalar struct {
	text   string
	quoted bool
}

// keyValue reads a line "key: value" or "key:"; value is nil for the
// latter.
func keyValue(line []byte) (key string, value *scalar, ok bool) {
	line = bytes.TrimSuffix(line, []byte("\n"))
	i := 0
	for i < len(line) && isKeyByte(line[i]) {
		i++
	}
	if i == 0 || i > maxPlainKey || i == len(line) || line[i] != ':' {
		return "", nil, false
	}
	key, rest := string(line[:i]), line[i+1:]
	if len(bytes.Trim(rest, " ")) == 0 {
		return key, nil, true
	}
	if rest[0] != ' ' {
		return "", nil, false
	}
	v, ok := plainScalar(rest)
	if !ok || v.text == "" && !v.quoted {
		return "", nil, false
	}
	return key, &v, true
}

// maxPlainKey is the longest key read plainly: YAML reads a key of more
// than 1,024 characters without "?" as no key at all.
const maxPlainKey = 128

func isKeyByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_'
}

// plainScalar reads a one-line value, spaces around it: a string in
// double quotes without escapes, in single quotes without a quote, or a
// plain one, which yaml.v3 gives a string field as it is written
// (404, true and 2024-01-01 included), null aside.
func plainScalar(b []byte) (scalar, bool) {
	b = bytes.TrimSuffix(b, []byte("\n"))
	b = bytes.Trim(b, " ")
	if len(b) == 0 || !allowedText(b) {
		return scalar{}, false
	}
	switch q := b[0]; q {
	case '"', '\'':
		inner := b[1:]
		if len(inner) == 0 || inner[len(inner)-1] != q {
			return scalar{}, false
		}
		inner = inner[:len(inner)-1]
		if bytes.IndexByte(inner, q) >= 0 || q == '"' && bytes.IndexByte(inner, '\\') >= 0 {
			return scalar{}, false
		}
		return scalar{text: string(inner), quoted: true}, true
	}
	if indicator[b[0]] || bytes.Contains(b, []byte(": ")) || bytes.Contains(b, []byte(" #")) || b[len(b)-1] == ':' || isNull(b) {
		return scalar{}, false
	}
	return scalar{text: string(b)}, true
}

// indicator are the bytes that may give a plain value's first byte
// another meaning in YAML, or start some other kind of node.
var indicator = func() (set [256]bool) {
	for _, c := range []byte("-?:,[]{}#&*!|>'\"%@`") {
		set[c] = true
	}
	return set
}()

// isNull reports the plain values that YAML reads as null.
func isNull(b []byte) bool {
	switch string(b) {
	case "null", "Null", "NULL", "~":
		return true
	}
	return false
}

// allowedText reports whether b is UTF-8 of printable characters that
// YAML reads as such: no controls, tabs or CRs, and none of the
// characters it forbids or takes for line breaks (NEL, LS, PS) or a
// byte order mark.
func allowedText(b []byte) bool {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c < ' ' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError || r <= 0x9f || r == 0x2028 || r == 0x2029 || r == 0xfeff || r >= 0xfffe && r <= 0xffff || r >= 0xd800 && r <= 0xdfff {
			return false
		}
		i += n
	}
	return true
}
