package page

import "strings"

// relativeURL is the link from the page at from (a path of the site ending
// in "/", as pages are served) to to (a path of the site, maybe with a
// ?query or #fragment) relative to from, when it is shorter than to; ""
// when it is not, or when either is not a path that resolves as written: not starting with
// one "/", holding a backslash (which browsers read as "/"), or a "." or
// ".." segment, plain or percent-encoded (which browsers resolve away, so
// that counting segments would go wrong). A relative link never starts with
// a segment holding a ":" (it would read as a scheme).
func relativeURL(from, to string) string {
	if !resolvesAsWritten(from) || !strings.HasSuffix(from, "/") {
		return ""
	}
	p, tail := to, ""
	if i := strings.IndexAny(to, "?#"); i >= 0 {
		p, tail = to[:i], to[i:]
	}
	if !resolvesAsWritten(p) {
		return ""
	}
	dir := commonDir(from, p)
	rest := p[dir:]
	ups := strings.Count(from[dir:], "/")
	first, _, _ := strings.Cut(rest, "/")
	if ups == 0 && (strings.Contains(first, ":") || rest == "" && tail == "") {
		rest = "./" + rest
	}
	if ups*3+len(rest)+len(tail) >= len(to) {
		return ""
	}
	return strings.Repeat("../", ups) + rest + tail
}

// commonDir is the length of the longest prefix of a and b that ends in "/".
func commonDir(a, b string) int {
	n := 0
	for i := 0; i < len(a) && i < len(b) && a[i] == b[i]; i++ {
		if a[i] == '/' {
			n = i + 1
		}
	}
	return n
}

// resolvesAsWritten reports a path that starts with one "/" and that browsers
// resolve segment by segment as it is written.
func resolvesAsWritten(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsRune(p, '\\') {
		return false
	}
	for seg := range strings.SplitSeq(p[1:], "/") {
		switch strings.ToLower(seg) {
		case ".", "..", "%2e", ".%2e", "%2e.", "%2e%2e":
			return false
		}
	}
	return true
}
