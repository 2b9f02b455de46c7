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
// so no other page pays for them. The index is in shards (tools/search_index.py indexes a fixed
// number of pages per Pagefind run, so its memory does not grow with the archive):
// pagefind/shards.json lists the bundles; the first one serves the UI and the others are merged
// into it with Pagefind's mergeIndex, so one query searches them all and ranks across them.
// Paths are relative to this script, so the site works under any subpath (GitHub Pages' /REPO/).
(function () {
  var script = document.currentScript;
  var MISSING = "The search index is missing: it is built by `make site` (Pagefind), not by mkdocs serve.";
  function load(tag, attributes) {
    return new Promise(function (resolve, reject) {
      var element = document.createElement(tag);
      Object.keys(attributes).forEach(function (name) { element[name] = attributes[name]; });
      element.onload = resolve;
      element.onerror = reject;
      document.head.appendChild(element);
    });
  }
  function shards(base) {
    return fetch(base + "shards.json").then(function (response) {
      if (!response.ok) throw new Error(MISSING);
      return response.json();
    });
  }
  function start() {
    var target = document.getElementById("pagefind-search");
    if (!target || target.dataset.started) return;
    target.dataset.started = "1";
    var base = new URL("../pagefind/", script.src).href;
    var first = base + "shard-0/";
    // Pagefind stores URLs from the site's root; the site may live under /REPO/.
    var siteRoot = new URL("../", script.src).pathname;
    // A missing stylesheet means a missing index: the script below fails too and says so.
    load("link", { rel: "stylesheet", href: first + "pagefind-ui.css" }).catch(function () {});
    // The list of shards and the UI are fetched at once: shard-0 always holds the UI. Only their
    // failure means a missing index; an error in the UI itself stays an error (in the console).
    Promise.all([shards(base), load("script", { src: first + "pagefind-ui.js" })]).then(
      function (results) {
        var others = results[0].bundles.slice(1).map(function (bundle) {
          return { bundlePath: base + bundle, baseUrl: siteRoot };
        });
        new PagefindUI({
          element: "#pagefind-search",
          showSubResults: true,
          showImages: false,
          bundlePath: first,
          baseUrl: siteRoot,
          mergeIndex: others,
        });
        var input = target.querySelector("input");
        var query = new URLSearchParams(window.location.search).get("q");
        if (input && query) {
          input.value = query;
          input.dispatchEvent(new Event("input"));
        }
      },
      function () { target.textContent = MISSING; }
    );
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
