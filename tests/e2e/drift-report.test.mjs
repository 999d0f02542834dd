// `neokit drift --format html` opened from disk, as a nurse opens the file the report was
// written to: the example hospital kit moved to the guide's next release. The page applies its
// own stylesheet under its strict Content-Security-Policy, asks for nothing else, passes
// axe-core (WCAG 2.1 A/AA) in the light and the dark scheme and on a phone, and shows the
// changed words marked.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { BINARY, launch, problems, watchedPage } from "./harness.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const EXAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "examples", "hospital-overlay");

let browser;
let root;
let report;

before(async () => {
  assert.ok(BINARY, "build neokit first (cargo build --release)");
  root = mkdtempSync(path.join(tmpdir(), "neokit-drift-"));
  for (const folder of ["neoflix-guide", "neoflix-guide-2027.02", "st-elsewhere"]) {
    cpSync(path.join(EXAMPLE, folder), path.join(root, folder), { recursive: true });
  }
  const kit = path.join(root, "st-elsewhere");
  const config = readFileSync(path.join(kit, "neokit.yaml"), "utf8")
    .replace("path: ../neoflix-guide\n", "path: ../neoflix-guide-2027.02\n")
    .replace('version: "2026.11"', 'version: "2027.02"');
  writeFileSync(path.join(kit, "neokit.yaml"), config);
  report = path.join(root, "drift report.html");
  const run = spawnSync(BINARY, ["drift", kit, "--format", "html", "--out", report], { encoding: "utf8" });
  // 1: something changed upstream, which is what the report is for.
  assert.equal(run.status, 1, run.stderr);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

for (const [scheme, width] of [["light", 1280], ["dark", 1280], ["light", 390], ["dark", 390]]) {
  test(`the drift report opens from disk and passes axe-core (${scheme}, ${width}px wide)`, async () => {
    const context = await browser.newContext({ colorScheme: scheme, viewport: { width, height: 900 } });
    const page = await watchedPage(context);
    await page.goto(pathToFileURL(report).href, { waitUntil: "load" });
    // Its stylesheet applied (the CSP's hash matches it): the body has no default margin and
    // removed words are on their own background.
    const styled = await page.evaluate(() => ({
      margin: getComputedStyle(document.body).margin,
      del: getComputedStyle(document.querySelector("td del")).backgroundColor,
      ins: getComputedStyle(document.querySelector("td ins")).backgroundColor,
      wide: document.documentElement.scrollWidth <= window.innerWidth,
    }));
    assert.equal(styled.margin, "0px");
    assert.notEqual(styled.del, "rgba(0, 0, 0, 0)");
    assert.notEqual(styled.ins, styled.del);
    assert.ok(styled.wide, "the page scrolls sideways");
    const marked = await page.locator("td ins").allInnerTexts();
    assert.ok(marked.some((words) => words.includes("notice on the recording that you missed at the time")), marked.join(" | "));
    // Injected through the DevTools protocol, so the strict CSP does not block it.
    await page.evaluate(AXE);
    const results = await page.evaluate(() =>
      window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
    );
    const found = results.violations.map((v) => {
      const targets = v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ");
      return `${v.impact} ${v.id} (${v.nodes.length}): ${targets}`;
    });
    assert.deepEqual(found, []);
    assert.deepEqual(await problems(page), []);
    await context.close();
  });
}

// The translator's page (`drift --lang nl --format html`), as its golden in the fixtures holds
// it: the same renderer with a translator's words, checked the same way.
const TRANSLATION = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "translations", "drift-nl.html");
for (const scheme of ["light", "dark"]) {
  test(`the translator's drift page passes axe-core (${scheme})`, async () => {
    const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 390, height: 900 } });
    const page = await watchedPage(context);
    await page.goto(pathToFileURL(TRANSLATION).href, { waitUntil: "load" });
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).margin), "0px", "its stylesheet applies");
    assert.ok((await page.locator("td ins, td del").count()) > 0, "changed words are marked");
    await page.evaluate(AXE);
    const results = await page.evaluate(() =>
      window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
    );
    assert.deepEqual(results.violations.map((v) => `${v.impact} ${v.id}: ${v.nodes[0].target.join(" ")}`), []);
    assert.deepEqual(await problems(page), []);
    await context.close();
  });
}
