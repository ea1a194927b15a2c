package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"statusdocs/generator/macro"
)

func TestRun(t *testing.T) {
	out := t.TempDir()
	if err := run("testdata/npm", out, []string{"testdata/content"}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(out, "compat.json"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := macro.ParseCompat(data)
	if err != nil {
		t.Fatal(err)
	}
	if c.Meta["source"] != "@mdn/browser-compat-data 1.2.3" || c.Browsers["chrome"].Name != "Chrome" || len(c.Browsers) != 2 {
		t.Errorf("meta %v, browsers %v: want the source and desktop/mobile browsers only", c.Meta, c.Browsers)
	}
	for _, key := range []string{"http.status.103", "http.status.103.sub", "html.elements.a"} {
		if c.Feature(key) == nil {
			t.Errorf("compat lacks %s", key)
		}
	}
	if c.Feature("api.Unrelated") != nil || strings.Contains(string(data), "releases") {
		t.Error("compat keeps data no page asked for")
	}
	data, err = os.ReadFile(filepath.Join(out, "specs.json"))
	if err != nil {
		t.Fatal(err)
	}
	specs, err := macro.ParseSpecs(data)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range specs.Specs {
		names = append(names, s.Shortname)
	}
	if got := strings.Join(names, " "); got != "fetch rfc8297 rfc9110" {
		t.Errorf("specs = %s, want the three the content and its compat data point into", got)
	}
	if sp, ok := specs.Match("https://www.rfc-editor.org/rfc/rfc9110#status.404"); !ok || sp.Title != "HTTP Semantics" {
		t.Errorf("rfc-editor.org/rfc URL does not match RFC 9110: %+v", sp)
	}
}

// TestConstants reads Go's status.go as Go source and the interpreters'
// dumps into constants.json; a dump that is not one is an error.
func TestConstants(t *testing.T) {
	out := t.TempDir()
	lib := libraries{goStatus: "testdata/libraries/status.go", goVersion: "go1.26", python: "testdata/libraries/python.json", node: "testdata/libraries/node.json"}
	if err := lib.run(out); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(out, "constants.json"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := macro.ParseConstants(data)
	if err != nil {
		t.Fatal(err)
	}
	want := []macro.Library{
		{Name: "Go", Module: "net/http", Source: "go1.26 net/http/status.go",
			Codes: map[string]string{"100": "http.StatusContinue", "302": "http.StatusFound", "303": "http.StatusSeeOther", "418": "http.StatusTeapot"}},
		{Name: "Python", Module: "http", Source: "Python 3.11.7 http.HTTPStatus",
			Codes: map[string]string{"100": "HTTPStatus.CONTINUE", "418": "HTTPStatus.IM_A_TEAPOT"}},
		{Name: "Node.js", Module: "http", Source: "Node.js v20.20.2 http.STATUS_CODES", Lookup: "http.STATUS_CODES[%s]",
			Codes: map[string]string{"100": "Continue", "306": "(Unused)", "418": "I'm a Teapot"}},
	}
	if !reflect.DeepEqual(c.Libraries, want) {
		t.Errorf("got %+v\nwant %+v", c.Libraries, want)
	}

	for _, bad := range []struct{ name, python string }{
		{"not JSON", "{"},
		{"no codes", `{"version": "3"}`},
		{"not a code", `{"version": "3", "codes": {"4040": "X"}}`},
	} {
		py := filepath.Join(t.TempDir(), "python.json")
		if err := os.WriteFile(py, []byte(bad.python), 0o644); err != nil {
			t.Fatal(err)
		}
		lib.python = py
		if err := lib.run(t.TempDir()); err == nil {
			t.Errorf("%s: no error", bad.name)
		}
	}
	if _, err := goConstants([]byte("package http\nconst x = 1\n"), "status.go"); err == nil {
		t.Error("a status.go without constants: no error")
	}
}
