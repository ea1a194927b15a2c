package main

import (
	"os"
	"path/filepath"
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
