package content

import (
	"strings"
	"testing"
)

func TestFlatten(t *testing.T) {
	deepList := func(n int) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(strings.Repeat("  ", i) + "- item\n")
		}
		return b.String()
	}
	for _, tc := range []struct {
		name, in string
		line     int // line of the too-deep flaw, 0 for none
		check    func(string) bool
	}{
		{name: "ordinary page", in: "# T\n\n- a\n  - b\n    - c\n\n> quote\n>> nested\n", check: func(s string) bool { return s == "# T\n\n- a\n  - b\n    - c\n\n> quote\n>> nested\n" }},
		{name: "deep list", in: deepList(300), line: 66, check: func(s string) bool {
			return strings.Count(s, "\n") == 300 && !strings.Contains(s, strings.Repeat(" ", maxIndent+1))
		}},
		{name: "deep quotes", in: "text\n" + strings.Repeat(">", 5000) + " x\n", line: 2, check: func(s string) bool {
			return s == "text\n"+strings.Repeat(">", maxMarkers)+"x\n"
		}},
		{name: "markers only", in: strings.Repeat("> ", 100), line: 1, check: func(s string) bool { return len(s) <= 2*maxMarkers+1 }},
		{name: "lists on one line", in: strings.Repeat("- ", 10_000) + "x\n", line: 1, check: func(s string) bool {
			return s == strings.Repeat("- ", maxMarkers)+"x\n"
		}},
		{name: "ordered lists and quotes", in: strings.Repeat("1. > 2) ", 20) + "x", line: 1, check: func(s string) bool {
			return s == strings.Repeat("1. > 2) ", 10)+"1. > x"
		}},
		{name: "a long rule stays a rule", in: strings.Repeat("- ", 40) + "-", line: 1, check: func(s string) bool {
			return s == strings.Repeat("- ", maxMarkers)+"-"
		}},
		{name: "no marker without a space", in: strings.Repeat("-", 100) + "\n" + strings.Repeat("1.", 50), check: func(s string) bool {
			return s == strings.Repeat("-", 100)+"\n"+strings.Repeat("1.", 50)
		}},
		{name: "tabs count to the next stop", in: strings.Repeat("\t", 40) + "x", line: 1, check: func(s string) bool { return s == strings.Repeat("\t", 32)+"x" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, flaws := flatten("f.md", []byte(tc.in), nil)
			if !tc.check(string(out)) {
				t.Errorf("unexpected output %q", truncateForTest(string(out)))
			}
			switch {
			case tc.line == 0 && len(flaws) > 0:
				t.Errorf("unexpected flaws %v", flaws)
			case tc.line > 0 && (len(flaws) != 1 || flaws[0].Line != tc.line || flaws[0].Kind != "too-deep"):
				t.Errorf("flaws = %v, want one too-deep at line %d", flaws, tc.line)
			}
		})
	}
}

func truncateForTest(s string) string {
	if len(s) > 200 {
		return s[:200] + "…"
	}
	return s
}
