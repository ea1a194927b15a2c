package content

import (
	"bytes"
	"cmp"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"unicode/utf8"

	"statusdocs/generator/flaw"
)

// Page is one markdown file.
type Page struct {
	File             string // root name joined with Path, for messages
	Path             string // slash path inside the root
	Root             int    // index of the root it came from
	Locale           string // canonical case: "zh-TW"
	Folder           string // the page's folder below the locale: "web/http/reference/status/500"
	Slug             string
	Title            string
	Meta             Meta
	FrontMatter      bool         // false for plain markdown
	Plain            bool         // from a root without locale folders (see Plain markdown)
	SlugLine         int          // line of the slug key, for messages (1 without front matter)
	SourceCommitLine int          // line of l10n.sourceCommit, or of the slug when there is none
	SidebarMacro     bool         // the body calls {{HTTPSidebar}}, the older way to ask for a sidebar
	Files            []BundleFile // the files beside an index.md, by name (see Page bundles)
	// SourceHash is the hash of the file's bytes, where a PageCache set
	// it (package build's, which keeps it in its records rather than in a
	// table of every page that the walkers would share).
	SourceHash [16]byte

	// Body is the markdown after the front matter, which is replaced by
	// blank lines so that line numbers are the file's. It is valid UTF-8,
	// without BOM, with LF line endings.
	Body []byte
}

// Parse reads one page. file names it in messages, p is its path inside the
// content root and locale its canonical locale. A nil page means the page is
// unusable; the flaws say why.
func Parse(file, p, locale string, data []byte) (*Page, []flaw.Flaw) {
	return parse(file, p, folderOf(p), locale, data)
}

// parse reads one page whose page folder is folder.
func parse(file, p, folder, locale string, data []byte) (*Page, []flaw.Flaw) {
	if msg := notText(data); msg != "" {
		return nil, []flaw.Flaw{flaw.New(flaw.BadFile, file, 1, 1, "%s; page left out", msg).
			Suggest("save the page as UTF-8 text, or delete it")}
	}
	var flaws []flaw.Flaw
	data, flaws = clean(file, data, flaws)
	pg := &Page{File: file, Path: p, Locale: locale, Folder: folder}
	body, fm, err := splitFrontMatter(data)
	if err != nil {
		return nil, append(flaws, flaw.New(flaw.FrontMatter, file, err.line, 1, "%s; page left out", err.msg))
	}
	pg.SidebarMacro = bytes.Contains(body, []byte("idebar")) && sidebarMacro.Match(body)
	if fm == nil {
		pg.Body = body
		pg.Slug = pg.Folder
		pg.Title = titleFromH1(pg.Body)
		if pg.Title == "" {
			pg.Title = path.Base(pg.Folder)
		}
		if cut, ok := CutTitle(pg.Title); !ok {
			flaws = append(flaws, flaw.New(flaw.TooLong, file, 1, 1, "the title, the page's first heading, is %d bytes long; cut to %d", len(pg.Title), MaxTitle))
			pg.Title = cut
		}
		pg.SlugLine = 1
		if msg := checkSlug(pg.Slug, pg.Slug); msg != "" && pg.Slug != "" {
			return nil, append(flaws, flaw.New(flaw.BadFile, file, 1, 1, "the page's folder %q cannot be a slug: %s; page left out", pg.Slug, msg))
		}
		return pg, flaws
	}
	pg.FrontMatter = true
	pg.Body = body
	meta, mflaws := decodeMeta(file, fm)
	flaws = append(flaws, mflaws...)
	if meta == nil {
		return nil, flaws
	}
	pg.Meta, pg.Title, pg.Slug, pg.SlugLine = meta.Meta, meta.Title, meta.Slug, meta.slugLine
	pg.SourceCommitLine = cmp.Or(meta.sourceCommitLine, meta.slugLine)
	want := Folder(pg.Slug)
	if msg := checkSlug(pg.Slug, want); msg != "" {
		return nil, append(flaws, flaw.New(flaw.FrontMatter, file, pg.SlugLine, 1, "unsafe slug %q: %s; page left out", pg.Slug, msg))
	}
	if want != pg.Folder {
		flaws = append(flaws, flaw.New(flaw.SlugMismatch, file, pg.SlugLine, 1,
			"slug %q belongs in folder %q, but the page is in %q", pg.Slug, want, pg.Folder).
			Suggest("move the file to %s/%s/index.md or fix the slug", strings.ToLower(locale), want))
	}
	return pg, flaws
}

// sidebarMacro finds {{HTTPSidebar}} in a page's markdown.
var sidebarMacro = regexp.MustCompile(`(?i)\{\{\s*httpsidebar\s*\}\}`)

// ReadBody returns the page's markdown: Body when Load kept it, otherwise
// the file read again from fsys and prepared as Parse prepares it. Large
// sites load every page's front matter first and read each text only when
// it is rendered, so that they never hold all of them at once.
func (p *Page) ReadBody(fsys fs.FS) ([]byte, error) {
	if p.Body != nil {
		return p.Body, nil
	}
	data, err := fs.ReadFile(fsys, p.Path)
	if err != nil {
		return nil, err
	}
	data, _ = clean(p.File, data, nil)
	body, fm, ferr := splitFrontMatter(data)
	if ferr != nil {
		return nil, fmt.Errorf("%s:%d: %s", p.File, ferr.line, ferr.msg)
	}
	if fm == nil {
		titleFromH1(body)
	}
	return body, nil
}

// notText says why data cannot be a page, or returns "": a file that is
// empty, or only white space, would be published as a page with no text;
// one with a NUL byte is not text (an image, or UTF-16).
func notText(data []byte) string {
	if len(bytes.TrimSpace(trimBOMs(data))) == 0 {
		return "the file is empty"
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		line, col := Position(data, i)
		return fmt.Sprintf("the file is not text: it has a NUL byte (line %d, column %d)", line, col)
	}
	return ""
}

// trimBOMs drops the byte order marks data starts with: one, and any an
// editor added again after it.
func trimBOMs(data []byte) []byte {
	for bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		data = data[3:]
	}
	return data
}

// clean makes data valid UTF-8 with LF line endings and no BOM.
func clean(file string, data []byte, flaws []flaw.Flaw) ([]byte, []flaw.Flaw) {
	data = trimBOMs(data)
	if bytes.IndexByte(data, '\r') >= 0 {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
		data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
	}
	if !utf8.Valid(data) {
		off := firstInvalid(data)
		line, col := Position(data, off)
		flaws = append(flaws, flaw.New(flaw.InvalidUTF8, file, line, col,
			"invalid UTF-8 byte 0x%02x; replaced with U+FFFD", data[off]).Suggest("save the file as UTF-8"))
		data = bytes.ToValidUTF8(data, []byte("\uFFFD"))
	}
	return flatten(file, data, flaws)
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return 0
}

// folderOf is the page folder of a path: "en-us/a/b/index.md" → "a/b",
// "en-us/a/b.md" → "a/b".
func folderOf(p string) string {
	_, rest, _ := strings.Cut(p, "/")
	if rest == "index.md" {
		return ""
	}
	if dir, ok := strings.CutSuffix(rest, "/index.md"); ok {
		return dir
	}
	return strings.TrimSuffix(rest, ".md")
}

// Folder is the folder MDN stores a slug in: lower case, with the
// characters that are awkward in file names spelled out.
func Folder(slug string) string {
	return folderReplacer.Replace(strings.ToLower(slug))
}

var folderReplacer = strings.NewReplacer("*", "_star_", "::", "_doublecolon_", ":", "_colon_", "?", "_question_")

// maxSlug and maxSlugDepth bound a slug, in bytes and in segments: a
// page's URL is in the links, sidebars and menus of many others, and in
// the path of its files, and its breadcrumbs link each page above it (a
// chain of 500 pages made 53 MB of them). MDN's slugs are under 200 bytes
// and 8 segments.
const (
	maxSlug      = 1024
	maxSlugDepth = 32
)

// maxName is the longest file name, in bytes, that common file systems
// (ext4, APFS, NTFS in UTF-16 units) take.
const maxName = 255

// checkSlug says what makes a slug unsafe as a path, or "" if nothing
// does; folder is Folder(slug). A slug names a folder of the output
// ({locale}/docs/{slug}/) and of the content (folder), so each of its names
// must be one that file systems take: no "..", no control characters, none
// longer than maxName bytes in either spelling, and none that Windows
// keeps for devices; and the slug within maxSlug and maxSlugDepth.
func checkSlug(slug, folder string) string {
	switch {
	case slug == "":
		return "empty"
	case Generated(slug):
		return fmt.Sprintf("%q is where statusdocs writes the dashboard of translations", TranslationsSlug)
	case strings.HasPrefix(slug, "/"):
		return "it starts with \"/\""
	case strings.ContainsRune(slug, '\\'):
		return "it contains a backslash"
	case strings.IndexFunc(slug, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0:
		return "it contains a control character"
	}
	all := slug
	for more := true; more; {
		var seg, fseg string
		seg, slug, more = strings.Cut(slug, "/")
		fseg, folder, _ = strings.Cut(folder, "/")
		switch n := max(len(seg), len(fseg)); {
		case seg == ".." || seg == ".":
			return fmt.Sprintf("it contains a %q segment", seg)
		case seg == "":
			return "it contains an empty segment"
		case n > maxName:
			return fmt.Sprintf("a segment is %d bytes long, over the %d a file name may have", n, maxName)
		case reservedName(seg):
			return fmt.Sprintf("%q is a device name on Windows", seg)
		}
	}
	if len(all) > maxSlug {
		return fmt.Sprintf("it is %d bytes long, over %d", len(all), maxSlug)
	}
	if n := strings.Count(all, "/") + 1; n > maxSlugDepth {
		return fmt.Sprintf("it has %d segments, over %d", n, maxSlugDepth)
	}
	return ""
}

// TranslationsSlug is the slug of each locale's dashboard of translations,
// which the build writes: no page or redirect may take it.
const TranslationsSlug = "_translations"

// Generated reports whether a slug is, or is below, one the build writes
// a page of its own at, in any case (hosts may match paths without it).
func Generated(slug string) bool {
	first, _, _ := strings.Cut(slug, "/")
	return strings.EqualFold(first, TranslationsSlug)
}

// reservedName reports whether Windows keeps a file name for a device:
// CON, PRN, AUX, NUL, COM1-9 and LPT1-9 (also with ¹²³), CONIN$ and CONOUT$,
// in any case, followed by nothing, spaces, or an extension after "." or
// ":" (as Go's path/filepath has it for Windows).
func reservedName(name string) bool {
	if i := strings.IndexAny(name, ".:"); i >= 0 {
		name = name[:i]
	}
	name = strings.TrimRight(name, " ")
	if len(name) < 3 {
		return false
	}
	switch base, num := name[:3], name[3:]; {
	case num == "":
		return equalFold(base, "CON", "PRN", "AUX", "NUL")
	case equalFold(base, "COM", "LPT"):
		switch num {
		case "1", "2", "3", "4", "5", "6", "7", "8", "9", "\u00b9", "\u00b2", "\u00b3":
			return true
		}
		return false
	}
	return equalFold(name, "CONIN$", "CONOUT$")
}

// equalFold reports whether s is one of names, regardless of case.
func equalFold(s string, names ...string) bool {
	for _, n := range names {
		if strings.EqualFold(s, n) {
			return true
		}
	}
	return false
}

// titleFromH1 finds the first level-1 heading outside fenced code, returns its
// text and blanks its line (or lines, for a setext heading) in body. It
// reads a line at a time: a list of a page's lines costs 24 bytes a line, a
// gigabyte for a page of 40 million empty ones.
func titleFromH1(body []byte) string {
	fence := ""
	for off := 0; off < len(body); {
		l := lineAt(body, off)
		s := bytes.TrimRight(l, "\n")
		t := bytes.TrimLeft(s, " ")
		switch {
		case fence != "":
			if bytes.HasPrefix(t, []byte(fence)) {
				fence = ""
			}
		case bytes.HasPrefix(t, []byte("```")) || bytes.HasPrefix(t, []byte("~~~")):
			fence = string(t[:3])
		case bytes.HasPrefix(t, []byte("# ")) || string(t) == "#":
			title := plainTitle(strings.TrimRight(strings.TrimSpace(string(t[1:])), "#"))
			blank(body[off : off+len(s)])
			return title
		case len(t) > 0 && len(s)-len(t) < 4 && !listItem.Match(t) && isSetextH1(lineAt(body, off+len(l))):
			title := plainTitle(string(t))
			blank(body[off : off+len(l)+len(lineAt(body, off+len(l)))])
			return title
		}
		off += len(l)
	}
	return ""
}

// lineAt is the line of text that starts at off, with its "\n"; empty at
// the end of text.
func lineAt(text []byte, off int) []byte {
	if i := bytes.IndexByte(text[off:], '\n'); i >= 0 {
		return text[off : off+i+1]
	}
	return text[off:]
}

var listItem = regexp.MustCompile(`^([-*+]|\d{1,9}[.)])(\s|$)`)

func isSetextH1(l []byte) bool {
	t := bytes.TrimSpace(l)
	return len(t) > 0 && len(bytes.Trim(t, "=")) == 0
}

// blank turns text into spaces, keeping newlines, so offsets stay put.
func blank(b []byte) {
	for i := range b {
		if b[i] != '\n' {
			b[i] = ' '
		}
	}
}

// plainTitle drops the markdown emphasis and code marks from a heading.
func plainTitle(s string) string {
	return strings.TrimSpace(strings.NewReplacer("**", "", "__", "", "`", "").Replace(s))
}
