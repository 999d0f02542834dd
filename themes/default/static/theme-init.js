/* Runs before the page is drawn: marks that JavaScript works and applies a saved colour scheme. */
(function () {
  var root = document.documentElement;
  root.classList.add("js");
  try {
    var saved = localStorage.getItem("neokit-theme");
    if (saved === "dark" || saved === "light") root.setAttribute("data-theme", saved);
  } catch (e) { /* storage may be blocked; the system setting applies */ }
})();
