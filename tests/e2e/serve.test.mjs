// `neokit serve` in a real browser: a save reloads the open page at the same scroll position,
// and a change that cannot be built shows its problems over the last good page until fixed.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launch, problems, watchedPage } from "./harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, "..", "..");
const binary = [process.env.NEOKIT_BIN, path.join(root, "target", "release", "neokit"), path.join(root, "target", "debug", "neokit")]
  .find((candidate) => candidate && existsSync(candidate));

let browser;
let server;
let url;
let kit;

const long = Array.from({ length: 80 }, (_, i) => `Paragraph ${i} about the review room and the camera.`).join("\n\n");

before(async () => {
  assert.ok(binary, "build neokit first (cargo build --release)");
  kit = mkdtempSync(path.join(tmpdir(), "neokit-serve-"));
  writeFileSync(path.join(kit, "README.md"), `# Home\n\nVersion one.\n\n${long}\n`);
  writeFileSync(path.join(kit, "SUMMARY.md"), "* [Home](README.md)\n");
  server = spawn(binary, ["serve", kit, "--port", "0", "--quiet"], { stdio: ["ignore", "ignore", "pipe"] });
  url = await new Promise((resolve, reject) => {
    let text = "";
    server.stderr.on("data", (chunk) => {
      text += chunk;
      const found = text.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (found) resolve(found[0]);
    });
    server.on("exit", () => reject(new Error(`serve exited: ${text}`)));
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.kill();
  if (kit) rmSync(kit, { recursive: true, force: true });
});

test("a save reloads the page and keeps its scroll position", async () => {
  const context = await browser.newContext();
  const page = await watchedPage(context);
  await page.goto(url, { waitUntil: "load" });
  await page.waitForFunction(() => document.querySelector('script[src="/_neokit/livereload.js"]'));
  await page.waitForTimeout(300);
  await page.evaluate(() => window.scrollTo(0, 900));
  const navigation = page.waitForNavigation();
  writeFileSync(path.join(kit, "README.md"), `# Home\n\nVersion two.\n\n${long}\n`);
  await navigation;
  await page.waitForFunction(() => document.body.textContent.includes("Version two."));
  await page.waitForFunction(() => Math.abs(window.scrollY - 900) < 5, null, { timeout: 3000 });
  assert.deepEqual(await problems(page), []);
  await context.close();
});

test("problems show over the last good page until they are fixed", async () => {
  const context = await browser.newContext();
  const page = await watchedPage(context);
  await page.goto(url, { waitUntil: "load" });
  await page.waitForTimeout(300);
  writeFileSync(path.join(kit, "SUMMARY.md"), "* [Home](README.md)\n* [Later](later.md)\n");
  const overlay = page.locator("#neokit-problems");
  await overlay.waitFor({ state: "visible", timeout: 5000 });
  const text = await overlay.textContent();
  assert.match(text, /SUMMARY\.md:2:3/);
  assert.match(text, /later\.md/);
  assert.match(text, /\* \[Later\]\(later\.md\)/, "the offending line is shown");
  assert.ok((await page.locator("h1").textContent()).includes("Home"), "the last good page stays");
  const navigation = page.waitForNavigation();
  writeFileSync(path.join(kit, "later.md"), "# Later\n");
  await navigation;
  assert.equal(await page.locator("#neokit-problems").count(), 0);
  assert.ok((await page.content()).includes("later/index.html"));
  assert.deepEqual(await problems(page), []);
  await context.close();
});
