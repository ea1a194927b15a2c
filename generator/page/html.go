package page

import (
	"html"
	"slices"
	"strconv"
	"strings"

	nethtml "golang.org/x/net/html"

	"statusdocs/generator/flaw"
	"statusdocs/generator/macro"
)

// Raw HTML in a page is allowed (MDN needs tables, <kbd>, <br>), but what
// can run code is removed and reported: translations come from the public.
// This hook sees each piece of raw HTML alone (a block, or an inline tag)
// and does what needs the source at hand: it resolves links, collects ids,
// expands macros in text, removes what the allowlist forbids where the
// position is exact, and marks each start tag with its offset (posAttr).
// The whole body is then cleaned as the browser will read it (clean.go),
// which is what makes it safe.

// foreignElements start SVG or MathML, where browsers parse as markup what
// HTML reads as text (a <title> or <textarea>), so the tokenizer must too.
var foreignElements = setOf("svg", "math")

// voidElements have no end tag: removing one removes no content.
var voidElements = setOf("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
	"param", "source", "track", "wbr", "keygen", "frame", "image", "isindex")

// urlAttrs hold URLs that could run script.
var urlAttrs = map[string]bool{"href": true, "src": true, "action": true, "formaction": true, "xlink:href": true, "poster": true, "data": true, "cite": true}

// HTML implements markdown.Hooks: it cleans a piece of raw HTML, resolves
// its links, collects its ids and expands macros in its text.
func (r *render) HTML(raw string, loc func(int) int) (string, string) {
	r.rawHTML = true
	z := nethtml.NewTokenizer(strings.NewReader(raw))
	var b strings.Builder
	pos, skip, foreign := 0, "", 0
	for {
		tt := z.Next()
		if tt == nethtml.ErrorToken {
			break
		}
		tok := string(z.Raw())
		start := pos
		at := loc(pos)
		pos += len(tok)
		switch tt {
		case nethtml.StartTagToken, nethtml.SelfClosingTagToken:
			t := z.Token()
			if foreignElements[t.Data] && tt == nethtml.StartTagToken {
				foreign++
			}
			if foreign > 0 && tt == nethtml.StartTagToken {
				z.NextIsNotRawText() // SVG and MathML have no raw-text elements
			}
			if skip != "" {
				continue
			}
			if dropWithContent[t.Data] {
				r.flaw(flaw.UnsafeHTML, at, "<%s> removed with its content: it is not allowed in content", t.Data)
				if tt == nethtml.StartTagToken && !voidElements[t.Data] {
					skip = t.Data
				}
				continue
			}
			b.WriteString(r.tag(t, tok, at))
		case nethtml.EndTagToken:
			name, _ := z.TagName()
			if foreignElements[string(name)] && foreign > 0 {
				foreign--
			}
			if skip != "" && string(name) == skip {
				skip = ""
				continue
			}
			if skip == "" && !dropWithContent[string(name)] {
				b.WriteString(tok)
			}
		case nethtml.TextToken:
			if skip == "" {
				b.WriteString(r.expandText(tok, func(i int) int { return loc(start + i) }))
			}
		case nethtml.CommentToken:
			if skip == "" {
				b.WriteString(r.comment(tok, at))
			}
		default:
			if skip == "" {
				b.WriteString(tok)
			}
		}
	}
	return b.String(), skip
}

// comment passes a closed comment on (the cleaner drops it); an unclosed
// one would hide the rest of the page, so it becomes visible text.
func (r *render) comment(tok string, at int) string {
	if strings.HasPrefix(tok, "<!--") && !strings.HasSuffix(tok, "-->") && !strings.HasSuffix(tok, "--!>") {
		r.flaw(flaw.UnsafeHTML, at, "comment is not closed: it is shown as text (close it with -->)")
		return html.EscapeString(tok)
	}
	return tok
}

// tag checks one start tag's attributes and marks it with its position.
func (r *render) tag(t nethtml.Token, raw string, at int) string {
	attrs := make([]nethtml.Attribute, 0, len(t.Attr)+3)
	var added []nethtml.Attribute
	for _, a := range t.Attr {
		k := strings.ToLower(a.Key)
		switch {
		case k == posAttr: // only the hook marks positions
			r.flaw(flaw.UnsafeHTML, at, "attribute %q removed from <%s>: it is not allowed in content", a.Key, t.Data)
			continue
		case strings.HasPrefix(k, "on"):
			r.flaw(flaw.UnsafeHTML, at, "attribute %q removed from <%s>: event handlers are not allowed", a.Key, t.Data)
			continue
		case k == "srcdoc" || urlAttrs[k] && !safeURL(a.Val, k == "src" && t.Data == "img"):
			r.flaw(flaw.UnsafeHTML, at, "attribute %s=%q removed from <%s>: only http, https, mailto, tel and ftp URLs are allowed", a.Key, truncate(a.Val), t.Data)
			continue
		case k == "id":
			r.ids[a.Val] = true
		case k == "src":
			l := r.src(a.Val, at)
			if l.Drop {
				continue
			}
			a.Val = l.Href
		case k == "href" && t.Data == "a":
			l := r.link(a.Val, at)
			if l.Href == a.Val && l.Attrs == "" {
				break
			}
			added = linkAttrs(l.Attrs)
			if a.Val = l.Href; a.Val == "" {
				continue
			}
		}
		attrs = append(attrs, a)
	}
	t.Attr = append(mergeAttrs(attrs, added), nethtml.Attribute{Key: posAttr, Val: strconv.Itoa(at)})
	return t.String()
}

// rootRelative reports a URL path from the site root ("/static/x.png").
func rootRelative(u string) bool { return strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") }

// linkAttrs turns a resolved link's extra attributes back into a list.
func linkAttrs(s string) []nethtml.Attribute {
	var attrs []nethtml.Attribute
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		k, rest, ok := strings.Cut(s, `="`)
		if !ok {
			break
		}
		v, rest, _ := strings.Cut(rest, `"`)
		attrs = append(attrs, nethtml.Attribute{Key: k, Val: html.UnescapeString(v)})
		s = rest
	}
	return attrs
}

// mergeAttrs adds the attributes link resolution wants to the author's: a
// class joins the author's classes, anything else the author set wins.
func mergeAttrs(attrs, added []nethtml.Attribute) []nethtml.Attribute {
	for _, a := range added {
		i := slices.IndexFunc(attrs, func(b nethtml.Attribute) bool { return strings.EqualFold(b.Key, a.Key) })
		switch {
		case i < 0:
			attrs = append(attrs, a)
		case a.Key == "class" && !slices.Contains(strings.Fields(attrs[i].Val), a.Val):
			attrs[i].Val = strings.TrimSpace(attrs[i].Val + " " + a.Val)
		}
	}
	return attrs
}

// expandText expands the macros in a text run of raw HTML; loc maps an
// index of text to its source offset.
func (r *render) expandText(text string, loc func(int) int) string {
	if !strings.Contains(text, "{{") {
		return text
	}
	var b strings.Builder
	for pos := 0; ; {
		i := strings.Index(text[pos:], "{{")
		if i < 0 {
			b.WriteString(text[pos:])
			return b.String()
		}
		b.WriteString(text[pos : pos+i])
		pos += i
		c, err := macro.Parse(text[pos:])
		if err != nil {
			se := err.(*macro.SyntaxError)
			kind := flaw.MacroArgs
			if se.Unclosed {
				kind = flaw.UnclosedMacro
			}
			r.flaw(kind, loc(pos+se.Off), "%s", se.Msg)
			b.WriteString(macro.Marker(se.Name, se.Msg))
			pos += max(se.Len, 2)
			continue
		}
		b.WriteString(r.expand(c, loc(pos)).HTML)
		pos += c.Len
	}
}
