package l10n

import (
	"maps"
	"testing"
)

// mapStore is a gitlog.Store in memory.
type mapStore map[string][]byte

func (m mapStore) Get(name string) []byte       { return m[name] }
func (m mapStore) Put(name string, data []byte) { m[name] = data }

// TestKeptDiffs keeps diffs and reads them back; what does not decode,
// cut short or with a count past its bytes, is none.
func TestKeptDiffs(t *testing.T) {
	store := mapStore{}
	tr := &Translations{store: store}
	made := map[string]string{"c:a.md\x00h1": "-a\n+b\n", "c:b.md\x00h2": ""}
	tr.keepDiffs(nil, made)
	if got := tr.keptDiffs(); !maps.Equal(got, made) {
		t.Errorf("kept %q, made %q", got, made)
	}
	data := store[diffsName]
	for name, bad := range map[string][]byte{"cut short": data[:len(data)-1], "count past its bytes": append([]byte(data[:len(diffsFormat)+1]), 0xff, 0xff, 0xff, 0x7f)} {
		store[diffsName] = bad
		if got := tr.keptDiffs(); got != nil {
			t.Errorf("%s: kept %q", name, got)
		}
	}
	if got := (&Translations{}).keptDiffs(); got != nil {
		t.Errorf("without a store: %q", got)
	}
}
