package build

import (
	"bytes"
	"cmp"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"statusdocs/generator/content"
	"statusdocs/generator/flaw"
	"statusdocs/generator/internal/plainfile"
	"statusdocs/generator/output"
)

var (
	warmEdits = flag.Int("warm-edits", 200, "how many edits TestWarmEdits makes, in sequences of 50")
	warmSeed  = flag.Uint64("warm-seed", 0, "seed of TestWarmEdits's first sequence (0: from the clock)")
)

// TestWarmEdits is the build cache's property test: it makes random
// sequences of edits to a small site in three or four locales (text,
// headings and links, titles, new and deleted pages, translations,
// redirects, the sidebar, bundle images, broken front matter, a layout, a
// UI string, the configuration),
// builds warm into one folder after each edit and cold into another, and
// wants the same files, byte for byte, and the same result. An edit of a
// page's text alone must be a warm build that renders that page alone.
func TestWarmEdits(t *testing.T) {
	seed := *warmSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	const perSeq = 50
	var text, warm int // edits of one page's text; those that rendered that page alone
	for n := 0; n < *warmEdits; n += perSeq {
		s := seed + uint64(n/perSeq)
		t.Run(fmt.Sprint("seed=", s), func(t *testing.T) {
			t.Logf("go test ./generator/build -run 'TestWarmEdits' -warm-edits %d -warm-seed %d", min(perSeq, *warmEdits-n), s)
			a, b := runEdits(t, s, min(perSeq, *warmEdits-n))
			text, warm = text+a, warm+b
		})
	}
	// Some edits of text render nothing (a file written again as it was,
	// a page left out), but most render their page.
	t.Logf("%d edits of one page's text, %d warm builds that rendered that page alone", text, warm)
	if !t.Failed() && warm*2 < text {
		t.Errorf("of %d edits of one page's text, only %d were warm builds that rendered one page", text, warm)
	}
}

// TestWarmEditsMapped is TestWarmEdits with every file of the cache that
// a build reads whole mapped into memory (plainfile.Map), as a large
// site's are: the build must never write into their bytes, which are
// read-only.
func TestWarmEditsMapped(t *testing.T) {
	defer func(n int64) { plainfile.MinMapped = n }(plainfile.MinMapped)
	plainfile.MinMapped = 1
	seed := *warmSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("go test ./generator/build -run 'TestWarmEditsMapped' -warm-seed %d", seed)
	runEdits(t, seed, 50)
}

// TestWarmEditsGit is TestWarmEdits with the content in a git repository,
// and two more kinds of edit: a commit of everything, a day after the
// last, which dates pages and puts translations behind; and a
// translation's sourceCommit set to a commit of the history.
func TestWarmEditsGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	seed := *warmSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("go test ./generator/build -run 'TestWarmEditsGit' -warm-seed %d", seed)
	gitEdits = true
	defer func() { gitEdits = false }()
	runEdits(t, seed, 50)
}

// gitEdits makes runEdits's sites git repositories (TestWarmEditsGit).
var gitEdits bool

// runEdits makes n random edits of a new site and checks the build after
// each; it returns how many edits were of one page's text, and how many of
// those were warm builds that rendered one page.
func runEdits(t *testing.T, seed uint64, n int) (text, warm int) {
	e := newEditSite(t, seed)
	outA, outB := filepath.Join(e.dir, "warm"), filepath.Join(e.dir, "cold")
	e.sync()
	all := editKinds
	if e.git {
		e.repo = &gitRepo{t: t, dir: filepath.Join(e.dir, "content")}
		e.repo.git("init", "-q")
		e.editCommit()
		all = append(slices.Clip(all), gitKinds...)
	}
	if res := dirBuild(t, e.config(), outA, true); res.Pages["en-US"] < 10 {
		t.Fatalf("the first build wrote %v pages: %v", res.Pages, res.Flaws)
	}
	kinds := slices.Clone(all)
	e.rng.Shuffle(len(kinds), func(i, j int) { kinds[i], kinds[j] = kinds[j], kinds[i] })
	var log []string
	for i := range n {
		k := all[e.rng.IntN(len(all))]
		if i < len(kinds) { // each kind once, then at random
			k = kinds[i]
		}
		what := k.edit(e)
		log = append(log, fmt.Sprintf("%d %s: %s", i, k.name, what))
		e.sync()
		cfg := e.config()
		resA := dirBuild(t, cfg, outA, true)
		resB := dirBuild(t, cfg, outB, false)
		if msg := sameBuild(outA, outB, resA, resB); msg != "" {
			t.Fatalf("after edits\n  %s\nthe warm build (%s) differs from a cold build: %s", strings.Join(log, "\n  "), resA.Cache, msg)
		}
		for _, f := range resB.Flaws {
			if f.Kind == flaw.Internal {
				t.Fatalf("after edits\n  %s\nthe build failed: %v", strings.Join(log, "\n  "), f)
			}
		}
		if k.body && (!strings.HasPrefix(resA.Cache, "warm build: ") || resA.Rendered > 1) {
			t.Fatalf("after edits\n  %s\nan edit of one page's text gave %q, %d pages rendered", strings.Join(log, "\n  "), resA.Cache, resA.Rendered)
		}
		if k.body {
			text++
		}
		if k.body && resA.Rendered == 1 {
			warm++
		}
	}
	return text, warm
}

// TestWarmSearchPatch: a warm build patches the files of an index with
// the pages it renders (search.Patch), or writes the index whole when
// they cannot show the change: "common" is in 300 pages, more than a
// token's postings keep, and a page among the best that loses it must
// bring back one that was cut. Either way the output is a cold build's.
func TestWarmSearchPatch(t *testing.T) {
	dir := t.TempDir()
	page := func(n int, text string) {
		folder := filepath.Join(dir, "content", "en-us", "web", "topic", fmt.Sprintf("p%03d", n))
		md := fmt.Sprintf("---\ntitle: Page %d\nslug: Web/Topic/p%03d\n---\n\n%s\n", n, n, text)
		if err := os.MkdirAll(folder, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(folder, "index.md"), []byte(md), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for n := range 300 {
		page(n, fmt.Sprintf("A common word, and one of its own: only%d.", n))
	}
	// A translation: the other pages are shown in English in zh-TW, and
	// are in its index too.
	zh := filepath.Join(dir, "content", "zh-tw", "web", "topic", "p000", "index.md")
	if err := os.MkdirAll(filepath.Dir(zh), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(zh, []byte("---\ntitle: 第零頁\nslug: Web/Topic/p000\nl10n:\n  sourceCommit: 0123456789abcdef0123456789abcdef01234567\n---\n\n一個字。\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(dir, "content")
	cfg := Config{Content: []content.Root{{Name: "content", FS: content.DirFS(root), Dir: root}},
		Layouts: content.DirFS("../../layouts"), LayoutsName: "layouts", NoGit: true, FreeSources: true}
	warmOut := filepath.Join(dir, "warm")
	dirBuild(t, cfg, warmOut, true)
	for _, edit := range []struct {
		n       int
		text    string
		patched int // indexes patched: 0 when the index is written whole
	}{
		{5, "A common word, and two of its own: only5 and again5.", 0}, // common weighs less in 5 than the worst of its best
		{7, "A word of its own: only7.", 0},                            // a best posting of common gone
		{7, "A common word, back: only7.", 0},                          // of, its and own gone, each with a best posting
		{299, "Common, common, common: the best of them now.", 2},      // common's best gain 299, lose 255 (en-US and zh-TW)
		{5, "Common, common.", 0},                                      // most of its words gone again
		{8, "A common word, and one of its own: only8. More.", 2},      // a word more, each weighing as it did
	} {
		time.Sleep(10 * time.Millisecond) // a time of modification the last build cannot have seen
		page(edit.n, edit.text)
		warm := dirBuild(t, cfg, warmOut, true)
		if warm.Rendered != 1 || warm.Patched != edit.patched {
			t.Fatalf("page %d edited: %d pages rendered and %d indexes patched, want 1 and %d (%s)", edit.n, warm.Rendered, warm.Patched, edit.patched, warm.Cache)
		}
		coldOut := filepath.Join(t.TempDir(), "cold")
		cold := dirBuild(t, cfg, coldOut, false)
		if diff := sameBuild(warmOut, coldOut, warm, cold); diff != "" {
			t.Fatalf("page %d edited: the warm build differs from a cold build: %s", edit.n, diff)
		}
	}
}

// dirBuild builds cfg into out, with the build cache or without.
func dirBuild(t *testing.T, cfg Config, out string, cache bool) *Result {
	t.Helper()
	b, err := NewDirBuild(cfg, out, cache)
	if err != nil {
		t.Fatal(err)
	}
	res, err := b.Build()
	if err != nil {
		_ = b.Abort()
		t.Fatalf("build: %v", err)
	}
	if err := b.Commit(); err != nil {
		t.Fatalf("commit: %v", err)
	}
	return res
}

// sameBuild says how two builds differ: their files, then their results.
func sameBuild(dirA, dirB string, a, b *Result) string {
	filesA, filesB := readTree(dirA), readTree(dirB)
	for _, name := range slices.Sorted(maps.Keys(filesB)) {
		da, ok := filesA[name]
		switch {
		case !ok:
			return name + " is missing"
		case !bytes.Equal(da, filesB[name]):
			return name + " differs:\n" + firstDiff(da, filesB[name])
		}
	}
	for _, name := range slices.Sorted(maps.Keys(filesA)) {
		if _, ok := filesB[name]; !ok {
			return name + " is left over"
		}
	}
	flaws := func(r *Result) []string {
		var s []string
		for _, f := range r.Flaws {
			s = append(s, f.String())
		}
		return s
	}
	for _, c := range []struct {
		what string
		a, b any
	}{
		{"flaws", flaws(a), flaws(b)},
		{"pages", a.Pages, b.Pages},
		{"fallbacks", a.Fallbacks, b.Fallbacks},
		{"files", a.Files, b.Files},
		{"counted", a.Counted, b.Counted},
		{"notes", a.Notes, b.Notes},
	} {
		if !reflect.DeepEqual(c.a, c.b) {
			return fmt.Sprintf("%s: warm %v, cold %v", c.what, c.a, c.b)
		}
	}
	return ""
}

// readTree reads every file below dir, by slash path, but the marker,
// which names the build (output.WriteMarker).
func readTree(dir string) map[string][]byte {
	files := map[string][]byte{}
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == output.Marker {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = append(data, fmt.Sprint(err)...)
		return nil
	})
	return files
}

// firstDiff shows the first line where a (warm) and b (cold) differ.
func firstDiff(a, b []byte) string {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range max(len(la), len(lb)) {
		x, y := "", ""
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			short := func(s string) string { return s[:min(len(s), 400)] }
			return fmt.Sprintf("line %d\n  warm: %s\n  cold: %s", i+1, short(x), short(y))
		}
	}
	return "(the same lines)"
}

// editSite is the model of a site that TestWarmEdits edits: its pages,
// redirects, sidebar and theme, written to dir by sync.
type editSite struct {
	t           *testing.T
	rng         *rand.Rand
	dir         string // the temporary folder: content/, layouts/, the outputs
	pages       []*editPage
	redirs      []string
	sidebar     []string // the sidebar's en-US labels
	sidebarLink string   // a link of the sidebar, to a page's heading
	footer      string   // text added to the layouts' footer
	uiFr        string   // the French license line
	touch       string   // a file to write again as it is, by sync
	stubs       bool     // Config.RedirectStubs
	budget      int64    // Config.SourceBudget
	keep        bool     // not Config.FreeSources, as serve builds
	written     map[string]string
	git         bool     // content/ is a git repository (gitEdits)
	repo        *gitRepo // it, then
	commits     []string // its commits, oldest first
}

type editPage struct {
	locale, slug, title string
	sections            []editSection // the first has no heading
	image               []byte        // en-US: a diagram.png beside it, shown; nil for none
	broken              bool          // its front matter does not parse
	sidebarMacro        bool          // it calls {{HTTPSidebar}}
	sourceCommit        string        // a translation's l10n.sourceCommit; "" for one no history has
}

type editSection struct {
	heading string
	text    []string
}

var (
	editCodes   = []string{"200", "201", "204", "301", "302", "304", "400", "401", "403", "404", "405", "410", "418", "429", "500", "503"}
	editLocales = []string{"fr", "ja", "de", "es"}
	editWords   = strings.Fields("server client request response cache header body redirect method origin proxy token retry " +
		"status resource agent browser route network fresh stale reply entity")
	editHeadings = []string{"Status", "Examples", "See also", "Specifications", "Caching", "Retries", "Überblick", "例"}
)

const statusSlug = "Web/HTTP/Reference/Status"

func newEditSite(t *testing.T, seed uint64) *editSite {
	e := &editSite{t: t, rng: rand.New(rand.NewPCG(seed, 20)), dir: t.TempDir(), written: map[string]string{}, git: gitEdits,
		sidebar: []string{"HTTP status codes", "Every status code"}, uiFr: "Contenu sous licence CC BY-SA 2.5."}
	e.stubs, e.budget, e.keep = e.rng.IntN(2) == 0, int64(e.rng.IntN(2))<<20, e.rng.IntN(4) == 0
	if err := os.CopyFS(filepath.Join(e.dir, "layouts"), os.DirFS("../../layouts")); err != nil {
		t.Fatal(err)
	}
	e.pages = append(e.pages, &editPage{locale: "en-US", slug: statusSlug, title: "HTTP response status codes",
		sections: []editSection{{text: []string{"Every code."}}, {heading: "Successful responses", text: []string{"2xx."}}}})
	for _, code := range editCodes[:10] {
		e.newPage("en-US", statusSlug+"/"+code)
	}
	e.pages[3].image = e.newImage()
	for range 8 {
		e.translate()
	}
	e.sidebarLink = e.link()
	e.redirs = []string{"/en-US/docs/Old\t/en-US/docs/" + statusSlug}
	return e
}

func (e *editSite) config() Config {
	dir := filepath.Join(e.dir, "content")
	return Config{
		Content:      []content.Root{{Name: "content", FS: content.DirFS(dir), Dir: dir}},
		Layouts:      content.DirFS(filepath.Join(e.dir, "layouts")),
		LayoutsName:  "layouts",
		SiteURL:      "https://status.example.org",
		ExternalBase: "https://developer.mozilla.org",
		NoGit:        !e.git, FreeSources: !e.keep, CountInfo: true,
		RedirectStubs: e.stubs, SourceBudget: e.budget, checkHeads: true,
	}
}

// files is the site as files, by slash path in dir.
func (e *editSite) files() map[string]string {
	files := map[string]string{}
	for _, p := range e.pages {
		folder := "content/" + strings.ToLower(p.locale) + "/" + content.Folder(p.slug)
		files[folder+"/index.md"] = p.markdown()
		if p.image != nil {
			files[folder+"/diagram.png"] = string(p.image)
		}
	}
	files["content/en-us/_redirects.txt"] = "# FROM-URL\tTO-URL\n" + strings.Join(e.redirs, "\n") + "\n"
	files["content/sidebars/http.yaml"] = fmt.Sprintf(`sidebar:
  - type: section
    link: /%s
    title: Codes
  - type: listSubPages
    path: /%s
    title: All
  - title: More
    children:
      - link: %s
        title: Anchor
l10n:
  en-US:
    Codes: %q
    All: %q
  fr:
    Codes: Codes de statut
`, statusSlug, statusSlug, e.sidebarLink, e.sidebar[0], e.sidebar[1])
	return files
}

// sync writes the files that changed since the last sync and removes the
// ones gone, and edits the two theme files.
func (e *editSite) sync() {
	files := e.files()
	for name, text := range files {
		if e.written[name] == text && name != e.touch {
			continue
		}
		e.write(name, text)
	}
	for name := range e.written {
		if _, ok := files[name]; !ok {
			if err := os.Remove(filepath.Join(e.dir, name)); err != nil {
				e.t.Fatal(err)
			}
		}
	}
	e.written, e.touch = files, ""
	e.replace("layouts/partials/footer.html", regexp.MustCompile(`</footer>`), e.footer+"</footer>")
	e.replace("layouts/i18n/fr.yaml", regexp.MustCompile(`(?m)^license: .*$`), "license: "+e.uiFr)
}

func (e *editSite) write(name, text string) {
	p := filepath.Join(e.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		e.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		e.t.Fatal(err)
	}
}

// replace writes the theme file name as in the repository with what old
// matches replaced by new, when that changes what is there.
func (e *editSite) replace(name string, old *regexp.Regexp, new string) {
	orig, err := os.ReadFile(filepath.Join("../..", name))
	if err != nil || !old.Match(orig) {
		e.t.Fatalf("%s: %v, or no %s in it", name, err, old)
	}
	text := old.ReplaceAllLiteralString(string(orig), new)
	if now, _ := os.ReadFile(filepath.Join(e.dir, name)); string(now) != text {
		e.write(name, text)
	}
}

func (p *editPage) markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %q\nslug: %s\n", p.title, p.slug)
	if p.broken {
		b.WriteString("tags: [unclosed\n")
	}
	if p.locale == "en-US" {
		b.WriteString("page-type: http-status-code\nsidebar: http\n")
	} else {
		commit := cmp.Or(p.sourceCommit, "0123456789abcdef0123456789abcdef01234567")
		b.WriteString("l10n:\n  sourceCommit: " + commit + "\n")
	}
	b.WriteString("---\n")
	if p.sidebarMacro {
		b.WriteString("\n{{HTTPSidebar}}\n")
	}
	if p.image != nil {
		b.WriteString("\n![A diagram](diagram.png)\n")
	}
	for _, s := range p.sections {
		if s.heading != "" {
			fmt.Fprintf(&b, "\n## %s\n", s.heading)
		}
		for _, t := range s.text {
			fmt.Fprintf(&b, "\n%s\n", t)
		}
	}
	return b.String()
}

func (e *editSite) pick(from []string) string { return from[e.rng.IntN(len(from))] }

func (e *editSite) page() *editPage { return e.pages[e.rng.IntN(len(e.pages))] }

func (e *editSite) lookup(locale, slug string) *editPage {
	for _, p := range e.pages {
		if p.locale == locale && p.slug == slug {
			return p
		}
	}
	return nil
}

func (e *editSite) english() []*editPage {
	var en []*editPage
	for _, p := range e.pages {
		if p.locale == "en-US" {
			en = append(en, p)
		}
	}
	return en
}

// sentence is a few words with, at times, a link to a page of the site
// (to one of its headings, or to a fragment that is not there), a page
// that is not, an old URL that a redirect may send on, or a macro.
func (e *editSite) sentence(locale string) string {
	words := []string{e.pick(editWords), e.pick(editWords), e.pick(editWords)}
	switch e.rng.IntN(6) {
	case 0, 1:
		words = append(words, fmt.Sprintf("[%s](/%s/docs%s)", e.pick(editWords), locale, e.link()))
	case 2:
		words = append(words, fmt.Sprintf("{{HTTPStatus(%s)}}", e.pick(editCodes)))
	case 3:
		words = append(words, fmt.Sprintf("[gone](/%s/docs/Web/HTTP/Gone_%d)", locale, e.rng.IntN(3)))
	case 4: // through a redirect, when there is one
		words = append(words, fmt.Sprintf("[moved](/%s/docs/Web/HTTP/Status/%s)", locale, e.pick(editCodes)))
	}
	return strings.Join(words, " ") + "."
}

// link is the path of a page below /docs, with one of its headings or a
// fragment that is not there.
func (e *editSite) link() string {
	target := e.page()
	frag := "nowhere"
	if len(target.sections) > 1 && e.rng.IntN(4) > 0 {
		frag = headingID(target.sections[1+e.rng.IntN(len(target.sections)-1)].heading)
	}
	return "/" + target.slug + "#" + frag
}

// headingID is the id of a heading of words: lowercase, spaces as
// underscores.
func headingID(h string) string { return strings.ReplaceAll(strings.ToLower(h), " ", "_") }

func (e *editSite) newPage(locale, slug string) *editPage {
	p := &editPage{locale: locale, slug: slug, title: path.Base(slug) + " " + e.pick(editWords),
		sections: []editSection{{text: []string{e.sentence(locale)}}}}
	for range e.rng.IntN(3) {
		p.sections = append(p.sections, editSection{heading: e.pick(editHeadings), text: []string{e.sentence(locale)}})
	}
	e.pages = append(e.pages, p)
	return p
}

// translate adds a translation of an en-US page that a locale lacks.
func (e *editSite) translate() string {
	en := e.english()
	src, loc := en[e.rng.IntN(len(en))], e.pick(editLocales[:3])
	if e.rng.IntN(8) == 0 {
		loc = "es" // a new locale: every page falls back to it
	}
	if e.lookup(loc, src.slug) != nil {
		return "none: " + loc + " has " + src.slug
	}
	e.newPage(loc, src.slug)
	return loc + " " + src.slug
}

// gitKinds are the edits of a site in a git repository.
var gitKinds = []editKind{
	{"commit", false, (*editSite).editCommit},
	{"stamp", false, (*editSite).editStamp},
}

// editCommit commits everything, a day after the last commit.
func (e *editSite) editCommit() string {
	e.sync()
	date := time.Date(2030, 1, 1+len(e.commits), 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
	e.commits = append(e.commits, e.repo.commitAt(fmt.Sprint("edit ", len(e.commits)), date))
	return fmt.Sprintf("commit %d", len(e.commits))
}

// editStamp sets a translation's sourceCommit to a commit of the history,
// or to none it has.
func (e *editSite) editStamp() string {
	var translations []*editPage
	for _, p := range e.pages {
		if p.locale != "en-US" {
			translations = append(translations, p)
		}
	}
	if len(translations) == 0 || len(e.commits) == 0 {
		return "none"
	}
	p := translations[e.rng.IntN(len(translations))]
	p.sourceCommit = ""
	if n := e.rng.IntN(len(e.commits) + 1); n < len(e.commits) {
		p.sourceCommit = e.commits[n]
	}
	return fmt.Sprintf("%s %s at %.7s", p.locale, p.slug, p.sourceCommit)
}

// editKind is a kind of edit. body says it changes one page's text alone
// (not its front matter): the warm build must render that page alone.
type editKind struct {
	name string
	body bool
	edit func(e *editSite) string
}

var editKinds = []editKind{
	{"text", true, (*editSite).editText},
	{"text", true, (*editSite).editText},
	{"text", true, (*editSite).editText},
	{"summary", true, (*editSite).editSummary},
	{"heading", true, (*editSite).editHeading},
	{"heading", true, (*editSite).editHeading},
	{"touch", true, (*editSite).editTouch},
	{"image", true, (*editSite).editImage},
	{"title", false, (*editSite).editTitle},
	{"bundle", false, (*editSite).editBundle},
	{"new page", false, (*editSite).editNewPage},
	{"delete page", false, (*editSite).editDelete},
	{"translation", false, (*editSite).editTranslation},
	{"front matter", false, (*editSite).editFrontMatter},
	{"config", false, (*editSite).editConfig},
	{"redirect", false, (*editSite).editRedirect},
	{"sidebar", false, (*editSite).editSidebar},
	{"layout", false, (*editSite).editLayout},
	{"ui string", false, (*editSite).editUI},
}

func (e *editSite) editText() string {
	p := e.page()
	s := &p.sections[e.rng.IntN(len(p.sections))]
	switch i := e.rng.IntN(len(s.text)); e.rng.IntN(4) {
	case 0:
		s.text = append(s.text, e.sentence(p.locale))
	case 1:
		if len(s.text) > 1 {
			s.text = slices.Delete(s.text, i, i+1)
			break
		}
		fallthrough
	case 2: // the same length: its first letter in the other case
		first, rest := s.text[i][:1], s.text[i][1:]
		if up := strings.ToUpper(first); up != first {
			s.text[i] = up + rest
		} else {
			s.text[i] = strings.ToLower(first) + rest
		}
	default:
		s.text[i] = e.sentence(p.locale)
	}
	return p.locale + " " + p.slug
}

// editSummary rewrites a page's first paragraph, which is its summary in
// llms.txt and status-codes.json: files of the whole site.
func (e *editSite) editSummary() string {
	p := e.page()
	p.sections[0].text[0] = e.sentence(p.locale)
	return p.locale + " " + p.slug
}

func (e *editSite) editHeading() string {
	p := e.page()
	switch i := 1 + e.rng.IntN(max(len(p.sections)-1, 1)); {
	case i >= len(p.sections) || e.rng.IntN(3) == 0:
		p.sections = append(p.sections, editSection{heading: e.pick(editHeadings), text: []string{e.sentence(p.locale)}})
	case e.rng.IntN(2) == 0:
		p.sections = slices.Delete(p.sections, i, i+1)
	default:
		p.sections[i].heading = e.pick(editHeadings)
	}
	return p.locale + " " + p.slug
}

func (e *editSite) editTouch() string {
	p := e.page()
	e.touch = "content/" + strings.ToLower(p.locale) + "/" + content.Folder(p.slug) + "/index.md"
	return e.touch
}

func (e *editSite) newImage() []byte {
	return fmt.Appendf([]byte("\x89PNG\r\n\x1a\n"), "%x", e.rng.Uint32())
}

// editImage changes the bytes of a bundle image.
func (e *editSite) editImage() string {
	var with []*editPage
	for _, p := range e.pages {
		if p.image != nil {
			with = append(with, p)
		}
	}
	if len(with) == 0 {
		return "none"
	}
	p := with[e.rng.IntN(len(with))]
	p.image = e.newImage()
	return p.slug
}

// editBundle gives a page a bundle image, or takes it away.
func (e *editSite) editBundle() string {
	p := e.english()[e.rng.IntN(len(e.english()))]
	if p.image != nil {
		p.image = nil
		return "removed from " + p.slug
	}
	p.image = e.newImage()
	return "added to " + p.slug
}

func (e *editSite) editTitle() string {
	p := e.page()
	p.title = path.Base(p.slug) + " " + e.pick(editWords) + " " + e.pick(editWords)
	return p.locale + " " + p.slug + ": " + p.title
}

func (e *editSite) editNewPage() string {
	var free []string
	for _, code := range editCodes {
		if e.lookup("en-US", statusSlug+"/"+code) == nil {
			free = append(free, code)
		}
	}
	if len(free) == 0 || e.rng.IntN(4) == 0 {
		return "translation " + e.translate()
	}
	p := e.newPage("en-US", statusSlug+"/"+e.pick(free))
	if e.rng.IntN(3) == 0 {
		p.image = e.newImage()
	}
	return p.slug
}

func (e *editSite) editDelete() string {
	if len(e.pages) < 3 {
		return "none"
	}
	i := 1 + e.rng.IntN(len(e.pages)-1) // the list of codes stays
	p := e.pages[i]
	e.pages = slices.Delete(e.pages, i, i+1)
	return p.locale + " " + p.slug
}

func (e *editSite) editTranslation() string {
	var tr []int
	for i, p := range e.pages {
		if p.locale != "en-US" {
			tr = append(tr, i)
		}
	}
	if len(tr) == 0 || e.rng.IntN(2) == 0 {
		return "new " + e.translate()
	}
	i := tr[e.rng.IntN(len(tr))]
	p := e.pages[i]
	e.pages = slices.Delete(e.pages, i, i+1)
	return "deleted " + p.locale + " " + p.slug
}

// editFrontMatter breaks a page's front matter or mends it, or has the
// page ask for a sidebar in its text (which content reads with the front
// matter).
func (e *editSite) editFrontMatter() string {
	p := e.page()
	if e.rng.IntN(3) == 0 {
		p.sidebarMacro = !p.sidebarMacro
		return fmt.Sprintf("%s %s {{HTTPSidebar}} %t", p.locale, p.slug, p.sidebarMacro)
	}
	p.broken = !p.broken
	return fmt.Sprintf("%s %s broken %t", p.locale, p.slug, p.broken)
}

// editConfig writes the redirects as pages too, or no longer: another
// configuration, a cold build.
func (e *editSite) editConfig() string {
	e.stubs = !e.stubs
	return fmt.Sprint("redirect stubs ", e.stubs)
}

func (e *editSite) editRedirect() string {
	if len(e.redirs) > 0 && e.rng.IntN(3) == 0 {
		i := e.rng.IntN(len(e.redirs))
		e.redirs = slices.Delete(e.redirs, i, i+1)
		return "removed one"
	}
	code := e.pick(editCodes) // its page may be missing: a broken redirect
	r := fmt.Sprintf("/en-US/docs/Web/HTTP/Status/%s\t/en-US/docs/%s/%s", code, statusSlug, code)
	e.redirs = append(e.redirs, r)
	return r
}

func (e *editSite) editSidebar() string {
	if e.rng.IntN(3) == 0 {
		e.sidebarLink = e.link()
		return e.sidebarLink
	}
	i := e.rng.IntN(len(e.sidebar))
	e.sidebar[i] = e.pick(editWords) + " " + e.pick(editWords)
	return e.sidebar[i]
}

func (e *editSite) editLayout() string {
	e.footer = fmt.Sprintf("<p>%s</p>", e.pick(editWords))
	return e.footer
}

func (e *editSite) editUI() string {
	e.uiFr = "Licence " + e.pick(editWords)
	return e.uiFr
}

// TestFileTable reads the cache's list of files as a cold build writes it
// (in any order, a name again when a file was written twice) and as a
// warm build writes it again (in order), and finds each file's hash.
func TestFileTable(t *testing.T) {
	hash := func(s string) output.Hash { return output.HashOf([]byte(s)) }
	var cold []byte
	for _, f := range []struct{ name, data string }{
		{"b/index.html", "b"}, {"a/index.html", "a"}, {"c.css", "c"}, {"a/index.html", "a again"}, {"a", "a file"},
	} {
		cold = appendFile(cold, f.name, hash(f.data))
	}
	want := map[string]output.Hash{"a": hash("a file"), "a/index.html": hash("a again"), "b/index.html": hash("b"), "c.css": hash("c")}
	check := func(what string, data []byte, want map[string]output.Hash) fileTable {
		t.Helper()
		tab, err := readFiles(data)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if names := slices.Collect(tab.Names()); !slices.Equal(names, slices.Sorted(maps.Keys(want))) {
			t.Errorf("%s: names %q, want %q", what, names, slices.Sorted(maps.Keys(want)))
		}
		for name, h := range want {
			if got, ok := tab.Hash(name); !ok || got != h {
				t.Errorf("%s: hash of %q: %x %t, want %x", what, name, got, ok, h)
			}
		}
		for _, name := range []string{"", "0", "a/", "b", "d"} {
			if _, ok := tab.Hash(name); ok {
				t.Errorf("%s: %q found", what, name)
			}
		}
		return tab
	}
	tab := check("cold", cold, want)

	// update is the list of files a warm build writes from tab, with
	// files dropped and files written.
	dir := t.TempDir()
	update := func(tab fileTable, drop []string, write map[string]string) []byte {
		t.Helper()
		staged, err := output.NewStaged(filepath.Join(dir, "out"), tab)
		if err != nil {
			t.Fatal(err)
		}
		defer staged.Abort()
		staged.Drop(drop...)
		for name, data := range write {
			if err := staged.WriteFile(name, []byte(data)); err != nil {
				t.Fatal(err)
			}
		}
		log := openLog(filepath.Join(dir, "files.new"), filepath.Join(dir, "files"))
		tab.appendUpdated(log, staged)
		if err := log.close(); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join(dir, "files"))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	// A warm update: b/index.html dropped and gone, c.css dropped and
	// written again, a new file; the rest kept.
	warm := update(tab, []string{"b/index.html", "c.css"}, map[string]string{"c.css": "c2", "b/new.html": "new"})
	warmTab := check("warm", warm, map[string]output.Hash{"a": hash("a file"), "a/index.html": hash("a again"), "b/new.html": hash("new"), "c.css": hash("c2")})

	// A warm update of a warm build's list, whose kept records follow one
	// another and go as runs: one dropped among them, one written again,
	// one new at the end.
	again := update(warmTab, []string{"a/index.html", "a"}, map[string]string{"a": "a2", "d.html": "d"})
	want2 := map[string]output.Hash{"a": hash("a2"), "b/new.html": hash("new"), "c.css": hash("c2"), "d.html": hash("d")}
	check("warm again", again, want2)
	var sorted []byte
	for _, name := range slices.Sorted(maps.Keys(want2)) {
		sorted = appendFile(sorted, name, want2[name])
	}
	if !bytes.Equal(again, sorted) {
		t.Error("a warm build's list of files is not its records in order of name")
	}

	if _, err := readFiles(cold[:len(cold)-3]); err == nil {
		t.Error("a cut list of files was read")
	}
}

// TestEntriesAppended checks how warm builds keep the search entries: one
// that renders a page adds its entry to the end of its locale's entries
// file and leaves the rest as it was (so the heads of the locale's other
// pages, which say where their entries are, stay as they were); one whose
// graph changed writes the file anew, without the entries replaced. Each
// build tells Config.Rendering how many pages it renders.
func TestEntriesAppended(t *testing.T) {
	e := newEditSite(t, 7)
	out := filepath.Join(e.dir, "out")
	entries := filepath.Join(CacheDir(out), "entries-en-US.bin")
	read := func() []byte {
		t.Helper()
		data, err := os.ReadFile(entries)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	rendering := -1 // what Config.Rendering was told
	config := func() Config {
		cfg := e.config()
		cfg.Rendering = func(pages int) { rendering = pages }
		return cfg
	}
	e.sync()
	res := dirBuild(t, config(), out, true)
	if rendering != res.Rendered || rendering < 10 {
		t.Errorf("a cold build of %d pages was said to render %d", res.Rendered, rendering)
	}
	before := read()
	p := e.pages[1]
	p.sections[0].text = append(p.sections[0].text, "A sentence that no page had before.")
	e.sync()
	if res := dirBuild(t, config(), out, true); res.Rendered != 1 || rendering != 1 {
		t.Fatalf("an edit of one page's text rendered %d pages, said to render %d (%s)", res.Rendered, rendering, res.Cache)
	}
	after := read()
	if !bytes.HasPrefix(after, before) || len(after) == len(before) {
		t.Errorf("a warm build of one page: the entries file went from %d to %d bytes, the old ones kept: %t",
			len(before), len(after), bytes.HasPrefix(after, before))
	}
	p.title += " (renamed)"
	e.sync()
	if res := dirBuild(t, config(), out, true); res.Rendered < 2 || rendering != res.Rendered {
		t.Fatalf("a new title rendered %d pages (%s)", res.Rendered, res.Cache)
	}
	if anew := read(); len(anew) >= len(after) {
		t.Errorf("a build whose graph changed left the entries file at %d bytes, from %d: the replaced entry is still there", len(anew), len(after))
	}
}

// TestSameFrontMatter checks what the preview compares of a page read
// again after an edit with the page Load read: the same file is the same
// page, an edit of the body keeps it, an edit of the front matter does not.
func TestSameFrontMatter(t *testing.T) {
	const file = "en-us/web/http/a/index.md"
	page := "---\ntitle: A\nslug: Web/HTTP/A\npage-type: guide\n---\n\nText.\n"
	c := content.Load([]content.Root{{Name: "c", FS: fstest.MapFS{file: {Data: []byte(page)}}}})
	if len(c.Pages) != 1 {
		t.Fatalf("loaded %d pages: %v", len(c.Pages), c.Flaws)
	}
	loaded := c.Pages[0]
	cached := *loaded // as the preview's first build has it, through the build cache
	cached.SourceHash = [16]byte{1}
	for _, tc := range []struct {
		name, data string
		same       bool
	}{
		{"the same file", page, true},
		{"another body", strings.Replace(page, "Text.", "Other text.", 1), true},
		{"another title", strings.Replace(page, "title: A", "title: B", 1), false},
		{"another slug", strings.Replace(page, "slug: Web/HTTP/A", "slug: Web/HTTP/a", 1), false},
	} {
		again, _ := content.Parse(loaded.File, file, loaded.Locale, []byte(tc.data))
		if got := sameFrontMatter(loaded, again); got != tc.same {
			t.Errorf("%s: same front matter %t, want %t", tc.name, got, tc.same)
		}
		if got := sameFrontMatter(&cached, again); got != tc.same {
			t.Errorf("%s, the page read through the cache: same front matter %t, want %t", tc.name, got, tc.same)
		}
	}
}

// TestRecordsKept checks the records that warm builds keep where they are
// in the cache's files of sources and listings (keyedLog.keep): after
// two warm builds, each page file and folder has its record, with the
// size and time it has on the disk. A record read wrong is only read
// again from the disk, so no output shows it.
func TestRecordsKept(t *testing.T) {
	e := newEditSite(t, 11)
	out := filepath.Join(e.dir, "out")
	e.sync()
	dirBuild(t, e.config(), out, true)
	size := func(name string) int64 {
		t.Helper()
		info, err := os.Stat(filepath.Join(CacheDir(out), name))
		if err != nil {
			t.Fatal(err)
		}
		return info.Size()
	}
	sources, listings := size("sources"), size("listings")
	for _, i := range []int{1, 2} {
		p := e.pages[i]
		p.sections[0].text = append(p.sections[0].text, "A sentence added by a warm build.")
		e.sync()
		if res := dirBuild(t, e.config(), out, true); res.Rendered != 1 {
			t.Fatalf("an edit of one page's text rendered %d pages (%s)", res.Rendered, res.Cache)
		}
	}
	if now := size("sources"); now <= sources || now >= 2*sources {
		t.Errorf("sources went from %d to %d bytes: want the two pages read again appended", sources, now)
	}
	if now := size("listings"); now != listings {
		t.Errorf("listings went from %d to %d bytes: no folder changed", listings, now)
	}
	st, why := loadState(CacheDir(out))
	if st == nil {
		t.Fatal(why)
	}
	root := filepath.Join(e.dir, "content")
	check := func(kind string, keys []string, tab *table, stat func([]byte) (fileStat, error)) {
		t.Helper()
		if len(keys) < 10 {
			t.Fatalf("%d %s", len(keys), kind)
		}
		for i, key := range keys {
			got, err := stat(tab.get(i))
			if err != nil {
				t.Errorf("%s of %s: %v", kind, key, err)
				continue
			}
			_, p, _ := strings.Cut(key, ":")
			info, err := os.Lstat(filepath.Join(root, filepath.FromSlash(p)))
			if err != nil {
				t.Fatal(err)
			}
			if want := content.StatOf(info); got != want {
				t.Errorf("%s of %s: recorded %+v, on the disk %+v", kind, key, got, want)
			}
		}
	}
	check("source", st.SourceKeys, &st.Sources, func(b []byte) (fileStat, error) {
		s, _, r := sourceStat(b)
		_, _, err := decodeSource(r)
		return s, err
	})
	check("listing", st.ListingKeys, &st.Listings, func(b []byte) (fileStat, error) {
		s, _, err := decodeListing(b)
		return s, err
	})
}

// TestDamagedThenAborted checks a build cache whose heads or search
// entries are cut short, then a warm build that renders a page and fails
// before it commits, then the same build again: the failed build must not
// have appended to those files where the last state, which stays, points
// at what they held, or the next build takes the failed build's records
// for the last one's, and keeps the page as the failed build left it.
func TestDamagedThenAborted(t *testing.T) {
	for _, c := range []struct {
		file string
		keep int64 // bytes of it kept, in thirds
	}{{"heads", 0}, {"entries-de.bin", 1}} {
		t.Run(c.file, func(t *testing.T) {
			// One core: pages render, and their search entries are written,
			// in the order of the cold build, so that the failed build's
			// records are where the last build's were, and as long.
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
			e := newEditSite(t, 11)
			out, cold := filepath.Join(e.dir, "out"), filepath.Join(e.dir, "cold")
			e.sync()
			dirBuild(t, e.config(), out, true)
			damaged := filepath.Join(CacheDir(out), c.file)
			info, err := os.Stat(damaged)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.Truncate(damaged, info.Size()*c.keep/3); err != nil {
				t.Fatal(err)
			}
			// A letter of a later paragraph of a German page: its records
			// keep their lengths, which a record taken at the wrong place
			// then does not give away.
			i := slices.IndexFunc(e.pages, func(p *editPage) bool {
				return p.locale == "de" && len(p.sections) > 1 && len(p.sections[1].text) > 0
			})
			if i < 0 {
				t.Fatal("no German page with two sections")
			}
			text := e.pages[i].sections[1].text
			last := []byte(text[len(text)-1])
			last[0] ^= 0x20 // the other case
			text[len(text)-1] = string(last)
			e.sync()
			b, err := NewDirBuild(e.config(), out, true)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = b.Build()
			if b.cr.headsEncoded != nil {
				_ = b.cr.headsEncoded()
			}
			_ = b.Abort() // as --strict does with error flaws, or a build stopped
			res := dirBuild(t, e.config(), out, true)
			resCold := dirBuild(t, e.config(), cold, false)
			if msg := sameBuild(out, cold, res, resCold); msg != "" {
				t.Fatalf("the build after the failed one (%s) differs from a cold build: %s", res.Cache, msg)
			}
		})
	}
}
