package macro

import (
	"errors"
	"strings"
	"testing"
)

// fakeEnv is a zh-TW page whose links all resolve: the resolved URL is the
// requested one with "/" appended, and a status page 404 has a title.
type fakeEnv struct {
	hrefs []string // every href given to Link
}

func (e *fakeEnv) Locale() string                          { return "zh-TW" }
func (e *fakeEnv) Page() Page                              { return Page{Locale: "zh-TW", Slug: "Web/HTTP/Reference/Status/500"} }
func (e *fakeEnv) T(key string) string                     { return key }
func (e *fakeEnv) Report(kind, format string, args ...any) {}
func (e *fakeEnv) UseSidebar(string)                       {}
func (e *fakeEnv) Placed(string)                           {}

func (e *fakeEnv) Link(href string) Link {
	e.hrefs = append(e.hrefs, href)
	l := Link{Href: href + "/"}
	if strings.HasSuffix(href, "/404") {
		l.Title = "404 Not Found"
	}
	return l
}

func TestLinks(t *testing.T) {
	const status = "/zh-TW/docs/Web/HTTP/Reference/Status/"
	tests := []struct {
		call   string
		html   string
		href   string // the href the macro asked the Env to resolve
		argErr int    // with html "": the ArgError's Arg
	}{
		// HTTPStatus shows the target's title, or the code when it has none.
		{call: `{{HTTPStatus(404)}}`, href: status + "404",
			html: `<a href="` + status + `404/"><code>404 Not Found</code></a>`},
		{call: `{{httpstatus("500")}}`, href: status + "500",
			html: `<a href="` + status + `500/"><code>500</code></a>`},
		{call: `{{HTTPStatus(404, "", "anchor")}}`, href: status + "404#anchor",
			html: `<a href="` + status + `404#anchor/"><code>404</code></a>`},
		{call: `{{HTTPStatus(404, "", "#anchor")}}`, href: status + "404#anchor",
			html: `<a href="` + status + `404#anchor/"><code>404</code></a>`},
		{call: `{{HTTPStatus(404, "Not <found>")}}`, href: status + "404",
			html: `<a href="` + status + `404/"><code>Not &lt;found&gt;</code></a>`},
		{call: `{{HTTPStatus(404, "", "", true)}}`, href: status + "404",
			html: `<a href="` + status + `404/">404 Not Found</a>`},
		{call: `{{HTTPStatus(404, "", "", 1)}}`, href: status + "404",
			html: `<a href="` + status + `404/">404 Not Found</a>`},
		{call: `{{HTTPStatus(404, "", "", false)}}`, href: status + "404",
			html: `<a href="` + status + `404/"><code>404 Not Found</code></a>`},
		{call: `{{HTTPStatus(404, "", "", 0)}}`, href: status + "404",
			html: `<a href="` + status + `404/"><code>404 Not Found</code></a>`},
		{call: `{{HTTPStatus()}}`, argErr: -1},
		{call: `{{HTTPStatus(404, "a", "b", true, 5)}}`, argErr: -1},
		{call: `{{HTTPStatus(abc)}}`, argErr: 0},
		{call: `{{HTTPStatus("")}}`, argErr: 0},
		{call: `{{HTTPStatus(4040)}}`, argErr: 0},
		{call: `{{HTTPStatus(600)}}`, argErr: 0},
		{call: `{{HTTPStatus(40x)}}`, argErr: 0},

		// HTTPHeader and HTTPMethod show the name in code.
		{call: `{{HTTPHeader("Content-Type")}}`, href: "/zh-TW/docs/Web/HTTP/Reference/Headers/Content-Type",
			html: `<a href="/zh-TW/docs/Web/HTTP/Reference/Headers/Content-Type/"><code>Content-Type</code></a>`},
		{call: `{{HTTPHeader("Accept", "Accept 標頭", "syntax")}}`, href: "/zh-TW/docs/Web/HTTP/Reference/Headers/Accept#syntax",
			html: `<a href="/zh-TW/docs/Web/HTTP/Reference/Headers/Accept#syntax/"><code>Accept 標頭</code></a>`},
		{call: `{{HTTPHeader("Accept", "", "", "true")}}`, href: "/zh-TW/docs/Web/HTTP/Reference/Headers/Accept",
			html: `<a href="/zh-TW/docs/Web/HTTP/Reference/Headers/Accept/">Accept</a>`},
		{call: `{{HTTPHeader("")}}`, argErr: 0},
		{call: `{{HTTPHeader()}}`, argErr: -1},
		{call: `{{HTTPMethod(GET)}}`, href: "/zh-TW/docs/Web/HTTP/Reference/Methods/GET",
			html: `<a href="/zh-TW/docs/Web/HTTP/Reference/Methods/GET/"><code>GET</code></a>`},
		{call: `{{httpmethod("POST", "", "", 1)}}`, href: "/zh-TW/docs/Web/HTTP/Reference/Methods/POST",
			html: `<a href="/zh-TW/docs/Web/HTTP/Reference/Methods/POST/">POST</a>`},
		{call: `{{HTTPMethod(GET, 1, 2, 3, 4)}}`, argErr: -1},

		// Glossary is plain text, with spaces in the term as underscores.
		{call: `{{Glossary("Proxy server")}}`, href: "/zh-TW/docs/Glossary/Proxy_server",
			html: `<a href="/zh-TW/docs/Glossary/Proxy_server/">Proxy server</a>`},
		{call: `{{Glossary("proxy server", "代理伺服器")}}`, href: "/zh-TW/docs/Glossary/proxy_server",
			html: `<a href="/zh-TW/docs/Glossary/proxy_server/">代理伺服器</a>`},
		{call: `{{Glossary("HTTP", "<HTTP>")}}`, href: "/zh-TW/docs/Glossary/HTTP",
			html: `<a href="/zh-TW/docs/Glossary/HTTP/">&lt;HTTP&gt;</a>`},
		{call: `{{Glossary(" ")}}`, argErr: 0},
		{call: `{{Glossary()}}`, argErr: -1},
		{call: `{{Glossary("a", "b", "c")}}`, argErr: -1},
	}
	for _, tt := range tests {
		t.Run(tt.call, func(t *testing.T) {
			c, err := Parse(tt.call)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			f, ok := Default().Lookup(c.Name)
			if !ok {
				t.Fatalf("macro %q is not registered", c.Name)
			}
			env := new(fakeEnv)
			out, err := f(env, c.Args)
			if tt.html == "" {
				var ae *ArgError
				if !errors.As(err, &ae) || ae.Arg != tt.argErr {
					t.Fatalf("error = %#v, want an *ArgError for argument %d", err, tt.argErr)
				}
				if len(env.hrefs) != 0 {
					t.Errorf("a failed call resolved %q", env.hrefs)
				}
				return
			}
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if out.HTML != tt.html || out.Block {
				t.Errorf("output = %+v, want HTML %s", out, tt.html)
			}
			if len(env.hrefs) != 1 || env.hrefs[0] != tt.href {
				t.Errorf("resolved %q, want [%q]", env.hrefs, tt.href)
			}
		})
	}
}
