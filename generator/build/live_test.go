package build

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
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
