package search

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"statusdocs/generator/internal/corpus"
)

// TestIndexFiles builds the index of three small documents and reads it as
// a query would: meta names the shards, a token's postings lead to the
// document and section it is in, title before body, and the documents and
// index holds no text of theirs.
func TestIndexFiles(t *testing.T) {
	docs := []Doc{
		{Title: "408 Request Timeout", URL: "/en-US/docs/Web/HTTP/Reference/Status/408/", Code: "408",
			Sections: []Section{{Text: "The server timed out waiting."}, {ID: "examples", Heading: "Examples", Text: "A slow client."}}},
		{Title: "504 Gateway Timeout", URL: "/en-US/docs/Web/HTTP/Reference/Status/504/", Code: "504", Fallback: true,
			Sections: []Section{{Text: "The proxy got no answer in time."}}},
		{Title: "請求逾時", URL: "/zh-TW/docs/Web/HTTP/Reference/Status/408/", Code: "408",
			Sections: []Section{{Text: "伺服器等待請求時逾時。"}, {ID: "範例", Heading: "範例", Text: "timeout 一次"}}},
	}
	files := buildIndex(docs)
	var meta struct {
		Docs, Chunk int
		Shards      []string
	}
	if err := json.Unmarshal(files["meta.json"], &meta); err != nil || meta.Docs != 3 || meta.Chunk != chunkSize {
		t.Fatalf("meta.json %s: %v", files["meta.json"], err)
	}
	for k := range meta.Shards {
		if files[fmt.Sprintf("t-%d.json", k)] == nil {
			t.Errorf("meta names shard %d, which is not written", k)
		}
	}
	postings := func(tok string) []int {
		var shard map[string][]int
		if err := json.Unmarshal(files[fmt.Sprintf("t-%d.json", shardOf(meta.Shards, tok))], &shard); err != nil {
			t.Fatalf("shard of %q: %v", tok, err)
		}
		return shard[tok]
	}
	for tok, want := range map[string][]int{ // gap, weight + 80 × section
		"timeout": {0, 61, 1, 61, 1, 27 + 80}, // in two titles of 3 words, then once in a body (section 1)
		"逾時":      {2, 61},                    // a title of 3 bigrams
		"逾":       nil,                        // one character: a query looks up the bigrams it starts
		"slow":    {0, 27 + 80},
		"408":     {0, 78, 2, 78}, // the code
	} {
		if got := postings(tok); !slices.Equal(got, want) {
			t.Errorf("postings of %q: %v, want %v", tok, got, want)
		}
	}
	var chunk [][]any
	if err := json.Unmarshal(files["d-0.json"], &chunk); err != nil || len(chunk) != 3 || len(chunk[1]) != 5 || chunk[1][3] != true || chunk[2][0] != "請求逾時" {
		t.Errorf("d-0.json %s: %v", files["d-0.json"], err)
	}
	for name := range files { // no text of the pages: excerpts come from their twins
		if name != "meta.json" && !strings.HasPrefix(name, "t-") && !strings.HasPrefix(name, "d-") {
			t.Errorf("the index writes %s", name)
		}
	}
}

// BenchmarkIndex builds the index of a locale of 2,000 pages made from
// content/ (the bench corpus) and reports what a first query reads of the
// index: meta, the shards of its words and the chunks of its first 8
// results, the most for five queries; the excerpts come from the results'
// markdown twins, which make bench's search table counts with the rest.
// The budget is 150 KB: 55 to
// 70 KB for one word or a code prefix, 105 KB for "cache control" (keys of
// two letters, chunks of 32 documents and sections of 4 KB read up to
// 266 KB).
func BenchmarkIndex(b *testing.B) {
	fsys := corpus.InMemory(os.DirFS("../../content"), 2000, 1)
	var docs []Doc
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		data, _ := fs.ReadFile(fsys, p)
		docs = append(docs, docOf(p, string(data)))
		return nil
	})
	var files map[string][]byte
	for b.Loop() {
		files = buildIndex(docs)
	}
	total, most := 0, 0
	for _, data := range files {
		total += len(data)
	}
	for _, q := range []string{"timeout", "cache control", "payload too large", "unproc", "41"} {
		most = max(most, firstQuery(files, q))
	}
	b.ReportMetric(float64(total>>10), "KB-index")
	b.ReportMetric(float64(most>>10), "KB-first-query")
}

// firstQuery is how many bytes of files a query reads the first time (see
// BenchmarkIndex).
func firstQuery(files map[string][]byte, q string) int {
	var meta struct{ Shards []string }
	_ = json.Unmarshal(files["meta.json"], &meta)
	read := len(files["meta.json"])
	var results []int
	words := Tokens(q, Bigrams)
	for i, w := range words {
		names := map[string]bool{fmt.Sprintf("t-%d.json", shardOf(meta.Shards, w.Text)): true}
		prefix := i == len(words)-1
		for k, first := range meta.Shards {
			if prefix && strings.HasPrefix(first, w.Text) {
				names[fmt.Sprintf("t-%d.json", k)] = true
			}
		}
		for name := range names {
			data := files[name]
			read += len(data)
			var shard map[string][]int
			_ = json.Unmarshal(data, &shard)
			for tok, ps := range shard {
				if tok == w.Text || prefix && strings.HasPrefix(tok, w.Text) {
					results = append(results, bestDocs(ps, 8-len(results))...)
				}
			}
		}
	}
	chunks := map[int]bool{}
	for _, d := range results {
		chunks[d/chunkSize] = true
	}
	for k := range chunks {
		read += len(files[fmt.Sprintf("d-%d.json", k)])
	}
	return read
}

// bestDocs are the documents of the best n of a token's postings, as a
// shard has them (pairs by document: the gap, weight + 80 × piece).
func bestDocs(ps []int, n int) []int {
	var list []posting
	doc := 0
	for j := 0; j+1 < len(ps); j += 2 {
		doc += ps[j]
		list = append(list, posting{doc: int32(doc), weight: uint8(ps[j+1] % weights)})
	}
	var docs []int
	for _, p := range best(list)[:min(len(list), max(n, 0))] {
		docs = append(docs, int(p.doc))
	}
	return docs
}

// docOf is a page's markdown as a document: its sections split at "## ".
func docOf(path, md string) Doc {
	d := Doc{URL: "/" + path}
	for i, part := range strings.Split(md, "\n## ") {
		if i == 0 {
			if _, rest, ok := strings.Cut(part, "title: "); ok {
				d.Title, _, _ = strings.Cut(rest, "\n")
			}
			d.Sections = append(d.Sections, Section{Text: part})
			continue
		}
		head, text, _ := strings.Cut(part, "\n")
		d.Sections = append(d.Sections, Section{ID: strings.ToLower(head), Heading: head, Text: text})
	}
	return d
}

// TestHeadsJSON checks which headings a chunk writes without their id:
// those the search engine gives the same id (ASCII, lowercased, "_" for
// each space).
func TestHeadsJSON(t *testing.T) {
	for _, c := range []struct {
		id, heading, want string
	}{
		{"", "", `[""]`},
		{"status", "Status", `["Status"]`},
		{"see_also", "See also", `["See also"]`},
		{"content_2", "Content", `[["content_2","Content"]]`},   // stepped around a layout's id
		{"a-b", "A-B", `["A-B"]`},                               // kept as written
		{"例", "例", `[["例","例"]]`},                               // not ASCII: lowercased otherwise in JavaScript
		{"ǆ", "ǅ", `[["ǆ","ǅ"]]`},                               // titlecase: Go and JavaScript may differ
		{"see_also", "See  also", `[["see_also","See  also"]]`}, // two spaces
		{"x<y", "X<Y", `["X<Y"]`},                               // "<" unescaped
		{"retry-after_header", "Retry-After header", `["Retry-After header"]`},
	} {
		if got := string(headsJSON([][2]string{{c.id, c.heading}})); got != c.want {
			t.Errorf("headsJSON(%q, %q) = %s, want %s", c.id, c.heading, got, c.want)
		}
	}
}

// TestBodyWeight checks that a page about a word outweighs a page that
// names it once, and a short page one as long as the average.
func TestBodyWeight(t *testing.T) {
	for _, c := range []struct{ count, length, want int }{
		{1, 10, 16 + 12},
		{1, avgBody, 16 + 7},
		{6, avgBody, 16 + 13},
		{100, avgBody, 16 + 15},
		{1, 100 * avgBody, 16 + 1},
	} {
		if got := bodyWeight(c.count, c.length); got != c.want {
			t.Errorf("bodyWeight(%d, %d) = %d, want %d", c.count, c.length, got, c.want)
		}
	}
}

// BenchmarkAnalyze analyzes the pages of content/ and ../shared/corpus (as
// text: their markdown), and reports the cost per token.
func BenchmarkAnalyze(b *testing.B) {
	var docs []Doc
	for _, root := range []string{"../../content", "../../../shared/corpus/mdn/files"} {
		_ = fs.WalkDir(os.DirFS(root), ".", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
				data, _ := fs.ReadFile(os.DirFS(root), p)
				docs = append(docs, docOf(p, string(data)))
			}
			return nil
		})
	}
	tokens := 0
	for _, d := range docs {
		for _, s := range d.Sections {
			tokens += len(Tokens(s.Text, Unigrams))
		}
	}
	b.ResetTimer()
	for b.Loop() {
		for _, d := range docs {
			Analyze(d)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*tokens), "ns/token")
	b.ReportMetric(float64(len(docs)), "pages")
}

// best is the best maxPostings of ps, by weight then document, as sorting
// them all finds them: what keepBest keeps, in another order.
func best(ps []posting) []posting {
	slices.SortFunc(ps, func(a, b posting) int { return cmp.Or(cmp.Compare(b.weight, a.weight), cmp.Compare(a.doc, b.doc)) })
	return ps[:min(len(ps), maxPostings)]
}

// TestKeepBest checks keepBest against sorting, on postings in the order
// of documents and not, with few weights (many ties) and many.
func TestKeepBest(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for round := range 300 {
		var all []posting
		for d := range rng.IntN(3 * maxPostings) {
			all = append(all, posting{doc: int32(d), weight: uint8(rng.IntN(1 + round%70)), section: uint8(rng.IntN(3))})
		}
		if round%2 == 1 {
			rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
		}
		got, floor := keepBest(slices.Clone(all))
		if !inDocOrder(got) {
			t.Fatalf("round %d: kept postings not in the order of documents", round)
		}
		want := best(slices.Clone(all))
		if !slices.Equal(best(slices.Clone(got)), want) {
			t.Fatalf("round %d: kept %d postings, want %d", round, len(got), len(want))
		}
		if len(all) > maxPostings && floor != want[len(want)-1].weight {
			t.Fatalf("round %d: floor %d, want %d", round, floor, want[len(want)-1].weight)
		}
	}
}

// TestCutBest checks that cutting postings as they are added keeps what
// sorting them all would: the best maxPostings by weight, then document,
// whatever the order they came in.
func TestCutBest(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		var all []posting
		for d := range 3 * maxPostings {
			all = append(all, posting{doc: int32(d), weight: uint8(16 + rng.IntN(4+round%60))})
		}
		rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
		ix := NewIndex(false)
		for _, p := range all {
			ix.Add(int(p.doc), Doc{}, &Entry{Terms: []Term{{Text: "t", Weight: int(p.weight)}}})
		}
		got := best(slices.Clone(ix.postings["t"].list))
		want := best(slices.Clone(all))
		if !slices.Equal(got, want) {
			t.Fatalf("round %d: kept %v, want %v", round, got[:5], want[:5])
		}
	}
}

// TestAppendTermOrder checks that a token's postings are written the same
// whether its documents were added in order (which appendTerm writes as
// they are) or not.
func TestAppendTermOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{1, 2, 40, maxPostings, maxPostings + 1, 2 * cutAt} {
		var all []posting
		for d := range n {
			all = append(all, posting{doc: int32(3 * d), section: uint8(rng.IntN(3)), weight: uint8(16 + rng.IntN(40))})
		}
		write := func(ps []posting) string {
			ix := NewIndex(false)
			for _, p := range ps {
				ix.Add(int(p.doc), Doc{}, &Entry{Terms: []Term{{Text: "t", Weight: int(p.weight), Section: int(p.section)}}})
			}
			return string(ix.appendTerm(nil, "t"))
		}
		inOrder := write(all)
		rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
		if shuffled := write(all); shuffled != inOrder {
			t.Errorf("%d postings: added in order %.80s…, shuffled %.80s…", n, inOrder, shuffled)
		}
	}
}

// TestIndexReplace replaces documents of an index that keeps its postings
// (the preview's) at random, writing only the files that change, and
// checks that what the files then say, read as the engine reads them,
// is what an index of the final documents says.
func TestIndexReplace(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	words := strings.Fields("cache timeout found moved gone teapot proxy gateway retry after 逾時 請求 找不到 キャッシュ a b c d e f g h")
	text := func() string {
		var b strings.Builder
		for range 5 + rng.IntN(40) {
			b.WriteString(words[rng.IntN(len(words))] + fmt.Sprint(rng.IntN(30)) + " ")
		}
		return b.String()
	}
	docs := make([]Doc, 400)
	for i := range docs {
		docs[i] = Doc{Title: text(), URL: fmt.Sprintf("/d/%d/", i), Sections: []Section{{Text: text()}}}
	}
	ix := NewIndex(true)
	entries := make([]Entry, len(docs))
	for i, d := range docs {
		entries[i] = Analyze(d)
		ix.Add(i, d, &entries[i])
	}
	files := maps.Collect(ix.Files())
	for round := range 30 {
		// Every tenth round rewrites a few documents whole; the others
		// change a word of one, as a writer does.
		for range 1 + rng.IntN(3) {
			i := rng.IntN(len(docs))
			if round%10 == 0 {
				docs[i] = Doc{Title: text(), URL: docs[i].URL, Sections: []Section{{Text: text()}, {ID: "h", Heading: text(), Text: text()}}}
			} else {
				old := docs[i].Sections[0].Text
				docs[i].Sections = []Section{{Text: strings.Replace(old, " ", " "+words[rng.IntN(len(words))]+" ", 1)}}
			}
			e := Analyze(docs[i])
			ix.Add(i, docs[i], &e)
			if round%10 == 0 {
				break
			}
		}
		changed := maps.Collect(ix.Files())
		maps.Copy(files, changed)
		fresh := NewIndex(false)
		for i, d := range docs {
			e := Analyze(d)
			fresh.Add(i, d, &e)
		}
		want := maps.Collect(fresh.Files())
		if got, want := termsOf(t, files), termsOf(t, want); !maps.EqualFunc(got, want, slices.Equal) {
			t.Fatalf("round %d: the files written say other postings than an index of the same documents", round)
		}
		for k := 0; k*chunkSize < len(docs); k++ {
			name := fmt.Sprintf("d-%d.json", k)
			if !bytes.Equal(files[name], want[name]) {
				t.Fatalf("round %d: %s is %s, want %s", round, name, files[name], want[name])
			}
		}
		shards, written := 0, 0
		for name := range files {
			if strings.HasPrefix(name, "t-") {
				shards++
				if changed[name] != nil {
					written++
				}
			}
		}
		if shards < 8 || round%10 != 0 && written > shards/2 {
			t.Errorf("round %d: %d of %d shards written again", round, written, shards)
		}
	}
}

// termsOf is every token of an index's files, with its postings, checked
// to be in the shard that meta.json says holds it.
func termsOf(t *testing.T, files map[string][]byte) map[string][]int {
	t.Helper()
	var meta struct{ Shards []string }
	if err := json.Unmarshal(files["meta.json"], &meta); err != nil {
		t.Fatal(err)
	}
	terms := map[string][]int{}
	for k := range meta.Shards {
		var shard map[string][]int
		if err := json.Unmarshal(files[fmt.Sprintf("t-%d.json", k)], &shard); err != nil {
			t.Fatal(err)
		}
		for tok, ps := range shard {
			if shardOf(meta.Shards, tok) != k {
				t.Fatalf("%q is in shard %d, where the engine does not look", tok, k)
			}
			terms[tok] = ps
		}
	}
	return terms
}

// buildIndex returns the files of an index of docs, numbered in order:
// what a locale's index is, made at once, as the tests and the benchmark
// want it (the build adds pages as they render).
func buildIndex(docs []Doc) map[string][]byte {
	ix := NewIndex(false)
	for i, d := range docs {
		e := Analyze(d)
		ix.Add(i, d, &e)
	}
	return maps.Collect(ix.Files())
}

// TestTermSection checks which section a term points to: for the body,
// the one whose text has it most (the first of those); for a heading, its
// own; for the title and code, the first.
func TestTermSection(t *testing.T) {
	d := Doc{Title: "Gateway", Code: "504", Sections: []Section{
		{Text: "proxy once, later"},
		{ID: "a", Heading: "A", Text: "proxy proxy, later"},
		{ID: "b", Heading: "Later", Text: "proxy proxy gateway"},
	}}
	want := map[string]int{"proxy": 1, "later": 2, "gateway": 0, "504": 0, "once": 0, "a": 1}
	for _, term := range Analyze(d).Terms {
		if s, ok := want[term.Text]; ok && term.Section != s {
			t.Errorf("%q points to section %d, want %d", term.Text, term.Section, s)
		}
		delete(want, term.Text)
	}
	if len(want) > 0 {
		t.Errorf("no terms %v", want)
	}
}

// TestFilesWorkers checks that an index encoded by several goroutines
// (SetWorkers) writes the same files as one encoded by one, whatever the
// number of documents and tokens: none, fewer than the workers, many.
func TestFilesWorkers(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{0, 1, 3, 700} {
		ixs := []*Index{NewIndex(false), NewIndex(false)}
		for i := range n {
			var b strings.Builder
			for range 20 + rng.IntN(200) {
				fmt.Fprintf(&b, "w%d ", rng.IntN(3000))
			}
			d := Doc{Title: fmt.Sprintf("t%d", rng.IntN(50)), URL: fmt.Sprintf("/d/%d/", i), Sections: []Section{{Text: b.String()}}}
			e := Analyze(d)
			for _, ix := range ixs {
				ix.Add(i, d, &e)
			}
		}
		for _, workers := range []int{2, 3, 8} {
			ixs[1].SetWorkers(workers)
			one, more := maps.Collect(ixs[0].Files()), maps.Collect(ixs[1].Files())
			if len(one) != len(more) {
				t.Fatalf("%d documents, %d workers: %d files, want %d", n, workers, len(more), len(one))
			}
			for name, data := range one {
				if !bytes.Equal(more[name], data) {
					t.Errorf("%d documents, %d workers: %s differs from one worker's", n, workers, name)
				}
			}
		}
	}
}

// TestEntryRoundTrip checks that an entry written by AppendEntry and read
// by DecodeEntry, its strings interned or sharing the bytes read, makes
// the index the entry itself makes; and that damaged bytes are an error.
func TestEntryRoundTrip(t *testing.T) {
	docs := []Doc{
		{Title: "404 Not Found", Code: "404", URL: "/a/", Sections: []Section{{Text: "The server cannot find the page."},
			{ID: "see_also", Heading: "See also", Text: "410 Gone, redirects."}}},
		{Title: "418 I'm a teapot", Code: "418", URL: "/b/", Sections: []Section{{Text: "短くて太った 逾時 teapot."}}},
	}
	want := NewIndex(false)
	got := map[string]*Index{"interned": NewIndex(false), "shared": NewIndex(false)}
	intern := map[string]string{}
	for i, d := range docs {
		e := Analyze(d)
		want.Add(i, d, &e)
		b := AppendEntry(nil, &e)
		for name, ix := range got {
			var m map[string]string
			if name == "interned" {
				m = intern
			}
			dec, err := DecodeEntry(b, m)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			ix.Add(i, d, &dec)
		}
		if _, err := DecodeEntry(b[:len(b)-1], nil); err == nil {
			t.Errorf("an entry cut short decodes")
		}
	}
	files := maps.Collect(want.Files())
	for name, ix := range got {
		if !maps.EqualFunc(maps.Collect(ix.Files()), files, bytes.Equal) {
			t.Errorf("%s: the index of the decoded entries differs", name)
		}
	}
}

// jsonStrings are tokens appendJSONString takes as they are, and ones it
// hands to encoding/json.
var jsonStrings = []string{"", "status", "404", "逾時", "schlüssel", "a\"b", `a\b`, "tab\there", "nl\n", "\x00", "\x1f",
	"line\u2028sep", "para\u2029sep", "<&>", "\xff\xfe", "ok\xe2\x80", "—…€", "\x7f"}

// TestAppendJSONString checks appendJSONString against mustJSON.
func TestAppendJSONString(t *testing.T) {
	for _, s := range jsonStrings {
		if got, want := appendJSONString([]byte("x"), s), append([]byte("x"), mustJSON(s)...); string(got) != string(want) {
			t.Errorf("%q: %s, want %s", s, got, want)
		}
	}
}

// FuzzAppendJSONString compares appendJSONString with encoding/json on any
// string.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range jsonStrings {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := appendJSONString(nil, s), mustJSON(s); string(got) != string(want) {
			t.Errorf("%q: %s, want %s", s, got, want)
		}
	})
}

// TestChunk checks that chunk writes what encoding/json does of a chunk's
// documents (mustJSON of each [title, URL, code, fallback, headings], null
// for a number with none): with escapes, "<>&", U+2028, bytes that are not
// UTF-8 and headings of every kind.
func TestChunk(t *testing.T) {
	ix := NewIndex(false)
	titles := []string{"404 Not Found", `a "quoted" \ title`, "<b>&amp;</b>", "line\u2028sep", "bad \xff byte", "tab\there", "日本語"}
	for n := range 2*chunkSize + 3 {
		if n%5 == 3 {
			continue // a number no document has
		}
		title := titles[n%len(titles)]
		e := Analyze(Doc{Title: title, Sections: []Section{{Text: "Some text."}, {ID: "x", Heading: "Échec <2>", Text: "More."}, {ID: "why", Heading: "Why", Text: "."}}})
		ix.Add(n, Doc{Title: title, URL: "/en-US/docs/" + title, Code: fmt.Sprint(n), Fallback: n%2 == 0}, &e)
	}
	for k := range (len(ix.docs) + chunkSize - 1) / chunkSize {
		var want []any
		for _, d := range ix.docs[k*chunkSize : min(len(ix.docs), (k+1)*chunkSize)] {
			if !d.added {
				want = append(want, nil)
				continue
			}
			want = append(want, []any{d.Title, d.URL, d.Code, d.Fallback, d.heads})
		}
		if got, want := string(ix.chunk(k)), string(mustJSON(want)); got != want {
			t.Errorf("chunk %d:\ngot  %s\nwant %s", k, got, want)
		}
	}
}
