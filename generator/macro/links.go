package macro

import (
	"html"
	"strings"
)

// The link family: macros that link to another reference page. Each builds
// a /{locale}/docs/… URL in the page's own locale and lets the Env resolve it
// like any other link, so translations, fallbacks to English and pages
// outside the site are handled in one place.

func registerLinks(r *Registry) {
	r.Register("HTTPStatus", httpStatus)
	r.Register("HTTPHeader", referenceLink("Web/HTTP/Reference/Headers/", plainSlug))
	r.Register("HTTPMethod", referenceLink("Web/HTTP/Reference/Methods/", plainSlug))
	r.Register("HTMLElement", referenceLink("Web/HTML/Reference/Elements/", elementSlug))
	r.Register("cssxref", referenceLink("Web/CSS/", cssSlug))
	r.Register("jsxref", referenceLink("Web/JavaScript/Reference/Global_Objects/", jsSlug))
	r.Register("domxref", referenceLink("Web/API/", apiSlug))
	r.Register("Glossary", glossary)
	r.Register("RFC", rfc)
}

// Slug makers for the reference link family: what a name links to, and
// how it is shown.
func plainSlug(name string) (slug, shown string) { return name, name }

// elementSlug: HTMLElement("link") shows <link>.
func elementSlug(name string) (string, string) {
	name = strings.Trim(name, "<>")
	return strings.ToLower(name), "<" + name + ">"
}

// cssSlug: functions drop "()", data types "<color>" link to color_value
// pages as MDN names them.
func cssSlug(name string) (string, string) {
	slug := strings.TrimSuffix(name, "()")
	if strings.HasPrefix(slug, "<") && strings.HasSuffix(slug, ">") {
		slug = strings.Trim(slug, "<>") + "_value"
	}
	return slug, name
}

// jsSlug: "Array.prototype.map" links to Array/map, "()" dropped.
func jsSlug(name string) (string, string) {
	slug := strings.TrimSuffix(name, "()")
	slug = strings.ReplaceAll(slug, ".prototype.", ".")
	return strings.ReplaceAll(slug, ".", "/"), name
}

// apiSlug: "Window.fetch()" links to Window/fetch.
func apiSlug(name string) (string, string) {
	slug := strings.TrimSuffix(name, "()")
	return strings.ReplaceAll(slug, ".", "/"), name
}

// httpStatus is HTTPStatus(code, display?, anchor?, no_code?). Without a
// display text it shows the target page's title ("404 Not Found").
func httpStatus(env Env, args []Arg) (Output, error) {
	if err := argCount(args, 1, 4); err != nil {
		return Output{}, err
	}
	code := strings.TrimSpace(args[0].Value)
	if !isStatusCode(code) {
		return Output{}, &ArgError{Arg: 0, Msg: "status code must be three digits, got " + quoteRune(code)}
	}
	l := env.Link(docsURL(env, "Web/HTTP/Reference/Status/"+code, arg(args, 2)))
	display := arg(args, 1)
	if display == "" {
		display = code
		if l.Title != "" {
			display = l.Title
		}
	}
	return Output{HTML: l.Anchor(codeText(display, !truthy(args, 3)))}, nil
}

// referenceLink makes macros of the form Name(name, display?, anchor?, no_code?)
// that link to a page under prefix, showing the name in <code>.
func referenceLink(prefix string, slugOf func(string) (string, string)) Func {
	return func(env Env, args []Arg) (Output, error) {
		if err := argCount(args, 1, 4); err != nil {
			return Output{}, err
		}
		name := strings.TrimSpace(args[0].Value)
		if name == "" {
			return Output{}, &ArgError{Arg: 0, Msg: "name must not be empty"}
		}
		slug, display := slugOf(name)
		if d := arg(args, 1); d != "" {
			display = d
		}
		l := env.Link(docsURL(env, prefix+slug, arg(args, 2)))
		return Output{HTML: l.Anchor(codeText(display, !truthy(args, 3)))}, nil
	}
}

// glossary is Glossary(term, display?): a plain-text link to a glossary entry.
func glossary(env Env, args []Arg) (Output, error) {
	if err := argCount(args, 1, 2); err != nil {
		return Output{}, err
	}
	term := strings.TrimSpace(args[0].Value)
	if term == "" {
		return Output{}, &ArgError{Arg: 0, Msg: "term must not be empty"}
	}
	display := arg(args, 1)
	if display == "" {
		display = term
	}
	l := env.Link(docsURL(env, "Glossary/"+strings.ReplaceAll(term, " ", "_"), ""))
	return Output{HTML: l.Anchor(html.EscapeString(display))}, nil
}

// rfc is RFC(number, text?, section?): a link to the RFC on the IETF's
// datatracker, "RFC 9110, section 15.5.5: 404 Not Found".
func rfc(env Env, args []Arg) (Output, error) {
	if err := argCount(args, 1, 3); err != nil {
		return Output{}, err
	}
	n := strings.TrimSpace(args[0].Value)
	if n == "" || strings.Trim(n, "0123456789") != "" {
		return Output{}, &ArgError{Arg: 0, Msg: "RFC number must be digits, got " + quoteRune(n)}
	}
	text, section := strings.TrimSpace(arg(args, 1)), strings.TrimSpace(arg(args, 2))
	href, label := "https://datatracker.ietf.org/doc/html/rfc"+n, "RFC "+n
	if section != "" {
		href += "#section-" + section
		label += ", " + env.T("rfc_section") + " " + section
	}
	if text != "" {
		label += ": " + text
	}
	return Output{HTML: env.Link(href).Anchor(html.EscapeString(label))}, nil
}

func docsURL(env Env, slug, anchor string) string {
	u := "/" + env.Locale() + "/docs/" + slug
	if anchor = strings.TrimPrefix(strings.TrimSpace(anchor), "#"); anchor != "" {
		u += "#" + anchor
	}
	return u
}

func codeText(s string, code bool) string {
	s = html.EscapeString(s)
	if code {
		return "<code>" + s + "</code>"
	}
	return s
}

func isStatusCode(s string) bool {
	if len(s) != 3 || s[0] < '1' || s[0] > '5' {
		return false
	}
	return s[1] >= '0' && s[1] <= '9' && s[2] >= '0' && s[2] <= '9'
}
