// Progressive help only: every feature of the pages works without this file.
// The facet filter box narrows the list as you type; the form still submits to the server.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var fold = function (s) {
    return s.normalize("NFKD").replace(/[\u064B-\u065F\u0670\u0640]/g, "")
      .replace(/[\u0622\u0623\u0625\u0671]/g, "\u0627").replace(/\u0649/g, "\u064A")
      .replace(/\u0629/g, "\u0647").toLowerCase();
  };
  document.querySelectorAll("input[data-filter-list]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("data-filter-list"));
    if (!list) { return; }
    input.addEventListener("input", function () {
      var needle = fold(input.value.trim());
      list.querySelectorAll("li").forEach(function (li) {
        var text = fold(li.querySelector(".facet-include").textContent);
        li.hidden = needle !== "" && text.indexOf(needle) === -1 && !li.classList.contains("selected");
      });
    });
  });
});

// The filter panel (a <details>) is a plain sidebar on a desk: open it there for browsers that do not know
// ::details-content (style.css does it for the others) and follow the window across the breakpoint.
document.addEventListener("DOMContentLoaded", function () {
  var desk = window.matchMedia("(min-width: 50.01rem)");
  var panels = document.querySelectorAll("details.filters-panel");
  var follow = function () { panels.forEach(function (d) { if (desk.matches) { d.open = true; } }); };
  follow();
  desk.addEventListener("change", follow);
});
