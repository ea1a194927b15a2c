package page

import (
	"slices"
	"testing"
)

func TestIDs(t *testing.T) {
	set := map[string]bool{"examples": true, "b": true, "": true, "é": true, "a_b": true, "status": true}
	for name, ids := range map[string]IDs{
		"NewIDs": NewIDs(set),
		"IDsOf":  IDsOf([]string{"status", "é", "a_b", "b", "examples", "b", "", "status"}),
	} {
		want := []string{"", "a_b", "b", "examples", "status", "é"}
		if got := slices.Collect(ids.All()); !slices.Equal(got, want) || ids.Len() != len(want) || !ids.Known() {
			t.Errorf("%s: %q (%d, known %t), want %q", name, got, ids.Len(), ids.Known(), want)
		}
		for _, id := range want {
			if !ids.Has(id) {
				t.Errorf("%s: %q not found", name, id)
			}
		}
		for _, id := range []string{"a", "c", "exampl", "examplesx", "z", "f"} {
			if ids.Has(id) {
				t.Errorf("%s: %q found", name, id)
			}
		}
	}
	if none := NewIDs(nil); !none.Known() || none.Has("") || none.Len() != 0 {
		t.Error("a page without ids: not known, or has one")
	}
	if (IDs{}).Known() || (IDs{}).Has("a") {
		t.Error("the zero IDs are known")
	}
}
