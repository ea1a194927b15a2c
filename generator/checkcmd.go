package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"

	"statusdocs/generator/build"
	"statusdocs/generator/check"
	"statusdocs/generator/flaw"
	"statusdocs/generator/internal/plural"
	"statusdocs/generator/output"
)

// checkCmd builds the site in memory and checks its HTML as a static host
// would serve it: internal links and assets, #fragments, pages no link
// leads to, and with --external the links to other sites. Problems are
// printed with the source file and line; any problem exits 1.
func checkCmd(args []string, stdout, stderr io.Writer) int {
	c, in := buildCommand("check", "", 0, "Builds the site in memory and checks every link of its HTML as a static file server\nwould serve it. Exits 1 when there are problems.")
	external := c.flags.Bool("external", false, "also request every external link (HEAD, then GET when refused), 8 at a time, 15 s each")
	cfg, code := in.parse(c, args, stdout, stderr)
	if code >= 0 {
		return code
	}
	cfg.RecordLinks, cfg.CountInfo = true, true
	out := output.NewMemOutput()
	end := showProgress(&cfg, stderr)
	res, err := build.Build(cfg, out)
	end()
	if err != nil {
		for _, f := range res.Flaws {
			if f.Severity == flaw.Error {
				fmt.Fprintln(stderr, f)
			}
		}
		fmt.Fprintf(stderr, "statusdocs check: the site does not build: %v\n", err)
		return 1
	}
	r := check.Site(out.Files, check.Options{Base: cfg.BasePath, SiteURL: cfg.SiteURL, Source: res.Sources})
	extra := ""
	if *external {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		defer stop()
		n := r.CheckExternal(ctx, check.ExternalOptions{})
		extra = ", " + plural.Count(n, "external URL", "external URLs")
	}
	for _, p := range r.Problems {
		fmt.Fprintln(stdout, p)
	}
	fmt.Fprintf(stdout, "checked %s, %s%s: %s\n", plural.Count(r.Pages, "page", "pages"),
		plural.Count(r.Links, "internal link", "internal links"), extra, plural.Count(len(r.Problems), "problem", "problems"))
	if len(r.Problems) > 0 {
		return 1
	}
	return 0
}
