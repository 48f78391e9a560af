// Keyboard shortcuts of the review pages (the only script hedui serves; no inline script).
// j / k: next / previous finding (or row of the queue); Enter: open the row;
// a / d / c: accept, dismiss, correct (c asks for the value first when it is empty); n: note.
(function () {
  "use strict";
  function typing(e) {
    var t = e.target;
    return t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
  }
  function go(id) {
    var a = document.getElementById(id);
    if (a) { window.location.href = a.href; return true; }
    return false;
  }
  var rows = Array.prototype.slice.call(document.querySelectorAll("table.queue tr.item"));
  var current = -1;
  function select(i) {
    if (!rows.length) return;
    current = Math.max(0, Math.min(rows.length - 1, i));
    rows.forEach(function (r) { r.classList.remove("selected"); });
    rows[current].classList.add("selected");
    rows[current].scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("keydown", function (e) {
    if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
    var form = document.getElementById("decide");
    var key = e.key;
    if (rows.length) {
      if (key === "j") { select(current + 1); e.preventDefault(); }
      else if (key === "k") { select(current - 1); e.preventDefault(); }
      else if (key === "Enter" && current >= 0) {
        var link = rows[current].querySelector("a.finding-link");
        if (link) { window.location.href = link.href; e.preventDefault(); }
      }
      return;
    }
    if (key === "j") { if (go("next")) e.preventDefault(); return; }
    if (key === "k") { if (go("prev")) e.preventDefault(); return; }
    if (!form) return;
    if (key === "n") { form.elements.note.focus(); e.preventDefault(); return; }
    var button = form.querySelector('button[data-key="' + key + '"]');
    if (!button) return;
    e.preventDefault();
    if (!form.elements.by.value) { form.elements.by.focus(); return; }
    if (key === "c" && !form.elements.corrected_value.value) { form.elements.corrected_value.focus(); return; }
    if (form.requestSubmit) { form.requestSubmit(button); } else { button.click(); }
  });
})();
