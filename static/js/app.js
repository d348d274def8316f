// Keep what someone is typing when the live region re-renders around it.
// A form marked data-keep-while-editing that has unsaved input is moved, as the
// same element, into the freshly rendered region, with focus and cursor kept.
(function () {
  "use strict";
  let kept = [];

  document.addEventListener("input", function (event) {
    const form = event.target.closest("form[data-keep-while-editing]");
    if (form) form.dataset.dirty = "1";
  });

  // Only a swap of the live region itself keeps forms, and only one that will happen:
  // a 304 poll fires beforeSwap too, and a form's own save response must not be undone.
  // The swap runs right after beforeSwap, so afterSwap always sees this swap's list.
  document.addEventListener("htmx:beforeSwap", function (event) {
    kept = [];
    if (event.detail.target.id !== "live" || !event.detail.shouldSwap) return;
    const active = document.activeElement;
    kept = Array.from(document.querySelectorAll("#live form[data-dirty]")).map(function (form) {
      const focused = form.contains(active) ? active : null;
      return {
        form: form,
        focused: focused,
        start: focused && focused.selectionStart,
        end: focused && focused.selectionEnd,
      };
    });
  });

  document.addEventListener("htmx:afterSwap", function () {
    const entries = kept;
    kept = [];
    entries.forEach(function (entry) {
      const fresh = document.getElementById(entry.form.id);
      if (fresh && fresh !== entry.form) {
        fresh.replaceWith(entry.form);
        // The swap cleaned htmx's handlers off the old form: attach them again, or its
        // Save falls back to a full-page post (this used to run after settling, too late
        // for htmx's own processing of the new region to pick the form up).
        htmx.process(entry.form);
        if (entry.focused) {
          entry.focused.focus();
          if (entry.start !== null) entry.focused.setSelectionRange(entry.start, entry.end);
        }
      }
    });
  });

  document.addEventListener("htmx:afterSettle", markStaleDrafts);

  // Warn when someone else saved a newer version of a field this person is editing.
  function markStaleDrafts() {
    document.querySelectorAll("form[data-keep-while-editing]").forEach(function (form) {
      const key = form.id.replace(/^form-/, "");
      const meta = document.getElementById("meta-" + key);
      const base = form.querySelector("input[name=base_version]");
      if (!meta || !base) return;
      const warning = meta.querySelector(".stale-warning");
      if (warning) warning.hidden = !(form.dataset.dirty && meta.dataset.version !== base.value);
    });
  }

  window.addEventListener("beforeunload", function (event) {
    if (document.querySelector("form[data-dirty]")) event.preventDefault();
  });

  document.addEventListener("focusin", function (event) {
    if (event.target.matches("input[data-select-on-focus]")) event.target.select();
  });
})();
