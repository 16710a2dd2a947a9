/* Trợ lý Hòa giải chat widget: <script src="https://SERVER/widget.js" defer></script> adds a button that opens
   the web chat in a frame. Allowed sites are set on the server (HOAGIAI_WIDGET_ORIGINS). */
(function () {
  "use strict";
  var cfg = __CONFIG__;
  var script = document.currentScript;
  if (!script) {
    var found = document.querySelectorAll('script[src*="widget.js"]');
    script = found[found.length - 1];
  }
  if (!script || window.hoagiaiWidget) { return; }
  var chatUrl = new URL("./", script.src);

  function allowed(origin) {
    if (origin === chatUrl.origin) { return true; }
    return cfg.origins.some(function (pattern) {
      if (pattern === origin) { return true; }
      var m = /^(https?:)\/\/\*\.(.+)$/.exec(pattern);
      if (!m) { return false; }
      var want = new URL(m[1] + "//x." + m[2]), got = new URL(origin);
      return got.protocol === want.protocol && got.port === want.port &&
        got.hostname.slice(-(want.hostname.length - 1)) === want.hostname.slice(1);
    });
  }
  if (!allowed(location.origin)) {
    if (window.console) { console.warn(cfg.notAllowed.replace("{origin}", location.origin)); }
    return;
  }

  var css = {
    button: {position: "fixed", right: "16px", bottom: "16px", zIndex: "2147483000", padding: "12px 18px",
      border: "0", borderRadius: "24px", background: "#0b5d3b", color: "#fff", cursor: "pointer",
      font: "600 16px/1.2 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif",
      boxShadow: "0 2px 10px rgba(0,0,0,.35)"},
    panel: {position: "fixed", right: "16px", bottom: "76px", width: "min(400px, calc(100vw - 32px))",
      height: "min(620px, calc(100vh - 100px))", zIndex: "2147483000", background: "#fff", display: "none",
      flexDirection: "column", border: "1px solid #9aa6a0", borderRadius: "12px", overflow: "hidden",
      boxShadow: "0 4px 24px rgba(0,0,0,.35)"},
    bar: {display: "flex", justifyContent: "flex-end", background: "#08462c", padding: "2px"},
    close: {border: "0", background: "transparent", color: "#fff", font: "600 15px/1 system-ui,sans-serif",
      padding: "8px 12px", cursor: "pointer"},
    frame: {border: "0", width: "100%", flex: "1", display: "block"}
  };
  function make(tag, style) {
    var el = document.createElement(tag);
    Object.keys(style).forEach(function (k) { el.style[k] = style[k]; });
    return el;
  }

  var button = make("button", css.button), panel = null, frame = null;
  button.type = "button";
  button.className = "hoagiai-widget-button";
  button.textContent = cfg.open;
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", "hoagiai-widget-panel");

  function build() {
    panel = make("div", css.panel);
    panel.id = "hoagiai-widget-panel";
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", cfg.title);
    var bar = make("div", css.bar), close = make("button", css.close);
    close.type = "button";
    close.textContent = "✕ " + cfg.close;
    close.addEventListener("click", hide);
    bar.appendChild(close);
    frame = make("iframe", css.frame);
    frame.title = cfg.title;
    frame.src = chatUrl.href;  // loaded on first open only: nothing is fetched for visitors who never click
    panel.appendChild(bar);
    panel.appendChild(frame);
    document.body.appendChild(panel);
  }
  function show() {
    if (!panel) { build(); }
    panel.style.display = "flex";
    button.setAttribute("aria-expanded", "true");
    frame.focus();
  }
  function hide() {
    panel.style.display = "none";
    button.setAttribute("aria-expanded", "false");
    button.focus();
  }
  button.addEventListener("click", function () {
    if (panel && panel.style.display !== "none") { hide(); } else { show(); }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && panel && panel.style.display !== "none") { hide(); }
  });

  function mount() { document.body.appendChild(button); }
  window.hoagiaiWidget = {open: show, close: function () { if (panel) { hide(); } }};
  if (document.body) { mount(); } else { document.addEventListener("DOMContentLoaded", mount); }
})();
