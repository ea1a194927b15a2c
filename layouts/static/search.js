// The site's search engine: reads the full-text index the generator
// writes in each locale's search/ folder, in the browser and in Node.
// It splits text exactly as the generator does (generator/search, whose
// package doc describes the index files); a change there is a change here.
//
//   import { createSearch } from "./search.js";
//   const search = createSearch((path) => fetch("/" + path).then((r) => r.text()), "/");
//   const results = await search.query("zh-TW", "逾時");
//
// load(path) returns a Promise of the text of a file of the built site, by
// its path from the site's root ("zh-TW/search/meta.json"); root is the
// site's root path, which the URLs of pages start with ("/", or the base
// path). Each file is loaded once; a load that fails is tried again by the
// next query. The excerpt of a result is cut from its page's markdown twin
// (URL + "index.md"), read as plain text by twinSections.

const segmenter = new Intl.Segmenter("en", { granularity: "word" });
const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}ー]/u;
const wordLike = /[\p{L}\p{Nd}]/u;
const marks = /\p{Mn}/gu;

// fold lowercases a word and drops its accents (generator/search.Fold).
export const fold = (w) => {
  const lower = w.toLowerCase();
  return /^[\x00-\x7f]*$/.test(lower) ? lower : lower.normalize("NFD").replace(marks, "").normalize("NFC");
};

// tokens splits text as the generator does: words of runs that are not CJK,
// folded; bigrams of CJK runs, and with unigrams each character as well
// (else only a run of one character gives itself: what the index holds). Each token is
// {text, start, end}, its source being text.slice(start, end).
export const tokens = (text, unigrams = false) => {
  const out = [];
  const chars = [...text];
  let at = 0; // UTF-16 index of chars[i]
  for (let i = 0; i < chars.length; ) {
    const isCJK = cjk.test(chars[i]);
    let j = i;
    let end = at;
    while (j < chars.length && cjk.test(chars[j]) === isCJK) end += chars[j++].length;
    if (isCJK) cjkTokens(out, chars, i, j, at, unigrams);
    else wordTokens(out, text.slice(at, end), at);
    at = end;
    i = j;
  }
  return out;
};

const cjkTokens = (out, chars, i, j, at, unigrams) => {
  const starts = [];
  for (let k = i; k <= j; k++) {
    starts.push(at);
    if (k < j) at += chars[k].length;
  }
  const n = j - i;
  for (let k = 0; k < n; k++) {
    if (unigrams || n === 1) out.push({ text: chars[i + k], start: starts[k], end: starts[k + 1] });
    if (k + 1 < n) out.push({ text: chars[i + k] + chars[i + k + 1], start: starts[k], end: starts[k + 2] });
  }
};

const wordTokens = (out, run, at) => {
  for (const s of segmenter.segment(run)) {
    if (wordLike.test(s.segment)) out.push({ text: fold(s.segment), start: at + s.index, end: at + s.index + s.segment.length });
  }
};

// compare orders strings by code point, as the generator sorts tokens
// (UTF-16 order differs above U+FFFF).
const compare = (a, b) => {
  for (let i = 0; ; ) {
    const x = a.codePointAt(i);
    const y = b.codePointAt(i);
    if (x === undefined || y === undefined || x !== y) {
      return x === y ? 0 : x === undefined ? -1 : y === undefined ? 1 : x < y ? -1 : 1;
    }
    i += x > 0xffff ? 2 : 1;
  }
};

// shardOf is the shard whose range holds token: the last whose first
// token is not after it.
const shardOf = (firsts, token) => {
  let lo = 0;
  let hi = firsts.length; // the first shard after token is in [lo, hi]
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compare(firsts[mid], token) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(lo - 1, 0);
};

const excerptLength = 160; // characters around the first match
const minPrefix = 2; // characters a last word needs to be read as a prefix
const maxWords = 16; // words of a query looked up: a pasted page is not a query of a thousand

// createSearch returns a search over the site that load reads.
export const createSearch = (load, root = "/") => {
  const cache = new Map();
  const once = (path, parse) => {
    let p = cache.get(path);
    if (!p) {
      p = Promise.resolve()
        .then(() => load(path))
        .then(parse);
      p.catch(() => cache.delete(path));
      cache.set(path, p);
    }
    return p;
  };
  const json = (path) => once(path, JSON.parse);

  // postings gives, for each document, the best posting of word:
  // [weight, section], the word read as a prefix when prefix is set.
  const postings = async (folder, meta, word, prefix) => {
    const shards = new Set([shardOf(meta.shards, word)]);
    if (prefix) meta.shards.forEach((first, k) => first.startsWith(word) && shards.add(k));
    const byDoc = new Map();
    for (const k of shards) {
      const shard = await json(`${folder}t-${k}.json`);
      for (const [tok, flat] of Object.entries(shard)) {
        if (tok !== word && !(prefix && tok.startsWith(word))) continue;
        // Pairs by document: the gap from the one before, and the
        // posting's weight plus 80 times its section.
        for (let i = 0, doc = 0; i < flat.length; i += 2) {
          doc += flat[i];
          const old = byDoc.get(doc);
          // A word in full outweighs a longer word it starts.
          const weight = (flat[i + 1] % 80) * 2 + (tok === word ? 1 : 0);
          if (!old || weight > old[0]) byDoc.set(doc, [weight, Math.floor(flat[i + 1] / 80)]);
        }
      }
    }
    return byDoc;
  };

  // query returns the documents of locale that match text, best first:
  // those with most of its words, then the highest sum of weights (a word
  // of the code, then of the title, of a heading, of the body; shorter
  // fields weigh more). Each is {url, title, code, fallback, heading,
  // excerpt, marks}: url leads to the section that matches best, marks
  // are the [start, end) of the matched words in excerpt.
  const query = async (locale, text, limit = 10) => {
    const folder = `${locale}/search/`;
    const toks = tokens(text);
    const words = [...new Set(toks.map((t) => t.text))].slice(0, maxWords);
    if (!words.length) return [];
    // The last word, as typed so far, is read as a prefix; so is a CJK
    // character alone, which the index holds only in its bigrams.
    const last = toks[toks.length - 1];
    const prefix = words.includes(last.text) && last.end === text.length && !cjk.test(last.text) && [...last.text].length >= minPrefix ? last.text : null;
    const isPrefix = (w) => w === prefix || (cjk.test(w) && [...w].length === 1);
    const meta = await json(`${folder}meta.json`);
    const found = await Promise.all(words.map((w) => postings(folder, meta, w, isPrefix(w))));
    const scores = new Map(); // doc → [words matched, sum of weights, best weight, its section]
    for (const byDoc of found) {
      for (const [doc, [weight, section]] of byDoc) {
        const s = scores.get(doc) || [0, 0, -1, 0];
        s[0]++;
        s[1] += weight;
        if (weight > s[2]) [s[2], s[3]] = [weight, section];
        scores.set(doc, s);
      }
    }
    const ranked = [...scores].sort(([a, x], [b, y]) => y[0] - x[0] || y[1] - x[1] || a - b);
    const results = [];
    for (let i = 0; i < ranked.length && results.length < limit; ) {
      const batch = ranked.slice(i, i + limit - results.length);
      i += batch.length;
      const docs = await Promise.all(batch.map(([doc]) => json(`${folder}d-${Math.floor(doc / meta.chunk)}.json`).then((c) => c[doc % meta.chunk])));
      const made = await Promise.all(batch.map(([, s], k) => docs[k] && result(docs[k], s[3], words, words.filter(isPrefix))));
      results.push(...made.filter(Boolean));
    }
    return results;
  };

  const result = async ([title, url, code, fallback, heads], section, words, prefixes) => {
    let texts = [];
    try {
      if (url.startsWith(root)) texts = await once(`${url.slice(root.length)}index.md`, (md) => twinSections(md, heads.map(headOf)));
    } catch {
      // no excerpt: the result stands without one
    }
    const [id, heading] = headOf(heads[section] || "");
    const { excerpt, marks } = excerptOf(texts[section] || "", words, prefixes);
    return { url: id ? `${url}#${id}` : url, title, code, fallback, heading, excerpt, marks };
  };

  // meta is a locale's meta.json: {docs, translated, …}.
  const meta = (locale) => json(`${locale}/search/meta.json`);

  return { query, meta };
};

// headOf is a section's [id, heading]: a heading written alone is ASCII,
// its id itself lowercased with "_" for each space.
const headOf = (h) => (typeof h === "string" ? [h.toLowerCase().replaceAll(" ", "_"), h] : h);

// excerptOf cuts text around its first match, and marks the matches in
// what it keeps: the words, and the words that start with prefixes.
const excerptOf = (text, words, prefixes) => {
  const want = new Set(words);
  const spans = [];
  for (const t of tokens(text, true)) {
    if (!want.has(t.text) && !prefixes.some((p) => t.text.startsWith(p) && !cjk.test(p))) continue;
    const lastSpan = spans[spans.length - 1];
    if (lastSpan && t.start <= lastSpan[1]) lastSpan[1] = Math.max(lastSpan[1], t.end);
    else spans.push([t.start, t.end]);
  }
  let from = spans.length ? Math.max(0, spans[0][0] - excerptLength / 4) : 0;
  if (from > 0) {
    const space = text.lastIndexOf(" ", from);
    if (space > from - 20) from = space + 1;
  }
  if (isLow(text, from)) from--;
  let to = Math.min(text.length, from + excerptLength);
  if (isLow(text, to)) to--;
  if (to < text.length) {
    const space = text.indexOf(" ", to);
    if (space >= 0 && space < to + 20) to = space;
  }
  const lead = from > 0 ? "…" : "";
  const excerpt = lead + text.slice(from, to) + (to < text.length ? "…" : "");
  const kept = spans
    .filter(([s, e]) => s >= from && e <= to)
    .map(([s, e]) => [s - from + lead.length, e - from + lead.length]);
  return { excerpt, marks: kept };
};

// twinSections is the plain text of each section of a page's markdown
// twin (generator/twin), as the generator reads the page's HTML
// (generator/search.SectionsOf): past the front matter and the title
// line (and for a fallback, the notice that follows it), a section starts
// at a "## " or "### " line outside a fenced code block (sectionsOf says
// which), heads being the index's sections, [[id, heading]…].
export const twinSections = (md, heads) => {
  let lines = md.split("\n");
  let at = 0;
  let fallback = false;
  if (lines[0] === "---") {
    const end = lines.indexOf("---", 1);
    fallback = lines.slice(1, end).includes("fallback: true");
    at = end + 1;
  }
  lines = lines.slice(at);
  const title = lines.findIndex((l) => l.startsWith("# "));
  if (title >= 0) {
    lines[title] = "";
    let i = title + 1;
    while (fallback && lines[i] === "") i++;
    while (fallback && i < lines.length && lines[i].startsWith(">")) lines[i++] = "";
  }
  const blocks = twinBlocks(lines);
  const starts = sectionsOf(blocks.filter((b) => b.heading !== undefined).map((b) => squash(b.heading)), heads);
  const texts = [[]];
  let h = 0; // headings read
  for (const b of blocks) {
    const next = b.heading === undefined ? -1 : starts[h++];
    if (next >= 0) while (texts.length <= next) texts.push([]);
    else texts[texts.length - 1].push(b.heading ?? b.text);
  }
  return texts.map((t) => squash(t.join(" ")));
};

// sectionsOf says which section of heads each heading of a twin starts,
// -1 for none (it is text). When the twin has as many headings as heads
// has sections after the first, each starts the next. Else a heading
// starts the next section whose heading it is, the sections before that
// one left empty (the twin shows no heading of them: one in a table cell),
// unless a later heading of the twin is one of theirs (then this one is a
// heading the index has no section for). The index cuts a long heading
// (generator/search.maxHeading): a heading of the twin that starts with it
// is its.
const sectionsOf = (found, heads) => {
  if (found.length === heads.length - 1) return found.map((_, i) => i + 1);
  const byText = new Map();
  const cut = [];
  const bytes = new TextEncoder();
  for (let k = 1; k < heads.length; k++) {
    byText.set(heads[k][1], [...(byText.get(heads[k][1]) ?? []), k]);
    if (bytes.encode(heads[k][1]).length > 116) cut.push(k);
  }
  const mine = found.map((h) => [...(byText.get(h) ?? []), ...cut.filter((k) => h.startsWith(heads[k][1]))]);
  const last = heads.map(() => -1); // the last heading of the twin that is section k's
  mine.forEach((ks, i) => ks.forEach((k) => (last[k] = i)));
  const starts = [];
  let next = 1; // the section the twin is to come to next
  for (let i = 0; i < found.length; i++) {
    let start = -1;
    if (mine[i].some((k) => k >= next)) {
      for (let k = next; k < heads.length && start < 0; k++) {
        if (mine[i].includes(k)) start = k;
        else if (last[k] > i) break;
      }
    }
    starts.push(start);
    if (start >= 0) next = start + 1;
  }
  return starts;
};

// twinBlocks reads the lines of a twin into blocks of plain text:
// {heading} for a "## " or "### " line outside a fence, in a container or
// not (the index has a section for each such heading of the page, as
// generator/search.SectionsOf reads its HTML), {text} for any other line. Container marks (> , - , N. ), fences and
// table rules are left out, code as it is, the rest as inline markdown.
const twinBlocks = (lines) => {
  const out = [];
  let fence = null; // the open fence: {mark, quotes}
  for (const line of lines) {
    if (fence) {
      const { rest } = unquote(line, fence.quotes);
      const close = rest.trimStart();
      if (close.startsWith(fence.mark) && /^([`~])\1*\s*$/.test(close) && close[0] === fence.mark[0]) fence = null;
      else out.push({ text: rest });
      continue;
    }
    const { rest, quotes } = unquote(line, Infinity);
    const open = /^(`{3,}|~{3,})/.exec(rest);
    if (open) {
      fence = { mark: open[1], quotes };
      continue;
    }
    const head = /^#{2,3} (.*)$/.exec(rest);
    if (head) out.push({ heading: inline(head[1]) });
    else if (/^\|( *:?-+:? *\|)+$/.test(rest)) continue; // a table's rule
    else if (/^(\* *\* *\*|- *- *-|_ *_ *_)[-*_ ]*$/.test(rest)) continue; // a thematic break
    else out.push({ text: inline(rest.replace(/^#{1,6} /, ""), rest.startsWith("|")) });
  }
  return out;
};

// unquote takes the container marks off the start of a line: indentation,
// "> " (up to max of them, counted in quotes) and list markers.
const unquote = (line, max) => {
  let rest = line;
  let quotes = 0;
  for (;;) {
    const m = /^ *(?:(>) ?|(?:-|\d{1,9}\.)(?: +|$))/.exec(rest);
    if (!m || (m[1] && quotes >= max) || (!m[1] && max !== Infinity)) break;
    if (m[1]) quotes++;
    rest = rest.slice(m[0].length);
  }
  return { rest: max === Infinity ? rest.trimStart() : rest, quotes };
};

// inline is the text of a line of inline markdown: escapes undone, code
// spans as they are, links and emphasis as their text, images left out; in
// a table row, a cell's "|" a space.
const inline = (s, row = false) => {
  let out = "";
  for (let i = 0; i < s.length; ) {
    const c = s[i];
    if (c === "\\" && i + 1 < s.length && /[!-\/:-@\[-`{-~]/.test(s[i + 1])) {
      out += s[i + 1];
      i += 2;
    } else if (c === "\\" && i + 1 === s.length) {
      i++; // a hard line break
    } else if (c === "`") {
      let n = 1;
      while (s[i + n] === "`") n++;
      const ticks = "`".repeat(n);
      let end = s.indexOf(ticks, i + n);
      while (end >= 0 && s[end + n] === "`") {
        let m = n;
        while (s[end + m] === "`") m++;
        end = s.indexOf(ticks, end + m);
      }
      if (end < 0) {
        out += ticks;
        i += n;
        continue;
      }
      let code = s.slice(i + n, end);
      if (code.length > 2 && code[0] === " " && code[code.length - 1] === " " && code.trim()) code = code.slice(1, -1);
      out += row ? code.replaceAll("\\|", "|") : code;
      i = end + n;
    } else if (c === "!" && s[i + 1] === "[") {
      const end = linkEnd(s, i + 1);
      out += " ";
      i = end;
    } else if (c === "]" && s[i + 1] === "(") {
      const close = s.indexOf(")", i + 2);
      i = close < 0 ? s.length : close + 1;
    } else if (c === "[" || c === "*" || c === "~" || c === "]") {
      i++;
    } else if (c === "|" && row) {
      out += " ";
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return out;
};

// linkEnd is where the link or image whose text opens at s[i] ("[") ends:
// past its "](…)".
const linkEnd = (s, i) => {
  for (let depth = 0; i < s.length; i++) {
    if (s[i] === "\\") i++;
    else if (s[i] === "[") depth++;
    else if (s[i] === "]" && --depth === 0) {
      if (s[i + 1] !== "(") return i + 1;
      const close = s.indexOf(")", i + 2);
      return close < 0 ? s.length : close + 1;
    }
  }
  return s.length;
};

// squash makes each run of white space one space, none at either end
// (as generator/search's squashed).
const squash = (s) => s.replace(/[ \t\n\r\f]+/g, " ").replace(/^ | $/g, "");

// isLow reports whether text[i] is the second half of a surrogate pair.
const isLow = (text, i) => i > 0 && i < text.length && (text.charCodeAt(i) & 0xfc00) === 0xdc00;
