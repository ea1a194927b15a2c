package output

import (
	"bytes"
	"io/fs"
	"testing"
	"testing/fstest"
)

// TestHolds compares files held in memory and files of Under, read a
// piece at a time, with bytes: equal, or not by a byte anywhere, or by
// length, across the pieces' edges.
func TestHolds(t *testing.T) {
	piece := 64 << 10
	big := bytes.Repeat([]byte("0123456789abcdef"), 2*piece/16) // two pieces exactly
	last := bytes.Clone(big)
	last[len(last)-1] = 'X'
	edge := bytes.Clone(big)
	edge[piece] = 'X'
	under := fstest.MapFS{
		"a.html":      {Data: []byte("under")},
		"big.bin":     {Data: big},
		"empty":       {Data: nil},
		"dir/x.html":  {Data: []byte("x")},
		"shadowed.md": {Data: []byte("on disk")},
	}
	under["fifo"] = &fstest.MapFile{Mode: fs.ModeNamedPipe}
	o := &MemOutput{Files: map[string][]byte{"held.html": []byte("held"), "shadowed.md": []byte("in memory")}, Under: under}
	for _, c := range []struct {
		name string
		data []byte
		want bool
	}{
		{"held.html", []byte("held"), true},
		{"held.html", []byte("hel"), false},
		{"shadowed.md", []byte("in memory"), true},
		{"shadowed.md", []byte("on disk"), false},
		{"a.html", []byte("under"), true},
		{"a.html", []byte("undex"), false},
		{"a.html", []byte("unde"), false},
		{"a.html", []byte("under!"), false},
		{"big.bin", big, true},
		{"big.bin", last, false},
		{"big.bin", edge, false},
		{"big.bin", big[:len(big)-1], false},
		{"big.bin", append(bytes.Clone(big), 'x'), false},
		{"empty", nil, true},
		{"empty", []byte("x"), false},
		{"dir", nil, false},
		{"missing", nil, false},
		{"fifo", nil, false},
		{"../a.html", []byte("under"), false},
	} {
		if got := o.Holds(c.name, c.data); got != c.want {
			t.Errorf("Holds(%q, %d bytes) = %t, want %t", c.name, len(c.data), got, c.want)
		}
	}
}
