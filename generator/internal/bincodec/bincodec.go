// Package bincodec is the small binary encoding of the build cache
// (package build): uvarints, varints and length-prefixed strings, appended
// to a byte slice and read back by a Reader that never panics on bytes
// that are not what it expects: it reads zeros and reports the error once
// at the end.
package bincodec

import (
	"bytes"
	"encoding/binary"
	"slices"
	"unsafe"
)

// AppendString appends s with its length.
func AppendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// A List is a list of strings built in AppendStrings's encoding, in one
// buffer: a list of a hundred thousand keys is then one object for the
// collector, not a hundred thousand. Its zero value is empty and ready.
type List struct {
	n    int
	data []byte // the strings, each as AppendString writes it
}

// Add appends b to the list, as a string.
func (l *List) Add(b []byte) {
	l.data, l.n = append(binary.AppendUvarint(l.data, uint64(len(b))), b...), l.n+1
}

// AddString adds a string, as Add does its bytes.
func (l *List) AddString(s string) {
	l.data, l.n = append(binary.AppendUvarint(l.data, uint64(len(s))), s...), l.n+1
}

// Grow makes room for size more bytes of strings.
func (l *List) Grow(size int) { l.data = slices.Grow(l.data, size) }

// AppendHead appends what comes before the strings: their count and
// size. It and Data are the list as AppendStrings appends its strings.
func (l *List) AppendHead(b []byte) []byte {
	return AppendUint(AppendUint(b, uint64(l.n)), uint64(len(l.data)))
}

// Data is the strings, encoded; it is the list's, not to be changed.
func (l *List) Data() []byte { return l.data }

// AppendStrings appends a list of strings: its length, then the length
// of its strings as AppendString writes them, then those.
func AppendStrings(b []byte, list []string) []byte {
	size := 0
	for _, s := range list {
		size += uvarintLen(uint64(len(s))) + len(s)
	}
	b = slices.Grow(b, 2*binary.MaxVarintLen64+size)
	b = AppendUint(AppendUint(b, uint64(len(list))), uint64(size))
	for _, s := range list {
		b = AppendString(b, s)
	}
	return b
}

func uvarintLen(n uint64) int {
	l := 1
	for ; n >= 0x80; n >>= 7 {
		l++
	}
	return l
}

// AppendUint appends a uvarint.
func AppendUint(b []byte, n uint64) []byte { return binary.AppendUvarint(b, n) }

// AppendInt appends a varint.
func AppendInt(b []byte, n int64) []byte { return binary.AppendVarint(b, n) }

// AppendBool appends a byte, 1 for true.
func AppendBool(b []byte, v bool) []byte {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

// Reader reads what the Append functions wrote.
type Reader struct {
	b      []byte
	bad    bool
	shared string // with NewSharedReader: all of b, of which b is what is left
}

// NewReader reads b.
func NewReader(b []byte) *Reader { return &Reader{b: b} }

// NewSharedReader reads b as NewReader does, but the strings it reads
// share b's bytes instead of each being a copy, so b must never change
// after, and a string read keeps all of b in memory. It is for the build
// cache's files, read once and never written to: a warm build of 20,000
// pages reads some 200,000 strings from them.
func NewSharedReader(b []byte) *Reader {
	return &Reader{b: b, shared: unsafe.String(unsafe.SliceData(b), len(b))}
}

// string reads n bytes as a string: shared, or a copy.
func (r *Reader) string(n int) string {
	if r.shared == "" {
		return string(r.Bytes(n))
	}
	at := len(r.shared) - len(r.b)
	b := r.Bytes(n)
	return r.shared[at : at+len(b)]
}

// Err reports whether the bytes were not what was read, or some are left.
func (r *Reader) Err() bool { return r.bad || len(r.b) != 0 }

// More reports whether bytes are left to read, and no read failed.
func (r *Reader) More() bool { return !r.bad && len(r.b) > 0 }

// Left is how many bytes are left to read.
func (r *Reader) Left() int { return len(r.b) }

// Bad reports whether a read failed (bytes may be left, for more reads).
func (r *Reader) Bad() bool { return r.bad }

func (r *Reader) fail() { r.bad, r.b = true, nil }

// Uint reads a uvarint.
func (r *Reader) Uint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

// Int reads a varint.
func (r *Reader) Int() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

// Len reads a count of things of at least one byte each: no more than the
// bytes left.
func (r *Reader) Len() int {
	n := r.Uint()
	if n > uint64(len(r.b)) {
		r.fail()
		return 0
	}
	return int(n)
}

// Bytes reads n bytes, which share the Reader's.
func (r *Reader) Bytes(n int) []byte {
	if n < 0 || n > len(r.b) {
		r.fail()
		return nil
	}
	b := r.b[:n:n]
	r.b = r.b[n:]
	return b
}

// Strings reads a list AppendStrings wrote. Its strings share one
// allocation (a NewSharedReader's bytes, or one copy): a list of many
// thousands is one object for the collector.
func (r *Reader) Strings() []string {
	n := r.Len()
	size := r.Len()
	at := len(r.shared) - len(r.b)
	section := r.Bytes(size)
	var sr *Reader
	if r.shared != "" {
		sr = &Reader{b: section, shared: r.shared[at : at+len(section)]}
	} else {
		sr = NewSharedReader(bytes.Clone(section)) // one copy, which the strings share
	}
	list := make([]string, n)
	for i := range list {
		list[i] = sr.String()
	}
	if sr.Err() {
		r.fail()
		return nil
	}
	return list
}

// String reads a string AppendString wrote.
func (r *Reader) String() string { return r.string(r.Len()) }

// Bool reads what AppendBool wrote.
func (r *Reader) Bool() bool {
	b := r.Bytes(1)
	return len(b) == 1 && b[0] == 1
}
