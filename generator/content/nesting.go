package content

import (
	"bytes"

	"statusdocs/generator/flaw"
)

// Markdown parsers spend time growing with the square of nesting depth, so
// a page nested hundreds of levels deep (a broken file, or a hostile one)
// could stall the whole build. No real page comes near these depths; lines
// beyond them are flattened, with a warning, and their columns in messages
// are counted after the flattening.
const (
	maxIndent = 128 // columns of leading white space
	maxQuotes = 32  // leading block quote markers
)

// flatten cuts indentation and block quote markers beyond the limits.
func flatten(file string, data []byte, flaws []flaw.Flaw) ([]byte, []flaw.Flaw) {
	var out []byte
	first := 0
	for off := 0; off < len(data); {
		end := bytes.IndexByte(data[off:], '\n')
		if end < 0 {
			end = len(data) - off
		}
		line := data[off : off+end]
		if keep, end := deepPrefix(line); end > 0 {
			if out == nil {
				out = append(make([]byte, 0, len(data)), data[:off]...)
				first = off
			}
			out = append(out, line[:keep]...)
			out = append(out, line[end:]...)
		} else if out != nil {
			out = append(out, line...)
		}
		off += end
		if off < len(data) {
			if out != nil {
				out = append(out, '\n')
			}
			off++
		}
	}
	if out == nil {
		return data, flaws
	}
	line, _ := Position(data, first)
	return out, append(flaws, flaw.New(flaw.TooDeep, file, line, 1,
		"nesting deeper than %d levels of quotes or %d columns of indentation is flattened from here on", maxQuotes, maxIndent))
}

// deepPrefix measures the run of white space and quote markers that starts
// line: when it goes past the limits, keep is how many of its bytes are
// within them and end where the run ends; otherwise both are 0.
func deepPrefix(line []byte) (keep, end int) {
	width, quotes := 0, 0
	for i, c := range line {
		switch c {
		case ' ':
			width++
		case '\t':
			width += 4 - width%4
		case '>':
			quotes++
		default:
			return keep, end
		}
		if keep == 0 && (width > maxIndent || quotes > maxQuotes) {
			keep = i
		}
		if keep > 0 {
			end = i + 1
		}
	}
	if keep > 0 {
		return keep, len(line)
	}
	return 0, 0
}
