package nearest

import (
	"slices"
	"strings"
	"testing"
)

func TestFind(t *testing.T) {
	for _, c := range []struct {
		want  string
		cands []string
		limit int
		found string
	}{
		{"contnet", []string{"content", "context", "out"}, 2, "content"},
		{"用戶錯誤回應", []string{"用戶端錯誤回應", "伺服器錯誤回應"}, 3, "用戶端錯誤回應"},
		{"4044", []string{"4045", "404", "400"}, 2, "404"}, // ties: 404 and 4045 are both 1 away; byte order
		{"abc", []string{"xyz"}, 2, ""},
		{"same", []string{"same"}, 2, ""}, // the name itself is no suggestion
		{strings.Repeat("a", MaxLen+1), []string{strings.Repeat("a", MaxLen)}, 5, ""},
		{"a", []string{strings.Repeat("a", MaxLen+1)}, 500, ""},
	} {
		if got := Find(c.want, slices.Values(c.cands), c.limit); got != c.found {
			t.Errorf("Find(%q, %q, %d) = %q, want %q", c.want, c.cands, c.limit, got, c.found)
		}
	}
}

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"a", "", 1}, {"", "ab", 2}, {"build", "build", 0}, {"biuld", "build", 1},
		{"contnet", "content", 1}, {"kitten", "sitting", 3}, {"статус", "status", 6}, {"ab", "ba", 1},
	} {
		if got := Distance(tc.a, tc.b); got != tc.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
