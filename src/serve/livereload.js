/* neokit serve: reloads the page when the kit changes and shows build problems over it.
 * Added to pages only by the preview server; built sites never contain it. */
(function () {
  "use strict";
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

  var overlay = null;
  function hide() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  function show(problems) {
    hide();
    overlay = document.createElement("div");
    overlay.id = "neokit-problems";
    overlay.setAttribute("role", "alert");
    var box = document.createElement("div");
    box.className = "neokit-problems-box";
    var title = document.createElement("h2");
    title.textContent = "The last change could not be built";
    var note = document.createElement("p");
    note.textContent = "This page shows the last good version. Fix the problem below and save: the page updates by itself.";
    box.appendChild(title);
    box.appendChild(note);
    problems.forEach(function (problem) {
      var item = document.createElement("div");
      item.className = "neokit-problem neokit-" + problem.severity;
      var head = document.createElement("p");
      var where = document.createElement("strong");
      where.textContent = problem.location || "";
      head.appendChild(where);
      head.appendChild(document.createTextNode((problem.location ? " " : "") + problem.severity + ": " + problem.message));
      item.appendChild(head);
      if (problem.source) {
        var code = document.createElement("pre");
        code.textContent = problem.source;
        item.appendChild(code);
      }
      if (problem.help) {
        var help = document.createElement("p");
        help.className = "neokit-help";
        help.textContent = "help: " + problem.help;
        item.appendChild(help);
      }
      box.appendChild(item);
    });
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide";
    close.addEventListener("click", hide);
    box.appendChild(close);
    overlay.appendChild(box);
    document.body.appendChild(overlay);
  }

  var source = new EventSource("/_neokit/livereload");
  source.addEventListener("reload", function () {
    try { sessionStorage.setItem(key, String(window.scrollY)); } catch (e) { /* still reload */ }
    location.reload();
  });
  source.addEventListener("problems", function (event) { show(JSON.parse(event.data)); });
  source.addEventListener("ok", hide);
})();
