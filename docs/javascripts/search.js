// Full-text search with Pagefind, on the search page only. Pagefind's index and UI are written
// into site/pagefind/ after MkDocs builds the site (make site); they are loaded here, on demand,
// so no other page pays for them. Paths are relative to this script, so the site works under
// any subpath (GitHub Pages' /REPO/).
(function () {
  var script = document.currentScript;
  function start() {
    var target = document.getElementById("pagefind-search");
    if (!target || target.dataset.started) return;
    target.dataset.started = "1";
    var base = new URL("../pagefind/", script.src).href;
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = base + "pagefind-ui.css";
    document.head.appendChild(css);
    var ui = document.createElement("script");
    ui.src = base + "pagefind-ui.js";
    ui.onload = function () {
      new PagefindUI({ element: "#pagefind-search", showSubResults: true, showImages: false, bundlePath: base });
      var input = target.querySelector("input");
      var query = new URLSearchParams(window.location.search).get("q");
      if (input && query) {
        input.value = query;
        input.dispatchEvent(new Event("input"));
      }
    };
    ui.onerror = function () {
      target.textContent = "The search index is missing: it is built by `make site` (Pagefind), not by mkdocs serve.";
    };
    document.head.appendChild(ui);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
