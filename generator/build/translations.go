package build

import (
	"slices"

	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
	"statusdocs/generator/l10n"
	"statusdocs/generator/site"
)

// Translations computes the translation status of every published locale
// without rendering anything: what `statusdocs l10n status` shows.
func Translations(cfg Config) ([]l10n.LocaleStatus, []flaw.Flaw) {
	c := content.Load(cfg.Content)
	s := newSite(cfg, c)
	s.tr = l10n.Check(s.Site, cfg.Content, cfg.NoGit)
	flaws := append(c.Flaws, s.Flaws...)
	if cfg.Layouts != nil {
		var uiFlaws []flaw.Flaw
		s.strings, s.missingUI, uiFlaws = loadStrings(cfg.Layouts, cfg.LayoutsName, s.Enabled())
		flaws = append(flaws, uiFlaws...)
	}
	flaw.Sort(flaws)
	return s.tr.Status(s.missingUI), flaws
}

// languages lists every published locale for a page's language switcher:
// the real versions first, then the fallbacks, marked.
func (s *Site) languages(p *Page, current string) []Language {
	en := site.English(p)
	version := func(loc string) *Page { return s.Lookup(loc, en.Slug) }
	if en.Locale == content.SourceLocale {
		// Every page at an English page's slug is one of its versions
		// (matchTranslation): no lookup per locale.
		versions := site.Versions(p)
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
