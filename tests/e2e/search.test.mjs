// Search as a reader uses it: the keyboard, screen reader announcements, results that jump to
// the section, the same over http, below a sub-path and from file://, in English (the sample
// kit) and in Dutch (tests/fixtures/search/dutch, built here with the release binary).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { SITE, launch, problems, serve, typeSearch, watchedPage } from "./harness.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const binary = path.join(repo, "target", "release", process.platform === "win32" ? "neokit.exe" : "neokit");

let browser;
let dutchSite;

before(async () => {
  browser = await launch();
  dutchSite = mkdtempSync(path.join(os.tmpdir(), "neokit-search-nl-"));
  execFileSync(binary, ["build", path.join(repo, "tests/fixtures/search/dutch/kit"), "--out", dutchSite], {
    stdio: "pipe",
  });
});

after(async () => {
  await browser?.close();
  if (dutchSite) rmSync(dutchSite, { recursive: true, force: true });
});

async function openPage(url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await watchedPage(context);
  const requested = [];
  page.on("request", (request) => requested.push(request.url()));
  page.requested = requested;
  await page.goto(url, { waitUntil: "load" });
  return { context, page };
}

/** Types a query into the header's search box and waits until its results show, with text. */
async function search(page, query) {
  await typeSearch(page, query);
  return page.$$eval(".search-result", (options) =>
    options.map((o) => ({
      href: o.getAttribute("href"),
      page: o.querySelector(".search-page")?.textContent,
      heading: o.querySelector(".search-heading")?.textContent || "",
      snippet: o.querySelector(".search-snippet")?.textContent || "",
      marks: Array.from(o.querySelectorAll("mark")).map((m) => m.textContent.toLowerCase()),
    })),
  );
}

/** The checks every way of opening the sample kit must pass. */
async function searchesTheSampleKit(url) {
  const { context, page } = await openPage(url);
  assert.ok(!page.requested.some((u) => u.includes("search-index.js")), "the index loads on first use, not with the page");

  const results = await search(page, "consent");
  assert.ok(results.length >= 5, `only ${results.length} results`);
  assert.ok(
    results.some((r) => r.href.includes("3-safe-simple-and-small/index.html#") && /consent/i.test(r.heading)),
    JSON.stringify(results.slice(0, 5), null, 1),
  );
  assert.ok(results.every((r) => r.marks.some((m) => m.startsWith("consent"))), "every result highlights the word");

  // A stemmed word finds other forms, and the word being typed matches as a prefix.
  const recorded = await search(page, "recorded");
  assert.ok(recorded.some((r) => r.marks.includes("recording") || r.marks.includes("recordings")));
  const partial = await search(page, "resusc");
  assert.ok(partial.length > 0 && partial[0].marks.some((m) => m.startsWith("resusc")));

  // Nothing found: a message, announced.
  await search(page, "zzqxj");
  assert.match(await page.textContent("#search-live"), /No results/);

  // Two words: sections with both come first; FAQ questions are results of their own.
  const both = await search(page, "parents say no");
  assert.ok(both[0].href.includes("faq/index.html#what-happens-if-parents-say-no"), JSON.stringify(both[0]));

  assert.deepEqual(await problems(page), []);
  await context.close();
}

describe("search over http", () => {
  let server;
  before(async () => {
    server = await serve();
  });
  after(async () => server?.close());

  test("finds sections of the sample kit", async () => {
    await searchesTheSampleKit(server.url + "2-people/2.1-pioneer-team/index.html");
  });

  test("is a keyboard combobox that announces results and jumps to the section", async () => {
    const { context, page } = await openPage(server.url + "index.html");
    await page.keyboard.press("/");
    assert.equal(await page.evaluate(() => document.activeElement.id), "search-input");
    await page.keyboard.type("deferred consent");
    await page.waitForSelector(".search-result");
    assert.equal(await page.getAttribute("#search-input", "aria-expanded"), "true");
    assert.match(await page.textContent("#search-live"), /^\d+ results?$/);
    await page.keyboard.press("ArrowDown");
    const first = await page.getAttribute("#search-input", "aria-activedescendant");
    assert.equal(first, "search-result-0");
    assert.equal(await page.getAttribute("#search-result-0", "aria-selected"), "true");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowUp");
    assert.equal(await page.getAttribute("#search-input", "aria-activedescendant"), "search-result-0");
    const target = await page.getAttribute("#search-result-0", "href");

    // Escape closes the list, a second Escape clears the box.
    await page.keyboard.press("Escape");
    assert.equal(await page.getAttribute("#search-input", "aria-expanded"), "false");
    assert.ok(await page.isHidden(".search-panel"));
    await page.keyboard.press("ArrowDown");
    assert.ok(await page.isVisible(".search-panel"));
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("ArrowDown");
    assert.equal(await page.getAttribute("#search-input", "aria-activedescendant"), "search-result-0");
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => u.hash !== "");
    assert.equal(page.url(), new URL(target, server.url + "index.html").href);
    const hash = decodeURIComponent(new URL(page.url()).hash.slice(1));
    assert.ok(await page.$(`[id="${hash}"]`), `the page has #${hash}`);

    // Ctrl-K reaches the box from anywhere; Escape twice empties it.
    await page.keyboard.press("Control+k");
    assert.equal(await page.evaluate(() => document.activeElement.id), "search-input");
    await page.keyboard.type("video");
    await page.waitForSelector(".search-result");
    // Enter with no result chosen chooses the first and keeps the list open.
    await page.keyboard.press("Enter");
    assert.equal(await page.getAttribute("#search-input", "aria-activedescendant"), "search-result-0");
    assert.ok(await page.isVisible(".search-panel"));
    await page.keyboard.press("Escape");
    await page.keyboard.press("Escape");
    assert.equal(await page.inputValue("#search-input"), "");
    assert.deepEqual(await problems(page), []);
    await context.close();
  });

  test("does not index the navigation", async () => {
    const { context, page } = await openPage(server.url + "index.html");
    // Every page's sidebar lists "Downloads" and "Changelog"; only pages that say it match.
    const results = await search(page, "glossary");
    assert.ok(results.length > 0);
    assert.ok(results.length < 10, `navigation words are not indexed (${results.length} results)`);
    await context.close();
  });
});

describe("search below a sub-path", () => {
  test("finds the same sections", async () => {
    const server = await serve({ prefix: "/intranet/neoflix/" });
    try {
      await searchesTheSampleKit(server.url + "review-sessions/index.html");
    } finally {
      await server.close();
    }
  });
});

describe("search from file://", () => {
  test("finds sections and opens them", async () => {
    await searchesTheSampleKit(pathToFileURL(path.join(SITE, "faq", "index.html")).href);
    const { context, page } = await openPage(pathToFileURL(path.join(SITE, "index.html")).href);
    await search(page, "pioneer");
    await page.click("#search-result-0");
    await page.waitForURL((u) => u.pathname.includes("pioneer"));
    assert.equal(new URL(page.url()).protocol, "file:");
    assert.deepEqual(await problems(page), []);
    await context.close();
  });
});

describe("search forgives a typing mistake and shows what the page shows", () => {
  test("a word with one mistake finds its section; a diagram is searched by its labels", async () => {
    const { context, page } = await openPage(pathToFileURL(path.join(SITE, "index.html")).href);
    const swapped = await search(page, "fortnigth ");
    const section = swapped.find((r) => r.href.includes("#what-a-typical-fortnight-looks-like"));
    assert.ok(section, JSON.stringify(swapped));
    assert.ok(section.marks.includes("fortnight"), JSON.stringify(section));
    assert.ok((await search(page, "fortnght ")).some((r) => r.href === section.href), "a letter left out");
    assert.equal((await search(page, "fortxxght ")).length, 0, "two mistakes find nothing");
    // The flowchart on "How Neoflix works" shows "Delete unseen": found, without its source.
    const labels = await search(page, "unseen");
    assert.ok(labels.length > 0, "a diagram's label is found");
    for (const result of labels) assert.doesNotMatch(result.snippet, /-->|flowchart|\{Parents/, result.snippet);
    assert.deepEqual(await problems(page), []);
    await context.close();
  });
});

describe("search in a language without a stemmer", () => {
  test("finds whole words and prefixes, accents folded", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "neokit-search-it-"));
    try {
      const kit = path.join(dir, "kit");
      mkdirSync(kit);
      writeFileSync(path.join(kit, "neokit.yaml"), "language: it\n");
      writeFileSync(path.join(kit, "README.md"), "# Benvenuto\n\n## Qualità della telecamera\n\nLe infermiere controllano la qualità della telecamera.\n");
      execFileSync(binary, ["build", kit, "--out", path.join(dir, "site")], { stdio: "pipe" });
      const { context, page } = await openPage(pathToFileURL(path.join(dir, "site", "index.html")).href);
      const whole = await search(page, "qualita telecamera");
      assert.equal(whole.length, 1, JSON.stringify(whole));
      assert.ok(whole[0].href.endsWith("#qualita-della-telecamera"), whole[0].href);
      assert.ok(whole[0].marks.includes("qualità") && whole[0].marks.includes("telecamera"), JSON.stringify(whole[0]));
      assert.equal((await search(page, "inferm")).length, 1);
      assert.equal((await search(page, "infermieristica")).length, 0, "no stemmer: another form is another word");
      assert.deepEqual(await problems(page), []);
      await context.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("search in German and French", () => {
  for (const [language, text, query, mark] of [
    ["de", "# Start\n\n## Untersuchung\n\nDie Ärzte untersuchen das Neugeborene.\n", "Arzt Untersuchungen", "ärzte"],
    ["fr", "# Accueil\n\n## Préparer la caméra\n\nLes infirmières préparent la caméra.\n", "infirmiere cameras", "infirmières"],
  ]) {
    test(`${language}: another form of a word finds it`, async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), `neokit-search-${language}-`));
      try {
        const kit = path.join(dir, "kit");
        mkdirSync(kit);
        writeFileSync(path.join(kit, "neokit.yaml"), `language: ${language}\n`);
        writeFileSync(path.join(kit, "README.md"), text);
        execFileSync(binary, ["build", kit, "--out", path.join(dir, "site")], { stdio: "pipe" });
        const { context, page } = await openPage(pathToFileURL(path.join(dir, "site", "index.html")).href);
        const found = await search(page, query);
        assert.equal(found.length, 1, JSON.stringify(found));
        assert.ok(found[0].marks.includes(mark), JSON.stringify(found[0]));
        assert.deepEqual(await problems(page), []);
        await context.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

describe("search in Dutch", () => {
  async function findsNurses(url) {
    const { context, page } = await openPage(url);
    assert.equal(await page.getAttribute("#search-input", "placeholder"), "Zoeken");
    const results = await search(page, "verpleegkundigen");
    const hrefs = results.map((r) => r.href);
    assert.ok(hrefs.some((h) => h.includes("rollen/verpleegkundige/index.html")), hrefs.join(" "));
    assert.ok(hrefs.some((h) => h.includes("opnames/index.html#wie-is-erbij")), hrefs.join(" "));
    assert.ok(results[0].marks.includes("verpleegkundige"), JSON.stringify(results[0]));
    // A question is found by a word of its answer, in another form.
    const erased = await search(page, "weigering ouder");
    assert.ok(erased[0].href.includes("vragen/index.html#mogen-ouders-weigeren"), JSON.stringify(erased[0]));
    assert.match(await page.textContent("#search-live"), /resultaat|resultaten/);
    assert.deepEqual(await problems(page), []);
    await context.close();
  }

  test("verpleegkundigen finds verpleegkundige over http", async () => {
    const server = await serve({ root: dutchSite });
    try {
      await findsNurses(server.url + "opnames/index.html");
    } finally {
      await server.close();
    }
  });

  test("verpleegkundigen finds verpleegkundige from file://", async () => {
    await findsNurses(pathToFileURL(path.join(dutchSite, "index.html")).href);
  });
});
