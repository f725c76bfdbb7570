// The root page sends a visitor to the best locale for their browser
// languages. The table was computed at build time with the same language
// matching a server would use; without this script the page is a plain
// list of the languages.
(function () {
  "use strict";
  var table = {};
  try { table = JSON.parse(document.body.getAttribute("data-langs") || "{}"); } catch (e) { return; }
  var available = {};
  Array.prototype.forEach.call(document.querySelectorAll(".language-list a[data-locale]"), function (a) {
    available[a.getAttribute("data-locale")] = a.getAttribute("href");
    a.addEventListener("click", function () {
      try { window.localStorage.setItem("kbc-locale", a.getAttribute("data-locale")); } catch (e) { /* ignore */ }
    });
  });

  function lookup(tag) {
    var parts = tag.toLowerCase().split("-");
    while (parts.length > 0) {
      var hit = table[parts.join("-")];
      if (hit && available[hit]) { return hit; }
      parts.pop();
    }
    return null;
  }

  var chosen = null;
  try { chosen = window.localStorage.getItem("kbc-locale"); } catch (e) { /* ignore */ }
  if (!chosen || !available[chosen]) {
    chosen = null;
    var langs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""];
    for (var i = 0; i < langs.length && !chosen; i++) {
      if (langs[i]) { chosen = lookup(langs[i]); }
    }
  }
  if (!chosen) {
    // No confident match: the default locale, listed first, as a
    // server-side matcher would answer.
    var first = document.querySelector(".language-list a[data-locale]");
    chosen = first && first.getAttribute("data-locale");
  }
  if (chosen) {
    window.location.replace(available[chosen]);
  }
})();
