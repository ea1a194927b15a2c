package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"statusdocs/generator/internal/nearest"
)

// subcommand is one command of statusdocs as its user sees it: its name
// ("l10n new"), the arguments it takes after its flags ("LOCALE SLUG"),
// what it does, and the flags it reads, and no others. Its --help (or -h)
// writes all of that to stdout and exits 0; a flag it does not know is one
// line on stderr, with a suggestion when one is close, and exits 2.
type subcommand struct {
	name  string
	args  string
	argc  int // how many arguments it takes: that many, oneOrMore or anyArgs
	about string
	flags *flag.FlagSet
}

// The argument counts of commands that take more than a fixed number.
const (
	oneOrMore = -1
	anyArgs   = -2
)

// newCommand returns a command without flags yet. The flag package prints
// nothing: the command's usage and errors are its own, written --flag as
// the README writes them.
func newCommand(name, args string, argc int, about string) *subcommand {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &subcommand{name: name, args: args, argc: argc, about: about, flags: fs}
}

// parse parses args and checks how many arguments are left. A code of 0
// or more means the command should exit with it: 0 after --help (also
// given after the arguments), 2 after a usage error.
func (c *subcommand) parse(args []string, stdout, stderr io.Writer) int {
	err := c.flags.Parse(args)
	if errors.Is(err, flag.ErrHelp) || err == nil && slices.ContainsFunc(c.flags.Args(), isHelp) {
		c.usage(stdout)
		return 0
	}
	if err != nil {
		if name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: "); ok {
			name = strings.TrimLeft(name, "-")
			return c.fail(stderr, "unknown flag %s%s", flagName(name), didYouMean(name, c.flagNames(), flagName))
		}
		return c.fail(stderr, "%s", dashes(err.Error()))
	}
	if err := c.checkArgs(); err != nil {
		return c.fail(stderr, "%v", err)
	}
	return -1
}

func isHelp(arg string) bool { return arg == "-h" || arg == "-help" || arg == "--help" }

// checkArgs says what is wrong with the arguments after the flags: too
// many or too few, or a flag among them (the flag package stops at the
// first argument, so a flag after it would be read as an argument).
func (c *subcommand) checkArgs() error {
	args := c.flags.Args()
	for _, a := range args {
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && c.flags.Lookup(name) != nil {
			return fmt.Errorf("flag %s after the arguments: flags go before them", flagName(name))
		}
	}
	switch n := len(args); {
	case c.argc == 0 && n > 0:
		return fmt.Errorf("unexpected argument %q", args[0])
	case c.argc == oneOrMore && n == 0:
		return fmt.Errorf("missing %s", c.args)
	case c.argc > 0 && n != c.argc:
		return fmt.Errorf("wants %d arguments (%s), got %d", c.argc, c.args, n)
	}
	return nil
}

// fail reports a usage error in one line, then where to read the usage,
// and returns exit code 2.
func (c *subcommand) fail(stderr io.Writer, format string, args ...any) int {
	fmt.Fprintf(stderr, "statusdocs %s: %s\n", c.name, fmt.Sprintf(format, args...))
	fmt.Fprintf(stderr, "run statusdocs %s --help for its usage\n", c.name)
	return 2
}

// usage writes the command's help: how to call it, what it does, and its
// flags in order of name, each with its argument, text and default.
func (c *subcommand) usage(w io.Writer) {
	call := "statusdocs " + c.name
	if c.hasFlags() {
		call += " [flags]"
	}
	if c.args != "" {
		call += " " + c.args
	}
	fmt.Fprintf(w, "Usage: %s\n\n%s\n", call, c.about)
	if !c.hasFlags() {
		return
	}
	fmt.Fprintln(w, "\nFlags:")
	c.flags.VisitAll(func(f *flag.Flag) {
		arg, text := flag.UnquoteUsage(f)
		fmt.Fprintf(w, "  %s", flagName(f.Name))
		if arg != "" {
			fmt.Fprintf(w, " %s", arg)
		}
		if f.DefValue != "" && f.DefValue != "false" && !strings.Contains(text, "(default") {
			text += fmt.Sprintf(" (default %s)", f.DefValue)
		}
		fmt.Fprintf(w, "\n        %s\n", strings.ReplaceAll(text, "\n", "\n        "))
	})
}

func (c *subcommand) hasFlags() bool {
	n := 0
	c.flags.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// flagNames lists the command's flags, and help, which every command has.
func (c *subcommand) flagNames() []string {
	names := []string{"help"}
	c.flags.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	return names
}

// flagName writes a flag as the README does: -v, --content.
func flagName(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// flagInMessage is a flag named in a message of the flag package: -name,
// after a space.
var flagInMessage = regexp.MustCompile(` -([a-z][a-z-]+)`)

// dashes rewrites the flag package's -name in a message as --name.
func dashes(msg string) string {
	return flagInMessage.ReplaceAllString(msg, " --$1")
}

// didYouMean is " (did you mean X?)" for the candidate closest to name,
// written by show, when it is close enough to be a slip of the keyboard;
// "" when none is.
func didYouMean(name string, candidates []string, show func(string) string) string {
	best, bestDist := "", len(name)/3+1
	for _, c := range candidates {
		d := nearest.Distance(strings.ToLower(name), c)
		if strings.HasPrefix(c, name) && len(name) >= 3 {
			d = 1 // --redirect for --redirect-stubs
		}
		if d < bestDist && d < len(name) {
			best, bestDist = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %s?)", show(best))
}
