// Live reload for kbc serve. The preview adds this script to the pages it
// serves, never to a built site. It listens to /_kbc/events: when the
// server reports a site other than the one this page came from, the page
// reloads; when the latest build failed, a panel lists the findings at
// file:line:col. Text goes in with textContent only, so nothing from a
// finding is read as HTML, and styles are set through the style object,
// which the site's style-src 'self' policy allows.
(function () {
  "use strict";

  var script = document.currentScript;
  var pageSite = script ? new URL(script.src, location.href).searchParams.get("site") || "" : "";
  var panel = null;

  function el(tag, style, text) {
    var e = document.createElement(tag);
    Object.assign(e.style, style || {});
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function hide() {
    if (panel) {
      panel.remove();
      panel = null;
    }
  }

  function show(st) {
    hide();
    panel = el("section", {
      position: "fixed", left: "0", right: "0", bottom: "0", zIndex: "2147483647",
      maxHeight: "50vh", overflow: "auto", margin: "0", padding: "0.75em 1em",
      background: "#fff4f4", color: "#1a1a1a", borderTop: "4px solid #c62828",
      font: "14px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
      boxShadow: "0 -2px 8px rgba(0,0,0,.25)"
    });
    panel.id = "kbc-serve-status";
    panel.setAttribute("role", "alert");

    var close = el("button", {
      float: "right", font: "inherit", background: "none", border: "1px solid #c62828",
      color: "inherit", cursor: "pointer", padding: "0 0.5em"
    }, "×");
    close.type = "button";
    close.title = "Hide until the next build";
    close.addEventListener("click", hide);
    panel.appendChild(close);

    var heading = st.error ? "kbc serve: the build failed" :
      "kbc serve: " + st.errors + (st.errors === 1 ? " error" : " errors") + "; the site was not rebuilt";
    panel.appendChild(el("strong", {display: "block", marginBottom: "0.5em"}, heading));
    if (st.site) {
      panel.appendChild(el("p", {margin: "0 0 0.5em"}, "This page shows the last good build."));
    }
    if (st.error) {
      panel.appendChild(el("pre", {margin: "0 0 0.5em", whiteSpace: "pre-wrap"}, st.error));
    }
    var list = el("ul", {listStyle: "none", margin: "0", padding: "0"});
    (st.findings || []).forEach(function (f) {
      // A finding that follows from the one above it is set under it.
      var item = el("li", {margin: f.followsFrom ? "0.2em 0 0.2em 2em" : "0.2em 0", whiteSpace: "pre-wrap"});
      item.className = "kbc-finding";
      item.appendChild(el("code", {fontWeight: "bold"}, f.position));
      item.appendChild(el("span", {color: f.severity === "error" ? "#c62828" : "#8a5a00"}, " " + f.severity));
      item.appendChild(document.createTextNode(": " + f.rule + ": " + (f.locale ? "[" + f.locale + "] " : "") + f.message));
      list.appendChild(item);
    });
    panel.appendChild(list);
    (document.body || document.documentElement).appendChild(panel);
  }

  function update(st) {
    if (st.site && st.site !== pageSite) {
      location.reload();
      return;
    }
    if (st.ok) {
      hide();
    } else {
      show(st);
    }
  }

  function connect() {
    var events = new EventSource("/_kbc/events");
    events.addEventListener("status", function (e) {
      var st;
      try {
        st = JSON.parse(e.data);
      } catch (err) {
        return;
      }
      update(st);
    });
    // The browser reconnects by itself after a dropped connection, but
    // gives up for good on an error response, as a restarting server
    // behind a proxy may send: then start over.
    events.addEventListener("error", function () {
      if (events.readyState === EventSource.CLOSED) {
        events.close();
        setTimeout(connect, 1000);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", connect);
  } else {
    connect();
  }
})();
