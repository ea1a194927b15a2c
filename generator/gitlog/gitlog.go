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
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// History is what git knows of a content root: every commit, newest first,
// and for each file the commits that changed it, following renames. It is
// read with a single `git log` per build, however many pages there are.
type History struct {
	top   string                // the repository's top folder
	pos   map[string]int        // commit → position in the log, 0 = newest
	full  []string              // commit hashes in log order, for abbreviated lookups
	files map[string][]Revision // repository path (current name) → its revisions, newest first
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
func Load(dir string) (*History, error) {
	if !mayBeRepository(dir) {
		return nil, nil
	}
	top, err := exec.Command("git", "-C", dir, "rev-parse", "--show-toplevel").Output()
	if err != nil {
		return nil, nil
	}
	h := &History{top: strings.TrimSpace(string(top)), pos: map[string]int{}, files: map[string][]Revision{}}
	cmd := exec.Command("git", "-C", h.top, "log", "-M", "--name-status", "--no-color", "--format=%x00%H %ct")
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git log: %w", err)
	}
	h.parse(out)
	return h, nil
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
			h.full = append(h.full, rev.Hash)
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
	if len(commit) < 40 {
		for i, full := range h.full {
			if strings.HasPrefix(full, commit) {
				return i, true
			}
		}
	}
	return 0, false
}

// Top is the repository's top folder.
func (h *History) Top() string { return h.top }

// Commit is the full hash of the commit at a position of the log.
func (h *History) Commit(pos int) string { return h.full[pos] }

// Revisions are the commits that changed a file (a path on disk), newest
// first.
func (h *History) Revisions(file string) []Revision { return h.files[h.repoPath(file)] }

// repoPath is a file's path from the repository top.
func (h *History) repoPath(file string) string {
	abs, err := filepath.Abs(file)
	if err != nil {
		return file
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
