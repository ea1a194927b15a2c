package page

import "testing"

func TestRelativeURL(t *testing.T) {
	for _, c := range []struct{ from, to, want string }{
		{"/de/docs/Web/HTTP/Gen/G1/Page_1/", "/de/docs/Web/HTTP/Gen/G1/Page_2/", "../Page_2/"},
		{"/de/docs/Web/HTTP/Gen/G1/Page_1/", "/de/docs/Web/HTTP/Gen/G1/Page_1/", "./"},
		{"/de/docs/Web/HTTP/Gen/G1/Page_1/", "/de/docs/Web/HTTP/Gen/G1/Page_1/#x", "#x"},
		{"/de/docs/Web/HTTP/Gen/G1/Page_1/", "/de/docs/Web/HTTP/Gen/G1/", "../"},
		{"/de/docs/Web/HTTP/Gen/G1/", "/de/docs/Web/HTTP/Gen/G1/Page_2/?a#b", "Page_2/?a#b"},
		{"/statusdocs/de/docs/A/B/", "/statusdocs/de/docs/A/C/#f", "../C/#f"},
		// A first segment with a colon would read as a scheme.
		{"/de/docs/Web/", "/de/docs/Web/CSS:hover/", "./CSS:hover/"},
		{"/de/docs/Web/X/", "/de/docs/Web/CSS:hover/", "../CSS:hover/"},
		// Not shorter: the absolute path stays.
		{"/ja/docs/Web/HTTP/Reference/Status/417/", "/en-US/docs/Web/HTTP/Reference/Status/404/", ""},
		{"/a/", "/b/", ""},
		// Not a path of the site, or not resolved as written.
		{"/de/docs/A/B/", "https://example.com/de/docs/A/C/", ""},
		{"/de/docs/A/B/", "//example.com/de/docs/A/C/", ""},
		{"/de/docs/A/B/", "#top", ""},
		{"/de/docs/A/B/", "/de/docs/A/../A/C/", ""},
		{"/de/docs/A/B/", "/de/docs/A/%2E%2e/C/", ""},
		{"/de/docs/A/B/", "/de/docs/A/.%2e/C/", ""},
		{"/de/docs/A/B/", "/de/docs/A\\C/", ""},
		{"/de/docs/A/./B/", "/de/docs/A/B/C/", ""},
		{"/de/docs/A/B", "/de/docs/A/C/", ""},
	} {
		if got := relativeURL(c.from, c.to); got != c.want {
			t.Errorf("relativeURL(%q, %q) = %q, want %q", c.from, c.to, got, c.want)
		}
	}
}
