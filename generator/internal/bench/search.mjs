// Runs the query set through a built site's search engine in Node, for
// make bench: each query first on a new engine (what a first query reads),
// then RUNS more times on the same one (the time of a query once its files
// are loaded). Prints one JSON line a query.
// Usage: node search.mjs SITE QUERIES.json RUNS
import { readFile } from "node:fs/promises";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const [site, queriesFile, runs] = process.argv.slice(2);
const name = readdirSync(join(site, "static")).find((f) => /^search\.[0-9a-f]+\.js$/.test(f));
const { createSearch } = await import(join(site, "static", name));
const queries = JSON.parse(await readFile(queriesFile, "utf8"));
for (const { locale, q } of queries) {
  let bytes = 0;
  const search = createSearch(async (path) => {
    const text = await readFile(join(site, path), "utf8");
    bytes += Buffer.byteLength(text);
    return text;
  });
  const results = await search.query(locale, q, 8);
  const times = [];
  for (let i = 0; i < Number(runs); i++) {
    const start = performance.now();
    await search.query(locale, q, 8);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({ locale, q, bytes, results: results.length, ms: times[times.length >> 1], maxMs: times[times.length - 1] }));
}
