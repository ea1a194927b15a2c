package main

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// hostileInput is something a contributor could send in a pull request,
// built as a one-page site: the page (a zh-TW translation of an English
// page, as most contributions are) and whatever else it needs. Each must
// build in time linear in its size, within its budget.
type hostileInput struct {
	name   string
	budget time.Duration
	rssMB  float64  // peak memory budget, 0 for none
	flags  []string // build flags besides the content, layouts and output
	// files writes the content root's files besides the English page to
	// root (src is a content root to take a real page from) and returns
	// their size. It runs when the row is measured: the bench holds no
	// more than one input at a time, since Linux counts the memory of the
	// process that starts a build in the build's peak.
	files func(root, src string) (int, error)
}

// The page every input translates, and the translation's path and front matter.
const (
	hostileSlug = "Web/HTTP/Hostile"
	hostileDir  = "web/http/hostile"
	hostilePage = "zh-tw/" + hostileDir + "/index.md"
	frontMatter = "---\ntitle: Hostile\nslug: " + hostileSlug + "\nl10n:\n  sourceCommit: 0123456789abcdef0123456789abcdef01234567\n---\n\n"
)

// hostileInputs are the rows of the table: what an attacker tried first
// (issue 16), then other shapes that are cheap to write and costly to read.
// Items are paragraphs of their own (a paragraph over 8 KB is shown as
// text, its markdown not read, which the single-line and goldmark rows
// measure).
var hostileInputs = []hostileInput{
	{name: "100,000 unknown macros", files: page(func() string {
		return repeat(100_000, "\n\n", func(i int) string { return fmt.Sprintf("{{Nope%d}}", i) })
	})},
	{name: "100,000 {{", files: page(func() string { return repeat(100_000, "\n\n", fixed("{{")) })},
	{name: "1.6 MB of {{ in 8 KB lines", files: page(func() string { return repeat(200, "\n\n", fixed(strings.Repeat("{{", 3995))) })},
	{name: "50,000 reference links, --flaws", flags: []string{"--flaws", "flaws.json"}, files: page(func() string { return referenceLinks(50_000) })},
	{name: "100,000 broken #anchors", files: page(func() string {
		return repeat(100_000, "\n\n", func(i int) string { return fmt.Sprintf("[a](#nope-%d)", i) })
	})},
	{name: "50 MB page", budget: 5 * time.Second, rssMB: 600, files: bigPage(50 << 20)},
	{name: "10 MB of empty lines, no front matter", files: func(root, _ string) (int, error) {
		return writeLarge(root, "", []byte(strings.Repeat("\n", 64<<10)), 10<<20)
	}},
	{name: "1 MB single line", files: page(func() string {
		return repeat(1<<20/48, " ", fixed("word *em* `code` [link](/en-US/docs/"+hostileSlug+")"))
	})},
	{name: "10,000-deep nested list", files: page(func() string { return strings.Repeat("- ", 10_000) + "x" })},
	{name: "10,000-deep block quote", files: page(func() string { return strings.Repeat("> ", 10_000) + "x" })},
	{name: "10,000 nested <div>", files: page(func() string { return strings.Repeat("<div>", 10_000) + "x" })},
	{name: "100,000 HTML tags", files: page(func() string { return repeat(50_000, "\n\n", fixed("<span>x</span>")) })},
	{name: "HTML block of 100,000 unsafe lines", files: page(func() string {
		return "<div>\n" + repeat(100_000, "\n", fixed("<b onclick=x>a</b>")) + "\n</div>"
	})},
	{name: "100,000 headings, one text", files: page(func() string { return repeat(100_000, "\n\n", fixed("## Same")) })},
	{name: "50,000 headings and anchors", files: page(func() string {
		return repeat(50_000, "\n\n", func(i int) string { return fmt.Sprintf("## H%d\n\n[a](#h-%d)", i, i) })
	})},
	// Quadratic in goldmark's inline parsing: emphasis delimiters and
	// links rescan the rest of their paragraph (code spans did, until
	// markdown.codeSpans), which is why a paragraph over 8 KB is not read
	// as markdown; the worst that is read costs time linear in the number
	// of such paragraphs.
	{name: "250 KB of *a_b*c_d** (emphasis)", files: page(func() string { return fill(250_000, "*a_b*c_d**e_f*g**h*i_j**") })},
	{name: "250 KB of \\`` (code spans)", files: page(func() string { return fill(250_000, "\\``") })},
	{name: "250 KB of [a](<b (links)", files: page(func() string { return fill(250_000, "[a](<b") })},
	{name: "1 MB of \\`` in 8 KB paragraphs", files: page(func() string { return repeat(128, "\n\n", fixed(fill(8<<10-2, "\\``"))) })},
	{name: "1 MB of *a_b*c_d** in 8 KB paragraphs", files: page(func() string {
		return repeat(128, "\n\n", fixed(fill(8<<10-24, "*a_b*c_d**e_f*g**h*i_j**")))
	})},
	{name: "250 KB of ]([ lines (links)", files: page(func() string { return fill(250_000, "]([\n") })},
	{name: "4.8 MB of [a]( in 8 KB paragraphs", files: page(func() string { return repeat(600, "\n\n", fixed(strings.Repeat("[a](", 1997))) })},
	{name: "300 headings of 8 KB of [a](", files: page(func() string { return repeat(300, "\n\n", fixed("# "+strings.Repeat("[a](", 1997))) })},
	{name: "table of 800,000 rows", files: page(func() string { return "|a|b|\n|-|-|\n" + strings.Repeat("|x|y|\n", 800_000) })},
	{name: "600 table rows of 8 KB cells of [", files: page(func() string {
		return "|a|\n|-|\n" + repeat(600, "\n", fixed("|"+strings.Repeat("[", 8<<10-4)+"|"))
	})},
	{name: "heading of 250 KB of *a_b*c_d**", files: page(func() string { return "## " + fill(250_000, "*a_b*c_d**e_f*g**h*i_j**") })},
	{name: "front matter of 100,000 keys", files: frontMatterKeys(100_000)},
	{name: "20,000 {{Specifications}} of 10,000 spec-urls", files: specCalls(20_000, 10_000)},
	{name: "java fence of 20,000 blank lines", files: page(func() string { return "```java\n" + strings.Repeat("\n", 20_000) + "x\n```" })},
	{name: "500 java fences of 4 KB of blank lines", files: page(func() string {
		return repeat(500, "\n\n", fixed("```java\n"+strings.Repeat("\n", 4<<10-3)+"x\n```"))
	})},
	{name: "_redirects.txt of 100,000 lines", files: redirects(100_000)},
	{name: "sidebar of 100,000 links", files: sidebar(100_000)},
	{name: "520 locale folders of a page", files: locales(520)},
}

// page writes a translation whose markdown is body().
func page(body func() string) func(string, string) (int, error) {
	return func(root, _ string) (int, error) {
		return writeFiles(root, map[string]string{hostilePage: frontMatter + body() + "\n"})
	}
}

// writeFiles writes files, by slash path, to root and returns their size.
func writeFiles(root string, files map[string]string) (int, error) {
	size := 0
	for name, text := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return 0, err
		}
		if err := writeString(p, text); err != nil {
			return 0, err
		}
		size += len(text)
	}
	return size, nil
}

// writeString writes text to a new file without a copy of it.
func writeString(name, text string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	_, err = f.WriteString(text)
	return errors.Join(err, f.Close())
}

// repeat joins n items made by item with sep.
func repeat(n int, sep string, item func(i int) string) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(item(i))
	}
	return b.String()
}

func fixed(s string) func(int) string { return func(int) string { return s } }

// fill repeats s up to size bytes.
func fill(size int, s string) string { return strings.Repeat(s, size/len(s)) }

// referenceLinks is n paragraphs of a reference link to a page that does
// not exist, and their n definitions.
func referenceLinks(n int) string {
	links := repeat(n, "\n\n", func(i int) string { return fmt.Sprintf("[a][r%d]", i) })
	defs := repeat(n, "\n", func(i int) string { return fmt.Sprintf("[r%d]: /en-US/docs/Web/Nope%d", i, i) })
	return links + "\n\n" + defs
}

// bigPage repeats the markdown of a real page (its headings, macros, links,
// code and tables) up to size bytes.
func bigPage(size int) func(string, string) (int, error) {
	return func(root, src string) (int, error) {
		text, err := os.ReadFile(filepath.Join(src, "en-us/web/http/reference/status/404/index.md"))
		if err != nil {
			return 0, err
		}
		return writeLarge(root, frontMatter, append(frontMatterRE.ReplaceAll(text, nil), '\n'), size)
	}
}

// writeLarge writes the translation: head, then unit again and again up to
// size bytes, as it goes (see hostileInput.files).
func writeLarge(root, head string, unit []byte, size int) (int, error) {
	if _, err := writeFiles(root, map[string]string{hostilePage: head}); err != nil {
		return 0, err
	}
	f, err := os.OpenFile(filepath.Join(root, filepath.FromSlash(hostilePage)), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return 0, err
	}
	n := len(head)
	for ; n < size && err == nil; n += len(unit) {
		_, err = f.Write(unit)
	}
	return n, errors.Join(err, f.Close())
}

var frontMatterRE = regexp.MustCompile(`(?s)\A---\n.*?\n---\n`)

// frontMatterKeys is a page whose front matter has n keys nobody knows.
func frontMatterKeys(n int) func(string, string) (int, error) {
	return func(root, _ string) (int, error) {
		keys := repeat(n, "\n", func(i int) string { return fmt.Sprintf("key%d: value", i) })
		return writeFiles(root, map[string]string{hostilePage: strings.Replace(frontMatter, "title:", keys+"\ntitle:", 1) + "Text.\n"})
	}
}

// specCalls is a page that calls {{Specifications}} n times, with urls
// spec-urls, none of them a known specification.
func specCalls(n, urls int) func(string, string) (int, error) {
	return func(root, _ string) (int, error) {
		list := repeat(urls, "\n", func(i int) string { return fmt.Sprintf("  - https://spec.example/%d#s", i) })
		fm := strings.Replace(frontMatter, "title:", "spec-urls:\n"+list+"\ntitle:", 1)
		return writeFiles(root, map[string]string{hostilePage: fm + repeat(n, "\n\n", fixed("{{Specifications}}")) + "\n"})
	}
}

// redirects is an English _redirects.txt of n lines, each a chain into
// the next, the last back to the first: every one a loop.
func redirects(n int) func(string, string) (int, error) {
	return func(root, _ string) (int, error) {
		lines := repeat(n, "\n", func(i int) string {
			return fmt.Sprintf("/en-US/docs/Web/Moved%d\t/en-US/docs/Web/Moved%d", i, (i+1)%n)
		})
		return writeFiles(root, map[string]string{
			"en-us/_redirects.txt": lines + "\n",
			hostilePage:            frontMatter + "[a](/en-US/docs/Web/Moved0)\n",
		})
	}
}

// sidebar is the page's sidebar with n links to pages that do not exist.
func sidebar(n int) func(string, string) (int, error) {
	return func(root, _ string) (int, error) {
		links := repeat(n, "\n", func(i int) string { return fmt.Sprintf("  - /Web/Nope%d", i) })
		return writeFiles(root, map[string]string{
			"sidebars/hostile.yaml": "sidebar:\n" + links + "\n",
			hostilePage:             strings.Replace(frontMatter, "l10n:", "sidebar: hostile\nl10n:", 1) + "Text.\n",
		})
	}
}

// locales is n locale folders (qaa to qtz, for private use), each with a
// translation of the English page: every locale holds a copy of every
// page, with a menu of them all.
func locales(n int) func(string, string) (int, error) {
	return func(root, _ string) (int, error) {
		files := map[string]string{hostilePage: frontMatter + "Text.\n"}
		for i := range n {
			loc := fmt.Sprintf("q%c%c", 'a'+i/26%20, 'a'+i%26)
			files[loc+"/"+hostileDir+"/index.md"] = frontMatter + "Text.\n"
		}
		return writeFiles(root, files)
	}
}

// hostileTable builds each input matching only and prints a row for it.
// A build still running after limit is stopped and shown as over it.
func hostileTable(bin, src, layouts string, only *regexp.Regexp, limit time.Duration) error {
	fmt.Printf("\nhostile inputs: each a one-page site (a zh-TW translation and its English page) built by %s;\n", bin)
	fmt.Printf("report: the size of what the build printed and wrote as flaws; OVER: past the budget\n")
	if hwm := peakRSS(); hwm > 0 {
		fmt.Printf("(Linux counts the peak of the process that starts a build, here %.0f MB, in the build's peak RSS)\n", hwm)
	}
	fmt.Println()
	fmt.Printf("%-38s %10s %8s %12s %11s %-16s %s\n", "input", "input MB", "wall s", "peak RSS MB", "report KB", "budget", "")
	for _, in := range hostileInputs {
		if only != nil && !only.MatchString(in.name) {
			continue
		}
		row, err := measureHostile(in, bin, src, layouts, limit)
		if err != nil {
			return fmt.Errorf("%s: %w", in.name, err)
		}
		fmt.Println(row)
	}
	return nil
}

// measureHostile writes one input to a temporary folder and builds it.
func measureHostile(in hostileInput, bin, src, layouts string, limit time.Duration) (string, error) {
	dir, err := os.MkdirTemp("", "statusdocs-hostile-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	root := filepath.Join(dir, "content")
	size, err := writeHostile(in, src, root)
	if err != nil {
		return "", err
	}
	args := []string{"build", "--no-git", "--content", root, "--layouts", layouts, "--out", filepath.Join(dir, "public")}
	for _, f := range in.flags {
		if strings.HasSuffix(f, ".json") {
			f = filepath.Join(dir, f)
		}
		args = append(args, f)
	}
	r := runBin(bin, args, limit)
	if r.err != nil && !r.timedOut {
		return "", fmt.Errorf("%v\n%s", r.err, tail(r.stderr))
	}
	report := len(r.stderr)
	if st, err := os.Stat(filepath.Join(dir, "flaws.json")); err == nil {
		report += int(st.Size())
	}
	budget := cmp.Or(in.budget, 2*time.Second)
	over := r.timedOut || r.wall > budget || (in.rssMB > 0 && r.rssMB > in.rssMB)
	wall := fmt.Sprintf("%8.2f", r.wall.Seconds())
	if r.timedOut {
		wall = fmt.Sprintf("%8s", fmt.Sprintf(">%.0f", limit.Seconds()))
	}
	budgetText := fmt.Sprintf("≤ %.0f s", budget.Seconds())
	if in.rssMB > 0 {
		budgetText += fmt.Sprintf(", %.0f MB", in.rssMB)
	}
	mark := ""
	if over {
		mark = "OVER"
	}
	return fmt.Sprintf("%-38s %10.1f %s %12.0f %11.0f %-16s %s", in.name, float64(size)/(1<<20), wall, r.rssMB, float64(report)/1024, budgetText, mark), nil
}

// writeHostile writes an input's site to root and returns the size of its
// hostile files.
func writeHostile(in hostileInput, src, root string) (int, error) {
	size, err := in.files(root, src)
	if err != nil {
		return 0, err
	}
	english := "en-us/" + hostileDir + "/index.md"
	if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(english))); err == nil {
		return size, nil
	}
	_, err = writeFiles(root, map[string]string{english: strings.Replace(frontMatter, "l10n:\n  sourceCommit: 0123456789abcdef0123456789abcdef01234567\n", "", 1) + "Text.\n"})
	return size, err
}

// writeHostileRoots writes every input matching only to a folder of dir
// named for it, for profiling: statusdocs build --content DIR/NAME --cpuprofile F.
func writeHostileRoots(src, dir string, only *regexp.Regexp) error {
	for _, in := range hostileInputs {
		if only != nil && !only.MatchString(in.name) {
			continue
		}
		name := strings.Trim(nonWord.ReplaceAllString(strings.ToLower(in.name), "-"), "-")
		if _, err := writeHostile(in, src, filepath.Join(dir, name)); err != nil {
			return fmt.Errorf("%s: %w", in.name, err)
		}
		fmt.Println(filepath.Join(dir, name), strings.Join(in.flags, " "))
	}
	return nil
}

var nonWord = regexp.MustCompile(`[^a-z0-9]+`)

// peakRSS is this process's peak resident memory in MB (VmHWM), 0 where
// it cannot be read.
func peakRSS() float64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	m := vmHWM.FindSubmatch(status)
	if m == nil {
		return 0
	}
	kb, _ := strconv.Atoi(string(m[1]))
	return float64(kb) / 1024
}

var vmHWM = regexp.MustCompile(`VmHWM:\s*(\d+) kB`)

// hostileTableApart prints the table from a new process of this program:
// this one has held whole corpora, and Linux would count its peak memory
// in each build's.
func hostileTableApart(bin, layouts, only string, limit time.Duration) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.Command(self, "--hostile-only", "--bin", bin, "--layouts", layouts, "--hostile", only, "--hostile-limit", limit.String())
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return cmd.Run()
}
