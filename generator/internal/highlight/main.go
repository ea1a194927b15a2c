// Command highlight writes the theme's stylesheet of highlighted code,
// static/highlight.css, from chroma's styles: Light's colors in a light
// color scheme, Dark's in a dark one.
//
//	highlight --out layouts/static/highlight.css
//
// `make highlight` runs it; the stylesheet is committed, so that the
// statusdocs binary does without chroma's styles, whose package takes
// some 7 ms to start, at every build. Its test checks that the committed
// file is what it writes: after a new chroma or a change of style, run
// `make highlight` and commit.
package main

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/styles"
)

// The chroma styles of highlighted code, light and dark.
const (
	Light = "github"
	Dark  = "github-dark"
)

func main() {
	out := flag.String("out", "layouts/static/highlight.css", "`FILE` to write the stylesheet to")
	flag.Parse()
	css, err := CSS(Light, Dark)
	if err == nil {
		err = os.WriteFile(*out, []byte(css), 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "highlight:", err)
		os.Exit(1)
	}
}

// CSS returns the stylesheet of highlighted code (pre.code): one
// rule per token class, its color a light-dark() pair of the light and the
// dark style, so that code follows the page's color-scheme, the system's
// or the reader's choice, with no rule written twice.
func CSS(light, dark string) (string, error) {
	l, d := styles.Registry[light], styles.Registry[dark] // styles.Get gives a fallback for a name it lacks
	if l == nil || d == nil {
		return "", fmt.Errorf("no chroma style %q or %q", light, dark)
	}
	// An unset colour is the surrounding one: inherited text, no background.
	pair := func(a, b chroma.Colour, unset string) string {
		str := func(c chroma.Colour) string {
			if !c.IsSet() {
				return unset
			}
			return c.String()
		}
		return "light-dark(" + str(a) + "," + str(b) + ")"
	}
	lb, db := l.Get(chroma.Background), d.Get(chroma.Background)
	var b strings.Builder
	fmt.Fprintf(&b, "pre.code{color:%s;background:%s}\n", pair(lb.Colour, db.Colour, "currentColor"), pair(lb.Background, db.Background, "transparent"))
	types := make([]chroma.TokenType, 0, len(chroma.StandardTypes))
	for tt := range chroma.StandardTypes {
		if tt > 0 {
			types = append(types, tt)
		}
	}
	slices.Sort(types)
	for _, tt := range types {
		le, de := l.Get(tt), d.Get(tt)
		var decl []string
		if le.Colour != lb.Colour || de.Colour != db.Colour {
			decl = append(decl, "color:"+pair(le.Colour, de.Colour, "currentColor"))
		}
		if le.Background != lb.Background || de.Background != db.Background {
			decl = append(decl, "background:"+pair(le.Background, de.Background, "transparent"))
		}
		if le.Bold == chroma.Yes && de.Bold == chroma.Yes {
			decl = append(decl, "font-weight:bold")
		}
		if le.Italic == chroma.Yes && de.Italic == chroma.Yes {
			decl = append(decl, "font-style:italic")
		}
		if len(decl) > 0 {
			fmt.Fprintf(&b, "pre.code .%s{%s}\n", chroma.StandardTypes[tt], strings.Join(decl, ";"))
		}
	}
	return b.String(), nil
}
