// Package macro reads and expands MDN's KumaScript-style macros.
//
// A macro call is written
//
//	{{Name}}
//	{{Name(arg, "arg", 'arg')}}
//
// with optional white space inside the braces. Names are letters, digits,
// '_' and '-', starting with a letter or '_'; they are matched without regard
// to case, and '-' equals '_' (`{{deprecated-inline}}` is
// `{{Deprecated_Inline}}`). An argument is a double- or single-quoted string,
// in which a backslash escapes the next character and ')' and ',' are plain
// text, or a bare value (a number, `true`, an identifier) running to the next
// ',' or ')'. A call must end on the line it starts on. An argument with a
// NUL byte makes the call malformed, so the byte never reaches the page.
//
// The package knows nothing of markdown: callers find calls (the markdown
// package does it outside code, and in raw HTML) and hand them to a Registry,
// which runs the macro's Func with an Env giving access to the page and the
// site. Each macro family lives in a file of its own.
package macro

import (
	"strconv"
	"strings"
	"unicode"
)

// Arg is one argument of a call.
type Arg struct {
	Value  string
	Quoted bool
	Off    int // byte offset of the argument in the call's text
}

// Call is one parsed macro call.
type Call struct {
	Name string // as written
	Args []Arg
	Len  int // bytes from "{{" to "}}" inclusive
}

// Key returns the name in the form the registry uses: lower case, '-' as '_'.
func (c Call) Key() string { return Key(c.Name) }

// Key normalizes a macro name.
func Key(name string) string {
	return strings.ReplaceAll(strings.ToLower(name), "-", "_")
}

// SyntaxError is a malformed call, with the offset of the problem from the
// start of the call.
type SyntaxError struct {
	Off      int
	Msg      string
	Unclosed bool // no "}}" on the line: a different kind of flaw
	Name     string
	Len      int // bytes the caller should treat as the call, for a marker
}

func (e *SyntaxError) Error() string { return e.Msg }

// MaxLen bounds the length of a call; no real one comes near it, and the
// bound keeps a line of thousands of "{{" from costing quadratic time.
const MaxLen = 4096

// Parse reads the macro call at the start of s, which begins with "{{".
// Parsing stops at the end of the line, or after MaxLen bytes.
func Parse(s string) (Call, error) {
	if nl := strings.IndexByte(s, '\n'); nl >= 0 {
		s = s[:nl]
	}
	s = s[:min(len(s), MaxLen)]
	p := parser{s: s, i: 2}
	c, err := p.call()
	if err != nil {
		err.Name = c.Name
		err.Len = p.i
		if err.Unclosed {
			err.Len = 2 + strings.Index(s[2:], c.Name) + len(c.Name)
		}
		return c, err
	}
	return c, nil
}

type parser struct {
	s string
	i int
}

func (p *parser) fail(format string) *SyntaxError {
	if p.i >= len(p.s) {
		return &SyntaxError{Off: 0, Msg: "unclosed macro: no \"}}\" on this line", Unclosed: true}
	}
	return &SyntaxError{Off: p.i, Msg: format}
}

func (p *parser) call() (Call, *SyntaxError) {
	var c Call
	p.space()
	c.Name = p.name()
	if c.Name == "" {
		return c, p.skipToEnd(p.fail("macro name expected after \"{{\""))
	}
	p.space()
	if p.peek() == '(' {
		p.i++
		args, err := p.args()
		if err != nil {
			return c, err
		}
		c.Args = args
		p.space()
	}
	if !strings.HasPrefix(p.s[p.i:], "}}") {
		if end := strings.Index(p.s[p.i:], "}}"); end >= 0 {
			err := p.fail("unexpected " + quoteRune(p.s[p.i:]) + " in macro call")
			p.i += end + 2
			return c, err
		}
		p.i = len(p.s)
		return c, p.fail("")
	}
	p.i += 2
	c.Len = p.i
	return c, nil
}

func (p *parser) args() ([]Arg, *SyntaxError) {
	var args []Arg
	p.space()
	if p.peek() == ')' {
		p.i++
		return args, nil
	}
	for {
		p.space()
		a, err := p.arg()
		if err != nil {
			return args, err
		}
		args = append(args, a)
		p.space()
		switch p.peek() {
		case ',':
			p.i++
		case ')':
			p.i++
			return args, nil
		default:
			return args, p.skipToEnd(p.fail("expected \",\" or \")\" after argument, found " + quoteRune(p.s[p.i:])))
		}
	}
}

// skipToEnd moves past the closing "}}" so a caller can replace the whole
// broken call with a marker.
func (p *parser) skipToEnd(err *SyntaxError) *SyntaxError {
	if err.Unclosed {
		return err
	}
	if end := strings.Index(p.s[p.i:], "}}"); end >= 0 {
		p.i += end + 2
		return err
	}
	p.i = len(p.s)
	return &SyntaxError{Off: err.Off, Msg: "unclosed macro: no \"}}\" on this line", Unclosed: true}
}

// arg reads one argument. A NUL byte in it makes the call malformed: it
// would reach the page (an attribute, a link) as it is, where browsers
// and tools read it each their own way.
func (p *parser) arg() (Arg, *SyntaxError) {
	a, err := p.value()
	if err != nil {
		return a, err
	}
	if k := strings.IndexByte(p.s[a.Off:p.i], 0); k >= 0 {
		return a, p.skipToEnd(&SyntaxError{Off: a.Off + k, Msg: "NUL byte in argument"})
	}
	return a, nil
}

func (p *parser) value() (Arg, *SyntaxError) {
	a := Arg{Off: p.i}
	switch q := p.peek(); q {
	case '"', '\'':
		a.Quoted = true
		v, ok := p.quoted(q)
		if !ok {
			p.i = a.Off + 1
			return a, p.skipToEnd(&SyntaxError{Off: a.Off, Msg: "unterminated string"})
		}
		a.Value = v
		return a, nil
	case ',', ')':
		return a, p.skipToEnd(p.fail("empty argument"))
	}
	start := p.i
	for p.i < len(p.s) && !strings.ContainsRune(",)\"'", rune(p.s[p.i])) && !strings.HasPrefix(p.s[p.i:], "}}") {
		p.i++
	}
	a.Value = strings.TrimSpace(p.s[start:p.i])
	if q := p.peek(); q == '"' || q == '\'' {
		return a, p.skipToEnd(p.fail("quote inside unquoted argument " + quoteRune(p.s[start:])))
	}
	return a, nil
}

func (p *parser) quoted(q byte) (string, bool) {
	p.i++
	var b strings.Builder
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == q:
			p.i++
			return b.String(), true
		case c == '\\' && p.i+1 < len(p.s):
			b.WriteByte(p.s[p.i+1])
			p.i += 2
		default:
			b.WriteByte(c)
			p.i++
		}
	}
	return "", false
}

func (p *parser) name() string {
	start := p.i
	for p.i < len(p.s) {
		c := p.s[p.i]
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
		if !letter && (p.i == start || !(c >= '0' && c <= '9' || c == '-')) {
			break
		}
		p.i++
	}
	return p.s[start:p.i]
}

func (p *parser) space() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
	}
}

func (p *parser) peek() byte {
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

// quoteRune quotes the first few characters of s for a message, control
// characters escaped.
func quoteRune(s string) string {
	r := []rune(s[:min(len(s), 64)]) // 64 bytes hold more than 12 runes
	if len(r) > 12 {
		r = append(r[:12], '…')
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, c := range r {
		if unicode.IsControl(c) {
			b.WriteString(strings.Trim(strconv.QuoteRune(c), "'"))
			continue
		}
		b.WriteRune(c)
	}
	b.WriteByte('"')
	return b.String()
}
