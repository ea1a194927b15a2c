package page

import (
	"testing"
)

func TestSafeURL(t *testing.T) {
	for _, c := range []struct {
		url   string
		image bool
		want  bool
	}{
		{"", false, true},
		{"/en-US/docs/Web/HTTP", false, true},
		{"../x.png", true, true},
		{"#section", false, true},
		{"?q=a:b", false, true},
		{"./a:b", false, true},
		{"https://example.com/", false, true},
		{"HTTP://example.com/", false, true},
		{"mailto:a@example.com", false, true},
		{"tel:+1", false, true},
		{"ftp://example.com/f", false, true},
		{"javascript:alert(1)", false, false},
		{"JavaScript:alert(1)", false, false},
		{" javascript:alert(1)", false, false},
		{"java\tscript:alert(1)", false, false},
		{"java\nscript:alert(1)", false, false},
		{"\x01javascript:alert(1)", false, false},
		{"javascript\x00:alert(1)", false, false},
		{"vbscript:msgbox(1)", false, false},
		{"data:text/html,<script>", false, false},
		{"data:image/png;base64,AAAA", false, false},
		{"data:image/png;base64,AAAA", true, true},
		{"DATA:IMAGE/GIF,x", true, true},
		{"data:image/svg+xml,<svg onload=alert(1)>", true, false},
		{"data:,x", true, false},
		{"blob:https://example.com/x", false, false},
		{"file:///etc/passwd", false, false},
		{"a:b", false, false},
	} {
		if got := safeURL(c.url, c.image); got != c.want {
			t.Errorf("safeURL(%q, %v) = %v, want %v", c.url, c.image, got, c.want)
		}
	}
}
