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
//     Chinese and Japanese are searched without a dictionary; a run of one
//     character gives itself. That is what the index holds; a query of
//     one character looks up the tokens that start with it. (Tokens with
//     Unigrams gives each character as well: what the search box marks in
//     an excerpt.) CJK text is not folded: the marks of ゼ make it another
//     sound than セ.
//   - Other text is split into words by the Unicode word boundaries of
//     UAX #29 (package github.com/clipperhouse/uax29; the browser's
//     Intl.Segmenter follows the same rules). Between ASCII characters the
//     boundaries are found by an exact copy of uax29's rules for them
//     (wordbreak.go), which FuzzASCIIWords holds to uax29: a speed-up, not
//     another rule. A word is kept if it holds a letter or a digit. It is
//     lowercased and its accents folded: the marks of its canonical
//     decomposition dropped ("Café" gives cafe, "Ёлка" елка).
//
// Status codes need nothing of their own: "404" is a word.
//
// One difference with the browser is left: Go lowercases a final Greek
// capital sigma as σ, JavaScript as ς, so a Greek word ending in Σ typed
// in capitals is not found.
//
// # The index
//
// A locale's index is a set of small files in {locale}/search/, so that a
// query reads only what it needs (Index.Files):
//
//   - meta.json: {"v": 4, "docs": N, "translated": T, "chunk": C,
//     "shards": [FIRST…]}: N documents, T of them not English fallbacks,
//     C documents a chunk, and the first token of each shard of terms, in
//     order.
//   - t-K.json, shard K: {TOKEN: [GAP, WEIGHT + 80 × SECTION, …], …}, the
//     tokens from FIRST of shard K up to FIRST of shard K+1, in code point
//     order, each with its postings as flat pairs, by document: GAP is the
//     document less the one of the posting before (the first's is its
//     document), and a weight is below 80, so the second number is a
//     posting's weight and section in one. A shard is about shardSize
//     bytes, so a locale of 65 pages has a few; a token is looked up in
//     the one shard whose range
//     holds it, and the last word of a query, read as a prefix, in the
//     shards whose ranges meet the tokens that start with it. A token keeps
//     its best maxPostings postings (by weight, then document).
//   - d-K.json, the documents K*C to K*C+C-1: [[TITLE, URL, CODE,
//     FALLBACK, [[ID, HEADING]…]]…], null for a number given to
//     a page that was not written. The headings are those of the page's
//     sections: the text before its first heading (no ID), then each h2
//     and h3 with an id. A heading of ASCII characters whose ID is itself
//     lowercased with "_" for each space is written alone, HEADING for
//     [ID, HEADING] ("Status" for ["status", "Status"], "" for ["", ""]).
//
// The index holds no text of the pages: the excerpt of a result is cut
// from its section of the page's markdown twin (URL + "index.md", package
// twin), which the search engine reads: past its front matter, its title
// line and, for an English fallback, the notice after it, a section
// starts at each line "## " or "### " outside a fenced code block whose
// heading is the next of the document's headings, and its markdown is
// read as plain text, as SectionsOf reads the HTML.
//
// WEIGHT is the field times 16 (code 4, title 3, heading 2, body 1), plus
// 1 to 15: for a code, title or heading, how short it is (see weight); for
// the body, how often the token is there for the page's length
// (bodyWeight). SECTION is the section the token is in: for the body,
// the one whose text has it most; for a heading, its own; for the title
// and code, 0.
//
// In a locale of 2,000 pages (BenchmarkIndex), a first query reads at
// most about 100 KB of the 150 KB the site's search may.
package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clipperhouse/uax29/v2/words"
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
	// and the character alone of a run of one: what the index holds, and
	// a query looks up.
	Bigrams Mode = iota
	// Unigrams gives each character of a CJK run besides its bigrams:
	// what an excerpt marks of a one-character query.
	Unigrams
)

// Tokens splits text into tokens (see the package doc).
func Tokens(text string, mode Mode) []Token {
	var out []Token
	eachToken(text, mode, true, func(tok Token) { out = append(out, tok) })
	return out
}

// eachToken calls f with each token of text, in order; words are folded
// only with fold (else the caller folds them: appendFold).
func eachToken(text string, mode Mode, fold bool, f func(Token)) {
	for start := 0; start < len(text); {
		r, n := utf8.DecodeRuneInString(text[start:])
		cjk, end := isCJK(r), start+n
		for end < len(text) {
			r, n := rune(text[end]), 1
			if r >= utf8.RuneSelf {
				r, n = utf8.DecodeRuneInString(text[end:])
			}
			if isCJK(r) != cjk {
				break
			}
			end += n
		}
		if cjk {
			cjkTokens(text, start, end, mode, f)
		} else {
			wordTokens(text, start, end, fold, f)
		}
		start = end
	}
}

// cjkTokens gives the tokens of the CJK run text[start:end].
func cjkTokens(text string, start, end int, mode Mode, f func(Token)) {
	_, n := utf8.DecodeRuneInString(text[start:end])
	if start+n == end { // one character
		f(Token{Text: text[start:end], Start: start, End: end})
		return
	}
	for i, j := start, start+n; ; { // text[i:j] is a character
		if mode == Unigrams {
			f(Token{Text: text[i:j], Start: i, End: j})
		}
		if j == end {
			return
		}
		_, n := utf8.DecodeRuneInString(text[j:end])
		f(Token{Text: text[i : j+n], Start: i, End: j + n})
		i, j = j, j+n
	}
}

// wordTokens gives the words of text[start:end], folded only with fold.
// A segment of ASCII characters is read by asciiSegmentEnd, any other by
// uax29: both read a segment from its start, with no memory of the one
// before, so they give the same segments whichever reads which.
func wordTokens(text string, start, end int, fold bool, f func(Token)) {
	run := text[start:end]
	var it *words.Iterator[string]
	for i := 0; i < len(run); {
		j, ok := asciiSegmentEnd(run, i)
		if !ok {
			if it == nil {
				it = words.FromString("")
			}
			it.SetText(run[i:])
			it.Next()
			j = i + it.End()
		}
		if w := run[i:j]; isWord(w) {
			if fold {
				w = Fold(w)
			}
			f(Token{Text: w, Start: start + i, End: start + j})
		}
		i = j
	}
}

// isWord reports whether a segment holds a letter or a digit.
func isWord(w string) bool {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return strings.ContainsFunc(w[i:], func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
		}
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			return true
		}
	}
	return false
}

// Fold lowercases a word and folds its accents: the marks (Mn) of its
// canonical decomposition are dropped, and what is left composed again.
func Fold(w string) string {
	lower := strings.ToLower(w)
	if isASCII(lower) {
		return lower
	}
	return norm.NFC.String(strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Mn, r) {
			return -1
		}
		return r
	}, norm.NFD.String(lower)))
}

// appendFold appends the token w as the index holds it to dst: a word
// folded (Fold), without allocating when it is ASCII; a CJK token as it
// is, as Tokens gives it and a query looks it up.
func appendFold(dst []byte, w string) []byte {
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			if r, _ := utf8.DecodeRuneInString(w); isCJK(r) { // a CJK token is CJK characters only
				return append(dst, w...)
			}
			return append(dst, Fold(w)...)
		}
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
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
	if r >= 0x4E00 && r <= 0x9FFF { // the common ideographs, all Han, first: most of a page in Chinese or Japanese
		return true
	}
	return r >= 0x1100 && (r == 'ー' || unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul))
}
