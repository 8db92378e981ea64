/* Ticket page, knowledge panel: "Insérer" puts an article's title and public help-centre link
   into the reply box (#composer-text) at the caret. See docs/knowledge.md ("From the ticket
   page"). The panel is swapped in by htmx, which runs this again: the guard listens once. */
(function () {
  "use strict";
  if (window.guichetKbInsert) return;
  window.guichetKbInsert = true;

  function insert(text, line) {
    var value = text.value;
    var start = typeof text.selectionStart === "number" ? text.selectionStart : value.length;
    var end = typeof text.selectionEnd === "number" ? text.selectionEnd : start;
    var before = value.slice(0, start);
    var after = value.slice(end);
    if (before && before.charAt(before.length - 1) !== "\n") line = "\n" + line;
    if (after && after.charAt(0) !== "\n") line = line + "\n";
    text.value = before + line + after;  // plain text: nothing here is parsed as HTML
    var caret = before.length + line.length;
    text.focus();
    text.setSelectionRange(caret, caret);
    text.dispatchEvent(new Event("input", { bubbles: true }));  // drafts, presence
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-kb-insert-url]");
    var text = document.getElementById("composer-text");
    if (!button || !text) return;
    event.preventDefault();
    insert(text, button.getAttribute("data-kb-insert-title") + " : " +
      button.getAttribute("data-kb-insert-url"));
  });
})();
