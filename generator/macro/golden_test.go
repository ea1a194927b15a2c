package macro

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// goldenEnv is the Env of the golden tests: UI strings show their keys,
// links show what was asked for, reports are listed.
type goldenEnv struct {
	page    Page
	out     *strings.Builder
	sidebar string
}

func (e *goldenEnv) Locale() string { return e.page.Locale }
func (e *goldenEnv) Page() Page     { return e.page }
func (e *goldenEnv) T(key string) string {
	if key == "compat_prefix" || key == "compat_alternative" {
		return key + "(%s)"
	}
	return "[" + key + "]"
}
func (e *goldenEnv) Report(kind, format string, args ...any) {
	fmt.Fprintf(e.out, "report %s: %s\n", kind, fmt.Sprintf(format, args...))
}
func (e *goldenEnv) UseSidebar(name string) { fmt.Fprintf(e.out, "sidebar %s\n", name) }

func (e *goldenEnv) Placed(part string) { fmt.Fprintf(e.out, "placed %s\n", part) }
func (e *goldenEnv) Link(href string) Link {
	l := Link{Href: href}
	if strings.Contains(href, "/Status/404") {
		l.Title = "404 Not Found"
	}
	if strings.Contains(href, "://") {
		l.Attrs = ` class="external"`
	}
	return l
}

// TestGolden runs each testdata/*.txtar: the "calls" section has one call
// a line, run on a page set up by the archive's comment (locale, spec-urls,
// browser-compat: "key: value" lines); "output" has, for each call, the call,
// its HTML (or error) and what it reported. compat.json, when present,
// replaces the embedded compatibility data.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txtar")
	if len(files) == 0 {
		t.Fatal("no golden files")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			sections := map[string]string{}
			for _, f := range ar.Files {
				sections[f.Name] = string(f.Data)
			}
			data := Data{Specs: EmbeddedSpecs(), Compat: EmbeddedCompat()}
			if c, ok := sections["compat.json"]; ok {
				if data.Compat, err = ParseCompat([]byte(c)); err != nil {
					t.Fatal(err)
				}
			}
			reg := New(data)
			var out strings.Builder
			env := &goldenEnv{page: pageFromComment(string(ar.Comment)), out: &out}
			for _, line := range strings.Split(strings.TrimSpace(sections["calls"]), "\n") {
				fmt.Fprintf(&out, "%s\n", line)
				c, err := Parse(line)
				if err != nil {
					fmt.Fprintf(&out, "syntax error: %v\n\n", err)
					continue
				}
				f, ok := reg.Lookup(c.Name)
				if !ok {
					fmt.Fprintf(&out, "unknown macro\n\n")
					continue
				}
				o, err := f(env, c.Args)
				if err != nil {
					fmt.Fprintf(&out, "error: %v\n\n", err)
					continue
				}
				fmt.Fprintf(&out, "block=%v %s\n\n", o.Block, o.HTML)
			}
			if *update {
				var kept []txtar.File
				for _, f := range ar.Files {
					if f.Name != "output" {
						kept = append(kept, f)
					}
				}
				ar.Files = append(kept, txtar.File{Name: "output", Data: []byte(out.String())})
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got := out.String(); got != sections["output"] {
				t.Errorf("output differs\n--- got ---\n%s\n--- want ---\n%s", got, sections["output"])
			}
		})
	}
}

func pageFromComment(comment string) Page {
	p := Page{Locale: "en-US"}
	for _, line := range strings.Split(comment, "\n") {
		k, v, ok := strings.Cut(line, ": ")
		switch {
		case !ok:
		case k == "locale":
			p.Locale = v
		case k == "code":
			p.Code = v
		case k == "translation":
			p.Translation = v == "true"
		case k == "spec-urls":
			p.SpecURLs = strings.Fields(v)
		case k == "browser-compat":
			p.BrowserCompat = strings.Fields(v)
		}
	}
	return p
}
