package content

import (
	"encoding/binary"
	"errors"
)

// AppendPage appends what a page is, less its Body and the files beside
// it (which Load finds again), to b: for a build cache, which DecodePage
// reads back. The encoding is this package's own; a cache that holds it
// is versioned by the binary that wrote it.
func AppendPage(b []byte, p *Page) []byte {
	for _, s := range []string{p.File, p.Path, p.Locale, p.Folder, p.Slug, p.Title,
		p.Meta.PageType, p.Meta.ShortTitle, p.Meta.Sidebar, p.Meta.OriginalSlug, p.Meta.L10n.SourceCommit} {
		b = appendString(b, s)
	}
	for _, l := range []StringList{p.Meta.SpecURLs, p.Meta.BrowserCompat, p.Meta.Status} {
		b = binary.AppendUvarint(b, uint64(len(l)))
		for _, s := range l {
			b = appendString(b, s)
		}
	}
	for _, n := range []int{p.Root, p.SlugLine, p.SourceCommitLine} {
		b = binary.AppendVarint(b, int64(n))
	}
	var flags byte
	for i, f := range []bool{p.FrontMatter, p.Plain, p.SidebarMacro} {
		if f {
			flags |= 1 << i
		}
	}
	return append(b, flags)
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// errCorrupt is a cached page that does not decode.
var errCorrupt = errors.New("content: cached page does not decode")

// DecodePage reads a page that AppendPage wrote.
func DecodePage(b []byte) (*Page, error) {
	d := decoder{b: b}
	p := &Page{}
	for _, s := range []*string{&p.File, &p.Path, &p.Locale, &p.Folder, &p.Slug, &p.Title,
		&p.Meta.PageType, &p.Meta.ShortTitle, &p.Meta.Sidebar, &p.Meta.OriginalSlug, &p.Meta.L10n.SourceCommit} {
		*s = d.string()
	}
	for _, l := range []*StringList{&p.Meta.SpecURLs, &p.Meta.BrowserCompat, &p.Meta.Status} {
		n := d.uvarint()
		if n > uint64(len(d.b)) {
			return nil, errCorrupt
		}
		if n > 0 {
			*l = make(StringList, n)
			for i := range *l {
				(*l)[i] = d.string()
			}
		}
	}
	for _, n := range []*int{&p.Root, &p.SlugLine, &p.SourceCommitLine} {
		*n = int(d.varint())
	}
	if d.err || len(d.b) != 1 {
		return nil, errCorrupt
	}
	flags := d.b[0]
	p.FrontMatter, p.Plain, p.SidebarMacro = flags&1 != 0, flags&2 != 0, flags&4 != 0
	return p, nil
}

// decoder reads what AppendPage wrote; err is set, and it reads zeros,
// once the bytes run out or are not what it expects.
type decoder struct {
	b   []byte
	err bool
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err, d.b = true, nil
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.err, d.b = true, nil
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) string() string {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.err, d.b = true, nil
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}
