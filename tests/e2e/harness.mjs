// Shared pieces of the end-to-end tests: the built site served on loopback under a strict
// Content-Security-Policy, and Debian's Chromium driven by playwright-core (never a downloaded
// browser). Every request to another host is aborted and recorded.

import { createServer } from "node:http";
import { readFile, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
export const SITE = path.resolve(process.env.NEOKIT_E2E_SITE || path.join(here, "..", "..", "public"));
export const CSP = "default-src 'self'";
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
 * `prefix` (as on a web server's sub-path); returns { url, close }.
 */
export async function serve({ root = SITE, prefix = "/" } = {}) {
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

/** Problems seen so far on `page`, CSP violations included. */
export async function problems(page) {
  const csp = await page.evaluate(() => window.__cspViolations || []).catch(() => []);
  return [...page.problems, ...csp.map((v) => `CSP: ${v}`)];
}

/** Every HTML page of the site, as paths relative to SITE. */
export async function htmlPages(dir = SITE, prefix = "") {
  const found = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const relative = prefix + entry.name;
    if (entry.isDirectory()) found.push(...(await htmlPages(path.join(dir, entry.name), relative + "/")));
    else if (entry.name.endsWith(".html")) found.push(relative);
  }
  return found.sort();
}
