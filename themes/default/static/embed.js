/* The embed view of a page (embed/<page>/index.html), run before it is drawn: the colour
   scheme the host asks for (?theme=light or ?theme=dark, else the system's), the link to the
   full page hidden inside a frame, and the page's height posted to the host page
   ({ type: "neokit:embed-height", height }) so that its frame can fit the page. */
(function () {
  var root = document.documentElement;
  root.classList.add("js");
  var asked = /[?&]theme=(light|dark)(?:&|$)/.exec(location.search);
  if (asked) root.setAttribute("data-theme", asked[1]);
  var framed;
  try { framed = window.self !== window.top; } catch (e) { framed = true; }
  if (!framed) return;
  root.classList.add("is-framed");
  var last = -1;
  function post() {
    var body = document.body;
    if (!body) return;
    var style = getComputedStyle(body);
    var height = Math.ceil(body.getBoundingClientRect().height + parseFloat(style.marginTop) + parseFloat(style.marginBottom));
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "neokit:embed-height", height: height }, "*");
  }
  document.addEventListener("DOMContentLoaded", function () {
    post();
    if (window.ResizeObserver) new ResizeObserver(post).observe(document.body);
    window.addEventListener("load", post);
  });
})();
