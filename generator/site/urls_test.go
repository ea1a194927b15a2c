package site

import (
	"strings"
	"testing"
)

func TestCheckBasePath(t *testing.T) {
	for p, want := range map[string]string{
		"":                  "",
		"/":                 "",
		"/sub/":             "",
		"sub":               "",
		"/docs/v1.2/":       "",
		"/文档/":              "",
		"/a%20b/":           "",
		"/~me/x_y-z/":       "",
		"//evil.example":    `"//"`,
		"/a//b/":            `"//"`,
		"https://x.example": `"//"`,
		"/../x/":            `".." segment`,
		"/./":               `"." segment`,
		"/a b/":             `' '`,
		"/a\"onload=x/":     `'"'`,
		"/a'/":              `'\''`,
		"/a\n/* /x 301/":    `'\n'`,
		"/a<b/":             `'<'`,
		"/a?x/":             `'?'`,
		"/a#x/":             `'#'`,
		`/a\b/`:             `'\\'`,
		"/a%/":              `"%"`,
		"/a%2/":             `"%"`,
		"/a%zz/":            `"%"`,
		"/a%+1/":            `"%"`,
		"javascript:x":      `':'`,
	} {
		err := CheckBasePath(p)
		switch {
		case want == "" && err != nil:
			t.Errorf("%q: %v, want none", p, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%q: %v, want one with %s", p, err, want)
		}
	}
}
