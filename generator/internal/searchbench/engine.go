package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/chromedp/chromedp"

	"statusdocs/generator/internal/browser"
)

// shown is how many results a query asks each engine for: Pagefind's
// default UI loads the data of its first five results, and so does this
// bench; the score looks at the first three.
const shown = 5

// An engine is a search as a page of the site runs it: script is the body
// of an async function of the query's locale and text that returns the
// URLs of the first results, best first.
type engine struct {
	name   string
	script string
}

// pagefindEngine runs Pagefind's own API (pagefind.js, which fetches its
// wasm and index files) and loads the data of the results a UI would show.
func pagefindEngine() engine {
	return engine{name: "Pagefind", script: `
const pagefind = await import("/pagefind/pagefind.js");
await pagefind.options({basePath: "/pagefind/"});
const search = await pagefind.search(text);
const data = await Promise.all(search.results.slice(0, ` + fmt.Sprint(shown) + `).map(r => r.data()));
return data.map(d => d.url);`}
}

// statusdocsEngine runs our search.js as the search box does, with fetch,
// asking for as many results as Pagefind's data is loaded for (each
// result loads its excerpt).
func statusdocsEngine(module string) engine {
	return engine{name: "statusdocs", script: `
const {createSearch} = await import(` + jsString("/"+module) + `);
const search = createSearch(async path => {
  const r = await fetch("/" + path);
  if (!r.ok) throw new Error(path + ": " + r.status);
  return r.text();
});
const results = await search.query(locale, text, ` + fmt.Sprint(shown) + `);
return results.slice(0, ` + fmt.Sprint(shown) + `).map(r => r.url);`}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// run opens a new tab on the empty page of the locale and runs one query
// there, so the engine starts from nothing, as on a reader's first query.
// Each action has its own deadline (browser.ActionTimeout), never the run.
func (e engine) run(ctx context.Context, base, locale, text string) ([]string, error) {
	tab, cancel, err := browser.NewTab(ctx)
	if err != nil {
		return nil, err
	}
	defer cancel()
	if _, err := browser.Run(tab, "open the "+locale+" page", chromedp.Navigate(base+harnessPrefix+locale+"/")); err != nil {
		return nil, err
	}
	args, _ := json.Marshal([]string{locale, text})
	expr := fmt.Sprintf("(async (locale, text) => {%s})(...%s)", e.script, args)
	return browser.Run(tab, fmt.Sprintf("%s: %q in %s", e.name, text, locale),
		chromedp.Evaluate[[]string](expr, chromedp.EvalAwaitPromise))
}
