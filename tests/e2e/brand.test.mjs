// A hospital's branding in the header, as a phone shows it: a wide wordmark keeps its
// proportions, the title can give way to it, and search is an icon that opens the field.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { BINARY, launch, problems, serve, watchedPage } from "./harness.mjs";

const binary = BINARY;

let browser;
let server;
let kit;

before(async () => {
  assert.ok(binary, "build neokit first (cargo build --release)");
  kit = mkdtempSync(path.join(tmpdir(), "neokit-brand-"));
  mkdirSync(path.join(kit, "brand"));
  // A wordmark four times as wide as it is high, in a yellow brand colour.
  writeFileSync(
    path.join(kit, "brand", "wordmark.svg"),
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 60"><rect width="240" height="60" fill="#005eb8"/><text x="12" y="40" font-size="28" fill="#fff">St Elsewhere</text></svg>',
  );
  writeFileSync(
    path.join(kit, "neokit.yaml"),
    "title: St Elsewhere NICU onboarding guide\nbrand:\n  name: St Elsewhere University Hospitals\n  logo: brand/wordmark.svg\n  show_title: false\n  header: coloured\n  primary_color: \"#f2c500\"\n",
  );
  writeFileSync(path.join(kit, "README.md"), "# Welcome\n\nThe unit's guide to video review.\n\n## Consent\n\nAsk both parents.\n");
  writeFileSync(path.join(kit, "SUMMARY.md"), "* [Welcome](README.md)\n");
  const built = spawnSync(binary, ["build", kit, "--out", path.join(kit, "site")], { encoding: "utf8" });
  assert.equal(built.status, 0, built.stderr);
  browser = await launch();
  server = await serve({ root: path.join(kit, "site") });
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (kit) rmSync(kit, { recursive: true, force: true });
});

test("a wide logo keeps its proportions and the hidden title still names the link", async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await watchedPage(context);
  await page.goto(server.url + "index.html", { waitUntil: "load" });
  const logo = await page.locator(".brand-logo").evaluate((img) => {
    const box = img.getBoundingClientRect();
    return { width: box.width, height: box.height, attribute: img.getAttribute("width") };
  });
  assert.equal(logo.attribute, "160");
  assert.ok(Math.abs(logo.width / logo.height - 4) < 0.1, `drawn ${logo.width}x${logo.height}`);
  // Not covered by anything else in the header.
  const covered = await page.evaluate(() => {
    const box = document.querySelector(".brand-logo").getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + box.width - 4, box.top + box.height / 2);
    return !hit || !hit.closest(".brand");
  });
  assert.equal(covered, false, "something covers the logo");
  assert.equal(await page.getByRole("link", { name: /St Elsewhere NICU onboarding guide/ }).count(), 1);
  assert.equal(await page.locator(".brand-text").evaluate((t) => t.getBoundingClientRect().width <= 1), true);
  assert.deepEqual(await problems(page), []);
  await context.close();
});

test("a coloured header bar is the brand colour with readable text, light and dark", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const context = await browser.newContext({ colorScheme });
    const page = await watchedPage(context);
    await page.goto(server.url + "index.html", { waitUntil: "load" });
    const { background, text } = await page.evaluate(() => {
      const header = document.querySelector(".site-header");
      return { background: getComputedStyle(header).backgroundColor, text: getComputedStyle(header.querySelector(".brand")).color };
    });
    assert.equal(background, "rgb(242, 197, 0)", colorScheme);
    const luminance = (rgb) => {
      const [r, g, b] = rgb.match(/\d+/g).slice(0, 3).map((v) => {
        const c = Number(v) / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const [light, dark] = [luminance(background), luminance(text)].sort((a, b) => b - a);
    const contrast = (light + 0.05) / (dark + 0.05);
    assert.ok(contrast >= 4.5, `${colorScheme}: ${text} on ${background} is ${contrast.toFixed(1)}:1`);
    assert.deepEqual(await problems(page), []);
    await context.close();
  }
});

test("on a phone, search is an icon that opens the field, and Escape closes it", async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await watchedPage(context);
  await page.goto(server.url + "index.html", { waitUntil: "load" });
  const field = page.locator(".search-field");
  const opener = page.locator(".search-open");
  assert.equal(await field.isVisible(), false);
  assert.equal(await opener.getAttribute("aria-expanded"), "false");
  await opener.click();
  assert.equal(await field.isVisible(), true);
  assert.equal(await page.evaluate(() => document.activeElement.id), "search-input");
  await page.keyboard.type("parents");
  await page.waitForSelector(".search-result");
  await page.keyboard.press("Escape");
  await page.keyboard.press("Escape");
  await page.keyboard.press("Escape");
  assert.equal(await field.isVisible(), false);
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains("search-open")), true);
  // On a desktop the field is there from the start.
  await page.setViewportSize({ width: 1280, height: 800 });
  assert.equal(await field.isVisible(), true);
  assert.equal(await opener.isVisible(), false);
  assert.deepEqual(await problems(page), []);
  await context.close();
});
