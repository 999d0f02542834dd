// WCAG 2.1 A/AA checks with axe-core on every page of the sample kit, in the light and the
// dark colour scheme: no violation of any impact is allowed.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFile } from "node:fs/promises";
import { htmlPages, launch, serve } from "./harness.mjs";

const require = createRequire(import.meta.url);
const AXE = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");

let browser;
let server;

before(async () => {
  browser = await launch();
  server = await serve();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

for (const scheme of ["light", "dark"]) {
  test(`every page passes axe-core in the ${scheme} scheme`, async () => {
    const context = await browser.newContext({ colorScheme: scheme });
    const page = await context.newPage();
    const found = [];
    for (const pagePath of await htmlPages()) {
      if (pagePath === "404.html") continue;
      await page.goto(server.url + pagePath, { waitUntil: "load" });
      // Injected through the DevTools protocol, so the strict CSP does not block it.
      await page.evaluate(AXE);
      const results = await page.evaluate(() =>
        window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
      );
      for (const violation of results.violations) {
        const targets = violation.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ");
        found.push(`${pagePath}: ${violation.impact} ${violation.id} (${violation.nodes.length}): ${targets}`);
      }
    }
    await context.close();
    assert.deepEqual(found, []);
  });
}

for (const [scheme, width] of [["light", 1280], ["dark", 1280], ["light", 390]]) {
  test(`the open search list passes axe-core (${scheme}, ${width}px wide)`, async () => {
    const context = await browser.newContext({ colorScheme: scheme, viewport: { width, height: 800 } });
    const page = await context.newPage();
    await page.goto(server.url + "index.html", { waitUntil: "load" });
    // On a phone, search is an icon that opens the field.
    const opener = page.locator(".search-open");
    if (await opener.isVisible()) await opener.click();
    await page.click("#search-input");
    await page.keyboard.type("consent parents");
    await page.waitForSelector(".search-result");
    await page.keyboard.press("ArrowDown");
    await page.evaluate(AXE);
    const results = await page.evaluate(() =>
      window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
    );
    const found = results.violations.map(
      (v) => `${v.impact} ${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`,
    );
    await context.close();
    assert.deepEqual(found, []);
  });
}
