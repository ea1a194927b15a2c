package flaw

import (
	"slices"
	"testing"
)

// TestList checks that a List stops making flaws past MaxPerKind of a kind
// and file, counts them into one, and that Cap then says how many.
func TestList(t *testing.T) {
	var l List
	made := 0
	for i := range MaxPerKind + 10 {
		l.Add("a.md", UnknownMacro, func() Flaw { made++; return New(UnknownMacro, "a.md", i+1, 1, "m%d", i) })
	}
	l.Add("b.md", UnknownMacro, func() Flaw { made++; return New(UnknownMacro, "b.md", 1, 1, "b") })
	if len(l.Flaws) != MaxPerKind+2 || made != MaxPerKind+2 {
		t.Fatalf("%d flaws, %d made; want %d of each", len(l.Flaws), made, MaxPerKind+2)
	}
	capped := Cap(l.Flaws, MaxPerKind)
	rest := capped[MaxPerKind]
	if rest.More != 10 || rest.Line != MaxPerKind+1 || rest.Message != "and 10 more unknown-macro flaws in this file, not listed" {
		t.Errorf("the flaw for the rest: %+v", rest)
	}
}

func TestCounts(t *testing.T) {
	var c Counts
	for _, k := range []string{"outside-site", "broken-link", "outside-site", "a", "outside-site"} {
		c = c.Add(k, 1)
	}
	c = c.Add("broken-link", 4)
	want := Counts{{"a", 1}, {"broken-link", 5}, {"outside-site", 3}}
	if !slices.Equal(c, want) {
		t.Errorf("counts %v, want %v", c, want)
	}
}
