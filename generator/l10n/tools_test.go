package l10n

import "testing"

func TestSetSourceCommit(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"---\ntitle: T\nl10n:\n  sourceCommit: abc\n---\nbody ---\n", "---\ntitle: T\nl10n:\n  sourceCommit: NEW\n---\nbody ---\n"},
		{"---\ntitle: T\nl10n:\n  sourceCommit: PENDING  \nx: 1\n---\n", "---\ntitle: T\nl10n:\n  sourceCommit: NEW\nx: 1\n---\n"},
		{"---\ntitle: T\nl10n:\n---\nb\n", "---\ntitle: T\nl10n:\n  sourceCommit: NEW\n---\nb\n"},
		{"---\ntitle: T\n---\nb\n", "---\ntitle: T\nl10n:\n  sourceCommit: NEW\n---\nb\n"},
	} {
		got, err := setSourceCommit([]byte(tc.in), "NEW")
		if err != nil || string(got) != tc.want {
			t.Errorf("setSourceCommit(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	if _, err := setSourceCommit([]byte("no front matter\n"), "NEW"); err == nil {
		t.Error("a page without front matter was stamped")
	}
}
