package overlay

import (
	"io/fs"
	"slices"
	"testing"
	"testing/fstest"
)

func TestOverlay(t *testing.T) {
	base := fstest.MapFS{
		"base.html":           {Data: []byte("base")},
		"doc.html":            {Data: []byte("doc")},
		"partials/head.html":  {Data: []byte("head")},
		"partials/foot.html":  {Data: []byte("foot")},
		"static/style.css":    {Data: []byte("css")},
		"i18n/en-US.yaml":     {Data: []byte("a: b")},
		"static/img/logo.svg": {Data: []byte("<svg/>")},
	}
	top := fstest.MapFS{
		"partials/foot.html": {Data: []byte("my foot")},
		"partials/nav.html":  {Data: []byte("nav")},
		"static/extra.js":    {Data: []byte("js")},
	}
	o := New(top, base)
	for name, want := range map[string]string{"partials/foot.html": "my foot", "partials/head.html": "head", "partials/nav.html": "nav", "base.html": "base"} {
		if got, err := fs.ReadFile(o, name); err != nil || string(got) != want {
			t.Errorf("%s: %q, %v; want %q", name, got, err, want)
		}
	}
	if _, err := fs.ReadFile(o, "nope.html"); err == nil {
		t.Error("a file neither has opens")
	}
	partials, err := fs.Glob(o, "partials/*.html")
	if want := []string{"partials/foot.html", "partials/head.html", "partials/nav.html"}; err != nil || !slices.Equal(partials, want) {
		t.Errorf("partials %v, %v; want %v", partials, err, want)
	}
	var files []string
	err = fs.WalkDir(o, "static", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return err
	})
	if want := []string{"static/extra.js", "static/img/logo.svg", "static/style.css"}; err != nil || !slices.Equal(files, want) {
		t.Errorf("static %v, %v; want %v", files, err, want)
	}
	if err := fstest.TestFS(o, "base.html", "partials/nav.html", "partials/foot.html", "static/img/logo.svg"); err != nil {
		t.Error(err)
	}
}
