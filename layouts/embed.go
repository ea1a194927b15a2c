// Package layouts is statusdocs's default theme, built into the binary:
// the layouts, partials, UI strings and static files of this folder. A
// site's own layouts folder overlays it file by file (see the README).
package layouts

import "embed"

// FS is the theme.
//
//go:embed *.html partials i18n static
var FS embed.FS
