// The pages that are in no one language choose the reader's: the root
// page sends a visitor to the best locale for their browser languages, and
// the page for addresses that lead nowhere, which says so in every
// language, puts the reader's first. The table was computed at build time
// with the same language matching a server would use; without this script
// the root page is a plain list of the languages, and the 404 page has
// them in the site's order.
(function () {
  "use strict";
  var LOCALE_KEY = "kbc-locale";
  var table = {};
  try { table = JSON.parse(document.body.getAttribute("data-langs") || "{}"); } catch (e) { return; }

  function lookup(tag, available) {
    var parts = tag.toLowerCase().split("-");
    while (parts.length > 0) {
      var hit = table[parts.join("-")];
      if (hit && available[hit]) { return hit; }
      parts.pop();
    }
    return null;
  }

  // readersLanguage returns the locale of available (a locale -> value
  // map) the reader chose before, else the best for the browser's
  // languages, else null.
  function readersLanguage(available) {
    var chosen = null;
    try { chosen = window.localStorage.getItem(LOCALE_KEY); } catch (e) { /* ignore */ }
    if (chosen && available[chosen]) { return chosen; }
    var langs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""];
    for (var i = 0; i < langs.length; i++) {
      var hit = langs[i] && lookup(langs[i], available);
      if (hit) { return hit; }
    }
    return null;
  }

  function chooseForRoot() {
    var available = {};
    Array.prototype.forEach.call(document.querySelectorAll(".language-list a[data-locale]"), function (a) {
      available[a.getAttribute("data-locale")] = a.getAttribute("href");
      a.addEventListener("click", function () {
        try { window.localStorage.setItem(LOCALE_KEY, a.getAttribute("data-locale")); } catch (e) { /* ignore */ }
      });
    });
    var chosen = readersLanguage(available);
    if (!chosen) {
      // No confident match: the default locale, listed first, as a
      // server-side matcher would answer.
      var first = document.querySelector(".language-list a[data-locale]");
      chosen = first && first.getAttribute("data-locale");
    }
    if (chosen) {
      window.location.replace(available[chosen]);
    }
  }

  // notFound sends an address with an article's id written as readers
  // copy it, KB2269, to the article's folder, kb2269; else it puts first
  // the message in the language folder the address names, else in the
  // reader's language.
  function notFound() {
    var path = window.location.pathname.replace(/\/(kb[0-9]+)(?=\/|$)/gi, function (m) { return m.toLowerCase(); });
    if (path !== window.location.pathname) {
      window.location.replace(path + window.location.search + window.location.hash);
      return;
    }
    var entries = document.querySelectorAll("section.not-found[lang]");
    var available = {};
    Array.prototype.forEach.call(entries, function (e) { available[e.getAttribute("lang")] = e; });
    var want = window.location.pathname.split("/").filter(function (s) { return available[s]; })[0] || readersLanguage(available);
    var first = want && available[want];
    if (!first || first === entries[0]) { return; }
    entries[0].parentNode.insertBefore(first, entries[0]);
    // The page takes the language of its first message, and its
    // direction, which the template wrote on the message; the rest of the
    // page (the skip link, the header, the footer) keeps the language it
    // is written in, said on each, for a screen reader to read it so.
    var html = document.documentElement;
    var lang = html.lang, dir = html.dir || "ltr";
    Array.prototype.forEach.call(document.body.children, function (el) {
      if (el.querySelector("section.not-found") || el.tagName === "SCRIPT") { return; }
      if (!el.hasAttribute("lang")) { el.setAttribute("lang", lang); }
      if (!el.hasAttribute("dir")) { el.setAttribute("dir", dir); }
    });
    html.lang = want;
    if (first.dir) { html.dir = first.dir; }
  }

  if (document.body.hasAttribute("data-not-found")) {
    notFound();
  } else {
    chooseForRoot();
  }
})();
