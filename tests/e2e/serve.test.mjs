// `neokit serve` in a real browser: a save reloads the open page at the same scroll position,
// and a change that cannot be built shows its problems over the last good page until fixed.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { BINARY, launch, problems, watchedPage } from "./harness.mjs";

const binary = BINARY;

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
  ({ child: server, address: url } = await startServer(kit));
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

test("search finds what a save added, once the page reloads", async () => {
  const context = await browser.newContext();
  const page = await watchedPage(context);
  const find = async (word) => {
    await page.click("#search-input");
    await page.fill("#search-input", "");
    await page.keyboard.type(word);
    await page.waitForSelector(".search-result", { timeout: 10000 });
    return page.$$eval(".search-result", (results) => results.map((r) => r.getAttribute("href")));
  };
  await page.goto(url, { waitUntil: "load" });
  await page.waitForFunction(() => document.querySelector('script[src="/_neokit/livereload.js"]'));
  assert.ok((await find("camera")).length > 0, "the index of the first version");
  const navigation = page.waitForNavigation();
  writeFileSync(path.join(kit, "README.md"), `# Home\n\nVersion two, with the zanzibar room.\n\n${long}\n`);
  await navigation;
  await page.waitForFunction(() => document.body.textContent.includes("zanzibar"));
  const found = await find("zanzibar");
  assert.ok(found.some((href) => href.startsWith("index.html") || href.startsWith("./")), JSON.stringify(found));
  assert.deepEqual(await problems(page), []);
  await context.close();
});

test("problems show over the last good page until they are fixed", async () => {
  const context = await browser.newContext();
  const page = await watchedPage(context);
  await page.goto(url, { waitUntil: "load" });
  await page.waitForTimeout(300);
  // Front matter that is not valid YAML stops the build: the last good site stays.
  writeFileSync(path.join(kit, "README.md"), "---\ndescription: [unclosed\n---\n# Home\n\nBroken.\n");
  const overlay = page.locator("#neokit-problems");
  await overlay.waitFor({ state: "visible", timeout: 5000 });
  const text = await overlay.textContent();
  assert.match(text, /README\.md:2:\d+ error/);
  assert.match(text, /help: /);
  assert.ok((await page.locator("h1").textContent()).includes("Home"), "the last good page stays");
  assert.ok(!(await page.content()).includes("Broken."), "the broken version is not shown");
  const navigation = page.waitForNavigation();
  writeFileSync(path.join(kit, "README.md"), "# Home\n\nFixed.\n");
  await navigation;
  assert.equal(await page.locator("#neokit-problems").count(), 0);
  assert.ok((await page.content()).includes("Fixed."));
  assert.deepEqual(await problems(page), []);
  await context.close();
});

test("a stopped preview says so in every open tab, and they come back by themselves", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "neokit-stop-"));
  writeFileSync(path.join(dir, "README.md"), "# Home\n\nBefore the stop.\n");
  writeFileSync(path.join(dir, "SUMMARY.md"), "* [Home](README.md)\n");
  const first = await startServer(dir);
  const port = new URL(first.address).port;
  const context = await browser.newContext();
  const pages = [await watchedPage(context), await watchedPage(context)];
  try {
    for (const page of pages) {
      await page.goto(first.address, { waitUntil: "load" });
      await page.waitForFunction(() => document.querySelector('script[src="/_neokit/livereload.js"]'));
    }
    await pages[0].waitForTimeout(500);
    first.child.kill();
    for (const page of pages) {
      const banner = page.locator("#neokit-stopped");
      await banner.waitFor({ state: "visible", timeout: 15000 }).catch(() => {
        throw new Error("waited 15 s for the 'Preview stopped' banner after the server was stopped");
      });
      assert.match(await banner.textContent(), /Preview stopped: run neokit serve again/);
      assert.ok((await page.content()).includes("Before the stop."), "the last version stays");
    }
    // Edited while the preview was stopped: the pages show it once it is back.
    writeFileSync(path.join(dir, "README.md"), "# Home\n\nAfter the restart.\n");
    const second = await startServer(dir, port);
    try {
      for (const page of pages) {
        await page
          .waitForFunction(() => document.body.textContent.includes("After the restart."), null, { timeout: 20000 })
          .catch(() => {
            throw new Error("waited 20 s for the page to reload by itself once the preview was back");
          });
        assert.equal(await page.locator("#neokit-stopped").count(), 0);
      }
    } finally {
      second.child.kill();
    }
  } finally {
    first.child.kill();
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Starts `neokit serve` on `dir`; resolves to the process and the address it serves. */
async function startServer(dir, port = 0) {
  const child = spawn(binary, ["serve", dir, "--port", String(port), "--quiet"], { stdio: ["ignore", "ignore", "pipe"] });
  const address = await new Promise((resolve, reject) => {
    let text = "";
    child.stderr.on("data", (chunk) => {
      text += chunk;
      const found = text.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (found) resolve(found[0]);
    });
    child.on("exit", () => reject(new Error(`serve exited: ${text}`)));
  });
  return { child, address };
}

// A second kit with a logo and people's photos: what made fresh page loads hang.
function photoKit() {
  const dir = mkdtempSync(path.join(tmpdir(), "neokit-serve-photos-"));
  mkdirSync(path.join(dir, "photos"));
  mkdirSync(path.join(dir, "team"));
  const png = Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
    "base64",
  );
  for (const name of ["sam", "lena", "tom"]) writeFileSync(path.join(dir, "photos", `${name}.png`), png);
  writeFileSync(
    path.join(dir, "photos", "logo.svg"),
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>Logo</title><circle cx="5" cy="5" r="4"/></svg>\n',
  );
  writeFileSync(
    path.join(dir, "neokit.yaml"),
    "brand:\n  name: Test NICU\n  logo: photos/logo.svg\npeople:\n  chair:\n" +
      "    - { name: Sam Okafor, email: s@example.org, photo: photos/sam.png }\n" +
      "    - { name: Lena Visser, photo: photos/lena.png }\n  lead:\n    name: Tom Brennan\n    photo: photos/tom.png\n",
  );
  writeFileSync(path.join(dir, "README.md"), "# Home\n\nThe team.\n");
  writeFileSync(path.join(dir, "team", "chair.md"), "---\nrole: chair\n---\n# Chair\n\nLeads the reviews.\n");
  writeFileSync(path.join(dir, "team", "lead.md"), "---\nrole: lead\n---\n# Lead\n\nRuns the programme.\n");
  writeFileSync(
    path.join(dir, "SUMMARY.md"),
    "* [Home](README.md)\n* [Chair](team/chair.md)\n* [Lead](team/lead.md)\n",
  );
  return dir;
}

test("100 fresh loads of a page with images all finish", async () => {
  const dir = photoKit();
  const { child, address } = await startServer(dir);
  try {
    const stuck = [];
    for (let i = 0; i < 100; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const pending = new Set();
      page.on("request", (request) => pending.add(request.url()));
      page.on("requestfinished", (request) => pending.delete(request.url()));
      page.on("requestfailed", (request) => pending.delete(request.url()));
      try {
        await page.goto(address + "team/chair/", { waitUntil: "load", timeout: 10000 });
      } catch (error) {
        stuck.push(`load ${i}: ${[...pending].join(", ")}`);
      }
      await context.close();
    }
    assert.deepEqual(stuck, [], "every load finished, with no request left pending");
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("20 open tabs all load and all reload on a save", async () => {
  const dir = photoKit();
  const { child, address } = await startServer(dir);
  try {
    const context = await browser.newContext();
    const pages = [];
    for (let i = 0; i < 20; i++) {
      const page = await context.newPage();
      await page.goto(address + (i % 2 ? "team/chair/" : ""), { waitUntil: "load", timeout: 10000 });
      pages.push(page);
    }
    await pages[19].waitForTimeout(500);
    const reloads = pages.map((page) => page.waitForNavigation({ timeout: 15000 }));
    writeFileSync(path.join(dir, "README.md"), "# Home\n\nThe team, updated.\n");
    await Promise.all(reloads);
    for (const page of pages) await page.waitForLoadState("load");
    assert.ok((await pages[0].content()).includes("The team, updated."));
    // The tab that listened for all of them goes away: another one takes over.
    await pages[0].close();
    await pages[1].waitForTimeout(500);
    const again = pages.slice(1).map((page) => page.waitForNavigation({ timeout: 15000 }));
    writeFileSync(path.join(dir, "README.md"), "# Home\n\nThe team, updated twice.\n");
    await Promise.all(again);
    await context.close();
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a badge shows the problems of this page and of the kit, and clears when fixed", async () => {
  const dir = photoKit();
  const { child, address } = await startServer(dir);
  try {
    const context = await browser.newContext();
    const page = await watchedPage(context);
    await page.goto(address + "team/chair/", { waitUntil: "load" });
    await page.waitForTimeout(300);
    const navigation = page.waitForNavigation();
    writeFileSync(path.join(dir, "team", "chair.md"), "---\nrole: chair\n---\n# Chair\n\nAsk [the lead](laed.md).\n");
    await navigation;
    const toggle = page.locator("#neokit-badge .neokit-badge-toggle");
    await toggle.waitFor({ state: "visible", timeout: 5000 });
    assert.match(await toggle.textContent(), /1 problem on this page · 1 in the kit/);
    await toggle.focus();
    await page.keyboard.press("Enter");
    assert.equal(await toggle.getAttribute("aria-expanded"), "true");
    const panel = await page.locator("#neokit-badge-panel").textContent();
    assert.match(panel, /team\/chair\.md:6:5/);
    assert.match(panel, /did you mean `lead\.md`\?/);
    const fixed = page.waitForNavigation();
    writeFileSync(path.join(dir, "team", "chair.md"), "---\nrole: chair\n---\n# Chair\n\nAsk [the lead](lead.md).\n");
    await fixed;
    await page.waitForTimeout(500);
    assert.equal(await page.locator("#neokit-badge").count(), 0);
    assert.deepEqual(await problems(page), []);
    await context.close();
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
