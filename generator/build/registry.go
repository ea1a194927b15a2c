package build

import (
	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
	"statusdocs/generator/macro"
)

// registry makes the build's macros: the compatibility data of the config
// (embedded by default), and the specifications web-specs knows plus those
// the content roots add in jsondata/SpecData.json.
func registry(cfg Config, c *content.Content) (*macro.Registry, []flaw.Flaw) {
	var flaws []flaw.Flaw
	compat := cfg.Compat
	if compat == nil {
		compat = macro.EmbeddedCompat()
	}
	var extra []macro.Spec
	for _, f := range c.SpecData {
		specs, err := macro.ParseSpecData(f.Data)
		if err != nil {
			flaws = append(flaws, flaw.New(flaw.UnknownSpec, f.File, 0, 0, "%v", err))
			continue
		}
		extra = append(extra, specs...)
	}
	r := macro.New(macro.Data{Specs: macro.EmbeddedSpecs().With(extra), Compat: compat})
	if cfg.Macros != nil {
		cfg.Macros(r)
	}
	return r, flaws
}
