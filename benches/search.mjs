#!/usr/bin/env node
// Search figures: index size against the kit's text, and query time in headless Chromium.
//
// Generates a kit of N pages with the shared corpus generator (unless it exists), builds it
// with the release binary, then opens the site from file:// and over http in Chromium and
// times each query from the input event to (1) the rendered list of results (ranking, titles,
// headings, highlighting, and the snippets whose text is loaded) and (2) every snippet shown
// (text chunks load on first need; results wait up to 20 ms for them). The index has loaded
// once before. Prints Markdown tables.
//
// Usage (from the repository root, after `cargo build --release` and
// `(cd tests/e2e && npm ci)`):
//   node benches/search.mjs [--pages 1000] [--gen PATH] [--runs 5]
//   node benches/search.mjs --kit content   # any kit folder (the sample kit: the repository)
//
// --gen defaults to $NEOKIT_BENCH_GEN or ../shared/bench/gen_corpus.py next to the repository.

import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { launch, serve } from "../tests/e2e/harness.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const pages = Number(option("pages", "1000"));
const runs = Number(option("runs", "5"));
const gen = option("gen", process.env.NEOKIT_BENCH_GEN || path.join(ROOT, "..", "shared", "bench", "gen_corpus.py"));
const binary = path.join(ROOT, "target", "release", "neokit");

// Words of the generator's vocabulary (and of the sample kit), in several shapes.
const QUERIES = [
  ["one common word", ["cache", "service", "request", "page", "policy"]],
  ["two words", ["cache policy", "cluster deployment", "token validator", "session storage", "review consent"]],
  ["a word being typed", ["depl", "confi", "repl", "sess", "recor"]],
  ["three words", ["backup schedule region", "proxy route timeout", "video review session"]],
  ["no match", ["zzqxj", "qwxzv plorf"]],
];

function bytesBelow(dir, keep = () => true) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules" && entry.name !== "public") total += bytesBelow(full, keep);
    } else if (keep(entry.name)) total += statSync(full).size;
  }
  return total;
}

function prepareKit() {
  const kitArg = option("kit", null);
  if (kitArg) return { kit: path.resolve(kitArg), label: kitArg };
  const work = path.join(ROOT, "target", "bench", `kit-${pages}`);
  if (!existsSync(path.join(work, "gitbook", "SUMMARY.md"))) {
    execFileSync("python3", [gen, String(pages), work, "--layouts", "gitbook"], { stdio: "inherit" });
  }
  return { kit: path.join(work, "gitbook"), label: `${pages} generated pages` };
}

const { kit, label } = prepareKit();
const site = path.join(ROOT, "target", "bench", `search-site-${path.basename(path.dirname(kit))}-${path.basename(kit)}`);
execFileSync(binary, ["build", kit, "--out", site], { stdio: "pipe" });

// Sizes: the index (what loads on first use) against the kit's Markdown and its plain text.
const markdown = bytesBelow(kit === ROOT ? path.join(ROOT, "content") : kit, (n) => n.endsWith(".md"));
const indexBytes = statSync(path.join(site, "_neokit", "search-index.js")).size;
const chunkDir = path.join(site, "_neokit", "search");
let textBytes = 0;
let chunkBytes = 0;
for (const name of readdirSync(chunkDir)) {
  const content = readFileSync(path.join(chunkDir, name), "utf8");
  chunkBytes += content.length;
  const json = content.slice(content.indexOf(",") + 1, content.lastIndexOf(")"));
  textBytes += JSON.parse(json).reduce((sum, t) => sum + Buffer.byteLength(t), 0);
}

const browser = await launch();
const server = await serve({ root: site });

async function measure(url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url, { waitUntil: "load" });
  const loadMs = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const start = performance.now();
        window.NeokitSearch.query("warm", () => resolve(performance.now() - start));
      }),
  );
  const times = {};
  for (const [kind, queries] of QUERIES) {
    times[kind] = [];
    for (let run = 0; run < runs; run++) {
      for (const query of queries) {
        const [shown, complete] = await page.evaluate(
          (q) =>
            new Promise((resolve) => {
              const box = document.querySelector(".search");
              const input = document.getElementById("search-input");
              const start = performance.now();
              box.addEventListener(
                "neokit-search-results",
                (event) => {
                  const shownMs = performance.now() - start;
                  if (event.detail.complete) return resolve([shownMs, shownMs]);
                  box.addEventListener("neokit-search-text", () => resolve([shownMs, performance.now() - start]), {
                    once: true,
                  });
                },
                { once: true },
              );
              input.value = q;
              input.dispatchEvent(new Event("input"));
            }),
          query,
        );
        times[kind].push(shown);
        (times[`${kind}, with every snippet`] ||= []).push(complete);
      }
      // Clear between runs so each run starts from an empty box.
      await page.evaluate(() => {
        const input = document.getElementById("search-input");
        input.value = "";
        input.dispatchEvent(new Event("input"));
      });
    }
  }
  await context.close();
  return { loadMs, times };
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const ms = (v) => `${v.toFixed(1)} ms`;
const kb = (v) => `${(v / 1024).toFixed(1)} KB`;

const htmlPages = readdirSync(site, { recursive: true }).filter((f) => String(f).endsWith("index.html")).length;
console.log(`### Search, ${label} (${htmlPages} pages built)\n`);
console.log(`| measure | value |\n| --- | ---: |`);
console.log(`| kit Markdown | ${kb(markdown)} |`);
console.log(`| kit plain text (section text) | ${kb(textBytes)} |`);
console.log(`| index \`search-index.js\` (loaded on first use) | ${kb(indexBytes)} |`);
console.log(`| index / Markdown | ${((100 * indexBytes) / markdown).toFixed(1)} % |`);
console.log(`| index / plain text | ${((100 * indexBytes) / textBytes).toFixed(1)} % |`);
console.log(`| text chunks (loaded for shown results only) | ${kb(chunkBytes)} in ${readdirSync(chunkDir).length} files |`);
console.log("");

let worst = 0;
for (const [where, url] of [
  ["file://", pathToFileURL(path.join(site, "index.html")).href],
  ["http", server.url + "index.html"],
]) {
  const { loadMs, times } = await measure(url);
  console.log(`${where}: index loaded and parsed on first use in ${ms(loadMs)}\n`);
  console.log("| query | n | median | p95 | max |\n| --- | ---: | ---: | ---: | ---: |");
  for (const [kind, values] of Object.entries(times)) {
    if (!kind.includes("snippet")) worst = Math.max(worst, ...values);
    console.log(`| ${kind} | ${values.length} | ${ms(percentile(values, 50))} | ${ms(percentile(values, 95))} | ${ms(Math.max(...values))} |`);
  }
  console.log("");
}
console.log(`Slowest query to results shown: ${ms(worst)} (target: under 50 ms).`);

await browser.close();
await server.close();
