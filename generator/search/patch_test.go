package search

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestPatchAsFiles holds Patch to Files: an index of random documents is
// written, a few of them change (words, headings, sections, tokens new to
// the index, tokens gone from it), and the files Patch makes of the old
// ones must be byte for byte those of the index written again with every
// document, whenever Patch says it can make them. Common words have more
// than maxPostings postings, so that their lists are cut; a patch must
// decline when a document leaves the best of such a list.
func TestPatchAsFiles(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	word := func() string {
		r := rng.Float64()
		return fmt.Sprintf("w%d", int(600*r*r*r)) // a few words in most documents
	}
	doc := func(n int) Doc {
		d := Doc{Title: word() + " " + word(), URL: fmt.Sprintf("/l/docs/%d/", n), Code: fmt.Sprint(100 + n%500),
			Fallback: n%7 == 3}
		for s := range 1 + rng.IntN(4) {
			var b strings.Builder
			for range rng.IntN(60) {
				b.WriteString(word() + " ")
			}
			if rng.IntN(20) == 0 {
				b.WriteString(fmt.Sprintf("new%d ", rng.IntN(1000))) // a token only this document has
			}
			sec := Section{Text: b.String()}
			if s > 0 {
				sec.Heading = word() + " " + word()
				sec.ID = strings.ReplaceAll(sec.Heading, " ", "-")
			}
			d.Sections = append(d.Sections, sec)
		}
		return d
	}
	patched, declined := 0, 0
	for trial := range 150 {
		n := 1 + rng.IntN(450)
		docs := make([]Doc, n)
		entries := make([]*Entry, n)
		old := NewIndex(false)
		for i := range docs {
			docs[i] = doc(i)
			e := Analyze(docs[i])
			entries[i] = &e
			if n > 2 && (trial%5 == 0 && i == n/2 || trial%5 == 1 && i == n-1) {
				entries[i] = nil // a document that did not render: its number is a gap
				continue
			}
			old.Add(i, docs[i], &e)
		}
		files := maps.Collect(old.Files())
		var changes []Change
		picked := rng.Perm(n)[:min(n, 1+rng.IntN(4))]
		if n > 2 && trial%5 == 0 && !slices.Contains(picked, n/2) {
			picked = append(picked, n/2) // renders now
		}
		for _, i := range picked {
			if i == n-1 && entries[i] == nil {
				continue // it would be the last document: the files could not tell
			}
			d := doc(i)
			d.Title, d.URL, d.Code, d.Fallback = docs[i].Title, docs[i].URL, docs[i].Code, docs[i].Fallback
			if rng.IntN(4) == 0 { // a small edit: a word more or less in a section
				d.Sections = slices.Clone(docs[i].Sections)
				d.Sections[0].Text += " " + word()
			}
			e := Analyze(d)
			changes = append(changes, Change{N: i, Doc: Doc{Title: d.Title, URL: d.URL, Code: d.Code, Fallback: d.Fallback}, Old: entries[i], New: &e})
			docs[i], entries[i] = d, &e
		}
		want := NewIndex(false)
		want.SetWorkers(1 + trial%3)
		for i, d := range docs {
			if entries[i] != nil {
				want.Add(i, d, entries[i])
			}
		}
		wantFiles := maps.Collect(want.Files())
		changed, names, ok := Patch(readMap(files), changes)
		if !ok {
			declined++
			continue
		}
		patched++
		got := map[string][]byte{}
		for _, name := range names {
			got[name] = files[name]
			if data, ok := changed[name]; ok {
				got[name] = data
			}
		}
		if !slices.Equal(slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(wantFiles))) {
			t.Fatalf("trial %d: files %v, want %v", trial, slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(wantFiles)))
		}
		for name, data := range wantFiles {
			if !bytes.Equal(got[name], data) {
				t.Fatalf("trial %d (%d documents, %d changed): %s differs:\ngot  %.300s\nwant %.300s", trial, n, len(changes), name, got[name], data)
			}
			if _, ok := changed[name]; ok == bytes.Equal(files[name], data) {
				t.Errorf("trial %d: %s is given as changed: %v, but its bytes changed: %v", trial, name, ok, !bytes.Equal(files[name], data))
			}
		}
	}
	t.Logf("%d patched, %d declined", patched, declined)
	if patched < 100 || declined == 0 {
		t.Errorf("%d patched and %d declined of 150: the test no longer tries both", patched, declined)
	}
}

// TestPatchUnchanged: a change that changes nothing changes no file.
func TestPatchUnchanged(t *testing.T) {
	d := Doc{Title: "404 Not Found", URL: "/a/", Code: "404", Sections: []Section{{Text: "Gone."}, {ID: "x", Heading: "X", Text: "y"}}}
	e := Analyze(d)
	ix := NewIndex(false)
	ix.Add(0, d, &e)
	files := maps.Collect(ix.Files())
	changed, names, ok := Patch(readMap(files), []Change{{N: 0, Doc: Doc{Title: d.Title, URL: d.URL, Code: d.Code}, Old: &e, New: &e}})
	if !ok || len(changed) != 0 || !slices.Equal(names, slices.Sorted(maps.Keys(files))) {
		t.Errorf("ok %v, changed %v, names %v", ok, slices.Collect(maps.Keys(changed)), names)
	}
}

// TestPatchDeclines: files that are not as Files writes them, and changes
// the files cannot show, are declined.
func TestPatchDeclines(t *testing.T) {
	d := Doc{Title: "404 Not Found", URL: "/a/", Code: "404", Sections: []Section{{Text: "Gone away."}}}
	e := Analyze(d)
	ix := NewIndex(false)
	ix.Add(0, d, &e)
	ix.Add(1, d, &e)
	files := maps.Collect(ix.Files())
	change := []Change{{N: 0, Doc: Doc{Title: d.Title, URL: d.URL, Code: d.Code}, Old: &e, New: &e}}
	damage := func(name string, f func([]byte) []byte) map[string][]byte {
		c := maps.Clone(files)
		c[name] = f(bytes.Clone(c[name]))
		return c
	}
	for what, c := range map[string]struct {
		files   map[string][]byte
		changes []Change
	}{
		"no meta":                  {damage("meta.json", func([]byte) []byte { return nil }), change},
		"meta of version 3":        {damage("meta.json", func(b []byte) []byte { return bytes.Replace(b, []byte(`"v":4`), []byte(`"v":3`), 1) }), change},
		"a shard cut short":        {damage("t-0.json", func(b []byte) []byte { return b[:len(b)-2] }), change},
		"a shard out of order":     {damage("t-0.json", func(b []byte) []byte { return bytes.Replace(b, []byte(`"404"`), []byte(`"zzz"`), 1) }), change},
		"a posting's gap":          {damage("t-0.json", func(b []byte) []byte { return bytes.Replace(b, []byte(`[0,`), []byte(`[-1,`), 1) }), change},
		"a chunk too short":        {damage("d-0.json", func([]byte) []byte { return []byte("[null]") }), change},
		"a document past the last": {files, []Change{{N: 2, Doc: change[0].Doc, New: &e}}},
		"no new entry":             {files, []Change{{N: 0, Doc: change[0].Doc, Old: &e}}},
		"a document twice":         {files, append(slices.Clone(change), change...)},
	} {
		if _, _, ok := Patch(readMap(c.files), c.changes); ok {
			t.Errorf("%s: patched", what)
		}
	}
}

func readMap(files map[string][]byte) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		if data, ok := files[name]; ok && data != nil {
			return data, nil
		}
		return nil, errors.Join(fs.ErrNotExist, errors.New(name))
	}
}

// FuzzPatch: whatever the files of an index hold, Patch does not panic,
// and files it patches are JSON.
func FuzzPatch(f *testing.F) {
	d := Doc{Title: "404 Not Found", URL: "/a/", Code: "404", Sections: []Section{{Text: "Gone away, gone."}, {ID: "x", Heading: "X", Text: "y"}}}
	e := Analyze(d)
	ix := NewIndex(false)
	ix.Add(0, d, &e)
	ix.Add(1, d, &e)
	files := maps.Collect(ix.Files())
	f.Add(files["meta.json"], files["t-0.json"], files["d-0.json"])
	f.Add([]byte(`{"chunk":8,"docs":2,"shards":["a","b"],"translated":2,"v":4}`), []byte(`{"a":[0,17,1,18],"b\u2028":[1,33]}`), []byte(`[null,null]`))
	d.Sections[0].Text = "Gone far away."
	now := Analyze(d)
	f.Fuzz(func(t *testing.T, meta, shard, chunk []byte) {
		files := map[string][]byte{"meta.json": meta, "t-0.json": shard, "t-1.json": shard, "d-0.json": chunk}
		changed, _, ok := Patch(readMap(files), []Change{{N: 1, Doc: Doc{Title: d.Title, URL: d.URL, Code: d.Code}, Old: &e, New: &now}})
		if !ok {
			return
		}
		for name, data := range changed {
			if !json.Valid(data) {
				t.Errorf("%s is not JSON: %q", name, data)
			}
		}
	})
}
