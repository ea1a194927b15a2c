package build

import (
	"bufio"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"statusdocs/generator/internal/bincodec"
	"statusdocs/generator/internal/plainfile"
	"statusdocs/generator/search"
)

// The build cache's files that records are appended to, and the search
// entries they hold (cache.go).

// appendLog is a file of the cache that records are appended to, from
// any goroutine, each found again by its offset and length: a new file
// (name), renamed to final once complete, or, when name is final, a file
// of the last build that grows (its records stay where they were).
type appendLog struct {
	mu          sync.Mutex
	f           *os.File
	w           *bufio.Writer
	off         int64
	err         error
	name, final string
}

func openLog(name, final string) *appendLog {
	l := &appendLog{name: name, final: final}
	flags := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	if name == final {
		flags = os.O_WRONLY | os.O_CREATE | os.O_APPEND
	}
	l.f, l.err = os.OpenFile(name, flags, 0o644)
	if l.err == nil {
		l.w = bufio.NewWriterSize(l.f, 256<<10)
		var info os.FileInfo
		if info, l.err = l.f.Stat(); l.err == nil {
			l.off = info.Size()
		}
	}
	return l
}

// add appends a record and says where it is; nothing after a failure,
// which close reports.
func (l *appendLog) add(b []byte) [2]int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.addLocked(b)
}

// addLocked is add with l.mu held.
func (l *appendLog) addLocked(b []byte) [2]int64 {
	if l.err != nil {
		return [2]int64{}
	}
	at := l.off
	_, l.err = l.w.Write(b)
	l.off += int64(len(b))
	return [2]int64{at, int64(len(b))}
}

// flush writes what add has buffered to the file.
func (l *appendLog) flush() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.err == nil {
		l.err = l.w.Flush()
	}
	return l.err
}

// close completes the file and puts it in place.
func (l *appendLog) close() error {
	if l.f == nil {
		return l.err
	}
	if l.err == nil {
		l.err = l.w.Flush()
	}
	if err := l.f.Close(); l.err == nil {
		l.err = err
	}
	l.f = nil
	if l.err == nil && l.name != l.final {
		l.err = os.Rename(l.name, l.final)
	}
	return l.err
}

// abort closes the file, and removes it if it is new.
func (l *appendLog) abort() {
	if l.f != nil {
		_ = l.f.Close()
		l.f = nil
	}
	if l.name != l.final {
		_ = os.Remove(l.name)
	}
}

func (cr *cacheRun) logOf(locale string) *appendLog {
	cr.mu.Lock()
	defer cr.mu.Unlock()
	l := cr.logs[locale]
	if l == nil {
		final := filepath.Join(cr.dir, "entries-"+locale+".bin")
		if cr.same { // as the tails: the last build's entries stay, the rendered pages' are added
			l = openLog(final, final)
		} else {
			l = openLog(final+".new", final)
		}
		cr.logs[locale] = l
	}
	return l
}

// entriesWhole reports whether each locale's entries file holds every
// search entry of the last build's heads (old, of the same pages): one cut
// short would be appended to where entries the last state points at were
// (see openSpans), so the build renders every page and writes it anew.
func (cr *cacheRun) entriesWhole() bool {
	ends := map[string]int64{}
	for i, p := range cr.pages {
		if i < len(cr.old) {
			e := cr.old[i].Entry
			ends[p.Locale] = max(ends[p.Locale], e[0]+e[1])
		}
	}
	for loc, end := range ends {
		info, err := os.Stat(filepath.Join(cr.dir, "entries-"+loc+".bin"))
		if end > 0 && (err != nil || info.Size() < end) {
			return false
		}
	}
	return true
}

// loggedEntries is what this build's entries file of locale holds so far:
// read whole each time, but kept once read with keep (the source locale,
// when other locales show English pages).
func (cr *cacheRun) loggedEntries(locale string, keep bool) ([]byte, error) {
	cr.mu.Lock()
	defer cr.mu.Unlock()
	if data, ok := cr.logged[locale]; ok {
		return data, nil
	}
	l := cr.logs[locale]
	if l == nil {
		return nil, nil
	}
	if err := l.flush(); err != nil {
		return nil, err
	}
	data, err := os.ReadFile(l.name)
	if err == nil && keep {
		if cr.logged == nil {
			cr.logged = map[string][]byte{}
		}
		cr.logged[locale] = data
	}
	return data, err
}

// dropLogged lets go of the entries loggedEntries kept.
func (cr *cacheRun) dropLogged() {
	cr.mu.Lock()
	cr.logged = nil
	cr.mu.Unlock()
}

// addEntry appends a page's search entry to its locale's new entries file,
// and says where it is.
func (cr *cacheRun) addEntry(locale string, e []byte) [2]int64 { return cr.logOf(locale).add(e) }

// entry returns the last build's search entry of page i.
func (cr *cacheRun) entry(i int) ([]byte, error) {
	p, rec := cr.pages[i], cr.old[i]
	cr.mu.Lock()
	data, ok := cr.entries[p.Locale]
	if !ok {
		var err error
		data, err = plainfile.Map(filepath.Join(cr.dir, "entries-"+p.Locale+".bin"))
		if err != nil {
			cr.mu.Unlock()
			return nil, err
		}
		cr.entries[p.Locale] = data
	}
	cr.mu.Unlock()
	return entryAt(data, rec.Entry)
}

// entryAt is the search entry at pos, [offset, length], in the bytes of an
// entries file.
func entryAt(data []byte, pos [2]int64) ([]byte, error) {
	at, n := pos[0], pos[1]
	if n == 0 || at < 0 || at+n > int64(len(data)) {
		return nil, errors.New("build cache: a search entry is missing")
	}
	return data[at : at+n : at+n], nil // the data may be mapped read-only (plainfile.Map): an append copies
}

// fillIndexes adds the pages that were not rendered to the indexes of the
// locales touched, which are written whole.
func (s *Site) fillIndexes(cr *cacheRun, touched map[string]bool) error {
	// The pages whose entries go into an index written again, and the
	// locales of those indexes that show them in English.
	var work []int
	var fallbacks [][]string
	for i, p := range s.Pages {
		if !cr.reuse[i] || cr.old[i].Entry[1] == 0 {
			continue
		}
		var fbs []string
		for loc := range s.search.fallbacks[i] {
			if touched[loc] && cr.old[i].Fallbacks[loc] > 0 {
				fbs = append(fbs, loc)
			}
		}
		if touched[p.Locale] || len(fbs) > 0 {
			work, fallbacks = append(work, i), append(fallbacks, fbs)
		}
	}
	// Decoded in parallel, a window at a time, the next while the last
	// one's are added, in order: most tokens' postings are then in the
	// order the index writes them, and a large site's entries are not all
	// held at once.
	const window = 512
	var entries [2][]search.Entry
	for k := range entries {
		entries[k] = make([]search.Entry, min(window, len(work)))
	}
	decode := func(lo int) func() error {
		var err error
		wait := background(func() {
			err = cr.decodeEntries(work[lo:min(lo+window, len(work))], entries[lo/window%2], runtime.GOMAXPROCS(0))
		})
		return func() error { wait(); return err }
	}
	var next func() error
	if len(work) > 0 {
		next = decode(0)
	}
	for lo := 0; lo < len(work); lo += window {
		if err := next(); err != nil {
			return err
		}
		if lo+window < len(work) {
			next = decode(lo + window)
		}
		hi := min(lo+window, len(work))
		for w, i := range work[lo:hi] {
			p, e := s.Pages[i], &entries[lo/window%2][w]
			if touched[p.Locale] {
				s.search.locales[p.Locale].Add(s.search.own[i], s.ownDoc(p), e)
			}
			for _, loc := range fallbacks[lo+w] {
				s.search.locales[loc].Add(s.search.fallbacks[i][loc], s.fallbackDoc(p, loc), e)
			}
		}
	}
	return nil
}

// decodeEntries decodes the last build's search entries of pages into
// entries, in parts parts at once. Their strings share the bytes of the
// entries files as read (search.DecodeEntry), which nothing changes: what
// a warm build appends to a file goes to the file, not to those bytes.
func (cr *cacheRun) decodeEntries(pages []int, entries []search.Entry, parts int) error {
	errs := make([]error, parts)
	parallel(parts, func(k int) {
		for w := k * len(pages) / parts; w < (k+1)*len(pages)/parts; w++ {
			data, err := cr.entry(pages[w])
			if err == nil {
				entries[w], err = search.DecodeEntry(data, nil)
			}
			if err != nil {
				errs[k] = err
				return
			}
		}
	})
	return errors.Join(errs...)
}

// closeLogs completes the files the build wrote as it went (entries,
// sources, listings, heads, tails) and puts the new ones in place.
func (cr *cacheRun) closeLogs() error {
	if cr.tailLog == nil || cr.headsEncoded == nil {
		return errors.New("the build did not get as far as its pages")
	}
	errs := []error{cr.headsEncoded()} // done with the heads' log
	for _, loc := range slices.Sorted(maps.Keys(cr.logs)) {
		errs = append(errs, cr.logs[loc].close())
	}
	for _, l := range []*appendLog{cr.srcLog.appendLog, cr.listLog.appendLog, cr.headLog.appendLog, cr.tailLog} {
		errs = append(errs, l.close())
	}
	return errors.Join(errs...)
}

// abortLogs throws away what the logs added.
func (cr *cacheRun) abortLogs() {
	if cr.headsEncoded != nil { // nothing writes to the heads' log from here on, whatever encodeHeads ended with
		settle(func() { _ = cr.headsEncoded() })
	}
	for _, l := range cr.logs {
		l.abort()
	}
	for _, l := range []*appendLog{cr.tailLog, cr.srcLog.appendLog, cr.files, cr.listLog.appendLog, cr.headLog.appendLog} {
		if l != nil {
			l.abort()
		}
	}
}

// spanLog is an appendLog of records, each found by where it starts and
// ends in the file: a table (the state keeps its spans). A build appends
// to the last build's file and keeps the records that did not change
// where they are (reuse), so that a warm build writes only what changed;
// or, with no last file, or one that holds more dead records than live
// ones, it writes a new file of every record.
type spanLog struct {
	*appendLog
	appending    bool
	starts, ends []uint32
}

// openSpans opens the spanLog of a file of the cache folder dir, whose
// table the last build left in last (nil for none).
func openSpans(dir, name string, last *table) *spanLog {
	final := filepath.Join(dir, name)
	info, err := os.Stat(final)
	// A file cut short is written anew: appended to, its new records would
	// take the place of records that the last state, still there until
	// the build commits, points at (a build that fails or is stopped
	// before then leaves that state to the next).
	if last == nil || err != nil || info.Size() < last.maxEnd() || info.Size() > int64(2*last.live())+1<<20 || info.Size() >= 1<<31 {
		return &spanLog{appendLog: openLog(final+".new", final)}
	}
	l := &spanLog{appendLog: openLog(final, final), appending: true}
	if l.err == nil && l.off != info.Size() { // not the file whose records the table gives
		l.err = errors.New("build cache: " + name + " changed during the build")
	}
	return l
}

// put appends a record.
func (l *spanLog) put(b []byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.putLocked(b)
}

func (l *spanLog) putLocked(b []byte) {
	if at := l.addLocked(b); l.err == nil {
		l.starts, l.ends = append(l.starts, uint32(at[0])), append(l.ends, uint32(at[0]+at[1]))
	}
}

// reuse adds the last build's record b, which is at [start, end) of its
// file: where it is, when the log appends to that file, else written.
func (l *spanLog) reuse(b []byte, start, end uint32) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.appending {
		l.putLocked(b)
	} else if l.err == nil {
		l.starts, l.ends = append(l.starts, start), append(l.ends, end)
	}
}

// table is what the state keeps of the log: where each record is.
func (l *spanLog) table() table { return table{Starts: l.starts, Ends: l.ends} }

// keyedLog is a spanLog of records found by a key: the keys, and where
// each record is, go in the state; the records in the file.
type keyedLog struct {
	*spanLog
	keys bincodec.List
	// When appending: the last build's table and keys, and which of its
	// records this build keeps (keep), noted without a lock by the
	// goroutines that read the content (taking one for each of 40,000
	// records at 20,000 pages was 12 ms of a warm build's CPU) and added
	// to keys and spans by finish.
	last     *table
	lastKeys []string
	kept     []atomic.Bool
}

// openKeyed opens the keyedLog of a file of dir, as openSpans; keys are
// the last build's.
func openKeyed(dir, name string, last *table, keys []string) *keyedLog {
	k := &keyedLog{spanLog: openSpans(dir, name, last)}
	size := 0
	for _, key := range keys {
		size += len(key) + 1 // most keys are shorter than 128 bytes: a one-byte length
	}
	k.keys.Grow(size)
	k.starts, k.ends = slices.Grow(k.starts, len(keys)), slices.Grow(k.ends, len(keys))
	if k.appending {
		k.last, k.lastKeys, k.kept = last, keys, make([]atomic.Bool, len(keys))
	}
	return k
}

// finish adds the records kept from the last build to the keys and
// spans: once, after the last put and reuse.
func (k *keyedLog) finish() {
	k.mu.Lock()
	defer k.mu.Unlock()
	for i := range k.kept {
		if k.kept[i].Load() {
			start, end := k.last.span(i)
			k.keys.AddString(k.lastKeys[i])
			k.starts, k.ends = append(k.starts, start), append(k.ends, end)
		}
	}
	k.kept = nil
}

// put appends a record with its key.
func (k *keyedLog) put(key, b []byte) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.err == nil {
		k.keys.Add(key)
		k.putLocked(b)
	}
}

// keep adds the last build's record i, b, with its key: where it is,
// when the log appends to the last build's file, else written.
func (k *keyedLog) keep(i int, key, b []byte) {
	if k.appending {
		k.kept[i].Store(true)
		return
	}
	k.put(key, b)
}
