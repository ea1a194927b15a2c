package search

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestTokensGolden splits each NAME.txt of testdata/tokens.txtar, as the
// index does (Unigrams), and compares the tokens with NAME.tokens: each
// token, then where it comes from in the text, one a line.
func TestTokensGolden(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/tokens.txtar")
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range ar.Files {
		name, ok := strings.CutSuffix(f.Name, ".txt")
		if !ok {
			continue
		}
		text := strings.TrimSuffix(string(f.Data), "\n")
		var b strings.Builder
		for _, tok := range Tokens(text, Unigrams) {
			if text[tok.Start:tok.End] == tok.Text {
				fmt.Fprintf(&b, "%s\n", tok.Text)
			} else {
				fmt.Fprintf(&b, "%s\t%s\n", tok.Text, text[tok.Start:tok.End])
			}
		}
		want := &ar.Files[i+1]
		if want.Name != name+".tokens" {
			t.Fatalf("%s is not followed by %s.tokens", f.Name, name)
		}
		if *update {
			want.Data = []byte(b.String())
			continue
		}
		if got := b.String(); got != string(want.Data) {
			t.Errorf("%s:\n--- got\n%s--- want\n%s", name, got, want.Data)
		}
	}
	if *update {
		if err := os.WriteFile("testdata/tokens.txtar", txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestQueryTokens checks what a query looks up: bigrams of a CJK run, its
// one character alone, never both.
func TestQueryTokens(t *testing.T) {
	for text, want := range map[string]string{
		"逾時":      "逾時",
		"請求逾時":    "請求 求逾 逾時",
		"快":       "快",
		"タイムアウト":  "タイ イム ムア アウ ウト",
		"Café 快取": "cafe 快取",
		"41":      "41",
	} {
		var got []string
		for _, tok := range Tokens(text, Bigrams) {
			got = append(got, tok.Text)
		}
		if strings.Join(got, " ") != want {
			t.Errorf("%q: %q, want %q", text, got, want)
		}
	}
}

// FuzzTokens checks, for any text: tokens lie in the text, in order of
// where they start; folding a word's token again changes nothing; and every token
// a query of the text looks up is one the index of the text holds, so a
// page is found by any piece of its own text.
func FuzzTokens(f *testing.F) {
	for _, s := range []string{"Café 逾時 404", "ー", "\xff\xfe", "a\u0301", "한국어 テスト", "İSTANBUL ΣΟΦΟΣ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		held := map[string]bool{}
		last := 0
		for _, tok := range Tokens(s, Unigrams) {
			if tok.Start < last || tok.End > len(s) || tok.Start >= tok.End || tok.Text == "" {
				t.Fatalf("%q: token %+v out of the text or out of order", s, tok)
			}
			if r, _ := utf8.DecodeRuneInString(tok.Text); !isCJK(r) && Fold(tok.Text) != tok.Text { // CJK is not folded: ゼ is not セ
				t.Fatalf("%q: token %q folds again to %q", s, tok.Text, Fold(tok.Text))
			}
			last = tok.Start
			held[tok.Text] = true
		}
		for _, tok := range Tokens(s, Bigrams) {
			if !held[tok.Text] {
				t.Fatalf("%q: a query looks up %q, which the index of the same text lacks", s, tok.Text)
			}
		}
	})
}
