package content

import (
	"errors"

	"statusdocs/generator/internal/bincodec"
)

// AppendPage appends what a page is, less its Body and the files beside
// it (which Load finds again), to b: for a build cache, which DecodePage
// reads back. The encoding is package bincodec's, in this package's order;
// a cache that holds it is versioned by the binary that wrote it.
func AppendPage(b []byte, p *Page) []byte {
	for _, s := range []string{p.File, p.Path, p.Locale, p.Folder, p.Slug, p.Title,
		p.Meta.PageType, p.Meta.ShortTitle, p.Meta.Sidebar, p.Meta.OriginalSlug, p.Meta.L10n.SourceCommit} {
		b = bincodec.AppendString(b, s)
	}
	for _, l := range []StringList{p.Meta.SpecURLs, p.Meta.BrowserCompat, p.Meta.Status} {
		b = bincodec.AppendUint(b, uint64(len(l)))
		for _, s := range l {
			b = bincodec.AppendString(b, s)
		}
	}
	for _, n := range []int{p.Root, p.SlugLine, p.SourceCommitLine} {
		b = bincodec.AppendInt(b, int64(n))
	}
	for _, f := range []bool{p.FrontMatter, p.Plain, p.SidebarMacro} {
		b = bincodec.AppendBool(b, f)
	}
	return b
}

// errCorrupt is a cached page that does not decode.
var errCorrupt = errors.New("content: cached page does not decode")

// DecodePage reads a page that AppendPage wrote. Its strings share b
// (bincodec.NewSharedReader), which must not change after.
func DecodePage(b []byte) (*Page, error) {
	r := bincodec.NewSharedReader(b)
	p := &Page{}
	for _, s := range []*string{&p.File, &p.Path, &p.Locale, &p.Folder, &p.Slug, &p.Title,
		&p.Meta.PageType, &p.Meta.ShortTitle, &p.Meta.Sidebar, &p.Meta.OriginalSlug, &p.Meta.L10n.SourceCommit} {
		*s = r.String()
	}
	for _, l := range []*StringList{&p.Meta.SpecURLs, &p.Meta.BrowserCompat, &p.Meta.Status} {
		if n := r.Len(); n > 0 {
			*l = make(StringList, n)
			for i := range *l {
				(*l)[i] = r.String()
			}
		}
	}
	for _, n := range []*int{&p.Root, &p.SlugLine, &p.SourceCommitLine} {
		*n = int(r.Int())
	}
	for _, f := range []*bool{&p.FrontMatter, &p.Plain, &p.SidebarMacro} {
		*f = r.Bool()
	}
	if r.Err() {
		return nil, errCorrupt
	}
	return p, nil
}
