package macro

import (
	"fmt"
	"html"
	"strings"
)

// Env is what a macro sees of the page it is expanded in and of the site.
type Env interface {
	// Locale is the page's locale in canonical case ("zh-TW").
	Locale() string
	// Page describes the page the macro is expanded in.
	Page() Page
	// Link resolves href the way a link in the page body is resolved,
	// reporting any problem at the macro's position.
	Link(href string) Link
	// T returns a UI string in the page's locale, English when missing.
	T(key string) string
	// Report records a problem of a flaw kind at the macro's position.
	Report(kind, format string, args ...any)
	// UseSidebar puts the named sidebar (sidebars/{name}.yaml) on the page.
	UseSidebar(name string)
	// Placed records that the body shows a part that the layout would
	// otherwise add to the page ("constants": StatusConstants).
	Placed(part string)
}

// Page is what a macro knows of its page: front matter after inheritance
// from the English page.
type Page struct {
	Locale, Slug, Title, PageType string
	Code                          string // the status code of a status page ("404"), else ""
	Translation                   bool   // the page translates an en-US page (its front matter inherits)
	SpecURLs, BrowserCompat       []string
}

// Link is a resolved link, ready to be written as an <a> element.
type Link struct {
	Href   string // final URL ("" for a link to a page that does not exist)
	Attrs  string // extra attributes, already escaped (class, data-href, rel)
	Marker string // HTML to append inside the link, such as "(English)"
	Title  string // the target page's title, when the target is a page of the site
	Drop   bool   // the link must go (an unsafe URL); its text stays
}

// Anchor writes the link as an <a> element around inner, which is HTML.
func (l Link) Anchor(inner string) string {
	var b strings.Builder
	b.WriteString("<a")
	if l.Href != "" {
		b.WriteString(` href="`)
		b.WriteString(html.EscapeString(l.Href))
		b.WriteString(`"`)
	}
	b.WriteString(l.Attrs)
	b.WriteString(">")
	b.WriteString(inner)
	b.WriteString(l.Marker)
	b.WriteString("</a>")
	return b.String()
}

// Output is what a macro expands to.
type Output struct {
	HTML  string
	Block bool // a block (table, banner): replaces a paragraph it is alone in
}

// Func expands one call.
type Func func(env Env, args []Arg) (Output, error)

// ArgError is a call with the wrong number or kind of arguments.
type ArgError struct {
	Arg int // index of the offending argument, -1 for the call as a whole
	Msg string
}

func (e *ArgError) Error() string { return e.Msg }

// Registry maps macro names to their functions. Its zero value is empty and
// usable; Default returns one holding every macro the package provides.
type Registry struct {
	funcs map[string]Func
}

// Register adds f under name (matched without case, '-' as '_').
func (r *Registry) Register(name string, f Func) {
	if r.funcs == nil {
		r.funcs = make(map[string]Func)
	}
	r.funcs[Key(name)] = f
}

// Lookup returns the function registered for name.
func (r *Registry) Lookup(name string) (Func, bool) {
	f, ok := r.funcs[Key(name)]
	return f, ok
}

// Data is what the data-driven macros read: specifications and browser
// compatibility.
type Data struct {
	Specs     *Specs
	Compat    *Compat
	Constants *Constants
}

// New returns a registry with every macro of this package, reading d.
func New(d Data) *Registry {
	r := new(Registry)
	registerLinks(r)
	registerBanners(r)
	registerSpecifications(r, d.Specs, d.Compat)
	registerCompat(r, d.Compat)
	registerConstants(r, d.Constants)
	r.Register("HTTPSidebar", func(env Env, args []Arg) (Output, error) {
		if err := argCount(args, 0, 0); err != nil {
			return Output{}, err
		}
		env.UseSidebar("http")
		return Output{Block: true}, nil
	})
	return r
}

// Default returns a registry with every macro of this package, reading the
// embedded data.
func Default() *Registry {
	return New(Data{Specs: EmbeddedSpecs(), Compat: EmbeddedCompat(), Constants: EmbeddedConstants()})
}

// Marker is the visible, harmless stand-in for a macro that could not be
// expanded: the name in a span that says why, never the raw "{{…}}".
func Marker(name, why string) string {
	if name == "" {
		name = "macro"
	}
	return fmt.Sprintf(`<span class="macro-error" title="%s">%s</span>`, html.EscapeString(why), html.EscapeString(name))
}

// argCount checks that a call has between lo and hi arguments.
func argCount(args []Arg, lo, hi int) error {
	if len(args) >= lo && len(args) <= hi {
		return nil
	}
	want := fmt.Sprintf("%d to %d", lo, hi)
	if lo == hi {
		want = fmt.Sprint(lo)
	}
	return &ArgError{Arg: -1, Msg: fmt.Sprintf("takes %s arguments, got %d", want, len(args))}
}

// arg returns argument i, or "" when the call has fewer.
func arg(args []Arg, i int) string {
	if i < len(args) {
		return args[i].Value
	}
	return ""
}

// truthy reads a flag argument the way the JavaScript macros did.
func truthy(args []Arg, i int) bool {
	v := strings.TrimSpace(arg(args, i))
	return v != "" && v != "0" && v != "false" && v != "null" && v != "undefined"
}
