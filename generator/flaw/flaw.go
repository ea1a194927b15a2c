// Package flaw describes the problems a build finds in its input.
//
// A flaw has a kind (one name per problem, used everywhere: in messages, in
// the summary table and in the JSON report), a severity, a position in a
// source file and a message, plus an optional suggestion. Flaws never stop a
// build: every stage reports what it finds and goes on, and the caller decides
// at the end (for example `--strict` fails the build on any error). A file
// lists at most MaxPerKind flaws of one kind, then one flaw counting the
// rest (Cap): a hostile page cannot flood the report.
//
// Printed, a flaw reads like a compiler message:
//
//	content/zh-tw/web/http/status/500/index.md:30:1: warning: suspicious-fence: fence opened with two backticks (suggestion: use three backticks)
package flaw

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
)

// Severity orders flaws by how much they matter.
type Severity int

// The severities, most serious first.
const (
	Error Severity = iota
	Warning
	Info
)

var severityNames = [...]string{"error", "warning", "info"}

func (s Severity) String() string { return severityNames[s] }

// MarshalText makes a severity read as its name in JSON.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// The kinds of flaws. Each has a fixed severity, listed in severities.
const (
	FrontMatter            = "front-matter"
	SlugMismatch           = "slug-mismatch"
	DuplicateSlug          = "duplicate-slug"
	UnknownLocale          = "unknown-locale"
	TooManyLocales         = "too-many-locales"
	InvalidUTF8            = "invalid-utf8"
	UnknownMacro           = "unknown-macro"
	MacroArgs              = "macro-args"
	UnclosedMacro          = "unclosed-macro"
	MisplacedMacro         = "misplaced-macro"
	SuspiciousFence        = "suspicious-fence"
	BrokenLink             = "broken-link"
	RedirectedLink         = "redirected-link"
	IllCasedLink           = "ill-cased-link"
	BrokenAnchor           = "broken-anchor"
	OutsideSite            = "outside-site"
	UnsafeHTML             = "unsafe-html"
	UnknownCompatKey       = "unknown-compat-key"
	UnknownSpec            = "unknown-spec"
	MovedTranslation       = "moved-translation"
	ConflictingTranslation = "conflicting-translation"
	OrphanedTranslation    = "orphaned-translation"
	InvalidSourceCommit    = "invalid-source-commit"
	OutdatedTranslation    = "outdated-translation"
	MissingUIString        = "missing-ui-string"
	BadRedirect            = "bad-redirect"
	TooDeep                = "too-deep"
	TooLong                = "too-long"
	BadSidebar             = "bad-sidebar"
	UnknownSidebar         = "unknown-sidebar"
	OutsideRoot            = "outside-root"
	SymlinkLoop            = "symlink-loop"
	SymlinkedFolder        = "symlinked-folder"
	BadFile                = "bad-file"
	UnsafeFile             = "unsafe-file"
	Layout                 = "layout"
	Internal               = "internal"
)

var severities = map[string]Severity{
	FrontMatter:            Error,
	SlugMismatch:           Warning,
	DuplicateSlug:          Error,
	UnknownLocale:          Warning,
	TooManyLocales:         Error,
	InvalidUTF8:            Warning,
	UnknownMacro:           Error,
	MacroArgs:              Error,
	UnclosedMacro:          Warning,
	MisplacedMacro:         Warning,
	SuspiciousFence:        Warning,
	BrokenLink:             Error,
	RedirectedLink:         Warning,
	IllCasedLink:           Warning,
	BrokenAnchor:           Warning,
	OutsideSite:            Info,
	UnsafeHTML:             Error,
	UnknownCompatKey:       Error,
	UnknownSpec:            Warning,
	MovedTranslation:       Warning,
	ConflictingTranslation: Error,
	OrphanedTranslation:    Warning,
	InvalidSourceCommit:    Error,
	OutdatedTranslation:    Info,
	MissingUIString:        Warning,
	BadRedirect:            Warning,
	TooDeep:                Warning,
	TooLong:                Warning,
	BadSidebar:             Error,
	UnknownSidebar:         Warning,
	OutsideRoot:            Error,
	SymlinkLoop:            Error,
	SymlinkedFolder:        Warning,
	BadFile:                Error,
	UnsafeFile:             Error,
	Layout:                 Error,
	Internal:               Error,
}

// SeverityOf returns the severity of a kind; unknown kinds are errors.
func SeverityOf(kind string) Severity {
	if s, ok := severities[kind]; ok {
		return s
	}
	return Error
}

// Flaw is one problem found in the input.
type Flaw struct {
	Kind       string   `json:"kind"`
	Severity   Severity `json:"severity"`
	File       string   `json:"file"`
	Line       int      `json:"line"`
	Col        int      `json:"col"`
	Message    string   `json:"message"`
	Suggestion string   `json:"suggestion"`
	More       int      `json:"-"` // when Cap put f in place of others: how many
}

// New returns a flaw of the given kind, with the kind's severity.
func New(kind, file string, line, col int, format string, args ...any) Flaw {
	return Flaw{
		Kind:     kind,
		Severity: SeverityOf(kind),
		File:     file,
		Line:     line,
		Col:      col,
		Message:  fmt.Sprintf(format, args...),
	}
}

// Suggest returns f with a suggestion.
func (f Flaw) Suggest(format string, args ...any) Flaw {
	f.Suggestion = fmt.Sprintf(format, args...)
	return f
}

// String formats f as file:line:col: severity: kind: message.
func (f Flaw) String() string {
	b, _ := f.AppendText(nil)
	return string(b)
}

// AppendText appends String's text to b (encoding.TextAppender): a build
// lists thousands of flaws, each without a string of its own.
func (f Flaw) AppendText(b []byte) ([]byte, error) {
	b = append(b, f.File...)
	if f.Line > 0 {
		b = strconv.AppendInt(append(b, ':'), int64(f.Line), 10)
		b = strconv.AppendInt(append(b, ':'), int64(max(f.Col, 1)), 10)
	}
	for _, s := range []string{f.Severity.String(), f.Kind, f.Message} {
		b = append(append(b, ": "...), s...)
	}
	if f.Suggestion != "" {
		b = append(append(append(b, " (suggestion: "...), f.Suggestion...), ')')
	}
	return b, nil
}

// Sort orders flaws by file, position, kind and message, so that reports are
// the same from one build to the next whatever order the work ran in.
// Flaws that compare equal keep their order.
func Sort(flaws []Flaw) { slices.SortStableFunc(flaws, compare) }

// compare is Sort's order.
func compare(a, b Flaw) int {
	return cmp.Or(
		cmp.Compare(a.File, b.File),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Col, b.Col),
		cmp.Compare(a.Kind, b.Kind),
		cmp.Compare(a.Message, b.Message),
	)
}

// JSON encodes flaws as an indented JSON array (never null).
func JSON(flaws []Flaw) ([]byte, error) {
	if flaws == nil {
		flaws = []Flaw{}
	}
	return json.MarshalIndent(flaws, "", "  ")
}

// Count returns how many flaws have the given severity, counting those
// Cap left out.
func Count(flaws []Flaw, s Severity) int {
	n := 0
	for _, f := range flaws {
		if f.Severity == s {
			n += f.Count()
		}
	}
	return n
}
