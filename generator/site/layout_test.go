package site

import (
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
