package macro

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"strconv"
	"strings"
)

// Constants are the names that libraries give the status codes, as
// `make data` read them from the real sources (constants.json): Go's
// net/http, Python's http.HTTPStatus, Node's http.STATUS_CODES.
type Constants struct {
	Libraries []Library `json:"libraries"`
}

// Library is one library's names for the codes.
type Library struct {
	Name   string `json:"name"`   // "Go"
	Module string `json:"module"` // "net/http"
	Source string `json:"source"` // what the names were read from, with its version
	// Lookup, when set, is the expression that looks a code up ("http.STATUS_CODES[%s]"),
	// and Codes hold what it gives (a reason phrase); else Codes hold
	// each code's expression ("http.StatusTeapot").
	Lookup string            `json:"lookup,omitempty"`
	Codes  map[string]string `json:"codes"`
}

// ParseConstants reads the JSON that `make data` writes.
func ParseConstants(data []byte) (*Constants, error) {
	var c Constants
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("reading library constants: %w", err)
	}
	return &c, nil
}

//go:embed data/constants.json
var constantsJSON []byte

// EmbeddedConstants is the library data built into the program.
var EmbeddedConstants = embedded(constantsJSON, ParseConstants)

// registerConstants adds {{StatusConstants}} and {{StatusConstants("418")}}:
// the code of the page, or the one given, in each library, and a curl line
// that shows a response's status. Without data, the embedded data serves.
func registerConstants(r *Registry, c *Constants) {
	if c == nil {
		c = EmbeddedConstants()
	}
	r.Register("StatusConstants", func(env Env, args []Arg) (Output, error) {
		if err := argCount(args, 0, 1); err != nil {
			return Output{}, err
		}
		code := env.Page().Code
		if len(args) > 0 {
			code = strings.TrimSpace(args[0].Value)
			if !isCode(code) {
				return Output{}, &ArgError{Arg: 0, Msg: fmt.Sprintf("%q is not a status code (three digits, 100 to 599)", code)}
			}
		}
		if code == "" {
			return Output{}, &ArgError{Arg: -1, Msg: "this page is not a status code's: give one, as in StatusConstants(\"404\")"}
		}
		env.Placed("constants")
		return Output{Block: true, HTML: c.HTML(env.T, code)}, nil
	})
}

func isCode(s string) bool {
	return len(s) == 3 && s[0] >= '1' && s[0] <= '5' && s[1] >= '0' && s[1] <= '9' && s[2] >= '0' && s[2] <= '9'
}

// HTML is the table of a code's names in each library, then the curl line
// and the status line it shows. t gives the UI strings of the page's locale.
func (c *Constants) HTML(t func(string) string, code string) string {
	var b strings.Builder
	b.WriteString(`<table class="constants"><thead><tr><th scope="col">`)
	b.WriteString(html.EscapeString(t("constants_library")))
	b.WriteString(`</th><th scope="col">`)
	b.WriteString(html.EscapeString(t("constants_name")))
	b.WriteString("</th></tr></thead><tbody>")
	for _, l := range c.Libraries {
		fmt.Fprintf(&b, `<tr><th scope="row">%s <code>%s</code></th>`, html.EscapeString(l.Name), html.EscapeString(l.Module))
		v, ok := l.Codes[code]
		switch {
		case !ok:
			fmt.Fprintf(&b, `<td class="constants-missing">%s</td>`, html.EscapeString(t("constants_missing")))
		case l.Lookup != "":
			fmt.Fprintf(&b, `<td><code>%s</code> → <code>%s</code></td>`, html.EscapeString(fmt.Sprintf(l.Lookup, code)), html.EscapeString(fmt.Sprintf("%q", v)))
		default:
			fmt.Fprintf(&b, `<td><code>%s</code></td>`, html.EscapeString(v))
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</tbody></table>")
	fmt.Fprintf(&b, `<p>%s</p><pre class="brush: bash"><code>curl -i https://example.com/</code></pre><pre class="constants-status"><code>%s</code></pre>`,
		html.EscapeString(t("constants_curl")), html.EscapeString(statusLine(c, code)))
	return b.String()
}

// statusLine is the first line of an HTTP/1.1 response with the code: its
// reason phrase is Go's, else Node's, else none (the phrase is optional).
func statusLine(c *Constants, code string) string {
	phrase := ""
	if n, err := strconv.Atoi(code); err == nil {
		phrase = http.StatusText(n)
	}
	for _, l := range c.Libraries {
		if phrase == "" && l.Lookup != "" {
			phrase = l.Codes[code]
		}
	}
	return strings.TrimSpace("HTTP/1.1 " + code + " " + phrase)
}
