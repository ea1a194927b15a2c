package flaw

import (
	"encoding/json"
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
