package macro

import "testing"

func TestEmbeddedDataLoads(t *testing.T) {
	specs := EmbeddedSpecs()
	if len(specs.Specs) == 0 || specs.Meta["source"] == "" {
		t.Fatalf("embedded specs are empty: %+v", specs.Meta)
	}
	for u, want := range map[string]string{
		"https://www.rfc-editor.org/rfc/rfc9110#status.404": "HTTP Semantics",
		// RFCs web-specs lacks, which the binary carries (data/rfcs.json),
		// as MDN's pages cite them.
		"https://www.rfc-editor.org/info/rfc4918/#section-11.5": "HTTP Extensions for Web Distributed Authoring and Versioning (WebDAV)",
		"https://www.rfc-editor.org/rfc/rfc2295#section-8.1":    "Transparent Content Negotiation in HTTP",
		"https://datatracker.ietf.org/doc/html/rfc7168":         "The Hyper Text Coffee Pot Control Protocol for Tea Efflux Appliances (HTCPCP-TEA)",
	} {
		if sp, ok := specs.Match(u); !ok || sp.Title != want {
			t.Errorf("%s: %+v, want %q", u, sp, want)
		}
	}
	c := EmbeddedCompat()
	if c.Meta["source"] == "" || c.Browsers["chrome"].Name != "Chrome" || c.Browsers["safari_ios"].Type != "mobile" {
		t.Fatalf("embedded compat browsers: %+v", c.Browsers)
	}
	for _, key := range []string{"http.status", "http.status.103", "http.status.308", "http.status.425"} {
		if c.Feature(key) == nil {
			t.Errorf("embedded compat lacks %s", key)
		}
	}
	f := c.Feature("http.status.103")
	if f.Compat == nil || !f.Compat.Support["chrome"][0].VersionAdded.Yes || len(f.Compat.SpecURL) == 0 {
		t.Errorf("http.status.103 decoded badly: %+v", f.Compat)
	}
	if g := c.Feature("http.status"); g.Compat != nil || len(g.Children) < 3 {
		t.Errorf("http.status should be a group of features: %+v", g)
	}
	for _, bad := range []string{"", "browsers", "browsers.chrome", "http.status.999", "nope.x"} {
		if c.Feature(bad) != nil {
			t.Errorf("Feature(%q) found something", bad)
		}
	}
}

func TestSpecMatch(t *testing.T) {
	specs := &Specs{Specs: []Spec{
		{Shortname: "rfc9110", Title: "HTTP Semantics", URL: "https://www.rfc-editor.org/info/rfc9110/", Aliases: RFCAliases("https://www.rfc-editor.org/info/rfc9110/")},
		{Shortname: "rfc911", Title: "Not 9110", URL: "https://www.rfc-editor.org/rfc/rfc911"},
		{Shortname: "html", Title: "HTML", URL: "https://html.spec.whatwg.org/multipage/"},
		{Shortname: "html-sub", Title: "HTML part", URL: "https://html.spec.whatwg.org/multipage/semantics.html"},
	}}
	extra, err := ParseSpecData([]byte(`{"RFC6585": {"name": "Additional HTTP Status Codes", "url": "https://tools.ietf.org/html/rfc6585", "status": "RFC"}, "Broken": {"name": ""}}`))
	if err != nil {
		t.Fatal(err)
	}
	specs = specs.With(extra)
	for _, tc := range []struct{ url, want string }{
		{"https://www.rfc-editor.org/rfc/rfc9110#status.404", "HTTP Semantics"},
		{"https://www.rfc-editor.org/rfc/rfc9110.html#status.404", "HTTP Semantics"},
		{"https://www.rfc-editor.org/info/rfc9110/#status.500", "HTTP Semantics"},
		{"https://httpwg.org/specs/rfc9110.html#status.410", "HTTP Semantics"},
		{"https://datatracker.ietf.org/doc/html/rfc9110#section-15", "HTTP Semantics"},
		{"http://rfc-editor.org/rfc/rfc9110#x", "HTTP Semantics"},
		{"https://www.rfc-editor.org/rfc/rfc911#x", "Not 9110"},
		{"https://www.rfc-editor.org/rfc/rfc9111#x", ""},
		{"https://html.spec.whatwg.org/multipage/semantics.html#early-hints", "HTML part"},
		{"https://html.spec.whatwg.org/multipage/links.html#x", "HTML"},
		{"https://www.rfc-editor.org/rfc/rfc6585#section-4", "Additional HTTP Status Codes"},
		{"https://example.com/", ""},
	} {
		sp, ok := specs.Match(tc.url)
		if got := sp.Title; ok != (tc.want != "") || got != tc.want {
			t.Errorf("Match(%s) = %q, %v; want %q", tc.url, got, ok, tc.want)
		}
	}
	if _, err := ParseSpecData([]byte("{")); err == nil {
		t.Error("broken SpecData.json accepted")
	}
}

// TestEmbeddedConstants: constants.json, as `make data` wrote it, names
// the codes in Go, Python and Node.
func TestEmbeddedConstants(t *testing.T) {
	c := EmbeddedConstants()
	if len(c.Libraries) != 3 {
		t.Fatalf("libraries: %+v", c.Libraries)
	}
	for _, l := range c.Libraries {
		if len(l.Codes) < 55 || l.Codes["404"] == "" || l.Source == "" {
			t.Errorf("%s: %d codes, 404 %q, source %q", l.Name, len(l.Codes), l.Codes["404"], l.Source)
		}
	}
}
