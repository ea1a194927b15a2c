package l10n

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"statusdocs/generator/content"
	"statusdocs/generator/site"
)

// NewTranslation starts a translation of the English page with a slug in a
// locale: it writes {root}/{locale}/{folder}/index.md, in the root that
// site.TranslationRoots names (the one that holds the locale's pages, or
// the first without English pages, as MDN's translated-content), with the
// English text and front matter reduced to what a translation carries
// (title, slug, l10n.sourceCommit), and returns the file's path. It never
// overwrites a file.
func NewTranslation(roots []content.Root, opts site.Options, locale, slug string) (string, error) {
	loc, ok := content.Locale(strings.ToLower(locale))
	if !ok || loc == content.SourceLocale {
		return "", fmt.Errorf("%q is not a locale to translate into", locale)
	}
	if len(roots) == 0 {
		return "", errors.New("no content folder to write to")
	}
	s := site.New(opts, content.Load(roots))
	final, _, _ := s.Follow(content.SourceLocale, slug)
	en := s.Lookup(content.SourceLocale, final)
	if en == nil {
		return "", fmt.Errorf("no en-US page has slug %q", slug)
	}
	rel := path.Join(strings.ToLower(loc), content.Folder(en.Slug), "index.md")
	root := roots[s.TranslationRoots([]string{loc}, len(roots))[loc]]
	if root.Dir == "" {
		return "", fmt.Errorf("%s: not a folder on disk to write to", root.Name)
	}
	dst := filepath.Join(root.Dir, filepath.FromSlash(rel))
	commit, err := latestCommit(filepath.Join(roots[en.Root].Dir, en.Path))
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "---\ntitle: %s\nslug: %s\nl10n:\n  sourceCommit: %s\n---\n\n", yamlString(en.Title), yamlString(en.Slug), commit)
	b.Write(bytes.TrimLeft(en.Body, "\n"))
	return dst, createInRoot(root.Dir, rel, b.Bytes())
}

// createInRoot writes a new file below dir, never outside it: a folder on
// the way that is a link out, or a file (even a link to nothing) already
// there, is an error.
func createInRoot(dir, rel string, data []byte) error {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	if err := root.MkdirAll(path.Dir(rel), 0o755); err != nil {
		return err
	}
	f, err := root.OpenFile(rel, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists", filepath.Join(dir, filepath.FromSlash(rel)))
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Stamp sets the l10n.sourceCommit of a translation file to the latest
// commit of its English page, leaving every other byte as it was, and
// returns the commit.
func Stamp(roots []content.Root, opts site.Options, file string) (string, error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return "", err
	}
	s := site.New(opts, content.Load(roots))
	for _, p := range s.Pages {
		pabs, _ := filepath.Abs(filepath.Join(roots[p.Root].Dir, p.Path))
		if roots[p.Root].Dir == "" || pabs != abs {
			continue
		}
		if p.Source == nil {
			return "", fmt.Errorf("%s: no en-US page matches slug %q", file, p.Page.Slug)
		}
		commit, err := latestCommit(filepath.Join(roots[p.Source.Root].Dir, p.Source.Path))
		if err != nil {
			return "", err
		}
		data, err := os.ReadFile(file)
		if err != nil {
			return "", err
		}
		stamped, err := setSourceCommit(data, commit)
		if err != nil {
			return "", fmt.Errorf("%s: %w", file, err)
		}
		return commit, os.WriteFile(file, stamped, 0o644)
	}
	return "", fmt.Errorf("%s is not a translated page of the content roots", file)
}

var (
	sourceCommitLine = regexp.MustCompile(`(?m)^([ \t]+sourceCommit:[ \t]*)\S*[ \t]*$`)
	l10nLine         = regexp.MustCompile(`(?m)^l10n:[ \t]*$`)
	closingLine      = regexp.MustCompile(`(?m)^---[ \t]*\r?$`)
)

// setSourceCommit writes commit into the front matter of a page's text.
func setSourceCommit(data []byte, commit string) ([]byte, error) {
	loc := closingLine.FindAllIndex(data, 2)
	if len(loc) < 2 || loc[0][0] != 0 {
		return nil, errors.New("no front matter")
	}
	fm := data[:loc[1][0]]
	switch {
	case sourceCommitLine.Match(fm):
		fm = sourceCommitLine.ReplaceAll(fm, []byte("${1}"+commit))
	case l10nLine.Match(fm):
		i := l10nLine.FindIndex(fm)[1]
		fm = append(fm[:i:i], append([]byte("\n  sourceCommit: "+commit), fm[i:]...)...)
	default:
		fm = append(fm[:len(fm):len(fm)], []byte("l10n:\n  sourceCommit: "+commit+"\n")...)
	}
	return append(fm, data[loc[1][0]:]...), nil
}

// latestCommit is the last commit that changed a file.
func latestCommit(file string) (string, error) {
	out, err := exec.Command("git", "-C", filepath.Dir(file), "log", "-1", "--format=%H", "--", filepath.Base(file)).Output()
	commit := strings.TrimSpace(string(out))
	if err != nil || commit == "" {
		return "", fmt.Errorf("%s has no git history: commit it first", file)
	}
	return commit, nil
}

// yamlString quotes a front matter value when YAML would misread it.
func yamlString(s string) string {
	if strings.ContainsAny(s, ":#'\"{}[],&*!|>%@`") || strings.TrimSpace(s) != s {
		return `"` + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"`, `\"`) + `"`
	}
	return s
}
