package main

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"

	"statusdocs/generator/macro"
)

// The library constants (constants.json) come from the sources on the
// machine that runs `make data`: Go's net/http/status.go, read as Go
// source, and what Python's http.HTTPStatus and Node's http.STATUS_CODES
// hold, which the Makefile dumps as JSON ({"version": …, "codes": {"418":
// …}}) with the interpreters themselves.

// goConstants reads the Status* constants of a net/http status.go.
func goConstants(src []byte, file string) (map[string]string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), file, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	codes := map[string]string{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			v := s.(*ast.ValueSpec)
			for i, name := range v.Names {
				if i >= len(v.Values) {
					continue
				}
				lit, ok := v.Values[i].(*ast.BasicLit)
				if !ok || lit.Kind != token.INT || !ast.IsExported(name.Name) {
					continue
				}
				if _, taken := codes[lit.Value]; !taken { // the first name of a code (StatusFound, not a later alias)
					codes[lit.Value] = "http." + name.Name
				}
			}
		}
	}
	if len(codes) == 0 {
		return nil, fmt.Errorf("%s: no status constants", file)
	}
	return codes, nil
}

// dumped is what the Makefile writes of a library.
type dumped struct {
	Version string            `json:"version"`
	Codes   map[string]string `json:"codes"`
}

func readDump(data []byte, what string) (dumped, error) {
	var d dumped
	if err := json.Unmarshal(data, &d); err != nil {
		return d, fmt.Errorf("%s: %w", what, err)
	}
	if len(d.Codes) == 0 {
		return d, fmt.Errorf("%s: no codes", what)
	}
	for code := range d.Codes {
		if n, err := strconv.Atoi(code); err != nil || n < 100 || n > 599 {
			return d, fmt.Errorf("%s: %q is not a status code", what, code)
		}
	}
	return d, nil
}

// extractConstants writes constants.json from Go's status.go (and the Go
// version it is from) and the Python and Node dumps.
func extractConstants(goSrc []byte, goFile, goVersion string, python, node []byte) ([]byte, error) {
	goCodes, err := goConstants(goSrc, goFile)
	if err != nil {
		return nil, err
	}
	py, err := readDump(python, "python")
	if err != nil {
		return nil, err
	}
	nd, err := readDump(node, "node")
	if err != nil {
		return nil, err
	}
	pyCodes := map[string]string{}
	for code, name := range py.Codes {
		pyCodes[code] = "HTTPStatus." + name
	}
	c := macro.Constants{Libraries: []macro.Library{
		{Name: "Go", Module: "net/http", Source: goVersion + " net/http/status.go", Codes: goCodes},
		{Name: "Python", Module: "http", Source: "Python " + py.Version + " http.HTTPStatus", Codes: pyCodes},
		{Name: "Node.js", Module: "http", Source: "Node.js " + nd.Version + " http.STATUS_CODES", Lookup: "http.STATUS_CODES[%s]", Codes: nd.Codes},
	}}
	b, err := json.MarshalIndent(c, "", " ")
	return append(b, '\n'), err
}
