package search

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"
)

const (
	chunkSize   = 8
	maxPostings = 256
	maxSection  = 1 << 10
	keyLength   = 3 // characters of a shard's key, for tokens not CJK
)

// Doc is a page as the index sees it.
type Doc struct {
	Title, URL, Code string
	Fallback         bool // shown in English: not translated
	Sections         []Section
}

// Section is the text under a heading; the first section of a page is
// its text before any heading, with no ID.
type Section struct {
	ID, Heading, Text string
}

// posting is where a token is: a document, its best field and section.
type posting struct{ doc, field, section int }

// Build returns the files of an index of docs, by name.
func Build(docs []Doc) map[string][]byte {
	terms := map[string]map[int]posting{} // token → document → its best posting
	note := func(text string, p posting) {
		for _, tok := range Tokens(text, Unigrams) {
			byDoc := terms[tok.Text]
			if byDoc == nil {
				byDoc = map[int]posting{}
				terms[tok.Text] = byDoc
			}
			if old, ok := byDoc[p.doc]; !ok || p.field > old.field {
				byDoc[p.doc] = p
			}
		}
	}
	files := map[string][]byte{}
	for i, d := range docs {
		note(d.Title+" "+d.Code, posting{i, 3, 0})
		var texts []string
		for s, sec := range d.Sections {
			note(sec.Heading, posting{i, 2, s})
			note(sec.Text, posting{i, 1, s})
			texts = append(texts, cut(sec.Text, maxSection))
		}
		files[fmt.Sprintf("x-%d.json", i)] = mustJSON(texts)
	}
	shards := map[string]map[string][]int{}
	for tok, byDoc := range terms {
		ps := slices.SortedFunc(maps.Values(byDoc), func(a, b posting) int {
			return cmp.Or(b.field-a.field, a.doc-b.doc)
		})
		flat := make([]int, 0, 3*min(len(ps), maxPostings))
		for _, p := range ps[:min(len(ps), maxPostings)] {
			flat = append(flat, p.doc, p.field, p.section)
		}
		key := shardKey(tok)
		if shards[key] == nil {
			shards[key] = map[string][]int{}
		}
		shards[key][tok] = flat
	}
	for key, shard := range shards {
		files["t-"+key+".json"] = mustJSON(shard)
	}
	for k := 0; k*chunkSize < len(docs); k++ {
		var chunk [][]any
		for _, d := range docs[k*chunkSize : min(len(docs), (k+1)*chunkSize)] {
			heads := [][]string{}
			for _, sec := range d.Sections {
				heads = append(heads, []string{sec.ID, sec.Heading})
			}
			chunk = append(chunk, []any{d.Title, d.URL, d.Code, d.Fallback, heads})
		}
		files[fmt.Sprintf("d-%d.json", k)] = mustJSON(chunk)
	}
	files["meta.json"] = mustJSON(map[string]any{"v": 1, "docs": len(docs), "chunk": chunkSize,
		"shards": slices.Sorted(maps.Keys(shards))})
	return files
}

// shardKey is the shard a token's postings are in (see the package doc).
func shardKey(tok string) string {
	r, n := utf8.DecodeRuneInString(tok)
	if isCJK(r) {
		return keyName(tok[:n])
	}
	for k := 1; k < keyLength && n < len(tok); k++ {
		_, m := utf8.DecodeRuneInString(tok[n:])
		n += m
	}
	return keyName(tok[:n])
}

// keyName writes a key as a file name can hold it: letters and digits as
// they are, anything else as its code point in hex.
func keyName(key string) string {
	var b strings.Builder
	for _, r := range key {
		if r < 0x80 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			fmt.Fprintf(&b, "_%x", r)
		}
	}
	return b.String()
}

// cut is s cut to at most n bytes, at a rune boundary.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func mustJSON(v any) []byte {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err) // strings, numbers and lists only
	}
	return data
}
