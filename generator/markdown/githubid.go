package markdown

import (
	"strconv"
	"strings"
	"unicode"
)

// GitHub anchors
//
// Plain markdown written for GitHub links its headings the way GitHub
// names them ("#-简介" for "## 📖 简介"), not the way MDN does. A page whose
// Hooks also implement GitHubAnchors, answering true, gives each heading
// whose GitHub id differs from its id a second anchor, an empty
// <span class="heading-anchor" id="…"> at its start, so that both links
// land on it. The span is taken from the page's ids like any id: when a
// heading or element already has it, the heading goes without.

// GitHubAnchors is the optional part of Hooks that asks for GitHub anchors.
type GitHubAnchors interface {
	GitHubAnchors() bool
}

// githubKey is the attribute that holds a heading's GitHub anchor.
const githubKey = "statusdocs-github-id"

// GitHubID makes a heading id the way GitHub does: lower-case, keep
// letters, marks, digits, "_", "-" and spaces, drop everything else
// (punctuation, symbols, emoji), then each space becomes "-". Unlike ID
// it neither trims nor collapses spaces: "📖 Intro" is "-intro".
func GitHubID(text string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(text) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.In(r, unicode.L, unicode.M, unicode.N):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// githubIDs hands out GitHub ids as GitHub does: the second "a" is "a-1".
type githubIDs map[string]int

func (g githubIDs) next(text string) string {
	id := GitHubID(text)
	n := g[id]
	g[id] = n + 1
	if n == 0 {
		return id
	}
	return id + "-" + strconv.Itoa(n)
}
