package build

import (
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/aymanbagabas/go-udiff"

	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
	"statusdocs/generator/gitlog"
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

// outdated is what the history says of one translation.
type outdated struct {
	behind []gitlog.Revision
	diff   string
}

// historyOf is the git history of a content root, read once; nil without
// git, outside a repository, or with Config.NoGit.
func (s *Site) historyOf(root int) *gitlog.History {
	if h, tried := s.histories[root]; tried || s.cfg.NoGit {
		return h
	}
	if s.histories == nil {
		s.histories = map[int]*gitlog.History{}
	}
	r := s.cfg.Content[root]
	var h *gitlog.History
	if r.Dir != "" {
		var err error
		if h, err = gitlog.Load(r.Dir); err != nil {
			s.Flaws = append(s.Flaws, flaw.New(flaw.Internal, r.Name, 0, 0, "%v", err))
		}
	}
	s.histories[root] = h
	return h
}

// checkTranslations compares every translation with its English page's
// history, reporting malformed and unknown sourceCommits and outdated
// translations.
func (s *Site) checkTranslations() {
	s.outdated = map[*Page]*outdated{}
	if s.cfg.NoGit {
		return
	}
	type pending struct {
		p    *Page
		spec string
	}
	var diffs []pending
	for _, p := range s.Pages {
		if p.Source == nil || !p.FrontMatter {
			continue
		}
		commit := strings.TrimSpace(p.Meta.L10n.SourceCommit)
		if commit == "" {
			continue
		}
		if !gitlog.HexCommit.MatchString(commit) {
			s.Flaws = append(s.Flaws, flaw.New(flaw.InvalidSourceCommit, p.File, p.SourceCommitLine, 1,
				"l10n.sourceCommit %q is not a commit hash", commit).Suggest("run statusdocs l10n stamp %s", p.File))
			continue
		}
		root := s.cfg.Content[p.Source.Root]
		h := s.historyOf(p.Source.Root)
		if h == nil {
			continue
		}
		pos, ok := h.Resolve(commit)
		if !ok {
			s.Flaws = append(s.Flaws, flaw.New(flaw.InvalidSourceCommit, p.File, p.SourceCommitLine, 1,
				"l10n.sourceCommit %s is not a commit of the repository at %s", commit, h.Top()).Suggest("run statusdocs l10n stamp %s", p.File))
			continue
		}
		enFile := filepath.Join(root.Dir, p.Source.Path)
		behind := h.Since(enFile, pos)
		if len(behind) == 0 {
			continue
		}
		s.outdated[p] = &outdated{behind: behind}
		s.Flaws = append(s.Flaws, flaw.New(flaw.OutdatedTranslation, p.File, p.SourceCommitLine, 1,
			"the en-US page changed in %d commits since this translation's sourceCommit %.7s (last on %s)",
			len(behind), commit, behind[0].Time.Format(time.DateOnly)).Suggest("update the translation, then run statusdocs l10n stamp %s", p.File))
		diffs = append(diffs, pending{p, h.Commit(pos) + ":" + h.PathAt(enFile, pos)})
	}
	histories := map[int]*gitlog.History{}
	for root, h := range s.histories {
		if h != nil {
			histories[root] = h
		}
	}
	s.history = len(histories) > 0
	if !s.history && len(s.histories) > 0 {
		s.Flaws = append(s.Flaws, flaw.New(flaw.OutdatedTranslation, s.cfg.Content[0].Name, 0, 0,
			"the content is not in a git repository: outdated translations are not detected"))
	}
	for root, h := range histories {
		var specs []string
		for _, d := range diffs {
			if d.p.Source.Root == root {
				specs = append(specs, d.spec)
			}
		}
		old := h.Blobs(specs)
		for _, d := range diffs {
			if d.p.Source.Root != root {
				continue
			}
			now, err := fs.ReadFile(s.cfg.Content[root].FS, d.p.Source.Path)
			if err == nil {
				s.outdated[d.p].diff = udiff.Unified("en-US at sourceCommit", "en-US now", string(old[d.spec]), string(now))
			}
		}
	}
}

// Status reports every published locale but en-US, page by page.
func (s *Site) Status() []LocaleStatus {
	var english []*Page
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
		ls := LocaleStatus{Locale: loc, HistoryAvailable: s.history, EnglishPageCount: len(english), MissingUIStrings: s.missingUI[loc]}
		for _, en := range english {
			ls.add(s.pageStatus(loc, en))
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

func (s *Site) pageStatus(locale string, en *Page) PageStatus {
	ps := PageStatus{Slug: en.Slug, Title: en.Title, State: StateMissing, URL: s.DocsURL(locale, en.Slug), EnglishURL: en.URL}
	t := s.Lookup(locale, en.Slug)
	if t == nil {
		return ps
	}
	ps.Title, ps.URL, ps.File, ps.SourceCommit, ps.State = t.Title, t.URL, t.File, t.Meta.L10n.SourceCommit, StateTranslated
	if o := s.outdated[t]; o != nil {
		ps.State, ps.Behind, ps.LastChange, ps.Diff = StateOutdated, len(o.behind), o.behind[0].Time, o.diff
	}
	return ps
}

// fallbackLocales are the published locales that lack a translation of an
// English page, and so get a fallback page for it.
func (s *Site) fallbackLocales(en *Page) []string {
	if en.Locale != content.SourceLocale {
		return nil
	}
	var ls []string
	for _, loc := range s.Enabled() {
		if loc != content.SourceLocale && s.Lookup(loc, en.Slug) == nil {
			ls = append(ls, loc)
		}
	}
	return ls
}

// languages lists every published locale for a page's language switcher:
// the real versions first, then the fallbacks, marked.
func (s *Site) languages(p *Page, current string) []Language {
	en := s.english(p)
	version := func(loc string) *Page { return s.Lookup(loc, en.Slug) }
	if en.Locale == content.SourceLocale {
		// Every page at an English page's slug is one of its versions
		// (matchTranslation): no lookup per locale.
		versions := s.versions(p)
		version = func(loc string) *Page {
			if i := slices.IndexFunc(versions, func(v *Page) bool { return v.Locale == loc }); i >= 0 {
				return versions[i]
			}
			return nil
		}
	}
	var real, fallback []Language
	for _, loc := range s.Enabled() {
		if t := version(loc); t != nil {
			real = append(real, Language{Locale: loc, Name: s.languageName(loc), URL: t.URL, Current: loc == current})
		} else {
			fallback = append(fallback, Language{Locale: loc, Name: s.languageName(loc), URL: s.DocsURL(loc, en.Slug), Current: loc == current, Fallback: true})
		}
	}
	return slices.Concat(real, fallback)
}
