package page

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing/fstest"

	"gopkg.in/yaml.v3"

	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
	"statusdocs/generator/output"
)

// The layouts folder holds:
//
//	base.html        the frame of every page; defines nothing itself but
//	                 calls the "main" template
//	doc.html         "main" of a docs page
//	home.html        "main" of a locale's home page
//	404.html         "main" of the not-found pages
//	index.html       "main" of the site root, which picks a locale
//	translations.html "main" of a locale's translation status page
//	partials/*.html  shared pieces, available to all; a piece that reads
//	                 only a few fields can be run once per build for each
//	                 value of them: {{partialCached "search" . .Lang}}
//	i18n/{locale}.yaml  UI strings, key: text; each key falls back to en-US
//	static/          files copied to /static/ with a content hash in their
//	                 names; {{asset "site.js"}} is a file's URL, and every
//	                 stylesheet is in .Stylesheets; static/cards/ holds the
//	                 1200×630 og:image of each status class (4xx.png) and
//	                 of other pages (page.png)

// layoutKinds are the page layouts, each parsed with base.html and partials.
var layoutKinds = []string{"doc", "home", "404", "index", "translations"}

// layouts holds the parsed templates of a build.
type Layouts struct {
	tmpl     map[string]*template.Template
	partials *template.Template // partials/*.html alone, for partialCached
	cached   sync.Map           // partialCached's key → template.HTML
	assets   map[string]string  // static file name → URL, for {{asset "name"}}
	ids      map[string]bool    // the ids the layouts write as they are (layoutIDs)
	themeDoc bool               // the docs page is the built-in theme's: writeThemeDoc writes it

	strings   map[string]*uiStrings // UI strings by locale
	missingUI map[string][]string   // locale → UI string keys it lacks
}

// ReadLayouts parses the layouts of a folder (named dir in messages), once
// for a build, and reads the UI strings of the locales. A layout that does
// not parse is a *LayoutError, also given as a layout flaw; a locale with
// no UI strings, or missing some, is a flaw.
func ReadLayouts(fsys fs.FS, dir string, locales []string) (*Layouts, []flaw.Flaw, error) {
	lay, err := parseLayouts(fsys, dir)
	if err != nil {
		var flaws []flaw.Flaw
		if le, ok := errors.AsType[*LayoutError](err); ok {
			flaws = append(flaws, flaw.New(flaw.Layout, le.File, le.Line, 1, "%v", le.Err))
		}
		return nil, flaws, err
	}
	var flaws []flaw.Flaw
	lay.strings, lay.missingUI, flaws = loadStrings(fsys, dir, locales)
	return lay, flaws, nil
}

// MissingStrings reads the UI strings of the locales from a layouts
// folder and returns the keys each lacks, with the flaws ReadLayouts
// reports of them.
func MissingStrings(fsys fs.FS, dir string, locales []string) (map[string][]string, []flaw.Flaw) {
	_, missing, flaws := loadStrings(fsys, dir, locales)
	return missing, flaws
}

// LayoutError is a template that does not parse.
type LayoutError struct {
	File string
	Line int
	Err  error
}

func (e *LayoutError) Error() string { return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err) }

var templateLine = regexp.MustCompile(`template: ([^:]+):(\d+):`)

// parseLayouts parses every layout once, from one reading of the files:
// what themeDoc is decided on is what the templates are made of, however
// the files change meanwhile (a save while serve rebuilds).
func parseLayouts(fsys fs.FS, dir string) (*Layouts, error) {
	files, err := readLayoutFiles(fsys)
	if err != nil {
		return nil, LayoutErrorOf(fsys, dir, err)
	}
	l := &Layouts{tmpl: make(map[string]*template.Template), themeDoc: docSum(files) == themeDocSum}
	funcs := template.FuncMap{
		"lower": strings.ToLower,
		// asset is the URL of a file of static/, with its content hash.
		"asset": func(name string) (string, error) {
			if u, ok := l.assets[name]; ok {
				return u, nil
			}
			return "", fmt.Errorf("asset %q: there is no static/%s", name, name)
		},
		"partialCached": l.partialCached,
	}
	partials := partialFiles(files)
	if len(partials) > 0 {
		t, err := template.New("partials").Funcs(funcs).Option("missingkey=error").ParseFS(files, partials...)
		if err != nil {
			return nil, LayoutErrorOf(fsys, dir, err)
		}
		l.partials = t
	}
	l.ids = layoutIDs(files, append([]string{"base.html"}, partials...))
	for _, kind := range layoutKinds {
		l.ids = mergeIDs(l.ids, layoutIDs(files, []string{kind + ".html"}))
		t, err := template.New("base.html").Funcs(funcs).Option("missingkey=error").ParseFS(files, kindFiles(files, kind)...)
		if err != nil {
			return nil, LayoutErrorOf(fsys, dir, err)
		}
		l.tmpl[kind] = t
	}
	return l, nil
}

// readLayoutFiles reads the templates of a layouts folder: base.html, a
// file for each kind and partials/*.html, those that are there.
func readLayoutFiles(fsys fs.FS) (fstest.MapFS, error) {
	names := []string{"base.html"}
	for _, kind := range layoutKinds {
		names = append(names, kind+".html")
	}
	partials, _ := fs.Glob(fsys, "partials/*.html")
	files := fstest.MapFS{}
	for _, name := range append(names, partials...) {
		data, err := fs.ReadFile(fsys, name)
		if errors.Is(err, fs.ErrNotExist) {
			continue // parsing reports it
		}
		if err != nil {
			return nil, err
		}
		files[name] = &fstest.MapFile{Data: data}
	}
	return files, nil
}

// partialFiles are the partials of the layout files, in order.
func partialFiles(files fs.FS) []string {
	partials, _ := fs.Glob(files, "partials/*.html")
	return partials
}

// kindFiles are the files the layout of a kind of page is parsed from.
func kindFiles(files fs.FS, kind string) []string {
	return append([]string{"base.html", kind + ".html"}, partialFiles(files)...)
}

// literalID is an id attribute written as it is in a layout (id="content"),
// not made by the template ({{.ID}}).
var literalID = regexp.MustCompile(`\bid="([^"{}]+)"`)

// layoutIDs lists the ids the files write as they are: a page body must
// not use them (two elements with one id are invalid HTML, and the skip
// link or the search box would find the page's instead), so headings
// step around them and the cleaner removes them from raw HTML.
func layoutIDs(fsys fs.FS, files []string) map[string]bool {
	ids := map[string]bool{}
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil { // parsing the layouts reports it
			continue
		}
		for _, m := range literalID.FindAllSubmatch(data, -1) {
			ids[string(m[1])] = true
		}
	}
	return ids
}

func mergeIDs(a, b map[string]bool) map[string]bool {
	for id := range b {
		a[id] = true
	}
	return a
}

// partialCached runs the partial name with data once per build for each
// list of keys and reuses its HTML after that, as Hugo's partialCached does:
// the keys must stand for everything the partial reads of data (the page's
// locale for a header, nothing for the stylesheet links). Pieces the same on
// thousands of pages then cost one lookup instead of an escaped action each.
func (l *Layouts) partialCached(name string, data any, keys ...any) (template.HTML, error) {
	var kb strings.Builder
	kb.WriteString(name)
	for _, k := range keys {
		kb.WriteByte(0)
		if s, ok := k.(string); ok { // most keys; fmt costs more than the rest of the call
			kb.WriteString(s)
		} else {
			fmt.Fprint(&kb, k)
		}
	}
	key := kb.String()
	if h, ok := l.cached.Load(key); ok {
		return h.(template.HTML), nil
	}
	if l.partials == nil || l.partials.Lookup(name) == nil {
		return "", fmt.Errorf("partialCached %q: no partial of that name in partials/", name)
	}
	var b strings.Builder
	if err := l.partials.ExecuteTemplate(&b, name, data); err != nil {
		return "", err
	}
	h := template.HTML(b.String())
	l.cached.Store(key, h)
	return h, nil
}

// LayoutErrorOf points a template error at its file and line: the innermost
// template named, as an error in a partial run by partialCached comes
// wrapped in its caller's. Templates are named by file name, and a partial's
// file is under partials/.
func LayoutErrorOf(fsys fs.FS, dir string, err error) *LayoutError {
	le := &LayoutError{File: dir, Err: err}
	if ms := templateLine.FindAllStringSubmatch(err.Error(), -1); ms != nil {
		m := ms[len(ms)-1]
		name := m[1]
		if _, err := fs.Stat(fsys, name); err != nil {
			if _, err := fs.Stat(fsys, "partials/"+name); err == nil {
				name = "partials/" + name
			}
		}
		le.File = path.Join(dir, name)
		le.Line, _ = strconv.Atoi(m[2])
	}
	return le
}

// buffers are reused by write: a page's HTML is 10 to 50 kB.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Write runs a layout of a kind (doc, home, 404, index, translations) and
// hands the HTML to out as name, through a reused buffer.
func (l *Layouts) Write(out output.Output, name, kind string, data *PageData) (layoutErr, writeErr error) {
	b := buffers.Get().(*bytes.Buffer)
	defer buffers.Put(b)
	b.Reset()
	// Room for the page around its body (and its table of contents) at
	// once: a buffer grown to a 100 MB body by doubling ends at 200 MB.
	b.Grow(len(data.Body) + len(data.Body)/8 + 64<<10)
	data.prepare()
	if kind != "doc" || !l.themeDoc || !l.writeThemeDoc(b, data) {
		b.Reset()
		if err := l.tmpl[kind].Execute(b, data); err != nil {
			return err, nil
		}
	}
	return nil, out.WriteFile(name, b.Bytes())
}

// uiStrings are a locale's UI strings with en-US behind them.
type uiStrings struct {
	m   map[string]string // the locale's own strings
	all map[string]string // m with English filling its gaps
}

func newUIStrings(m, fallback map[string]string) *uiStrings {
	all := maps.Clone(fallback)
	if all == nil {
		all = map[string]string{}
	}
	maps.Copy(all, m)
	return &uiStrings{m: m, all: all}
}

func (u *uiStrings) get(key string) string {
	if v, ok := u.all[key]; ok {
		return v
	}
	return key
}

// loadStrings reads i18n/{locale}.yaml for the given locales and reports
// keys a locale is missing.
func loadStrings(fsys fs.FS, dir string, locales []string) (map[string]*uiStrings, map[string][]string, []flaw.Flaw) {
	var flaws []flaw.Flaw
	read := func(locale string) map[string]string {
		name := "i18n/" + locale + ".yaml"
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			flaws = append(flaws, flaw.New(flaw.MissingUIString, path.Join(dir, name), 0, 0,
				"no UI strings for locale %s; English is used", locale))
			return nil
		}
		m := map[string]string{}
		if err := yaml.Unmarshal(data, &m); err != nil {
			flaws = append(flaws, flaw.New(flaw.MissingUIString, path.Join(dir, name), 0, 0, "cannot read UI strings: %v", err))
		}
		return m
	}
	en := read(content.SourceLocale)
	out := map[string]*uiStrings{content.SourceLocale: newUIStrings(en, nil)}
	missingKeys := map[string][]string{}
	keys := make([]string, 0, len(en))
	for k := range en {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, loc := range locales {
		if loc == content.SourceLocale {
			continue
		}
		m := read(loc)
		out[loc] = newUIStrings(m, en)
		if m == nil {
			continue
		}
		var missing []string
		for _, k := range keys {
			if _, ok := m[k]; !ok {
				missing = append(missing, k)
			}
		}
		missingKeys[loc] = missing
		if len(missing) > 0 {
			flaws = append(flaws, flaw.New(flaw.MissingUIString, path.Join(dir, "i18n/"+loc+".yaml"), 0, 0,
				"%d UI strings missing, English is used: %s", len(missing), strings.Join(missing, ", ")))
		}
	}
	return out, missingKeys, flaws
}
