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

// Print: an essay prints with its metadata, which the screen keeps under "About this essay".
(function () {
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.essay-about").forEach(function (details) { details.open = true; });
  });
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
  var EXCERPT_WORDS = 30; // Pagefind's own excerpt length

  // A result's snippet from the essay's text. Pagefind quotes the densest stretch of weighted
  // matches, and the title (data-pagefind-weight, so that it ranks above the text) would win
  // it whenever it holds a word of the query: the snippet is taken here from the matches after
  // the title and the deck, or, when only they matched, from the start of the text.
  function snippetFromText(result) {
    var split = function (text) { return text.split(/[\r\n\s]+/g); };
    var words = split(result.raw_content || "");
    // The indexed content starts with the title and the deck: the text comes after them.
    var heading = [result.meta.title || "", result.meta.deck || ""].join(" ").trim();
    var textStart = heading ? split(heading).length : 0;
    var inText = (result.weighted_locations || []).filter(function (w) { return w.location >= textStart; });
    // Pagefind matches words by their beginning ("a" finds "adults"), so the densest stretch can
    // be a scatter of short words: the snippet goes to the longest run of consecutive matches (a
    // phrase typed whole), then to the densest, and puts it in the middle of the snippet.
    var score = {};
    inText.forEach(function (w) { score[w.location] = (score[w.location] || 0) + w.balanced_score; });
    var locations = Object.keys(score).map(Number).sort(function (a, b) { return a - b; });
    var near = function (center) {
      var sum = 0;
      locations.forEach(function (l) { if (Math.abs(l - center) * 2 < EXCERPT_WORDS) sum += score[l]; });
      return sum;
    };
    var best = null;
    for (var i = 0; i < locations.length; i++) {
      var end = i;
      while (end + 1 < locations.length && locations[end + 1] === locations[end] + 1) end++;
      var run = { first: locations[i], length: end - i + 1 };
      run.density = near(run.first + (run.length - 1) / 2);
      if (!best || run.length > best.length || (run.length === best.length && run.density > best.density)) {
        best = run;
      }
      i = end;
    }
    var start = textStart;
    if (best) start = Math.max(textStart, best.first - Math.floor((EXCERPT_WORDS - best.length) / 2));
    // A match near the end still gets a full snippet, from further back.
    start = Math.max(textStart, Math.min(start, words.length - EXCERPT_WORDS));
    var marked = new Set(result.locations || []);
    var shown = words.slice(start, start + EXCERPT_WORDS).map(function (word, i) {
      return marked.has(start + i) ? "<mark>" + word + "</mark>" : word;
    });
    var before = start > textStart ? "… " : "";
    var after = start + EXCERPT_WORDS < words.length ? " …" : "";
    result.excerpt = before + shown.join(" ") + after;
    delete result.meta.deck; // read above; Pagefind's UI would show it as a tag under the result
    return result;
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
          // Filters (author, event, topic, year) come from the pages' data-pagefind-filter
          // attributes; a result's snippet comes from the essay's own text (data-pagefind-body).
          showSubResults: false,
          showImages: false,
          showEmptyFilters: false,
          bundlePath: first,
          baseUrl: siteRoot,
          mergeIndex: others,
          translations: { placeholder: "Search the essays and events" },
          processResult: snippetFromText,
        });
        var input = target.querySelector("input");
        if (input) {
          // A visible label (WCAG 3.3.2; axe's label-title-only): Pagefind's box has a placeholder only.
          input.id = "archive-search-input";
          var label = document.createElement("label");
          label.htmlFor = input.id;
          label.className = "archive-search__label";
          label.textContent = "Search the essays and events";
          target.insertAdjacentElement("beforebegin", label);
        }
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
