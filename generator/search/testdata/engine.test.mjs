// Tests of the search engine (layouts/static/search.js) in Node, run by
// `make test`: `STATUSDOCS_BIN=bin/statusdocs node --test generator/search/testdata/`.
// It builds content/ with the statusdocs binary and queries the index
// through the published engine, reading the files from disk.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const repo = resolve(here, "../../..");
const bin = resolve(repo, process.env.STATUSDOCS_BIN || "bin/statusdocs");
const status = "docs/Web/HTTP/Reference/Status/";

let tmp;
const sites = {}; // base path → {dir, engine module}

// build builds content/ under a base path and imports the engine it
// published.
const build = async (base) => {
  const dir = join(tmp, base.replaceAll("/", "_") || "root");
  execFileSync(bin, ["build", "--content", join(repo, "content"), "--out", dir, "--base-path", base || "/"], { stdio: "pipe" });
  const name = readdirSync(join(dir, "static")).find((f) => /^search\.[0-9a-f]+\.js$/.test(f));
  assert.ok(name, "static/search.<hash>.js is published");
  return { dir, root: base || "/", engine: await import(join(dir, "static", name)) };
};

// open returns a search over a built site and a record of the bytes it
// reads; fail makes the next loads of paths it matches fail.
const open = (site) => {
  const reads = { bytes: 0, files: [] };
  let fail = null;
  const search = site.engine.createSearch(async (path) => {
    if (fail && fail.test(path)) throw new Error("offline: " + path);
    const text = await readFile(join(site.dir, path), "utf8");
    reads.bytes += Buffer.byteLength(text);
    reads.files.push(path);
    return text;
  }, site.root);
  return { search, reads, failing: (re) => (fail = re) };
};

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), "statusdocs-search-"));
  sites[""] = await build("");
  sites["/docs/"] = await build("/docs/");
});
after(() => rmSync(tmp, { recursive: true, force: true }));

// codes are the status codes of the first n results.
const codes = (results, n = 3) => results.slice(0, n).map((r) => r.code);

test("the issue's queries find their pages", async (t) => {
  for (const [locale, q, want, n] of [
    ["zh-TW", "逾時", ["408", "504"], 3],
    ["zh-CN", "找不到", ["404"], 3],
    ["en-US", "cache", ["304"], 3],
    ["en-US", "payload too large", ["413"], 1],
    ["en-US", "unproc", ["422"], 1],
    ["ja", "チャレンジ", ["401"], 1], // Katakana, in the ja translation of 401
    ["ja", "プロキシ", ["502"], 3],
    ["ja", "ゲート", ["502"], 3], // ゲ, not folded to ケ in the index either
    ["zh-TW", "逾", ["408", "504"], 3], // one character: the bigrams it starts
  ]) {
    await t.test(`${locale} ${q}`, async () => {
      const results = await open(sites[""]).search.query(locale, q);
      const top = codes(results, n);
      assert.ok(want.some((c) => top.includes(c)), `${q}: top ${n} are ${top}, want one of ${want}`);
    });
  }
});

test("a code's first digits find the codes they start", async () => {
  const results = await open(sites[""]).search.query("en-US", "41");
  assert.deepEqual(codes(results, 9).sort(), ["410", "411", "412", "413", "414", "415", "416", "417", "418"]);
  const exact = await open(sites[""]).search.query("en-US", "404");
  assert.equal(exact[0].code, "404");
  assert.equal(exact[0].url, `/en-US/${status}404/`);
});

test("results carry their page, badge, excerpt with marks, and fallback", async () => {
  const [r] = await open(sites[""]).search.query("zh-TW", "逾時");
  assert.equal(r.code, "408");
  assert.equal(r.fallback, false);
  assert.ok(r.url.startsWith(`/zh-TW/${status}408/`), r.url);
  assert.ok(r.marks.length > 0, "no match marked in " + r.excerpt);
  for (const [s, e] of r.marks) assert.equal(r.excerpt.slice(s, e), "逾時");
  // ja shows most pages in English: such a result is marked, and keeps
  // the ja URL.
  const fb = (await open(sites[""]).search.query("ja", "Early Hints")).find((x) => x.code === "103");
  assert.ok(fb, "ja finds the English fallback of 103");
  assert.equal(fb.fallback, true);
  assert.equal(fb.url.split("#")[0], `/ja/${status}103/`);
  assert.ok(fb.marks.length > 0, "no match marked in " + fb.excerpt);
  for (const [s, e] of fb.marks) assert.match(fb.excerpt.slice(s, e), /^(early|hints)$/i);
  assert.doesNotMatch(fb.excerpt, /English/, "the fallback notice is no part of the excerpt");
});

test("a result leads to the heading its match is under", async () => {
  const results = await open(sites[""]).search.query("zh-TW", "閒置的持續連線");
  const r = results.find((x) => x.code === "408");
  assert.ok(r, "408 is found");
  assert.equal(r.heading, "閒置的持續連線上出現的 408");
  assert.equal(r.url, `/zh-TW/${status}408/#閒置的持續連線上出現的_408`);
  const page = readFileSync(join(sites[""].dir, "zh-TW", status, "408/index.html"), "utf8");
  assert.ok(page.includes(`id="閒置的持續連線上出現的_408"`), "the page has the heading's id");
});

test("a one-character CJK query marks that character", async () => {
  const [r] = await open(sites[""]).search.query("zh-TW", "逾");
  assert.ok(r.marks.length > 0, r.excerpt);
  for (const [s, e] of r.marks) assert.equal(r.excerpt.slice(s, e), "逾");
});

test("a locale of 65 pages reads little for a first query", async () => {
  for (const [locale, q] of [["en-US", "cache"], ["zh-TW", "逾時"], ["ja", "リダイレクト"]]) {
    const { search, reads } = open(sites[""]);
    await search.query(locale, q);
    // The index's files, and the twins of the results for their excerpts:
    // within the 150 KB a first query may read (BenchmarkIndex).
    const twins = reads.files.filter((p) => p.endsWith(".md")).length;
    assert.ok(reads.bytes < 150_000 && twins <= 10, `${locale} ${q}: ${reads.bytes} bytes in ${reads.files.length} files`);
    const first = reads.bytes;
    await search.query(locale, q);
    assert.equal(reads.bytes, first, "a query asked again reads nothing more");
  }
});

test("under a base path, URLs keep it and files load from the root", async () => {
  const { search, reads } = open(sites["/docs/"]);
  const results = await search.query("en-US", "not found");
  assert.equal(results[0].url, `/docs/en-US/${status}404/`);
  assert.match(results[0].excerpt, /not found/i, "the excerpt comes from the twin under the base path");
  assert.ok(reads.files.includes(`en-US/${status}404/index.md`), reads.files.join(" "));
  assert.ok(reads.files.every((p) => !p.startsWith("/") && !p.startsWith("docs/")), reads.files.join(" "));
});

test("a failed load fails the query, and the next query tries again", async () => {
  const { search, failing } = open(sites[""]);
  failing(/meta\.json$/);
  await assert.rejects(search.query("en-US", "gone"));
  failing(null);
  assert.equal((await search.query("en-US", "gone"))[0].code, "410");
});

test("queries a reader should not be able to break", async () => {
  const { search } = open(sites[""]);
  for (const q of ["", "   ", "(*+?[", "\u0000", "<script>", "a".repeat(20000), "逾".repeat(5000), "🙂", "constructor", "__proto__", "toString"]) {
    const results = await search.query("en-US", q);
    assert.ok(Array.isArray(results), q.slice(0, 20));
  }
  assert.deepEqual(await search.query("en-US", "zzzzqqqq"), []);
});

test("a pasted page looks up its first 16 words, not every shard", async () => {
  const files = {
    "xx/search/meta.json": { v: 4, docs: 1, translated: 1, chunk: 8, shards: [] },
    "xx/search/d-0.json": [["Zero", "/xx/0/", "", false, [["", ""]]]],
    "xx/0/index.md": "# Zero\n\nw00\n",
  };
  const words = [];
  for (let k = 0; k < 40; k++) {
    const w = "w" + String(k).padStart(2, "0");
    words.push(w);
    files["xx/search/meta.json"].shards.push(w);
    files[`xx/search/t-${k}.json`] = { [w]: [0, 20] };
  }
  const read = [];
  const search = createSearchOver(files, read);
  await search.query("xx", words.join(" ") + " ");
  assert.equal(read.filter((p) => p.includes("/t-")).length, 16, read.join(" "));
});

// The generator's golden tokens (tokenize_test.go) are the engine's too:
// the browser splits text exactly as the index was split.
test("tokens match the generator's golden files", async () => {
  const { tokens } = sites[""].engine;
  const archive = readFileSync(join(here, "tokens.txtar"), "utf8");
  const files = {};
  let name = null;
  for (const line of archive.split("\n")) {
    const m = /^-- (.+) --$/.exec(line);
    if (m) files[(name = m[1])] = [];
    else if (name) files[name].push(line);
  }
  let checked = 0;
  for (const [file, lines] of Object.entries(files)) {
    if (!file.endsWith(".txt")) continue;
    const text = lines.join("\n").replace(/\n$/, "");
    const want = files[file.replace(/\.txt$/, ".tokens")].join("\n").replace(/\n*$/, "\n");
    const got = tokens(text, true)
      .map((t) => {
        const source = text.slice(t.start, t.end);
        return source === t.text ? t.text + "\n" : `${t.text}\t${source}\n`;
      })
      .join("")
      .replace(/\n*$/, "\n");
    assert.equal(got, want, file);
    // What a query looks up, the index of the same text holds.
    const held = new Set(tokens(text, true).map((t) => t.text));
    for (const t of tokens(text)) assert.ok(held.has(t.text), `${file}: query token ${t.text}`);
    checked++;
  }
  assert.ok(checked >= 8, `${checked} golden texts`);
});

// A hand-made index: what the engine does with a number no page took (a
// page that was not written), a twin that fails to load, and a prefix
// whose tokens run over two shards.
test("null documents, missing excerpts and prefixes over shards", async () => {
  const files = {
    "xx/search/meta.json": { v: 4, docs: 3, translated: 3, chunk: 8, shards: ["a", "cachf"] },
    "xx/search/t-0.json": { cache: [0, 50, 1, 40], cachd: [2, 30] },
    "xx/search/t-1.json": { cachg: [2, 20] },
    "xx/search/d-0.json": [["Zero", "/xx/0/", "200", false, [["", ""]]], null, ["Two", "/xx/2/", "", false, [["", ""]]]],
    "xx/0/index.md": '---\ntitle: "Zero"\n---\n\n# Zero\n\nAll about the *cache* here.\n',
  };
  const search = createSearchOver(files);
  const exact = await search.query("xx", "cache ");
  assert.deepEqual(exact.map((r) => r.title), ["Zero"], "doc 1 was never written; the trailing space ends the word");
  assert.deepEqual(exact[0].marks.map(([s, e]) => exact[0].excerpt.slice(s, e)), ["cache"]);
  const prefix = await search.query("xx", "cach");
  assert.deepEqual(prefix.map((r) => r.title), ["Zero", "Two"]);
  assert.equal(prefix[1].excerpt, "", "an excerpt that cannot load leaves the result without one");
});

// A shard's postings are pairs by document: the gap from the document
// before, and the weight plus 80 times the section. A heading whose id is
// itself lowercased stands alone.
test("postings: gaps between documents, weight and section in one number", async () => {
  const heads = ["", "One", ["two", "Two"]]; // ["one", "One"] written as its heading alone
  const twin = (name) => `# ${name}\n\nthe word of ${name} first\n\n## One\n\nthe word of ${name}\n\n## Two\n\nthe word of ${name} again\n`;
  const files = {
    "xx/search/meta.json": { v: 4, docs: 12, translated: 12, chunk: 8, shards: ["a"] },
    // doc 3: weight 20, section 2; doc 10: weight 60, section 1; doc 11: weight 40, section 0
    "xx/search/t-0.json": { word: [3, 20 + 80 * 2, 7, 60 + 80, 1, 40] },
    "xx/search/d-0.json": [null, null, null, ["Three", "/xx/3/", "", false, heads]],
    "xx/search/d-1.json": [null, null, ["Ten", "/xx/10/", "", false, heads], ["Eleven", "/xx/11/", "", false, heads]],
    "xx/3/index.md": twin("three"),
    "xx/10/index.md": twin("ten"),
    "xx/11/index.md": twin("eleven"),
  };
  const results = await createSearchOver(files).query("xx", "word ");
  assert.deepEqual(
    results.map((r) => [r.title, r.url, r.excerpt]),
    [
      ["Ten", "/xx/10/#one", "the word of ten"],
      ["Eleven", "/xx/11/", "the word of eleven first"],
      ["Three", "/xx/3/#two", "the word of three again"],
    ],
  );
});

const createSearchOver = (files, read = []) =>
  sites[""].engine.createSearch(async (path) => {
    read.push(path);
    if (!(path in files)) throw new Error("404 " + path);
    return typeof files[path] === "string" ? files[path] : JSON.stringify(files[path]);
  });

// twinSections reads a page's markdown twin (generator/twin) as the
// generator reads its HTML (generator/search.SectionsOf): each section's
// text, plain and squashed.
test("twin sections: the text of each section, as the page shows it", () => {
  const { twinSections } = sites[""].engine;
  const heads = [["", ""], ["status", "Status"], ["a_b", "A | B"]];
  for (const [name, md, want, hs = heads] of [
    ["front matter, title, headings", '---\ntitle: "T"\n---\n\n# T\n\nIntro.\n\n## Status\n\nText.\n\n### A \\| B\n\nMore.\n', ["Intro.", "Text.", "More."]],
    ["a fence with ## inside, of backticks and tildes", "# T\n\n````http\n## Status\n```\n````\n\n## Status\n\n~~~\n### A | B\n~~~\n\n### A \\| B\n", ["## Status ```", "### A | B", ""]],
    ["escapes, emphasis, code spans", "# T\n\n\\*not\\* **bold** *it* ~~del~~ \\[x\\] \\<b\\> \\& `a*b` `` a`b `` ` ``x`` `\n", ["*not* bold it del [x] <b> & a*b a`b ``x``"], [["", ""]]],
    ["links and images", "# T\n\nSee [the `200` page](https://x.org/200/ \"t\") and [\\[a\\]](/a/). ![alt](https://x.org/a.png) done\n", ["See the 200 page and [a]. done"], [["", ""]]],
    ["a table", "# T\n\n| Code | Meaning |\n| --- | --- |\n| `a\\|b` | x \\| y |\n", ["Code Meaning a|b x | y"], [["", ""]]],
    ["lists, quotes, definitions, breaks", "# T\n\n- one\n- two\n  1. three\\\n  four\n\n> **Note:** five\n> > six\n\n- `term`\n\n  its definition\n\n---\n\n\\- seven 1\\. \\# eight\n", ["one two three four Note: five six term its definition - seven 1. # eight"], [["", ""]]],
    ["a fallback's notice is left out", '---\nfallback: true\n---\n\n# T\n\n> **Note:** This page is in English.\n\n> **Warning:** kept\n', ["Warning: kept"], [["", ""]]],
    ["a heading the index does not have is text", "# T\n\nA\n\n## Other\n\nB\n\n## Status\n\nC\n", ["A Other B", "C"], heads.slice(0, 2)],
    // SectionsOf starts a section at every h2 and h3 with an id, in a
    // container or not.
    ["a heading in a quote or a list starts a section", "# T\n\nA\n\n> ## Status\n>\n> B\n\n- ### A \\| B\n\n  C\n", ["A", "B", "C"]],
    ["the same heading twice, once in a quote", "# T\n\n> ## Status\n\n## Status\n\nC\n", ["", "", "C"], [["", ""], ["status", "Status"], ["status_2", "Status"]]],
    ["a section whose heading the twin does not show, in a table cell, is empty", "# T\n\nA\n\n| Status |\n| --- |\n\n### A \\| B\n\nC\n", ["A Status", "", "C"]],
    ["a heading the index has no section for (no id) that is a later section's too", "# T\n\nIntro\n\n## A\n\ntext a\n\n## C\n\nfake\n\n## B\n\ntext b\n\n## C\n\ntext c\n", ["Intro", "text a C fake", "text b", "text c"], [["", ""], ["a", "A"], ["b", "B"], ["c", "C"]]],
    ["a long heading the index cut", `# T\n\nA\n\n## ${"x".repeat(130)}\n\nB\n\n## Other\n\nC\n`, ["A", "B Other C"], [["", ""], ["x", "x".repeat(120)]]],
    ["a heading the twin shows as text, a definition's term: its section and the one before share the text", "# T\n\n> ## Note head\n>\n> B\n\n- Term\n\n  D\n", ["", "B Term D"], [["", ""], ["note_head", "Note head"], ["term", "Term"]]],
  ]) {
    assert.deepEqual(twinSections(md, hs), want, name);
  }
});
