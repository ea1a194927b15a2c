package page

import (
	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
	"statusdocs/generator/macro"
)

// NewRegistry makes a build's macros: compat, the browser compatibility
// data (the embedded subset when nil), and the specifications web-specs
// knows plus those the content roots add in jsondata/SpecData.json; add,
// when not nil, then adds macros or replaces some (a site's own, a
// test's).
func NewRegistry(compat *macro.Compat, add func(*macro.Registry), c *content.Content) (*macro.Registry, []flaw.Flaw) {
	var flaws []flaw.Flaw
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
	r := macro.New(macro.Data{Specs: macro.EmbeddedSpecs().With(extra), Compat: compat, Constants: macro.EmbeddedConstants()})
	if add != nil {
		add(r)
	}
	return r, flaws
}
