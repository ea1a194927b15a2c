package build

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// The site's pages are written here, not taken from MDN. This test
// compares each page's prose with every MDN page of ../shared/corpus in a
// related locale: the share of a page's 8-word runs (for Chinese and
// Japanese, 12-character runs) that also stand in one MDN page must stay
// small. Code, macros, URLs and markup are left out: examples such as
// "HTTP/1.1 404 Not Found" are the same everywhere.

// maxShared is the largest share of a page's runs allowed to match one MDN
// page. Text quoted from an RFC, which MDN quotes too, stays well under it.
const maxShared = 0.10

var (
	frontMatter = regexp.MustCompile(`(?s)\A---\n.*?\n---\n`)
	fencedCode  = regexp.MustCompile("(?s)```.*?```")
	inlineCode  = regexp.MustCompile("`[^`]*`")
	macroCall   = regexp.MustCompile(`\{\{[^}]*\}\}`)
	linkTarget  = regexp.MustCompile(`\]\([^)]*\)`)
	markup      = regexp.MustCompile(`<[^>]+>`)
)

func prose(md string) string {
	for _, re := range []*regexp.Regexp{frontMatter, fencedCode, inlineCode, macroCall, linkTarget, markup} {
		md = re.ReplaceAllString(md, " ")
	}
	return strings.ToLower(md)
}

// runs lists the overlapping runs of a text: n words, or n characters for
// scripts without spaces.
func runs(text string, cjk bool) map[string]bool {
	set := map[string]bool{}
	if cjk {
		var rs []rune
		for _, r := range text {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				rs = append(rs, r)
			}
		}
		for i := 0; i+12 <= len(rs); i++ {
			set[string(rs[i:i+12])] = true
		}
		return set
	}
	words := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for i := 0; i+8 <= len(words); i++ {
		set[strings.Join(words[i:i+8], " ")] = true
	}
	return set
}

func TestOriginality(t *testing.T) {
	corpus := "../../../shared/corpus/mdn/files"
	if _, err := os.Stat(corpus); err != nil {
		t.Skip("no corpus at", corpus)
	}
	related := map[string][]string{"en-us": {"en-us"}, "zh-tw": {"zh-tw"}, "zh-cn": {"zh-tw"}, "ja": {"ja"}}
	for locale, against := range related {
		mine, _ := filepath.Glob("../../content/" + locale + "/web/http/reference/status/*/index.md")
		index, _ := filepath.Glob("../../content/" + locale + "/web/http/reference/status/index.md")
		var theirs []string
		for _, l := range against {
			a, _ := filepath.Glob(corpus + "/" + l + "/web/http/reference/status/*/index.md")
			b, _ := filepath.Glob(corpus + "/" + l + "/web/http/reference/status/index.md")
			theirs = append(append(theirs, a...), b...)
		}
		cjk := locale != "en-us"
		their := map[string]map[string]bool{}
		for _, f := range theirs {
			data, _ := os.ReadFile(f)
			their[f] = runs(prose(string(data)), cjk)
		}
		for _, f := range append(mine, index...) {
			data, _ := os.ReadFile(f)
			own := runs(prose(string(data)), cjk)
			if len(own) == 0 {
				continue
			}
			for name, set := range their {
				shared := 0
				for r := range own {
					if set[r] {
						shared++
					}
				}
				if share := float64(shared) / float64(len(own)); share > maxShared {
					t.Errorf("%s shares %.0f%% of its prose with %s", f, 100*share, name)
				}
			}
		}
	}
}
