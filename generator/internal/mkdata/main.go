// Command mkdata writes the specification and compatibility data that the
// macro package embeds, from the web-specs and @mdn/browser-compat-data npm
// packages (`make data` installs them in a temporary folder and runs this).
//
//	mkdata --npm NODE_MODULES --content DIR [--content DIR]... --out generator/macro/data
//	mkdata --go-status GOROOT/src/net/http/status.go --go-version go1.26 --python py.json --node node.json --out …
//
// compat.json keeps, in data.json's own shape and order, the browsers and
// every feature under http.status plus every key a page of the content
// roots names in browser-compat. specs.json lists the specifications that a
// spec-urls of the content or a spec_url of those features points into, with
// every URL each is published at (RFCs are found under rfc-editor.org,
// datatracker, tools.ietf.org and httpwg.org alike). constants.json holds
// each status code's name in Go, Python and Node (constants.go).
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"statusdocs/generator/content"
	"statusdocs/generator/macro"
)

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func main() {
	npm := flag.String("npm", "", "node_modules `DIR` holding web-specs and @mdn/browser-compat-data")
	out := flag.String("out", "generator/macro/data", "output `DIR`")
	var roots listFlag
	flag.Var(&roots, "content", "content root `DIR` whose pages name the data needed; repeat for several")
	var lib libraries
	flag.StringVar(&lib.goStatus, "go-status", "", "Go's net/http/status.go `FILE`, for constants.json")
	flag.StringVar(&lib.goVersion, "go-version", "", "the `VERSION` of Go it is from")
	flag.StringVar(&lib.python, "python", "", "`FILE`: Python's http.HTTPStatus as JSON, {\"version\": …, \"codes\": {\"418\": \"IM_A_TEAPOT\"}}")
	flag.StringVar(&lib.node, "node", "", "`FILE`: Node's http.STATUS_CODES as JSON, the same way")
	flag.Parse()
	if (*npm == "") != (len(roots) == 0) || (*npm == "" && lib.goStatus == "") {
		flag.Usage()
		os.Exit(2)
	}
	err := lib.run(*out)
	if err == nil && *npm != "" {
		err = run(*npm, *out, roots)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "mkdata:", err)
		os.Exit(1)
	}
}

// libraries are the sources of constants.json; none given, it is left as it is.
type libraries struct{ goStatus, goVersion, python, node string }

func (l libraries) run(out string) error {
	if l.goStatus == "" {
		return nil
	}
	var data [3][]byte
	for i, f := range []string{l.goStatus, l.python, l.node} {
		var err error
		if data[i], err = os.ReadFile(f); err != nil {
			return err
		}
	}
	b, err := extractConstants(data[0], l.goStatus, l.goVersion, data[1], data[2])
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, "constants.json"), b, 0o644)
}

func run(npm, out string, roots []string) error {
	var croots []content.Root
	for _, r := range roots {
		croots = append(croots, content.Root{Name: r, FS: os.DirFS(r)})
	}
	pages := content.Load(croots).Pages
	bcdData, err := os.ReadFile(filepath.Join(npm, "@mdn/browser-compat-data/data.json"))
	if err != nil {
		return err
	}
	keys := []string{"http.status"}
	var specURLs []string
	for _, p := range pages {
		keys = append(keys, p.Meta.BrowserCompat...)
		specURLs = append(specURLs, p.Meta.SpecURLs...)
	}
	compat, urls, err := extractCompat(bcdData, keys, version(npm, "@mdn/browser-compat-data"))
	if err != nil {
		return err
	}
	specsData, err := os.ReadFile(filepath.Join(npm, "web-specs/index.json"))
	if err != nil {
		return err
	}
	specs, err := extractSpecs(specsData, append(specURLs, urls...), version(npm, "web-specs"))
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, "compat.json"), compat, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, "specs.json"), specs, 0o644)
}

// version reads an installed package's version.
func version(npm, pkg string) string {
	var p struct{ Version string }
	data, _ := os.ReadFile(filepath.Join(npm, pkg, "package.json"))
	_ = json.Unmarshal(data, &p)
	return p.Version
}

// extractCompat copies the wanted features out of data.json into a tree of
// the same shape, and returns the spec URLs the features name.
func extractCompat(data []byte, keys []string, ver string) ([]byte, []string, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, nil, err
	}
	browsers, err := keepBrowsers(top["browsers"])
	if err != nil {
		return nil, nil, err
	}
	tree := map[string]any{"__meta": map[string]string{"source": "@mdn/browser-compat-data " + ver}, "browsers": browsers}
	full, err := macro.ParseCompat(data)
	if err != nil {
		return nil, nil, err
	}
	var urls []string
	slices.Sort(keys)
	for _, k := range slices.Compact(keys) {
		raw, ok := lookup(top, k)
		if !ok {
			fmt.Fprintf(os.Stderr, "mkdata: no compat data for %q\n", k)
			continue
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, raw); err != nil {
			return nil, nil, err
		}
		place(tree, strings.Split(k, "."), json.RawMessage(compact.Bytes()))
		urls = append(urls, featureSpecURLs(full.Feature(k))...)
	}
	b, err := json.MarshalIndent(tree, "", " ")
	return append(b, '\n'), urls, err
}

// keepBrowsers keeps the name and type of desktop and mobile browsers.
func keepBrowsers(raw json.RawMessage) (map[string]macro.Browser, error) {
	var all map[string]macro.Browser
	if err := json.Unmarshal(raw, &all); err != nil {
		return nil, err
	}
	kept := map[string]macro.Browser{}
	for id, b := range all {
		if b.Type == "desktop" || b.Type == "mobile" {
			kept[id] = b
		}
	}
	return kept, nil
}

func lookup(top map[string]json.RawMessage, key string) (json.RawMessage, bool) {
	parts := strings.Split(key, ".")
	raw, ok := top[parts[0]]
	for _, p := range parts[1:] {
		var level map[string]json.RawMessage
		if !ok || json.Unmarshal(raw, &level) != nil {
			return nil, false
		}
		raw, ok = level[p]
	}
	return raw, ok
}

// place puts raw at a dotted path of a tree of maps, unless an enclosing
// key already brought it along.
func place(tree map[string]any, path []string, raw json.RawMessage) {
	for _, p := range path[:len(path)-1] {
		next, ok := tree[p].(map[string]any)
		if !ok {
			if _, whole := tree[p].(json.RawMessage); whole {
				return
			}
			next = map[string]any{}
			tree[p] = next
		}
		tree = next
	}
	tree[path[len(path)-1]] = raw
}

func featureSpecURLs(f *macro.Feature) []string {
	if f == nil {
		return nil
	}
	var urls []string
	if f.Compat != nil {
		urls = append(urls, f.Compat.SpecURL...)
	}
	for _, c := range f.Children {
		urls = append(urls, featureSpecURLs(c)...)
	}
	return urls
}

// webSpec is an entry of web-specs' index.json.
type webSpec struct {
	Shortname string `json:"shortname"`
	Title     string `json:"title"`
	URL       string `json:"url"`
	Nightly   *struct {
		URL           string   `json:"url"`
		AlternateURLs []string `json:"alternateUrls"`
	} `json:"nightly"`
	Series struct {
		NightlyURL string `json:"nightlyUrl"`
	} `json:"series"`
}

// extractSpecs keeps the specifications that some URL points into.
func extractSpecs(data []byte, urls []string, ver string) ([]byte, error) {
	var all []webSpec
	if err := json.Unmarshal(data, &all); err != nil {
		return nil, err
	}
	var candidates macro.Specs
	for _, w := range all {
		candidates.Specs = append(candidates.Specs, macro.Spec{Shortname: w.Shortname, Title: w.Title, URL: w.URL, Aliases: aliases(w)})
	}
	kept := map[string]macro.Spec{}
	for _, u := range urls {
		if sp, ok := candidates.Match(u); ok {
			kept[sp.Shortname] = sp
		} else {
			fmt.Fprintf(os.Stderr, "mkdata: no specification for %s\n", u)
		}
	}
	out := macro.Specs{Meta: map[string]string{"source": "web-specs " + ver}}
	for _, sp := range kept {
		out.Specs = append(out.Specs, sp)
	}
	slices.SortFunc(out.Specs, func(a, b macro.Spec) int { return strings.Compare(a.Shortname, b.Shortname) })
	b, err := json.MarshalIndent(out, "", " ")
	return append(b, '\n'), err
}

// aliases are the other URLs a specification is published at.
func aliases(w webSpec) []string {
	var as []string
	if w.Nightly != nil {
		as = append(as, w.Nightly.URL)
		as = append(as, w.Nightly.AlternateURLs...)
	}
	as = append(as, w.Series.NightlyURL)
	if strings.HasPrefix(w.Shortname, "rfc") && strings.Trim(w.Shortname[3:], "0123456789") == "" {
		as = append(as, macro.RFCAliases(w.URL)...)
	}
	slices.Sort(as)
	as = slices.Compact(as)
	return slices.DeleteFunc(as, func(a string) bool { return a == "" || a == w.URL })
}
