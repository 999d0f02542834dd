/* The preview's embed test page: frames the embed view of ?page= (a site folder) with
   ?theme=, and fits each frame to the height its page posts. */
(function () {
  var params = new URLSearchParams(location.search);
  var page = (params.get("page") || "").replace(/^\/+/, "");
  if (page && !/\/$/.test(page)) page += "/";
  var theme = params.get("theme");
  var query = theme === "light" || theme === "dark" ? "?theme=" + theme : "";
  var frames = Array.prototype.slice.call(document.querySelectorAll(".embed-test-frame"));
  frames.forEach(function (frame) { frame.src = "/embed/" + encodeURI(page) + "index.html" + query; });
  document.getElementById("embed-page").value = page;
  document.getElementById("embed-theme").value = query ? theme : "";
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.type !== "neokit:embed-height" || typeof data.height !== "number") return;
    frames.forEach(function (frame) {
      if (frame.contentWindow === event.source) frame.height = String(Math.max(80, Math.ceil(data.height)));
    });
  });
})();
