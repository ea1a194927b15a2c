package page

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

func TestPartialCached(t *testing.T) {
	fsys := fstest.MapFS{
		"base.html":           {Data: []byte(`{{template "main" .}}`)},
		"partials/greet.html": {Data: []byte(`{{define "greet"}}<b title="{{.Name}}">{{.Name}}</b>{{end}}`)},
	}
	for _, kind := range layoutKinds {
		fsys[kind+".html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}{{partialCached "greet" . .A .B}}|{{partialCached "greet" .}}{{end}}`)}
	}
	lay, err := parseLayouts(fsys, "layouts")
	if err != nil {
		t.Fatal(err)
	}
	type data struct{ Name, A, B string }
	run := func(d data) string {
		var b strings.Builder
		if err := lay.tmpl["doc"].Execute(&b, d); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	tests := []struct {
		d    data
		want string
	}{
		{data{"<Ann>", "a", "b"}, `<b title="&lt;Ann&gt;">&lt;Ann&gt;</b>|<b title="&lt;Ann&gt;">&lt;Ann&gt;</b>`},
		// The same keys: the first run's HTML, whatever the data says.
		{data{"Bob", "a", "b"}, `<b title="&lt;Ann&gt;">&lt;Ann&gt;</b>|<b title="&lt;Ann&gt;">&lt;Ann&gt;</b>`},
		// Keys that print alike run apart.
		{data{"Cy", "ab", ""}, `<b title="Cy">Cy</b>|<b title="&lt;Ann&gt;">&lt;Ann&gt;</b>`},
		{data{"Di", "", "ab"}, `<b title="Di">Di</b>|<b title="&lt;Ann&gt;">&lt;Ann&gt;</b>`},
	}
	for _, tt := range tests {
		if got := run(tt.d); got != tt.want {
			t.Errorf("%+v:\n got %s\nwant %s", tt.d, got, tt.want)
		}
	}

	fsys["doc.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}{{partialCached "nope" .}}{{end}}`)}
	lay, err = parseLayouts(fsys, "layouts")
	if err != nil {
		t.Fatal(err)
	}
	err = lay.tmpl["doc"].Execute(&strings.Builder{}, data{})
	if err == nil || !strings.Contains(err.Error(), `partialCached "nope": no partial of that name in partials/`) {
		t.Errorf("an unknown partial: %v", err)
	}
}

func TestLayoutErrorPlace(t *testing.T) {
	fsys := fstest.MapFS{
		"base.html":            {Data: []byte("x")},
		"partials/header.html": {Data: []byte("x")},
	}
	tests := []struct {
		err  string
		file string
		line int
	}{
		{`template: base.html:3: unexpected "}" in operand`, "layouts/base.html", 3},
		{`template: header.html:23: bad character U+007D '}'`, "layouts/partials/header.html", 23},
		{`template: header.html:4:4: executing "header" at <partialCached "site-search" . .Lang>: error calling partialCached: ` +
			`template: header.html:24:69: executing "site-search" at <.T.nope>: map has no entry for key "nope"`, "layouts/partials/header.html", 24},
		{`template: gone.html:7: no such template`, "layouts/gone.html", 7},
		{`something else`, "layouts", 0},
	}
	for _, tt := range tests {
		le := LayoutErrorOf(fsys, "layouts", errors.New(tt.err))
		if le.File != tt.file || le.Line != tt.line {
			t.Errorf("%s:\n got %s:%d, want %s:%d", tt.err, le.File, le.Line, tt.file, tt.line)
		}
	}
}
