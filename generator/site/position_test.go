package site

import (
	"testing"

	"statusdocs/generator/content"
)

// TestFreeBody checks that freeing a rendered page's body lets go of the
// index of its lines too, which holds the body (a build of 100,000 pages
// kept 229 MB of markdown that way), and that an index is made again for
// a body read again.
func TestFreeBody(t *testing.T) {
	p := &Page{Page: &content.Page{File: "f.md", Body: []byte("a\nb\nc\n")}}
	if got := p.LineStart(3); got != 4 {
		t.Fatalf("LineStart(3) = %d, want 4", got)
	}
	p.FreeBody()
	if p.Page.Body != nil || p.lines != nil {
		t.Fatalf("after FreeBody: body %q, lines %v", p.Page.Body, p.lines)
	}
	p.Page.Body = []byte("x\ny\n")
	if got := p.LineStart(2); got != 2 {
		t.Errorf("LineStart(2) of a body read again = %d, want 2", got)
	}
}
