package macro

import "testing"

func TestRegistryLookup(t *testing.T) {
	var r Registry
	if _, ok := r.Lookup("anything"); ok {
		t.Fatal("the zero Registry has a macro")
	}
	r.Register("Deprecated_Inline", func(Env, []Arg) (Output, error) {
		return Output{HTML: "deprecated"}, nil
	})
	tests := []struct {
		name string
		ok   bool
	}{
		{"Deprecated_Inline", true},
		{"deprecated_inline", true},
		{"deprecated-inline", true},
		{"DEPRECATED-INLINE", true},
		{"Deprecated-Inline", true},
		{"deprecatedinline", false},
		{"deprecated inline", false},
		{"deprecated_inline_", false},
	}
	for _, tt := range tests {
		f, ok := r.Lookup(tt.name)
		if ok != tt.ok {
			t.Errorf("Lookup(%q) found = %v, want %v", tt.name, ok, tt.ok)
			continue
		}
		if ok {
			if out, _ := f(nil, nil); out.HTML != "deprecated" {
				t.Errorf("Lookup(%q) returned another function (output %q)", tt.name, out.HTML)
			}
		}
	}
}

func TestDefaultMacros(t *testing.T) {
	for _, name := range []string{"HTTPStatus", "httpheader", "HTTPMETHOD", "glossary"} {
		if _, ok := Default().Lookup(name); !ok {
			t.Errorf("Default().Lookup(%q) found nothing", name)
		}
	}
}
