// The archive's own behaviour, on top of Material: copy buttons for citations, and full-text
// search with Pagefind on the search page.
//
// Copy buttons: one labelled <button> per citation (Material's code-copy feature wraps each code
// block in an unnamed <nav>, which screen readers and axe cannot tell apart).
(function () {
  function copy(text, button) {
    var done = function () {
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = button.dataset.label; }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done);
      return;
    }
    var area = document.createElement("textarea");
    area.value = text;
    document.body.appendChild(area);
    area.select();
    document.execCommand("copy");
    area.remove();
    done();
  }
  function start() {
    document.querySelectorAll("pre.essay-cite__text").forEach(function (pre) {
      var label = pre.previousElementSibling;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button essay-cite__copy";
      button.dataset.label = "Copy";
      button.textContent = "Copy";
      button.setAttribute("aria-label", "Copy the " + (label ? label.textContent.trim() : "") + " citation");
      button.addEventListener("click", function () { copy(pre.textContent, button); });
      pre.insertAdjacentElement("afterend", button);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

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
    // Pagefind stores URLs from the site's root; the site may live under /REPO/.
    var siteRoot = new URL("../", script.src).pathname;
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = base + "pagefind-ui.css";
    document.head.appendChild(css);
    var ui = document.createElement("script");
    ui.src = base + "pagefind-ui.js";
    ui.onload = function () {
      new PagefindUI({
        element: "#pagefind-search",
        showSubResults: true,
        showImages: false,
        bundlePath: base,
        baseUrl: siteRoot,
      });
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
