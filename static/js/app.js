// Keep what someone is typing when the live region re-renders around it, and tell
// them what happened. Every sentence shown comes from the server-rendered page (so it
// is translated); this script only shows, hides and moves elements.
(function () {
  "use strict";
  const EDITABLE = "form[data-keep-while-editing]";
  const NEW_TEXT = "form[data-keep-draft] textarea";
  const CONFIRMATION_MS = 4000;
  let shownStage = stageOnScreen();
  // Set when the server sends the whole page elsewhere: the typing is kept as a draft
  // below, so there is no reason to ask "leave this page?".
  let leaving = false;

  // Drafts and "saved" marks live in sessionStorage, per tab, under the page's path and
  // the field's id, so they survive the field leaving the page (another stage) and the
  // page itself (a log-in in between). They are also keyed by the person, so someone
  // else logging in on the same tab never sees them. Storage may be full or blocked;
  // then the page still works, only without them.
  function storageKey(kind, field) {
    return [kind, document.body.dataset.user || "", location.pathname, field.id].join(" ");
  }

  function load(key) {
    try {
      return JSON.parse(sessionStorage.getItem(key));
    } catch (error) {
      return null;
    }
  }

  function store(key, value) {
    try {
      if (value === null) sessionStorage.removeItem(key);
      else sessionStorage.setItem(key, JSON.stringify(value));
    } catch (error) {
      // Nothing to do: see above.
    }
  }

  function parts(form) {
    return {
      field: form.querySelector("textarea"),
      base: form.querySelector("input[name=base_version]"),
      savedNote: form.querySelector(".saved-note"),
      draftNote: form.querySelector(".draft-note"),
    };
  }

  // The live region is morphed in place (idiomorph), so focus, caret, selection, scroll
  // and open panels survive a re-render by themselves. What a morph cannot know is that
  // someone is typing: a form typed in is "dirty", and the morph leaves it as it is until
  // it is sent (the server's answer then shows it again, emptied or with why it was
  // refused). A form that leaves the screen while typed in, or right after being refused,
  // shows what was typed to copy (rescueUnsent).
  let refused = null;
  let answered = null;
  if (window.Idiomorph) {
    const callbacks = window.Idiomorph.defaults.callbacks;
    callbacks.beforeNodeMorphed = function (node, next) {
      if (node.nodeType !== 1) return true;
      if (node.matches("form[data-dirty]")) return false;
      // A confirmation just shown ("Your ratings are saved.") stays a few seconds, even if
      // the re-render its own change causes comes back without it.
      if (node.matches(".save-status[role=status]") && next && !next.textContent.trim() &&
          Date.now() - Number(node.dataset.shownAt || 0) < CONFIRMATION_MS) {
        return false;
      }
      // A live check of words being typed (stage 6) stays until the form is sent: only
      // another check of typed words (data-typed) replaces it, not the saved text's.
      const of = node.dataset.checkOf && document.getElementById(node.dataset.checkOf);
      return !(of && of.dataset.dirty && !(next && next.dataset && next.dataset.typed));
    };
    callbacks.beforeNodeRemoved = function (node) {
      if (node.nodeType !== 1) return true;
      const forms = node.matches("form") ? [node] : Array.from(node.querySelectorAll("form"));
      forms.filter(function (form) { return form.dataset.dirty || form === refused; })
        .forEach(rescueUnsent);
      return true;
    };
    // A panel someone opened stays open, unless this is the answer to its own form (an
    // edit saved); the server may still open one (an edit refused).
    callbacks.beforeAttributeUpdated = function (name, element, how) {
      if (name !== "open" || how !== "remove" || element.tagName !== "DETAILS") return true;
      return Boolean(answered && element.contains(answered));
    };
  }

  // Typing makes the form dirty; an editable field also keeps a draft with the version it
  // started from, so saving a restored draft still detects someone else's save in between,
  // and ends the "Saved." note of the previous save.
  document.addEventListener("input", function (event) {
    const form = event.target.closest("#live form");
    if (form) form.dataset.dirty = "1";
    // A new text not sent yet (an answer being written) survives a reload too.
    if (event.target.matches(NEW_TEXT)) {
      store(storageKey("new", event.target), event.target.value || null);
    }
    if (!form || !form.matches(EDITABLE)) return;
    const p = parts(form);
    store(storageKey("draft", p.field), { text: p.field.value, base: p.base.value });
    store(storageKey("saved", p.field), null);
    if (p.savedNote) p.savedNote.hidden = true;
  });

  // A morph can take the hx-get or hx-post off an element that stays on the page (the
  // server's new markup has none there), but not the listener or timer htmx set up for
  // it: such a request would go out with what the element inherits (the target of the
  // whole live region). The element no longer asks for anything, so nothing is sent.
  const REQUESTS = ["hx-get", "hx-post", "hx-put", "hx-patch", "hx-delete"];
  document.addEventListener("htmx:beforeRequest", function (event) {
    const elt = event.detail.elt;
    if (elt && elt.hasAttribute && !REQUESTS.some(function (name) { return elt.hasAttribute(name); })) {
      event.preventDefault();
    }
  });

  // A form sent is no longer kept as typed: the server's answer shows it again. (An
  // editable field's own answer replaces it, so it stays dirty until then.)
  document.addEventListener("htmx:beforeRequest", function (event) {
    const form = event.detail.elt;
    if (form.matches && form.matches("#live form") && !form.matches(EDITABLE)) {
      delete form.dataset.dirty;
    }
  });

  // A button that goes away with its own click (a word proposed from the cloud, the last
  // dot taken back) names where focus goes next: the message that says what happened, or
  // the row's other button.
  let focusFallbacks = "";
  let focusWasInLive = false;
  document.addEventListener("htmx:beforeSwap", function (event) {
    forgetSavedDraft(event);
    forgetSentText(event);
    const sent = event.detail.requestConfig && event.detail.requestConfig.elt;
    const status = event.detail.xhr.status;
    const isForm = Boolean(sent && sent.matches && sent.matches("form"));
    refused = isForm && status >= 400 ? sent : null;
    answered = isForm && status < 300 ? sent : null;
    const active = document.activeElement;
    const live = document.getElementById("live");
    focusWasInLive = Boolean(live && live.contains(active));
    focusFallbacks = (focusWasInLive && active.dataset.focusFallback) || "";
  });

  // A 200 to a form's own save means its text is stored: the draft is no longer needed.
  // This runs before the response replaces the form, so the restore after the swap
  // cannot bring the draft back.
  function forgetSavedDraft(event) {
    const form = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (!form || !form.matches(EDITABLE) || event.detail.xhr.status !== 200) return;
    store(storageKey("draft", parts(form).field), null);
  }

  // A new text the server took (2xx) is not brought back by the next refresh.
  function forgetSentText(event) {
    const form = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (!form || !form.matches || !form.matches("form[data-keep-draft]")) return;
    if (event.detail.xhr.status >= 300) return;
    form.querySelectorAll("textarea").forEach(function (field) {
      store(storageKey("new", field), null);
    });
  }

  // After the save response is in place, remember the version this tab saved, so the
  // "Saved." note comes back after the re-renders that the save itself causes.
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful) showServerTrouble(false);
    const form = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (!form || !form.matches(EDITABLE) || event.detail.xhr.status !== 200) return;
    const fresh = document.getElementById(form.id);
    if (fresh) store(storageKey("saved", parts(fresh).field), parts(fresh).base.value);
  });

  // htmx:afterSettle, not afterSwap: it comes once per answer, after its out-of-band parts.
  document.addEventListener("htmx:afterSettle", function () {
    document.querySelectorAll(".save-status[role=status]").forEach(function (status) {
      if (!status.textContent.trim()) delete status.dataset.shownAt;
      else if (!status.dataset.shownAt) status.dataset.shownAt = String(Date.now());
    });
    refused = null;
    answered = null;
    refresh();
    // The panel whose save just closed it had the focus: its "Edit" takes it back.
    const active = document.activeElement;
    const closed = active && active.closest && active.closest("details:not([open])");
    if (closed) closed.querySelector("summary").focus();
    // Focus left with an element that is gone (the "Previous" button on the first stage):
    // the element it names, else the stage heading, rather than the top of the page.
    if (focusWasInLive && (!document.activeElement || document.activeElement === document.body)) {
      const target = focusFallbacks.split(" ").concat(["stage-heading"])
        .map(function (id) { return id && document.getElementById(id); })
        .find(Boolean);
      if (target) target.focus();
    }
    focusFallbacks = "";
    focusWasInLive = false;
  });

  // A form someone was typing in is gone from the new screen (the brainstorm ended, the
  // stage moved on): show what they typed, to copy, instead of losing it.
  function rescueUnsent(form) {
    const box = document.getElementById("unsent");
    if (!box) return;
    const typed = Array.from(form.querySelectorAll("input[type=text], textarea"))
      .map(function (field) { return field.value.trim(); })
      .filter(Boolean);
    if (!typed.length) return;
    const text = box.querySelector("textarea");
    text.value = (text.value ? text.value + "\n" : "") + typed.join("\n");
    box.hidden = false;
    box.focus();
  }

  // Text shown as unsent that is back in its own field (the stage came back) is not lost.
  function forgetUnsent(text) {
    const box = document.getElementById("unsent");
    if (!box || box.hidden) return;
    const kept = box.querySelector("textarea");
    kept.value = kept.value.replace(text.trim(), "").replace(/\n{2,}/g, "\n").trim();
    if (!kept.value) box.hidden = true;
  }

  document.addEventListener("click", function (event) {
    if (event.target.id !== "unsent-dismiss") return;
    const box = document.getElementById("unsent");
    box.hidden = true;
    box.querySelector("textarea").value = "";
  });

  // Bring every editable form on the page up to date with what this tab knows.
  function refresh() {
    document.querySelectorAll(NEW_TEXT).forEach(function (field) {
      const text = load(storageKey("new", field));
      if (text && !field.value && !field.form.dataset.dirty) {
        field.value = text;
        field.form.dataset.dirty = "1";
      }
    });
    document.querySelectorAll(EDITABLE).forEach(function (form) {
      if (!parts(form).field || !parts(form).base) return;
      restoreDraft(form);
      showSavedNote(form);
      markStale(form);
    });
    announceStage();
  }

  // A draft whose field was re-rendered without it (the stage changed and came back, or
  // the page was loaded again) goes back into the field, with its starting version.
  function restoreDraft(form) {
    const p = parts(form);
    const key = storageKey("draft", p.field);
    const draft = load(key);
    if (!draft || draft.text === p.field.value) {
      // The field shows the draft already, or the server has these very words.
      if (draft && !form.dataset.dirty) store(key, null);
      return;
    }
    if (form.dataset.dirty) return;
    p.field.value = draft.text;
    p.base.value = draft.base;
    form.dataset.dirty = "1";
    if (p.draftNote) p.draftNote.hidden = false;
    forgetUnsent(draft.text);
  }

  // "Saved." stays for the person who saved until they type again or someone else saves.
  function showSavedNote(form) {
    const p = parts(form);
    const key = storageKey("saved", p.field);
    const version = load(key);
    if (version === null) return;
    if (version !== p.base.value) store(key, null);
    else if (p.savedNote && !form.dataset.dirty) p.savedNote.hidden = false;
  }

  // Warn when someone else saved a newer version of a field this person is editing.
  function markStale(form) {
    const meta = document.getElementById(form.id.replace(/^form-/, "meta-"));
    const warning = meta && meta.querySelector(".stale-warning");
    if (warning) {
      warning.hidden = !(form.dataset.dirty && meta.dataset.version !== parts(form).base.value);
    }
  }

  function stageOnScreen() {
    const heading = document.getElementById("stage-heading");
    return heading ? heading.dataset.stage : null;
  }

  // A screen reader hears the new stage's heading when the stage changes under it.
  function announceStage() {
    const heading = document.getElementById("stage-heading");
    const announcer = document.getElementById("stage-announcer");
    if (!heading || !announcer) return;
    if (heading.dataset.stage !== shownStage) {
      announcer.textContent = heading.textContent.replace(/\s+/g, " ").trim();
    }
    shownStage = heading.dataset.stage;
  }

  // A request that never reached the server, or a server error: say so until one works.
  function showServerTrouble(show) {
    const notice = document.getElementById("server-trouble");
    if (notice) notice.hidden = !show;
  }

  document.addEventListener("htmx:sendError", function () {
    showServerTrouble(true);
  });

  document.addEventListener("htmx:responseError", function (event) {
    if (event.detail.xhr.status >= 500) showServerTrouble(true);
  });

  document.addEventListener("htmx:beforeOnLoad", function (event) {
    if (event.detail.xhr.getResponseHeader("HX-Redirect")) leaving = true;
  });

  window.addEventListener("beforeunload", function (event) {
    if (!leaving && document.querySelector("form[data-dirty]")) event.preventDefault();
  });

  // Logging out forgets this tab's drafts, so the next person to log in here never sees them.
  document.addEventListener("submit", function (event) {
    if (!event.target.matches("form[data-forget-drafts]")) return;
    try {
      Object.keys(sessionStorage).forEach(function (key) {
        if (key.startsWith("draft ") || key.startsWith("saved ")) sessionStorage.removeItem(key);
      });
    } catch (error) {
      // Storage is blocked, so it holds no drafts either.
    }
  });

  document.addEventListener("focusin", function (event) {
    if (event.target.matches("input[data-select-on-focus]")) event.target.select();
  });

  // A copy button next to a link: copies its input's value (or, without the clipboard,
  // selects it for the person to copy).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-copy]");
    if (!button) return;
    var input = document.getElementById(button.dataset.copy);
    if (!input) return;
    input.focus();
    input.select();
    if (navigator.clipboard) navigator.clipboard.writeText(input.value).catch(function () {});
  });

  // A link to a closed panel (a value of stage 7) opens it before the page scrolls there,
  // and so does a page opened at its address.
  function openPanel(id) {
    var panel = id && document.getElementById(id);
    if (panel && panel.tagName === "DETAILS") panel.open = true;
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-opens]");
    if (link) openPanel(link.dataset.opens);
  });
  if (location.hash) openPanel(decodeURIComponent(location.hash.slice(1)));

  refresh();
})();
