package page

import (
	"errors"
	"fmt"
	"html"

	"statusdocs/generator/flaw"
	"statusdocs/generator/macro"
	"statusdocs/generator/markdown"
	"statusdocs/generator/site"
)

// render is the work on one page: it implements markdown.Hooks and
// macro.Env, and gathers the page's flaws, anchors to check and ids.
type render struct {
	site    *Renderer
	page    *site.Page
	ui      *uiStrings
	flaws   flaw.List   // capped as they are found: a hostile page has 100,000
	count   bool        // count info flaws rather than keep them (Config.CountInfo)
	counted flaw.Counts // info flaws by kind, when counted
	anchors []AnchorRef
	ids     markdown.IDSet    // ids of elements in raw HTML, then of headings
	off     int               // offset of the macro being expanded
	sidebar string            // asked for by a macro ({{HTTPSidebar}})
	placed  map[string]bool   // parts of the layout a macro showed in the body (macro.Env.Placed)
	rawHTML bool              // the part being converted has raw HTML: its HTML is cleaned whole (clean.go)
	kept    map[string]bool   // ids of elements the cleaner kept, once it ran
	links   map[string][2]int // href written → line and column of its first link (Config.RecordLinks)
	written int               // bytes of HTML the page's macros wrote (maxMacroHTML)
}

// maxMacroHTML is how many bytes of HTML the macros of one page may write,
// their markers of unknown or malformed calls included: a table of
// specifications or of compatibility is some kilobytes, and two thousand
// calls of one in a page of 90 KB wrote 266 MB. Past it, calls are left
// out, with a flaw at the first.
const maxMacroHTML = 4 << 20

// Rendered is a page's body converted (RenderBody).
type Rendered struct {
	Body     string
	Headings []markdown.Heading
	Summary  string // the first paragraph as text
	Sidebar  string // the sidebar a macro asked for ({{HTTPSidebar}})
	// Placed are the parts the layout would add that the body shows
	// already ("constants": {{StatusConstants}}).
	Placed  map[string]bool
	Flaws   []flaw.Flaw
	Counted flaw.Counts       // info flaws by kind, with Config.CountInfo
	Anchors []AnchorRef       // #fragments to check
	IDs     map[string]bool   // ids of the page's elements, headings aside
	Links   map[string][2]int // href → line and column of its first link, with Config.RecordLinks
}

// RenderBody converts a page's markdown to HTML, resolving macros and
// links, with md (one per build).
func (s *Renderer) RenderBody(md *markdown.Markdown, p *site.Page) (out Rendered, err error) {
	r := &render{site: s, page: p, ui: s.ui(p.Locale), ids: markdown.IDSet{}, count: s.cfg.CountInfo}
	for id := range s.layoutIDs() { // headings step around the layout's ids
		r.ids[id] = true
	}
	if s.cfg.RecordLinks {
		r.links = map[string][2]int{}
	}
	doc, err := md.Convert(p.Body, r, r.ids)
	if err != nil {
		return out, fmt.Errorf("rendering markdown: %w", err)
	}
	if r.kept != nil { // ids of removed elements are no anchor targets
		for id := range r.ids {
			if !r.kept[id] && !s.layoutIDs()[id] {
				delete(r.ids, id)
			}
		}
	}
	return Rendered{
		Body:     doc.HTML,
		Headings: doc.Headings,
		Summary:  doc.Summary,
		Sidebar:  r.sidebar,
		Placed:   r.placed,
		Flaws:    capFlaws(r.flaws.Flaws, maxFlawsPerKind),
		Counted:  r.counted,
		Anchors:  r.anchors,
		IDs:      r.ids,
		Links:    r.links,
	}, nil
}

// layoutIDs are the ids the layouts write themselves (none without
// layouts or a renderer, as in tests of a body alone).
func (s *Renderer) layoutIDs() map[string]bool {
	if s == nil || s.lay == nil {
		return nil
	}
	return s.lay.ids
}

// maxFlawsPerKind bounds the flaws of one kind a page reports: past it, the
// rest are counted in one more flaw rather than flooding the output.
const maxFlawsPerKind = flaw.MaxPerKind

func capFlaws(flaws []flaw.Flaw, limit int) []flaw.Flaw { return flaw.Cap(flaws, limit) }

// flaw reports a problem at byte offset off of the page.
func (r *render) flaw(kind string, off int, format string, args ...any) {
	if r.count && flaw.SeverityOf(kind) == flaw.Info {
		r.counted = r.counted.Add(kind, 1)
		return
	}
	r.flaws.Add(r.page.File, kind, func() flaw.Flaw { return r.page.Flaw(kind, off, format, args...) })
}

// add adds a flaw that is already made, uncounted.
// Problem implements markdown.Hooks.
func (r *render) Problem(pr markdown.Problem) {
	f := r.page.Flaw(pr.Kind, pr.Off, "%s", pr.Message)
	f.Suggestion = pr.Suggestion
	r.add(f)
}

// GitHubAnchors implements markdown.GitHubAnchors: the headings of plain
// markdown, written for GitHub, answer GitHub's anchors too.
func (r *render) GitHubAnchors() bool { return r.page.Page.Plain }

// Written implements markdown.Hooks: HTML with raw HTML in it is cleaned.
func (r *render) Written(html string) string {
	if !r.rawHTML {
		return html
	}
	r.rawHTML = false
	return r.cleanBody(html)
}

func (r *render) add(f flaw.Flaw) { r.flaws.Flaws = append(r.flaws.Flaws, f) }

func (r *render) t(key string) string { return r.ui.get(key) }

// Locale implements macro.Env.
func (r *render) Locale() string { return r.page.Locale }

// Page implements macro.Env.
func (r *render) Page() macro.Page {
	p := r.page
	return macro.Page{
		Locale:        p.Locale,
		Slug:          p.Slug,
		Title:         p.Title,
		PageType:      p.Meta.PageType,
		Code:          p.Code,
		Translation:   p.Source != nil,
		SpecURLs:      p.Meta.SpecURLs,
		BrowserCompat: p.Meta.BrowserCompat,
	}
}

// T implements macro.Env.
func (r *render) T(key string) string { return r.t(key) }

// Report implements macro.Env.
func (r *render) Report(kind, format string, args ...any) { r.flaw(kind, r.off, format, args...) }

// UseSidebar implements macro.Env.
func (r *render) UseSidebar(name string) { r.sidebar = name }

// Placed implements macro.Env.
func (r *render) Placed(part string) {
	if r.placed == nil {
		r.placed = map[string]bool{}
	}
	r.placed[part] = true
}

// Link implements macro.Env: a link made by a macro.
func (r *render) Link(href string) macro.Link { return r.link(href, r.off) }

// Label implements markdown.Hooks.
func (r *render) Label(typ string) string { return r.t(typ) }

// Macro implements markdown.Hooks.
func (r *render) Macro(n *markdown.Macro) macro.Output {
	if n.Err != nil {
		return macro.Output{HTML: macro.Marker(n.Err.Name, n.Err.Msg)}
	}
	return r.expand(n.Call, n.Off)
}

// expand runs one macro call found at off.
func (r *render) expand(c macro.Call, off int) (out macro.Output) {
	if r.written > maxMacroHTML { // left out: reported at the call that went past
		return macro.Output{}
	}
	defer func() { // what it writes counts, a marker too
		if r.written += len(out.HTML); r.written > maxMacroHTML {
			r.flaw(flaw.TooLong, off, "the page's macros wrote more than %d MB of HTML; this call and those after are left out", maxMacroHTML>>20)
			out = macro.Output{Block: out.Block}
		}
	}()
	f, ok := r.site.macros.Lookup(c.Name)
	if !ok {
		r.flaw(flaw.UnknownMacro, off, "unknown macro %q", c.Name)
		return macro.Output{HTML: macro.Marker(c.Name, "unknown macro")}
	}
	r.off = off
	var err error
	line, col := r.page.Pos(off)
	if pf := flaw.Catch(r.page.File, line, col, "the macro is shown as a marker", func() { out, err = f(r, c.Args) }); pf != nil {
		r.add(*pf)
		return macro.Output{HTML: macro.Marker(c.Name, "internal error")}
	}
	var ae *macro.ArgError
	switch {
	case errors.As(err, &ae):
		at := off
		if ae.Arg >= 0 && ae.Arg < len(c.Args) {
			at += c.Args[ae.Arg].Off
		}
		r.flaw(flaw.MacroArgs, at, "%s: %s", c.Name, ae.Msg)
		return macro.Output{HTML: macro.Marker(c.Name, ae.Msg)}
	case err != nil:
		r.flaw(flaw.MacroArgs, off, "%s: %v", c.Name, err)
		return macro.Output{HTML: macro.Marker(c.Name, err.Error())}
	}
	return out
}

// ResolveLink implements markdown.Hooks: a link or image in the markdown.
func (r *render) ResolveLink(dest string, off int, image bool) macro.Link {
	if image {
		return r.src(dest, off)
	}
	return r.link(dest, off)
}

func attrEscape(s string) string { return html.EscapeString(s) }
