// The article page's evidence, made quicker to read; the page works without this file.
// Hovering or focusing a person, place or country in the sidebar lights every mark of it in the title
// and body; a click on its count pins it (the link still jumps to the first mark); Escape unpins.
// Hovering a mark in the text lights the values it counted for. Keys are ASCII ("person-0"), never text.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var KEY = /^[a-z]+-[0-9]+$/;
  var pinned = null;
  var keysOf = function (el) {
    return (el.getAttribute("data-entity") || "").split(/\s+/).filter(function (k) { return KEY.test(k); });
  };
  var each = function (key, fn) {
    document.querySelectorAll('[data-entity~="' + key + '"]').forEach(fn);
  };
  var light = function (keys, on) {
    keys.forEach(function (key) {
      each(key, function (el) { el.classList.toggle("lit", on || key === pinned); });
    });
  };
  var pin = function (key) {
    var old = pinned;
    pinned = key;
    if (old) { each(old, function (el) { el.classList.remove("lit", "pinned"); }); }
    if (key) { each(key, function (el) { el.classList.add("lit", "pinned"); }); }
  };
  var targets = document.querySelectorAll(".sidebar [data-entity], .article mark.ent[data-entity]");
  targets.forEach(function (el) {
    var keys = keysOf(el);
    var on = function () { light(keys, true); };
    var off = function () { light(keys, false); };
    el.addEventListener("mouseenter", on);
    el.addEventListener("mouseleave", off);
    el.addEventListener("focus", on);
    el.addEventListener("blur", off);
  });
  document.querySelectorAll(".sidebar a.evidence[data-entity]").forEach(function (a) {
    a.addEventListener("click", function () {
      var key = keysOf(a)[0];
      pin(key === pinned ? null : key);
    });
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && pinned) { pin(null); }
  });
});
