package content

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestVetFile(t *testing.T) {
	const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">`
	tests := []struct {
		name, data string
		refused    string // part of the reason; "" when published
	}{
		{"a.svg", `<?xml version="1.0"?>` + svg + `<!-- drawn by hand --><a href="#x"><rect/></a><image href="b.png"/></svg>`, ""},
		// A DOCTYPE, even a harmless one, is refused: its internal subset
		// can add attributes (onload) to elements, and parsers disagree on
		// where it ends, which once hid a script from the check.
		{"a.svg", `<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd">` + svg + `</svg>`, "DOCTYPE"},
		{"a.svg", `<!DOCTYPE svg [<!ATTLIST svg onload CDATA "alert(1)">]>` + svg + `<rect/></svg>`, "DOCTYPE"},
		{"a.svg", `<!DOCTYPE svg [<?x ' ?>]><svg xmlns="http://www.w3.org/2000/svg"><script href="n.txt"/><!-- ' >> ` + svg + ` --></svg>`, "DOCTYPE"},
		{"a.svg", svg + `<style><![CDATA[ rect{} ]]></style></svg>`, "CDATA"},
		{"a.svg", svg + `<?x-stylesheet href="a.css"?><rect/></svg>`, "processing instruction"},
		{"a.svg", svg + `<!-- never ends <rect/></svg>`, "comment"},
		{"a.svg", svg + `<a xlink:href="https://example.org/"><text style="fill:red">x</text></a></svg>`, ""},
		{"a.svg", svg + `<image href="data:image/png;base64,AAAA"/></svg>`, ""},
		{"a.png", "\x89PNG\r\n\x1a\nrest", ""},
		{"a.JPG", "\xff\xd8\xff\xe0", ""},
		{"a.pdf", "%PDF-1.7", ""},
		{"notes.txt", "<script>alert(1)</script>", ""}, // served as text/plain
		{"a.svg", svg + `<script>alert(1)</script></svg>`, "<script>"},
		{"a.svg", svg + `<SCRIPT>alert(1)</SCRIPT></svg>`, "<SCRIPT>"},
		{"a.svg", svg + `<rect onload="alert(1)"/></svg>`, "event handler"},
		{"a.svg", svg + `<rect OnClick="alert(1)"/></svg>`, "event handler"},
		{"a.svg", svg + `<foreignObject><p>x</p></foreignObject></svg>`, "<foreignObject>"},
		{"a.svg", svg + `<h:p xmlns:h="http://www.w3.org/1999/xhtml">x</h:p></svg>`, "HTML elements"},
		{"a.svg", svg + `<a xlink:href=" java&#x09;script:alert(1)">x</a></svg>`, "javascript: URL"},
		{"a.svg", svg + `<a href="data:text/html,&lt;script&gt;">x</a></svg>`, "data: URL"},
		{"a.svg", svg + `<a><set attributeName="href" to="javascript:alert(1)"/>x</a></svg>`, "animation"},
		{"a.svg", svg + `<a><animate attributeName="xlink:href" values="javascript:alert(1)"/>x</a></svg>`, "animation"},
		{"a.svg", svg + `<a><set attributeName=" HREF " to="javascript:alert(1)"/>x</a></svg>`, "animation"},
		{"a.svg", svg + `<rect><set attributeName="x:onclick" to="alert(1)"/></rect></svg>`, "animation"},
		{"a.svg", svg + `<g xml:base="javascript:/"><a href="x">x</a></g></svg>`, "xml:base"},
		{"a.svg", `<?xml-stylesheet type="text/xsl" href="x.xsl"?>` + svg + `</svg>`, "processing instruction"},
		{"a.svg", `<!DOCTYPE svg [<!ENTITY x "<script>alert(1)</script>">]>` + svg + `&x;</svg>`, "DOCTYPE"},
		{"a.svg", svg + `&nbsp;</svg>`, "well-formed"},
		{"a.svg", `<html><script>alert(1)</script></html>`, "root element is <html>"},
		{"a.svg", `just text`, "no <svg>"},
		{"a.png", "<html><script>alert(1)</script>", `not those of a ".png" file`},
		{"a.gif", "", `not those of a ".gif" file`},
	}
	for _, tc := range tests {
		got := VetFile(tc.name, []byte(tc.data), nil)
		if tc.refused == "" && got != "" || !strings.Contains(got, tc.refused) {
			t.Errorf("VetFile(%s, %q) = %q, want %q", tc.name, tc.data, got, tc.refused)
		}
	}
}

// TestBundles loads pages with files beside them: only an index.md's
// folder has a bundle, of the files directly in it, never .md files; a
// refused file is listed as refused with an unsafe-file error at 1:1.
func TestBundles(t *testing.T) {
	png := &fstest.MapFile{Data: []byte("\x89PNG\r\n\x1a\n")}
	fsys := fstest.MapFS{
		"en-us/a/index.md":          page("A", "A"),
		"en-us/a/z.png":             png,
		"en-us/a/b.png":             png,
		"en-us/a/page.html":         {Data: []byte("<script>alert(1)</script>")},
		"en-us/a/tool.exe":          {Data: []byte("MZ")},
		"en-us/a/other.md":          page("Other", "A/Other"),
		"en-us/a/sub/c.png":         png, // a subfolder that is no page
		"en-us/notapage/d.png":      png,
		"en-us/a/child/index.md":    page("Child", "A/Child"),
		"en-us/a/child/diagram.png": png,
		"en-us/_redirects.txt":      {Data: []byte("")},
	}
	c := Load([]Root{{Name: "content", FS: fsys}})
	files := map[string][]string{}
	for _, p := range c.Pages {
		for _, f := range p.Files {
			files[p.Slug] = append(files[p.Slug], f.Name+map[bool]string{true: " refused"}[f.Refused])
		}
	}
	want := map[string][]string{"A": {"b.png", "page.html refused", "tool.exe refused", "z.png"}, "A/Child": {"diagram.png"}}
	if len(files) != len(want) || !slices.Equal(files["A"], want["A"]) || !slices.Equal(files["A/Child"], want["A/Child"]) {
		t.Errorf("files = %v, want %v", files, want)
	}
	var flaws []string
	for _, f := range c.Flaws {
		flaws = append(flaws, f.String())
	}
	wantFlaws := []string{
		`content/en-us/a/page.html:1:1: error: unsafe-file: a file of type ".html" could run script on the site; not published`,
		`content/en-us/a/tool.exe:1:1: error: unsafe-file: files of type ".exe" are not among those published beside pages; not published`,
	}
	if len(flaws) != len(wantFlaws) {
		t.Fatalf("flaws:\n%s", strings.Join(flaws, "\n"))
	}
	for i, w := range wantFlaws {
		if !strings.HasPrefix(flaws[i], w) {
			t.Errorf("flaw %d = %s\nwant %s", i, flaws[i], w)
		}
	}
}
