// Package l10n is what translators need to know of a site: for each
// translation, how far its English page has moved on since the commit it
// was made from (l10n.sourceCommit, read with package gitlog), with the
// English diff since then; for each published locale, every page's state
// (translated, outdated, missing, orphaned); and the tools that start a
// translation and stamp it with its English page's latest commit.
package l10n

import (
	"io/fs"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/aymanbagabas/go-udiff"

	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
	"statusdocs/generator/gitlog"
	"statusdocs/generator/internal/plural"
	"statusdocs/generator/site"
)

// Localization: every translation is compared with the history of its
// English page (when the content root is in a git repository), and every
// English page that a published locale lacks gets a fallback page there.
// The same facts feed the page banners, the per-locale dashboards, the
// flaws and `statusdocs l10n status`.

// The states of a page in a locale.
const (
	StateTranslated = "translated"
	StateOutdated   = "outdated"
	StateMissing    = "missing"
	StateOrphaned   = "orphaned"
)

// PageStatus is one page of a locale as a translator sees it.
type PageStatus struct {
	Slug         string    `json:"slug"`
	Title        string    `json:"title"`
	State        string    `json:"state"`
	URL          string    `json:"url"`
	EnglishURL   string    `json:"english_url,omitempty"`
	File         string    `json:"file,omitempty"`
	SourceCommit string    `json:"source_commit,omitempty"`
	Behind       int       `json:"behind,omitempty"`
	LastChange   time.Time `json:"last_change,omitzero"`
	Diff         string    `json:"diff,omitempty"`
}

// LocaleStatus sums up a locale.
type LocaleStatus struct {
	Locale           string       `json:"locale"`
	Translated       int          `json:"translated"`
	Outdated         int          `json:"outdated"`
	Missing          int          `json:"missing"`
	Orphaned         int          `json:"orphaned"`
	MissingUIStrings []string     `json:"missing_ui_strings,omitempty"`
	Pages            []PageStatus `json:"pages"`
	HistoryAvailable bool         `json:"history_available"`
	EnglishPageCount int          `json:"english_pages"`
}

// Outdated is what the history says of one translation behind its English
// page: the English page's commits since the translation's sourceCommit,
// newest first, and the English diff since then.
type Outdated struct {
	Behind []gitlog.Revision
	Diff   string
}

// Translations is what git says of a site's translations (Check).
type Translations struct {
	site      *site.Site
	roots     []content.Root
	noGit     bool
	outdated  map[*site.Page]*Outdated
	history   bool                    // git history was available
	histories map[int]*gitlog.History // content root → its history (nil: none), once read
	store     gitlog.Store            // where histories are kept between builds, or nil
}

// Outdated is what the history says of a translation behind its English
// page, or nil.
func (t *Translations) Outdated(p *site.Page) *Outdated { return t.outdated[p] }

// HistoryOf is the git history of a content root, read once (by Check);
// nil without git, outside a repository, or when Check was told not to
// read it. A failure to read it is an internal flaw of the site graph.
func (t *Translations) HistoryOf(root int) *gitlog.History {
	s := t.site
	if h, tried := t.histories[root]; tried || t.noGit {
		return h
	}
	if t.histories == nil {
		t.histories = map[int]*gitlog.History{}
	}
	r := t.roots[root]
	var h *gitlog.History
	if r.Dir != "" {
		var err error
		if h, err = gitlog.LoadKept(r.Dir, t.store); err != nil {
			s.Flaws = append(s.Flaws, flaw.New(flaw.Internal, r.Name, 0, 0, "%v", err))
		}
	}
	t.histories[root] = h
	return h
}

// LastChange is the time, in UTC, of the last commit that changed p's own
// file; false without git history or when no commit has (a new file).
func (t *Translations) LastChange(p *site.Page) (time.Time, bool) {
	h := t.HistoryOf(p.Root)
	if h == nil {
		return time.Time{}, false
	}
	revs := h.RevisionsIn(p.Path)
	if len(revs) == 0 {
		return time.Time{}, false
	}
	return revs[0].Time.UTC(), true
}

// Check compares every translation of s with its English page's history
// in the content roots' git repositories (none with noGit), adding to
// s.Flaws malformed and unknown sourceCommits and outdated translations.
// It reads every root's history, once: pages render in parallel and ask
// for their dates (LastChange).
func Check(s *site.Site, roots []content.Root, noGit bool) *Translations {
	return CheckKept(s, roots, noGit, nil)
}

// CheckKept is Check with the roots' histories kept in store between
// builds (gitlog.LoadKept).
func CheckKept(s *site.Site, roots []content.Root, noGit bool, store gitlog.Store) *Translations {
	t := &Translations{site: s, roots: roots, noGit: noGit, outdated: map[*site.Page]*Outdated{}, store: store}
	if noGit {
		return t
	}
	for root := range roots {
		t.HistoryOf(root)
	}
	t.compare()
	return t
}

// compare finds the outdated translations and their diffs.
func (t *Translations) compare() {
	s := t.site
	type pending struct {
		p    *site.Page
		spec string
	}
	var diffs []pending
	unknown := map[string][]*site.Page{} // by locale: sourceCommits the English history lacks
	known := map[string]bool{}           // locales with a sourceCommit the English history has
	asked := false                       // a translation's sourceCommit needed a history
	for _, p := range s.Pages {
		if p.Source == nil || !p.FrontMatter {
			continue
		}
		commit := strings.TrimSpace(p.Meta.L10n.SourceCommit)
		if commit == "" {
			continue
		}
		if !gitlog.IsCommit(commit) {
			s.Flaws = append(s.Flaws, flaw.New(flaw.InvalidSourceCommit, p.File, p.SourceCommitLine, 1,
				"l10n.sourceCommit %q is not a commit hash", commit).Suggest("run statusdocs l10n stamp %s", p.File))
			continue
		}
		root := t.roots[p.Source.Root]
		asked = true
		h := t.HistoryOf(p.Source.Root)
		if h == nil {
			continue
		}
		pos, ok := h.Resolve(commit)
		if !ok {
			unknown[p.Locale] = append(unknown[p.Locale], p)
			continue
		}
		known[p.Locale] = true
		enFile := filepath.Join(root.Dir, p.Source.Path)
		behind := h.Since(enFile, pos)
		if len(behind) == 0 {
			continue
		}
		t.outdated[p] = &Outdated{Behind: behind}
		s.Flaws = append(s.Flaws, flaw.New(flaw.OutdatedTranslation, p.File, p.SourceCommitLine, 1,
			"the en-US page changed in %s since this translation's sourceCommit %.7s (last on %s)",
			plural.Count(len(behind), "commit", "commits"), commit, behind[0].Time.Format(time.DateOnly)).Suggest("update the translation, then run statusdocs l10n stamp %s", p.File))
		diffs = append(diffs, pending{p, h.Commit(pos) + ":" + h.PathAt(enFile, pos)})
	}
	t.unknownCommits(unknown, known)
	histories := map[int]*gitlog.History{}
	for root, h := range t.histories {
		if h != nil {
			histories[root] = h
		}
	}
	t.history = len(histories) > 0
	if !t.history && asked { // some translation has a sourceCommit to compare
		s.Flaws = append(s.Flaws, flaw.New(flaw.OutdatedTranslation, t.roots[0].Name, 0, 0,
			"the content is not in a git repository: outdated translations are not detected"))
	}
	kept, made := t.keptDiffs(), map[string]string{}
	for root, h := range histories {
		var todo []pending
		var specs []string
		for _, d := range diffs {
			if d.p.Source.Root != root {
				continue
			}
			key := diffKey(d.p.Source, d.spec)
			if diff, ok := kept[key]; ok {
				t.outdated[d.p].Diff, made[key] = diff, diff
				continue
			}
			todo, specs = append(todo, d), append(specs, d.spec)
		}
		if len(todo) == 0 {
			continue
		}
		old := h.Blobs(specs)
		for _, d := range todo {
			now, err := fs.ReadFile(t.roots[root].FS, d.p.Source.Path)
			if err != nil {
				continue
			}
			diff := udiff.Unified("en-US at sourceCommit", "en-US now", string(old[d.spec]), string(now))
			t.outdated[d.p].Diff = diff
			if key := diffKey(d.p.Source, d.spec); key != "" {
				made[key] = diff
			}
		}
	}
	t.keepDiffs(kept, made)
}

// unknownCommits reports the sourceCommits that the English page's
// history lacks. In a locale where some sourceCommit is in that history,
// each that is not is an invalid-source-commit error. In a locale where
// none is, the history is not the one the translations were made against
// (a copy of MDN's files, the English content checked out apart): nothing
// can be verified there, which is one info for the locale.
func (t *Translations) unknownCommits(unknown map[string][]*site.Page, known map[string]bool) {
	s := t.site
	for _, loc := range slices.Sorted(maps.Keys(unknown)) {
		pages := unknown[loc]
		if !known[loc] {
			p := pages[0]
			s.Flaws = append(s.Flaws, flaw.New(flaw.OutdatedTranslation, p.File, p.SourceCommitLine, 1,
				"cannot verify the sourceCommits of %s: none of its %d is a commit of the repository at %s, so outdated translations of %s are not detected",
				loc, len(pages), t.HistoryOf(p.Source.Root).Top(), loc).Suggest("build from a git checkout of the repository that holds the English pages"))
			continue
		}
		for _, p := range pages {
			s.Flaws = append(s.Flaws, flaw.New(flaw.InvalidSourceCommit, p.File, p.SourceCommitLine, 1,
				"l10n.sourceCommit %s is not a commit of the repository at %s", strings.TrimSpace(p.Meta.L10n.SourceCommit), t.HistoryOf(p.Source.Root).Top()).Suggest("run statusdocs l10n stamp %s", p.File))
		}
	}
}

// Status reports every published locale but en-US, page by page;
// missingUI lists, by locale, the UI strings it lacks.
func (t *Translations) Status(missingUI map[string][]string) []LocaleStatus {
	s := t.site
	var english []*site.Page
	for _, p := range s.Pages {
		if p.Locale == content.SourceLocale {
			english = append(english, p)
		}
	}
	var out []LocaleStatus
	for _, loc := range s.Enabled() {
		if loc == content.SourceLocale {
			continue
		}
		ls := LocaleStatus{Locale: loc, HistoryAvailable: t.history, EnglishPageCount: len(english), MissingUIStrings: missingUI[loc]}
		for _, en := range english {
			ls.add(t.pageStatus(loc, en))
		}
		for _, p := range s.Pages {
			if p.Locale == loc && p.Source == nil {
				ls.add(PageStatus{Slug: p.Slug, Title: p.Title, State: StateOrphaned, URL: p.URL, File: p.File})
			}
		}
		out = append(out, ls)
	}
	return out
}

func (ls *LocaleStatus) add(ps PageStatus) {
	ls.Pages = append(ls.Pages, ps)
	switch ps.State {
	case StateTranslated:
		ls.Translated++
	case StateOutdated:
		ls.Translated++
		ls.Outdated++
	case StateMissing:
		ls.Missing++
	case StateOrphaned:
		ls.Orphaned++
	}
}

func (t *Translations) pageStatus(locale string, en *site.Page) PageStatus {
	s := t.site
	ps := PageStatus{Slug: en.Slug, Title: en.Title, State: StateMissing, URL: s.DocsURL(locale, en.Slug), EnglishURL: en.URL}
	tr := s.Lookup(locale, en.Slug)
	if tr == nil {
		return ps
	}
	ps.Title, ps.URL, ps.File, ps.SourceCommit, ps.State = tr.Title, tr.URL, tr.File, tr.Meta.L10n.SourceCommit, StateTranslated
	if o := t.outdated[tr]; o != nil {
		ps.State, ps.Behind, ps.LastChange, ps.Diff = StateOutdated, len(o.Behind), o.Behind[0].Time, o.Diff
	}
	return ps
}
