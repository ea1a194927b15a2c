package build

import (
	"bytes"
	"cmp"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestStartLiveEdits starts a live build from disk (StartLive) and makes
// an edit of each kind after the build on disk and before the build in
// memory reads the content. What that build changed of the site served
// from disk (Settled) must name every file whose bytes differ, for the
// pages open on them to reload: the edit's own update finds the build in
// memory has it already, and tells nothing. With no edit, nothing
// differs and nothing is named.
func TestStartLiveEdits(t *testing.T) {
	kinds := append([]editKind{{"none", false, func(*editSite) string { return "no edit" }}}, editKinds...)
	for i, k := range kinds {
		if k.name == "config" {
			continue // another Config, where StartLive's is fixed
		}
		t.Run(fmt.Sprint(i, " ", k.name), func(t *testing.T) {
			e := newEditSite(t, uint64(i)+1)
			e.sync()
			dir := filepath.Join(e.dir, "site")
			what := ""
			var disk0 *Snapshot // the site on disk, as served until the build in memory is done
			testHookMemoryBuild = func(l *Live) { disk0 = l.Snapshot(); what = k.edit(e); e.sync() }
			defer func() { testHookMemoryBuild = nil }()
			live, first := StartLive(e.config(), dir, nil)
			if first.Err != nil || first.Result == nil {
				t.Fatalf("start: %+v", first)
			}
			ch, ok := live.Settled()
			if !ok || ch.Err != nil || slices.Contains(ch.Reload, "*") {
				t.Fatalf("%s: settled %t, %v, reload %v", what, ok, ch.Err, ch.Reload)
			}
			disk, mem := readTree(dir), live.Snapshot().Out.Files
			for name, data := range disk {
				disk[name] = bytes.TrimSuffix(data, []byte("<nil>")) // readTree's read error
			}
			var differ []string
			for name, data := range mem {
				if before, ok := disk[name]; !ok || !bytes.Equal(before, data) {
					differ = append(differ, name)
				}
			}
			for name := range disk {
				if _, ok := mem[name]; !ok {
					differ = append(differ, name)
				}
			}
			// The flaws a page's panel shows are the server's to add: a
			// page whose flaws changed reloads too, its bytes the same.
			now := live.Snapshot()
			for name := range mem {
				if !slices.Equal(disk0.Flaws(name), now.Flaws(name)) && !slices.Contains(differ, name) {
					differ = append(differ, name)
				}
			}
			slices.Sort(differ)
			for _, name := range differ {
				if !slices.Contains(ch.Reload, name) {
					t.Errorf("%s: %s differs from the site on disk, and is not reloaded (reload %v)", what, name, ch.Reload)
				}
			}
			if k.name == "none" && len(ch.Reload) > 0 {
				t.Errorf("with no edit, reload %v", ch.Reload)
			}
			if k.body && k.name != "touch" && len(differ) == 0 {
				t.Errorf("%s: the build in memory does not have the edit", what)
			}
			t.Logf("%s: %d files differ, %d to reload", what, len(differ), len(ch.Reload))
		})
	}
}

// TestStartLiveWaitsForWatch: the build in memory that StartLive begins
// waits until the preview's watch is made (watched closed), so that a
// save after that build read a file is always seen.
func TestStartLiveWaitsForWatch(t *testing.T) {
	e := newEditSite(t, 1)
	e.sync()
	var began atomic.Bool
	testHookMemoryBuild = func(*Live) { began.Store(true) }
	defer func() { testHookMemoryBuild = nil }()
	watched := make(chan struct{})
	live, first := StartLive(e.config(), filepath.Join(e.dir, "site"), func() { <-watched })
	if first.Err != nil {
		t.Fatal(first.Err)
	}
	time.Sleep(50 * time.Millisecond) // time enough to begin, were it not waiting
	if began.Load() {
		t.Fatal("the build in memory began before the watch was made")
	}
	close(watched)
	if _, ok := live.Settled(); !ok || !began.Load() {
		t.Fatal("the build in memory did not run once the watch was made")
	}

	// A build on disk that fails (its folder is under a file) makes
	// StartLive NewLive, which builds in memory: the watch comes first.
	file := filepath.Join(e.dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	watches := 0
	live, first = StartLive(e.config(), filepath.Join(file, "site"), func() { watches++ })
	if _, ok := live.Settled(); ok || first.Err != nil || first.Rendered == 0 || watches != 1 {
		t.Fatalf("fallback: settled %t, %v, %d rendered, %d watches made", ok, first.Err, first.Rendered, watches)
	}
}

// TestLiveEditsAsCold makes random edits of every kind to a site served
// from memory (Live.Update, given the files each changed) and compares
// the site with a new build of the same content after each, byte for
// byte: an update that leaves a file as it was (llms.txt when a summary
// did not change) must leave it only when a new build would write the
// same. The search index is left out: a quick update patches the shards
// it has, whose first tokens a new build may choose otherwise.
func TestLiveEditsAsCold(t *testing.T) {
	seed := cmp.Or(*warmSeed, uint64(time.Now().UnixNano()))
	t.Logf("go test ./generator/build -run 'TestLiveEditsAsCold' -warm-seed %d", seed)
	e := newEditSite(t, seed)
	e.sync()
	config := func() Config { // as serve makes it: sources kept, the layouts watched
		c := e.config()
		c.FreeSources, c.LayoutsName = false, filepath.Join(e.dir, "layouts")
		return c
	}
	live, first := NewLive(config())
	if first.Err != nil {
		t.Fatal(first.Err)
	}
	for i := range 40 {
		k := editKinds[e.rng.IntN(len(editKinds))]
		if k.name == "config" {
			continue
		}
		before := maps.Clone(e.written)
		theme := []string{filepath.Join(e.dir, "layouts", "partials", "footer.html"), filepath.Join(e.dir, "layouts", "i18n", "fr.yaml")}
		var themeBefore []string
		for _, p := range theme {
			data, _ := os.ReadFile(p)
			themeBefore = append(themeBefore, string(data))
		}
		what := k.edit(e)
		touched := e.touch
		e.sync()
		var paths []string
		for name, text := range e.written {
			if before[name] != text || name == touched {
				paths = append(paths, filepath.Join(e.dir, filepath.FromSlash(name)))
			}
		}
		for name := range before {
			if _, ok := e.written[name]; !ok {
				paths = append(paths, filepath.Join(e.dir, filepath.FromSlash(name)))
			}
		}
		for j, p := range theme {
			if data, _ := os.ReadFile(p); string(data) != themeBefore[j] {
				paths = append(paths, p)
			}
		}
		if ch := live.Update(paths); ch.Err != nil {
			t.Fatalf("edit %d, %s %s: %v", i, k.name, what, ch.Err)
		}
		coldLive, cold := NewLive(config())
		if cold.Err != nil {
			t.Fatal(cold.Err)
		}
		got, want := live.Snapshot().Out.Files, coldLive.Snapshot().Out.Files
		for name, data := range want {
			if strings.Contains(name, "/search/") {
				continue
			}
			if !bytes.Equal(got[name], data) {
				t.Fatalf("edit %d, %s %s: %s differs from a new build's", i, k.name, what, name)
			}
		}
		for name := range got {
			if _, ok := want[name]; !ok && !strings.Contains(name, "/search/") {
				t.Fatalf("edit %d, %s %s: %s is not in a new build", i, k.name, what, name)
			}
		}
	}
}
