package search

import (
	"bytes"
	"cmp"
	"encoding/json"
	"maps"
	"slices"
)

// Change is a document of an index whose entry changed since the index's
// files were written: Old is the entry they were written with, New the
// one it has now. Old is nil for a document the files hold no entry of
// (one that did not render); Patch wants a New.
// Doc is the document as the index shows it (Add's), which must be as it
// was: a title, URL or code that changed changes the site's graph, and
// the index is then written whole.
type Change struct {
	N        int
	Doc      Doc
	Old, New *Entry
}

// Patch brings the files of an index, as Files wrote them, up to date with
// a few changed documents, without the entries of the others: it reads
// meta.json, every shard and the chunks of the documents changed (read
// gives a file's bytes by name), takes the changed documents' postings out
// of the shards and puts their new ones in, and splits the terms into
// shards again as Files does. It returns the files whose bytes change and
// the names of every file of the index; they are byte for byte what Files
// writes of an index of every document as it is now (TestPatchAsFiles).
//
// ok is false when the files cannot tell what the new ones are, and the
// index must be written whole: a file that is missing or not as Files
// writes it, or a token whose postings were cut to the best maxPostings
// that loses one of them to a change, where the posting that would take
// its place was never written (patchPostings).
func Patch(read func(name string) ([]byte, error), changes []Change) (changed map[string][]byte, names []string, ok bool) {
	oldMeta, err := read("meta.json")
	if err != nil {
		return nil, nil, false
	}
	var meta indexMeta
	if json.Unmarshal(oldMeta, &meta) != nil || !bytes.Equal(metaJSON(meta.Docs, meta.Translated, meta.Shards), oldMeta) {
		return nil, nil, false
	}
	// The terms, in order, as the shards have them.
	var terms []shardTerm
	oldShards := make([][]byte, len(meta.Shards))
	for k, first := range meta.Shards {
		data, err := read(shardName(k))
		if err != nil {
			return nil, nil, false
		}
		oldShards[k] = data
		at := len(terms)
		if terms, ok = appendShardTerms(terms, data); !ok || len(terms) == at || terms[at].tok != first {
			return nil, nil, false
		}
	}
	if !slices.IsSortedFunc(terms, func(a, b shardTerm) int { return cmp.Compare(a.tok, b.tok) }) {
		return nil, nil, false
	}
	// The postings of the tokens the changes touch, less the changed
	// documents', then with their new ones.
	byDoc := map[int32]*Change{}
	touched := map[string][]posting{}
	translated := meta.Translated
	for i := range changes {
		c := &changes[i]
		// A document with no entry now may be the last: the files of
		// the index would then hold fewer.
		if c.N < 0 || c.N >= meta.Docs || byDoc[int32(c.N)] != nil || c.New == nil {
			return nil, nil, false
		}
		byDoc[int32(c.N)] = c
		for _, e := range []*Entry{c.Old, c.New} {
			if e != nil {
				for _, t := range e.Terms {
					touched[t.Text] = nil
				}
			}
		}
		if !c.Doc.Fallback && c.Old == nil { // every change has a New: one translated more
			translated++
		}
	}
	newTerms := map[int32]map[string]Term{}
	for n, c := range byDoc {
		newTerms[n] = make(map[string]Term, len(c.New.Terms))
		for _, t := range c.New.Terms {
			newTerms[n][t.Text] = t
		}
	}
	for tok := range touched {
		var old []posting
		if k, found := slices.BinarySearchFunc(terms, tok, func(t shardTerm, tok string) int { return cmp.Compare(t.tok, tok) }); found {
			if old, ok = termPostings(terms[k].raw); !ok {
				return nil, nil, false
			}
		}
		ps, ok := patchPostings(old, tok, newTerms)
		if !ok {
			return nil, nil, false
		}
		touched[tok] = ps
	}
	// The terms again, in order: those of tokens no document has now left
	// out, new tokens in their place.
	added := slices.Sorted(maps.Keys(touched))
	var sh sharder
	var shards [][]byte
	addTerm := func(tok string, raw []byte) {
		if _, done := sh.add(tok, raw); done != nil {
			shards = append(shards, done)
		}
	}
	var buf []byte
	for i, j := 0, 0; i < len(terms) || j < len(added); {
		if j < len(added) && (i == len(terms) || added[j] <= terms[i].tok) {
			tok := added[j]
			if ps := touched[tok]; len(ps) > 0 {
				buf = appendPostings(buf[:0], tok, ps)
				addTerm(tok, buf)
			}
			if i < len(terms) && terms[i].tok == tok {
				i++
			}
			j++
			continue
		}
		addTerm(terms[i].tok, terms[i].raw)
		i++
	}
	if _, done := sh.end(); done != nil {
		shards = append(shards, done)
	}
	changed = map[string][]byte{}
	for k, data := range shards {
		if k >= len(oldShards) || !bytes.Equal(data, oldShards[k]) {
			changed[shardName(k)] = data
		}
	}
	// The chunks of the changed documents.
	byChunk := map[int][]*Change{}
	for _, c := range byDoc {
		byChunk[c.N/chunkSize] = append(byChunk[c.N/chunkSize], c)
	}
	for k, cs := range byChunk {
		name := chunkName(k)
		data, err := read(name)
		if err != nil {
			return nil, nil, false
		}
		var docs []json.RawMessage
		if json.Unmarshal(data, &docs) != nil || len(docs) != min(chunkSize, meta.Docs-k*chunkSize) {
			return nil, nil, false
		}
		for _, c := range cs {
			docs[c.N%chunkSize] = appendDoc(nil, docInfo{Doc: c.Doc, added: true, heads: entryHeads(c.New)})
		}
		now := []byte{'['}
		for i, d := range docs {
			if i > 0 {
				now = append(now, ',')
			}
			now = append(now, d...)
		}
		if now = append(now, ']'); !bytes.Equal(now, data) {
			changed[name] = now
		}
	}
	if now := metaJSON(meta.Docs, translated, sh.firsts); !bytes.Equal(now, oldMeta) {
		changed["meta.json"] = now
	}
	for k := range shards {
		names = append(names, shardName(k))
	}
	for k := range (meta.Docs + chunkSize - 1) / chunkSize {
		names = append(names, chunkName(k))
	}
	names = append(names, "meta.json")
	slices.Sort(names)
	return changed, names, true
}

// shardTerm is a term of a shard: its token, and the term as the shard
// has it ("token":[…]).
type shardTerm struct {
	tok string
	raw []byte
}

// appendShardTerms appends the terms of a shard as Files writes it, each
// token's JSON string as appendJSONString writes it; ok is false for one
// that is not.
func appendShardTerms(terms []shardTerm, data []byte) ([]shardTerm, bool) {
	if len(data) < 2 || data[0] != '{' || data[len(data)-1] != '}' {
		return terms, false
	}
	rest := data[1 : len(data)-1]
	for len(rest) > 0 {
		end := stringEnd(rest)
		if end < 0 || !bytes.HasPrefix(rest[end:], []byte(":[")) {
			return terms, false
		}
		var tok string
		if bytes.IndexByte(rest[1:end-1], '\\') < 0 {
			tok = string(rest[1 : end-1])
		} else if json.Unmarshal(rest[:end], &tok) != nil {
			return terms, false
		}
		if !bytes.Equal(appendJSONString(nil, tok), rest[:end]) {
			return terms, false
		}
		close := bytes.IndexByte(rest[end:], ']')
		if close < 0 {
			return terms, false
		}
		terms = append(terms, shardTerm{tok, rest[: end+close+1 : end+close+1]})
		rest = rest[end+close+1:]
		if len(rest) > 0 {
			if rest[0] != ',' || len(rest) == 1 {
				return terms, false
			}
			rest = rest[1:]
		}
	}
	return terms, true
}

// stringEnd is where the JSON string at the start of b ends, after its
// closing quote; -1 if there is none.
func stringEnd(b []byte) int {
	if len(b) == 0 || b[0] != '"' {
		return -1
	}
	for i := 1; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return -1
}

// termPostings reads the postings of a term as appendPostings wrote them:
// pairs of numbers, each with no sign or leading zero.
func termPostings(raw []byte) ([]posting, bool) {
	list := raw[bytes.Index(raw, []byte(":["))+2 : len(raw)-1]
	var ps []posting
	var doc int64
	for i := 0; len(list) > 0; i++ {
		n, rest, ok := readNumber(list)
		if !ok || len(rest) > 0 && (rest[0] != ',' || len(rest) == 1) {
			return nil, false
		}
		list = rest[min(1, len(rest)):]
		if i%2 == 0 {
			if doc += n; doc > 1<<31-1 || len(ps) > 0 && int32(doc) <= ps[len(ps)-1].doc || len(list) == 0 {
				return nil, false
			}
			continue
		}
		if n%weights == 0 || n/weights >= maxSections {
			return nil, false
		}
		ps = append(ps, posting{doc: int32(doc), section: uint8(n / weights), weight: uint8(n % weights)})
	}
	return ps, len(ps) > 0 // a token with no postings is not written
}

// readNumber reads a number of at most 12 digits, with no leading zero,
// from the start of b.
func readNumber(b []byte) (n int64, rest []byte, ok bool) {
	i := 0
	for i < len(b) && i < 13 && '0' <= b[i] && b[i] <= '9' {
		n = n*10 + int64(b[i]-'0')
		i++
	}
	if i == 0 || i > 12 || b[0] == '0' && i > 1 {
		return 0, b, false
	}
	return n, b[i:], true
}

// patchPostings is the postings of tok, written as old, with those of the
// changed documents as they are now (their terms, by token): the best
// maxPostings, in the order of documents.
//
// When old has maxPostings, it may have been cut: the postings that were
// not kept rank below its worst. Its best are then known only while at
// least maxPostings postings rank at or above that worst one; ok is false
// when the changes leave fewer (a changed document's posting gone, or
// weighing less than the worst), since the one to take a place was never
// written.
func patchPostings(old []posting, tok string, now map[int32]map[string]Term) (ps []posting, ok bool) {
	for _, p := range old {
		if _, changed := now[p.doc]; !changed {
			ps = append(ps, p)
		}
	}
	for n, terms := range now {
		if t, found := terms[tok]; found {
			ps = append(ps, posting{doc: n, section: uint8(t.Section), weight: uint8(t.Weight)})
		}
	}
	if len(old) >= maxPostings {
		worst := old[0]
		for _, p := range old[1:] {
			if ranksBelow(p, worst) {
				worst = p
			}
		}
		known := 0
		for _, p := range ps {
			if !ranksBelow(p, worst) {
				known++
			}
		}
		if known < maxPostings {
			return nil, false
		}
	}
	slices.SortFunc(ps, func(a, b posting) int { return cmp.Compare(a.doc, b.doc) })
	if len(ps) > maxPostings {
		ps, _ = keepBest(ps)
	}
	return ps, true
}

// ranksBelow reports whether posting a ranks below b among the best
// postings of a token (keepBest): it weighs less, or as much and is of a
// later document.
func ranksBelow(a, b posting) bool {
	return a.weight < b.weight || a.weight == b.weight && a.doc > b.doc
}
