/* neokit serve: reloads the page when the kit changes, shows build problems over it, and a
 * badge with the warnings of this page and of the whole kit. Added to pages only by the
 * preview server; built sites never contain it.
 *
 * One connection for all tabs: browsers allow six connections to a host, and each open
 * event stream holds one. The tab that holds the "neokit-livereload" lock listens and passes
 * every event to the other tabs over a BroadcastChannel; when it closes, another tab takes
 * the lock. Without those APIs each tab listens while it is visible. */
(function () {
  "use strict";
  var script = document.currentScript;
  var version = Number(script && script.getAttribute("data-version")) || 0;
  var key = "neokit-scroll:" + location.pathname;
  var saved = null;
  try { saved = sessionStorage.getItem(key); sessionStorage.removeItem(key); } catch (e) { /* private mode */ }
  if (saved !== null) {
    var restore = function () { window.scrollTo(0, Number(saved)); };
    if (document.readyState === "complete") restore(); else window.addEventListener("load", restore);
  }

  var style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = "/_neokit/livereload.css";
  document.head.appendChild(style);

  function text(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content) node.textContent = content;
    return node;
  }

  function problemItem(problem) {
    var item = text("li", "neokit-problem neokit-" + problem.severity);
    var head = document.createElement("p");
    head.appendChild(text("strong", "", problem.location || ""));
    head.appendChild(document.createTextNode((problem.location ? " " : "") + problem.severity + ": " + problem.message));
    item.appendChild(head);
    if (problem.source) item.appendChild(text("pre", "", problem.source));
    if (problem.help) item.appendChild(text("p", "neokit-help", "help: " + problem.help));
    return item;
  }

  function problemList(problems) {
    var list = text("ul", "neokit-problem-list");
    problems.forEach(function (problem) { list.appendChild(problemItem(problem)); });
    return list;
  }

  /* A failed build: the problems over the last good page. */
  var overlay = null;
  function hideOverlay() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  function showOverlay(problems) {
    hideOverlay();
    overlay = text("div");
    overlay.id = "neokit-problems";
    overlay.setAttribute("role", "alert");
    var box = text("div", "neokit-problems-box");
    box.appendChild(text("h2", "", "The last change could not be built"));
    box.appendChild(text("p", "", "This page shows the last good version. Fix the problem below and save: the page updates by itself."));
    box.appendChild(problemList(problems));
    var close = text("button", "", "Hide");
    close.type = "button";
    close.addEventListener("click", hideOverlay);
    box.appendChild(close);
    overlay.appendChild(box);
    document.body.appendChild(overlay);
  }

  /* A good build with warnings: a small badge that opens the list. */
  var badge = null;
  var dismissed = false;
  function here() {
    var path = decodeURIComponent(location.pathname).replace(/^\//, "").replace(/index\.html$/, "");
    return path;
  }
  function showBadge(problems) {
    if (badge) { badge.remove(); badge = null; }
    if (dismissed || !problems.length) return;
    var mine = problems.filter(function (p) { return p.page === here(); });
    badge = text("div");
    badge.id = "neokit-badge";
    var toggle = text("button", "neokit-badge-toggle");
    toggle.type = "button";
    toggle.setAttribute("aria-expanded", "false");
    var label = mine.length === 1 ? "1 problem on this page" : mine.length + " problems on this page";
    label += " · " + problems.length + " in the kit";
    toggle.textContent = label;
    var dismiss = text("button", "neokit-badge-dismiss", "×");
    dismiss.type = "button";
    dismiss.setAttribute("aria-label", "Hide the problems until the next change");
    var panel = text("div", "neokit-badge-panel");
    panel.hidden = true;
    panel.id = "neokit-badge-panel";
    toggle.setAttribute("aria-controls", panel.id);
    if (mine.length) {
      panel.appendChild(text("h2", "", "On this page"));
      panel.appendChild(problemList(mine));
    }
    var others = problems.filter(function (p) { return p.page !== here(); });
    if (others.length) {
      panel.appendChild(text("h2", "", mine.length ? "Elsewhere in the kit" : "In the kit"));
      panel.appendChild(problemList(others));
    }
    toggle.addEventListener("click", function () {
      panel.hidden = !panel.hidden;
      toggle.setAttribute("aria-expanded", String(!panel.hidden));
    });
    dismiss.addEventListener("click", function () {
      dismissed = true;
      badge.remove();
      badge = null;
    });
    badge.appendChild(toggle);
    badge.appendChild(dismiss);
    badge.appendChild(panel);
    document.body.appendChild(badge);
  }

  /* The preview server stopped (terminal closed, crash): say so over the page, and reload
   * by itself once it is back. */
  var stopped = null;
  function showStopped() {
    if (stopped) return;
    stopped = text("div");
    stopped.id = "neokit-stopped";
    stopped.setAttribute("role", "alert");
    stopped.appendChild(text("strong", "", "Preview stopped: "));
    stopped.appendChild(document.createTextNode("run "));
    stopped.appendChild(text("code", "", "neokit serve"));
    stopped.appendChild(document.createTextNode(" again. This page shows the last version it had, and updates by itself once the preview is back."));
    document.body.appendChild(stopped);
  }

  var reloading = false;
  function reload() {
    if (reloading) return;
    reloading = true;
    try { sessionStorage.setItem(key, String(window.scrollY)); } catch (e) { /* still reload */ }
    location.reload();
  }

  /* What every tab does with an event, whoever received it. */
  function handle(name, data) {
    if (reloading) return;
    if (name === "stopped") {
      showStopped();
    } else if (name === "back") {
      reload();
    } else if (name === "reload") {
      if (Number(data) > version) reload();
    } else if (name === "problems") {
      showOverlay(JSON.parse(data));
    } else if (name === "ok") {
      hideOverlay();
      var status = data ? JSON.parse(data) : { version: version, problems: [] };
      if (status.version > version) { reload(); return; }
      showBadge(status.problems || []);
    }
  }

  var channel = "BroadcastChannel" in window ? new BroadcastChannel("neokit-livereload") : null;
  var last = null;
  function tell(name, data) {
    if (name !== "reload" && name !== "back") last = { name: name, data: data };
    if (channel) channel.postMessage({ name: name, data: data });
    handle(name, data);
  }
  /* A lost connection is the server stopping once it has not come back within two seconds;
   * the browser keeps trying to reconnect (and this script, when the browser gives up). */
  var lost = false;
  var stopTimer = null;
  function listen() {
    var source = new EventSource("/_neokit/livereload");
    ["reload", "problems", "ok"].forEach(function (name) {
      source.addEventListener(name, function (event) { tell(name, event.data); });
    });
    source.addEventListener("open", function () {
      clearTimeout(stopTimer);
      stopTimer = null;
      if (lost) tell("back", "");
    });
    source.addEventListener("error", function () {
      if (!stopTimer && !lost) {
        stopTimer = setTimeout(function () { lost = true; tell("stopped", ""); }, 2000);
      }
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        setTimeout(function () { if (!reloading && current === source) current = listen(); }, 2000);
      }
    });
    return source;
  }
  var current = null;

  if (channel && navigator.locks) {
    var leading = false;
    channel.onmessage = function (event) {
      var message = event.data || {};
      if (message.hello) {
        if (leading && last) channel.postMessage(last);
        return;
      }
      handle(message.name, message.data);
    };
    navigator.locks.request("neokit-livereload", function () {
      leading = true;
      current = listen();
      return new Promise(function () { /* held until this page goes away */ });
    });
    channel.postMessage({ hello: true });
  } else {
    var open = function () { if (!current) current = listen(); };
    var close = function () { if (current) { current.close(); current = null; } };
    document.addEventListener("visibilitychange", function () { if (document.hidden) close(); else open(); });
    window.addEventListener("pagehide", close);
    window.addEventListener("pageshow", function () { if (!document.hidden) open(); });
    if (!document.hidden) open();
  }
})();
