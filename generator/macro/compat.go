package macro

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"html"
	"slices"
	"strings"
	"sync"
)

// Compat is browser compatibility data in the shape of
// @mdn/browser-compat-data's data.json: the full file (--bcd) or the
// subset `make data` extracts. Features are decoded when asked for, so a
// full 20 MB file costs little more than reading it.
type Compat struct {
	Meta     map[string]string
	Browsers map[string]Browser
	tree     map[string]json.RawMessage
	features sync.Map // key → *Feature (nil for none), decoded once
}

// Browser is a browser of the data.
type Browser struct {
	Name string `json:"name"`
	Type string `json:"type"` // desktop, mobile, server, …
}

// Feature is a compat key: its own support data, and its subfeatures in
// the order the data lists them.
type Feature struct {
	Key      string
	Compat   *CompatData
	Children []*Feature
}

// CompatData is the __compat object of a feature.
type CompatData struct {
	Description string                `json:"description"`
	SpecURL     stringList            `json:"spec_url"`
	Support     map[string]statements `json:"support"`
	Status      struct {
		Deprecated   bool `json:"deprecated"`
		Experimental bool `json:"experimental"`
	} `json:"status"`
}

// Statement is one support statement of a browser.
type Statement struct {
	VersionAdded          version    `json:"version_added"`
	VersionRemoved        version    `json:"version_removed"`
	PartialImplementation bool       `json:"partial_implementation"`
	Prefix                string     `json:"prefix"`
	AlternativeName       string     `json:"alternative_name"`
	Flags                 []struct{} `json:"flags"`
	Notes                 stringList `json:"notes"`
}

// statements are a browser's statements, written as one object or a list.
type statements []Statement

func (s *statements) UnmarshalJSON(b []byte) error {
	if b = bytes.TrimSpace(b); len(b) > 0 && b[0] == '[' {
		return json.Unmarshal(b, (*[]Statement)(s))
	}
	var one Statement
	if err := json.Unmarshal(b, &one); err != nil {
		return err
	}
	*s = statements{one}
	return nil
}

// stringList is a string or a list of strings.
type stringList []string

func (l *stringList) UnmarshalJSON(b []byte) error {
	if b = bytes.TrimSpace(b); len(b) > 0 && b[0] == '[' {
		return json.Unmarshal(b, (*[]string)(l))
	}
	var one string
	if err := json.Unmarshal(b, &one); err != nil {
		return err
	}
	*l = stringList{one}
	return nil
}

// version is a version string, true (supported, version unknown), false
// (not supported) or null (unknown).
type version struct {
	Value string
	Known bool // false for null or a missing field
	Yes   bool // supported
}

func (v *version) UnmarshalJSON(b []byte) error {
	switch s := string(bytes.TrimSpace(b)); s {
	case "null":
		*v = version{}
	case "true":
		*v = version{Known: true, Yes: true}
	case "false":
		*v = version{Known: true}
	default:
		if err := json.Unmarshal(b, &v.Value); err != nil {
			return err
		}
		v.Known, v.Yes = true, true
	}
	return nil
}

// ParseCompat reads a data.json (or a subset of one).
func ParseCompat(data []byte) (*Compat, error) {
	c := &Compat{}
	if err := json.Unmarshal(data, &c.tree); err != nil {
		return nil, fmt.Errorf("reading compatibility data: %w", err)
	}
	if err := decodeIfAny(c.tree["browsers"], &c.Browsers); err != nil {
		return nil, fmt.Errorf("reading compatibility data: browsers: %w", err)
	}
	if err := decodeIfAny(c.tree["__meta"], &c.Meta); err != nil {
		return nil, fmt.Errorf("reading compatibility data: __meta: %w", err)
	}
	return c, nil
}

func decodeIfAny(raw json.RawMessage, v any) error {
	if raw == nil {
		return nil
	}
	return json.Unmarshal(raw, v)
}

//go:embed data/compat.json
var compatJSON []byte

// EmbeddedCompat is the compatibility data built into the program.
var EmbeddedCompat = embedded(compatJSON, ParseCompat)

// embedded parses a file built into the program, once, when first asked.
func embedded[T any](data []byte, parse func([]byte) (*T, error)) func() *T {
	return sync.OnceValue(func() *T {
		v, err := parse(data)
		if err != nil {
			panic(err) // the embedded files are tested; they cannot be broken at run time
		}
		return v
	})
}

// Feature returns the feature with a dotted key ("http.status.103"), or nil.
// It is safe for concurrent use; the result must not be changed.
func (c *Compat) Feature(key string) *Feature {
	if c == nil || key == "" {
		return nil
	}
	if f, ok := c.features.Load(key); ok {
		return f.(*Feature)
	}
	f := c.decode(key)
	c.features.Store(key, f)
	return f
}

func (c *Compat) decode(key string) *Feature {
	parts := strings.Split(key, ".")
	raw, ok := c.tree[parts[0]]
	for _, p := range parts[1:] {
		if !ok {
			return nil
		}
		var level map[string]json.RawMessage
		if json.Unmarshal(raw, &level) != nil {
			return nil
		}
		raw, ok = level[p]
	}
	if !ok || parts[0] == "browsers" || parts[0] == "__meta" {
		return nil
	}
	f, err := decodeFeature(key, raw)
	if err != nil {
		return nil
	}
	return f
}

// decodeFeature decodes a feature and its subfeatures, keeping their order.
func decodeFeature(key string, raw json.RawMessage) (*Feature, error) {
	f := &Feature{Key: key}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, fmt.Errorf("feature %s is not an object", key)
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		name, _ := t.(string)
		var sub json.RawMessage
		if err := dec.Decode(&sub); err != nil {
			return nil, err
		}
		if name == "__compat" {
			f.Compat = new(CompatData)
			if err := json.Unmarshal(sub, f.Compat); err != nil {
				return nil, err
			}
			continue
		}
		child, err := decodeFeature(key+"."+name, sub)
		if err != nil {
			return nil, err
		}
		f.Children = append(f.Children, child)
	}
	return f, nil
}

// compatColumns are the browsers of the table, as MDN shows them.
var compatColumns = []struct{ group, label string }{
	{"desktop", "compat_desktop"},
	{"mobile", "compat_mobile"},
}

var browserOrder = map[string][]string{
	"desktop": {"chrome", "edge", "firefox", "opera", "safari"},
	"mobile":  {"chrome_android", "firefox_android", "opera_android", "safari_ios", "samsunginternet_android", "webview_android", "webview_ios"},
}

func registerCompat(r *Registry, c *Compat) {
	r.Register("Compat", func(env Env, args []Arg) (Output, error) {
		if err := argCount(args, 0, 2); err != nil { // a second argument was a depth
			return Output{}, err
		}
		keys := env.Page().BrowserCompat
		if len(args) > 0 && strings.TrimSpace(args[0].Value) != "" {
			keys = []string{strings.TrimSpace(args[0].Value)}
		}
		if len(keys) == 0 {
			if env.Page().Translation {
				// MDN's translations keep a Compat section that their
				// English page dropped: the fix is to drop it too.
				env.Report("unknown-compat-key", "no compat key: the en-US page has no browser-compat, so this translation's compatibility section has nothing to show: remove it, as the English page did")
			} else {
				env.Report("unknown-compat-key", "no compat key: give one, or set browser-compat in the front matter")
			}
			return Output{Block: true, HTML: `<p class="compat-missing">` + html.EscapeString(env.T("compat_missing")) + "</p>"}, nil
		}
		var b strings.Builder
		for _, k := range keys {
			f := c.Feature(k)
			if f == nil {
				env.Report("unknown-compat-key", "no compatibility data for %q", k)
				b.WriteString(`<p class="compat-missing">` + html.EscapeString(env.T("compat_missing")) + "</p>")
				continue
			}
			b.WriteString(compatTable(env, c, f))
		}
		return Output{Block: true, HTML: b.String()}, nil
	})
}

// compatTable renders a feature and its subfeatures as a table: one row per
// feature, one column per browser, notes as numbered footnotes below.
func compatTable(env Env, c *Compat, f *Feature) string {
	rows := []*Feature{f}
	if f.Compat == nil {
		rows = nil
	}
	rows = append(rows, f.Children...)
	groups := map[string][]string{}
	for _, g := range compatColumns {
		for _, id := range browserOrder[g.group] {
			if _, ok := c.Browsers[id]; ok {
				groups[g.group] = append(groups[g.group], id)
			}
		}
	}
	t := &compatWriter{env: env, c: c, id: strings.ReplaceAll(f.Key, ".", "-")}
	t.head(groups)
	for _, row := range rows {
		if row.Compat != nil {
			t.row(row, f, groups)
		}
	}
	return t.finish()
}

type compatWriter struct {
	env   Env
	c     *Compat
	id    string
	b     strings.Builder
	notes []string
}

func (t *compatWriter) head(groups map[string][]string) {
	fmt.Fprintf(&t.b, `<figure class="compat" id="compat-%s"><table class="bc-table">`, t.id)
	t.b.WriteString("<thead><tr><td rowspan=\"2\"></td>")
	for _, g := range compatColumns {
		if n := len(groups[g.group]); n > 0 {
			fmt.Fprintf(&t.b, `<th scope="colgroup" colspan="%d">%s</th>`, n, html.EscapeString(t.env.T(g.label)))
		}
	}
	t.b.WriteString("</tr><tr>")
	for _, g := range compatColumns {
		for _, id := range groups[g.group] {
			fmt.Fprintf(&t.b, `<th scope="col" class="bc-browser-%s">%s</th>`, id, html.EscapeString(t.c.Browsers[id].Name))
		}
	}
	t.b.WriteString("</tr></thead><tbody>\n")
}

func (t *compatWriter) row(f, top *Feature, groups map[string][]string) {
	name := "<code>" + html.EscapeString(f.Key[strings.LastIndexByte(f.Key, '.')+1:]) + "</code>"
	if f.Compat.Description != "" && f != top {
		name = f.Compat.Description // HTML from the data package
	}
	t.b.WriteString(`<tr><th scope="row">` + name)
	if f.Compat.Status.Deprecated {
		t.b.WriteString(` <span class="icon icon-deprecated" role="img" aria-label="` + html.EscapeString(t.env.T("badge_deprecated")) + `"></span>`)
	}
	if f.Compat.Status.Experimental {
		t.b.WriteString(` <span class="icon icon-experimental" role="img" aria-label="` + html.EscapeString(t.env.T("badge_experimental")) + `"></span>`)
	}
	t.b.WriteString("</th>")
	for _, g := range compatColumns {
		for _, id := range groups[g.group] {
			t.cell(f.Compat.Support[id], t.c.Browsers[id].Name)
		}
	}
	t.b.WriteString("</tr>\n")
}

// cell writes one browser's support: the first statement's version, and
// the rest (notes, flags, prefixes, other statements) as footnotes.
func (t *compatWriter) cell(st statements, browser string) {
	if len(st) == 0 {
		t.b.WriteString(`<td class="bc-support-unknown" title="` + html.EscapeString(t.env.T("compat_unknown")) + `">?</td>`)
		return
	}
	s := st[0]
	level, text := t.level(s)
	fmt.Fprintf(&t.b, `<td class="bc-support-%s"><span class="visually-hidden">%s: %s. </span>%s`,
		level, html.EscapeString(browser), html.EscapeString(t.env.T("compat_"+level)), html.EscapeString(text))
	var notes []string
	if s.Prefix != "" {
		notes = append(notes, fmt.Sprintf(t.env.T("compat_prefix"), "<code>"+html.EscapeString(s.Prefix)+"</code>"))
	}
	if s.AlternativeName != "" {
		notes = append(notes, fmt.Sprintf(t.env.T("compat_alternative"), "<code>"+html.EscapeString(s.AlternativeName)+"</code>"))
	}
	if len(s.Flags) > 0 {
		notes = append(notes, html.EscapeString(t.env.T("compat_flags")))
	}
	notes = append(notes, s.Notes...)
	for _, other := range st[1:] {
		_, text := t.level(other)
		notes = append(notes, html.EscapeString(t.env.T("compat_also")+" "+text))
	}
	for _, n := range notes {
		i := slices.Index(t.notes, n) // one footnote for a note many browsers share
		if i < 0 {
			t.notes = append(t.notes, n)
			i = len(t.notes) - 1
		}
		fmt.Fprintf(&t.b, `<sup><a href="#compat-%s-note-%d">%d</a></sup>`, t.id, i+1, i+1)
	}
	t.b.WriteString("</td>")
}

// level classifies a statement and writes its version range.
func (t *compatWriter) level(s Statement) (string, string) {
	switch {
	case !s.VersionAdded.Known:
		return "unknown", "?"
	case !s.VersionAdded.Yes:
		return "no", t.env.T("compat_no_short")
	}
	text := s.VersionAdded.Value
	if text == "" {
		text = t.env.T("compat_yes_short")
	}
	level := "yes"
	if s.PartialImplementation {
		level = "partial"
	}
	if s.VersionRemoved.Known && s.VersionRemoved.Yes {
		level = "removed"
		text += "–" + s.VersionRemoved.Value
	}
	return level, text
}

func (t *compatWriter) finish() string {
	t.b.WriteString("</tbody></table>")
	if len(t.notes) > 0 {
		t.b.WriteString(`<ol class="bc-notes">`)
		for i, n := range t.notes {
			fmt.Fprintf(&t.b, `<li id="compat-%s-note-%d">%s</li>`, t.id, i+1, n)
		}
		t.b.WriteString("</ol>")
	}
	t.b.WriteString("</figure>")
	return t.b.String()
}
