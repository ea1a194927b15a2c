package build

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"statusdocs/generator/internal/plural"
	"statusdocs/generator/output"
)

// DirBuild is a build into a folder on disk (statusdocs build --out), with
// the build cache beside it (cache.go) unless told not to use one. A cold
// build writes a new folder and swaps it in whole (output.DirOutput); a
// warm one updates the folder in place, file by file (output.Staged).
// Either way the folder is as it was until Commit.
type DirBuild struct {
	cfg    Config
	cr     *cacheRun // nil without a cache
	unlock func()
	dir    *output.DirOutput // cold
	staged *output.Staged    // warm
	site   *Site             // what Build built
}

// NewDirBuild starts a build of cfg into the folder out, with the build
// cache or without.
func NewDirBuild(cfg Config, out string, cache bool) (*DirBuild, error) {
	b := &DirBuild{cfg: cfg, unlock: func() {}}
	if !cache {
		var err error
		b.dir, err = output.NewDirOutput(out)
		return b, err
	}
	dir := CacheDir(out)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	b.unlock = output.LockDir(dir) // one build at a time uses it
	cr := &cacheRun{dir: dir, next: &cacheState{cacheHeader: cacheHeader{Format: cacheFormat}},
		oldTail: map[int]*pageTail{}, logs: map[string]*appendLog{}, entries: map[string][]byte{}, checkHeads: cfg.checkHeads}
	b.cr = cr
	prev, why := loadState(dir)
	key, kerr := configKey(cfg)
	bin, binStat, berr := binaryHash(prev)
	switch {
	case kerr != nil || berr != nil:
		prev, why = nil, "cannot read the inputs: "+errors.Join(kerr, berr).Error()
	case cfg.Macros != nil || cfg.Compat != nil && cfg.CompatID == "" || cfg.RecordLinks:
		prev, why = nil, "the build has data the cache cannot name"
	case prev == nil:
	case prev.Binary != bin:
		prev, why = nil, "statusdocs itself changed"
	case prev.Key != key:
		prev, why = nil, "the configuration, layouts or data changed"
	case output.MarkerID(out) != prev.Build || prev.Build == "":
		prev, why = nil, filepath.ToSlash(out)+" is not the folder the cache describes"
	}
	cr.prev, cr.why = prev, why
	if prev != nil { // appended to, with room for as many records as last time
		cr.srcLog = openKeyed(dir, "sources", &prev.Sources, prev.SourceKeys)
		cr.listLog = openKeyed(dir, "listings", &prev.Listings, prev.ListingKeys)
		cr.headLog = openSpans(dir, "heads", &prev.Heads)
	} else {
		cr.srcLog, cr.listLog, cr.headLog = openKeyed(dir, "sources", nil, nil), openKeyed(dir, "listings", nil, nil), openSpans(dir, "heads", nil)
	}
	cr.next.Binary, cr.next.BinStat, cr.next.Key, cr.next.Started = bin, binStat, key, time.Now().UnixNano()
	var err error
	if prev != nil {
		cr.tails, _ = os.Open(filepath.Join(dir, "tails")) // read as needed; none makes the tails missing, and the build cold
		cr.oldFiles = prev.files
		b.staged, err = output.NewStaged(out, prev.files)
		if err == nil {
			b.staged.Drop(prev.Always...)
		}
	} else {
		b.dir, err = output.NewDirOutput(out)
		if err == nil {
			cr.files = openLog(filepath.Join(dir, "files.new"), filepath.Join(dir, "files"))
			b.dir.RecordHashes(func(name string, h output.Hash) {
				cr.encode(func(b []byte) []byte { return appendFile(b, name, h) }, cr.files.add)
			})
		}
	}
	if err != nil {
		b.unlock()
		return nil, err
	}
	return b, nil
}

// Warm reports whether the build has a build cache to start from: it
// may still render every page, when the site graph changed.
func (b *DirBuild) Warm() bool { return b.cr != nil && b.cr.prev != nil }

// Build builds the site; Commit or Abort must follow.
func (b *DirBuild) Build() (*Result, error) {
	var out output.Output = b.dir
	if b.staged != nil {
		out = b.staged
	}
	s, res, err := buildCached(b.cfg, out, b.cr)
	b.site = s
	if err == nil && b.cr != nil && b.cr.err != nil {
		err = fmt.Errorf("the build cache could not be read (%v); build again with --no-cache", b.cr.err)
	}
	switch {
	case b.cr == nil:
	case b.staged != nil:
		res.Cache = fmt.Sprintf("warm build: %d of %s rendered, %s changed, %d removed",
			res.Rendered, plural.Count(len(b.cr.pages), "page", "pages"), plural.Count(len(b.staged.Changed()), "file", "files"), len(b.staged.Removed()))
	default:
		res.Cache = "cold build: " + b.cr.why
	}
	return res, err
}

// Commit puts the new site in place and records it in the cache. An
// output.OldOutputError means the new site is in place (see DirOutput).
func (b *DirBuild) Commit() error {
	defer b.unlock()
	defer b.closeTails()
	if b.cr == nil {
		return b.dir.Commit()
	}
	// No state while the output changes: a build stopped now leaves the
	// next one cold.
	if err := os.Remove(filepath.Join(b.cr.dir, stateFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		b.abort()
		return err
	}
	var err error
	if b.staged != nil {
		err = b.staged.Commit()
	} else {
		err = b.dir.Commit() // its files went to the file files as they were written
		b.removeEntries()
	}
	if _, old := errors.AsType[*output.OldOutputError](err); err != nil && !old {
		b.abortLogs()
		return err
	}
	if cerr := b.saveCache(); cerr != nil && err == nil {
		err = fmt.Errorf("the site is in place, but the build cache could not be written (the next build is cold): %w", cerr)
	}
	return err
}

// saveCache completes the cache of the build just committed.
func (b *DirBuild) saveCache() error {
	if err := b.cr.closeLogs(); err != nil {
		return err
	}
	if err := b.cr.complete(b.staged); err != nil {
		return err
	}
	b.cr.next.Build = rand.Text()
	if err := output.WriteMarker(b.outDir(), b.cr.dir, b.cr.next.Build); err != nil {
		return err
	}
	return saveState(b.cr.dir, b.cr.next)
}

func (b *DirBuild) closeTails() {
	if b.cr != nil && b.cr.tails != nil {
		_ = b.cr.tails.Close()
	}
}

func (b *DirBuild) outDir() string {
	if b.staged != nil {
		return b.staged.Dir()
	}
	return b.dir.Dir()
}

// removeEntries removes the entries files of the last build, before a
// cold build's are put in their place: a locale gone keeps none.
func (b *DirBuild) removeEntries() {
	entries, _ := os.ReadDir(b.cr.dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "entries-") && strings.HasSuffix(e.Name(), ".bin") {
			_ = os.Remove(filepath.Join(b.cr.dir, e.Name()))
		}
	}
}

// Abort throws the build away; the output folder and the cache are as
// they were.
func (b *DirBuild) Abort() error {
	defer b.unlock()
	defer b.closeTails()
	return b.abort()
}

func (b *DirBuild) abort() error {
	b.abortLogs()
	if b.staged != nil {
		return b.staged.Abort()
	}
	return b.dir.Abort()
}

// abortLogs throws away what the build added to the cache's logs.
func (b *DirBuild) abortLogs() {
	if b.cr != nil {
		b.cr.abortLogs()
	}
}
