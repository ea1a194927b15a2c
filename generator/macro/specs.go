package macro

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"html"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// Spec is a specification, from the web-specs package (see `make data`).
type Spec struct {
	Shortname string   `json:"shortname"`
	Title     string   `json:"title"`
	URL       string   `json:"url"`
	Aliases   []string `json:"aliases,omitempty"` // other URLs it is published at
}

// Specs finds specifications by URL: those of web-specs first, then the
// extra ones a content root lists in MDN's jsondata/SpecData.json.
type Specs struct {
	Meta  map[string]string `json:"__meta"`
	Specs []Spec            `json:"specs"`
	extra []Spec
}

// With returns specs that also know extra, consulted when nothing else
// matches.
func (s *Specs) With(extra []Spec) *Specs {
	if len(extra) == 0 {
		return s
	}
	c := *s
	c.extra = append(slices.Clip(s.extra), extra...)
	return &c
}

// ParseSpecData reads MDN's jsondata/SpecData.json: a map of names to
// {"name": title, "url": URL}.
func ParseSpecData(data []byte) ([]Spec, error) {
	var m map[string]struct {
		Name string `json:"name"`
		URL  string `json:"url"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("reading SpecData.json: %w", err)
	}
	var specs []Spec
	for short, v := range m {
		if v.URL != "" && v.Name != "" {
			specs = append(specs, Spec{Shortname: short, Title: v.Name, URL: v.URL, Aliases: RFCAliases(v.URL)})
		}
	}
	slices.SortFunc(specs, func(a, b Spec) int { return strings.Compare(a.Shortname, b.Shortname) })
	return specs, nil
}

var rfcNumber = regexp.MustCompile(`(?i)rfc(\d+)`)

// RFCAliases lists the places an IETF RFC is published at, for a URL of
// any of them; nil for other URLs.
func RFCAliases(u string) []string {
	m := rfcNumber.FindStringSubmatch(u)
	if m == nil || !strings.Contains(u, "ietf.org") && !strings.Contains(u, "rfc-editor.org") && !strings.Contains(u, "httpwg.org") {
		return nil
	}
	n := "rfc" + m[1]
	return []string{"https://www.rfc-editor.org/rfc/" + n, "https://www.rfc-editor.org/info/" + n,
		"https://datatracker.ietf.org/doc/html/" + n, "https://tools.ietf.org/html/" + n, "https://httpwg.org/specs/" + n + ".html"}
}

// ParseSpecs reads the JSON that `make data` writes.
func ParseSpecs(data []byte) (*Specs, error) {
	var s Specs
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("reading specification data: %w", err)
	}
	return &s, nil
}

//go:embed data/specs.json
var specsJSON []byte

// rfcsJSON lists, in SpecData.json's form, the RFCs and drafts that HTTP
// status pages cite and web-specs lacks (it has the current HTTP RFCs, not
// WebDAV's or HTCPCP's). It is kept by hand.
//
//go:embed data/rfcs.json
var rfcsJSON []byte

// EmbeddedSpecs is the specification data built into the program: the
// web-specs package's, and the RFCs it lacks.
var EmbeddedSpecs = sync.OnceValue(func() *Specs {
	s, err := ParseSpecs(specsJSON)
	if err != nil {
		panic(err) // the embedded files are tested; they cannot be broken at run time
	}
	rfcs, err := ParseSpecData(rfcsJSON)
	if err != nil {
		panic(err)
	}
	return s.With(rfcs)
})

// Match finds the specification a URL belongs to: the one with the longest
// of its URLs that the given URL starts with, up to a path boundary.
func (s *Specs) Match(u string) (Spec, bool) {
	if s == nil {
		return Spec{}, false
	}
	if sp, ok := match(s.Specs, u); ok {
		return sp, true
	}
	return match(s.extra, u)
}

func match(specs []Spec, u string) (Spec, bool) {
	best, bestLen := Spec{}, 0
	u = bareURL(u)
	for _, sp := range specs {
		if n := prefixLen(u, sp.URL); n > bestLen {
			best, bestLen = sp, n
		}
		for _, form := range sp.Aliases {
			if n := prefixLen(u, form); n > bestLen {
				best, bestLen = sp, n
			}
		}
	}
	return best, bestLen > 0
}

// prefixLen is len(prefix) when u, a bareURL, starts with prefix (without
// its trailing slash) followed by a boundary, else 0. Scheme and "www."
// are ignored.
func prefixLen(u, prefix string) int {
	prefix = strings.TrimSuffix(bareURL(prefix), "/")
	if prefix == "" || !strings.HasPrefix(u, prefix) {
		return 0
	}
	if rest := u[len(prefix):]; rest != "" && !strings.ContainsRune("/.#?", rune(rest[0])) {
		return 0
	}
	return len(prefix)
}

func bareURL(u string) string {
	u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	return strings.TrimPrefix(u, "www.")
}

func registerSpecifications(r *Registry, specs *Specs, compat *Compat) {
	r.Register("Specifications", func(env Env, args []Arg) (Output, error) {
		if err := argCount(args, 0, 1); err != nil {
			return Output{}, err
		}
		urls := SpecURLs(compat, env.Page())
		if len(args) > 0 {
			urls = compatSpecURLs(compat, []string{args[0].Value})
		}
		return Output{Block: true, HTML: specTable(env, specs, urls)}, nil
	})
}

// SpecURLs are the specifications of a page, as {{Specifications}}
// lists them: its spec-urls, else the spec_url of its browser-compat
// features in c.
func SpecURLs(c *Compat, p Page) []string {
	if len(p.SpecURLs) > 0 {
		return p.SpecURLs
	}
	return compatSpecURLs(c, p.BrowserCompat)
}

// compatSpecURLs collects the spec_url of compat features.
func compatSpecURLs(c *Compat, keys []string) []string {
	var urls []string
	for _, k := range keys {
		if f := c.Feature(k); f != nil && f.Compat != nil {
			urls = append(urls, f.Compat.SpecURL...)
		}
	}
	return urls
}

// maxSpecRows is how many specifications a table shows, at most: a page
// has one to three, and each row is looked up among every specification.
const maxSpecRows = 64

// specTable renders one row per URL: the specification's title linked to
// the URL, and the fragment ("# status.404") under it.
func specTable(env Env, specs *Specs, urls []string) string {
	if len(urls) == 0 {
		return `<p class="specifications-none">` + html.EscapeString(env.T("specs_none")) + `</p>`
	}
	if len(urls) > maxSpecRows {
		env.Report("macro-args", "the page lists %d specifications; the first %d are shown", len(urls), maxSpecRows)
		urls = urls[:maxSpecRows]
	}
	var b strings.Builder
	b.WriteString(`<table class="standard-table specifications"><thead><tr><th scope="col">`)
	b.WriteString(html.EscapeString(env.T("specs_heading")))
	b.WriteString("</th></tr></thead><tbody>\n")
	for _, u := range urls {
		title := u
		if sp, ok := specs.Match(u); ok {
			title = sp.Title
		} else {
			env.Report("unknown-spec", "no specification known for %q; add its title and URL to jsondata/SpecData.json in a content root", u)
		}
		inner := html.EscapeString(title)
		if _, frag, ok := strings.Cut(u, "#"); ok && frag != "" {
			inner += "<br><small># " + html.EscapeString(frag) + "</small>"
		}
		b.WriteString("<tr><td>" + env.Link(u).Anchor(inner) + "</td></tr>\n")
	}
	b.WriteString("</tbody></table>")
	return b.String()
}
