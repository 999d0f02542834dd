// `neokit fleet --format html`: the programme's dashboard of `examples/fleet/` (three hospitals
// on two releases of the guide, and a source that cannot be read), opened from disk as the
// programme lead opens it and served under the strict Content-Security-Policy as an intranet
// serves it. With every hospital's row opened it applies the guide's theme, asks for nothing
// else, passes axe-core (WCAG 2.1 A/AA) in the light and the dark scheme and on a phone, and
// links the changed sections into the published guide.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { BINARY, launch, problems, serve, watchedPage } from "./harness.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const EXAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "examples", "fleet");

let browser;
let root;
let dashboard;
let server;

function run(args, cwd) {
  return spawnSync(BINARY, args, { cwd, encoding: "utf8", env: { ...process.env, NEOKIT_TODAY: "2027-03-01" } });
}

before(async () => {
  assert.ok(BINARY, "build neokit first (cargo build --release)");
  root = mkdtempSync(path.join(tmpdir(), "neokit-fleet-"));
  cpSync(EXAMPLE, root, { recursive: true });
  for (const hospital of ["st-elsewhere", "lakeside", "riverside"]) {
    const built = run(["build", "--no-pdf", "-q", `hospitals/${hospital}`], root);
    assert.equal(built.status, 0, built.stderr);
  }
  const sources = ["hospitals/st-elsewhere/public", "hospitals/lakeside/public", "hospitals/riverside/public", "hospitals/riverside"];
  const fleet = run(["fleet", "--upstream", "guide-2027.02", "--version", "2027.02", "--format", "html", "--out", "dashboard", ...sources], root);
  // 2: one source (a kit folder, not a built site) could not be read; the others are shown.
  assert.equal(fleet.status, 2, fleet.stderr);
  dashboard = path.join(root, "dashboard");
  server = await serve({ root: dashboard });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** Opens every hospital's row and checks the page as the reader sees it. */
async function check(page) {
  const styled = await page.evaluate(() => ({
    margin: getComputedStyle(document.body).margin,
    wide: document.documentElement.scrollWidth <= window.innerWidth,
  }));
  assert.equal(styled.margin, "0px", "the theme's stylesheet did not apply");
  assert.ok(styled.wide, "the page scrolls sideways");
  const rows = page.locator("details.fleet-hospital");
  assert.equal(await rows.count(), 4);
  for (let i = 0; i < 4; i++) await rows.nth(i).locator("summary").click();
  assert.equal(await page.locator("details.fleet-hospital[open]").count(), 4);
  const states = await page.locator("summary .review-state").allInnerTexts();
  assert.deepEqual(states, ["Behind", "Behind", "Current", "Unreadable"]);
  const link = page.locator('a[href="https://guide.neoflix.example/reviews/debrief/#the-three-questions"]');
  assert.equal(await link.innerText(), "The three questions");
  assert.ok((await page.locator(".fleet-error").innerText()).includes("is a kit folder, not a built site"));
  // Injected through the DevTools protocol, so the strict CSP does not block it.
  await page.evaluate(AXE);
  // `preload: false`: from disk, axe could not fetch the stylesheets again (no file:// requests).
  const results = await page.evaluate(() =>
    window.axe.run(document, {
      preload: false,
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    }),
  );
  const found = results.violations.map((v) => {
    const targets = v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ");
    return `${v.impact} ${v.id} (${v.nodes.length}): ${targets}`;
  });
  assert.deepEqual(found, []);
  assert.deepEqual(await problems(page), []);
}

for (const [scheme, width] of [["light", 1280], ["dark", 1280], ["light", 390], ["dark", 390]]) {
  test(`the dashboard opens from disk and passes axe-core (${scheme}, ${width}px wide)`, async () => {
    const context = await browser.newContext({ colorScheme: scheme, viewport: { width, height: 900 } });
    const page = await watchedPage(context);
    await page.goto(pathToFileURL(path.join(dashboard, "index.html")).href, { waitUntil: "load" });
    await check(page);
    await context.close();
  });
}

for (const scheme of ["light", "dark"]) {
  test(`the dashboard served under the strict policy passes axe-core (${scheme})`, async () => {
    const context = await browser.newContext({ colorScheme: scheme });
    const page = await watchedPage(context);
    await page.goto(server.url + "index.html", { waitUntil: "load" });
    await check(page);
    // Dark means dark: the theme's dark background applies to the page.
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const [r, g, b] = background.match(/\d+/g).map(Number);
    const light = (r + g + b) / 3 > 128;
    assert.equal(light, scheme === "light", background);
    await context.close();
  });
}
