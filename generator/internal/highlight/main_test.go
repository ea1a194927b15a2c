package main

import (
	"os"
	"strings"
	"testing"
)

// TestCommitted checks that the theme's highlight.css is what CSS writes
// today: after a new chroma or a change of style, `make highlight` and
// commit.
func TestCommitted(t *testing.T) {
	data, err := os.ReadFile("../../../layouts/static/highlight.css")
	if err != nil {
		t.Fatalf("%v: run make highlight", err)
	}
	want, err := CSS(Light, Dark)
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != want {
		t.Error("layouts/static/highlight.css is not what chroma's styles give today: run make highlight")
	}
	if !strings.HasPrefix(want, "pre.code{color:light-dark(") || !strings.Contains(want, "pre.code .k{") {
		t.Errorf("stylesheet without the code's colors or its keywords':\n%.200s", want)
	}
}

// TestUnknownStyle checks that a style chroma lacks is an error, not a
// stylesheet of its fallback's colors.
func TestUnknownStyle(t *testing.T) {
	if _, err := CSS("no-such-style", Dark); err == nil {
		t.Error("no error for an unknown style")
	}
}
