package markdown

import (
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// TestLexerTable checks that the table finds the lexer lexers.Get finds
// for every lexer name and alias, the languages of MDN's pages and a
// sample of file extensions.
func TestLexerTable(t *testing.T) {
	langs := []string{
		"http", "bash", "sh", "shell", "console", "html", "js", "javascript", "mjs", "ts", "jsx", "json", "css", "xml", "svg",
		"apacheconf", "nginx", "yaml", "yml", "toml", "ini", "diff", "sql", "python", "py", "go", "rs", "c", "h", "cpp",
		"hpp", "php", "php5", "xpm", "rb", "md", "wat", "glsl", "plain", "plaintext", "text", "txt", "html.erb", "x.js",
		"no-such-language", "",
	}
	for _, l := range lexers.GlobalLexerRegistry.Lexers {
		c := l.Config()
		langs = append(langs, strings.ToLower(c.Name))
		for _, a := range c.Aliases {
			langs = append(langs, strings.ToLower(a))
		}
	}
	for _, lang := range langs {
		want := lexers.Get(lang)
		if want != nil && want.Config().Name == "plaintext" {
			want = nil
		}
		got := lexerFor(lang)
		if lexerName(got) != lexerName(want) {
			t.Errorf("lexerFor(%q) = %s, lexers.Get: %s", lang, lexerName(got), lexerName(want))
		}
	}
}

func lexerName(l chroma.Lexer) string {
	if l == nil {
		return "none"
	}
	return l.Config().Name
}
