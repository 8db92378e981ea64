/* Guichet contextual help widget. See docs/knowledge.md ("Widget").
 * <script src="https://support.example/static/knowledge/widget.js" data-guichet-brand="slug"
 *         data-context="optional-key" data-lang="fr" defer></script>
 * Talks only to the origin it was loaded from (no cookies, no third party); renders in a shadow
 * root; text from the server is set with textContent, never as HTML; the page's own address is
 * sent without its query string or fragment.
 * window.GuichetHelp.setContext(key) / .open() / .close() for single-page apps.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.getAttribute("data-guichet-brand")) return;
  var base = new URL(script.src, document.baseURI).origin;
  var brand = script.getAttribute("data-guichet-brand");
  var lang = (script.getAttribute("data-lang") || document.documentElement.lang || "fr").slice(0, 2);
  var context = script.getAttribute("data-context") || "";
  var visitor = (Math.random().toString(36).slice(2) + Date.now().toString(36)).slice(0, 24);
  var api = base + "/help/" + encodeURIComponent(brand) + "/widget/";
  var L = { open: lang === "en" ? "Help" : "Aide", title: "", close: "×", search: "", suggested: "",
    results: "", none: "", one: "", many: "", contact: "", all: "" };
  var state = { loaded: false, timer: 0, seq: 0, contact: "", help: "" };

  function get(path, params) {
    var url = new URL(api + path);
    Object.keys(params).forEach(function (k) { url.searchParams.set(k, params[k]); });
    return fetch(url.toString(), { credentials: "omit", mode: "cors" }).then(function (r) {
      if (!r.ok) throw new Error("Guichet widget: " + r.status);
      return r.json();
    });
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }

  var css = ":host{all:initial}*{box-sizing:border-box;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}" +
    ".launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;border:0;border-radius:999px;background:#1d4ed8;color:#fff;" +
    "font-size:15px;font-weight:600;padding:12px 18px;min-height:44px;cursor:pointer;box-shadow:0 6px 20px rgba(16,24,40,.25)}" +
    ".launcher:hover{background:#1e3a8a}:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}" +
    ".panel{position:fixed;right:20px;bottom:76px;z-index:2147483000;width:min(380px,calc(100vw - 40px));max-height:min(560px,calc(100vh - 100px));" +
    "display:flex;flex-direction:column;background:#fff;color:#101828;border-radius:14px;box-shadow:0 16px 48px rgba(16,24,40,.28);overflow:hidden;font-size:15px;line-height:1.45}" +
    ".panel[hidden]{display:none}header{padding:14px 56px 14px 16px;background:#1d4ed8;color:#fff}" +
    "h2{margin:0;font-size:16px}.x{position:absolute;top:3px;right:8px;background:none;border:0;color:#fff;font-size:24px;line-height:1;min-width:44px;min-height:44px;cursor:pointer}" +
    ".body{padding:12px 16px;overflow:auto;flex:1}label{display:block;font-size:13px;color:#475467;margin-bottom:4px}" +
    "input{width:100%;font:inherit;padding:10px 12px;border:1px solid #98a2b3;border-radius:8px;min-height:44px}" +
    "h3{font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:#475467;margin:14px 0 6px}ul{list-style:none;margin:0;padding:0}" +
    "li a{display:block;padding:8px 0;color:#1d4ed8;text-decoration:none;font-weight:600;border-bottom:1px solid #eaecf0}" +
    "li a:hover{text-decoration:underline}li small{display:block;color:#475467;font-weight:400;margin-top:2px}" +
    ".none{color:#475467;padding:8px 0}footer{display:flex;gap:8px;padding:12px 16px;border-top:1px solid #eaecf0;background:#f9fafb}" +
    "footer a{flex:1;text-align:center;padding:10px;border-radius:8px;text-decoration:none;font-weight:600;min-height:44px}" +
    ".primary{background:#1d4ed8;color:#fff}.secondary{color:#1d4ed8;border:1px solid #b2ccff;background:#fff}";

  var host = el("div", { "data-guichet-widget": "" });
  var root = host.attachShadow({ mode: "open" });
  var style = el("style");
  style.textContent = css;
  var launcher = el("button", { type: "button", class: "launcher", "aria-expanded": "false", "aria-controls": "gw-panel" }, L.open);
  var panel = el("div", { id: "gw-panel", class: "panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "gw-title", hidden: "" });
  var title = el("h2", { id: "gw-title" });
  var closeBtn = el("button", { type: "button", class: "x" }, "×");
  var header = el("header");
  header.append(title);
  var body = el("div", { class: "body" });
  var label = el("label", { for: "gw-q" });
  var input = el("input", { id: "gw-q", type: "search", autocomplete: "off", maxlength: "200" });
  var heading = el("h3", { id: "gw-list-title" });
  var list = el("ul", { "aria-labelledby": "gw-list-title" });
  var live = el("div", { class: "none", role: "status", "aria-live": "polite" });
  body.append(label, input, heading, list, live);
  var footer = el("footer");
  var contact = el("a", { class: "primary", target: "_blank", rel: "noopener" });
  var all = el("a", { class: "secondary", target: "_blank", rel: "noopener" });
  footer.append(contact, all);
  // The close button comes last in the DOM (shown in the header's corner): Tab from the launcher
  // reaches the search field first, then the results and the contact link; Escape also closes.
  panel.append(header, body, footer, closeBtn);
  root.append(style, launcher, panel);

  function applyLabels() {
    launcher.textContent = L.open;
    title.textContent = L.title;
    closeBtn.setAttribute("aria-label", L.close);
    label.textContent = L.search;
    contact.textContent = L.contact;
    all.textContent = L.all;
  }

  function render(items, headingText, withSnippet) {
    heading.textContent = headingText;
    list.textContent = "";
    items.forEach(function (item) {
      var a = el("a", { href: item.url, target: "_blank", rel: "noopener" }, item.title);
      var extra = withSnippet ? item.snippet : item.summary;
      if (extra) a.appendChild(el("small", {}, extra));
      var li = el("li");
      li.appendChild(a);
      list.appendChild(li);
    });
    // Announced by screen readers (role=status): "3 articles found", or that none match.
    var n = items.length;
    live.textContent = n ? (n === 1 ? L.one : L.many.replace("{n}", n)) : L.none;
  }

  function loadContext() {
    // The page's address without its query string and fragment (they may hold tokens or
    // e-mail addresses); rules match on the path anyway.
    return get("context.json", { url: location.origin + location.pathname, context: context, lang: lang }).then(function (data) {
      Object.keys(data.labels || {}).forEach(function (k) { L[k] = data.labels[k]; });
      applyLabels();
      contact.href = data.contact_url;
      all.href = data.help_url;
      state.contact = data.contact_url;
      state.suggested = data.articles || [];
      state.loaded = true;
      if (!input.value.trim()) render(state.suggested, L.suggested, false);
    });
  }

  function search() {
    var q = input.value.trim();
    var seq = ++state.seq;
    if (!q) { render(state.suggested || [], L.suggested, false); contact.href = state.contact; return; }
    get("search.json", { q: q, lang: lang, v: visitor }).then(function (data) {
      if (seq !== state.seq) return;
      render(data.results || [], L.results, true);
      contact.href = data.contact_url;
    }).catch(function () { live.textContent = L.none; });
  }

  function open() {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    loadContext().catch(function () { live.textContent = L.none; });
    input.focus();
  }

  function close() {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }

  launcher.addEventListener("click", function () { if (panel.hidden) open(); else close(); });
  closeBtn.addEventListener("click", close);
  panel.addEventListener("keydown", function (e) {
    if (e.key === "Escape") close();
    // Enter searches at once (there is no form to submit; the host page must not act on it)
    if (e.key === "Enter" && e.target === input) { e.preventDefault(); clearTimeout(state.timer); search(); }
  });
  // Keys typed in the widget are the widget's: the host page's shortcuts never see them (seen from
  // outside the shadow root they come from a <div>, so "not in a text field" checks miss them).
  ["keydown", "keypress", "keyup"].forEach(function (type) {
    root.addEventListener(type, function (e) { e.stopPropagation(); });
  });
  input.addEventListener("input", function () {
    clearTimeout(state.timer);
    state.timer = setTimeout(search, 250);
  });

  window.GuichetHelp = {
    open: open,
    close: close,
    setContext: function (key) { context = key || ""; if (!panel.hidden) loadContext(); }
  };
  applyLabels();
  (document.body || document.documentElement).appendChild(host);
})();
