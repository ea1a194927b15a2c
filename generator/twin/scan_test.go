package twin

import (
	"fmt"
	"strings"
	"testing"

	nethtml "golang.org/x/net/html"
)

// FuzzScan reads arbitrary HTML with the scanner and with x/net/html's
// tokenizer, which the scanner stands in for: the same start and end
// tags, the same attributes, the same text between them.
func FuzzScan(f *testing.F) {
	addBodies(f)
	f.Fuzz(func(t *testing.T, body string) {
		if strings.Contains(body, "<![CDATA[") {
			return // the scanner reads it as the parser does in svg and math (scanner.comment), not as the tokenizer does
		}
		if got, want := scanned(body), tokenized(body); got != want {
			t.Fatalf("%q\nscanner:   %s\ntokenizer: %s", body, got, want)
		}
	})
}

// scannerSeeds are bodies the scanner once read otherwise than the
// tokenizer, and the parser: FuzzScan and FuzzConvert start from them.
var scannerSeeds = []string{
	`<A "="><img srC="0">`,
	"<!--a--!><textarea>--><img src=x></textarea>",
	"<!----!>0<!--!>1-->2<!-->3<!--->4",
	"<script><!--<script></script><img src=x>--></script><p>after</p>",
	"<script><!--<SCRIPT>--></script><img src=y>",
	"<svg><![CDATA[><img src=x>]]></svg>",
	"<textarea>a\x00b</textarea><style>\x00</style>",
}

// scanned is what the scanner reads of body, written out.
func scanned(body string) string {
	var b strings.Builder
	text := ""
	z := &scanner{s: body}
	for {
		tok, ok := z.next()
		if !ok {
			break
		}
		if tok.kind == textToken {
			text += tok.data
			continue
		}
		if tok.kind == commentToken {
			continue
		}
		if text != "" {
			fmt.Fprintf(&b, "%q ", text)
			text = ""
		}
		switch tok.kind {
		case startToken:
			fmt.Fprintf(&b, "<%s", tok.data)
			seen := map[string]bool{} // the readers take an attribute's first value, as the tokenizer keeps it alone
			attrs(tok.attrs, func(k, v string) {
				if !seen[k] {
					seen[k] = true
					fmt.Fprintf(&b, " %s=%q", k, v)
				}
			})
			b.WriteString("> ")
		case endToken:
			fmt.Fprintf(&b, "</%s> ", tok.data)
		}
	}
	if text != "" {
		fmt.Fprintf(&b, "%q ", text)
	}
	return b.String()
}

// tokenized is what x/net/html's tokenizer reads of body, written as
// scanned writes it.
func tokenized(body string) string {
	var b strings.Builder
	text := ""
	z := nethtml.NewTokenizer(strings.NewReader(body))
	for {
		tt := z.Next()
		if tt == nethtml.ErrorToken {
			break
		}
		tok := z.Token()
		if tt == nethtml.TextToken {
			text += tok.Data
			continue
		}
		if tt == nethtml.CommentToken || tt == nethtml.DoctypeToken {
			continue
		}
		if text != "" {
			fmt.Fprintf(&b, "%q ", text)
			text = ""
		}
		switch tt {
		case nethtml.StartTagToken, nethtml.SelfClosingTagToken:
			fmt.Fprintf(&b, "<%s", tok.Data)
			for _, a := range tok.Attr {
				fmt.Fprintf(&b, " %s=%q", a.Key, a.Val)
			}
			b.WriteString("> ")
		case nethtml.EndTagToken:
			fmt.Fprintf(&b, "</%s> ", tok.Data)
		}
	}
	if text != "" {
		fmt.Fprintf(&b, "%q ", text)
	}
	return b.String()
}
