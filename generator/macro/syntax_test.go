package macro

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// parseTests are the cases of TestParse, and the seed corpus of FuzzParse.
// A nil err means the call must parse; otherwise err gives the expected
// *SyntaxError, whose Msg is a substring of the message. bug, when set,
// names a known defect: the case is skipped while it fails.
var parseTests = []struct {
	in   string
	want Call
	key  string
	err  *SyntaxError
	bug  string
}{
	// Calls.
	{in: `{{Name}}`, want: Call{Name: "Name", Len: 8}, key: "name"},
	{in: `{{ Name }}`, want: Call{Name: "Name", Len: 10}, key: "name"},
	{in: "{{\tName\t}}", want: Call{Name: "Name", Len: 10}, key: "name"},
	{in: `{{Name()}}`, want: Call{Name: "Name", Len: 10}, key: "name"},
	{in: `{{Name( )}}`, want: Call{Name: "Name", Len: 11}, key: "name"},
	{in: `{{Name}} and more`, want: Call{Name: "Name", Len: 8}, key: "name"},
	{in: "{{Name}}\n{{Other}}", want: Call{Name: "Name", Len: 8}, key: "name"},
	{
		in:   `{{HTTPStatus(404)}}`,
		want: Call{Name: "HTTPStatus", Args: []Arg{{Value: "404", Off: 13}}, Len: 19},
		key:  "httpstatus",
	},
	{
		in: `{{Cmd( 42 , true, some_id )}}`,
		want: Call{Name: "Cmd", Args: []Arg{
			{Value: "42", Off: 7},
			{Value: "true", Off: 12},
			{Value: "some_id", Off: 18},
		}, Len: 29},
		key: "cmd",
	},
	{
		in: `{{Glossary("a, b)", 'c\'d')}}`,
		want: Call{Name: "Glossary", Args: []Arg{
			{Value: "a, b)", Quoted: true, Off: 11},
			{Value: "c'd", Quoted: true, Off: 20},
		}, Len: 29},
		key: "glossary",
	},
	{
		in:   `{{M("a\\b\"c")}}`,
		want: Call{Name: "M", Args: []Arg{{Value: `a\b"c`, Quoted: true, Off: 4}}, Len: 16},
		key:  "m",
	},
	{
		in:   `{{M('')}}`,
		want: Call{Name: "M", Args: []Arg{{Value: "", Quoted: true, Off: 4}}, Len: 9},
		key:  "m",
	},
	{
		in: `{{Glossary("proxy_server", "代理")}}`,
		want: Call{Name: "Glossary", Args: []Arg{
			{Value: "proxy_server", Quoted: true, Off: 11},
			{Value: "代理", Quoted: true, Off: 27},
		}, Len: 38},
		key: "glossary",
	},
	{
		in:   `{{ Glossary ( "x" ) }}`,
		want: Call{Name: "Glossary", Args: []Arg{{Value: "x", Quoted: true, Off: 14}}, Len: 22},
		key:  "glossary",
	},
	{in: `{{deprecated-inline}}`, want: Call{Name: "deprecated-inline", Len: 21}, key: "deprecated_inline"},
	{in: `{{Deprecated_Inline}}`, want: Call{Name: "Deprecated_Inline", Len: 21}, key: "deprecated_inline"},
	{in: `{{_x-1}}`, want: Call{Name: "_x-1", Len: 8}, key: "_x_1"},

	// Unclosed calls: no "}}" on the line.
	{in: `{{Name`, want: Call{Name: "Name"}, err: &SyntaxError{Off: 0, Unclosed: true, Name: "Name", Len: 6, Msg: "unclosed"}},
	{in: `{{Name}`, want: Call{Name: "Name"}, err: &SyntaxError{Off: 0, Unclosed: true, Name: "Name", Len: 6, Msg: "unclosed"}},
	{in: `{{ Name(1, 2)`, want: Call{Name: "Name", Args: []Arg{{Value: "1", Off: 8}, {Value: "2", Off: 11}}},
		err: &SyntaxError{Off: 0, Unclosed: true, Name: "Name", Len: 7, Msg: "unclosed"}},
	{in: "{{Glossary(\"a\",\n\"b\")}}", want: Call{Name: "Glossary"},
		err: &SyntaxError{Off: 0, Unclosed: true, Name: "Glossary", Len: 10, Msg: "unclosed"}},
	{in: "{{Name\n}}", want: Call{Name: "Name"}, err: &SyntaxError{Off: 0, Unclosed: true, Name: "Name", Len: 6, Msg: "unclosed"}},
	{in: `{{Glossary("abc`, want: Call{Name: "Glossary"}, err: &SyntaxError{Off: 11, Unclosed: true, Name: "Glossary", Len: 10, Msg: "unclosed"}},
	{in: `{{`, err: &SyntaxError{Off: 0, Unclosed: true, Len: 2, Msg: "unclosed"}},

	// Malformed calls with a "}}": the error's Len covers the whole call.
	{
		in:   `{{gwossawy("pwoxy_sewvew", mya "代理")}}`,
		want: Call{Name: "gwossawy"},
		err:  &SyntaxError{Off: 31, Name: "gwossawy", Len: 42, Msg: "quote inside unquoted argument"},
	},
	{
		in:   `{{Glossary("a","b"}}`,
		want: Call{Name: "Glossary"},
		err:  &SyntaxError{Off: 18, Name: "Glossary", Len: 20, Msg: `expected "," or ")"`},
	},
	{
		in:   `{{Name(abc}} tail`,
		want: Call{Name: "Name"},
		err:  &SyntaxError{Off: 10, Name: "Name", Len: 12, Msg: `expected "," or ")"`},
	},
	{
		in:   `{{Glossary("a", )}}`,
		want: Call{Name: "Glossary"},
		err:  &SyntaxError{Off: 16, Name: "Glossary", Len: 19, Msg: "empty argument"},
	},
	{
		in:   `{{Glossary(,"a")}}`,
		want: Call{Name: "Glossary"},
		err:  &SyntaxError{Off: 11, Name: "Glossary", Len: 18, Msg: "empty argument"},
	},
	{
		in:   `{{Name x}}`,
		want: Call{Name: "Name"},
		err:  &SyntaxError{Off: 7, Name: "Name", Len: 10, Msg: "unexpected"},
	},
	{
		in:   `{{Name(a) b}}`,
		want: Call{Name: "Name", Args: []Arg{{Value: "a", Off: 7}}},
		err:  &SyntaxError{Off: 10, Name: "Name", Len: 13, Msg: "unexpected"},
	},
	{
		in:   `{{Glossary("abc)}}`,
		want: Call{Name: "Glossary"},
		err:  &SyntaxError{Off: 11, Name: "Glossary", Len: 18, Msg: "unterminated string"},
	},
	{
		in:  `{{ }}`,
		err: &SyntaxError{Off: 3, Len: 5, Msg: "macro name expected"},
	},

	// NUL bytes: the call is malformed, and no message holds the byte.
	{
		in:   "{{Glossary(\"a\x00b\", 'c')}} tail",
		want: Call{Name: "Glossary"},
		err:  &SyntaxError{Off: 13, Name: "Glossary", Len: 24, Msg: "NUL byte in argument"},
	},
	{
		in:   "{{HTTPStatus(4\x0004)}}",
		want: Call{Name: "HTTPStatus"},
		err:  &SyntaxError{Off: 14, Name: "HTTPStatus", Len: 20, Msg: "NUL byte in argument"},
	},
	{
		in:   "{{M('a', \"\\\x00\")}}",
		want: Call{Name: "M"},
		err:  &SyntaxError{Off: 11, Name: "M", Len: 16, Msg: "NUL byte in argument"},
	},
	{
		in:   "{{Name\x00}}",
		want: Call{Name: "Name"},
		err:  &SyntaxError{Off: 6, Name: "Name", Len: 9, Msg: `unexpected "\x00}}"`},
	},
}

func TestParse(t *testing.T) {
	for _, tt := range parseTests {
		t.Run(tt.in, func(t *testing.T) {
			c, err := Parse(tt.in)
			diffs := parseDiffs(tt.want, tt.key, tt.err, c, err)
			if len(diffs) == 0 {
				if tt.bug != "" {
					t.Errorf("known bug is fixed, remove its note: %s", tt.bug)
				}
				return
			}
			if tt.bug != "" {
				t.Skipf("BUG: %s\n%s", tt.bug, strings.Join(diffs, "\n"))
			}
			t.Errorf("Parse(%q):\n%s", tt.in, strings.Join(diffs, "\n"))
		})
	}
}

// parseDiffs compares one result of Parse with what is expected of it.
func parseDiffs(want Call, key string, wantErr *SyntaxError, c Call, err error) []string {
	var diffs []string
	add := func(format string, args ...any) { diffs = append(diffs, fmt.Sprintf(format, args...)) }
	if !reflect.DeepEqual(c, want) {
		add("call = %+v, want %+v", c, want)
	}
	if wantErr == nil {
		if err != nil {
			add("error %q, want none", err)
		}
		if c.Key() != key {
			add("Key() = %q, want %q", c.Key(), key)
		}
		return diffs
	}
	var se *SyntaxError
	if !errors.As(err, &se) {
		return append(diffs, fmt.Sprintf("error = %v, want a *SyntaxError", err))
	}
	if se.Off != wantErr.Off || se.Unclosed != wantErr.Unclosed || se.Name != wantErr.Name || se.Len != wantErr.Len {
		add("error = {Off:%d Unclosed:%v Name:%q Len:%d}, want {Off:%d Unclosed:%v Name:%q Len:%d}",
			se.Off, se.Unclosed, se.Name, se.Len, wantErr.Off, wantErr.Unclosed, wantErr.Name, wantErr.Len)
	}
	if !strings.Contains(se.Msg, wantErr.Msg) {
		add("message %q does not contain %q", se.Msg, wantErr.Msg)
	}
	return diffs
}

func FuzzParse(f *testing.F) {
	for _, tt := range parseTests {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !strings.HasPrefix(s, "{{") {
			s = "{{" + s
		}
		line, _, _ := strings.Cut(s, "\n")
		c, err := Parse(s)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q): error %T %v, want a *SyntaxError", s, err, err)
			}
			if se.Off < 0 || se.Off > len(line) || se.Len > len(line) {
				t.Fatalf("Parse(%q): error Off %d, Len %d outside line of %d bytes", s, se.Off, se.Len, len(line))
			}
			if strings.ContainsRune(se.Msg, 0) {
				t.Fatalf("Parse(%q): message %q holds a NUL byte", s, se.Msg)
			}
			return
		}
		if c.Len < 4 || c.Len > len(line) {
			t.Fatalf("Parse(%q): Len %d outside [4, %d]", s, c.Len, len(line))
		}
		if call := s[:c.Len]; !strings.HasPrefix(call, "{{") || !strings.HasSuffix(call, "}}") {
			t.Fatalf("Parse(%q): call text %q is not {{…}}", s, call)
		}
		for i, a := range c.Args {
			if a.Off < 0 || a.Off >= c.Len {
				t.Fatalf("Parse(%q): argument %d at %d, outside the call's %d bytes", s, i, a.Off, c.Len)
			}
			if strings.ContainsRune(a.Value, 0) {
				t.Fatalf("Parse(%q): argument %d %q holds a NUL byte", s, i, a.Value)
			}
		}
	})
}
