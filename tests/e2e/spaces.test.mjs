// Sites of several spaces and languages: the language switcher goes to the page's translation
// (or to the original shown at the language's address, marked "not translated") from file:// and over http below a
// sub-path, with the mouse and the keyboard; search in each language finds only that
// language's pages; the header's sections and version picker lead to the right space; axe-core
// finds nothing with the disclosures open.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { BINARY, launch, problems, serve, typeSearch, watchedPage } from "./harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.join(here, "..", "fixtures", "spaces");
const require = createRequire(import.meta.url);
const AXE = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");

let browser;
let dir;
/** The built sites: English with a Dutch translation; sections, a group and API versions. */
let languages;
let sections;
let server;

function build(name) {
  const kit = path.join(dir, name);
  cpSync(path.join(FIXTURES, name, "kit"), kit, { recursive: true });
  const site = path.join(dir, `${name}-site`);
  const built = spawnSync(BINARY, ["build", kit, "--out", site], { encoding: "utf8" });
  assert.equal(built.status, 0, built.stderr);
  return site;
}

before(async () => {
  assert.ok(BINARY, "build neokit first (cargo build --release)");
  dir = mkdtempSync(path.join(tmpdir(), "neokit-spaces-"));
  languages = build("languages");
  sections = build("site_config");
  browser = await launch();
  server = await serve({ root: languages, prefix: "/kits/neoflix/" });
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function open(url, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await watchedPage(context);
  await page.goto(url, { waitUntil: "load" });
  return { context, page };
}

/** Opens the language switcher and follows the link to `language` (its own name). */
async function switchTo(page, language) {
  if (!(await page.locator("details.languages").evaluate((d) => d.open))) await page.click("details.languages > summary");
  const link = page.locator("details.languages a", { hasText: language });
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), link.click()]);
}

/** Where the page is now, from the site's root at `base`. */
function from(base, page) {
  return decodeURI(page.url()).slice(decodeURI(base).length);
}

/** The switch checks, on the site reached at `base` (a file:// or http address of its root). */
async function switchesLanguages(base) {
  const { context, page } = await open(base + "consent/index.html");
  assert.equal(await page.getAttribute("html", "lang"), "en");
  // The switcher names the current language and offers the other in its own name and language.
  assert.equal(await page.locator("details.languages > summary [lang]").textContent(), "English");
  const dutch = page.locator("details.languages a[hreflang=nl]");
  assert.equal(await dutch.getAttribute("lang"), "nl");
  assert.equal(await page.locator("link[rel=alternate][hreflang=nl]").count(), 1);
  await switchTo(page, "Nederlands");
  assert.equal(from(base, page), "nl/toestemming/index.html");
  assert.equal(await page.getAttribute("html", "lang"), "nl");
  assert.equal(await page.locator("main h1").textContent(), "Toestemming");
  // And back: the counterpart again.
  await switchTo(page, "English");
  assert.equal(from(base, page), "consent/index.html");

  // A page not translated: the Dutch link says so and leads to the English page published at
  // the Dutch address, with a banner in Dutch and the content marked as English.
  await page.goto(base + "recording/index.html", { waitUntil: "load" });
  await page.click("details.languages > summary");
  const untranslated = page.locator("details.languages a[hreflang=nl]");
  assert.ok(await untranslated.isVisible());
  assert.match(await untranslated.textContent(), /\(not translated\)/);
  assert.equal(await page.locator("link[rel=alternate][hreflang=nl]").count(), 0);
  await switchTo(page, "Nederlands");
  assert.equal(from(base, page), "nl/recording/index.html");
  assert.equal(await page.locator("html").getAttribute("lang"), "nl");
  assert.match(await page.locator(".translation-banner").textContent(), /nog niet vertaald/);
  assert.equal(await page.locator(".content").getAttribute("lang"), "en");
  assert.equal(await page.locator("main h1").textContent(), "Recording");
  const found = await problems(page);
  await context.close();
  return found;
}

describe("language switcher", () => {
  test("from file://", async () => {
    const found = await switchesLanguages(pathToFileURL(languages).href + "/");
    assert.deepEqual(found, []);
  });

  test("over http below a sub-path, under the strict CSP", async () => {
    const found = await switchesLanguages(server.url);
    assert.deepEqual(found, []);
  });

  test("with the keyboard", async () => {
    const { context, page } = await open(server.url + "team/chair/index.html");
    await page.focus("details.languages > summary");
    await page.keyboard.press("Enter");
    assert.equal(await page.locator("details.languages").evaluate((d) => d.open), true);
    // The current language first, then Dutch.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute("hreflang")), "nl");
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("Enter")]);
    assert.equal(from(server.url, page), "nl/team/chair/index.html");
    assert.deepEqual(await problems(page), []);
    await context.close();
  });
});

/** Types `query` into the header's search box; the result pages' titles once search is done. */
async function search(page, query) {
  await typeSearch(page, query);
  return page.$$eval(".search-result", (options) => options.map((o) => o.querySelector(".search-page")?.textContent));
}

describe("search per language", () => {
  for (const [where, start] of [["over http", () => server.url], ["from file://", () => pathToFileURL(languages).href + "/"]]) {
    test(`each language finds only its own words (${where})`, async () => {
      const { context, page } = await open(start() + "index.html");
      assert.deepEqual(await search(page, "resuscitations"), ["Welcome"]);
      assert.deepEqual(await search(page, "bewaard"), []);
      await page.goto(start() + "nl/index.html", { waitUntil: "load" });
      assert.deepEqual(await search(page, "bewaard"), ["Toestemming"]);
      assert.deepEqual(await search(page, "resuscitations"), []);
      // The Dutch pages load the Dutch index only.
      const scripts = await page.$$eval("script[src]", (nodes) => nodes.map((n) => n.src));
      assert.ok(scripts.some((s) => s.includes("/nl/_neokit/search-index.js")), scripts.join(" "));
      assert.deepEqual(await problems(page), []);
      await context.close();
    });
  }
});

describe("sections and versions", () => {
  test("a section group's section and the version picker lead to the right space, from file://", async () => {
    const base = pathToFileURL(sections).href + "/";
    const { context, page } = await open(base + "nl/setup/index.html");
    const nav = page.getByRole("navigation", { name: "Onderdelen" });
    assert.equal(await nav.getByRole("link", { name: "Guide" }).getAttribute("aria-current"), "true");
    await nav.locator("summary", { hasText: "Reference" }).click();
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), nav.getByRole("link", { name: "Camera API" }).click()]);
    // No Dutch API: its default space.
    assert.equal(from(base, page), "api/index.html");
    await page.goto(base + "api/setup/index.html", { waitUntil: "load" });
    await page.click("details.variants > summary");
    const picker = page.locator("details.variants");
    assert.equal(await picker.locator("a[aria-current=page]").textContent(), "Version 2");
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), picker.getByRole("link", { name: "Version 1" }).click()]);
    // The same page in the other version.
    assert.equal(from(base, page), "api/v1/setup/index.html");
    assert.equal(await page.locator("details.variants > summary").textContent(), "Version: Version 1");
    assert.deepEqual(await problems(page), []);
    await context.close();
  });
});

async function axe(page) {
  // Injected through the DevTools protocol, so the strict CSP does not block it.
  await page.evaluate(AXE);
  const results = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
  );
  return results.violations.map((v) => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
}

describe("accessibility with the disclosures open", () => {
  for (const [colorScheme, width] of [["light", 1280], ["dark", 1280], ["light", 390]]) {
    test(`axe-core finds nothing (${colorScheme}, ${width}px wide)`, async () => {
      const options = { colorScheme, viewport: { width, height: 844 } };
      const { context, page } = await open(server.url + "recording/index.html", options);
      await page.click("details.languages > summary");
      const found = (await axe(page)).map((v) => `recording: ${v}`);
      const sectionsServer = await serve({ root: sections });
      try {
        await page.goto(sectionsServer.url + "api/v1/setup/index.html", { waitUntil: "load" });
        await page.click("details.section-group > summary");
        found.push(...(await axe(page)).map((v) => `api/v1/setup (group): ${v}`));
        await page.click("details.variants > summary");
        found.push(...(await axe(page)).map((v) => `api/v1/setup (versions): ${v}`));
        await page.goto(sectionsServer.url + "nl/setup/index.html", { waitUntil: "load" });
        await page.click("details.languages > summary");
        found.push(...(await axe(page)).map((v) => `nl/setup: ${v}`));
      } finally {
        await sectionsServer.close();
      }
      assert.deepEqual(found, []);
      assert.deepEqual(await problems(page), []);
      await context.close();
    });
  }
});
