package macro

import (
	"fmt"
	"html"
)

// Banners and badges: notes on a whole page (a notecard at the top) or on
// one item (a small icon), with their texts from the UI strings so that
// every locale reads them in its own language.

// banner is a block macro: a notecard of the given type, a bold label and
// the explanation.
func banner(typ, label, text string) Func {
	return func(env Env, args []Arg) (Output, error) {
		if err := argCount(args, 0, 1); err != nil { // MDN's older pages pass a version
			return Output{}, err
		}
		return Output{Block: true, HTML: fmt.Sprintf(`<div class="notecard %s"><p><strong>%s</strong> %s</p></div>`,
			typ, html.EscapeString(env.T(label)), html.EscapeString(env.T(text)))}, nil
	}
}

// badge is an inline icon with an accessible name and a tooltip.
func badge(class, label, title string) Func {
	return func(env Env, args []Arg) (Output, error) {
		if err := argCount(args, 0, 1); err != nil {
			return Output{}, err
		}
		return Output{HTML: fmt.Sprintf(`<span class="icon icon-%s" role="img" aria-label="%s" title="%s"></span>`,
			class, html.EscapeString(env.T(label)), html.EscapeString(env.T(title)))}, nil
	}
}

func registerBanners(r *Registry) {
	r.Register("SeeCompatTable", banner("experimental", "banner_experimental_label", "banner_experimental"))
	r.Register("Deprecated_Header", banner("deprecated", "banner_deprecated_label", "banner_deprecated"))
	r.Register("Non-standard_Header", banner("nonstandard", "banner_nonstandard_label", "banner_nonstandard"))
	r.Register("SecureContext_Header", banner("secure", "banner_secure_label", "banner_secure"))
	r.Register("Deprecated_Inline", badge("deprecated", "badge_deprecated", "badge_deprecated_title"))
	r.Register("Experimental_Inline", badge("experimental", "badge_experimental", "badge_experimental_title"))
	r.Register("Non-standard_Inline", badge("nonstandard", "badge_nonstandard", "badge_nonstandard_title"))
	r.Register("Optional_Inline", badge("optional", "badge_optional", "badge_optional_title"))
}
