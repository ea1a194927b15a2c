package main

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// committed is where the theme ships the cards.
const committed = "../../../layouts/static/cards"

// TestCommitted checks that each committed card is what drawCard draws (pixel
// for pixel, so that a new zlib cannot fail it), 1200×630 and under 60 KB:
// after a change to this program, `make cards` and commit.
func TestCommitted(t *testing.T) {
	for _, c := range allCards() {
		t.Run(c.Name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(committed, c.Name+".png"))
			if err != nil {
				t.Fatalf("%v: run make cards", err)
			}
			if len(data) >= 60<<10 {
				t.Errorf("%d bytes, want under 60 KB", len(data))
			}
			got, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if b := got.Bounds(); b != image.Rect(0, 0, Width, Height) {
				t.Fatalf("size %v, want %dx%d", b.Size(), Width, Height)
			}
			want, err := drawCard(c)
			if err != nil {
				t.Fatal(err)
			}
			if at, differ := firstDifference(got, want); differ {
				t.Errorf("committed card differs from what cards draws at %v: run make cards", at)
			}
		})
	}
}

func firstDifference(a, b image.Image) (image.Point, bool) {
	for y := range Height {
		for x := range Width {
			r1, g1, b1, a1 := a.At(x, y).RGBA()
			r2, g2, b2, a2 := b.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 || a1 != a2 {
				return image.Pt(x, y), true
			}
		}
	}
	return image.Point{}, false
}

// TestRun writes every card into a folder.
func TestRun(t *testing.T) {
	out := t.TempDir()
	if err := run(out); err != nil {
		t.Fatal(err)
	}
	for _, c := range allCards() {
		if _, err := os.Stat(filepath.Join(out, c.Name+".png")); err != nil {
			t.Error(err)
		}
	}
}
