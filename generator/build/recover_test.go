package build

import (
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
	"statusdocs/generator/macro"
	"statusdocs/generator/output"
)

// deflistCrash is the 17-byte page that once panicked in the definition
// list extension (found by FuzzMarkdown).
const deflistCrash = "* 0\n  * :\n    * :"

// panicFS panics when the file bad is opened. It has only Open, so every
// read of the wrapped FS goes through it.
type panicFS struct {
	fs.FS
	bad string
}

func (p panicFS) Open(name string) (fs.File, error) {
	if name == p.bad {
		panic("test panic opening " + name)
	}
	return p.FS.Open(name)
}

// panicOutput panics when the file bad is written.
type panicOutput struct {
	*output.MemOutput
	bad string
}

func (p panicOutput) WriteFile(name string, data []byte) error {
	if name == p.bad {
		panic("test panic writing " + name)
	}
	return p.MemOutput.WriteFile(name, data)
}

// boom is a macro that panics, registered only here.
func boom(r *macro.Registry) {
	r.Register("Boom", func(macro.Env, []macro.Arg) (macro.Output, error) { panic("test panic in a macro") })
}

// TestPanicsAreContained injects a panic into each unit of work of a build:
// the unit is left out with an internal error at its file (line 1 for a
// file), and the rest of the site is built. A macro that panics costs only
// itself: it is an internal error at its position, shown as a marker.
func TestPanicsAreContained(t *testing.T) {
	base := func() fstest.MapFS {
		return fstest.MapFS{
			"en-us/a/index.md":        mdFile("A", "A", "Text of A."),
			"en-us/b/index.md":        mdFile("B", "B", "Text of B."),
			"en-us/_redirects.txt":    {Data: []byte("/en-US/docs/Old_A\t/en-US/docs/A\n")},
			"zh-tw/a/index.md":        mdFile("甲", "A", "甲的內容。"),
			"zh-tw/old_a/index.md":    mdFile("舊甲", "Old_A", "Text of the conflicting translation."),
			"sidebars/something.yaml": {Data: []byte("sidebar:\n  - /Web\n")},
		}
	}
	for _, tc := range []struct {
		name    string
		edit    func(files fstest.MapFS, cfg *Config) // changes the site and the config
		bad     string                                // an output file whose writing panics
		file    string                                // the flaw's file
		line    int                                   // and line
		left    string                                // an output file the panic leaves out; "" for none
		marker  string                                // an output file that shows a marker for a macro that panicked
		stopped bool                                  // the build fails, as with a broken layout
	}{
		{name: "macro in a page", edit: func(f fstest.MapFS, c *Config) {
			f["en-us/b/index.md"] = mdFile("B", "B", "Before.\n\n{{Boom}}")
			c.Macros = boom
		}, file: "c/en-us/b/index.md", line: 8, marker: "en-US/docs/B/index.html"},
		{name: "macro in a left-out translation", edit: func(f fstest.MapFS, c *Config) {
			f["zh-tw/old_a/index.md"] = mdFile("舊甲", "Old_A", "{{Boom}}")
			c.Macros = boom
		}, file: "c/zh-tw/old_a/index.md", line: 6},
		{name: "reading a page", edit: func(f fstest.MapFS, c *Config) {
			c.Content[0].FS = panicFS{f, "en-us/b/index.md"}
		}, file: "c/en-us/b/index.md", line: 1, left: "en-US/docs/B/index.html"},
		{name: "reading redirects", edit: func(f fstest.MapFS, c *Config) {
			c.Content[0].FS = panicFS{f, "en-us/_redirects.txt"}
		}, file: "c/en-us/_redirects.txt", line: 1},
		{name: "writing a page", bad: "en-US/docs/B/index.html", file: "c/en-us/b/index.md", line: 1, left: "en-US/docs/B/index.html"},
		{name: "writing a site page", bad: "zh-TW/index.html", file: "layouts/home.html", line: 1, left: "zh-TW/index.html"},
		{name: "writing a publishing file", bad: "_redirects", file: "c", left: "_redirects"},
		{name: "writing a search index", bad: "zh-TW/search/meta.json", file: "c", left: "zh-TW/search/meta.json"},
		{name: "reading the layouts", edit: func(_ fstest.MapFS, c *Config) {
			c.Layouts = panicFS{layoutsFS, "doc.html"}
		}, file: "layouts", stopped: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := base()
			cfg := Config{
				Content:      []content.Root{{Name: "c", FS: files}},
				Layouts:      layoutsFS,
				LayoutsName:  "layouts",
				ExternalBase: "https://developer.mozilla.org",
			}
			if tc.edit != nil {
				tc.edit(files, &cfg)
			}
			mem := output.NewMemOutput()
			var out output.Output = mem
			if tc.bad != "" {
				out = panicOutput{mem, tc.bad}
			}
			res, err := Build(cfg, out)
			if (err != nil) != tc.stopped {
				t.Fatalf("build error %v, want one: %v", err, tc.stopped)
			}
			var internal []flaw.Flaw
			for _, f := range res.Flaws {
				if f.Kind == flaw.Internal {
					internal = append(internal, f)
				}
			}
			if tc.file == "" {
				if len(internal) > 0 {
					t.Fatalf("internal errors: %v", internal)
				}
				return
			}
			if len(internal) != 1 || internal[0].File != tc.file || internal[0].Line != tc.line || internal[0].Col != min(tc.line, 1) {
				t.Fatalf("internal errors %v, want one at %s:%d", internal, tc.file, tc.line)
			}
			if msg := internal[0].Message; !strings.HasPrefix(msg, "panic: test panic") || !strings.Contains(msg, "_test.go:") {
				t.Errorf("the message does not say what panicked where: %s", msg)
			}
			if tc.stopped {
				return
			}
			if data, _ := mem.Get(tc.marker); tc.marker != "" && !strings.Contains(string(data), `class="macro-error"`) {
				t.Errorf("%s has no marker for the macro that panicked", tc.marker)
			}
			if _, ok := mem.Get(tc.left); tc.left != "" && ok {
				t.Errorf("%s was written", tc.left)
			}
			for _, name := range []string{"en-US/docs/A/index.html", "zh-TW/docs/A/index.html", "en-US/index.html", "en-US/search/meta.json"} {
				if _, ok := mem.Get(name); !ok && name != tc.left {
					t.Errorf("%s is missing: the panic cost more than its unit", name)
				}
			}
		})
	}
}

// TestDeflistCrashBuilds builds the page that once crashed the definition
// list extension, as a page and as a left-out translation.
func TestDeflistCrashBuilds(t *testing.T) {
	res, out := build(t, fstest.MapFS{
		"en-us/a/index.md":     mdFile("A", "A", deflistCrash),
		"en-us/_redirects.txt": {Data: []byte("/en-US/docs/Old_A\t/en-US/docs/A\n")},
		"zh-tw/a/index.md":     mdFile("甲", "A", deflistCrash),
		"zh-tw/old_a/index.md": mdFile("舊甲", "Old_A", deflistCrash),
	})
	if got := body(t, out, "en-US/docs/A/index.html"); !strings.Contains(got, "<dl>\n<dt>0</dt>") {
		t.Errorf("no definition list:\n%s", got)
	}
	if got := flawsOf(res, "c/zh-tw/old_a/index.md"); !slices.Equal(got, []string{"conflicting-translation@3:1"}) {
		t.Errorf("flaws of the left-out translation: %v", got)
	}
}
