package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"statusdocs/generator/build"
	"statusdocs/generator/l10n"
	"statusdocs/generator/site"
)

const l10nUsage = `Usage: statusdocs l10n COMMAND [flags] [ARGUMENTS]

The translator's commands. They read the content and its git history.

Commands:
  status [flags]             what each locale has translated, lacks, or let fall behind
  new [flags] LOCALE SLUG    start a translation from the en-US page
  stamp [flags] FILE...      mark translations as in step with their en-US page

Run "statusdocs l10n COMMAND --help" for the flags of a command.
`

// runL10n runs the translator commands: status, new and stamp.
func runL10n(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, l10nUsage)
		return 2
	}
	switch args[0] {
	case "status":
		return l10nStatusCmd(args[1:], stdout, stderr)
	case "new":
		return l10nNewCmd(args[1:], stdout, stderr)
	case "stamp":
		return l10nStampCmd(args[1:], stdout, stderr)
	case "-h", "-help", "--help":
		fmt.Fprint(stdout, l10nUsage)
		return 0
	}
	return unknown(stderr, "l10n", args[0], []string{"status", "new", "stamp"})
}

func l10nStatusCmd(args []string, stdout, stderr io.Writer) int {
	c, in := buildCommand("l10n status", "", 0, "Prints, per locale, how many pages are translated, outdated (behind their en-US page in\n"+
		"git), missing and orphaned, and which UI strings are missing; then the outdated pages.",
		"content", "layouts", "locales", "no-git")
	locale := c.flags.String("locale", "", "only `LOCALE`, with its missing pages listed too")
	asJSON := c.flags.Bool("json", false, "print everything as JSON, with the en-US diff of each outdated page")
	cfg, code := in.parse(c, args, stdout, stderr)
	if code >= 0 {
		return code
	}
	return l10nStatus(cfg, *locale, *asJSON, stdout)
}

func l10nNewCmd(args []string, stdout, stderr io.Writer) int {
	c, in := buildCommand("l10n new", "LOCALE SLUG", 2, "Starts the LOCALE translation of the en-US page SLUG: copies it with its title and slug,\n"+
		"and sourceCommit set to the en-US page's last commit. It never overwrites a file.", "content")
	cfg, code := in.parse(c, args, stdout, stderr)
	if code >= 0 {
		return code
	}
	file, err := l10n.NewTranslation(cfg.Content, graphOptions(cfg), c.flags.Arg(0), c.flags.Arg(1))
	if err != nil {
		fmt.Fprintf(stderr, "statusdocs l10n new: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote %s: translate it, preview with statusdocs serve, and commit it\n", file)
	return 0
}

func l10nStampCmd(args []string, stdout, stderr io.Writer) int {
	c, in := buildCommand("l10n stamp", "FILE...", oneOrMore, "Marks translations as in step with their en-US page: sets each FILE's sourceCommit to\n"+
		"the en-US page's last commit, and changes nothing else.", "content")
	cfg, code := in.parse(c, args, stdout, stderr)
	if code >= 0 {
		return code
	}
	failed := 0
	for _, file := range c.flags.Args() {
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
