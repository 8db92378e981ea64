/* Guichet: keyboard shortcuts and small behaviours of the agent workspace (vanilla JS).
   Everything here is an enhancement: the pages work with plain links and forms. */
(function () {
  "use strict";

  var QUEUE_KEY = "guichet.queue";

  function $(selector, root) { return (root || document).querySelector(selector); }
  function $all(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }
  function isTyping(target) {
    if (!target) return false;
    var tag = target.tagName;
    return target.isContentEditable || tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT";
  }
  function csrfToken() {
    var meta = $('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  /* Dialogs ------------------------------------------------------------------ */
  function openDialog(id) {
    var dialog = document.getElementById(id);
    if (!dialog || dialog.open) return;
    dialog.showModal();
    var first = $("select, textarea, input:not([type=hidden])", dialog);
    if (first) first.focus();
  }
  document.addEventListener("click", function (event) {
    var opener = event.target.closest("[data-dialog-open]");
    if (opener) { event.preventDefault(); openDialog(opener.getAttribute("data-dialog-open")); return; }
    var closer = event.target.closest("[data-dialog-close]");
    if (closer) { var d = closer.closest("dialog"); if (d) d.close(); }
  });

  /* Flash messages: successes fade after a while, errors stay until dismissed. */
  function initFlashes() {
    $all("[data-flash]").forEach(function (flash) {
      if (flash.classList.contains("flash-success") || flash.classList.contains("flash-info")) {
        setTimeout(function () { flash.remove(); }, 6000);
      }
      flash.addEventListener("click", function () { flash.remove(); });
    });
  }

  /* Queue: cursor row, selection, remembered order for j/k on ticket pages ------- */
  function queueRows() { return $all("table[data-queue] tbody tr"); }
  function cursorIndex(rows) { return rows.findIndex(function (r) { return r.classList.contains("is-cursor"); }); }
  function moveCursor(step) {
    var rows = queueRows();
    if (!rows.length) return false;
    var i = cursorIndex(rows);
    var next = Math.max(0, Math.min(rows.length - 1, i < 0 ? 0 : i + step));
    rows.forEach(function (r) { r.classList.remove("is-cursor"); r.removeAttribute("aria-current"); });
    rows[next].classList.add("is-cursor");
    rows[next].setAttribute("aria-current", "true");
    var link = $("a.subject", rows[next]);
    if (link) link.focus({ preventScroll: true });
    rows[next].scrollIntoView({ block: "nearest" });
    return true;
  }
  function cursorRow() { var rows = queueRows(); var i = cursorIndex(rows); return i < 0 ? null : rows[i]; }

  function initQueue() {
    var table = $("table[data-queue]");
    if (!table) return;
    var urls = queueRows().map(function (r) { return r.getAttribute("data-href"); });
    try { sessionStorage.setItem(QUEUE_KEY, JSON.stringify({ back: location.pathname + location.search, urls: urls })); } catch (e) { /* private mode */ }
    var counter = $("[data-selected-count]");
    function refresh() {
      var n = $all('input[name="ticket"]:checked', table).length;
      if (counter) counter.textContent = n ? counter.getAttribute("data-template-some").replace("%s", n) : counter.getAttribute("data-template-none");
      $all("[data-bulk]").forEach(function (b) { b.disabled = n === 0; });
    }
    var all = $("[data-check-all]", table);
    if (all) all.addEventListener("change", function () {
      $all('input[name="ticket"]', table).forEach(function (c) { c.checked = all.checked; });
      refresh();
    });
    table.addEventListener("change", refresh);
    refresh();
  }

  function neighbourTicket(step) {
    var stored;
    try { stored = JSON.parse(sessionStorage.getItem(QUEUE_KEY) || "null"); } catch (e) { stored = null; }
    if (!stored || !stored.urls) return null;
    var i = stored.urls.indexOf(location.pathname);
    if (i < 0) return null;
    return stored.urls[i + step] || null;
  }
  function initBackLink() {
    var back = $("[data-back-to-queue]");
    if (!back) return;
    try {
      var stored = JSON.parse(sessionStorage.getItem(QUEUE_KEY) || "null");
      if (stored && stored.back) back.href = stored.back;
    } catch (e) { /* ignore */ }
  }

  /* Ticket page: presence state, leaving, Ctrl+Enter ----------------------------- */
  function initPresence() {
    var state = $("#presence-state");
    var poll = $("#presence-poll");
    var text = $("#composer-text");
    if (!state || !poll) return;
    function update() {
      var replying = text && text.value.trim().length > 0 && document.activeElement === text;
      var value = replying || (text && text.value.trim().length > 0) ? "replying" : "viewing";
      if (state.value !== value) {
        state.value = value;
        if (window.htmx) window.htmx.trigger(poll, "presence-refresh");
      }
    }
    document.addEventListener("input", function (event) { if (event.target.id === "composer-text") update(); });
    document.addEventListener("focusin", function (event) { if (event.target.id === "composer-text") update(); });
    window.addEventListener("pagehide", function () {
      var data = new FormData();
      data.append("state", "gone");
      data.append("csrfmiddlewaretoken", csrfToken());
      if (navigator.sendBeacon) navigator.sendBeacon(poll.getAttribute("data-presence-url"), data);
    });
  }

  /* @mention completion in the composer ------------------------------------------ */
  function initMentions() {
    var active = -1;
    var timer = null;
    function list() { return $("#mention-list"); }
    function close() { var l = list(); if (l) { l.hidden = true; l.innerHTML = ""; } active = -1; }
    function query(text) {
      var before = text.value.slice(0, text.selectionStart);
      var match = /(^|[\s(])@([\w.+-]{0,40})$/.exec(before);
      return match ? match[2] : null;
    }
    function choose(text, username) {
      var pos = text.selectionStart;
      var before = text.value.slice(0, pos).replace(/@([\w.+-]{0,40})$/, "@" + username + " ");
      text.value = before + text.value.slice(pos);
      text.selectionStart = text.selectionEnd = before.length;
      close();
      text.focus();
    }
    function render(text, results) {
      var l = list();
      if (!l) return;
      l.innerHTML = "";
      results.forEach(function (r, i) {
        var li = document.createElement("li");
        li.setAttribute("role", "option");
        li.id = "mention-" + i;
        var strong = document.createElement("strong");
        strong.textContent = "@" + r.username;
        var name = document.createElement("span");
        name.className = "muted";
        name.textContent = r.name || "";
        li.appendChild(strong); li.appendChild(name);
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(text, r.username); });
        l.appendChild(li);
      });
      active = results.length ? 0 : -1;
      highlight(text);
      l.hidden = results.length === 0;
    }
    function highlight(text) {
      $all("#mention-list li").forEach(function (li, i) { li.setAttribute("aria-selected", i === active ? "true" : "false"); });
      if (active >= 0) text.setAttribute("aria-activedescendant", "mention-" + active); else text.removeAttribute("aria-activedescendant");
    }
    document.addEventListener("input", function (event) {
      var text = event.target;
      if (text.id !== "composer-text") return;
      var q = query(text);
      if (q === null) { close(); return; }
      clearTimeout(timer);
      timer = setTimeout(function () {
        fetch(text.getAttribute("data-mentions-url") + "&q=" + encodeURIComponent(q), { headers: { "Accept": "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (data) { render(text, data.results || []); })
          .catch(close);
      }, 120);
    });
    document.addEventListener("keydown", function (event) {
      var text = event.target;
      var l = list();
      if (text.id !== "composer-text" || !l || l.hidden) return;
      var items = $all("li", l);
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        active = (active + (event.key === "ArrowDown" ? 1 : -1) + items.length) % items.length;
        highlight(text);
      } else if ((event.key === "Enter" || event.key === "Tab") && active >= 0) {
        event.preventDefault();
        choose(text, items[active].querySelector("strong").textContent.slice(1));
      } else if (event.key === "Escape") {
        event.stopPropagation();
        close();
      }
    }, true);
    document.addEventListener("focusout", function (event) { if (event.target.id === "composer-text") setTimeout(close, 150); });
  }

  /* Keyboard shortcuts ------------------------------------------------------------- */
  var pendingG = false;
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && target.id === "composer-text") {
      event.preventDefault();
      var form = target.closest("form");
      if (form) form.requestSubmit();
      return;
    }
    if (event.key === "Escape" && isTyping(target) && !target.closest("dialog")) { target.blur(); return; }
    if (isTyping(target) || event.ctrlKey || event.metaKey || event.altKey || $("dialog[open]")) return;
    var key = event.key;
    if (pendingG) {
      pendingG = false;
      if (key === "q") { event.preventDefault(); var back = $("[data-back-to-queue]"); location.href = back ? back.href : "/agent/"; }
      return;
    }
    if (key === "g") { pendingG = true; setTimeout(function () { pendingG = false; }, 1200); return; }
    if (key === "?") { event.preventDefault(); openDialog("help-dialog"); return; }
    if (key === "/") {
      var search = $("[data-shortcut-search]");
      if (search) { event.preventDefault(); search.focus(); search.select(); }
      return;
    }
    if (key === "j" || key === "k") {
      var step = key === "j" ? 1 : -1;
      if (moveCursor(step)) { event.preventDefault(); return; }
      var url = neighbourTicket(step);
      if (url) { event.preventDefault(); location.href = url; }
      return;
    }
    if ((key === "o" || key === "Enter") && cursorRow()) {
      event.preventDefault();
      location.href = cursorRow().getAttribute("data-href");
      return;
    }
    if (key === "x" && cursorRow()) {
      event.preventDefault();
      var box = $('input[name="ticket"]', cursorRow());
      if (box) { box.checked = !box.checked; box.dispatchEvent(new Event("change", { bubbles: true })); }
      return;
    }
    var element = $('[data-key="' + (window.CSS && CSS.escape ? CSS.escape(key) : key) + '"]');
    if (element) {
      event.preventDefault();
      element.click();
      var focus = element.getAttribute("data-focus");
      if (focus && $(focus)) $(focus).focus();
    }
  });

  function init() {
    initFlashes();
    initQueue();
    initBackLink();
    initPresence();
    initMentions();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
