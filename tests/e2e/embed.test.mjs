// Embed views in another system: a host page on another origin, under a strict
// Content-Security-Policy, frames pages' embed views at three widths with the user guide's
// snippet; the frames fit their pages, links leave for the full guide in the top window, and
// the framed content passes axe-core in light and dark.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { BINARY, launch, problems, serve, watchedPage } from "./harness.mjs";

const require = createRequire(import.meta.url);
const AXE = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");
const here = path.dirname(fileURLToPath(import.meta.url));
const WIDTHS = [320, 768, 1280];

let browser;
let guide;
let host;
let kit;

/** The host-page script of the user guide's "Embedding pages", for the guide at `origin`. */
function readmeSnippet(origin) {
  const section = readFileSync(path.join(here, "..", "..", "docs", "guide", "embedding.md"), "utf8");
  const script = section.match(/<script>\n([\s\S]*?)<\/script>/);
  assert.ok(script, "docs/guide/embedding.md has no <script> snippet");
  assert.ok(script[1].includes('"https://guide.example.org"'), "the snippet checks the guide's origin");
  return script[1].replace('"https://guide.example.org"', JSON.stringify(origin));
}

/** A host page on its own origin: its own strict policy, which lets it frame the guide. */
async function hostServer(guideUrl) {
  const origin = new URL(guideUrl).origin;
  const frames = (query) =>
    WIDTHS.map(
      (width) =>
        `<h2>${width} px</h2>\n<iframe id="w${width}" width="${width}" height="300" src="${guideUrl}embed/consent/index.html${query}" title="Obtain consent, ${width} pixels wide" data-neokit-embed></iframe>`,
    ).join("\n");
  const page = (query, script) =>
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Ward intranet</title>${script ? '<script src="/embed-host.js" defer></script>' : ""}</head><body><main><h1>Ward intranet</h1>\n${frames(query)}\n</main></body></html>`;
  const server = createServer((request, response) => {
    const url = new URL(request.url, "http://x");
    const headers = { "Content-Security-Policy": `default-src 'self'; frame-src ${origin}`, "X-Content-Type-Options": "nosniff" };
    if (url.pathname === "/embed-host.js") {
      response.writeHead(200, { ...headers, "Content-Type": "text/javascript; charset=utf-8" });
      response.end(readmeSnippet(origin));
    } else if (url.pathname === "/") {
      const theme = url.searchParams.get("theme");
      response.writeHead(200, { ...headers, "Content-Type": "text/html; charset=utf-8" });
      response.end(page(theme ? `?theme=${theme}` : "", url.searchParams.get("script") !== "off"));
    } else {
      response.writeHead(404, { "Content-Type": "text/plain" });
      response.end("not found");
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => server.close(r)) };
}

before(async () => {
  assert.ok(BINARY, "build neokit first (cargo build --release)");
  kit = mkdtempSync(path.join(tmpdir(), "neokit-embed-"));
  mkdirSync(path.join(kit, "team"));
  writeFileSync(path.join(kit, "neokit.yaml"), "title: St Elsewhere NICU guide\nbrand:\n  name: St Elsewhere\n  primary_color: \"#7a1f5c\"\n");
  writeFileSync(path.join(kit, "SUMMARY.md"), "* [Welcome](README.md)\n* [Obtain consent](consent.md)\n* [Team](team/README.md)\n  * [Chair](team/chair.md)\n* [Draft](draft.md)\n");
  writeFileSync(path.join(kit, "README.md"), "# Welcome\n\nSee [consent](consent.md).\n");
  const paragraphs = Array.from({ length: 6 }, (_, i) => `Paragraph ${i + 1}: ask both parents, explain what is filmed, who sees it and how long it is kept; then record their answer.`).join("\n\n");
  writeFileSync(
    path.join(kit, "consent.md"),
    `---\ndescription: Who asks, when, and how it is recorded.\n---\n\n# Obtain consent\n\nJump to [recording it](#record-it) or ask [the chair](team/chair.md).\n\n{% hint style="warning" %}\nNever film without consent.\n{% endhint %}\n\n## Ask both parents\n\n${paragraphs}\n\n## Record it\n\nWrite it in the record.\n`,
  );
  writeFileSync(path.join(kit, "team", "README.md"), "# Team\n\nThe people behind the programme.\n");
  writeFileSync(path.join(kit, "team", "chair.md"), "# Chair\n\nChairs the review.\n");
  writeFileSync(path.join(kit, "draft.md"), "---\nhidden: true\n---\n\n# Draft\n\nNot for embedding.\n");
  const built = spawnSync(BINARY, ["build", kit, "--out", path.join(kit, "site")], { encoding: "utf8" });
  assert.equal(built.status, 0, built.stderr);
  browser = await launch();
  guide = await serve({ root: path.join(kit, "site"), prefix: "/guides/neoflix/" });
  host = await hostServer(guide.url);
});

after(async () => {
  await browser?.close();
  await guide?.close();
  await host?.close();
  if (kit) rmSync(kit, { recursive: true, force: true });
});

/** CSP violations and other problems in the host page and every frame. */
async function allProblems(page) {
  const found = await problems(page);
  for (const frame of page.frames().slice(1)) {
    const csp = await frame.evaluate(() => window.__cspViolations || []).catch(() => []);
    found.push(...csp.map((v) => `CSP in ${frame.url()}: ${v}`));
  }
  return found;
}

test("framed at three widths under a strict policy, each frame fits its page", async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await watchedPage(context);
  await page.goto(host.url, { waitUntil: "load" });
  await page.waitForFunction(() => [...document.querySelectorAll("iframe")].every((f) => f.height !== "300"), null, {
    timeout: 10000,
  });
  await page.waitForTimeout(300);
  const measured = {};
  for (const width of WIDTHS) {
    const frame = await (await page.$(`#w${width}`)).contentFrame();
    const inner = await frame.evaluate(() => ({
      width: document.documentElement.clientWidth,
      content: Math.ceil(document.body.getBoundingClientRect().height),
      scroll: document.documentElement.scrollHeight,
      viewport: window.innerHeight,
      header: !!document.querySelector(".site-header, .sidebar, .search, .site-footer, .pagination"),
      direct: getComputedStyle(document.querySelector(".embed-direct")).display,
    }));
    const outer = Number(await page.locator(`#w${width}`).getAttribute("height"));
    measured[width] = outer;
    assert.equal(inner.width, width, `the ${width} px frame is ${inner.width} wide`);
    assert.ok(Math.abs(outer - inner.content) <= 2, `${width} px: frame ${outer} px high for ${inner.content} px of content`);
    assert.ok(inner.scroll <= inner.viewport + 1, `${width} px: the frame still scrolls (${inner.scroll} > ${inner.viewport})`);
    assert.equal(inner.header, false, `${width} px: the site's frame (header, sidebar, footer) is shown`);
    assert.equal(inner.direct, "none", `${width} px: the link to the full page shows inside a frame`);
  }
  assert.ok(measured[320] > measured[1280], `narrow frames are taller: ${JSON.stringify(measured)}`);
  assert.deepEqual(await allProblems(page), []);
  await context.close();
});

test("links to other pages open the full guide in the top window; in-page links stay in the frame", async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await watchedPage(context);
  await page.goto(host.url, { waitUntil: "load" });
  const frame = await (await page.$("#w768")).contentFrame();
  await frame.locator(".content a[href='#record-it']:not(.heading-link)").click();
  await frame.waitForFunction(() => location.hash === "#record-it");
  assert.equal(page.url(), host.url, "an in-page link left the host page");
  assert.equal(await frame.locator(".content a[href='#record-it']:not(.heading-link)").getAttribute("target"), null);
  const chair = frame.locator(".content a", { hasText: "the chair" });
  assert.equal(await chair.getAttribute("target"), "_top");
  await Promise.all([page.waitForURL(`${guide.url}team/chair/index.html`), chair.click()]);
  // The full page, with the site's header, in the whole window.
  assert.equal(await page.locator(".site-header").count(), 1);
  assert.deepEqual(await allProblems(page), []);
  await context.close();
});

for (const [scheme, query] of [["light", ""], ["dark", "?theme=dark"]]) {
  test(`axe-core finds no violations in the framed content (${scheme})`, async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await watchedPage(context);
    await page.goto(host.url + query, { waitUntil: "load" });
    for (const width of WIDTHS) {
      const frame = await (await page.$(`#w${width}`)).contentFrame();
      await frame.waitForLoadState("load");
      const theme = await frame.evaluate(() => document.documentElement.getAttribute("data-theme"));
      assert.equal(theme, scheme === "dark" ? "dark" : null);
      const background = await frame.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const [r, g, b] = background.match(/\d+/g).map(Number);
      assert.equal(r + g + b < 3 * 128, scheme === "dark", `${scheme} ${width} px: background ${background}`);
      await frame.evaluate(AXE);
      const result = await frame.evaluate(() =>
        window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
      );
      const violations = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      assert.deepEqual(violations, [], `${scheme}, ${width} px`);
    }
    assert.deepEqual(await allProblems(page), []);
    await context.close();
  });
}

test("the system's dark scheme applies without ?theme", async () => {
  const context = await browser.newContext({ colorScheme: "dark" });
  const page = await watchedPage(context);
  await page.goto(host.url, { waitUntil: "load" });
  const frame = await (await page.$("#w320")).contentFrame();
  const background = await frame.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const [r, g, b] = background.match(/\d+/g).map(Number);
  assert.ok(r + g + b < 3 * 128, `background ${background}`);
  await context.close();
});

test("without the host's script the frame keeps its height and scrolls", async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await watchedPage(context);
  await page.goto(host.url + "?script=off", { waitUntil: "load" });
  const frame = await (await page.$("#w320")).contentFrame();
  await frame.waitForLoadState("load");
  await page.waitForTimeout(300);
  assert.equal(await page.locator("#w320").getAttribute("height"), "300");
  const { scroll, viewport } = await frame.evaluate(() => ({
    scroll: document.documentElement.scrollHeight,
    viewport: window.innerHeight,
  }));
  assert.ok(scroll > viewport, "the content fits without scrolling, so this proves nothing");
  assert.equal(await frame.locator("h2", { hasText: "Record it" }).count(), 1);
  assert.deepEqual(await allProblems(page), []);
  await context.close();
});

test("opened by itself, an embed view links to its full page", async () => {
  const context = await browser.newContext();
  const page = await watchedPage(context);
  await page.goto(guide.url + "embed/consent/index.html", { waitUntil: "load" });
  const link = page.locator(".embed-direct a");
  assert.equal(await link.isVisible(), true);
  await Promise.all([page.waitForURL(`${guide.url}consent/index.html`), link.click()]);
  assert.deepEqual(await problems(page), []);
  await context.close();
});

test("embeds.json lists every page but the hidden one, and the hidden page has no embed view", async () => {
  const site = path.join(kit, "site");
  const { pages } = JSON.parse(readFileSync(path.join(site, "embeds.json"), "utf8"));
  assert.deepEqual(
    pages.map((p) => p.path),
    ["", "consent/", "team/", "team/chair/"],
  );
  const consent = pages.find((p) => p.path === "consent/");
  assert.deepEqual(consent, {
    path: "consent/",
    title: "Obtain consent",
    embed: "embed/consent/index.html",
    url: "consent/index.html",
  });
  for (const entry of pages) {
    for (const address of [entry.embed, entry.url]) {
      const response = await fetch(new URL(address, guide.url));
      assert.equal(response.status, 200, address);
    }
  }
  assert.equal((await fetch(new URL("draft/index.html", guide.url))).status, 200);
  assert.equal((await fetch(new URL("embed/draft/index.html", guide.url))).status, 404);
});

test("neokit serve serves embed views and frames a page at three widths on its test page", async () => {
  const child = spawn(BINARY, ["serve", kit, "--port", "0", "--quiet"], { stdio: ["ignore", "ignore", "pipe"] });
  try {
    const address = await new Promise((resolve, reject) => {
      let text = "";
      child.stderr.on("data", (chunk) => {
        text += chunk;
        const found = text.match(/http:\/\/127\.0\.0\.1:\d+\//);
        if (found) resolve(found[0]);
      });
      child.on("exit", () => reject(new Error(`serve exited: ${text}`)));
    });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await watchedPage(context);
    await page.goto(address + "_neokit/embed-test.html?page=consent/", { waitUntil: "load" });
    const frames = page.locator("iframe.embed-test-frame");
    assert.deepEqual(await frames.evaluateAll((all) => all.map((f) => f.width)), ["320", "768", "1280"]);
    await page.waitForFunction(() => [...document.querySelectorAll("iframe")].every((f) => f.height !== "600"), null, {
      timeout: 10000,
    });
    const frame = await (await frames.first().elementHandle()).contentFrame();
    assert.equal(new URL(frame.url()).pathname, "/embed/consent/index.html");
    assert.equal(await frame.locator("h1").textContent(), "Obtain consent");
    // The built site has no test page.
    assert.equal((await fetch(new URL("_neokit/embed-test.html", guide.url))).status, 404);
    await context.close();
  } finally {
    child.kill();
  }
});
