package content

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	"statusdocs/generator/flaw"
)

// Page bundles
//
// A file beside a page's index.md that is not markdown (an image, a
// download) belongs to the page: it is listed in Page.Files and published
// beside the page's index.html, where the page's relative links to it
// lead. Only files directly in the folder of an index.md count: files of a
// folder that is no page, of a subfolder, and every .md file are never
// published.
//
// Such a file is served from the site's origin, so a script in it would
// run as the site's own. The allowlist, which is the spec:
//
//   - raster images (bundleTypes: .png .jpg .jpeg .gif .webp .avif .ico)
//     whose first bytes are those of their type, and downloads (.pdf .zip
//     .txt .csv .mp3 .mp4 .ogg .webm) as they are;
//   - SVG images that are well-formed XML with an <svg> root and none of:
//     script, foreignObject, iframe, embed, object, handler or listener
//     elements, elements in the XHTML namespace, on* attributes, href
//     values other than fragments, relative URLs, http(s), mailto and
//     raster data: images, animations that set an href or on* attribute,
//     xml:base, entity declarations, processing instructions but <?xml?>.
//
// Anything else (.html, .js, .xml, an SVG that fails the rules, an image
// whose bytes are not of its type) is an unsafe-file error at 1:1 of the
// file and is not published; links to it are broken links.

// BundleFile is a file of a page's bundle.
type BundleFile struct {
	Name    string // file name in the page's folder: "diagram.svg"
	Path    string // slash path inside the content root
	Refused bool   // not published: it failed the rules above (an unsafe-file flaw says why)
}

// FindFile returns the file of the page's bundle with that name.
func (p *Page) FindFile(name string) (BundleFile, bool) {
	i, ok := slices.BinarySearchFunc(p.Files, name, func(f BundleFile, n string) int { return strings.Compare(f.Name, n) })
	if !ok {
		return BundleFile{}, false
	}
	return p.Files[i], true
}

// bundleTypes are the extensions published, with the first bytes a file
// of that type starts with ("" for any, "svg" for the SVG rules).
var bundleTypes = map[string][]string{
	".png": {"\x89PNG\r\n\x1a\n"}, ".jpg": {"\xff\xd8\xff"}, ".jpeg": {"\xff\xd8\xff"},
	".gif": {"GIF87a", "GIF89a"}, ".webp": {"RIFF"}, ".avif": {"\x00\x00\x00"}, ".ico": {"\x00\x00\x01\x00"},
	".svg": {"svg"},
	".pdf": {"%PDF-"}, ".zip": {"PK"}, ".txt": {""}, ".csv": {""},
	".mp3": {""}, ".mp4": {""}, ".ogg": {"OggS"}, ".webm": {"\x1a\x45\xdf\xa3"},
}

// FileExt reports an extension (".svg", any case) of a file a page may
// have beside it, published or refused: a relative link ending in one is
// read as a link to a file of a bundle, not to a page.
func FileExt(ext string) bool {
	ext = strings.ToLower(ext)
	_, ok := bundleTypes[ext]
	return ok || scriptTypes[ext]
}

// scriptTypes are files a browser could run script from.
var scriptTypes = map[string]bool{".html": true, ".htm": true, ".xhtml": true, ".xht": true, ".xml": true,
	".js": true, ".mjs": true, ".svgz": true, ".css": true, ".wasm": true, ".swf": true}

// bundled is a file the walk found that may belong to a page.
type bundled struct {
	root int
	path string
}

// attachFiles gives each index.md page the files found beside it, checking
// each against the rules of a bundle.
func (c *Content) attachFiles(roots []Root, files []bundled) {
	if len(files) == 0 {
		return // most sites: nothing beside the pages, and no need to know the pages' folders
	}
	type folder struct {
		root int
		dir  string
	}
	owners := make(map[folder]*Page, len(c.Pages))
	for _, p := range c.Pages {
		if path.Base(p.Path) == "index.md" {
			owners[folder{p.Root, path.Dir(p.Path)}] = p
		}
	}
	for _, f := range files {
		p := owners[folder{f.root, path.Dir(f.path)}]
		if p == nil {
			continue // not beside a page: never published
		}
		bf := BundleFile{Name: path.Base(f.path), Path: f.path}
		if msg := c.vetFile(roots[f.root], f.path); msg != "" {
			bf.Refused = true
			c.Flaws = append(c.Flaws, flaw.New(flaw.UnsafeFile, path.Join(roots[f.root].Name, f.path), 1, 1, "%s; not published", msg).
				Suggest("publish images as PNG, JPEG, GIF, WebP, AVIF or a plain SVG, downloads as PDF, ZIP, text or media"))
		}
		p.Files = append(p.Files, bf)
	}
	for _, p := range c.Pages {
		if len(p.Files) > 1 {
			slices.SortFunc(p.Files, func(a, b BundleFile) int { return strings.Compare(a.Name, b.Name) })
		}
	}
}

// AppendFileKey appends the key of a file of the content to b: its
// root's index and its path in the root, for maps of a site's files,
// looked up without a string made for each.
func AppendFileKey(b []byte, root int, p string) []byte {
	return append(append(strconv.AppendInt(b, int64(root), 10), ':'), p...)
}

// vetFile says why a file beside a page may not be published, or "".
func (c *Content) vetFile(r Root, p string) string {
	ext := strings.ToLower(path.Ext(p))
	magic, ok := bundleTypes[ext]
	if !ok {
		if scriptTypes[ext] {
			return "a file of type " + quoteExt(ext) + " could run script on the site"
		}
		return "files of type " + quoteExt(ext) + " are not among those published beside pages"
	}
	var data []byte
	var err error
	if ext == ".svg" {
		data, err = fs.ReadFile(r.FS, p)
	} else {
		data, err = readHead(r.FS, p, 16)
	}
	if err != nil {
		c.Flaws = append(c.Flaws, readFlaw(r, p, err))
		return "cannot be read"
	}
	return VetFile(p, data, magic)
}

// VetFile says why a file of a bundle may not be published, or "", from
// its name and its bytes (or their start, but for an SVG).
func VetFile(name string, data []byte, magic []string) string {
	if magic == nil {
		magic = bundleTypes[strings.ToLower(path.Ext(name))]
	}
	if slices.Equal(magic, []string{"svg"}) {
		return vetSVG(data)
	}
	for _, m := range magic {
		if bytes.HasPrefix(data, []byte(m)) {
			return ""
		}
	}
	return "its bytes are not those of a " + quoteExt(path.Ext(name)) + " file"
}

func quoteExt(ext string) string {
	if ext == "" {
		return "(no extension)"
	}
	return "\"" + strings.ToLower(ext) + "\""
}

func readHead(fsys fs.FS, p string, n int) ([]byte, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, n)
	k, err := io.ReadFull(f, buf)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return buf[:k], nil
}

// svgRefused are the SVG elements (lower case) that can run or embed
// script or documents.
var svgRefused = map[string]bool{"script": true, "foreignobject": true, "iframe": true, "embed": true,
	"object": true, "handler": true, "listener": true}

// vetSVG says why an SVG image is refused, or "" (see Page bundles).
func vetSVG(data []byte) string {
	if msg := vetSVGMarkup(data); msg != "" {
		return msg
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	root := true
	for {
		tok, err := d.Token()
		if err == io.EOF {
			if root {
				return "not an SVG image: no <svg> element"
			}
			return ""
		}
		if err != nil {
			return "not a well-formed SVG image: " + err.Error()
		}
		var msg string
		switch t := tok.(type) {
		case xml.ProcInst:
			if t.Target != "xml" {
				msg = "processing instruction <?" + t.Target + "?> is not allowed in an SVG image"
			}
		case xml.Directive:
			if bytes.Contains(bytes.ToUpper(t), []byte("ENTITY")) {
				msg = "entity declarations are not allowed in an SVG image"
			}
		case xml.StartElement:
			if root && strings.ToLower(t.Name.Local) != "svg" {
				return "not an SVG image: the root element is <" + t.Name.Local + ">"
			}
			root = false
			msg = vetSVGElement(t)
		}
		if msg != "" {
			return msg
		}
	}
}

// vetSVGMarkup refuses the markup that XML parsers read differently, so
// that what the browser reads is what vetSVG checked: a DOCTYPE (its
// internal subset can give every element an attribute, onload included,
// and encoding/xml and a browser disagree on where it ends), CDATA
// sections, and processing instructions but the XML declaration at the
// start. Comments stay: drawing programs write them.
func vetSVGMarkup(data []byte) string {
	body := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	if bytes.HasPrefix(body, []byte("<?xml")) && len(body) > 5 && (body[5] == ' ' || body[5] == '?' || body[5] == '\t' || body[5] == '\r' || body[5] == '\n') {
		end := bytes.Index(body, []byte("?>"))
		if end < 0 {
			return "not a well-formed SVG image: the XML declaration does not end"
		}
		body = body[end+2:]
	}
	for i := bytes.IndexByte(body, '<'); i >= 0; i = next(body, i) {
		rest := body[i+1:]
		switch {
		case bytes.HasPrefix(rest, []byte("!--")):
			end := bytes.Index(rest, []byte("-->"))
			if end < 0 {
				return "not a well-formed SVG image: a comment does not end"
			}
			i += end // past the comment: its text is not markup
		case bytes.HasPrefix(rest, []byte("!")):
			return "a DOCTYPE or CDATA section is not allowed in an SVG image"
		case bytes.HasPrefix(rest, []byte("?")):
			return "a processing instruction is not allowed in an SVG image"
		}
	}
	return ""
}

// next is the index of the next "<" in b after i, or -1.
func next(b []byte, i int) int {
	j := bytes.IndexByte(b[i+1:], '<')
	if j < 0 {
		return -1
	}
	return i + 1 + j
}

// vetSVGElement says why an element of an SVG image is refused, or "".
func vetSVGElement(t xml.StartElement) string {
	name := strings.ToLower(t.Name.Local)
	switch {
	case svgRefused[name]:
		return "an SVG image with a <" + t.Name.Local + "> element could run script"
	case strings.Contains(strings.ToLower(t.Name.Space), "xhtml"):
		return "an SVG image with HTML elements could run script"
	}
	for _, a := range t.Attr {
		k := strings.ToLower(a.Name.Local)
		switch {
		case strings.HasPrefix(k, "on"):
			return "an SVG image with an event handler (" + a.Name.Local + ") could run script"
		case k == "base":
			return "xml:base is not allowed in an SVG image"
		case k == "href" && !safeHref(a.Value):
			return "an SVG image with a link to " + quoteScheme(a.Value) + " could run script"
		case k == "attributename" && setsScript(a.Value):
			return "an SVG animation that sets " + a.Value + " could run script"
		}
	}
	return ""
}

// setsScript reports an animation's attributeName that could make a
// link or a handler run script: any href, any on* attribute.
func setsScript(name string) bool {
	name = strings.ToLower(strings.TrimSpace(name))
	_, local, _ := strings.Cut(name, ":")
	return strings.Contains(name, "href") || strings.HasPrefix(name, "on") || strings.HasPrefix(local, "on")
}

// safeHref reports a URL an SVG image may hold: no scheme (a fragment or
// a relative URL), or http, https or mailto, or a raster data: image.
func safeHref(u string) bool {
	scheme, rest, ok := urlScheme(u)
	switch {
	case !ok:
		return true
	case scheme == "http", scheme == "https", scheme == "mailto":
		return true
	case scheme == "data":
		for _, t := range []string{"image/png", "image/gif", "image/jpeg", "image/webp", "image/avif"} {
			if strings.HasPrefix(rest, t+";") || strings.HasPrefix(rest, t+",") {
				return true
			}
		}
	}
	return false
}

// urlScheme splits a URL's scheme (lower case) from the rest, read as a
// browser reads it: controls and spaces ignored, any case. ok is false for
// a URL with no scheme.
func urlScheme(u string) (scheme, rest string, ok bool) {
	u = strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, strings.ToLower(u))
	scheme, rest, ok = strings.Cut(u, ":")
	if !ok || strings.ContainsAny(scheme, "/?#") {
		return "", u, false
	}
	return scheme, rest, true
}

func quoteScheme(u string) string {
	s, _, _ := urlScheme(u)
	return "a " + s + ": URL"
}
