package content

import (
	"os"
	"reflect"
	"testing"
)

// TestCodec round-trips every page of the project's content, and a page
// with every field set: a field AppendPage forgets fails the second. The
// body, the files beside it and the hash of the source are not encoded:
// Load finds the files again, and the cache keeps the hash beside.
func TestCodec(t *testing.T) {
	c := Load([]Root{{Name: "content", FS: os.DirFS("../../content")}})
	if len(c.Pages) == 0 {
		t.Fatal("no pages in ../../content")
	}
	full := &Page{File: "f", Path: "p", Root: 2, Locale: "zh-TW", Folder: "web/http", Slug: "Web/HTTP", Title: "t",
		Meta: Meta{PageType: "pt", ShortTitle: "st", Sidebar: "sb", SpecURLs: StringList{"a", "b"},
			BrowserCompat: StringList{"c"}, Status: StringList{"deprecated"}, OriginalSlug: "o"},
		FrontMatter: true, Plain: true, SlugLine: 3, SourceCommitLine: 4, SidebarMacro: true}
	full.Meta.L10n.SourceCommit = "abc"
	v := reflect.ValueOf(*full)
	for i := range v.NumField() {
		name := v.Type().Field(i).Name
		if name != "Body" && name != "Files" && name != "SourceHash" && v.Field(i).IsZero() {
			t.Fatalf("the test page leaves %s unset: set it, and encode it", name)
		}
	}
	for _, p := range append(c.Pages, full) {
		q := *p
		q.Body, q.Files = nil, nil
		got, err := DecodePage(AppendPage(nil, &q))
		if err != nil {
			t.Fatalf("%s: %v", p.File, err)
		}
		if !reflect.DeepEqual(got, &q) {
			t.Errorf("%s: decoded as\n%+v\nwant\n%+v", p.File, got, &q)
		}
	}
	if _, err := DecodePage(AppendPage(nil, full)[:20]); err == nil {
		t.Errorf("a cut record decodes")
	}
}
