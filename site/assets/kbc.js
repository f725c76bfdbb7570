// Platform tabs, the remembered platform choice (the device's when none
// is) and the remembered language choice, which keeps the reader's place;
// the language menu closes as menus do; the list of an
// article's parts is open where the stylesheet shows it beside the
// article. Without this script every branch is shown in order under its
// heading, which is a complete page, and a label outside the tabs that
// differs from one branch to another (a figure's number) shows its first
// branch's.
(function () {
  "use strict";
  var PLATFORM_KEY = "kbc-platform";
  var LOCALE_KEY = "kbc-locale";

  function stored(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  function store(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* private mode */ }
  }

  var groups = [];
  // revealed is the branch a link into it showed, or null.
  var revealed = null;

  function select(group, platform, focus) {
    var found = false;
    group.tabs.forEach(function (tab) {
      var on = tab.getAttribute("data-platform") === platform;
      found = found || on;
      tab.setAttribute("aria-selected", on ? "true" : "false");
      tab.tabIndex = on ? 0 : -1;
      var panel = document.getElementById(tab.getAttribute("aria-controls"));
      if (panel) { panel.hidden = !on; }
      if (on && focus) { tab.focus(); }
    });
    return found;
  }

  // views are the branches a reader may choose on this page, the
  // default first, as the article names them.
  function views() {
    var article = document.querySelector("article[data-platforms]");
    return article ? article.getAttribute("data-platforms").split(" ") : [];
  }

  // selectEverywhere shows the chosen branch in every group of tabs that
  // has it, and the first tab of a group that does not, and the labels
  // of that branch: the page then reads as kbc numbered it for a reader
  // of that branch.
  function selectEverywhere(platform) {
    groups.forEach(function (g) {
      if (!select(g, platform, false)) {
        select(g, g.tabs[0].getAttribute("data-platform"), false);
      }
    });
    Array.prototype.forEach.call(document.querySelectorAll(".by-platform"), function (set) {
      var variants = Array.prototype.slice.call(set.children);
      var want = variants.some(function (v) { return v.getAttribute("data-platform") === platform; }) ?
        platform : variants[0].getAttribute("data-platform");
      variants.forEach(function (v) { v.hidden = v.getAttribute("data-platform") !== want; });
    });
  }

  function setUp(root) {
    var list = root.querySelector("[role=tablist]");
    if (!list) { return; }
    var tabs = Array.prototype.slice.call(list.querySelectorAll("[role=tab]"));
    if (tabs.length === 0) { return; }
    var group = { root: root, tabs: tabs };
    groups.push(group);
    list.hidden = false;
    root.classList.add("tabbed");
    tabs.forEach(function (tab, i) {
      var panel = document.getElementById(tab.getAttribute("aria-controls"));
      if (panel) {
        panel.setAttribute("role", "tabpanel");
        panel.setAttribute("aria-labelledby", tab.id);
        panel.tabIndex = 0;
      }
      tab.addEventListener("click", function () {
        var p = tab.getAttribute("data-platform");
        store(PLATFORM_KEY, p);
        revealed = null;
        selectEverywhere(p);
      });
      tab.addEventListener("keydown", function (ev) {
        var next = null;
        // The arrows move as the tabs are laid out: right to left, the
        // next tab is on the left.
        var key = ev.key;
        if (getComputedStyle(list).direction === "rtl" && (key === "ArrowLeft" || key === "ArrowRight")) {
          key = key === "ArrowLeft" ? "ArrowRight" : "ArrowLeft";
        }
        switch (key) {
          case "ArrowRight": case "ArrowDown": next = tabs[(i + 1) % tabs.length]; break;
          case "ArrowLeft": case "ArrowUp": next = tabs[(i - 1 + tabs.length) % tabs.length]; break;
          case "Home": next = tabs[0]; break;
          case "End": next = tabs[tabs.length - 1]; break;
          default: return;
        }
        ev.preventDefault();
        var p = next.getAttribute("data-platform");
        store(PLATFORM_KEY, p);
        revealed = null;
        selectEverywhere(p);
        next.focus();
      });
    });
  }

  // copyInShownBranch returns, for the anchor that marks the first copy
  // of a step shared by several branches, the copy of that step in the
  // branch the reader has chosen, or null.
  function copyInShownBranch(el, id) {
    if (!el.classList.contains("anchor")) { return null; }
    var group = el.closest("[data-tabs]");
    if (!group) { return null; }
    var shown = group.querySelector("[role=tabpanel]:not([hidden])");
    if (!shown) { return null; }
    var copy = document.getElementById("_step_" + id + "_" + shown.getAttribute("data-platform"));
    return copy && shown.contains(copy) ? copy : null;
  }

  // A link to a step or figure inside a hidden branch shows that branch;
  // a link to a step that every branch shares stays in the reader's branch.
  function reveal() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!id) { return; }
    var el = document.getElementById(id);
    if (!el) { return; }
    var copy = copyInShownBranch(el, id);
    if (copy) {
      copy.scrollIntoView();
      return;
    }
    var panel = el.closest("[role=tabpanel]");
    if (panel && panel.hidden) {
      revealed = panel.getAttribute("data-platform");
      selectEverywhere(revealed);
      el.scrollIntoView();
    }
    if (el.tagName === "DETAILS") { el.open = true; }
  }

  // The language menu closes on Escape, on a click elsewhere and when
  // the focus leaves it, where it would cover what has the focus.
  function setUpMenu(menu) {
    document.addEventListener("click", function (ev) {
      if (menu.open && !menu.contains(ev.target)) { menu.open = false; }
    });
    menu.addEventListener("focusout", function (ev) {
      if (menu.open && ev.relatedTarget && !menu.contains(ev.relatedTarget)) { menu.open = false; }
    });
    menu.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape" && menu.open) {
        menu.open = false;
        menu.querySelector("summary").focus();
      }
    });
    // The list hangs from the end of its summary, at the header's end;
    // where the header wraps (a narrow screen, wide text spacing) and the
    // summary is near the other edge, it would reach past the window's
    // edge: it then hangs from the summary's start instead.
    menu.addEventListener("toggle", function () {
      var list = menu.querySelector("ul");
      menu.classList.remove("menu-from-start");
      if (!menu.open || !list) { return; }
      var box = list.getBoundingClientRect();
      if (box.left < 0 || box.right > document.documentElement.clientWidth) {
        menu.classList.add("menu-from-start");
      }
    });
  }

  // On a wide screen the list of parts is shown beside the article
  // whether or not it is open: say it is, for assistive technology, and
  // keep it so; its summary, which then toggles nothing, is a label out
  // of the tab order.
  function setUpContents(toc) {
    var wide = window.matchMedia("(min-width: 60rem)");
    var summary = toc.querySelector("summary");
    if (!summary) { return; } // a theme's list of parts that does not fold
    function follow() {
      if (wide.matches) {
        toc.open = true;
        summary.setAttribute("tabindex", "-1");
      } else {
        summary.removeAttribute("tabindex");
      }
    }
    follow();
    toc.addEventListener("toggle", function () {
      if (wide.matches && !toc.open) { toc.open = true; }
    });
    if (wide.addEventListener) { wide.addEventListener("change", follow); }
  }

  // devicePlatform is the branch of a reader who has chosen none: the
  // one of the device, for the platforms kb.yaml names as kbc init
  // writes them, else the article's first.
  function devicePlatform(choice) {
    var ua = navigator.userAgent;
    if (choice.indexOf("ios") >= 0 && /iPhone|iPad|iPod/.test(ua)) { return "ios"; }
    if (choice.indexOf("android") >= 0 && /Android/.test(ua)) { return "android"; }
    return choice[0];
  }

  // Another language of the page keeps the reader's place in it: the
  // part the address points to now (ids are the same in every language)
  // and the branch a link into it showed, which the reader did not choose
  // with a tab, as a choice; a choice made with a tab is stored already.
  function switchLanguage(a) {
    store(LOCALE_KEY, a.getAttribute("data-locale"));
    if (revealed) { store(PLATFORM_KEY, revealed); }
    a.hash = window.location.hash;
  }

  // A retired article's page forwards to its replacement, the part of the
  // page the address names with it: a search engine's link into a part
  // of the retired page then lands on that part of the replacement, where
  // it has one, as links from the knowledge base do.
  function forwardWithFragment() {
    var meta = document.querySelector('meta[http-equiv="refresh"]');
    var m = meta && /url=(.*)$/i.exec(meta.getAttribute("content") || "");
    if (!m || !window.location.hash) { return false; }
    var target = new URL(m[1], window.location.href);
    if (!target.hash) { target.hash = window.location.hash; }
    window.location.replace(target.href);
    return true;
  }

  function init() {
    if (forwardWithFragment()) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("[data-tabs]"), setUp);
    var choice = views();
    if (choice.length > 0) {
      var want = stored(PLATFORM_KEY);
      selectEverywhere(choice.indexOf(want) >= 0 ? want : devicePlatform(choice));
    }
    Array.prototype.forEach.call(document.querySelectorAll(".lang-menu"), setUpMenu);
    Array.prototype.forEach.call(document.querySelectorAll(".toc"), setUpContents);
    Array.prototype.forEach.call(document.querySelectorAll(".lang-switch a[data-locale]"), function (a) {
      a.addEventListener("click", function () { switchLanguage(a); });
    });
    reveal();
    window.addEventListener("hashchange", reveal);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
