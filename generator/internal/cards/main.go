// Command cards draws the default social card images of the theme: one per
// status class (1xx.png … 5xx.png) and one for the pages that are not a
// status code (page.png), each a 1200×630 PNG, the size Open Graph and
// Twitter show large. They hold no words of any language, only the class
// ("4xx") or "HTTP" in the Go fonts, so one image serves every locale; the
// layouts' og:image:alt (UI string card_alt) says what they show.
//
//	cards --out layouts/static/cards
//
// `make cards` runs it; the PNGs are committed, so nothing else needs it,
// and its test checks that the committed ones are what it draws.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Width and Height are the size of a card.
const (
	Width  = 1200
	Height = 630
)

// card is one image: its file name's stem, big label and background.
type card struct {
	Name, Label string
	Background  color.RGBA
}

// classColors are the classes' colors, dark enough for white text
// (contrast 4.5:1 or more).
var classColors = []card{
	{"1xx", "1xx", color.RGBA{0x3f, 0x51, 0xb5, 0xff}},
	{"2xx", "2xx", color.RGBA{0x1b, 0x6e, 0x3a, 0xff}},
	{"3xx", "3xx", color.RGBA{0x0b, 0x5c, 0x9e, 0xff}},
	{"4xx", "4xx", color.RGBA{0xa3, 0x4a, 0x00, 0xff}},
	{"5xx", "5xx", color.RGBA{0xb0, 0x1e, 0x2d, 0xff}},
}

// allCards are every card the theme ships, by file stem.
func allCards() []card {
	return append(classColors[:len(classColors):len(classColors)], card{"page", "HTTP", color.RGBA{0x24, 0x29, 0x2f, 0xff}})
}

func main() {
	out := flag.String("out", "layouts/static/cards", "folder to write the PNGs to")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "cards:", err)
		os.Exit(1)
	}
}

func run(out string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for _, c := range allCards() {
		data, err := encode(c)
		if err != nil {
			return fmt.Errorf("%s: %w", c.Name, err)
		}
		if err := os.WriteFile(filepath.Join(out, c.Name+".png"), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// encode draws a card as a PNG.
func encode(c card) ([]byte, error) {
	img, err := drawCard(c)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// drawCard draws a card: the label large in the middle, "HTTP" small above a
// class's label, and on the page card a strip of the five classes' colors.
func drawCard(c card) (*image.Paletted, error) {
	rgba := image.NewRGBA(image.Rect(0, 0, Width, Height))
	draw.Draw(rgba, rgba.Bounds(), image.NewUniform(c.Background), image.Point{}, draw.Src)
	big, err := face(gobold.TTF, 280)
	if err != nil {
		return nil, err
	}
	small, err := face(goregular.TTF, 64)
	if err != nil {
		return nil, err
	}
	white := image.NewUniform(color.White)
	if c.Label == "HTTP" {
		text(rgba, big, white, c.Label, Height/2+90)
		strip(rgba)
	} else {
		text(rgba, small, white, "HTTP", 170)
		text(rgba, big, white, c.Label, Height/2+150)
	}
	// A palette of the card's colors keeps the file small: flat colors
	// and the antialiased edges between them.
	p := image.NewPaletted(rgba.Bounds(), palette(c.Background))
	draw.Draw(p, p.Bounds(), rgba, image.Point{}, draw.Src)
	return p, nil
}

// palette holds the background, white, the classes' colors and 64 steps
// from the background to white for the edges of the letters.
func palette(bg color.RGBA) color.Palette {
	var p color.Palette
	for i := range 64 {
		mix := func(a uint8) uint8 { return uint8(int(a) + (255-int(a))*i/63) }
		p = append(p, color.RGBA{mix(bg.R), mix(bg.G), mix(bg.B), 0xff})
	}
	for _, c := range classColors {
		p = append(p, c.Background)
	}
	return p
}

// strip draws the five classes' colors along the bottom of the page card.
func strip(img draw.Image) {
	w := Width / len(classColors)
	for i, c := range classColors {
		r := image.Rect(i*w, Height-40, (i+1)*w, Height)
		draw.Draw(img, r, image.NewUniform(c.Background), image.Point{}, draw.Src)
	}
}

func face(ttf []byte, size float64) (font.Face, error) {
	f, err := opentype.Parse(ttf)
	if err != nil {
		return nil, err
	}
	return opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
}

// text draws s centered across the card with its baseline at y.
func text(img draw.Image, f font.Face, src image.Image, s string, y int) {
	d := font.Drawer{Dst: img, Src: src, Face: f}
	w := d.MeasureString(s)
	d.Dot = fixed.Point26_6{X: (fixed.I(Width) - w) / 2, Y: fixed.I(y)}
	d.DrawString(s)
}
