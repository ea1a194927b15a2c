// Package gitlog reads what git knows of a content root: every commit,
// newest first, and for each file the commits that changed it, following
// renames (git log -M). Translators' tools and the site use it to tell how
// far a translation is behind its English page, to show the English diff
// since a translation's l10n.sourceCommit and to date pages in the
// sitemap. It runs git (one git log per repository, one git cat-file
// --batch for any number of old files); a folder outside a repository, or
// a machine without git, has no history, which is not an error.
package gitlog

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"statusdocs/generator/internal/bincodec"
)

// History is what git knows of a content root: every commit, newest first,
// and for each file the commits that changed it, following renames. It is
// read with a single `git log` per build, however many pages there are.
type History struct {
	top      string         // the repository's top folder
	pos      map[string]int // commit → position in the log, 0 = newest
	full     []string       // commit hashes in log order, for abbreviated lookups
	times    []int64        // their times, in seconds since 1970
	sortOnce sync.Once
	sorted   []int                 // positions in full, by hash (byHash)
	alias    [2]string             // the folder Load was given, and where it is with its links followed, when they differ
	dir      string                // the folder Load was given, absolute
	base     string                // its path from the top, slash-separated and ending in "/" ("" for the top); "-" when not known
	files    map[string][]Revision // repository path (current name) → its revisions, newest first
}

// Revision is one commit that changed a file.
type Revision struct {
	Hash string
	Time time.Time
	Pos  int
	Path string // the file's name in that commit
}

// Load reads the history of the repository holding dir, or returns nil
// when dir is not in a git repository (or git is not installed).
func Load(dir string) (*History, error) { return LoadKept(dir, nil) }

// A Store keeps the history of a repository between runs (a build cache):
// Get returns what Put was given under a name, or nil.
type Store interface {
	Get(name string) []byte
	Put(name string, data []byte)
}

// LoadKept is Load, with the history kept in store (nil for none) by its
// repository and the commit checked out: git log reads every commit,
// seconds for a large repository, on every build, where the last build's
// history decodes in milliseconds while HEAD stays (as it does while
// a writer edits and builds again).
func LoadKept(dir string, store Store) (*History, error) {
	if !mayBeRepository(dir) {
		return nil, nil
	}
	top, head, ok := locate(dir, store != nil)
	if !ok {
		return nil, nil
	}
	name := storeName(top)
	if head != "" {
		if h := decode(store.Get(name), top, head); h != nil {
			h.placeAt(dir)
			return h, nil
		}
	}
	h := &History{top: top, pos: map[string]int{}, files: map[string][]Revision{}}
	h.placeAt(dir)
	cmd := exec.Command("git", "-C", h.top, "log", "-M", "--name-status", "--no-color", "--format=%x00%H %ct")
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git log: %w", err)
	}
	h.parse(out)
	if head != "" && (len(h.full) == 0 || h.full[0] == head) { // else a commit came between: not kept under head
		store.Put(name, h.encode(head))
	}
	return h, nil
}

// placeAt sets what the history needs to name the files of dir, the
// folder it was loaded for: its alias, and its path from the top.
func (h *History) placeAt(dir string) {
	h.alias, h.base = aliasOf(dir), "-"
	abs, err := filepath.Abs(dir)
	if err != nil {
		return
	}
	h.dir = abs
	if rel := h.repoPath(abs); rel == "." {
		h.base = ""
	} else if filepath.IsLocal(rel) {
		h.base = rel + "/"
	}
}

// aliasOf is dir as given (absolute) and as it is with its symbolic links
// followed, when they differ: git names the top folder the second way
// (/private/tmp for /tmp on macOS), and files are named the first.
func aliasOf(dir string) [2]string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return [2]string{}
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil || real == abs {
		return [2]string{}
	}
	return [2]string{abs, real}
}

// locate is the top folder of the repository holding dir and, with
// withHead, the commit checked out: "" in a repository without one, and
// where the history may change while HEAD stays: a shallow clone (a fetch
// lengthens it), one with replaced commits or grafts.
func locate(dir string, withHead bool) (top, head string, ok bool) {
	if withHead {
		if out, err := exec.Command("git", "-C", dir, "rev-parse", "--show-toplevel", "--is-shallow-repository", "--git-common-dir", "HEAD").Output(); err == nil {
			if lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n"); len(lines) == 4 && IsCommit(lines[3]) {
				common := lines[2]
				if !filepath.IsAbs(common) {
					common = filepath.Join(dir, common)
				}
				if lines[1] != "false" || rewritten(common) {
					return lines[0], "", true
				}
				return lines[0], lines[3], true
			}
		}
	}
	out, err := exec.Command("git", "-C", dir, "rev-parse", "--show-toplevel").Output()
	if err != nil {
		return "", "", false
	}
	return strings.TrimSpace(string(out)), "", true
}

// rewritten reports whether the repository whose common folder is common
// may rewrite its history locally: grafts, replace refs (loose or
// packed), or refs in a reftable, which are not looked into.
func rewritten(common string) bool {
	for _, name := range []string{"info/grafts", "reftable"} {
		if _, err := os.Stat(filepath.Join(common, name)); err == nil {
			return true
		}
	}
	if replace, _ := os.ReadDir(filepath.Join(common, "refs", "replace")); len(replace) > 0 {
		return true
	}
	packed, _ := os.ReadFile(filepath.Join(common, "packed-refs"))
	return bytes.Contains(packed, []byte(" refs/replace/"))
}

// storeName is the name a repository's history is kept under.
func storeName(top string) string {
	sum := sha256.Sum256([]byte(top))
	return "history-" + hex.EncodeToString(sum[:8])
}

// storeFormat begins a kept history; a history kept by another format is
// read again from git.
const storeFormat = "statusdocs gitlog 1"

// encode is the history as Store keeps it, with the commit it ends at.
func (h *History) encode(head string) []byte {
	b := bincodec.AppendString(nil, storeFormat)
	b = bincodec.AppendString(b, h.top)
	b = bincodec.AppendString(b, head)
	b = bincodec.AppendUint(b, uint64(len(h.full)))
	for pos, hash := range h.full {
		b = bincodec.AppendInt(bincodec.AppendString(b, hash), h.times[pos])
	}
	b = bincodec.AppendUint(b, uint64(len(h.files)))
	for _, file := range slices.Sorted(maps.Keys(h.files)) {
		revs := h.files[file]
		b = bincodec.AppendUint(bincodec.AppendString(b, file), uint64(len(revs)))
		for _, r := range revs {
			b = bincodec.AppendUint(b, uint64(r.Pos))
			if r.Path == file {
				b = bincodec.AppendString(b, "")
			} else {
				b = bincodec.AppendString(bincodec.AppendString(b, "/"), r.Path) // a name before a rename
			}
		}
	}
	return b
}

// decode reads a history encode wrote, or nil when data is not one of the
// repository top at commit head.
func decode(data []byte, top, head string) *History {
	r := bincodec.NewSharedReader(data)
	if r.String() != storeFormat || r.String() != top || r.String() != head {
		return nil
	}
	// The counts are bounded by the bytes left, each item taking at least
	// as many as encode writes: a corrupt count allocates no more than the
	// file's size.
	n := r.Len()
	if n > r.Left()/2 {
		return nil
	}
	h := &History{top: top, pos: make(map[string]int, n), full: make([]string, n), times: make([]int64, n)}
	for i := range n {
		h.full[i], h.times[i] = r.String(), r.Int()
		h.pos[h.full[i]] = i
	}
	files := r.Len()
	if files > r.Left()/2 {
		return nil
	}
	h.files = make(map[string][]Revision, files)
	for range files {
		file := r.String()
		revs := r.Len()
		if revs > r.Left()/2 {
			return nil
		}
		h.files[file] = make([]Revision, revs)
		for k := range revs {
			pos := r.Uint()
			if pos >= uint64(n) {
				return nil
			}
			rev := Revision{Hash: h.full[pos], Time: time.Unix(h.times[pos], 0).UTC(), Pos: int(pos), Path: file}
			if r.String() == "/" {
				rev.Path = r.String()
			}
			h.files[file][k] = rev
		}
	}
	if r.Err() {
		return nil
	}
	return h
}

// mayBeRepository reports whether dir may be in a git work tree, without
// running git (3 ms a build when it is not): git finds a work tree by a
// .git (a folder, or a file naming one) in dir or a folder above it,
// unless GIT_DIR names the repository.
func mayBeRepository(dir string) bool {
	if os.Getenv("GIT_DIR") != "" {
		return true
	}
	d, err := filepath.Abs(dir)
	if err != nil {
		return true
	}
	for {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return true
		}
		up := filepath.Dir(d)
		if up == d {
			return false
		}
		d = up
	}
}

// parse reads `git log --name-status --format=%x00%H %ct` output. Walking
// from the newest commit back, a rename old→new makes older changes of
// "old" count as changes of the file now called "new".
func (h *History) parse(out []byte) {
	current := map[string]string{} // name in older commits → name today
	var rev Revision
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if hash, ok := strings.CutPrefix(line, "\x00"); ok {
			fields := strings.Fields(hash)
			if len(fields) != 2 {
				continue
			}
			secs, _ := strconv.ParseInt(fields[1], 10, 64)
			rev = Revision{Hash: fields[0], Time: time.Unix(secs, 0).UTC(), Pos: len(h.full)}
			h.pos[rev.Hash] = rev.Pos
			h.full, h.times = append(h.full, rev.Hash), append(h.times, secs)
			continue
		}
		parts := strings.Split(line, "\t")
		if len(parts) < 2 || rev.Hash == "" {
			continue
		}
		path := parts[len(parts)-1]
		today := path
		if t, ok := current[path]; ok {
			today = t
		}
		r := rev
		r.Path = path
		h.files[today] = append(h.files[today], r)
		if strings.HasPrefix(parts[0], "R") && len(parts) == 3 {
			current[parts[1]] = today
		}
	}
}

// IsCommit reports whether s looks like a commit hash, full or
// abbreviated: 7 to 40 lowercase hexadecimal digits. It runs on every
// translation of a build, where a regular expression cost some 20 ms at
// 20,000 pages.
func IsCommit(s string) bool {
	if len(s) < 7 || len(s) > 40 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// Resolve finds a commit by full or abbreviated hash: its position in the
// log, 0 the newest.
func (h *History) Resolve(commit string) (int, bool) {
	if p, ok := h.pos[commit]; ok {
		return p, true
	}
	if len(commit) >= 40 {
		return 0, false
	}
	// The commits whose hashes begin so are a run of them in hash order;
	// the newest wins. A scan of the log for each was O(commits) for every
	// translation with an abbreviated sourceCommit the history lacks.
	byHash := h.byHash()
	at, _ := slices.BinarySearchFunc(byHash, commit, func(pos int, c string) int { return strings.Compare(h.full[pos], c) })
	best := -1
	for _, pos := range byHash[at:] {
		if !strings.HasPrefix(h.full[pos], commit) {
			break
		}
		if best < 0 || pos < best {
			best = pos
		}
	}
	if best < 0 {
		return 0, false
	}
	return best, true
}

// byHash is the positions of the log's commits in the order of their
// hashes, made once.
func (h *History) byHash() []int {
	h.sortOnce.Do(func() {
		h.sorted = make([]int, len(h.full))
		for i := range h.sorted {
			h.sorted[i] = i
		}
		slices.SortFunc(h.sorted, func(a, b int) int { return strings.Compare(h.full[a], h.full[b]) })
	})
	return h.sorted
}

// Top is the repository's top folder.
func (h *History) Top() string { return h.top }

// Commit is the full hash of the commit at a position of the log.
func (h *History) Commit(pos int) string { return h.full[pos] }

// Revisions are the commits that changed a file (a path on disk), newest
// first.
func (h *History) Revisions(file string) []Revision { return h.files[h.repoPath(file)] }

// RevisionsIn is Revisions of the file at slash path rel in the folder
// the history was loaded for: without the path on disk made and taken
// apart again, which a build does for each of its pages.
func (h *History) RevisionsIn(rel string) []Revision {
	if h.base == "-" {
		return h.Revisions(filepath.Join(h.dir, filepath.FromSlash(rel)))
	}
	return h.files[h.base+rel]
}

// repoPath is a file's path from the repository top.
func (h *History) repoPath(file string) string {
	abs, err := filepath.Abs(file)
	if err != nil {
		return file
	}
	if from := h.alias[0]; from != "" && (abs == from || strings.HasPrefix(abs, from+string(filepath.Separator))) {
		abs = h.alias[1] + abs[len(from):]
	}
	rel, err := filepath.Rel(h.top, abs)
	if err != nil {
		return file
	}
	return filepath.ToSlash(rel)
}

// Since returns the revisions of a file newer than a commit position.
func (h *History) Since(file string, pos int) []Revision {
	revs := h.Revisions(file)
	n := 0
	for n < len(revs) && revs[n].Pos < pos {
		n++
	}
	return revs[:n]
}

// PathAt is the name a file had at a commit position: the name of the
// newest revision at or before it.
func (h *History) PathAt(file string, pos int) string {
	for _, r := range h.Revisions(file) {
		if r.Pos >= pos {
			return r.Path
		}
	}
	return h.repoPath(file)
}

// Blobs reads files as they were at given commits ("hash:path") with one
// `git cat-file --batch`; a missing one is left out.
func (h *History) Blobs(specs []string) map[string][]byte {
	out := map[string][]byte{}
	if len(specs) == 0 {
		return out
	}
	cmd := exec.Command("git", "-C", h.top, "cat-file", "--batch")
	cmd.Stdin = strings.NewReader(strings.Join(specs, "\n") + "\n")
	data, err := cmd.Output()
	if err != nil {
		return out
	}
	for _, spec := range specs {
		header, rest, ok := bytes.Cut(data, []byte("\n"))
		if !ok {
			break
		}
		fields := strings.Fields(string(header))
		if len(fields) != 3 { // "<spec> missing"
			data = rest
			continue
		}
		size, _ := strconv.Atoi(fields[2])
		if size > len(rest) {
			break
		}
		out[spec] = rest[:size]
		data = rest[min(size+1, len(rest)):]
	}
	return out
}
