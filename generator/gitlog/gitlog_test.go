package gitlog

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"statusdocs/generator/internal/bincodec"
)

// git runs git in dir, failing the test on an error.
func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.org")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// TestHistory follows a file through an edit and a rename, and reads it as
// it was.
func TestHistory(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	git(t, dir, "init", "-q")
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.md", "one\n")
	git(t, dir, "add", ".")
	git(t, dir, "commit", "-qm", "first")
	first := git(t, dir, "rev-parse", "HEAD")
	write("a.md", "two\n")
	git(t, dir, "commit", "-qam", "second")
	git(t, dir, "mv", "a.md", "b.md")
	git(t, dir, "commit", "-qm", "rename")

	h, err := Load(dir)
	if err != nil || h == nil {
		t.Fatalf("Load: %v, %v", h, err)
	}
	file := filepath.Join(dir, "b.md")
	revs := h.Revisions(file)
	if len(revs) != 3 || revs[2].Hash != first || revs[2].Path != "a.md" || revs[0].Path != "b.md" {
		t.Fatalf("revisions of b.md: %+v", revs)
	}
	pos, ok := h.Resolve(first[:7])
	if !ok || pos != 2 || h.Commit(pos) != first {
		t.Fatalf("Resolve(%s) = %d, %v", first[:7], pos, ok)
	}
	if _, ok := h.Resolve("0000000"); ok {
		t.Errorf("an unknown commit resolved")
	}
	if n := len(h.Since(file, pos)); n != 2 {
		t.Errorf("Since the first commit: %d revisions, want 2", n)
	}
	spec := h.Commit(pos) + ":" + h.PathAt(file, pos)
	if got := h.Blobs([]string{spec, first + ":nope.md"}); string(got[spec]) != "one\n" || len(got) != 1 {
		t.Errorf("Blobs: %q", got)
	}
	if outside, err := Load(t.TempDir()); outside != nil || err != nil {
		t.Errorf("a folder outside a repository: %v, %v", outside, err)
	}
	// Found without git's help: a folder below the top, and a linked work
	// tree, whose .git is a file.
	sub := filepath.Join(dir, "sub", "deeper")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	linked := filepath.Join(t.TempDir(), "linked")
	git(t, dir, "worktree", "add", "-q", linked)
	// And through a symbolic link to the repository, which git names by
	// where it leads.
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	if h, err := Load(link); err != nil || h == nil || len(h.Revisions(filepath.Join(link, "b.md"))) != 3 || h.PathAt(filepath.Join(link, "b.md"), 2) != "a.md" || len(h.RevisionsIn("b.md")) != 3 {
		t.Errorf("Load(%s), a link to the repository: %v, %v", link, h, err)
	}
	for _, d := range []string{sub, linked} {
		if h, err := Load(d); err != nil || h == nil || len(h.Revisions(filepath.Join(h.Top(), "b.md"))) != 3 {
			t.Errorf("Load(%s): %v, %v", d, h, err)
		}
	}
	// RevisionsIn names a file from the folder loaded for.
	write("sub/deeper/d.md", "d\n")
	git(t, dir, "add", ".")
	git(t, dir, "commit", "-qm", "d")
	for d, rel := range map[string]string{dir: "sub/deeper/d.md", sub: "d.md", link: "sub/deeper/d.md", filepath.Join(link, "sub"): "deeper/d.md"} {
		if h, err := Load(d); err != nil || h == nil || len(h.RevisionsIn(rel)) != 1 {
			t.Errorf("Load(%s).RevisionsIn(%s): %v, %v", d, rel, h, err)
		}
	}
}

// TestMayBeRepository tells folders git could find a work tree for
// from those it could not, and leaves it to git when GIT_DIR is set.
func TestMayBeRepository(t *testing.T) {
	top := t.TempDir()
	if mayBeRepository(top) {
		t.Skipf("the temporary folder %s is in a git work tree", top)
	}
	for _, name := range []string{"repo/.git", "linked", "plain/a/b", "repo/a/b"} {
		if err := os.MkdirAll(filepath.Join(top, name), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(top, "linked", ".git"), []byte("gitdir: /elsewhere\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]bool{"repo": true, "repo/a/b": true, "linked": true, "plain/a/b": false, "plain": false} {
		if got := mayBeRepository(filepath.Join(top, name)); got != want {
			t.Errorf("mayBeRepository(%s) = %v, want %v", name, got, want)
		}
	}
	t.Setenv("GIT_DIR", filepath.Join(top, "repo", ".git"))
	if !mayBeRepository(filepath.Join(top, "plain")) {
		t.Errorf("with GIT_DIR set: false")
	}
}

func TestIsCommit(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"0123abc", true},
		{"0123456789abcdef0123456789abcdef01234567", true},   // 40
		{"0123456789abcdef0123456789abcdef012345678", false}, // 41
		{"0123ab", false},  // 6
		{"0123ABC", false}, // upper case: git writes lower
		{"0123abg", false},
		{"0123ab ", false},
		{"", false},
		{"0123abc\n", false},
	} {
		if got := IsCommit(tc.in); got != tc.want {
			t.Errorf("IsCommit(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// mapStore is a Store in memory that counts what it is given.
type mapStore struct {
	data map[string][]byte
	puts int
}

func (m *mapStore) Get(name string) []byte { return m.data[name] }
func (m *mapStore) Put(name string, data []byte) {
	m.data[name] = data
	m.puts++
}

// TestLoadKept keeps a history in a store and reads it back as git gives
// it; a new commit, or a kept history that does not decode, is read from
// git again.
func TestLoadKept(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	git(t, dir, "init", "-q")
	for i, name := range []string{"a.md", "b.md", "a.md"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(strings.Repeat("x", i+1)), 0o644); err != nil {
			t.Fatal(err)
		}
		git(t, dir, "add", ".")
		t.Setenv("GIT_COMMITTER_DATE", fmt.Sprintf("2030-01-%02dT12:00:00Z", i+1)) // each its own time
		git(t, dir, "commit", "-qm", "c")
	}
	git(t, dir, "mv", "b.md", "c.md")
	git(t, dir, "commit", "-qm", "rename")
	os.Unsetenv("GIT_COMMITTER_DATE")
	store := &mapStore{data: map[string][]byte{}}
	load := func(wantPuts int) *History {
		t.Helper()
		kept, err := LoadKept(dir, store)
		if err != nil {
			t.Fatal(err)
		}
		fresh, err := Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(kept, fresh) {
			t.Errorf("kept history:\n%+v\nfrom git:\n%+v", kept, fresh)
		}
		if store.puts != wantPuts {
			t.Errorf("%d puts, want %d", store.puts, wantPuts)
		}
		return kept
	}
	load(1) // read from git, kept
	h := load(1)
	if revs := h.Revisions(filepath.Join(h.Top(), "c.md")); len(revs) != 2 || revs[1].Path != "b.md" {
		t.Errorf("c.md, once b.md: %+v", revs)
	}
	git(t, dir, "commit", "-q", "--allow-empty", "-m", "another")
	load(2) // HEAD moved
	for name, data := range store.data {
		store.data[name] = data[:len(data)-1]
	}
	load(3) // cut short
	load(3)

	// A clone in a folder with a space in its name is kept; a shallow
	// clone, whose history a fetch lengthens under the same HEAD, is not.
	for _, c := range []struct {
		args []string
		puts int
	}{{[]string{"clone", "-q", dir, "with space"}, 1}, {[]string{"clone", "-q", "--depth", "1", "file://" + dir, "shallow"}, 0}} {
		parent := t.TempDir()
		git(t, parent, c.args...)
		clone := filepath.Join(parent, c.args[len(c.args)-1])
		store := &mapStore{data: map[string][]byte{}}
		if h, err := LoadKept(clone, store); err != nil || h == nil || store.puts != c.puts {
			t.Errorf("%s: %v, %v, %d puts, want %d", clone, h, err, store.puts, c.puts)
		}
	}

	// Replace refs change the history under the same HEAD, loose or
	// packed: such a history is not kept, and is read as git gives it.
	git(t, dir, "replace", "--graft", "HEAD")
	puts := store.puts
	load(puts)
	git(t, dir, "pack-refs", "--all")
	if _, err := os.Stat(filepath.Join(dir, ".git", "refs", "replace")); err == nil {
		if replace, _ := os.ReadDir(filepath.Join(dir, ".git", "refs", "replace")); len(replace) > 0 {
			t.Fatalf("pack-refs left %d replace refs loose", len(replace))
		}
	}
	load(puts)
}

// FuzzDecode reads any bytes as a kept history: never a panic, and what
// decodes, encoded, decodes to the same history.
func FuzzDecode(f *testing.F) {
	h := &History{top: "/r", pos: map[string]int{"a": 0, "b": 1}, full: []string{"a", "b"}, times: []int64{2, 1},
		files: map[string][]Revision{"x.md": {{Hash: "a", Pos: 0, Path: "x.md"}, {Hash: "b", Pos: 1, Path: "y.md"}}}}
	f.Add(h.encode("a"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		if h := decode(data, "/r", "a"); h != nil {
			if again := decode(h.encode("a"), "/r", "a"); !reflect.DeepEqual(again, h) {
				t.Errorf("decoded %+v, encoded and decoded again %+v", h, again)
			}
		}
	})
}

// TestDecodeCorrupt decodes kept histories with a position past every
// uint64 an int holds, and counts past the bytes left: none decodes, and
// none panics or allocates past its size.
func TestDecodeCorrupt(t *testing.T) {
	head := bincodec.AppendString(bincodec.AppendString(bincodec.AppendString(nil, storeFormat), "/r"), "a")
	oneCommit := bincodec.AppendInt(bincodec.AppendString(bincodec.AppendUint(slices.Clip(head), 1), "a"), 1)
	oneFile := bincodec.AppendString(bincodec.AppendUint(slices.Clip(oneCommit), 1), "x.md")
	for name, data := range map[string][]byte{
		"position 1<<63":  bincodec.AppendString(bincodec.AppendUint(bincodec.AppendUint(slices.Clip(oneFile), 1), 1<<63), ""),
		"commits 1<<40":   bincodec.AppendUint(slices.Clip(head), 1<<40),
		"files 1<<40":     bincodec.AppendUint(slices.Clip(oneCommit), 1<<40),
		"revisions 1<<40": bincodec.AppendUint(slices.Clip(oneFile), 1<<40),
	} {
		if h := decode(data, "/r", "a"); h != nil {
			t.Errorf("%s: decoded %+v", name, h)
		}
	}
	good := bincodec.AppendString(bincodec.AppendUint(bincodec.AppendUint(slices.Clip(oneFile), 1), 0), "")
	if h := decode(good, "/r", "a"); h == nil || len(h.files["x.md"]) != 1 {
		t.Errorf("a good history: %+v", h)
	}
}

// TestResolve holds Resolve to a scan of the log, newest first, on random
// histories whose hashes share prefixes.
func TestResolve(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	hex := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = "0123abc"[rng.IntN(7)] // few digits: many shared prefixes
		}
		return string(b)
	}
	for round := range 200 {
		h := &History{pos: map[string]int{}}
		for i := range rng.IntN(40) {
			full := hex(40)
			h.full = append(h.full, full)
			if _, ok := h.pos[full]; !ok {
				h.pos[full] = i
			}
		}
		for range 20 {
			commit := hex(1 + rng.IntN(8))
			if len(h.full) > 0 && rng.IntN(2) == 0 {
				commit = h.full[rng.IntN(len(h.full))][:7+rng.IntN(34)]
			}
			want, wantOK := 0, false
			if p, ok := h.pos[commit]; ok {
				want, wantOK = p, true
			} else if len(commit) < 40 {
				for i, full := range h.full {
					if strings.HasPrefix(full, commit) {
						want, wantOK = i, true
						break
					}
				}
			}
			if got, ok := h.Resolve(commit); got != want || ok != wantOK {
				t.Fatalf("round %d: Resolve(%s) = %d, %v; the log's first is %d, %v", round, commit, got, ok, want, wantOK)
			}
		}
	}
}
