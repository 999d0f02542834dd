/* The 404 page. A web server sends it for any missing address of the site, at any depth, so
   the page cannot know where the site's root is. This script can: it was loaded from
   <root>_neokit/not-found.js. It adds the styles, points the page's links and logo at the
   root, and offers the existing page closest to the address asked for. Without it the page
   stays plain and readable. */
(function () {
  var script = document.currentScript;
  if (!script || window.NEOKIT_NOT_FOUND) return; // an earlier candidate found the root
  window.NEOKIT_NOT_FOUND = true;
  var html = document.documentElement;
  var root = new URL("../", script.src).href; // <root>_neokit/not-found.js -> <root>
  var rootUnknown = html.hasAttribute("data-root-unknown");

  if (rootUnknown) {
    // Still in <head>: styles written here block drawing like those written in the page.
    var favicon = html.getAttribute("data-favicon");
    document.write(
      (favicon ? '<link rel="icon" href="' + root + favicon + '">' : "") +
      '<link rel="stylesheet" href="' + root + '_neokit/neokit.css">' +
      '<link rel="stylesheet" href="' + root + '_neokit/brand.css">'
    );
    html.classList.add("js");
    try {
      var saved = localStorage.getItem("neokit-theme");
      if (saved === "dark" || saved === "light") html.setAttribute("data-theme", saved);
    } catch (e) { /* storage may be blocked; the system setting applies */ }
    html.setAttribute("data-root", root);
  }

  /** A link written from the site's root, pointed at it. */
  function fromRoot(value) {
    return /^([a-z][a-z0-9+.-]*:|\/|#)/i.test(value) ? value : new URL(value, root).href;
  }

  /** A path made comparable: no index.html, .html or .md, README, case or trailing slash. */
  function normalize(path) {
    return path
      .toLowerCase()
      .replace(/(^|\/)(index\.html?|readme\.md)$/, "$1")
      .replace(/\.(html?|md)$/, "")
      .replace(/\/+/g, "/")
      .replace(/^\/|\/$/g, "");
  }

  function distance(a, b) {
    if (a === b) return 0;
    var previous = [], current, i, j;
    for (j = 0; j <= b.length; j++) previous.push(j);
    for (i = 1; i <= a.length; i++) {
      current = [i];
      for (j = 1; j <= b.length; j++) {
        current.push(Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
      }
      previous = current;
    }
    return previous[b.length];
  }

  function last(path) {
    return path.slice(path.lastIndexOf("/") + 1);
  }

  /** The page of the navigation closest to `asked` (a path from the root), if one is close. */
  function closest(asked, sections) {
    var pages = [];
    (function walk(items) {
      (items || []).forEach(function (item) {
        if (item.h && !item.x && !/#/.test(item.h)) pages.push({ href: item.h, title: item.l, key: normalize(decodeURIComponent(item.h)) });
        walk(item.c);
      });
    })([].concat.apply([], sections.map(function (s) { return s.i; })));
    var best = null;
    pages.forEach(function (page) {
      var whole = distance(asked, page.key);
      // A page that moved to another folder keeps its name.
      var name = last(asked) && last(asked) === last(page.key) ? 1 : distance(last(asked), last(page.key)) + 2;
      var score = Math.min(whole, name);
      if (!best || score < best.score) best = { page: page, score: score };
    });
    var limit = Math.max(2, Math.floor(asked.length / 3));
    return best && best.score <= limit ? best.page : null;
  }

  function suggest() {
    var box = document.querySelector(".not-found-suggestion");
    var nav = window.NEOKIT_NAV;
    if (!box || !nav) return;
    var here = location.href.split(/[?#]/)[0];
    if (here.indexOf(root) !== 0) return;
    var asked;
    try { asked = normalize(decodeURIComponent(here.slice(root.length))); } catch (e) { return; }
    if (!asked || asked === "404") return;
    var page = closest(asked, nav.sections || []);
    if (!page) return;
    var link = box.querySelector("a");
    link.href = new URL(page.href, root).href;
    link.textContent = page.title;
    box.hidden = false;
  }

  function ready() {
    if (rootUnknown) {
      document.querySelectorAll("a[href]").forEach(function (a) {
        a.setAttribute("href", fromRoot(a.getAttribute("href")));
      });
      document.querySelectorAll("img[data-src]").forEach(function (img) {
        img.src = fromRoot(img.getAttribute("data-src"));
      });
    }
    var nav = document.createElement("script");
    nav.src = root + "_neokit/nav.js";
    nav.onload = suggest;
    document.head.appendChild(nav);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
