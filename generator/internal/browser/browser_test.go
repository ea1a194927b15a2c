package browser

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

func TestExcerpt(t *testing.T) {
	long := strings.Repeat("a", ExcerptLen+10)
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"short", "short"},
		{long[:ExcerptLen], long[:ExcerptLen]},
		{long, long[:ExcerptLen] + "… (10 bytes more)"},
		// Cut before a character, never inside one.
		{long[:ExcerptLen-1] + "é" + "bc", long[:ExcerptLen-1] + "… (4 bytes more)"},
	} {
		if got := Excerpt(c.in); got != c.want {
			t.Errorf("Excerpt(%d bytes) = %q, want %q", len(c.in), got, c.want)
		}
	}
}

// TestErrorsAreShort runs scripts of a megabyte that fail: the error names
// the action and holds an excerpt, never the script.
func TestErrorsAreShort(t *testing.T) {
	ctx := Start(t)
	big := strings.Repeat("A", 1<<20)
	for _, c := range []struct{ what, js string }{
		{"throw a long message", `throw new Error("` + big + `")`},
		{"a syntax error", `/*` + big + `*/ (`},
		{"a long script that throws", `/*` + big + `*/ null.x`},
	} {
		_, err := Run(ctx, c.what, chromedp.Evaluate[any](c.js))
		switch {
		case err == nil:
			t.Errorf("%s: no error", c.what)
		case !strings.HasPrefix(err.Error(), c.what+": "):
			t.Errorf("%s: the error does not name the action: %s", c.what, Excerpt(err.Error()))
		case len(err.Error()) > len(c.what)+ExcerptLen+40:
			t.Errorf("%s: an error of %d bytes: %s", c.what, len(err.Error()), Excerpt(err.Error()))
		}
	}
}
