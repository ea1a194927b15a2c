//go:build unix

package content

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"statusdocs/generator/flaw"
)

// secret is what the files outside the content root hold: it must never
// reach the loaded content.
const secret = "TOKEN-0123456789"

// TestLoadLinks loads roots on disk holding symbolic links: a link that
// leads outside the root is an outside-root flaw at its path and nothing of
// its target is read, a loop is a symlink-loop flaw, a link to a folder is
// not followed, and a link to a file inside the root is read as the file.
func TestLoadLinks(t *testing.T) {
	page := "# Page\n\nText.\n"
	tests := []struct {
		name  string
		files map[string]string // path in the root → text; a path ending in "/" is a folder
		links map[string]string // path in the root → target; $OUT is the folder outside
		pages []string          // the paths of the pages loaded
		flaws []string          // "kind file:line"
		other func(t *testing.T, c *Content)
	}{
		{
			name:  "file outside",
			links: map[string]string{"en-us/web/env/index.md": "$OUT/secret.md"},
			pages: []string{"en-us/web/a/index.md"},
			flaws: []string{"outside-root root/en-us/web/env/index.md:1"},
		},
		{
			name:  "file outside, relative",
			links: map[string]string{"en-us/web/env/index.md": "../../../../out/secret.md"},
			pages: []string{"en-us/web/a/index.md"},
			flaws: []string{"outside-root root/en-us/web/env/index.md:1"},
		},
		{
			name:  "the build's environment",
			links: map[string]string{"en-us/web/env/index.md": "/proc/self/environ"},
			pages: []string{"en-us/web/a/index.md"},
			flaws: []string{"outside-root root/en-us/web/env/index.md:1"},
		},
		{
			name:  "out and back in",
			links: map[string]string{"en-us/web/b/index.md": "../../../../root/en-us/web/a/index.md"},
			pages: []string{"en-us/web/a/index.md"},
			flaws: []string{"outside-root root/en-us/web/b/index.md:1"},
		},
		{
			name:  "folder outside",
			links: map[string]string{"en-us/web/env": "$OUT"},
			pages: []string{"en-us/web/a/index.md"},
			flaws: []string{"outside-root root/en-us/web/env:1"},
		},
		{
			name:  "locale folder outside",
			links: map[string]string{"fr": "$OUT"},
			pages: []string{"en-us/web/a/index.md"},
			flaws: []string{"outside-root root/fr:1"},
		},
		{
			name:  "sidebar, redirects and spec data outside",
			files: map[string]string{"sidebars/": ""},
			links: map[string]string{
				"sidebars/http.yaml":   "$OUT/secret.md",
				"en-us/_redirects.txt": "$OUT/secret.md",
				"jsondata":             "$OUT",
			},
			pages: []string{"en-us/web/a/index.md"},
			flaws: []string{
				"outside-root root/en-us/_redirects.txt:1",
				"outside-root root/jsondata:1",
				"outside-root root/sidebars/http.yaml:1",
			},
			other: func(t *testing.T, c *Content) {
				if len(c.Sidebars) != 0 || len(c.Redirects) != 0 || len(c.SpecData) != 0 {
					t.Errorf("sidebars %v, redirects %v, spec data %v: want none", c.Sidebars, c.Redirects, c.SpecData)
				}
			},
		},
		{
			name:  "loop",
			links: map[string]string{"en-us/web/l1.md": "l2.md", "en-us/web/l2.md": "l1.md", "en-us/web/self.md": "self.md"},
			pages: []string{"en-us/web/a/index.md"},
			flaws: []string{
				"symlink-loop root/en-us/web/l1.md:1",
				"symlink-loop root/en-us/web/l2.md:1",
				"symlink-loop root/en-us/web/self.md:1",
			},
		},
		{
			name:  "file inside",
			links: map[string]string{"en-us/web/b/index.md": "../a/index.md", "en-us/web/c.md": "/../a/index.md"},
			pages: []string{"en-us/web/a/index.md", "en-us/web/b/index.md"},
			flaws: []string{"outside-root root/en-us/web/c.md:1"},
			other: func(t *testing.T, c *Content) {
				if b := c.Pages[1]; b.Slug != "web/b" || !bytes.Contains(b.Body, []byte("Text.")) {
					t.Errorf("linked page: slug %q, body %q", b.Slug, b.Body)
				}
			},
		},
		{
			name:  "sidebar inside",
			files: map[string]string{"sidebars/real.yaml": "- a\n"},
			links: map[string]string{"sidebars/http.yaml": "real.yaml"},
			pages: []string{"en-us/web/a/index.md"},
			other: func(t *testing.T, c *Content) {
				if f := c.Sidebars["http"]; string(f.Data) != "- a\n" || f.File != "root/sidebars/http.yaml" {
					t.Errorf("linked sidebar = %+v", f)
				}
			},
		},
		{
			name:  "folder inside, and one above",
			links: map[string]string{"en-us/web/b": "a", "en-us/web/a/up": ".."},
			pages: []string{"en-us/web/a/index.md"},
			flaws: []string{
				"symlinked-folder root/en-us/web/a/up:1",
				"symlinked-folder root/en-us/web/b:1",
			},
		},
		{
			name:  "link to nothing",
			links: map[string]string{"en-us/web/gone.md": "nothing.md"},
			pages: []string{"en-us/web/a/index.md"},
			flaws: []string{"bad-file root/en-us/web/gone.md:1"},
		},
		{
			name: "odd names",
			files: map[string]string{
				"en-us/web/new\nline.md":                        page,
				"en-us/web/\xff/index.md":                       page,
				"en-us/web/" + strings.Repeat("x", 252) + ".md": page,
			},
			pages: []string{"en-us/web/a/index.md", "en-us/web/" + strings.Repeat("x", 252) + ".md"},
			flaws: []string{"bad-file root/en-us/web:0", "bad-file root/en-us/web:0"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name == "odd names" && runtime.GOOS != "linux" {
				t.Skip("file systems elsewhere refuse names that are not UTF-8")
			}
			if strings.Contains(tt.name, "environ") {
				if _, err := os.Stat("/proc/self/environ"); err != nil {
					t.Skip("no /proc/self/environ")
				}
				t.Setenv("STATUSDOCS_TEST_SECRET", secret)
			}
			base := t.TempDir()
			out, root := filepath.Join(base, "out"), filepath.Join(base, "root")
			write(t, out, map[string]string{"secret.md": "# " + secret + "\n", "fr/index.md": secret, "SpecData.json": secret})
			files := map[string]string{"en-us/web/a/index.md": page}
			for p, data := range tt.files {
				files[p] = data
			}
			write(t, root, files)
			for p, target := range tt.links {
				link := filepath.Join(root, filepath.FromSlash(p))
				if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(strings.ReplaceAll(target, "$OUT", out), link); err != nil {
					t.Fatal(err)
				}
			}
			c := Load([]Root{{Name: "root", FS: DirFS(root), Dir: root}})

			var pages, flaws []string
			for _, p := range c.Pages {
				pages = append(pages, p.Path)
				if bytes.Contains(p.Body, []byte(secret)) || strings.Contains(p.Title, secret) {
					t.Errorf("page %s holds the secret", p.Path)
				}
			}
			flaw.Sort(c.Flaws)
			for _, f := range c.Flaws {
				flaws = append(flaws, fmt.Sprintf("%s %s:%d", f.Kind, f.File, f.Line))
				if strings.Contains(f.String(), secret) {
					t.Errorf("flaw %s holds the secret", f)
				}
			}
			if !reflect.DeepEqual(pages, tt.pages) {
				t.Errorf("pages %q, want %q", pages, tt.pages)
			}
			if !reflect.DeepEqual(flaws, tt.flaws) {
				t.Errorf("flaws:\n%s\nwant:\n%s", rows(flaws), rows(tt.flaws))
			}
			if tt.other != nil {
				tt.other(t, c)
			}
		})
	}
}

// TestLoadPipe checks that a named pipe where a page should be is a flaw,
// not a read that waits for ever.
func TestLoadPipe(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{"en-us/web/a/index.md": "# A\n"})
	if err := syscall.Mkfifo(filepath.Join(root, "en-us", "web", "fifo.md"), 0o644); err != nil {
		t.Skip(err)
	}
	c := Load([]Root{{Name: "root", FS: DirFS(root), Dir: root}})
	if len(c.Pages) != 1 || len(c.Flaws) != 1 || c.Flaws[0].Kind != flaw.BadFile || c.Flaws[0].File != "root/en-us/web/fifo.md" {
		t.Errorf("pages %d, flaws %v", len(c.Pages), c.Flaws)
	}
	// Where the spec data is, in a root of MDN's layout and in a plain one.
	for _, plain := range []bool{false, true} {
		root := t.TempDir()
		write(t, root, map[string]string{"en-us/web/a/index.md": "# A\n", "jsondata/README": "x"})
		if plain {
			write(t, root, map[string]string{"a.md": "# A\n"})
			if err := os.RemoveAll(filepath.Join(root, "en-us")); err != nil {
				t.Fatal(err)
			}
		}
		if err := syscall.Mkfifo(filepath.Join(root, "jsondata", "SpecData.json"), 0o644); err != nil {
			t.Skip(err)
		}
		c := Load([]Root{{Name: "root", FS: DirFS(root), Dir: root}})
		if len(c.SpecData) != 0 || len(c.Flaws) != 1 || c.Flaws[0].File != "root/jsondata/SpecData.json" {
			t.Errorf("plain %v: spec data %d, flaws %v", plain, len(c.SpecData), c.Flaws)
		}
	}
	// Where the folders of sidebars and spec data are, in a plain root.
	root = t.TempDir()
	write(t, root, map[string]string{"a.md": "# A\n"})
	for _, name := range []string{"sidebars", "jsondata"} {
		if err := syscall.Mkfifo(filepath.Join(root, name), 0o644); err != nil {
			t.Skip(err)
		}
	}
	if c := Load([]Root{{Name: "root", FS: DirFS(root), Dir: root}}); len(c.Pages) != 1 || len(c.Flaws) != 2 {
		t.Errorf("pipes for folders: pages %d, flaws %v", len(c.Pages), c.Flaws)
	}
}

// write makes files below dir; a path ending in "/" makes a folder.
func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(name, "/") {
			continue
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
