// The 404 page of a site built without base_url, served for missing addresses at every depth
// below a sub-path, as a web server configured with the site's 404.html sends it: styled,
// its links leading into the site, "Did you mean" for the closest page; plain and readable
// without JavaScript.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { checkNotFound, launch, serve } from "./harness.mjs";

let browser;
let server;

before(async () => {
  browser = await launch();
  server = await serve({ prefix: "/kits/neoflix/", notFound: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

describe("404 page without base_url", () => {
  const cases = [
    ["a page name mistyped at the root", "welcom", null],
    ["a GitBook file name", "team/review-chair.md", "team/review-chair/index.html"],
    ["a misspelt page in a folder", "team/review-chiar/", "team/review-chair/index.html"],
    ["a page that moved to another folder", "people/video-manager/", "team/video-manager/index.html"],
    ["an address below a page", "team/review-chair/old/notes.html", null],
  ];
  for (const [what, address, suggested] of cases) {
    test(`${what} (${address}): styled, links into the site`, async () => {
      const found = await checkNotFound(browser, server.url + address, server.url, { suggested });
      assert.deepEqual(found, []);
    });
  }

  test("without JavaScript the page is plain and readable", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const response = await page.goto(server.url + "team/nope/", { waitUntil: "load" });
    assert.equal(response.status(), 404);
    assert.equal(await page.locator("h1").textContent(), "Page not found");
    assert.ok((await page.locator("main ul a").count()) >= 2);
    // No address outside the site's folder is named.
    const hrefs = await page.locator("a[href], link[href], script[src], img[src]").evaluateAll((nodes) =>
      nodes.map((n) => n.getAttribute("href") || n.getAttribute("src")),
    );
    assert.deepEqual(hrefs.filter((h) => h.startsWith("/")), []);
    await context.close();
  });
});
