package build

import (
	"errors"
	"io/fs"
	"maps"
	"path/filepath"
	"runtime"
	"slices"

	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
	"statusdocs/generator/internal/plainfile"
	"statusdocs/generator/output"
	"statusdocs/generator/page"
	"statusdocs/generator/publish"
	"statusdocs/generator/search"
)

// searchIndexes are the site's full-text search (package search): an
// index for each locale, of every page it shows, its English fallbacks
// included, and each page's document number in them. Numbers are given
// before pages are rendered, in the order of Pages, so that the index is
// the same however the workers interleave.
type searchIndexes struct {
	locales   map[string]*search.Index
	own       []int            // page i's number in its locale's index
	fallbacks []map[string]int // page i's number in each locale that shows it in English
	// deferred: a build that renders every page and ends there, with a
	// build cache, adds no page to an index as it renders: each locale's
	// index is filled from the entries the cache logged, just before it
	// is written (fillFromLog). A site of 100,000 pages then does not hold
	// 80 MB of indexes while it renders, which the collector would mark
	// again and again.
	deferred bool
	// shownElsewhere: some page is in the index of another locale, in
	// English.
	shownElsewhere bool
	// filled waits for the pages that a warm build that keeps the graph
	// does not render to be added to the indexes, which they are while it
	// renders the others (fillIndexes), and gives the locales whose
	// indexes changed.
	filled func() (map[string]bool, error)
	// patch: the locales of those whose index files are patched rather
	// than written whole (planPatch), and fresh, the entries of the pages
	// rendered into them, by page.
	patch map[string]bool
	fresh []*search.Entry
}

// maxPatched is how many documents of an index a warm build patches its
// files with (search.Patch), at most: with more, writing the index whole
// costs less than patching it.
const maxPatched = 64

// planPatch splits the locales whose indexes a warm build that keeps the
// graph changes into those whose indexes are written whole, filled with
// the pages it does not render (fillIndexes), and those whose files are
// patched with the few pages it renders: the last build wrote their
// files, and few of their documents change.
func (s *Site) planPatch(cr *cacheRun) (fill, patch map[string]bool) {
	changed := map[string]int{}
	for i, p := range s.Pages {
		if !cr.reuse[i] {
			changed[p.Locale]++
			for loc := range s.search.fallbacks[i] {
				changed[loc]++
			}
		}
	}
	fill, patch = map[string]bool{}, map[string]bool{}
	for loc, n := range changed {
		if n <= maxPatched && len(cr.prev.Search[loc]) > 0 {
			patch[loc] = true
		} else {
			fill[loc] = true
		}
	}
	return fill, patch
}

// patchIndex brings the files of a locale's index up to date with the
// pages the build rendered (search.Patch), reading the last build's from
// the output folder; ok is false when they cannot be, and the index must
// be written whole. It gives the names of the index's files.
func (s *Site) patchIndex(out *output.Staged, loc string) (names []string, ok bool, err error) {
	cr := s.cache
	var changes []search.Change
	for i, p := range s.Pages {
		if cr.reuse[i] {
			continue
		}
		// The page is in the index as numbered (planSearch): its own
		// locale's, or one that shows it in English. Its entry is there
		// only if it was written there; when it is not, now, the index is
		// written whole.
		c := search.Change{New: s.search.fresh[i]}
		n, fallback := s.search.fallbacks[i][loc]
		switch {
		case p.Locale == loc:
			c.N, c.Doc = s.search.own[i], s.ownDoc(p)
		case fallback:
			if s.results[i].fallbacks[loc] == 0 {
				return nil, false, nil // not written there now: written whole
			}
			c.N, c.Doc = n, s.fallbackDoc(p, loc)
		default:
			continue
		}
		if old := cr.old[i]; old.Entry[1] != 0 && (p.Locale == loc || old.Fallbacks[loc] > 0) {
			data, err := cr.entry(i)
			if err != nil {
				return nil, false, nil // written whole
			}
			e, err := search.DecodeEntry(data, nil)
			if err != nil {
				return nil, false, nil
			}
			c.Old = &e
		}
		changes = append(changes, c)
	}
	read := func(name string) ([]byte, error) {
		file := searchFolder(loc) + name
		want, known := cr.oldFiles.Hash(file)
		if !known {
			return nil, fs.ErrNotExist
		}
		data, err := plainfile.ReadFile(filepath.Join(out.Dir(), filepath.FromSlash(file)))
		if err == nil && output.HashOf(data) != want {
			err = errors.New(file + " changed since the last build")
		}
		return data, err
	}
	changed, names, ok := search.Patch(read, changes)
	if !ok {
		return nil, false, nil
	}
	for _, name := range cr.prev.Search[loc] {
		if _, kept := slices.BinarySearch(names, name); !kept {
			out.Drop(searchFolder(loc) + name)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(changed)) {
		if err := out.WriteFile(searchFolder(loc)+name, changed[name]); err != nil {
			return nil, false, err
		}
	}
	return names, true, nil
}

// planSearch numbers the documents of every locale. With keep (the
// preview), the indexes hold every posting, so that a page can be
// replaced.
func (s *Site) planSearch(keep bool) *searchIndexes {
	si := &searchIndexes{locales: map[string]*search.Index{}, own: make([]int, len(s.Pages)),
		fallbacks: make([]map[string]int, len(s.Pages))}
	next := map[string]int{}
	number := func(loc string) int {
		if si.locales[loc] == nil {
			si.locales[loc] = search.NewIndex(keep)
		}
		n := next[loc]
		next[loc]++
		return n
	}
	for i, p := range s.Pages {
		si.own[i] = number(p.Locale)
		for _, loc := range s.FallbackLocales(p) {
			if si.fallbacks[i] == nil {
				si.fallbacks[i] = map[string]int{}
			}
			si.fallbacks[i][loc] = number(loc)
			si.shownElsewhere = true
		}
	}
	return si
}

// codesChanged reports whether a page rendered again shows otherwise in
// loc's llms.txt and status-codes.json (publish.Codes) than it did in the
// last build: with the same summary, written or not, and in the same
// locales as a fallback, it does not, and with the graph the same, the
// files depend on nothing else. An edit below a page's first paragraph
// leaves them as they were, and making them cost a warm build 12 ms of CPU
// at 20,000 pages.
func (s *Site) codesChanged(loc string) bool {
	cr := s.cache
	for i := range s.results {
		r, old := &s.results[i], &cr.old[i] // in place: the cache's goroutine clears other fields meanwhile (writePages)
		if cr.reuse[i] || s.Pages[i].Locale != loc && r.fallbacks[loc] == 0 && old.Fallbacks[loc] == 0 {
			continue
		}
		if r.summary != old.Summary || r.written != old.Written || len(r.fallbacks) != len(old.Fallbacks) {
			return true
		}
		for fb := range r.fallbacks {
			if old.Fallbacks[fb] == 0 {
				return true
			}
		}
	}
	return false
}

// searchFolder is where a locale's index is, from the site's root.
func searchFolder(locale string) string { return locale + "/search/" }

// indexPage adds page i, rendered as r, to the indexes of its locale and
// of the locales it was written to as a fallback, and gives where the
// cache keeps its entry. In the preview, it takes the place of what the
// indexes held of the page. The excerpts of its results are read from
// its markdown twins.
func (s *Site) indexPage(i int, p *Page, r page.Rendered, fallbacks map[string]int) [2]int64 {
	si := s.search
	e := search.Analyze(search.Doc{Title: p.Title, Code: p.Code, Sections: search.SectionsOf(r.Body)})
	var entry [2]int64
	if s.cache != nil {
		entry = s.cache.encode(func(b []byte) []byte { return search.AppendEntry(b, &e) },
			func(b []byte) [2]int64 { return s.cache.addEntry(p.Locale, b) })
	}
	if si.fresh != nil {
		si.fresh[i] = &e
	}
	if si.deferred {
		return entry
	}
	si.locales[p.Locale].Add(si.own[i], s.ownDoc(p), &e)
	for _, loc := range slices.Sorted(maps.Keys(fallbacks)) {
		si.locales[loc].Add(si.fallbacks[i][loc], s.fallbackDoc(p, loc), &e)
	}
	return entry
}

// ownDoc is what the index of its locale shows of page p; fallbackDoc,
// what the index of another locale that shows it in English does.
func (s *Site) ownDoc(p *Page) search.Doc {
	return search.Doc{Title: p.Title, URL: p.URL, Code: p.Code}
}

func (s *Site) fallbackDoc(p *Page, locale string) search.Doc {
	return search.Doc{Title: p.Title, URL: s.DocsURL(locale, p.Slug), Code: p.Code, Fallback: true}
}

// fillFromLog adds to ix, the index of locale, the pages it shows, from
// the entries this build logged (searchIndexes.deferred): its own pages'
// from its entries file, its English fallbacks' from the source locale's.
func (s *Site) fillFromLog(locale string, ix *search.Index) error {
	cr := s.cache
	own, err := cr.loggedEntries(locale, locale == content.SourceLocale && s.search.shownElsewhere)
	if err != nil {
		return err
	}
	intern := map[string]string{}
	for i, p := range s.Pages {
		r := &s.results[i]
		if r.entry[1] == 0 || p.Locale != locale && r.fallbacks[locale] == 0 {
			continue
		}
		data := own
		if p.Locale != locale {
			if data, err = cr.loggedEntries(p.Locale, true); err != nil {
				return err
			}
		}
		b, err := entryAt(data, r.entry)
		if err != nil {
			return err
		}
		e, err := search.DecodeEntry(b, intern)
		if err != nil {
			return err
		}
		if p.Locale == locale {
			ix.Add(s.search.own[i], s.ownDoc(p), &e)
		} else {
			ix.Add(s.search.fallbacks[i][locale], s.fallbackDoc(p, locale), &e)
		}
	}
	return nil
}

// writeSearch writes the files of every locale's index, and its llms.txt
// and status-codes.json (package publish), which also list every page of
// the locale, the locales in parallel. A warm build that keeps the graph
// writes those of the locales it rendered pages of only. A panic in one is
// an internal error and leaves that index out, not the others.
func (s *Site) writeSearch(out output.Output, res *Result, codes *publish.Codes) error {
	locales := slices.Sorted(maps.Keys(s.search.locales))
	cr := s.cache
	if cr != nil {
		cr.next.Search = map[string][]string{}
	}
	if cr.graphSame() {
		touched, err := s.search.filled()
		if err != nil {
			return err
		}
		staged := out.(*output.Staged)
		var whole []string
		for _, loc := range locales {
			switch {
			case !touched[loc]:
				cr.next.Search[loc] = cr.prev.Search[loc]
				res.Files += len(cr.prev.Search[loc]) + codes.Files(loc)
				continue
			case s.search.patch[loc]:
				var names []string
				var ok bool
				var files map[string][]byte
				made := func() {} // the files as they are, when no page rendered shows otherwise in them
				if s.codesChanged(loc) {
					made = background(func() { files = codes.Locale(loc) }) // on another core: it takes as long as a patch
				}
				if f := flaw.Catch(rootName(s.cfg), 0, 0, "the index of "+loc+" is written whole", func() { names, ok, err = s.patchIndex(staged, loc) }); f != nil {
					res.Flaws = append(res.Flaws, *f)
				}
				made() // a panic in it (a bug: codes only read the site) stops the build with an internal error
				if err == nil && ok {
					cr.next.Search[loc] = names
					res.Files += len(names) + codes.Files(loc)
					res.Patched++
					err = writeFiles(out, files)
				}
				if err != nil {
					return err
				}
				if ok {
					continue
				}
				if err := s.fillIndexes(cr, map[string]bool{loc: true}); err != nil { // written whole after all
					return err
				}
			}
			for _, name := range cr.prev.Search[loc] {
				staged.Drop(searchFolder(loc) + name)
			}
			whole = append(whole, loc)
		}
		locales = whole
	}
	files := make([][]string, len(locales))
	errs := make([]error, len(locales))
	flaws := make([]*flaw.Flaw, len(locales))
	indexes := make([]*search.Index, len(locales))
	for i, loc := range locales {
		indexes[i] = s.search.locales[loc]
	}
	if s.cfg.FreeSources { // a build that ends here: each index is garbage once written
		clear(s.search.locales)
	}
	// The cores the locales leave idle (a warm build writes one or two)
	// encode within each.
	workers := max(1, runtime.GOMAXPROCS(0)/max(1, len(locales)))
	parallel(len(locales), func(i int) {
		flaws[i] = flaw.Catch(rootName(s.cfg), 0, 0, "the search index of "+locales[i]+" is left out", func() {
			if s.search.deferred {
				if errs[i] = s.fillFromLog(locales[i], indexes[i]); errs[i] != nil {
					return
				}
			}
			indexes[i].SetWorkers(workers)
			files[i], errs[i] = s.writeIndex(out, locales[i], indexes[i], codes, workers)
		})
		indexes[i] = nil
	})
	if cr != nil {
		cr.dropLogged()
	}
	for i, loc := range locales {
		res.Files += len(files[i]) + codes.Files(loc)
		if cr != nil {
			cr.next.Search[loc] = files[i]
		}
		if flaws[i] != nil {
			res.Flaws = append(res.Flaws, *flaws[i])
		}
	}
	return errors.Join(errs...)
}

// writeIndex writes the files of a locale's index, and names them, and
// the locale's files of codes (none with nil codes): at once, with more
// than one worker.
func (s *Site) writeIndex(out output.Output, locale string, ix *search.Index, codes *publish.Codes, workers int) ([]string, error) {
	writeCodes := func() error {
		if codes == nil {
			return nil
		}
		return writeFiles(out, codes.Locale(locale))
	}
	var codesErr error
	wait := func() {}
	if workers > 1 {
		wait = background(func() { codesErr = writeCodes() })
	}
	var names []string
	for name, data := range ix.Files() {
		if err := out.WriteFile(searchFolder(locale)+name, data); err != nil {
			wait()
			return nil, err
		}
		names = append(names, name)
	}
	slices.Sort(names)
	wait()
	if workers <= 1 {
		codesErr = writeCodes()
	}
	return names, codesErr
}

// writeFiles writes files, by name.
func writeFiles(out output.Output, files map[string][]byte) error {
	for name, data := range files {
		if err := out.WriteFile(name, data); err != nil {
			return err
		}
	}
	return nil
}
