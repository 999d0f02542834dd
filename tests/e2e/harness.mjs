// Shared pieces of the end-to-end tests: the built site served on loopback under a strict
// Content-Security-Policy, and Debian's Chromium driven by playwright-core (never a downloaded
// browser). Every request to another host is aborted and recorded.

import { createServer } from "node:http";
import { existsSync } from "node:fs";
import { readFile, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
export const SITE = path.resolve(process.env.NEOKIT_E2E_SITE || path.join(here, "..", "..", "public"));
export const CSP = "default-src 'self'";
/** The neokit binary the tests run: NEOKIT_BIN, else the release build, else the debug one. */
export const BINARY = [
  process.env.NEOKIT_BIN,
  path.join(here, "..", "..", "target", "release", "neokit"),
  path.join(here, "..", "..", "target", "debug", "neokit"),
].find((candidate) => candidate && existsSync(candidate));
const CHROMIUM = process.env.NEOKIT_E2E_CHROMIUM || "/usr/bin/chromium";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".pdf": "application/pdf",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * Serves a built site (SITE unless `root` is given) on 127.0.0.1 with the strict CSP, below
 * `prefix` (as on a web server's sub-path); returns { url, close }. With `notFound`, a missing
 * address gets the site's 404.html with status 404, as a configured web server sends it.
 */
export async function serve({ root = SITE, prefix = "/", notFound = false } = {}) {
  const server = createServer(async (request, response) => {
    try {
      const pathname = decodeURIComponent(new URL(request.url, "http://x").pathname);
      if (!pathname.startsWith(prefix)) throw new Error("outside the prefix");
      let file = path.join(root, pathname.slice(prefix.length));
      if (!file.startsWith(root)) throw new Error("outside");
      if ((await stat(file)).isDirectory()) file = path.join(file, "index.html");
      const body = await readFile(file);
      response.writeHead(200, {
        "Content-Type": TYPES[path.extname(file)] || "application/octet-stream",
        "Content-Security-Policy": CSP,
        "X-Content-Type-Options": "nosniff",
      });
      response.end(body);
    } catch {
      const page = notFound ? await readFile(path.join(root, "404.html")).catch(() => null) : null;
      if (page) {
        response.writeHead(404, {
          "Content-Type": TYPES[".html"],
          "Content-Security-Policy": CSP,
          "X-Content-Type-Options": "nosniff",
        });
        response.end(page);
        return;
      }
      response.writeHead(404, { "Content-Type": "text/plain" });
      response.end("not found");
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}${prefix}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * A page that records console errors, page errors, failed requests, outside requests and CSP
 * violations in `page.problems`.
 */
export async function watchedPage(context) {
  const page = await context.newPage();
  page.problems = [];
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      window.__cspViolations = window.__cspViolations || [];
      window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  page.on("console", (message) => {
    if (message.type() === "error") page.problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => page.problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => {
    // Loads cut short by the next navigation are not failures.
    const reason = request.failure()?.errorText || "";
    if (!request.url().startsWith("file:") && !reason.includes("ERR_ABORTED")) {
      page.problems.push(`failed: ${request.url()} (${reason})`);
    }
  });
  page.on("response", (response) => {
    if (response.status() >= 400) page.problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  await page.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === "file:" || url.hostname === "127.0.0.1") return route.continue();
    page.problems.push(`outside request: ${url}`);
    return route.abort();
  });
  return page;
}

/** Types `query` into the search box and waits until its results are complete. */
export async function typeSearch(page, query) {
  await page.evaluate(() => {
    if (window.__searchWatched) return;
    window.__searchWatched = true;
    const box = document.querySelector(".search");
    box.addEventListener("neokit-search-results", (event) => {
      window.__searchComplete = event.detail.complete ? event.detail.query : null;
    });
    box.addEventListener("neokit-search-text", (event) => {
      window.__searchComplete = event.detail.query;
    });
  });
  await page.click("#search-input");
  await page.fill("#search-input", "");
  await page.keyboard.type(query);
  await page.waitForFunction((q) => window.__searchComplete === q, query);
}

/** Problems seen so far on `page`, CSP violations included. */
export async function problems(page) {
  const csp = await page.evaluate(() => window.__cspViolations || []).catch(() => []);
  return [...page.problems, ...csp.map((v) => `CSP: ${v}`)];
}

/**
 * Every HTML page of the site, as paths relative to SITE. Redirect stubs (moved pages, short
 * links) are left out: they leave for their target before a test could look at them.
 */
export async function htmlPages(dir = SITE, prefix = "") {
  const found = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const relative = prefix + entry.name;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await htmlPages(full, relative + "/")));
    else if (entry.name.endsWith(".html") && !(await readFile(full, "utf8")).includes('http-equiv="refresh"')) {
      found.push(relative);
    }
  }
  return found.sort();
}

/**
 * Opens the address `url` of a missing page of the site at `base` and checks the 404 page as
 * a reader sees it: status 404, the site's styles, links that lead into the site at `base`
 * and, when `suggested` names a page (a path from `base`), "Did you mean" pointing at it.
 * Returns the problems beyond those a 404 page at an unknown depth causes by design: its own
 * 404, and the places not-found.js was looked for that are not the site's root.
 */
export async function checkNotFound(browser, url, base, { suggested = null } = {}) {
  const context = await browser.newContext();
  const page = await watchedPage(context);
  const response = await page.goto(url, { waitUntil: "load" });
  const found = [];
  const expect = (ok, what) => ok || found.push(what);
  expect(response.status() === 404, `status ${response.status()}, not 404`);
  expect((await page.title()).startsWith("Page not found"), `title "${await page.title()}"`);
  // Styled: the theme's stylesheet applies (the browser's default body margin is 8px).
  await page.waitForFunction(() => document.styleSheets.length >= 2, null, { timeout: 5000 }).catch(() => {});
  expect((await page.evaluate(() => getComputedStyle(document.body).margin)) === "0px", "the styles did not load");
  const hrefs = await page.locator("main ul a, a.brand").evaluateAll((links) => links.map((a) => a.href));
  expect(hrefs.length >= 2, `only ${hrefs.length} links`);
  for (const href of hrefs) {
    expect(href.startsWith(base), `link ${href} leaves the site at ${base}`);
    const status = await page.evaluate((h) => fetch(h, { method: "HEAD" }).then((r) => r.status), href);
    expect(status === 200, `link ${href}: HTTP ${status}`);
  }
  if (suggested) {
    const suggestion = page.locator(".not-found-suggestion");
    await suggestion.waitFor({ state: "visible", timeout: 5000 }).catch(() => {});
    expect(await suggestion.isVisible(), "no \"Did you mean\"");
    const href = await suggestion.locator("a").getAttribute("href").catch(() => null);
    expect(href === new URL(suggested, base).href, `"Did you mean" links to ${href}, not ${suggested}`);
  }
  const byDesign = (problem) =>
    problem === `HTTP 404: ${url}` ||
    /^HTTP 404: .*\/_neokit\/not-found\.js$/.test(problem) ||
    /^console: Failed to load resource: the server responded with a status of 404/.test(problem) ||
    /^console: Refused to execute script from '[^']*\/_neokit\/not-found\.js'/.test(problem);
  for (const problem of await problems(page)) if (!byDesign(problem)) found.push(problem);
  await context.close();
  return found;
}
