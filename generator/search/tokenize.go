// Package search is the full-text search of a built site: how text is
// split into tokens, the same way when the site is built and when a
// reader queries it in the browser (layouts/static/search.js follows the
// rules below to the letter; a change here is a change there).
//
// # Tokens
//
// Text is read in runs of CJK characters and runs of everything else.
//
//   - A CJK character is one of the scripts Han, Hiragana, Katakana or
//     Hangul, or the prolonged sound mark ー. A run of them gives its
//     overlapping bigrams ("逾時間" gives 逾時 and 時間), which is how
//     Chinese and Japanese are searched without a dictionary, and each
//     single character as well, for one-character queries (Tokens with
//     Unigrams). CJK text is not folded: the marks of ゼ make it another
//     sound than セ.
//   - Other text is split into words by the Unicode word boundaries of
//     UAX #29 (package github.com/clipperhouse/uax29; the browser's
//     Intl.Segmenter follows the same rules). A word is kept if it holds a
//     letter or a digit. It is lowercased and its accents folded: the
//     marks of its canonical decomposition dropped ("Café" gives cafe,
//     "Ёлка" елка).
//
// Status codes need nothing of their own: "404" is a word.
//
// One difference with the browser is left: Go lowercases a final Greek
// capital sigma as σ, JavaScript as ς, so a Greek word ending in Σ typed
// in capitals is not found.
//
// # The index
//
// Build writes a locale's index as small files, so that a query reads
// only what it needs:
//
//   - meta.json: {"v": 1, "docs": N, "chunk": C, "shards": [KEY…]}.
//   - t-KEY.json, a shard of terms: {TOKEN: [DOC, FIELD, SECTION, …]},
//     the postings of each token as flat triples, the best first (title
//     before headings before body, then by document). KEY is the token's
//     first three characters (its first for a CJK token; the whole token
//     when shorter), so the last word of a query, read as a prefix, is looked
//     up in the shards whose keys it starts, or that start with it.
//     A token keeps at most maxPostings postings.
//   - d-K.json, the documents K*C to K*C+C-1: [[TITLE, URL, CODE,
//     FALLBACK, [[ID, HEADING]…]]…], the headings being the sections'.
//   - x-DOC.json, the text of a document's sections, for excerpts:
//     [TEXT…], each cut at maxSection bytes.
//
// FIELD is 3 for a token of the title, 2 of a heading, 1 of the body;
// SECTION indexes the document's sections (0: the text before the first
// heading) and is the best one the token is in.
//
// The index is measured, not yet published (BenchmarkIndex): in a locale
// of 2,000 pages, a first query reads at most 105 KB of the 150 KB the
// site's search may (two-letter keys, chunks of 32 and 4 KB sections read
// 266 KB), and building the index takes about 0.8 s.
package search

import (
	"strings"
	"unicode"

	"github.com/clipperhouse/uax29/v2/words"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Token is a token of a text and where its source is in the text, in
// bytes.
type Token struct {
	Text       string
	Start, End int
}

// Mode says which tokens of CJK text to give.
type Mode int

const (
	// Bigrams gives the bigrams of a CJK run of two characters or more,
	// and the character alone of a run of one: what a query looks up.
	Bigrams Mode = iota
	// Unigrams gives each character of a CJK run besides its bigrams:
	// what the index holds, so that a one-character query finds it.
	Unigrams
)

// Tokens splits text into tokens (see the package doc).
func Tokens(text string, mode Mode) []Token {
	var out []Token
	for start := 0; start < len(text); {
		end := start
		cjk := isCJK(firstRune(text[start:]))
		for end < len(text) && isCJK(firstRune(text[end:])) == cjk {
			end += runeLen(text[end:])
		}
		if cjk {
			out = cjkTokens(out, text, start, end, mode)
		} else {
			out = wordTokens(out, text, start, end)
		}
		start = end
	}
	return out
}

// cjkTokens adds the tokens of the CJK run text[start:end].
func cjkTokens(out []Token, text string, start, end int, mode Mode) []Token {
	var at []int // each character's start, then end
	for i := start; i < end; i += runeLen(text[i:]) {
		at = append(at, i)
	}
	at = append(at, end)
	n := len(at) - 1
	for i := range n {
		if mode == Unigrams || n == 1 {
			out = append(out, Token{Text: text[at[i]:at[i+1]], Start: at[i], End: at[i+1]})
		}
		if i+1 < n {
			out = append(out, Token{Text: text[at[i]:at[i+2]], Start: at[i], End: at[i+2]})
		}
	}
	return out
}

// wordTokens adds the words of text[start:end], folded.
func wordTokens(out []Token, text string, start, end int) []Token {
	it := words.FromString(text[start:end])
	for it.Next() {
		w := it.Value()
		if !strings.ContainsFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
			continue
		}
		out = append(out, Token{Text: Fold(w), Start: start + it.Start(), End: start + it.End()})
	}
	return out
}

// folder drops the marks of a canonical decomposition, then composes what
// is left again.
var folder = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

// Fold lowercases a word and folds its accents.
func Fold(w string) string {
	lower := strings.ToLower(w)
	if isASCII(lower) {
		return lower
	}
	folded, _, err := transform.String(folder, lower)
	if err != nil {
		return lower
	}
	return folded
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// isCJK reports a character searched as bigrams.
func isCJK(r rune) bool {
	return r == 'ー' || unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}

func runeLen(s string) int {
	for i := range s {
		if i > 0 {
			return i
		}
	}
	return len(s)
}
