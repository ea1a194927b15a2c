package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"statusdocs/generator/build"
	"statusdocs/generator/l10n"
	"statusdocs/generator/site"
)

// l10n runs the translator commands: status, new and stamp.
func runL10n(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, args := args[0], args[1:]
	fs := flag.NewFlagSet("l10n "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var in buildFlags
	in.register(fs)
	locale := fs.String("locale", "", "only this `LOCALE` (status)")
	asJSON := fs.Bool("json", false, "print JSON (status)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if err := in.check(); err != nil {
		fmt.Fprintf(stderr, "statusdocs l10n: %v\n", err)
		return 2
	}
	cfg, err := in.config()
	if err != nil {
		fmt.Fprintf(stderr, "statusdocs l10n: %v\n", err)
		return 2
	}
	switch {
	case cmd == "status" && fs.NArg() == 0:
		return l10nStatus(cfg, *locale, *asJSON, stdout)
	case cmd == "new" && fs.NArg() == 2:
		file, err := l10n.NewTranslation(cfg.Content, graphOptions(cfg), fs.Arg(0), fs.Arg(1))
		if err != nil {
			fmt.Fprintf(stderr, "statusdocs l10n new: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "wrote %s: translate it, preview with make serve, and commit it\n", file)
		return 0
	case cmd == "stamp" && fs.NArg() > 0:
		failed := 0
		for _, file := range fs.Args() {
			commit, err := l10n.Stamp(cfg.Content, graphOptions(cfg), file)
			if err != nil {
				fmt.Fprintf(stderr, "statusdocs l10n stamp: %v\n", err)
				failed++
				continue
			}
			fmt.Fprintf(stdout, "%s: sourceCommit %s\n", file, commit)
		}
		if failed > 0 {
			return 1
		}
		return 0
	}
	fmt.Fprintf(stderr, "statusdocs l10n: bad command or arguments: %s\n\n%s", strings.Join(append([]string{cmd}, args...), " "), usage)
	return 2
}

// l10nStatus prints a table per locale: counts, then the pages that need
// work, in lines that fit 80 columns.
func l10nStatus(cfg build.Config, only string, asJSON bool, stdout io.Writer) int {
	status, _ := build.Translations(cfg)
	var shown []l10n.LocaleStatus
	for _, ls := range status {
		if only == "" || strings.EqualFold(ls.Locale, only) {
			shown = append(shown, ls)
		}
	}
	if asJSON {
		data, err := json.MarshalIndent(shown, "", "  ")
		if err != nil {
			return 1
		}
		fmt.Fprintf(stdout, "%s\n", data)
		return 0
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "locale\ttranslated\toutdated\tmissing\torphaned\tUI strings missing")
	for _, ls := range shown {
		fmt.Fprintf(tw, "%s\t%d/%d\t%d\t%d\t%d\t%d\n", ls.Locale, ls.Translated, ls.EnglishPageCount, ls.Outdated, ls.Missing, ls.Orphaned, len(ls.MissingUIStrings))
	}
	_ = tw.Flush()
	for _, ls := range shown {
		if !ls.HistoryAvailable {
			fmt.Fprintf(stdout, "\n%s: not in a git repository, so outdated pages cannot be found\n", ls.Locale)
		}
		var lines []string
		for _, p := range ls.Pages {
			switch {
			case p.State == l10n.StateOutdated:
				lines = append(lines, fmt.Sprintf("  outdated  %-44s %d behind, %s", clip(p.Slug, 44), p.Behind, p.LastChange.Format("2006-01-02")))
			case p.State == l10n.StateOrphaned:
				lines = append(lines, fmt.Sprintf("  orphaned  %s", clip(p.Slug, 66)))
			case p.State == l10n.StateMissing && only != "":
				lines = append(lines, fmt.Sprintf("  missing   %s", clip(p.Slug, 66)))
			}
		}
		if len(ls.MissingUIStrings) > 0 {
			lines = append(lines, "  UI strings missing: "+clip(strings.Join(ls.MissingUIStrings, ", "), 56))
		}
		if len(lines) > 0 {
			fmt.Fprintf(stdout, "\n%s\n%s\n", ls.Locale, strings.Join(lines, "\n"))
		}
	}
	if only == "" {
		fmt.Fprintln(stdout, "\nUse --locale L to list the missing pages of a locale, --json for all details.")
	}
	return 0
}

// clip shortens s to n characters.
func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// graphOptions are what the site graph needs of a build's configuration.
func graphOptions(cfg build.Config) site.Options {
	return site.Options{BasePath: cfg.BasePath, Locales: cfg.Locales}
}
