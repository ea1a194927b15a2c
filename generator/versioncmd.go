package main

import (
	"fmt"
	"io"
	"runtime/debug"
)

// versionCmd is statusdocs version (and --version).
func versionCmd(args []string, stdout, stderr io.Writer) int {
	c := newCommand("version", "", 0, "Prints the version of statusdocs: its module version, and the revision of its source it\n"+
		"was built from (and whether that had local changes) when the build recorded them.")
	if code := c.parse(args, stdout, stderr); code >= 0 {
		return code
	}
	info, ok := debug.ReadBuildInfo()
	fmt.Fprintln(stdout, versionLine(info, ok))
	return 0
}

// versionLine says what the build info holds, and no more: a binary built
// from a checkout without version control stamping is "(devel)" and says
// it has no revision.
func versionLine(info *debug.BuildInfo, ok bool) string {
	if !ok {
		return "statusdocs (devel), without build information"
	}
	v := info.Main.Version
	if v == "" {
		v = "(devel)"
	}
	vcs := map[string]string{}
	for _, s := range info.Settings {
		vcs[s.Key] = s.Value
	}
	line := "statusdocs " + v
	switch rev := vcs["vcs.revision"]; {
	case rev == "":
		line += ", no revision recorded (built with -buildvcs=false or outside a checkout)"
	case vcs["vcs.modified"] == "true":
		line += ", revision " + rev + " with local changes"
	default:
		line += ", revision " + rev
	}
	if t := vcs["vcs.time"]; t != "" {
		line += " of " + t
	}
	return line + ", " + info.GoVersion
}
