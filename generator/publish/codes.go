package publish

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"statusdocs/generator/site"
	"statusdocs/generator/twin"
)

// The indexes for programs
//
// Each locale gets {Locale}/llms.txt, in the llmstxt.org format, and
// {Locale}/status-codes.json; the site gets /llms.txt, the root locale's
// with a section linking to the other locales' files. A locale lists
// every page it shows: its own pages and the English pages it shows as
// fallbacks. llms.txt has the site's name as its H1, the locale's home
// description as its summary, then a section per status class (titled
// in the locale) and one for the other pages, each page an item
// "- [title](markdown twin URL): summary"; titles and summaries are
// escaped (package twin), so a page's text is never a link or markup
// there. status-codes.json is an array of the status pages by code:
// code, title, class, summary, url, markdown_url, spec_urls,
// translation, fallback, outdated, and translations (the locales of the
// page's real translations, en-US first).

// Code is an entry of {Locale}/status-codes.json.
type Code struct {
	Code         int      `json:"code"`
	Title        string   `json:"title"`
	Class        string   `json:"class"`
	Summary      string   `json:"summary"`
	URL          string   `json:"url"`
	MarkdownURL  string   `json:"markdown_url"`
	SpecURLs     []string `json:"spec_urls"`
	Translation  bool     `json:"translation"` // a translation, not the English page
	Fallback     bool     `json:"fallback"`    // the English page, shown in this locale
	Outdated     bool     `json:"outdated"`    // a translation the English page changed since
	Translations []string `json:"translations"`
}

// shown is a page as a locale shows it.
type shown struct {
	p        *site.Page
	summary  string
	url      string // of the page in the locale, with the site URL
	fallback bool
}

// shownIn lists what a locale shows, written pages and fallbacks, by code
// then slug.
func (in Input) shownIn(locale string) []shown {
	var list []shown
	for i, p := range in.Site.Pages {
		pg := in.Pages[i]
		if !pg.Written {
			continue
		}
		if p.Locale == locale {
			list = append(list, shown{p, pg.Summary, in.SiteURL + p.URL, false})
		} else if slices.Contains(pg.Fallbacks, locale) {
			list = append(list, shown{p, pg.Summary, in.SiteURL + in.Site.DocsURL(locale, p.Slug), true})
		}
	}
	slices.SortFunc(list, func(a, b shown) int {
		if c := strings.Compare(codeKey(a.p), codeKey(b.p)); c != 0 {
			return c
		}
		return strings.Compare(a.p.Slug, b.p.Slug)
	})
	return list
}

// codeKey sorts status pages by code, before the other pages.
func codeKey(p *site.Page) string {
	if p.Code == "" {
		return "~"
	}
	return p.Code
}

// Codes makes the llms.txt and status-codes.json files of a site, a
// locale at a time, from what the locale shows (shownIn). The build
// writes them with each locale's search index (a warm build, of the
// locales it rendered pages of); the preview, again when it renders a
// page, since its summary may have changed: then of its locale alone.
type Codes struct {
	in Input
}

// NewCodes makes the files of the site in.
func NewCodes(in Input) *Codes { return &Codes{in: in} }

// Files is how many files Locale makes.
func (c *Codes) Files(locale string) int {
	if locale == c.in.RootLocale {
		return 3
	}
	return 2
}

// Locale is {locale}/llms.txt and {locale}/status-codes.json, and /llms.txt
// when locale is the root's, by name.
func (c *Codes) Locale(locale string) map[string][]byte {
	in := c.in
	shown := in.shownIn(locale)
	llms := in.llms(locale, shown)
	files := map[string][]byte{
		locale + "/llms.txt":          llms,
		locale + "/status-codes.json": in.codesJSON(locale, shown),
	}
	if locale == in.RootLocale {
		files["llms.txt"] = in.languages(slices.Clip(llms), locale, in.Site.Enabled())
	}
	return files
}

// llms is a locale's llms.txt.
func (in Input) llms(locale string, pages []shown) []byte {
	ui := func(key string) string { return twin.Text(in.UI(locale, key)) }
	sections := map[string]string{} // by the code's class, "" for other pages
	var b bytes.Buffer
	b.Grow(300 * len(pages)) // a line is about as long as a summary, at most 200 characters
	b.WriteString("# " + ui("site_name") + "\n\n> " + ui("home_description") + "\n")
	section := ""
	for _, s := range pages {
		class := ""
		if s.p.Code != "" {
			class = s.p.Code[:1]
		}
		title, ok := sections[class]
		if !ok {
			title = ui("llms_other")
			if class != "" {
				title = ui("class_" + class + "xx")
			}
			sections[class] = title
		}
		if title != section {
			b.WriteString("\n## " + title + "\n\n")
			section = title
		}
		for _, part := range []string{"- [", twin.Text(s.p.Title), "](", twin.Destination(s.url + "index.md"), ")"} {
			b.WriteString(part)
		}
		if sum := twin.Text(s.summary); sum != "" {
			b.WriteString(": ")
			b.WriteString(sum)
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// languages appends to a locale's llms.txt the section that links to the
// llms.txt of others, the site's locales, when there are several: the
// llms.txt of the site's root.
func (in Input) languages(b []byte, locale string, others []string) []byte {
	if len(others) > 1 {
		b = append(b, "\n## "+twin.Text(in.UI(locale, "languages"))+"\n\n"...)
		for _, loc := range others {
			b = append(b, "- ["+twin.Text(in.UI(loc, "language_name"))+"]("+twin.Destination(in.SiteURL+in.Site.Base("/"+loc+"/llms.txt"))+")\n"...)
		}
	}
	return b
}

// codesJSON is a locale's status-codes.json.
func (in Input) codesJSON(locale string, pages []shown) []byte {
	codes := []Code{}
	for _, s := range pages {
		n, err := strconv.Atoi(s.p.Code)
		if err != nil {
			continue
		}
		c := Code{Code: n, Title: s.p.Title, Class: s.p.Code[:1] + "xx", Summary: s.summary, URL: s.url,
			MarkdownURL: s.url + "index.md", SpecURLs: in.specURLs(s.p), Fallback: s.fallback,
			Translation: !s.fallback && s.p.Source != nil, Translations: []string{}}
		if in.Outdated != nil && !s.fallback {
			c.Outdated = in.Outdated(s.p)
		}
		for _, v := range site.Versions(s.p)[1:] {
			c.Translations = append(c.Translations, v.Locale)
		}
		codes = append(codes, c)
	}
	data, _ := json.MarshalIndent(codes, "", "  ") // plain values always marshal
	return append(data, '\n')
}

func (in Input) specURLs(p *site.Page) []string {
	var urls []string
	if in.SpecURLs != nil {
		urls = in.SpecURLs(p)
	}
	if urls == nil {
		return []string{}
	}
	return urls
}
