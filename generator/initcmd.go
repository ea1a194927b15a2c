package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// starterSite is what statusdocs init writes: a config file, an English
// page, its Spanish translation and a redirect from the page's old URL.
var starterSite = []struct{ name, text string }{
	{configName, `# statusdocs settings. Each key is the flag of the same name (statusdocs build --help);
# a flag given on the command line wins over the key.
content:
  - content
out: public
# site-url: https://docs.example.org
# source-url: https://github.com/you/docs/blob/main/
`},
	{"content/en-us/web/http/reference/status/418/index.md", `---
title: 418 I'm a teapot
slug: Web/HTTP/Reference/Status/418
page-type: http-status-code
spec-urls: https://www.rfc-editor.org/rfc/rfc9110#status.418
---

A server answers **` + "`418 I'm a teapot`" + `** when it refuses to brew coffee because it is, in fact, a
teapot. The code began as an April Fools' joke in the Hyper Text Coffee Pot Control Protocol;
HTTP now keeps it reserved, so no real meaning will ever be given to it.

## Status

` + "```http\n418 I'm a teapot\n```" + `

## Specifications

{{Specifications}}

## See also

- {{HTTPStatus("404")}}
`},
	{"content/es/web/http/reference/status/418/index.md", `---
title: 418 Soy una tetera
slug: Web/HTTP/Reference/Status/418
---

Un servidor responde **` + "`418 I'm a teapot`" + `** cuando se niega a preparar café porque, en
realidad, es una tetera. El código nació como una broma del Día de los Inocentes en el protocolo
HTCPCP; HTTP lo mantiene reservado para que nunca reciba un significado real.

## Estado

` + "```http\n418 I'm a teapot\n```" + `

## Especificaciones

{{Specifications}}
`},
	{"content/en-us/_redirects.txt", "# FROM-URL\tTO-URL\n/en-US/docs/Web/HTTP/Status/418\t/en-US/docs/Web/HTTP/Reference/Status/418\n"},
}

// initCmd is statusdocs init [DIR]: a starter site that builds and passes
// check at once.
func initCmd(args []string, stdout, stderr io.Writer) int {
	c := newCommand("init", "[DIR]", anyArgs, "Writes a starter site into DIR (default: the current folder): "+configName+", an English page,\n"+
		"its Spanish translation and a _redirects.txt. It builds and passes check as it is; change it from there.")
	if code := c.parse(args, stdout, stderr); code >= 0 {
		return code
	}
	dir := "."
	switch c.flags.NArg() {
	case 0:
	case 1:
		dir = c.flags.Arg(0)
	default:
		return c.fail(stderr, "wants at most one argument (DIR), got %d", c.flags.NArg())
	}
	for _, f := range starterSite {
		if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(f.name))); err == nil {
			return c.fail(stderr, "%s already exists: init writes a new site only", filepath.Join(dir, filepath.FromSlash(f.name)))
		}
	}
	for _, f := range starterSite {
		name := filepath.Join(dir, filepath.FromSlash(f.name))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			fmt.Fprintf(stderr, "statusdocs init: %v\n", err)
			return 1
		}
		if err := os.WriteFile(name, []byte(f.text), 0o644); err != nil {
			fmt.Fprintf(stderr, "statusdocs init: %v\n", err)
			return 1
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "wrote a starter site in %s:\n", dir)
	for _, f := range starterSite {
		fmt.Fprintf(&b, "  %s\n", f.name)
	}
	b.WriteString("next:\n")
	if dir != "." {
		fmt.Fprintf(&b, "  cd %s\n", dir)
	}
	b.WriteString("  statusdocs serve    preview it at http://127.0.0.1:8080/; pages reload as you save\n" +
		"  statusdocs build    write it into public/, to upload to any static host\n" +
		"  statusdocs check    check every link as a static host serves them\n" +
		"  git init && git add -A && git commit -m start\n" +
		"                      the translators' tools read the pages' history, then:\n" +
		"  statusdocs l10n new ja Web/HTTP/Reference/Status/418    start another translation\n")
	fmt.Fprint(stdout, b.String())
	return 0
}
