package content

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/adrg/frontmatter"

	"statusdocs/generator/flaw"
)

// seed002 is a real page without front matter, whose first line is an H1
// and whose third line is "---".
const seed002 = "../../../shared/corpus/seeds/002_954e0f0b52c97371.txt"

func withSourceCommit(m Meta, commit string) Meta {
	m.L10n.SourceCommit = commit
	return m
}

type wantFlaw struct {
	kind      string
	line, col int
	text      string // a substring of the message or the suggestion
}

// wantPage is what a parsed page must hold. marker, when set, is a text of
// the body that must sit on line markerLine, as it does in the file.
type wantPage struct {
	title, slug string
	frontMatter bool
	slugLine    int
	meta        Meta
	body        string // "" to leave the body unchecked
	marker      string
	markerLine  int
	lacks       string // a text the body must not contain
}

// parseTests are the cases of TestParse and the seed corpus of FuzzParse.
// A nil page means Parse must leave the page out. bug, when set, names a
// known defect: the case is skipped while it fails.
var parseTests = []struct {
	name  string
	path  string // default "zh-tw/web/http/status/404/index.md"
	data  string
	seed  string // read data from this file; skip the case if it is absent
	page  *wantPage
	flaws []wantFlaw
	bug   string
}{
	{
		name: "front matter",
		data: `---
title: "404 Not Found"
slug: Web/HTTP/Status/404
page-type: http-status-code
spec-urls: https://httpwg.org/specs/rfc9110.html#status.404
browser-compat: http.status.404
l10n:
  sourceCommit: 0123456789abcdef
---

Some text, marker.
`,
		page: &wantPage{
			title: "404 Not Found", slug: "Web/HTTP/Status/404", frontMatter: true, slugLine: 3,
			meta: withSourceCommit(Meta{
				PageType:      "http-status-code",
				SpecURLs:      StringList{"https://httpwg.org/specs/rfc9110.html#status.404"},
				BrowserCompat: StringList{"http.status.404"},
			}, "0123456789abcdef"),
			body:   strings.Repeat("\n", 10) + "Some text, marker.\n",
			marker: "marker", markerLine: 11,
		},
	},
	{
		name: "lists",
		data: `---
slug: Web/HTTP/Status/404
title: Not found
spec-urls:
  - https://a.example/1
  - https://a.example/2
browser-compat: [http.status.404, http.status.410]
status:
  - experimental
---
marker
`,
		page: &wantPage{
			title: "Not found", slug: "Web/HTTP/Status/404", frontMatter: true, slugLine: 2,
			meta: Meta{
				SpecURLs:      StringList{"https://a.example/1", "https://a.example/2"},
				BrowserCompat: StringList{"http.status.404", "http.status.410"},
				Status:        StringList{"experimental"},
			},
			marker: "marker", markerLine: 11,
		},
	},
	{
		name: "blank lines before front matter",
		data: "\n\n---\ntitle: T\nslug: web/http/status/404\n---\nmarker\n",
		page: &wantPage{title: "T", slug: "web/http/status/404", frontMatter: true, slugLine: 5, marker: "marker", markerLine: 7},
	},
	{
		name: "front matter at end of file",
		data: "---\ntitle: T\nslug: web/http/status/404\n---",
		page: &wantPage{title: "T", slug: "web/http/status/404", frontMatter: true, slugLine: 3, body: "\n\n\n"},
	},
	{
		name: "special characters in slug",
		path: "en-us/web/css/_doublecolon_after/index.md",
		data: "---\ntitle: \"::after\"\nslug: Web/CSS/::after\n---\n",
		page: &wantPage{title: "::after", slug: "Web/CSS/::after", frontMatter: true, slugLine: 3},
	},
	{
		name: "BOM",
		data: "\ufeff---\ntitle: T\nslug: Web/HTTP/Status/404\n---\nmarker\n",
		page: &wantPage{title: "T", slug: "Web/HTTP/Status/404", frontMatter: true, slugLine: 3,
			body: "\n\n\n\nmarker\n", marker: "marker", markerLine: 5},
	},
	{
		name: "BOM without front matter",
		data: "\ufeff# Title\nmarker\n",
		page: &wantPage{title: "Title", slug: "web/http/status/404", slugLine: 1, body: "       \nmarker\n"},
	},
	{
		name: "CRLF",
		data: "---\r\ntitle: T\r\nslug: Web/HTTP/Status/404\r\n---\r\nline\r\n\r\nmarker\r\n",
		page: &wantPage{title: "T", slug: "Web/HTTP/Status/404", frontMatter: true, slugLine: 3,
			body: "\n\n\n\nline\n\nmarker\n", marker: "marker", markerLine: 7},
	},
	{
		name: "invalid UTF-8",
		data: "---\ntitle: T\nslug: Web/HTTP/Status/404\n---\nok\n日本\xff\xfe marker\n",
		page: &wantPage{title: "T", slug: "Web/HTTP/Status/404", frontMatter: true, slugLine: 3,
			marker: "marker", markerLine: 6},
		flaws: []wantFlaw{{flaw.InvalidUTF8, 6, 3, "0xff"}},
	},
	{
		name:  "invalid UTF-8 after BOM and CRLF",
		data:  "\ufeff# T\r\n\r\na\x80\r\nmarker\r\n",
		page:  &wantPage{title: "T", slug: "web/http/status/404", slugLine: 1, marker: "marker", markerLine: 4},
		flaws: []wantFlaw{{flaw.InvalidUTF8, 3, 2, "0x80"}},
	},
	{
		name:  "invalid UTF-8 with CR line endings",
		data:  "# T\r\rab\xff marker\r",
		page:  &wantPage{title: "T", slug: "web/http/status/404", slugLine: 1, marker: "marker", markerLine: 3},
		flaws: []wantFlaw{{flaw.InvalidUTF8, 3, 3, "0xff"}},
	},
	{
		name:  "front matter not closed",
		data:  "---\ntitle: T\nslug: Web/HTTP/Status/404\n\nbody\n",
		flaws: []wantFlaw{{flaw.FrontMatter, 1, 1, "never closed"}},
	},
	{
		name:  "only an opening line",
		data:  "---",
		flaws: []wantFlaw{{flaw.FrontMatter, 1, 1, "never closed"}},
	},
	{
		name:  "invalid YAML",
		data:  "---\ntitle: T\nslug: Web/HTTP/Status/404\nspec-urls: [\n---\nbody\n",
		flaws: []wantFlaw{{flaw.FrontMatter, 4, 1, "not valid YAML"}},
	},
	{
		name:  "invalid YAML after blank lines",
		data:  "\n\n---\ntitle: T\nfoo: bar: baz\nslug: Web/HTTP/Status/404\n---\n",
		flaws: []wantFlaw{{flaw.FrontMatter, 5, 1, "not valid YAML"}},
	},
	{
		name:  "wrong YAML type",
		data:  "---\nslug: Web/HTTP/Status/404\ntitle: [a, b]\n---\n",
		flaws: []wantFlaw{{flaw.FrontMatter, 3, 1, "not valid YAML"}},
	},
	{
		name:  "too many keys",
		data:  "---\ntitle: T\nslug: Web/HTTP/Status/404\nl10n:\n" + strings.Repeat("  k: v\n", MaxYAMLKeys) + "  k2: v\n---\n",
		flaws: []wantFlaw{{flaw.FrontMatter, 5, 3, "more than 256 keys"}},
	},
	{
		name:  "misspelled title",
		data:  "---\nslug: Web/HTTP/Status/404\ntitwe: Not Found\n---\n",
		flaws: []wantFlaw{{flaw.FrontMatter, 3, 1, `"titwe" looks like a misspelling of "title"`}},
	},
	{
		name:  "misspelled slug",
		data:  "---\ntitle: T\n\nslig: Web/HTTP/Status/404\n---\n",
		flaws: []wantFlaw{{flaw.FrontMatter, 4, 1, `"slig" looks like a misspelling of "slug"`}},
	},
	{
		name:  "missing slug",
		data:  "---\ntitle: T\n---\n",
		flaws: []wantFlaw{{flaw.FrontMatter, 1, 1, `missing required key "slug"`}},
	},
	{
		name: "empty front matter",
		data: "---\n---\nbody\n",
		flaws: []wantFlaw{
			{flaw.FrontMatter, 1, 1, `missing required key "title"`},
			{flaw.FrontMatter, 1, 1, `missing required key "slug"`},
		},
	},
	{
		name:  "slug with ..",
		data:  "---\ntitle: T\nslug: ../x\n---\n",
		flaws: []wantFlaw{{flaw.FrontMatter, 3, 1, "unsafe slug"}},
	},
	{
		name:  "absolute slug",
		data:  "---\ntitle: T\nslug: /abs\n---\n",
		flaws: []wantFlaw{{flaw.FrontMatter, 3, 1, "unsafe slug"}},
	},
	{
		name:  "slug with backslash",
		data:  "---\ntitle: T\nslug: a\\b\n---\n",
		flaws: []wantFlaw{{flaw.FrontMatter, 3, 1, "unsafe slug"}},
	},
	{
		name:  "slug with control character",
		data:  "---\ntitle: T\nslug: \"a\\x01b\"\n---\n",
		flaws: []wantFlaw{{flaw.FrontMatter, 3, 1, "unsafe slug"}},
	},
	{
		name:  "slug with empty segment",
		data:  "---\ntitle: T\nslug: a//b\n---\n",
		flaws: []wantFlaw{{flaw.FrontMatter, 3, 1, "unsafe slug"}},
	},
	{
		name:  "slug with . segment",
		data:  "---\ntitle: T\nslug: web/./http\n---\n",
		flaws: []wantFlaw{{flaw.FrontMatter, 3, 1, "unsafe slug"}},
	},
	{
		name:  "slug with a segment over 255 bytes",
		data:  "---\ntitle: T\nslug: Web/" + strings.Repeat("x", 5000) + "\n---\n",
		flaws: []wantFlaw{{flaw.FrontMatter, 3, 1, "5000 bytes long"}},
	},
	{
		name: "slug of 255 bytes",
		path: "en-us/web/" + strings.Repeat("x", 255) + "/index.md",
		data: "---\ntitle: T\nslug: Web/" + strings.Repeat("x", 255) + "\n---\n",
		page: &wantPage{title: "T", slug: "Web/" + strings.Repeat("x", 255), frontMatter: true, slugLine: 3},
	},
	{
		name:  "slug over 1024 bytes",
		data:  "---\ntitle: T\nslug: Web" + strings.Repeat("/"+strings.Repeat("x", 250), 5) + "\n---\n",
		flaws: []wantFlaw{{flaw.FrontMatter, 3, 1, "it is 1258 bytes long, over 1024"}},
	},
	{
		name: "slug of 1024 bytes",
		path: "en-us/web" + strings.Repeat("/"+strings.Repeat("x", 203), 5) + "/index.md",
		data: "---\ntitle: T\nslug: Web" + strings.Repeat("/"+strings.Repeat("x", 203), 5) + "\n---\n",
		page: &wantPage{title: "T", slug: "Web" + strings.Repeat("/"+strings.Repeat("x", 203), 5), frontMatter: true, slugLine: 3},
	},
	{
		name:  "slug of 33 segments",
		data:  "---\ntitle: T\nslug: Web" + strings.Repeat("/a", 32) + "\n---\n",
		flaws: []wantFlaw{{flaw.FrontMatter, 3, 1, "it has 33 segments, over 32"}},
	},
	{
		name: "slug of 32 segments",
		path: "en-us/web" + strings.Repeat("/a", 31) + "/index.md",
		data: "---\ntitle: T\nslug: Web" + strings.Repeat("/a", 31) + "\n---\n",
		page: &wantPage{title: "T", slug: "Web" + strings.Repeat("/a", 31), frontMatter: true, slugLine: 3},
	},
	{
		// Each status is a badge beside the page's link in every sidebar.
		name:  "status repeated, and of more than 8 values",
		data:  "---\ntitle: T\nslug: Web/HTTP/Status/404\nstatus:\n" + strings.Repeat("  - experimental\n", 1000) + "  - a\n  - b\n  - c\n  - d\n  - e\n  - f\n  - g\n  - h\n---\n",
		page:  &wantPage{title: "T", slug: "Web/HTTP/Status/404", frontMatter: true, slugLine: 3, meta: Meta{Status: StringList{"experimental", "a", "b", "c", "d", "e", "f", "g"}}},
		flaws: []wantFlaw{{flaw.TooLong, 4, 1, "status has 9 values; the first 8 are kept"}},
	},
	{
		name: "status repeated",
		data: "---\ntitle: T\nslug: Web/HTTP/Status/404\nstatus: [deprecated, deprecated, experimental, deprecated]\n---\n",
		page: &wantPage{title: "T", slug: "Web/HTTP/Status/404", frontMatter: true, slugLine: 3, meta: Meta{Status: StringList{"deprecated", "experimental"}}},
	},
	{
		// A title is in the sidebars, menus and lists of other pages.
		name:  "title and short title over 512 bytes",
		data:  "---\nslug: Web/HTTP/Status/404\ntitle: " + strings.Repeat("标题", 100) + "\nshort-title: " + strings.Repeat("s", 600) + "\n---\n",
		page:  &wantPage{title: strings.Repeat("标题", 84) + "标…", slug: "Web/HTTP/Status/404", frontMatter: true, slugLine: 2, meta: Meta{ShortTitle: strings.Repeat("s", 509) + "…"}},
		flaws: []wantFlaw{{flaw.TooLong, 3, 1, "title is 600 bytes long; cut to 512"}, {flaw.TooLong, 4, 1, "short-title is 600 bytes long; cut to 512"}},
	},
	{
		name: "title of 512 bytes",
		data: "---\nslug: Web/HTTP/Status/404\ntitle: " + strings.Repeat("t", 512) + "\n---\n",
		page: &wantPage{title: strings.Repeat("t", 512), slug: "Web/HTTP/Status/404", frontMatter: true, slugLine: 2},
	},
	{
		name:  "first heading, the title of a page without front matter, over 512 bytes",
		path:  "en-us/web/http/status/404/index.md",
		data:  "# " + strings.Repeat("h", 700) + "\n\nText.\n",
		page:  &wantPage{title: strings.Repeat("h", 509) + "…", slug: "web/http/status/404", slugLine: 1},
		flaws: []wantFlaw{{flaw.TooLong, 1, 1, "700 bytes long; cut to 512"}},
	},
	{
		name:  "slug whose folder is over 255 bytes",
		data:  "---\ntitle: T\nslug: Web/" + strings.Repeat("*", 50) + "\n---\n",
		flaws: []wantFlaw{{flaw.FrontMatter, 3, 1, "300 bytes long"}},
	},
	{
		name:  "slug of the dashboard of translations",
		data:  "---\ntitle: T\nslug: _Translations\n---\n",
		flaws: []wantFlaw{{flaw.FrontMatter, 3, 1, "dashboard of translations"}},
	},
	{
		name:  "slug with a Windows device name",
		data:  "---\ntitle: T\nslug: Web/CON/x\n---\n",
		flaws: []wantFlaw{{flaw.FrontMatter, 3, 1, `"CON" is a device name`}},
	},
	{
		name:  "device names with extension, space, colon, any case",
		data:  "---\ntitle: T\nslug: Web/nul.txt\n---\n",
		flaws: []wantFlaw{{flaw.FrontMatter, 3, 1, "device name"}},
	},
	{
		name:  "device name in lower case with a colon",
		data:  "---\ntitle: T\nslug: web/aux:x\n---\n",
		flaws: []wantFlaw{{flaw.FrontMatter, 3, 1, "device name"}},
	},
	{
		name:  "device name with trailing space",
		data:  "---\ntitle: T\nslug: \"Web/Com7 \"\n---\n",
		flaws: []wantFlaw{{flaw.FrontMatter, 3, 1, "device name"}},
	},
	{
		name:  "device name with a superscript",
		data:  "---\ntitle: T\nslug: Web/LPT\u00b9\n---\n",
		flaws: []wantFlaw{{flaw.FrontMatter, 3, 1, "device name"}},
	},
	{
		name: "names like device names",
		path: "en-us/web/console/com10/lpt/null/con_x/index.md",
		data: "---\ntitle: T\nslug: Web/Console/COM10/LPT/Null/CON_x\n---\n",
		page: &wantPage{title: "T", slug: "Web/Console/COM10/LPT/Null/CON_x", frontMatter: true, slugLine: 3},
	},
	{
		name:  "plain page in a device-named folder",
		path:  "en-us/web/prn/index.md",
		data:  "# T\n",
		flaws: []wantFlaw{{flaw.BadFile, 1, 1, "device name"}},
	},
	{
		name:  "plain page in a folder with a backslash",
		path:  "en-us/web/a\\b/index.md",
		data:  "# T\n",
		flaws: []wantFlaw{{flaw.BadFile, 1, 1, "backslash"}},
	},
	{
		name:  "empty file",
		data:  "",
		flaws: []wantFlaw{{flaw.BadFile, 1, 1, "empty"}},
	},
	{
		name:  "only white space and a BOM",
		data:  "\ufeff \r\n\t\n",
		flaws: []wantFlaw{{flaw.BadFile, 1, 1, "empty"}},
	},
	{
		name:  "binary file",
		data:  "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
		flaws: []wantFlaw{{flaw.BadFile, 1, 1, "NUL byte (line 3, column 1)"}},
	},
	{
		name:  "UTF-16",
		data:  "\xff\xfe#\x00 \x00T\x00\n\x00",
		flaws: []wantFlaw{{flaw.BadFile, 1, 1, "not text"}},
	},
	{
		name:  "NUL in front matter",
		data:  "---\ntitle: \"a\x00b\"\nslug: Web/HTTP/Status/404\n---\n",
		flaws: []wantFlaw{{flaw.BadFile, 1, 1, "NUL byte (line 2, column 10)"}},
	},
	{
		name:  "slug in another folder",
		path:  "zh-tw/web/http/status/500/index.md",
		data:  "---\ntitle: T\nslug: Web/HTTP/Status/404\n---\n",
		page:  &wantPage{title: "T", slug: "Web/HTTP/Status/404", frontMatter: true, slugLine: 3},
		flaws: []wantFlaw{{flaw.SlugMismatch, 3, 1, "zh-tw/web/http/status/404/index.md"}},
	},
	{
		name: "H1 title",
		data: "# Hello `world` ##\n\nmarker\n",
		page: &wantPage{title: "Hello world", slug: "web/http/status/404", slugLine: 1,
			body: "                  \n\nmarker\n", marker: "marker", markerLine: 3},
	},
	{
		name: "setext title",
		data: "Hello **there**\n=====\n\nmarker\n",
		page: &wantPage{title: "Hello there", slug: "web/http/status/404", slugLine: 1, marker: "marker", markerLine: 4},
	},
	{
		name: "setext title blanked",
		data: "Hello **there**\n=====\n\nmarker\n",
		page: &wantPage{title: "Hello there", slug: "web/http/status/404", slugLine: 1,
			body: "               \n     \n\nmarker\n", lacks: "="},
	},
	{
		name: "setext title at end of file",
		data: "Title\n===",
		page: &wantPage{title: "Title", slug: "web/http/status/404", slugLine: 1, body: "     \n   "},
	},
	{
		name: "H1 in fenced code",
		data: "```md\n# Not the title\n```\n\n# Real title\nmarker\n",
		page: &wantPage{title: "Real title", slug: "web/http/status/404", slugLine: 1,
			body: "```md\n# Not the title\n```\n\n            \nmarker\n", marker: "marker", markerLine: 6},
	},
	{
		name: "no H1",
		path: "en-us/web/http/status/500/index.md",
		data: "Just text.\n",
		page: &wantPage{title: "500", slug: "web/http/status/500", slugLine: 1, body: "Just text.\n"},
	},
	{
		name: "other.md",
		path: "en-us/web/http/status/other.md",
		data: "# Other\n",
		page: &wantPage{title: "Other", slug: "web/http/status/other", slugLine: 1},
	},
	{
		name: "H1 then a --- line",
		data: "# Title\n\n---\ntitle: X\nslug: Y\n---\nmarker\n",
		page: &wantPage{title: "Title", slug: "web/http/status/404", slugLine: 1,
			body: "       \n\n---\ntitle: X\nslug: Y\n---\nmarker\n", marker: "marker", markerLine: 7},
	},
	{
		name: "seed 002",
		path: "zh-cn/web/http/status/500/index.md",
		seed: seed002,
		page: &wantPage{title: "HTTP状态码 500 (Internal Server Error) 含义详解", slug: "web/http/status/500", slugLine: 1,
			marker: "## HTTP 500 状态码", markerLine: 5, lacks: "# HTTP状态码"},
	},
}

func TestParse(t *testing.T) {
	for _, tt := range parseTests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.data)
			if tt.seed != "" {
				var err error
				if data, err = os.ReadFile(tt.seed); errors.Is(err, fs.ErrNotExist) {
					t.Skipf("seed %s is absent", tt.seed)
				} else if err != nil {
					t.Fatal(err)
				}
			}
			p := tt.path
			if p == "" {
				p = "zh-tw/web/http/status/404/index.md"
			}
			page, flaws := Parse("content/"+p, p, "zh-TW", data)
			diffs := append(pageDiffs(tt.page, page, data), flawDiffs(tt.flaws, flaws, "content/"+p)...)
			if len(diffs) == 0 {
				if tt.bug != "" {
					t.Errorf("known bug is fixed, remove its note: %s", tt.bug)
				}
				return
			}
			if tt.bug != "" {
				t.Skipf("BUG: %s\n%s", tt.bug, strings.Join(diffs, "\n"))
			}
			t.Error(strings.Join(diffs, "\n"))
		})
	}
}

// pageDiffs compares a parsed page with what is expected of it.
func pageDiffs(want *wantPage, p *Page, data []byte) []string {
	switch {
	case want == nil && p == nil:
		return nil
	case want == nil:
		return []string{"got a page, want none"}
	case p == nil:
		return []string{"got no page"}
	}
	var diffs []string
	add := func(format string, args ...any) { diffs = append(diffs, fmt.Sprintf(format, args...)) }
	got := wantPage{title: p.Title, slug: p.Slug, frontMatter: p.FrontMatter, slugLine: p.SlugLine, meta: p.Meta}
	exp := wantPage{title: want.title, slug: want.slug, frontMatter: want.frontMatter, slugLine: want.slugLine, meta: want.meta}
	if !reflect.DeepEqual(got, exp) {
		add("page = %+v\nwant   %+v", got, exp)
	}
	if want.body != "" && string(p.Body) != want.body {
		add("body = %q, want %q", p.Body, want.body)
	}
	if want.marker != "" {
		off := bytes.Index(p.Body, []byte(want.marker))
		if line, _ := Position(p.Body, off); off < 0 || line != want.markerLine {
			add("%q is on body line %d (offset %d), want %d", want.marker, line, off, want.markerLine)
		}
	}
	if want.lacks != "" && bytes.Contains(p.Body, []byte(want.lacks)) {
		add("body %q contains %q", p.Body, want.lacks)
	}
	if msg := bodyInvariants(p.Body, data); msg != "" {
		add("%s", msg)
	}
	return diffs
}

// flawDiffs compares flaws, in order, with the expected ones.
func flawDiffs(want []wantFlaw, flaws []flaw.Flaw, file string) []string {
	var diffs []string
	for i := range max(len(want), len(flaws)) {
		switch {
		case i >= len(want):
			diffs = append(diffs, "unexpected flaw "+flaws[i].String())
		case i >= len(flaws):
			diffs = append(diffs, fmt.Sprintf("missing flaw %s at %d:%d (%q)", want[i].kind, want[i].line, want[i].col, want[i].text))
		default:
			f, w := flaws[i], want[i]
			if f.Kind != w.kind || f.File != file || f.Line != w.line || f.Col != w.col ||
				!strings.Contains(f.Message+" "+f.Suggestion, w.text) {
				diffs = append(diffs, fmt.Sprintf("flaw %s\nwant %s:%d:%d: %s mentioning %q", f, file, w.line, w.col, w.kind, w.text))
			}
		}
	}
	return diffs
}

// bodyInvariants says how body breaks the promises of Page.Body for a page
// read from data, or returns "".
func bodyInvariants(body, data []byte) string {
	switch {
	case !utf8.Valid(body):
		return fmt.Sprintf("body %q is not valid UTF-8", body)
	case bytes.ContainsRune(body, '\r'):
		return fmt.Sprintf("body %q has a carriage return", body)
	case bytes.HasPrefix(body, []byte("\ufeff")):
		return fmt.Sprintf("body %q starts with a BOM", body)
	}
	if n, want := bytes.Count(body, []byte("\n")), lineBreaks(data); n != want {
		return fmt.Sprintf("body has %d line breaks, the file %d", n, want)
	}
	return ""
}

// lineBreaks counts the line breaks of a file the way a markdown reader
// does: CRLF, LF and a lone CR each end a line, and a leading BOM is no text.
func lineBreaks(data []byte) int {
	for bytes.HasPrefix(data, []byte("\ufeff")) {
		data = data[3:]
	}
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	return bytes.Count(data, []byte("\n")) + bytes.Count(data, []byte("\r"))
}

func FuzzParse(f *testing.F) {
	for _, tt := range parseTests {
		f.Add(tt.path, tt.data)
	}
	if data, err := os.ReadFile(seed002); err == nil {
		f.Add("zh-cn/web/http/status/500/index.md", string(data))
	}
	f.Fuzz(func(t *testing.T, p, data string) {
		if p == "" {
			p = "en-us/a/index.md"
		}
		page, flaws := Parse("content/"+p, p, "en-US", []byte(data))
		if page == nil {
			if len(flaws) == 0 {
				t.Fatalf("Parse(%q, %q) left the page out without a flaw", p, data)
			}
			return
		}
		if msg := bodyInvariants(page.Body, []byte(data)); msg != "" {
			t.Fatalf("Parse(%q, %q): %s", p, data, msg)
		}
		if len(page.Title) > MaxTitle || len(page.Meta.ShortTitle) > MaxTitle || len(page.Slug) > maxSlug {
			t.Fatalf("Parse(%q, %q): a title of %d bytes, a short title of %d, a slug of %d", p, data, len(page.Title), len(page.Meta.ShortTitle), len(page.Slug))
		}
	})
}

// FuzzSplitFrontMatter checks that giving adrg/frontmatter only the head of
// a file (headEnd) finds the same front matter and body as giving it all.
func FuzzSplitFrontMatter(f *testing.F) {
	for _, tt := range parseTests {
		f.Add(tt.data)
	}
	for _, s := range []string{"---\n---\n", "\n  ---  \ntitle: x\n---\nbody\n---\n", "---\ntitle: x\n", "text\n---\n---\n", "---\r\na: b\r\n---\r\nbody"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		var whole []byte
		rest, err := frontmatter.Parse(strings.NewReader(data), &whole, yamlFormat)
		body, raw, ferr := splitFrontMatter([]byte(data))
		if (err != nil) != (ferr != nil && ferr.msg != "front matter opened with \"---\" is never closed") {
			t.Fatalf("splitFrontMatter(%q): error %v, adrg on the whole text: %v", data, ferr, err)
		}
		if err != nil || ferr != nil {
			return
		}
		if (raw == nil) != (len(rest) == len(data)) {
			t.Fatalf("splitFrontMatter(%q): front matter %v, adrg on the whole text consumed %d bytes", data, raw, len(data)-len(rest))
		}
		if raw != nil && string(raw.data) != string(whole) {
			t.Fatalf("splitFrontMatter(%q): front matter %q, adrg on the whole text %q", data, raw.data, whole)
		}
		if !bytes.HasSuffix(body, []byte(rest)) {
			t.Fatalf("splitFrontMatter(%q): body %q does not end with adrg's rest %q", data, body, rest)
		}
	})
}
