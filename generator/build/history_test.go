package build

import (
	"testing"

	"statusdocs/generator/output"
)

// TestHistoryStore keeps a history for one binary: another does not read
// it, and a name that is not a plain file name is neither read nor kept.
func TestHistoryStore(t *testing.T) {
	dir := t.TempDir()
	a, b := historyStore{dir, output.HashOf([]byte("a"))}, historyStore{dir, output.HashOf([]byte("b"))}
	a.Put("history-1", []byte("kept"))
	if got := string(a.Get("history-1")); got != "kept" {
		t.Errorf("the binary that kept it reads %q", got)
	}
	if got := b.Get("history-1"); got != nil {
		t.Errorf("another binary reads %q", got)
	}
	a.Put("../history-2", []byte("out"))
	if got := a.Get("../history-2"); got != nil {
		t.Errorf("a path read %q", got)
	}
}
