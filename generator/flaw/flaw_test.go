package flaw

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestString(t *testing.T) {
	for _, tc := range []struct {
		f    Flaw
		want string
	}{
		{New(SuspiciousFence, "content/zh-tw/a/index.md", 30, 1, "fence opened with %d backticks", 2).Suggest("use %d", 3),
			"content/zh-tw/a/index.md:30:1: warning: suspicious-fence: fence opened with 2 backticks (suggestion: use 3)"},
		{New(UnknownLocale, "content/images", 0, 0, "not a locale"), "content/images: warning: unknown-locale: not a locale"},
		{New(OutsideSite, "f.md", 2, 0, "x"), "f.md:2:1: info: outside-site: x"},
		{New("no-such-kind", "f.md", 1, 1, "x"), "f.md:1:1: error: no-such-kind: x"},
	} {
		if got := tc.f.String(); got != tc.want {
			t.Errorf("got  %s\nwant %s", got, tc.want)
		}
		if got, err := tc.f.AppendText([]byte("> ")); string(got) != "> "+tc.want || err != nil {
			t.Errorf("AppendText after \"> \": %q, %v", got, err)
		}
	}
}

func TestEveryKindHasASeverity(t *testing.T) {
	for _, k := range []string{FrontMatter, SlugMismatch, DuplicateSlug, UnknownLocale, InvalidUTF8, UnknownMacro,
		MacroArgs, UnclosedMacro, SuspiciousFence, BrokenLink, RedirectedLink, IllCasedLink, BrokenAnchor, OutsideSite,
		UnsafeHTML, UnknownCompatKey, UnknownSpec, MovedTranslation, ConflictingTranslation, OrphanedTranslation,
		InvalidSourceCommit, OutdatedTranslation, MissingUIString, BadRedirect, TooDeep, BadSidebar, UnknownSidebar,
		OutsideRoot, SymlinkLoop, SymlinkedFolder, BadFile, Layout, Internal} {
		if _, ok := severities[k]; !ok {
			t.Errorf("kind %q has no severity", k)
		}
	}
}

func TestSortAndJSON(t *testing.T) {
	flaws := []Flaw{
		New(BrokenLink, "b.md", 1, 1, "x"),
		New(BrokenAnchor, "a.md", 10, 2, "y"),
		New(BrokenLink, "a.md", 2, 5, "z"),
	}
	Sort(flaws)
	if flaws[0].Line != 2 || flaws[1].Line != 10 || flaws[2].File != "b.md" {
		t.Errorf("not sorted by file and position: %v", flaws)
	}
	data, err := JSON(flaws[:1])
	if err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"kind": "broken-link", "severity": "error", "file": "a.md", "line": 2.0, "col": 5.0, "message": "z", "suggestion": ""}
	for k, v := range want {
		if got[0][k] != v {
			t.Errorf("%s = %v, want %v", k, got[0][k], v)
		}
	}
	if data, _ := JSON(nil); string(data) != "[]" {
		t.Errorf("JSON(nil) = %s, want []", data)
	}
	if Count(flaws, Error) != 2 || Count(flaws, Warning) != 1 {
		t.Error("Count is wrong")
	}
}

// TestSortStable holds Sort to a stable sort: flaws that differ only in
// what Sort does not compare (the suggestion) keep their order.
func TestSortStable(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		flaws := make([]Flaw, rng.IntN(60))
		for i := range flaws {
			flaws[i] = New([]string{BrokenLink, BrokenAnchor}[rng.IntN(2)], fmt.Sprintf("%c.md", 'a'+rng.IntN(3)),
				rng.IntN(3), rng.IntN(2), "m%d", rng.IntN(2)).Suggest("%d", i)
		}
		if rng.IntN(4) == 0 {
			slices.SortStableFunc(flaws, compare) // sorted already
		}
		want := slices.Clone(flaws)
		slices.SortStableFunc(want, compare)
		Sort(flaws)
		if !slices.Equal(flaws, want) {
			t.Fatalf("Sort:\n%v\nstable sort:\n%v", flaws, want)
		}
	}
}

func TestCap(t *testing.T) {
	// n flaws of a kind in a file, at lines 1…n.
	some := func(kind, file string, n int) []Flaw {
		var fs []Flaw
		for i := range n {
			fs = append(fs, New(kind, file, i+1, 1, "x").Suggest("y"))
		}
		return fs
	}
	lines := func(fs []Flaw) string {
		var b strings.Builder
		for _, f := range fs {
			fmt.Fprintf(&b, "%s:%d:%s:%d ", f.File, f.Line, f.Kind, f.Count())
		}
		return b.String()
	}
	listed := func(file, kind string, from, to int) string {
		var b strings.Builder
		for i := from; i <= to; i++ {
			fmt.Fprintf(&b, "%s:%d:%s:1 ", file, i, kind)
		}
		return b.String()
	}
	for _, tc := range []struct {
		name  string
		flaws []Flaw
		want  string
	}{
		{"at the limit", some(BrokenLink, "a.md", 50), listed("a.md", BrokenLink, 1, 50)},
		{"one over", some(BrokenLink, "a.md", 51), listed("a.md", BrokenLink, 1, 50) + "a.md:51:broken-link:1 "},
		{"many over", some(BrokenLink, "a.md", 100_000), listed("a.md", BrokenLink, 1, 50) + "a.md:51:broken-link:99950 "},
		{"per kind", append(some(BrokenLink, "a.md", 52), some(UnknownMacro, "a.md", 3)...),
			listed("a.md", BrokenLink, 1, 50) + "a.md:51:broken-link:2 " + listed("a.md", UnknownMacro, 1, 3)},
		{"per file", append(some(BrokenLink, "a.md", 51), some(BrokenLink, "b.md", 51)...),
			listed("a.md", BrokenLink, 1, 50) + "a.md:51:broken-link:1 " + listed("b.md", BrokenLink, 1, 50) + "b.md:51:broken-link:1 "},
		{"capped again", append(Cap(some(BrokenLink, "a.md", 60), 50), some(BrokenLink, "a.md", 5)...),
			listed("a.md", BrokenLink, 1, 50) + "a.md:51:broken-link:15 "},
		{"files under the limit", slices.Concat(some(BrokenLink, "a.md", 50), some(BrokenLink, "b.md", 50), some(UnknownMacro, "c.md", 50)),
			listed("a.md", BrokenLink, 1, 50) + listed("b.md", BrokenLink, 1, 50) + listed("c.md", UnknownMacro, 1, 50)},
		{"a file again, not sorted", slices.Concat(some(BrokenLink, "b.md", 30), some(BrokenLink, "a.md", 1), some(BrokenLink, "b.md", 30)),
			listed("b.md", BrokenLink, 1, 30) + "a.md:1:broken-link:1 " + listed("b.md", BrokenLink, 1, 20) + "b.md:21:broken-link:10 "},
	} {
		got := Cap(tc.flaws, MaxPerKind)
		if lines(got) != tc.want {
			t.Errorf("%s:\ngot  %s\nwant %s", tc.name, lines(got), tc.want)
		}
		for _, f := range got {
			if f.More > 0 && (f.Message != fmt.Sprintf("and %d more %s flaws in this file, not listed", f.More, f.Kind) || f.Suggestion != "") {
				t.Errorf("%s: %s", tc.name, f)
			}
		}
		if n, want := Count(got, Error)+Count(got, Warning), len(tc.flaws); tc.name != "capped again" && n != want {
			t.Errorf("%s: Count = %d, want %d", tc.name, n, want)
		}
	}
}
