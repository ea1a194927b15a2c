package bincodec

import (
	"math"
	"slices"
	"strings"
	"testing"
	"unsafe"
)

// readers are the two ways to read: strings copied, or sharing the bytes.
var readers = map[string]func([]byte) *Reader{"NewReader": NewReader, "NewSharedReader": NewSharedReader}

func TestRoundTrip(t *testing.T) {
	for name, newReader := range readers {
		t.Run(name, func(t *testing.T) { testRoundTrip(t, newReader) })
	}
}

func testRoundTrip(t *testing.T, newReader func([]byte) *Reader) {
	var b []byte
	b = AppendString(b, "")
	b = AppendString(b, "zh-TW/docs/Web/HTTP/逾時")
	b = AppendUint(b, math.MaxUint64)
	b = AppendInt(b, math.MinInt64)
	b = AppendInt(b, -1)
	b = AppendBool(b, true)
	b = AppendBool(b, false)
	long := strings.Repeat("x", 200) // its length takes two bytes
	lists := [][]string{nil, {""}, {"0:en-us/web/http/index.md", long, "", "1:zh-tw/逾時"}}
	for _, l := range lists {
		b = AppendStrings(b, l)
	}
	r := newReader(b)
	if s := r.String(); s != "" {
		t.Errorf("empty string read as %q", s)
	}
	if s := r.String(); s != "zh-TW/docs/Web/HTTP/逾時" {
		t.Errorf("string read as %q", s)
	}
	if n := r.Uint(); n != math.MaxUint64 {
		t.Errorf("uint read as %d", n)
	}
	if n := r.Int(); n != math.MinInt64 {
		t.Errorf("int read as %d", n)
	}
	if n := r.Int(); n != -1 {
		t.Errorf("-1 read as %d", n)
	}
	if !r.Bool() || r.Bool() {
		t.Errorf("bools read wrong")
	}
	for _, want := range lists {
		if got := r.Strings(); !slices.Equal(got, want) || len(got) != len(want) {
			t.Errorf("strings read as %q, want %q", got, want)
		}
	}
	if r.More() || r.Err() {
		t.Errorf("after the last read: More %t, Err %t", r.More(), r.Err())
	}
}

// TestDamaged reads bytes that are not what the reader expects: it never
// panics, reads zeros, and says so.
func TestDamaged(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
		read func(r *Reader)
	}{
		{"string longer than the bytes", AppendUint(nil, 100), func(r *Reader) { _ = r.String() }},
		{"huge length", AppendUint(nil, math.MaxUint64), func(r *Reader) { r.Bytes(r.Len()) }},
		{"truncated uvarint", []byte{0x80}, func(r *Reader) { r.Uint() }},
		{"nothing to read", nil, func(r *Reader) { r.Int() }},
		{"negative count", nil, func(r *Reader) { r.Bytes(-1) }},
		{"bytes left over", []byte{1, 2}, func(r *Reader) { r.Bool() }},
		{"list longer than its bytes", AppendUint(AppendUint(nil, 2), 1), func(r *Reader) { r.Strings() }},
		{"string past its list", append(AppendUint(AppendUint(nil, 1), 2), 5, 'a'), func(r *Reader) { r.Strings() }},
		{"more strings than the list has", append(AppendUint(AppendUint(nil, 2), 2), 1, 'a'), func(r *Reader) { r.Strings() }},
		{"string then one past the bytes", append(AppendString(nil, "ab"), 3, 'c'), func(r *Reader) { _, _ = r.String(), r.String() }},
	} {
		for name, newReader := range readers {
			r := newReader(tc.data)
			tc.read(r)
			if !r.Err() {
				t.Errorf("%s, %s: no error", name, tc.name)
			}
			if r.More() && r.Bad() {
				t.Errorf("%s, %s: More after a failed read", name, tc.name)
			}
		}
	}
}

// TestSharedStrings checks that a NewSharedReader's strings are its bytes,
// not copies, and a NewReader's are not.
func TestSharedStrings(t *testing.T) {
	b := AppendStrings(AppendString(nil, "en-US/docs/Web"), []string{"a", "bc"})
	within := func(s string) bool {
		p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
		start := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
		return p >= start && p < start+uintptr(len(b))
	}
	for name, newReader := range readers {
		r := newReader(b)
		got := append([]string{r.String()}, r.Strings()...)
		if !slices.Equal(got, []string{"en-US/docs/Web", "a", "bc"}) || r.Err() {
			t.Fatalf("%s: read %q", name, got)
		}
		for _, s := range got {
			if shared := within(s); shared != (name == "NewSharedReader") {
				t.Errorf("%s: %q is within the bytes read: %t", name, s, shared)
			}
		}
	}
}

// TestList builds lists with List and checks that they are written as
// AppendStrings writes them.
func TestList(t *testing.T) {
	long := strings.Repeat("x", 200) // its length takes two bytes
	for _, want := range [][]string{nil, {""}, {"0:en-us/web/http/index.md", long, "", "1:zh-tw/逾時"}} {
		var l List
		for _, s := range want {
			l.Add([]byte(s))
		}
		b := append(l.AppendHead([]byte("x")), l.Data()...)
		if string(b) != string(AppendStrings([]byte("x"), want)) {
			t.Errorf("%q: written as %q, want %q", want, b, AppendStrings([]byte("x"), want))
		}
		if got := NewReader(b[1:]).Strings(); !slices.Equal(got, want) {
			t.Errorf("read back as %q, want %q", got, want)
		}
	}
}
