package content

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// naivePosition is how positions were found before Lines: a rescan of
// the text before the offset.
func naivePosition(text []byte, off int) (line, col int) {
	off = min(max(off, 0), len(text))
	start := bytes.LastIndexByte(text[:off], '\n') + 1
	return bytes.Count(text[:start], []byte("\n")) + 1, utf8.RuneCount(text[start:off]) + 1
}

// naiveStart is how sidebar entries found the offset of a line.
func naiveStart(text []byte, line int) int {
	off := 0
	for n := 1; n < line; n++ {
		i := bytes.IndexByte(text[off:], '\n')
		if i < 0 {
			return len(text)
		}
		off += i + 1
	}
	return off
}

func TestLines(t *testing.T) {
	long := strings.Repeat("é", 3*markEvery) // marks fall inside no rune
	tests := []struct {
		text      string
		off       int
		line, col int
	}{
		{"", 0, 1, 1},
		{"", 5, 1, 1},
		{"abc", -1, 1, 1},
		{"abc", 2, 1, 3},
		{"a\nb", 2, 2, 1},
		{"a\nb", 1, 1, 2},
		{"a\n\n\nb", 4, 4, 1},
		{"日本語\nx", 6, 1, 3},
		{"日本語", 4, 1, 3},                 // inside a rune: the rune and its first byte count
		{"\xff\xfe\n\xe4\xb8x", 6, 2, 4}, // each byte of a broken sequence is a rune
		{long + "x", len(long), 1, 3*markEvery + 1},
		{long + "\n" + long, 2*len(long) + 1, 2, 3*markEvery + 1},
		{strings.Repeat("\n", 5000), 4000, 4001, 1},
	}
	for _, tt := range tests {
		line, col := NewLines([]byte(tt.text)).Position(tt.off)
		if line != tt.line || col != tt.col {
			t.Errorf("Position(%.20q, %d) = %d:%d, want %d:%d", tt.text, tt.off, line, col, tt.line, tt.col)
		}
	}
}

// TestLinesRandom asks one index for many offsets and lines in random
// order, as a page's flaws do, and compares with the rescans.
func TestLinesRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"a", "é", "日", "\n", "\n\n", "\xff", "\xe4\xb8", strings.Repeat("x", 700)}
	var b strings.Builder
	for b.Len() < 20*markEvery {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	text := []byte(b.String())
	lines := NewLines(text)
	nLines := bytes.Count(text, []byte("\n")) + 1
	for range 2000 {
		off := r.IntN(len(text)+10) - 5
		line, col := lines.Position(off)
		if wl, wc := naivePosition(text, off); line != wl || col != wc {
			t.Fatalf("Position(%d) = %d:%d, want %d:%d", off, line, col, wl, wc)
		}
		n := r.IntN(nLines+4) - 1
		if got, want := lines.Start(n), naiveStart(text, n); got != want {
			t.Fatalf("Start(%d) = %d, want %d", n, got, want)
		}
	}
}

// FuzzPosition checks Lines against the rescans, for several offsets of
// one text asked in the order given.
func FuzzPosition(f *testing.F) {
	f.Add([]byte("a\nb\n日本\n"), uint16(3), uint16(1), uint16(7))
	f.Add([]byte(strings.Repeat("é\n", 2000)), uint16(3000), uint16(10), uint16(1500))
	f.Add([]byte("\xe4\xb8\n\xff"), uint16(1), uint16(4), uint16(2))
	f.Fuzz(func(t *testing.T, text []byte, a, b, c uint16) {
		if len(text) < 4*markEvery { // reach past several marks
			text = bytes.Repeat(text, 4*markEvery/max(len(text), 1)+1)
		}
		lines := NewLines(text)
		for _, off := range []int{int(a) * 3, int(b), int(c) * 7} {
			line, col := lines.Position(off)
			if wl, wc := naivePosition(text, off); line != wl || col != wc {
				t.Fatalf("Position(%d) = %d:%d, want %d:%d", off, line, col, wl, wc)
			}
			if got, want := lines.Start(off/8), naiveStart(text, off/8); got != want {
				t.Fatalf("Start(%d) = %d, want %d", off/8, got, want)
			}
		}
	})
}
