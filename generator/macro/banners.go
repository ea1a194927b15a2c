package macro

import (
	"fmt"
	"html"
	"strings"
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
func badge(kind string) Func {
	return func(env Env, args []Arg) (Output, error) {
		if err := argCount(args, 0, 1); err != nil {
			return Output{}, err
		}
		return Output{HTML: Badge(kind, env.T)}, nil
	}
}

// Badge is the icon of a status ("deprecated", "experimental",
// "non-standard" as front matter's status: writes them, or "optional"),
// named in the UI strings t gives; "" for another status.
func Badge(status string, t func(string) string) string {
	kind := strings.ReplaceAll(status, "-", "")
	switch kind {
	case "deprecated", "experimental", "nonstandard", "optional":
	default:
		return ""
	}
	return fmt.Sprintf(`<span class="icon icon-%s" role="img" aria-label="%s" title="%s"></span>`,
		kind, html.EscapeString(t("badge_"+kind)), html.EscapeString(t("badge_"+kind+"_title")))
}

func registerBanners(r *Registry) {
	r.Register("SeeCompatTable", banner("experimental", "banner_experimental_label", "banner_experimental"))
	r.Register("Deprecated_Header", banner("deprecated", "banner_deprecated_label", "banner_deprecated"))
	r.Register("Non-standard_Header", banner("nonstandard", "banner_nonstandard_label", "banner_nonstandard"))
	r.Register("SecureContext_Header", banner("secure", "banner_secure_label", "banner_secure"))
	r.Register("Deprecated_Inline", badge("deprecated"))
	r.Register("Experimental_Inline", badge("experimental"))
	r.Register("Non-standard_Inline", badge("nonstandard"))
	r.Register("Optional_Inline", badge("optional"))
}
