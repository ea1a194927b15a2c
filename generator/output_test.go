//go:build unix

package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"statusdocs/generator/internal/corpus"
	"statusdocs/generator/output"
)

// command is statusdocs run as a process of its own (this test binary, see
// TestMain), with an umask, bounded by a deadline of its own.
func command(t *testing.T, umask string, args ...string) *exec.Cmd {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	cmd := exec.CommandContext(ctx, "sh", append([]string{"-c", `umask "$1" && shift && exec "$@"`, "sh", umask, os.Args[0]}, args...)...)
	cmd.Env = append(os.Environ(), "STATUSDOCS_RUN_MAIN=1")
	return cmd
}

// TestOutputModes builds with several umasks: a web server running as
// another user reads folders 0755 and files 0644, less the umask.
func TestOutputModes(t *testing.T) {
	for _, tt := range []struct {
		umask      string
		dir, files os.FileMode
	}{
		{"022", 0o755, 0o644},
		{"002", 0o755, 0o644}, // never more than 0755 and 0644
		{"027", 0o750, 0o640},
		{"077", 0o700, 0o600},
	} {
		out := filepath.Join(t.TempDir(), "public")
		for range 2 { // into a new --out, then over the old one
			cmd := command(t, tt.umask, "build", "--content", "../content", "--layouts", "../layouts", "--out", out, "--no-git")
			if msg, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("umask %s: %v\n%s", tt.umask, err, msg)
			}
			for name, want := range map[string]os.FileMode{
				"": tt.dir, "en-US": tt.dir, "en-US/docs/Web/HTTP/Reference/Status/404": tt.dir,
				"en-US/docs/Web/HTTP/Reference/Status/404/index.html": tt.files, "index.html": tt.files, output.Marker: tt.files,
			} {
				if st, err := os.Stat(filepath.Join(out, name)); err != nil || st.Mode().Perm() != want {
					t.Errorf("umask %s: %s/%s: %v, want %v", tt.umask, out, name, st.Mode(), want)
				}
			}
		}
	}
}

// treeDigest is a digest of the names and contents of a folder's files;
// "unreadable: …" when the folder cannot be read (while it is swapped).
func treeDigest(t *testing.T, dir string) string {
	t.Helper()
	files, err := digests(dir)
	if err != nil {
		return "unreadable: " + err.Error()
	}
	h := sha256.New()
	for _, name := range slices.Sorted(maps.Keys(files)) {
		h.Write([]byte(name + "\x00" + files[name] + "\n"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// digests maps each file of a folder to the digest of its bytes.
func digests(dir string) (map[string]string, error) {
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		sum := sha256.Sum256(data)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = hex.EncodeToString(sum[:])
		return err
	})
	return files, err
}

// generate writes a corpus of so many pages in 2 locales, made from
// content/, to dir.
func generate(t *testing.T, dir string, pages int) {
	t.Helper()
	err := corpus.Generate(os.DirFS("../content"), pages, 2, func(name string, data []byte) error {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		return os.WriteFile(p, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestKilledBuilds kills builds with SIGKILL at moments spread over a
// build's length: --out always holds one whole site, the old or the new,
// never none or a part; the next build removes what the killed ones left.
func TestKilledBuilds(t *testing.T) {
	root := t.TempDir()
	versions := []string{filepath.Join(root, "v1"), filepath.Join(root, "v2")}
	for _, v := range versions {
		generate(t, v, 600)
	}
	changed := filepath.Join(versions[1], "en-us", "web", "http", "gen", "g0", "page_0", "index.md")
	if f, err := os.OpenFile(changed, os.O_APPEND|os.O_WRONLY, 0); err != nil {
		t.Fatal(err)
	} else {
		_, _ = f.WriteString("\nThe second version.\n")
		_ = f.Close()
	}
	args := func(v, out string) []string {
		return []string{"build", "--no-cache", "--content", v, "--layouts", "../layouts", "--out", out, "--no-git", "--site-url", "https://example.org"}
	}
	want := map[string]int{} // digest of a whole site → version
	var took time.Duration
	for i, v := range versions {
		ref := filepath.Join(root, "ref", filepath.Base(v))
		start := time.Now()
		if msg, err := command(t, "022", args(v, ref)...).CombinedOutput(); err != nil {
			t.Fatalf("%v\n%s", err, msg)
		}
		took = max(took, time.Since(start))
		want[treeDigest(t, ref)] = i
	}
	out := filepath.Join(root, "site", "public")
	start := time.Now()
	if msg, err := command(t, "022", args(versions[0], out)...).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, msg)
	}
	took = max(took, time.Since(start))
	const kills = 16
	current, killed, swapped, mostLeft := 0, 0, 0, 0
	for i := range kills {
		after := took * time.Duration(i) / 8 // 0 to nearly twice a whole build
		cmd := command(t, "022", args(versions[1-current], out)...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(after)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		if cmd.Wait() != nil && cmd.ProcessState.Sys().(syscall.WaitStatus).Signaled() {
			killed++
		}
		v, ok := want[treeDigest(t, out)]
		if !ok {
			t.Fatalf("killed after %v: --out holds neither whole site (%d entries beside it)", after, len(dirNames(t, filepath.Dir(out)))-1)
		}
		if v != current {
			current, swapped = v, swapped+1
		}
		mostLeft = max(mostLeft, len(dirNames(t, filepath.Dir(out)))-1)
	}
	t.Logf("a whole build took up to %v; of %d builds %d were killed before their end and %d swapped the new site in; at most %d leftovers lay beside --out",
		took, kills, killed, swapped, mostLeft)
	// One more: a leftover of a build killed before the marker was written.
	if err := os.Mkdir(filepath.Join(filepath.Dir(out), ".public.build-planted"), 0o755); err != nil {
		t.Fatal(err)
	}
	if msg, err := command(t, "022", args(versions[1-current], out)...).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, msg)
	}
	if v := want[treeDigest(t, out)]; v == current {
		t.Errorf("the last build left version %d in place", v+1)
	}
	if got := dirNames(t, filepath.Dir(out)); !slices.Equal(got, []string{"public"}) {
		t.Errorf("beside --out after a whole build: %v", got)
	}
}

// fileDigests maps each file of a folder to the digest of its bytes.
func fileDigests(t *testing.T, dir string) map[string]string {
	t.Helper()
	files, err := digests(dir)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestKilledWarmBuilds kills warm builds (which update --out in place,
// file by file) with SIGKILL at moments spread over a build's length:
// every file of --out is always whole, the old version's or the new's,
// and the next build that runs to its end leaves exactly the site a cold
// build makes.
func TestKilledWarmBuilds(t *testing.T) {
	root := t.TempDir()
	src := filepath.Join(root, "src")
	generate(t, src, 400)
	changed := filepath.Join(src, "en-us", "web", "http", "gen", "g0", "page_0", "index.md")
	first, err := os.ReadFile(changed)
	if err != nil {
		t.Fatal(err)
	}
	versions := [][]byte{first, append(slices.Clone(first), "\n## The second version\n\nIt has a heading.\n"...)}
	use := func(v int) {
		t.Helper()
		if err := os.WriteFile(changed, versions[v], 0o644); err != nil {
			t.Fatal(err)
		}
	}
	build := func(out string, extra ...string) *exec.Cmd {
		return command(t, "022", append([]string{"build", "--content", src, "--layouts", "../layouts", "--out", out, "--no-git"}, extra...)...)
	}
	var refs [2]map[string]string
	for v := range versions {
		use(v)
		ref := filepath.Join(root, "ref", strconv.Itoa(v))
		if msg, err := build(ref, "--no-cache").CombinedOutput(); err != nil {
			t.Fatalf("%v\n%s", err, msg)
		}
		refs[v] = fileDigests(t, ref)
	}
	out := filepath.Join(root, "site", "public")
	current := 0
	var took time.Duration
	for v := range versions { // cold, then warm with the edit
		use(v)
		start := time.Now()
		if msg, err := build(out).CombinedOutput(); err != nil {
			t.Fatalf("%v\n%s", err, msg)
		}
		took, current = time.Since(start), v
	}
	const kills = 16
	killed := 0
	for i := range kills {
		current = 1 - current
		use(current)
		after := took * time.Duration(i) / 8
		cmd := build(out)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(after)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		if cmd.Wait() != nil && cmd.ProcessState.Sys().(syscall.WaitStatus).Signaled() {
			killed++
		}
		for name, sum := range fileDigests(t, out) {
			if name != output.Marker && sum != refs[0][name] && sum != refs[1][name] {
				t.Fatalf("killed after %v: %s is neither version's", after, name)
			}
		}
	}
	t.Logf("a warm build took %v; %d of %d were killed before their end", took, killed, kills)
	if msg, err := build(out).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, msg)
	}
	got := fileDigests(t, out)
	delete(got, output.Marker)
	want := refs[current]
	delete(want, output.Marker)
	if !maps.Equal(got, want) {
		for name := range want {
			if got[name] != want[name] {
				t.Errorf("%s differs from a cold build's", name)
			}
		}
		for name := range got {
			if _, ok := want[name]; !ok {
				t.Errorf("%s is not in a cold build", name)
			}
		}
	}
	if got := dirNames(t, filepath.Dir(out)); !slices.Equal(got, []string{".public.statusdocs-cache", "public"}) {
		t.Errorf("beside --out after a whole build: %v", got)
	}
}

// TestFlawsAndOldOutput checks that --flaws inside --out lands in the new
// site, and that an old site the build cannot remove is a warning: exit
// 0, the new site in place, the old one removed by the next build.
func TestFlawsAndOldOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	flaws := filepath.Join(out, "f.json")
	build := func() (int, string) {
		code, _, stderr := runCLI("build", "--no-cache", "--content", "../content", "--layouts", "../layouts", "--out", out, "--flaws", flaws, "--no-git")
		return code, stderr
	}
	for i := range 2 {
		if code, stderr := build(); code != 0 {
			t.Fatalf("build %d: exit %d\n%s", i+1, code, stderr)
		}
		if data, err := os.ReadFile(flaws); err != nil || !strings.HasPrefix(string(data), "[") {
			t.Fatalf("build %d: --flaws %s: %v", i+1, flaws, err)
		}
	}
	undo := pin(t, filepath.Join(out, "en-US"))
	code, stderr := build()
	if code != 0 || !strings.Contains(stderr, "statusdocs build: warning: the new site is in place, but the old one could not be removed") {
		t.Errorf("old site kept: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(flaws); err != nil {
		t.Errorf("--flaws after the swap: %v", err)
	}
	if len(dirNames(t, filepath.Dir(out))) != 2 {
		t.Fatalf("beside --out: %v, want the old site", dirNames(t, filepath.Dir(out)))
	}
	undo()
	if code, stderr := build(); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if got := dirNames(t, filepath.Dir(out)); !slices.Equal(got, []string{"public"}) {
		t.Errorf("beside --out: %v", got)
	}
}

// pin makes a folder's files impossible to remove, wherever the folder is
// moved (chattr +i as root, a read-only folder otherwise), and returns
// what undoes it.
func pin(t *testing.T, dir string) (undo func()) {
	t.Helper()
	file := filepath.Join(dir, "index.html")
	st, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	ino := st.Sys().(*syscall.Stat_t).Ino
	parent := filepath.Dir(filepath.Dir(dir))
	// where the folder went: the inode, searched beside and below --out
	find := func() string {
		matches, _ := filepath.Glob(filepath.Join(parent, "*", filepath.Base(dir)))
		more, _ := filepath.Glob(filepath.Join(parent, ".*", filepath.Base(dir)))
		for _, m := range append(matches, more...) {
			if st, err := os.Stat(m); err == nil && st.Sys().(*syscall.Stat_t).Ino == ino {
				return m
			}
		}
		return dir
	}
	if os.Geteuid() != 0 {
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		undo = func() { _ = os.Chmod(find(), 0o755) }
	} else {
		if msg, err := exec.Command("chattr", "+i", file).CombinedOutput(); err != nil {
			t.Skipf("chattr: %v %s", err, msg)
		}
		undo = func() { _ = exec.Command("chattr", "-i", filepath.Join(find(), "index.html")).Run() }
	}
	t.Cleanup(undo)
	return undo
}
