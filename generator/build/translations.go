package build

import (
	"slices"

	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
	"statusdocs/generator/l10n"
	"statusdocs/generator/page"
	"statusdocs/generator/site"
)

// Translations computes the translation status of every published locale
// without rendering anything: what `statusdocs l10n status` shows.
func Translations(cfg Config) ([]l10n.LocaleStatus, []flaw.Flaw) {
	c := content.Load(cfg.Content)
	g := site.New(site.Options{BasePath: cfg.BasePath, Locales: cfg.Locales}, c)
	tr := l10n.Check(g, cfg.Content, cfg.NoGit)
	_, macroFlaws := page.NewRegistry(cfg.Compat, cfg.Macros, c) // a SpecData.json that does not parse, as a build says
	flaws := slices.Concat(c.Flaws, macroFlaws, g.Flaws)
	var missing map[string][]string
	if cfg.Layouts != nil {
		var uiFlaws []flaw.Flaw
		missing, uiFlaws = page.MissingStrings(cfg.Layouts, cfg.LayoutsName, g.Enabled())
		flaws = append(flaws, uiFlaws...)
	}
	flaw.Sort(flaws)
	return tr.Status(missing), flaws
}
