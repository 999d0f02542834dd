// The sample kit as a reader uses it: every page clean under a strict CSP, the keyboard, the
// menu on a phone, tabs, dark mode, and the site opened straight from disk.
//
// Run from the repository root after `cargo run --release -- build`:
//   (cd tests/e2e && npm install && npm test)

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { BINARY, SITE, htmlPages, launch, problems, serve, watchedPage } from "./harness.mjs";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

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

async function open(pagePath, options = {}) {
  const context = await browser.newContext(options);
  const page = await watchedPage(context);
  await page.goto(server.url + pagePath, { waitUntil: "load" });
  return { context, page };
}

describe("every page", () => {
  test("loads without console errors, CSP violations or outside requests", async () => {
    const pages = (await htmlPages()).filter((p) => p !== "404.html");
    assert.ok(pages.length >= 20, `only ${pages.length} pages`);
    const context = await browser.newContext();
    const page = await watchedPage(context);
    const found = [];
    for (const pagePath of pages) {
      page.problems.length = 0;
      await page.goto(server.url + pagePath, { waitUntil: "load" });
      for (const problem of await problems(page)) found.push(`${pagePath}: ${problem}`);
    }
    await context.close();
    assert.deepEqual(found, []);
  });
});

describe("keyboard", () => {
  test("each section heading has a link that shows when focused and is named for its section", async () => {
    const { context, page } = await open("2-people/2.1-pioneer-team/index.html");
    const link = page.locator(".content h2 .heading-link").first();
    const heading = (await page.locator(".content h2").first().getAttribute("id")) || "";
    assert.equal(await link.getAttribute("href"), `#${heading}`);
    assert.match(await link.getAttribute("aria-label"), /^Link to this section: \S/);
    const before = await link.boundingBox();
    await link.focus();
    assert.equal(await link.evaluate((a) => getComputedStyle(a).opacity), "1");
    assert.deepEqual(await link.boundingBox(), before, "nothing moves when it shows");
    assert.deepEqual(await problems(page), []);
    await context.close();
  });

  test("the first Tab reaches the skip link, which moves focus to the content", async () => {
    const { context, page } = await open("index.html");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.className), "skip-link");
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, "none", "focus must be visible");
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.activeElement.id), "content");
    assert.deepEqual(await problems(page), []);
    await context.close();
  });

  test("navigation links are reachable with Tab and open with Enter", async () => {
    const { context, page } = await open("index.html");
    const target = await page.evaluate(() => {
      const link = document.querySelector("#site-nav a:not([aria-current])");
      return link.getAttribute("href");
    });
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press("Tab");
      const href = await page.evaluate(() => document.activeElement.getAttribute("href"));
      if (href === target) break;
    }
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute("href")), target);
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    assert.ok(page.url().endsWith("index.html"), page.url());
    await context.close();
  });
});

describe("phone", () => {
  test("the navigation is a menu button at 390 px", async () => {
    const { context, page } = await open("2-people/2.2-gaining-team-buy-in/index.html", {
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const menu = page.locator(".menu-toggle");
    assert.ok(await menu.isVisible());
    assert.equal(await page.locator("#site-nav").isVisible(), false);
    await menu.click();
    assert.equal(await menu.getAttribute("aria-expanded"), "true");
    assert.ok(await page.locator("#site-nav").isVisible());
    const focused = await page.evaluate(() => document.activeElement.getAttribute("aria-current"));
    assert.equal(focused, "page", "focus moves to the current page in the menu");
    await page.keyboard.press("Escape");
    assert.equal(await menu.getAttribute("aria-expanded"), "false");
    assert.equal(await page.evaluate(() => document.activeElement.classList.contains("menu-toggle")), true);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
    assert.deepEqual(await problems(page), []);
    await context.close();
  });

  test("no page scrolls sideways at 320 px", async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
    const page = await watchedPage(context);
    const wide = [];
    for (const pagePath of await htmlPages()) {
      if (pagePath === "404.html") continue;
      await page.goto(server.url + pagePath, { waitUntil: "load" });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 0) wide.push(`${pagePath}: ${overflow}px`);
    }
    await context.close();
    assert.deepEqual(wide, []);
  });
});

describe("tabs", () => {
  test("a tab set works with arrow keys and has ARIA roles", async () => {
    const { context, page } = await open("1-preparation/1.2-equipment-and-room-set-up/index.html");
    const tabs = page.locator(".tabs").first().locator('[role="tab"]');
    const count = await tabs.count();
    assert.ok(count >= 2, "the page has a tab set");
    assert.equal(await tabs.nth(0).getAttribute("aria-selected"), "true");
    await tabs.nth(0).focus();
    await page.keyboard.press("ArrowRight");
    assert.equal(await tabs.nth(1).getAttribute("aria-selected"), "true");
    assert.equal(await tabs.nth(0).getAttribute("aria-selected"), "false");
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute("role")), "tab");
    const panel = await tabs.nth(1).getAttribute("aria-controls");
    assert.ok(await page.locator(`#${panel}`).isVisible());
    const first = await tabs.nth(0).getAttribute("aria-controls");
    assert.equal(await page.locator(`#${first}`).isVisible(), false);
    await page.keyboard.press("End");
    assert.equal(await tabs.nth(count - 1).getAttribute("aria-selected"), "true");
    await context.close();
  });

  test("without JavaScript the tabs are stacked sections", async () => {
    const { context, page } = await open("1-preparation/1.2-equipment-and-room-set-up/index.html", {
      javaScriptEnabled: false,
    });
    const panels = page.locator(".tabs").first().locator(".tab-panel");
    const count = await panels.count();
    for (let i = 0; i < count; i++) assert.ok(await panels.nth(i).isVisible());
    assert.equal(await page.locator('[role="tablist"]').count(), 0);
    await context.close();
  });
});

describe("content wider than its frame", () => {
  // A kit of its own: a wide and a narrow table, a wide one in a hint, six tabs and two.
  let kit;
  let wide;
  const row = (cells) => `| ${cells.join(" | ")} |`;
  const header = ["Step", "Who", "When", "Where", "What to bring", "What to record", "Consent form", "Notes for the night shift"];
  const table = [row(header), row(header.map(() => "---")), row(["Ask", "Nurse", "Admission", "Bedside", "The leaflet", "Answer", "Form A", "Ask again after 48 hours"])].join("\n");
  const tabs = (titles) => `{% tabs %}\n${titles.map((t) => `{% tab title="${t}" %}\nSteps on ${t}.\n{% endtab %}`).join("\n")}\n{% endtabs %}`;

  before(() => {
    assert.ok(BINARY, "build neokit first (cargo build --release)");
    kit = mkdtempSync(path.join(tmpdir(), "neokit-wide-"));
    writeFileSync(path.join(kit, "neokit.yaml"), "title: Wide content\n");
    writeFileSync(path.join(kit, "SUMMARY.md"), "* [Welcome](README.md)\n");
    writeFileSync(
      path.join(kit, "README.md"),
      `# Welcome\n\n${table}\n\n| Step | Who |\n| --- | --- |\n| Ask | Nurse |\n\n` +
        `{% hint style="info" %}\nIn a hint:\n\n${table}\n{% endhint %}\n\n` +
        `${tabs(["Android", "iPhone", "Windows", "macOS", "Linux", "ChromeOS"])}\n\n${tabs(["Parents", "Staff"])}\n`,
    );
    const built = spawnSync(BINARY, ["build", kit, "--out", path.join(kit, "site")], { encoding: "utf8" });
    assert.equal(built.status, 0, built.stderr);
  });

  after(() => {
    if (kit) rmSync(kit, { recursive: true, force: true });
  });

  async function openWide(options) {
    wide ??= await serve({ root: path.join(kit, "site") });
    const context = await browser.newContext(options);
    const page = await watchedPage(context);
    await page.goto(wide.url + "index.html", { waitUntil: "load" });
    return { context, page };
  }

  /** Each frame's cue: "left", "right", "left right" or "" (none), and whether a shadow is drawn. */
  const cues = (page) =>
    page.evaluate(() =>
      [...document.querySelectorAll(".table-wrap, .tablist")].map((frame) => ({
        cue: ["left", "right"].filter((side) => frame.classList.contains(`has-more-${side}`)).join(" "),
        shadow: getComputedStyle(frame).backgroundImage.includes("gradient"),
        focusable: frame.tabIndex === 0,
      })),
    );
  const scrolledTo = (page, index, where) =>
    page.evaluate(
      ([i, w]) =>
        new Promise((resolve) => {
          const frame = document.querySelectorAll(".table-wrap, .tablist")[i];
          frame.scrollLeft = w === "end" ? frame.scrollWidth : (frame.scrollWidth - frame.clientWidth) / 2;
          requestAnimationFrame(() => requestAnimationFrame(resolve));
        }),
      [index, where],
    );

  test("at 390 px a wide table and a row of six tabs show a shadow where more is, and only there", async () => {
    const { context, page } = await openWide({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    // Frames in page order: wide table, narrow table, table in the hint, six tabs, two tabs.
    assert.deepEqual(await cues(page), [
      { cue: "right", shadow: true, focusable: true },
      { cue: "", shadow: false, focusable: false },
      { cue: "right", shadow: true, focusable: true },
      { cue: "right", shadow: true, focusable: false },
      { cue: "", shadow: false, focusable: false },
    ]);
    await scrolledTo(page, 0, "middle");
    assert.equal((await cues(page))[0].cue, "left right");
    await scrolledTo(page, 0, "end");
    assert.deepEqual((await cues(page))[0], { cue: "left", shadow: true, focusable: true });
    // The last tab, chosen with End, scrolls into view and the cue moves to the left.
    await page.locator(".tablist").first().locator('[role="tab"]').first().focus();
    await page.keyboard.press("End");
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    assert.equal((await cues(page))[3].cue, "left");
    assert.deepEqual(await problems(page), []);
    await context.close();
  });

  test("a table that scrolls is a named region reached with Tab and scrolled with the arrow keys", async () => {
    const { context, page } = await openWide({ viewport: { width: 390, height: 844 } });
    const frame = page.locator(".table-wrap").first();
    assert.equal(await frame.getAttribute("role"), "region");
    assert.equal(await frame.getAttribute("aria-label"), "Table, scrolls sideways");
    let reached = false;
    for (let i = 0; i < 20 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = await frame.evaluate((el) => document.activeElement === el);
    }
    assert.ok(reached, "Tab reaches the table");
    assert.notEqual(await frame.evaluate((el) => getComputedStyle(el).outlineStyle), "none", "focus must be visible");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction(() => document.querySelector(".table-wrap").classList.contains("has-more-left"), null, { timeout: 5000 });
    assert.ok((await frame.evaluate((el) => el.scrollLeft)) > 0);
    await page.evaluate(AXE);
    const results = await page.evaluate(() =>
      window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
    );
    assert.deepEqual(results.violations.map((v) => `${v.impact} ${v.id}`), []);
    assert.deepEqual(await problems(page), []);
    await context.close();
  });

  test("on a wide screen, where everything fits, there is no cue and no extra Tab stop", async () => {
    for (const colorScheme of ["light", "dark"]) {
      const { context, page } = await openWide({ viewport: { width: 1280, height: 900 }, colorScheme });
      for (const frame of await cues(page)) assert.deepEqual(frame, { cue: "", shadow: false, focusable: false });
      assert.deepEqual(await problems(page), []);
      await context.close();
    }
  });

  after(async () => {
    await wide?.close();
  });
});

describe("colour scheme", () => {
  test("the dark-mode toggle switches and is remembered", async () => {
    const { context, page } = await open("index.html");
    const toggle = page.locator(".theme-toggle");
    assert.ok(await toggle.isVisible());
    await toggle.click();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "dark");
    assert.equal(await toggle.getAttribute("aria-pressed"), "true");
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(background, "rgb(18, 22, 28)");
    await page.reload();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "dark");
    await toggle.click();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "light");
    await context.close();
  });

  test("the system's dark preference applies without a choice", async () => {
    const { context, page } = await open("index.html", { colorScheme: "dark" });
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(background, "rgb(18, 22, 28)");
    assert.equal(await page.locator(".theme-toggle").getAttribute("aria-pressed"), "true");
    await context.close();
  });
});

describe("diagrams and icons in the theme's colours", () => {
  test("a Mermaid diagram is drawn in the theme's colours, light and dark", async () => {
    for (const colorScheme of ["light", "dark"]) {
      const { context, page } = await open("how-neoflix-works/index.html", { colorScheme });
      const colours = await page.evaluate(() => {
        const drawing = document.querySelector(".diagram-drawing");
        const node = drawing.querySelector('[fill="#ECECFF"]');
        const label = drawing.querySelector('text[fill="#333"]');
        return {
          background: getComputedStyle(drawing).backgroundColor,
          page: getComputedStyle(document.body).backgroundColor,
          node: getComputedStyle(node).fill,
          text: getComputedStyle(label).fill,
          body: getComputedStyle(document.body).color,
        };
      });
      assert.equal(colours.background, colours.page, `${colorScheme}: the drawing's background`);
      assert.notEqual(colours.node, "rgb(236, 236, 255)", `${colorScheme}: Mermaid's lavender`);
      assert.equal(colours.text, colours.body, `${colorScheme}: the labels`);
      await context.close();
    }
  });
});

describe("cards and role pages", () => {
  test("covers in a row have one height, titles are bold text and the whole card is the link", async () => {
    const { context, page } = await open("index.html");
    const covers = await page.$$eval(".cards .grid-card-cover", (all) => all.map((c) => Math.round(c.getBoundingClientRect().height)));
    assert.ok(covers.length >= 3);
    assert.equal(new Set(covers).size, 1, `cover heights ${covers}`);
    const title = page.locator(".cards .grid-card-link").first();
    const style = await title.evaluate((a) => ({ line: getComputedStyle(a).textDecorationLine, weight: Number(getComputedStyle(a).fontWeight) }));
    assert.equal(style.line, "none");
    assert.ok(style.weight >= 600);
    // A click anywhere on the card follows its link.
    const card = page.locator(".cards .grid-card").first();
    await card.scrollIntoViewIfNeeded();
    const box = await card.boundingBox();
    const href = await title.getAttribute("href");
    await page.mouse.click(box.x + box.width / 2, box.y + box.height - 8);
    await page.waitForURL((url) => url.href.endsWith(href));
    await context.close();
  });

  test("a role page: who does it first, the pages that mention it after its own text", async () => {
    const { context, page } = await open("team/review-chair/index.html");
    assert.equal(await page.locator(".role-box .role-mentions").count(), 0);
    const order = await page.evaluate(() => {
      const content = document.querySelector(".content").getBoundingClientRect().bottom;
      const mentioned = document.querySelector(".role-mentioned").getBoundingClientRect().top;
      return mentioned >= content;
    });
    assert.ok(order, "“Mentioned on” comes after the page's text");
    // Names that wrap stay beside their icon.
    const people = page.locator(".role-people").first();
    if (await people.count()) {
      assert.equal(await people.evaluate((p) => getComputedStyle(p).flexWrap), "nowrap");
    }
    await context.close();
  });
});

describe("navigation", () => {
  test("the full sidebar lists every page and marks the current one", async () => {
    const { context, page } = await open("team/review-chair/index.html");
    const links = await page.locator("#site-nav a").count();
    assert.ok(links >= 25, `${links} links in the sidebar`);
    const current = page.locator('#site-nav [aria-current="page"]');
    assert.equal(await current.count(), 1);
    assert.equal((await current.textContent()).trim(), "Review chair");
    const toggle = page.locator("#site-nav .nav-expand").first();
    const expanded = await toggle.getAttribute("aria-expanded");
    await toggle.click();
    assert.notEqual(await toggle.getAttribute("aria-expanded"), expanded);
    await context.close();
  });

  test("without JavaScript every page is still reachable by links", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const seen = new Set(["index.html"]);
    const queue = ["index.html"];
    // Redirect stubs (short links) are not among them: they are reached, but leave at once.
    const pages = new Set(await htmlPages());
    while (queue.length) {
      const current = queue.shift();
      if (!pages.has(current)) continue;
      await page.goto(server.url + current);
      const hrefs = await page.evaluate(() =>
        [...document.querySelectorAll("a[href]")].map((a) => a.href).filter((h) => h.startsWith(location.origin)),
      );
      for (const href of hrefs) {
        const relative = decodeURIComponent(new URL(href).pathname).slice(1);
        if (relative.endsWith(".html") && !seen.has(relative)) {
          seen.add(relative);
          queue.push(relative);
        }
      }
    }
    await context.close();
    // Embed views are for other systems to frame, not linked from the site.
    const all = (await htmlPages()).filter((p) => p !== "404.html" && !p.startsWith("embed/"));
    // A hidden page, and the generated pages for editors (in the navigation only when
    // `governance.status_page` / `changes_page` say so).
    const hidden = [
      "reference/facilitator-script-draft/index.html",
      "page-status/index.html",
      "what-changed/index.html",
    ];
    const missing = all.filter((p) => !seen.has(p) && !hidden.includes(p));
    assert.deepEqual(missing, []);
  });
});

describe("file://", () => {
  test("the site works opened from disk", async () => {
    const context = await browser.newContext();
    const page = await watchedPage(context);
    await page.goto(pathToFileURL(path.join(SITE, "index.html")).href);
    assert.ok((await page.title()).length > 0);
    const link = page.locator("#site-nav a").nth(2);
    await Promise.all([page.waitForNavigation(), link.click()]);
    assert.ok(page.url().startsWith("file:") && page.url().endsWith("index.html"), page.url());
    assert.ok(await page.locator("h1").isVisible());
    await page.locator(".theme-toggle").click();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "dark");
    assert.deepEqual(await problems(page), []);
    await context.close();
  });

  test("the page's own Content-Security-Policy holds there, where no server sends one", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(pathToFileURL(path.join(SITE, "index.html")).href);
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
    assert.ok(policy.startsWith("default-src 'self'"), policy);
    // A script written into the page (as raw HTML with `allow_raw_html` could) does not run.
    const ran = await page.evaluate(() => {
      const script = document.createElement("script");
      script.textContent = "window.neokitInjected = true";
      document.body.append(script);
      return window.neokitInjected === true;
    });
    assert.equal(ran, false);
    await context.close();
  });
});

describe("FAQ", () => {
  test("a link to a question opens it, also from disk", async () => {
    const { context, page } = await open("index.html");
    const question = await page.evaluate(async () => {
      const response = await fetch("faq/index.html");
      const doc = new DOMParser().parseFromString(await response.text(), "text/html");
      return [...doc.querySelectorAll("details.faq:not([open])")].map((d) => d.id)[1];
    });
    assert.ok(question, "the FAQ has a closed question");
    await page.goto(`${server.url}faq/index.html#${question}`);
    assert.equal(await page.evaluate((id) => document.getElementById(id).open, question), true);
    const file = await watchedPage(context);
    await file.goto(`${pathToFileURL(path.join(SITE, "faq", "index.html")).href}#${question}`);
    assert.equal(await file.evaluate((id) => document.getElementById(id).open, question), true);
    assert.deepEqual(await problems(file), []);
    await context.close();
  });

  test("expand all and collapse all", async () => {
    const { context, page } = await open("faq/index.html");
    const tools = page.locator(".faq-tools");
    assert.ok(await tools.isVisible());
    await tools.locator('[data-faq="open"]').click();
    assert.equal(await page.locator("details.faq:not([open])").count(), 0);
    await tools.locator('[data-faq="close"]').click();
    assert.equal(await page.locator("details.faq[open]").count(), 0);
    await context.close();
  });

  test("the page carries FAQPage structured data", async () => {
    const { context, page } = await open("faq/index.html");
    const data = JSON.parse(await page.locator('script[type="application/ld+json"]').textContent());
    assert.equal(data["@type"], "FAQPage");
    const questions = await page.locator("details.faq").count();
    assert.equal(data.mainEntity.length, questions);
    assert.ok(data.mainEntity.every((q) => q.name && q.acceptedAnswer.text));
    assert.deepEqual(await problems(page), []);
    await context.close();
  });
});
