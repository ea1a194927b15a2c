package search

// The word boundaries of UAX #29 between ASCII characters, as package
// uax29 finds them: most of the text of most pages is ASCII, and there a
// table of a dozen classes and the rules that can meet them cost a
// fraction of the general segmenter. This is an exact copy of the rules
// that apply to ASCII, not a simplification of them: FuzzASCIIWords holds
// it to uax29 on any text.

// Word break classes of the ASCII characters (WordBreakProperty.txt), as
// bits so that a rule tests a set of them at once. The others of UAX #29
// (Hebrew_Letter, Katakana, Extend, Format, ZWJ, Regional_Indicator,
// Extended_Pictographic) have no ASCII character, so the rules of Hebrew
// letters (WB7a–c), Katakana (WB13), ignored characters (WB3c, WB4) and
// flags (WB15, WB16) never apply, and a Double_Quote, which only a Hebrew
// letter joins, is Other here.
const (
	wbLetter       = 1 << iota // ALetter: A–Z a–z
	wbNumeric                  // 0–9
	wbMidLetter                // :
	wbMidNum                   // , ;
	wbMidNumLet                // .
	wbSingleQuote              // '
	wbExtendNumLet             // _
	wbSpace                    // WSegSpace: the space
	wbCR                       // \r
	wbLF                       // \n
	wbNewline                  // \v \f
	wbNonASCII                 // a byte of a character that is not ASCII

	wbAlnum     = wbLetter | wbNumeric
	wbMidLetQ   = wbMidLetter | wbMidNumLet | wbSingleQuote // in a word between letters (WB6, WB7)
	wbMidNumQ   = wbMidNum | wbMidNumLet | wbSingleQuote    // in a number between digits (WB11, WB12)
	wbLineBreak = wbCR | wbLF | wbNewline
)

// wbClass is the word break class of each ASCII character, 0 for Other;
// a byte of another character is wbNonASCII, and may be a letter or a
// digit.
var wbClass = func() (c [256]uint16) {
	for b := 0x80; b < 0x100; b++ {
		c[b] = wbNonASCII | wbAlnum
	}
	for b := 'A'; b <= 'Z'; b++ {
		c[b], c[b+'a'-'A'] = wbLetter, wbLetter
	}
	for b := '0'; b <= '9'; b++ {
		c[b] = wbNumeric
	}
	c[':'] = wbMidLetter
	c[','], c[';'] = wbMidNum, wbMidNum
	c['.'] = wbMidNumLet
	c['\''] = wbSingleQuote
	c['_'] = wbExtendNumLet
	c[' '] = wbSpace
	c['\r'], c['\n'] = wbCR, wbLF
	c['\v'], c['\f'] = wbNewline, wbNewline
	return c
}()

// asciiSegmentEnd is the end of the segment of s that starts at i, the
// next word boundary after it, when the segment and what decides where it
// ends are ASCII; else ok is false, and uax29 is to read the segment. Like
// uax29, it reads a segment from its start, knowing nothing of the
// characters before i, and looks one character ahead for WB6 and WB12.
func asciiSegmentEnd(s string, i int) (end int, ok bool) {
	var before, last uint16 // the classes of s[i-2] and s[i-1], in the segment
	cur := wbClass[s[i]]
	if cur&wbNonASCII != 0 {
		return i, false
	}
	for i++; i < len(s); i++ {
		before, last, cur = last, cur, wbClass[s[i]]
		switch {
		case cur&wbNonASCII != 0:
			return i, false
		case cur&wbAlnum != 0 && last&wbAlnum != 0: // WB5, WB8, WB9, WB10
		case cur&last&wbSpace != 0: // WB3d
		case cur == wbLF && last == wbCR: // WB3
		case (cur|last)&wbLineBreak != 0: // WB3a, WB3b
			return i, true
		case cur&wbMidLetQ != 0 && last&wbLetter != 0 && classAt(s, i+1)&wbLetter != 0: // WB6
		case cur&wbLetter != 0 && last&wbMidLetQ != 0 && before&wbLetter != 0: // WB7
		case cur&wbNumeric != 0 && last&wbMidNumQ != 0 && before&wbNumeric != 0: // WB11
		case cur&wbMidNumQ != 0 && last&wbNumeric != 0 && classAt(s, i+1)&wbNumeric != 0: // WB12
		case cur&wbExtendNumLet != 0 && last&(wbAlnum|wbExtendNumLet) != 0: // WB13a
		case cur&wbAlnum != 0 && last&wbExtendNumLet != 0: // WB13b
		default: // WB999
			return i, true
		}
	}
	return i, true // WB2
}

// classAt is the class of s[i], Other past the end of s. A character that
// is not ASCII may be a letter or a digit: WB6 or WB12 go on to it, and
// leave it to uax29.
func classAt(s string, i int) uint16 {
	if i >= len(s) {
		return 0
	}
	return wbClass[s[i]]
}
