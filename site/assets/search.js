// Client-side search over the index shards written at build time. The
// query is split into terms exactly as the index was: NFKC, lower case,
// accents folded for words, overlapping bigrams for Han and Kana runs.
// Shards are JavaScript files that call kbcSearchLoaded, so that search
// works from file:// and under script-src 'self'. The query is kept in
// the address (?q=), so that a search can be shared and comes back with
// the browser's Back button; results are grouped by section.
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  if (!form) { return; }
  var input = document.getElementById("_search-input");
  var out = document.getElementById("_search-results");
  // Only the count is announced: a live list of results would be read out
  // whole after every pause in typing. A theme's form may lack it.
  var status = document.getElementById("_search-status");
  var indexURL = form.getAttribute("data-index");
  var base = form.getAttribute("data-base") || "";
  var lang = form.getAttribute("data-lang") || document.documentElement.lang || "en";
  var none = form.getAttribute("data-none") || "";
  var more = form.getAttribute("data-more") || "";
  var counts = {};
  try { counts = JSON.parse(form.getAttribute("data-counts") || "{}"); } catch (e) { counts = {}; }
  var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;
  // Counts are written with the locale's digit groups, as the site's
  // other counts are.
  var numbers = window.Intl && Intl.NumberFormat ? new Intl.NumberFormat(lang) : null;

  var loaded = {};
  var waiting = {};
  window.kbcSearchLoaded = function (name, data) {
    loaded[name] = data;
    (waiting[name] || []).forEach(function (f) { f(data); });
    delete waiting[name];
  };
  function load(name) {
    return new Promise(function (resolve, reject) {
      if (Object.prototype.hasOwnProperty.call(loaded, name)) { resolve(loaded[name]); return; }
      var first = !waiting[name];
      (waiting[name] = waiting[name] || []).push(resolve);
      if (!first) { return; }
      var s = document.createElement("script");
      s.src = indexURL + name;
      s.async = true;
      s.onerror = function () { delete waiting[name]; reject(new Error("cannot load " + name)); };
      document.head.appendChild(s);
    });
  }

  var CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々]/u;
  var WORD = /[\p{L}\p{N}\p{Mn}]/u;
  function fold(w) { return w.normalize("NFD").replace(/\p{Mn}/gu, "").normalize("NFC"); }
  // Lower case one code point at a time, as the build's Go code does: on a
  // whole string toLowerCase writes a final sigma (ς) at the end of a Greek
  // word, where the index has σ.
  function lower(text) {
    var s = "";
    for (var ch of text) { s += ch.toLowerCase(); }
    return s;
  }
  function terms(text) {
    var s = lower(text.normalize("NFKC"));
    var out = [], word = "", cjk = [];
    function flushWord() { if (word) { out.push(fold(word)); word = ""; } }
    function flushCJK() {
      if (cjk.length === 1) { out.push(cjk[0]); }
      for (var i = 0; i + 1 < cjk.length; i++) { out.push(cjk[i] + cjk[i + 1]); }
      cjk = [];
    }
    for (var ch of s) {
      if (CJK.test(ch)) { flushWord(); cjk.push(ch); }
      else if (ch === "\u30fb" && cjk.length) { continue; } // クライアント・ポータル is クライアントポータル too
      else if (WORD.test(ch)) { flushCJK(); word += ch; }
      else { flushWord(); flushCJK(); }
    }
    flushWord(); flushCJK();
    return out;
  }
  // The same keys as the build (the manifest says how many): Han and
  // Kana terms by FNV-1a hash of their UTF-8 bytes into buckets, words by
  // their first runes.
  function fnv1a(s) {
    var h = 0x811c9dc5;
    new TextEncoder().encode(s).forEach(function (b) { h = Math.imul(h ^ b, 0x01000193) >>> 0; });
    return h;
  }
  function shardKey(term, sharding) {
    var r = Array.from(term);
    if (CJK.test(r[0])) { return "~" + ("00" + (fnv1a(term) % sharding.buckets).toString(16)).slice(-3); }
    return r.slice(0, sharding.prefix).join("");
  }
  function shardFile(key) {
    var hex = "";
    new TextEncoder().encode(key).forEach(function (b) { hex += (b < 16 ? "0" : "") + b.toString(16); });
    return "t-" + hex + ".js";
  }
  function ids(deltas) {
    var list = [], id = 0;
    if (!deltas) { return list; }
    deltas.split(",").forEach(function (d) { id += parseInt(d, 36); list.push(id); });
    return list;
  }

  // English and French make most plurals with a final s: a query word
  // without it, a shorter prefix, finds the singular too ("pins" finds
  // PIN, "appareils" appareil); the word as typed still ranks first
  // ("news" above "new").
  var pluralS = /^(en|fr)(-|$)/.test(lang);
  function singular(t) {
    return pluralS && !CJK.test(t) && t.length > 3 && t.slice(-1) === "s" ? t.slice(0, -1) : t;
  }

  // Every query term must match (as a prefix of an index term); a title
  // match weighs more than a body match. It returns the first limit
  // results, and how many there are.
  function search(query, limit) {
    var qs = terms(query).filter(function (t) { return !(Array.from(t).length < 2 && !CJK.test(t)); });
    if (qs.length === 0) { return Promise.resolve(null); }
    return load("manifest.js").then(function (manifest) {
      var have = {};
      manifest.shards.forEach(function (k) { have[k] = true; });
      var needed = {};
      qs.forEach(function (t) { var k = shardKey(singular(t), manifest.sharding); if (have[k]) { needed[k] = true; } });
      return Promise.all(Object.keys(needed).map(function (k) { return load(shardFile(k)); })).then(function () {
        var scores = null;
        qs.forEach(function (typed) {
          var t = singular(typed);
          var k = shardKey(t, manifest.sharding), shard = loaded[shardFile(k)] || {};
          var best = {};
          // Words match as prefixes. Numbers match whole: 20 is not 2024,
          // nor the number of article KB2024. Han and Kana terms share
          // hashed shards and match exactly.
          var whole = CJK.test(t) || /^[0-9]+$/.test(typed);
          Object.keys(shard).forEach(function (term) {
            if (whole ? term !== t : term.lastIndexOf(t, 0) !== 0) { return; }
            var exact = term === typed ? 1 : term === t ? 0.5 : 0;
            ids(shard[term][0]).forEach(function (id) { best[id] = Math.max(best[id] || 0, 3 + exact); });
            ids(shard[term][1]).forEach(function (id) { best[id] = Math.max(best[id] || 0, 1 + exact); });
          });
          if (scores === null) { scores = best; return; }
          var next = {};
          Object.keys(scores).forEach(function (id) { if (best[id]) { next[id] = scores[id] + best[id]; } });
          scores = next;
        });
        var ranked = Object.keys(scores || {}).map(Number).sort(function (a, b) {
          return (scores[b] - scores[a]) || (a - b);
        });
        var top = ranked.slice(0, limit);
        var chunks = {};
        top.forEach(function (id) { chunks[Math.floor(id / manifest.chunk)] = true; });
        return Promise.all(Object.keys(chunks).map(function (c) { return load("d-" + c + ".js"); })).then(function () {
          return {
            total: ranked.length,
            docs: top.map(function (id) { return loaded["d-" + Math.floor(id / manifest.chunk) + ".js"][id % manifest.chunk]; })
          };
        });
      });
    });
  }

  function countText(n) {
    var form = plural ? plural.select(n) : "other";
    var t = counts[form] || counts.other || "{n}";
    return t.replace("{n}", numbers ? numbers.format(n) : String(n));
  }

  // groups gathers results by their section (d[5]), in the order of each
  // section's best result.
  function groups(docs) {
    var out = [], bySection = {};
    docs.forEach(function (d) {
      var name = d[5] || "";
      if (!Object.prototype.hasOwnProperty.call(bySection, name)) {
        bySection[name] = { name: name, docs: [] };
        out.push(bySection[name]);
      }
      bySection[name].docs.push(d);
    });
    return out;
  }

  // show lists the results; focusFrom, when set, is the number of
  // results shown before the reader asked for more, and the first of the
  // new ones takes the focus, where the reader's reading goes on.
  function show(result, focusFrom) {
    out.textContent = "";
    if (status) { status.textContent = ""; }
    if (!result) { return; }
    var p = document.createElement("p");
    p.className = "search-count";
    p.textContent = result.total === 0 ? none : countText(result.total);
    out.appendChild(p);
    if (status) { status.textContent = p.textContent; }
    if (result.total === 0) { return; }
    groups(result.docs).forEach(function (g) {
      if (g.name) {
        var h = document.createElement("p");
        h.className = "search-group";
        h.textContent = g.name;
        out.appendChild(h);
      }
      out.appendChild(list(g.docs));
    });
    // A theme's search form from before the button has no label for it:
    // no button then, rather than one that says nothing.
    if (more && result.docs.length < result.total) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "search-more";
      b.textContent = more;
      b.addEventListener("click", function () { run(limit + pageSize, result.docs.length); });
      out.appendChild(b);
    }
    if (focusFrom !== undefined) {
      // Results are grouped by section, so the new ones are found by
      // their rank, not their place in the list.
      var fresh = result.docs[focusFrom];
      Array.prototype.some.call(out.querySelectorAll("li a"), function (a) {
        if (fresh && a.getAttribute("href") === base + fresh[1]) { a.focus(); return true; }
        return false;
      });
    }
  }

  function list(docs) {
    var ul = document.createElement("ul");
    docs.forEach(function (d) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = base + d[1];
      a.textContent = d[0];
      li.appendChild(a);
      if (d[3]) {
        // A page in the source text for want of a translation: its title
        // is in that language, and a label in the page's says so.
        a.lang = d[3];
        // Isolated in the direction of its own letters: an English title
        // keeps its full stop at its end on an Arabic page.
        a.dir = "auto";
        var label = document.createElement("span");
        label.className = "in-language";
        label.textContent = d[4]; // with the space its language puts before it
        li.appendChild(label);
      }
      if (d[2]) {
        var s = document.createElement("p");
        s.textContent = d[2];
        if (d[3]) { s.lang = d[3]; s.dir = "auto"; } // as the title
        li.appendChild(s);
      }
      ul.appendChild(li);
    });
    return ul;
  }

  // remember puts the query in the address without adding to the
  // history: the address of the page shows what it shows.
  function remember(query) {
    try {
      var url = new URL(window.location.href);
      if (query) { url.searchParams.set("q", query); } else { url.searchParams.delete("q"); }
      if (url.href !== window.location.href) { window.history.replaceState(null, "", url.href); }
    } catch (e) { /* a page opened from disk may refuse it */ }
  }

  // pageSize results are shown at first, and as many more each time the
  // reader asks for more; limit is how many the list shows now.
  var pageSize = 10, limit = pageSize;
  var timer = 0, seq = 0;
  function run(upTo, focusFrom) {
    var mine = ++seq;
    limit = upTo || pageSize;
    remember(input.value.trim());
    search(input.value, limit).then(function (r) { if (mine === seq) { show(r, focusFrom); } }, function () { if (mine === seq) { show(null); } });
  }
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { run(); }, 120); });
  form.addEventListener("submit", function (ev) { ev.preventDefault(); clearTimeout(timer); run(); });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { input.value = ""; remember(""); show(null); }
  });
  form.hidden = false;
  // A shared address runs its query at once.
  var shared = new URLSearchParams(window.location.search).get("q");
  if (shared) {
    input.value = shared;
    run();
  }
})();
