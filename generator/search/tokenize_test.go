package search

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/clipperhouse/uax29/v2/words"
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

// TestIsCJK checks isCJK, with its shortcut, against its definition.
func TestIsCJK(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if want := r == 'ー' || unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul); isCJK(r) != want {
			t.Errorf("isCJK(%U) = %v", r, !want)
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

// FuzzASCIIWords holds asciiSegmentEnd to package uax29: on any text
// made ASCII (each byte's high bit cleared), every segment, word or not,
// ends where uax29's does; and on any text, as is and made ASCII,
// wordTokens gives the tokens uax29 alone gives.
func FuzzASCIIWords(f *testing.F) {
	for _, s := range []string{
		"a.b", "3.14", "a'b", "a:b", "1,000", "1;2", "a_b", "_a_", "a..b", "1.a", "a.1", "e.g.", "can't",
		"'a'", ".a.", "a.", ".5", "1.", "a.b_c", "_1_", "1_a", "a1.b2", "1.2.3", "1,2.3;4", "a'b'c", "1'2",
		"a:1", "1:2", "a.:b", "\"a\"", "a\"b", "a\r\nb", "\r\r\n\n", "\v\f\n", "a  b   c", " a ", "\tx\t",
		"a\x00b", "x-y+z", "#1 $2 %3", "__", "a__b", "1__2", "a.b.", "a'", "'1",
		"a.é", "1.٣", "a\u0301b", " \u0301", "a\u200db", "x\u00adx", "don’t", "a\u00a0b", "\r\u0301", "1,\xff", "a.\u0301b", "ab\u05d0",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := []byte(s)
		for i := range b {
			b[i] &= 0x7f
		}
		ascii := string(b)
		var want, got []int
		for it := words.FromString(ascii); it.Next(); {
			want = append(want, it.End())
		}
		for i := 0; i < len(ascii); {
			end, ok := asciiSegmentEnd(ascii, i)
			if !ok {
				t.Fatalf("%q: a segment at %d read as not ASCII", ascii, i)
			}
			got = append(got, end)
			i = end
		}
		if !slices.Equal(got, want) {
			t.Fatalf("%q: segments end at %v, uax29's at %v", ascii, got, want)
		}
		for _, text := range []string{s, ascii} {
			for _, fold := range []bool{false, true} {
				var got, want []Token
				wordTokens(text, 0, len(text), fold, func(tok Token) { got = append(got, tok) })
				uax29Tokens(text, fold, func(tok Token) { want = append(want, tok) })
				if !slices.Equal(got, want) {
					t.Fatalf("%q (fold %v): tokens %v, uax29's %v", text, fold, got, want)
				}
			}
		}
	})
}

// uax29Tokens is wordTokens of the whole text with uax29 alone.
func uax29Tokens(text string, fold bool, f func(Token)) {
	for it := words.FromString(text); it.Next(); {
		if w := it.Value(); isWord(w) {
			if fold {
				w = Fold(w)
			}
			f(Token{Text: w, Start: it.Start(), End: it.End()})
		}
	}
}
