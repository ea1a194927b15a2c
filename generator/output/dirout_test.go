package output

import (
	"errors"
	"hash/maphash"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// names lists a folder.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var list []string
	for _, e := range entries {
		list = append(list, e.Name())
	}
	return list
}

// mkfiles makes files under dir, name → content.
func mkfiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestOutputSwap swaps a new build in, over an old one or none, with the
// system's exchange and with two renames: --out ends as the new build and
// nothing else is left beside it.
func TestOutputSwap(t *testing.T) {
	for _, tt := range []struct {
		name string
		swap func(tmp, dir string) (string, error)
		old  bool
	}{
		{"exchange over an old site", exchange, true},
		{"exchange, no old site", exchange, false},
		{"two renames over an old site", swapByRenames, true},
		{"two renames, no old site", swapByRenames, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			dir, tmp := filepath.Join(parent, "public"), filepath.Join(parent, ".public.build-x")
			mkfiles(t, tmp, map[string]string{Marker: "", "index.html": "new"})
			if tt.old {
				mkfiles(t, dir, map[string]string{Marker: "", "index.html": "old", "gone.html": "old"})
			}
			old, err := tt.swap(tmp, dir)
			if err != nil {
				t.Fatal(err)
			}
			if data, err := os.ReadFile(filepath.Join(dir, "index.html")); string(data) != "new" {
				t.Fatalf("--out holds %q, %v", data, err)
			}
			if (old != "") != tt.old {
				t.Fatalf("old site at %q", old)
			}
			if old != "" {
				if data, err := os.ReadFile(filepath.Join(old, "gone.html")); string(data) != "old" || !strings.HasPrefix(filepath.Base(old), ".public.build-") {
					t.Fatalf("old site at %s holds %q, %v", old, data, err)
				}
				_ = os.RemoveAll(old)
			}
			if got := names(t, parent); !slices.Equal(got, []string{"public"}) {
				t.Errorf("beside --out: %v", got)
			}
		})
	}
}

// TestDirOutput builds over an old site: folders 0755 and files 0644 less
// the umask, the old site removed, and a failure to remove it an
// OldOutputError with the new site in place.
func TestDirOutput(t *testing.T) {
	for _, removeFails := range []bool{false, true} {
		parent := t.TempDir()
		dir := filepath.Join(parent, "public")
		mkfiles(t, dir, map[string]string{Marker: "", "old.html": "old"})
		out, err := NewDirOutput(dir)
		if err != nil {
			t.Fatal(err)
		}
		if err := out.WriteFile("en-US/docs/A/index.html", []byte("new")); err != nil {
			t.Fatal(err)
		}
		if removeFails {
			out.remove = func(string) error { return errors.New("busy") }
		}
		err = out.Commit()
		var old *OldOutputError
		if removeFails != errors.As(err, &old) || (err != nil && old == nil) {
			t.Fatalf("remove fails: %v; Commit: %v", removeFails, err)
		}
		if _, err := os.Stat(filepath.Join(dir, "old.html")); err == nil {
			t.Error("--out still holds the old site")
		}
		for name, mode := range map[string]os.FileMode{"": 0o755, "en-US/docs/A": 0o755, "en-US/docs/A/index.html": 0o644, Marker: 0o644} {
			st, err := os.Stat(filepath.Join(dir, name))
			if want := mode &^ umask(t); err != nil || st.Mode().Perm() != want {
				t.Errorf("%s/%s: %v, want mode %v", dir, name, err, want)
			}
		}
		want := []string{"public"}
		if removeFails {
			want = []string{filepath.Base(old.Dir), "public"}
		}
		if got := names(t, parent); !slices.Equal(got, want) {
			t.Errorf("remove fails: %v; beside --out: %v, want %v", removeFails, got, want)
		}
	}
}

// umask reads the process's umask from the mode of a new folder.
func umask(t *testing.T) os.FileMode {
	t.Helper()
	p := filepath.Join(t.TempDir(), "probe")
	if err := os.Mkdir(p, 0o777); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return 0o777 &^ st.Mode().Perm()
}

// TestOutputLeftovers starts a build beside the leftovers of others: those of
// interrupted builds go, the folder of a build still running, another
// output's, and a folder that is not a build stay.
func TestOutputLeftovers(t *testing.T) {
	parent := t.TempDir()
	probe := lockDir(parent, false)
	if probe == nil {
		t.Skip("no flock: leftovers are left alone")
	}
	unlock(probe)
	dir := filepath.Join(parent, "public")
	running, err := NewDirOutput(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := running.WriteFile("index.html", []byte("running")); err != nil {
		t.Fatal(err)
	}
	type leftover struct{ files, removed bool }
	leftovers := map[string]leftover{
		".public.build-killed":     {true, true},
		".public.build-empty":      {false, true}, // killed before its marker
		".public.build-killed.old": {true, true},  // an old site moved aside
		".public.build-mine":       {false, false},
		".other.build-killed":      {true, false},
		filepath.Base(running.tmp): {true, false},
	}
	for name, l := range leftovers {
		if err := os.MkdirAll(filepath.Join(parent, name), 0o755); err != nil {
			t.Fatal(err)
		}
		if l.files {
			mkfiles(t, filepath.Join(parent, name), map[string]string{Marker: "", "x/index.html": "x"})
		}
	}
	mkfiles(t, filepath.Join(parent, ".public.build-mine"), map[string]string{"notes.txt": "not a build"})
	next, err := NewDirOutput(dir)
	if err != nil {
		t.Fatal(err)
	}
	for name, l := range leftovers {
		if _, err := os.Stat(filepath.Join(parent, name)); (err == nil) == l.removed {
			t.Errorf("%s: removed %v, want %v", name, err != nil, l.removed)
		}
	}
	if err := running.Commit(); err != nil {
		t.Fatalf("the running build: %v", err)
	}
	if err := next.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := names(t, parent); !slices.Equal(got, []string{".other.build-killed", ".public.build-mine", "public"}) {
		t.Errorf("beside --out: %v", got)
	}
}

// TestOutputSymlink replaces an --out that is a symlink to a previous build:
// the link is replaced, and what it led to is left alone.
func TestOutputSymlink(t *testing.T) {
	parent, elsewhere := t.TempDir(), t.TempDir()
	mkfiles(t, elsewhere, map[string]string{Marker: "", "index.html": "old"})
	dir := filepath.Join(parent, "public")
	if err := os.Symlink(elsewhere, dir); err != nil {
		t.Skip(err)
	}
	out, err := NewDirOutput(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := out.WriteFile("index.html", []byte("new")); err != nil {
		t.Fatal(err)
	}
	if err := out.Commit(); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "index.html")); string(data) != "new" {
		t.Errorf("--out holds %q", data)
	}
	if got := names(t, elsewhere); !slices.Equal(got, []string{Marker, "index.html"}) {
		t.Errorf("the symlink's target holds %v", got)
	}
	if got := names(t, parent); !slices.Equal(got, []string{"public"}) {
		t.Errorf("beside --out: %v", got)
	}
}

func TestCheckName(t *testing.T) {
	for _, name := range []string{"../x", "/abs", "a/../../b", "a\\b", "", "a/./b", "a\x00b"} {
		if checkName(name) == nil {
			t.Errorf("checkName(%q) accepted", name)
		}
	}
	for _, name := range []string{"index.html", "en-US/docs/Web/HTTP/index.html", "zh-TW/docs/狀態/index.html"} {
		if err := checkName(name); err != nil {
			t.Errorf("checkName(%q): %v", name, err)
		}
	}
}

// TestMadeCollision writes a file into a folder that the output takes for
// made, as it would when another folder's path had the same hash: the
// write makes the folder after all.
func TestMadeCollision(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	o, err := NewDirOutput(out)
	if err != nil {
		t.Fatal(err)
	}
	full := filepath.Join(o.tmp, "en-us", "docs", "a")
	o.made[maphash.String(o.seed, full)] = struct{}{}
	if err := o.WriteFile("en-us/docs/a/index.html", []byte("a")); err != nil {
		t.Fatalf("a write into a folder taken for made: %v", err)
	}
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(filepath.Join(out, "en-us", "docs", "a", "index.html")); string(data) != "a" {
		t.Errorf("written as %q (%v)", data, err)
	}
}

// noFiles is the FileSet of a site with no files.
type noFiles struct{}

func (noFiles) Hash(string) (Hash, bool) { return Hash{}, false }
func (noFiles) Names() iter.Seq[string]  { return func(func(string) bool) {} }

// TestStagedMadeCollision commits a warm build's new file into a folder of
// --out that the output takes for made: the commit makes it after all.
func TestStagedMadeCollision(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	o, err := NewStaged(out, noFiles{})
	if err != nil {
		t.Fatal(err)
	}
	if err := o.WriteFile("en-us/docs/a/index.html", []byte("a")); err != nil {
		t.Fatal(err)
	}
	o.set.made[maphash.String(o.set.seed, filepath.Join(out, "en-us", "docs", "a"))] = struct{}{}
	if err := o.Commit(); err != nil {
		t.Fatalf("a commit into a folder taken for made: %v", err)
	}
	if data, err := os.ReadFile(filepath.Join(out, "en-us", "docs", "a", "index.html")); string(data) != "a" {
		t.Errorf("committed as %q (%v)", data, err)
	}
}

// TestWriteMarker writes a marker that MarkerID reads back, and one whose
// rename fails (as a build killed between write and rename would stop):
// the published folder holds nothing but its own files either way.
func TestWriteMarker(t *testing.T) {
	dir, scratch := t.TempDir(), t.TempDir()
	mkfiles(t, dir, map[string]string{"index.html": "home"})
	if err := WriteMarker(dir, scratch, "abc"); err != nil {
		t.Fatal(err)
	}
	if got := MarkerID(dir); got != "abc" {
		t.Errorf("MarkerID = %q, want abc", got)
	}
	if err := os.Remove(filepath.Join(dir, Marker)); err != nil {
		t.Fatal(err)
	}
	mkfiles(t, dir, map[string]string{Marker + "/in-the-way": ""}) // a folder the rename cannot replace
	if err := WriteMarker(dir, scratch, "def"); err == nil {
		t.Fatal("WriteMarker over a folder: no error")
	}
	if got := names(t, dir); !slices.Equal(got, []string{Marker, "index.html"}) {
		t.Errorf("in the published folder: %v", got)
	}
}
