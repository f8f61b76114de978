/* credgen site behaviour: catalogue filters (state kept in the URL) and the search page.
   Everything here is progressive enhancement: without JavaScript the catalogue is a plain list. */
(function () {
  "use strict";

  function matches(card, wanted) {
    return Object.keys(wanted).every(function (facet) {
      var values = (card.getAttribute("data-" + facet) || "").split(" ");
      return values.indexOf(wanted[facet]) !== -1;
    }) && offered(card, wanted);
  }

  // Region and mode together must be offered by one approved provider, not by two different ones.
  function offered(card, wanted) {
    if (!wanted.region || !wanted.mode) return true;
    var offers = (card.getAttribute("data-offer") || "").split(" ");
    return offers.indexOf(wanted.region + "/" + wanted.mode) !== -1;
  }

  function initCatalogue() {
    var form = document.getElementById("cg-filters");
    if (!form) return;
    var cards = Array.prototype.slice.call(document.querySelectorAll("#cg-results > li"));
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-facet]"));
    var count = document.getElementById("cg-count");
    var empty = document.getElementById("cg-empty");

    function apply(remember) {
      var wanted = {};
      var params = new URLSearchParams();
      selects.forEach(function (select) {
        if (select.value) {
          wanted[select.name] = select.value;
          params.set(select.name, select.value);
        }
      });
      var shown = 0;
      cards.forEach(function (card) {
        var ok = matches(card, wanted);
        card.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = "Showing " + shown + " of " + cards.length + " credential" + (cards.length === 1 ? "" : "s");
      empty.hidden = shown !== 0;
      if (remember) {
        var query = params.toString();
        history.replaceState(null, "", query ? "?" + query : location.pathname);
      }
    }

    var params = new URLSearchParams(location.search);
    selects.forEach(function (select) {
      var value = params.get(select.name);
      if (value && select.querySelector('option[value="' + CSS.escape(value) + '"]')) select.value = value;
    });
    form.hidden = false;
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(true); });
    document.querySelectorAll("#cg-filter-reset, #cg-empty a").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        selects.forEach(function (select) { select.value = ""; });
        apply(true);
        selects[0].focus();
      });
    });
    apply(false);
  }

  function initSearch() {
    var element = document.getElementById("cg-search");
    if (!element || typeof window.PagefindUI !== "function") return;
    var bundle = new URL(element.getAttribute("data-bundle"), location.href);
    var ui = new window.PagefindUI({
      element: "#cg-search",
      bundlePath: bundle.pathname,
      baseUrl: new URL("..", bundle).pathname,
      showSubResults: true,
      showImages: false,
      autofocus: true,
      translations: { placeholder: "Search credential specifications" }
    });
    // Pagefind labels its box only with a title; a label of its own reaches every screen reader.
    var input = element.querySelector("input");
    if (input) input.setAttribute("aria-label", "Search credential specifications");
    var query = new URLSearchParams(location.search).get("q");
    if (query) ui.triggerSearch(query);
  }

  initCatalogue();
  initSearch();
})();
