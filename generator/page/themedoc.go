package page

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
)

// The built-in theme's docs page is written in Go when the layouts it is
// parsed from are the ones writeThemeDoc was written for, byte for byte
// (themeDocSum): the page the templates write, without running them.
// text/template finds each field by name and calls each escaper through
// reflect, a tenth of a cold build's CPU on its own; writeThemeDoc costs a
// tenth of that.
//
// The templates stay the theme: layouts that change any file the docs
// page is made of (base.html, doc.html, a partial, or one more partial)
// are run as they are, this repository's own included, so an edit to
// layouts/ shows at once. TestThemeDocSum then fails until this file
// writes what the edited files do (TestThemeDocPages and FuzzThemeDoc
// hold it to them) and themeDocSum is theirs.

// themeDocSum is docSum of the layouts writeThemeDoc writes the page of.
const themeDocSum = "5e5df0e8a6e15c0727595c87a937c46d41827b129bad4a13d8d2be939559986f"

// docSum is the SHA-256 of the names and bytes of the files the docs
// page of the layouts in fsys is parsed from; "" when one cannot be read.
func docSum(fsys fs.FS) string {
	h := sha256.New()
	for _, f := range kindFiles(fsys, "doc") {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return ""
		}
		fmt.Fprintf(h, "%s\x00%d\x00", f, len(data))
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// themeDocStrings are the UI strings the theme's docs page reads. With
// one missing, the template is run: it reports the missing key.
var themeDocStrings = []string{"site_name", "languages", "breadcrumbs", "menu", "sidebar",
	"fallback_notice", "fallback_read_english", "outdated_notice", "outdated_read_english",
	"constants_heading", "pager", "previous", "next", "last_updated", "toc",
	"translate_page", "edit_page", "source_file", "license"}

// writeThemeDoc writes what base.html and doc.html of the theme write for
// d, prepared, and reports whether it could: not when a UI string is
// missing or a cached partial fails, which the template then reports.
func (l *Layouts) writeThemeDoc(b *bytes.Buffer, d *PageData) bool {
	t := d.T
	for _, k := range themeDocStrings {
		if _, ok := t[k]; !ok {
			return false
		}
	}
	assets, err := l.partialCached("head-assets", d)
	if err != nil {
		return false
	}
	var top template.HTML
	if d.Refresh == "" {
		if top, err = l.partialCached("top", d, d.Kind, d.Lang); err != nil {
			return false
		}
	}
	writeMarkup(b, "<!doctype html>\n<html lang=\"", d.Lang, "\" dir=\"", d.Dir, "\">\n<head>\n<meta charset=\"utf-8\">\n"+
		"<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'self'; object-src 'none'; base-uri 'none'\">\n"+
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	if d.Kind != "index" {
		writeMarkup(b, "", d.Title, " | ")
	}
	writeMarkup(b, "", t["site_name"], "</title>")
	writeHTML(b, d.MetaTags, d.AlternateLinks, d.SocialTags, "\n", assets, "\n</head>")
	if d.Refresh != "" {
		b.WriteString("\n<body class=\"page-redirect\">\n")
		writeThemeMain(b, d)
	} else {
		writeHTML(b, "\n", top)
		if len(d.Languages) > 0 {
			writeMarkup(b, "\n<details class=\"languages\">\n<summary><span class=\"visually-hidden\">", t["languages"],
				": </span>", d.LangName, "</summary>\n<nav aria-label=\"", t["languages"], "\">\n")
			writeHTML(b, d.LanguageMenu, "\n</nav>\n</details>")
		}
		b.WriteString("\n</div>\n</header>\n")
		writeThemeMain(b, d)
		b.WriteString("\n")
		writeThemeFooter(b, d)
	}
	b.WriteString("\n</body>\n</html>\n")
	return true
}

// writeMarkup writes markup and values in turn: the first part as it is,
// the second escaped as html/template escapes a value in text or in a
// quoted attribute, the third as it is, and so on.
func writeMarkup(b *bytes.Buffer, parts ...string) {
	for i, p := range parts {
		if i%2 == 0 {
			b.WriteString(p)
		} else {
			writeEscaped(b, p)
		}
	}
}

// writeHTML writes HTML as it is: markup, and values html/template passes
// through in text (template.HTML).
func writeHTML(b *bytes.Buffer, parts ...template.HTML) {
	for _, p := range parts {
		b.WriteString(string(p))
	}
}

// writeThemeMain writes doc.html's "main".
func writeThemeMain(b *bytes.Buffer, d *PageData) {
	t := d.T
	b.WriteString("<div class=\"layout")
	if d.Sidebar != "" {
		b.WriteString(" has-sidebar")
	}
	if len(d.TOC) > 0 {
		b.WriteString(" has-toc")
	}
	writeMarkup(b, "\">\n<nav class=\"breadcrumbs\" aria-label=\"", t["breadcrumbs"], "\">\n<ol>")
	writeHTML(b, d.CrumbItems, "\n</ol>\n</nav>")
	if d.Sidebar != "" {
		writeMarkup(b, "\n<input type=\"checkbox\" id=\"sidebar-toggle\" class=\"sidebar-toggle visually-hidden\">\n"+
			"<label for=\"sidebar-toggle\" class=\"sidebar-button\">", t["menu"], "</label>\n<aside class=\"sidebar\" aria-label=\"", t["sidebar"], "\">")
		writeHTML(b, d.Sidebar, "</aside>")
	}
	b.WriteString("\n<main id=\"content\" class=\"article\">")
	if f := d.Fallback; f != nil {
		writeThemeNotice(b, "fallback", fmt.Sprintf(t["fallback_notice"], f.Language), f.EnglishURL, t["fallback_read_english"])
	}
	if o := d.Outdated; o != nil {
		writeThemeNotice(b, "outdated", fmt.Sprintf(t["outdated_notice"], o.Count, o.Date), o.EnglishURL, t["outdated_read_english"])
	}
	b.WriteString("\n<article")
	if d.ContentLang != "" {
		writeMarkup(b, " lang=\"", d.ContentLang, "\"")
	}
	b.WriteString(">")
	if d.Code != "" {
		writeMarkup(b, "\n<a class=\"badge c", d.Class, "\" href=\"")
		writeURL(b, d.Home)
		writeMarkup(b, "#class-", urlAttr(d.Class, false), "\">", d.ClassName, "</a>")
	}
	writeMarkup(b, "\n<h1>", d.Title)
	if d.Badges != "" {
		writeHTML(b, " ", d.Badges)
	}
	writeHTML(b, "</h1>\n", d.Body)
	if d.Constants != "" {
		writeMarkup(b, "\n<section class=\"constants-section\">\n<h2>", t["constants_heading"], "</h2>\n")
		writeHTML(b, d.Constants, "\n</section>")
	}
	b.WriteString("\n</article>")
	writeThemeEnd(b, d)
}

// writeThemeEnd writes what doc.html's "main" has after the article: the
// pager, the date of the last change and "In this article".
func writeThemeEnd(b *bytes.Buffer, d *PageData) {
	t := d.T
	if d.Prev != nil || d.Next != nil {
		writeMarkup(b, "\n<nav class=\"pager\" aria-label=\"", t["pager"], "\">")
		if d.Prev != nil {
			writeThemePager(b, "prev", d.Prev, t["previous"])
		}
		if d.Next != nil {
			writeThemePager(b, "next", d.Next, t["next"])
		}
		b.WriteString("\n</nav>")
	}
	if d.Updated != "" {
		writeMarkup(b, "\n<p class=\"last-updated\">", t["last_updated"], " <time datetime=\"", d.Updated, "\">", d.UpdatedText, "</time></p>")
	}
	b.WriteString("\n</main>")
	if len(d.TOC) > 0 {
		writeMarkup(b, "\n<aside class=\"toc\">\n<nav aria-labelledby=\"toc-title\">\n<h2 id=\"toc-title\">", t["toc"], "</h2>\n<ul>")
		writeHTML(b, d.TOCItems, "\n</ul>\n</nav>\n</aside>")
	}
	b.WriteString("\n</div>")
}

// writeThemeNotice writes a translation notice of doc.html: its text and
// a link to the English page.
func writeThemeNotice(b *bytes.Buffer, class, text, englishURL, readEnglish string) {
	writeHTML(b, "\n<div class=\"l10n-notice ", template.HTML(class))
	writeMarkup(b, "\" role=\"note\">\n<p>", text, " <a href=\"")
	writeURL(b, englishURL)
	writeMarkup(b, "\" hreflang=\"en-US\">", readEnglish, "</a></p>\n</div>")
}

// writeThemePager writes a link of doc.html's pager, rel being "prev" or
// "next".
func writeThemePager(b *bytes.Buffer, rel string, e *Entry, label string) {
	writeHTML(b, "\n<a class=\"pager-", template.HTML(rel), "\" rel=\"", template.HTML(rel), "\" href=\"")
	writeURL(b, e.URL)
	writeMarkup(b, "\"><span class=\"pager-label\">", label, "</span> <span class=\"pager-title\">", e.Title, "</span></a>")
}

// writeThemeFooter writes partials/footer.html.
func writeThemeFooter(b *bytes.Buffer, d *PageData) {
	t := d.T
	b.WriteString("<footer class=\"site-footer\">")
	switch {
	case d.TranslateURL != "":
		b.WriteString("\n<p><a class=\"edit-link\" href=\"")
		writeURL(b, d.TranslateURL)
		writeMarkup(b, "\">", t["translate_page"], "</a></p>")
	case d.SourceURL != "":
		b.WriteString("\n<p><a class=\"edit-link\" href=\"")
		writeURL(b, d.SourceURL)
		writeMarkup(b, "\">", t["edit_page"], "</a> <code>", d.Source, "</code></p>")
	case d.Source != "":
		writeMarkup(b, "\n<p>", t["source_file"], " <code>", d.Source, "</code></p>")
	}
	writeMarkup(b, "\n<p>", t["license"], "</p>\n</footer>")
}
