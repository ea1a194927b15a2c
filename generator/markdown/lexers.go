package markdown

import (
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// A fence's language names its highlighter the way chroma's lexers.Get
// reads it: a lexer's name, then an alias, then a file extension ("*.ext"
// in the lexer's file patterns, the highest priority first). lexers.Get
// finds extensions by matching the name against every file pattern of
// every lexer, about a millisecond per unknown name and more the longer it
// is (a 4 kB name took 1.4 s; found by FuzzMarkdown), so a page of made-up
// languages would take minutes. The table below is built once from the
// same lexers and answers in one lookup; TestLexerTable checks it against
// lexers.Get.

// lexerTable maps a lowercase language to its lexer (highlightTo
// coalesces its tokens); plain text is left out.
var lexerTable = sync.OnceValue(func() map[string]chroma.Lexer {
	byName, byAlias := map[string]chroma.Lexer{}, map[string]chroma.Lexer{}
	byExt, extAlias := map[string]chroma.Lexer{}, map[string]chroma.Lexer{}
	for _, l := range lexers.GlobalLexerRegistry.Lexers {
		c := l.Config()
		byName[strings.ToLower(c.Name)] = l // a later lexer replaces an earlier one, as in chroma's Register
		for _, a := range c.Aliases {
			byAlias[strings.ToLower(a)] = l
		}
		addExtensions(byExt, l, c.Filenames)
		addExtensions(extAlias, l, c.AliasFilenames)
	}
	table := map[string]chroma.Lexer{}
	for _, m := range []map[string]chroma.Lexer{extAlias, byExt, byAlias, byName} { // the first found wins: written last
		for lang, l := range m {
			table[lang] = l
		}
	}
	for lang, l := range table {
		if l.Config().Name == "plaintext" {
			delete(table, lang)
		}
	}
	return table
})

// addExtensions adds the extensions of patterns such as "*.js" or
// "*.php[345]" to m, unless a lexer of higher priority has them. Patterns
// are matched with case, and languages are lowercase: "*.H" is no "h". An
// extension with a dot ("*.go.tmpl") is left out: lexerFor looks up the
// last one ("tmpl"), and lexers.Get lets it win too.
func addExtensions(m map[string]chroma.Lexer, l chroma.Lexer, patterns []string) {
	for _, p := range patterns {
		ext, ok := strings.CutPrefix(p, "*.")
		if !ok || ext != strings.ToLower(ext) || strings.Contains(ext, ".") {
			continue
		}
		for _, e := range expandClasses(ext) {
			if old, ok := m[e]; !ok || priority(l) > priority(old) {
				m[e] = l
			}
		}
	}
}

// expandClasses lists the names a pattern of letters and [abc] classes
// matches; none for any other glob syntax.
func expandClasses(p string) []string {
	out := []string{""}
	for p != "" {
		var choices string
		switch {
		case strings.ContainsRune("*?\\]-^!", rune(p[0])):
			return nil
		case p[0] == '[':
			end := strings.IndexByte(p, ']')
			if end < 0 || strings.ContainsAny(p[1:end], "-^!\\[") {
				return nil
			}
			choices, p = p[1:end], p[end+1:]
		default:
			_, size := utf8.DecodeRuneInString(p)
			choices, p = p[:size], p[size:]
		}
		var next []string
		for _, o := range out {
			for _, c := range choices {
				next = append(next, o+string(c))
			}
		}
		out = next
	}
	return out
}

// priority is a lexer's priority as chroma sorts them: 0 counts as 1.
func priority(l chroma.Lexer) float32 {
	if p := l.Config().Priority; p != 0 {
		return p
	}
	return 1
}

// lexerFor returns the lexer of a fence's language (lowercase), nil for
// none or plain text. A language with dots ("html.erb") that is no name is
// looked up by its last extension, as a file name would be.
func lexerFor(lang string) chroma.Lexer {
	table := lexerTable()
	if l, ok := table[lang]; ok {
		return l
	}
	if i := strings.LastIndexByte(lang, '.'); i >= 0 {
		return table[lang[i+1:]]
	}
	return nil
}
