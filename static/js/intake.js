// The intake's step pages: nothing typed is lost.
// - Autosave: a change is sent to the server shortly after the patient stops typing (the same POST as "Save
//   draft", marked X-Autosave), with the step's version and the snapshot the page was based on, so a save from
//   an older page never overwrites newer answers silently (intake/stepsave.py merges and reports conflicts).
// - The status beside the save buttons says when the answers were last saved, or that they are not (offline,
//   failing, case submitted), and the answers stay on the page.
// - Leaving with unsaved changes: a step link saves first; closing or reloading the tab warns.
// - After a save with problems, the summary at the top takes the focus; each field's message is beside it.
(function () {
  const form = document.querySelector("form[data-autosave]");
  const status = document.getElementById("autosave-status");
  const summary = document.getElementById("save-summary");
  if (summary) {
    summary.focus();
    summary.scrollIntoView({ block: "start" });
  }
  keepFocusClearOfStickyBar();
  if (!form || !status || !window.fetch || !window.FormData) return;

  const DEBOUNCE_MS = 1500;
  const RETRY_MS = 10000;
  let dirty = false; // changed since the last save was sent
  let inFlight = null; // the save being sent
  let timer = null;
  let submitting = false;
  let locked = false;
  let lastSavedAt = status.dataset.savedAt || "";

  function text(name, time) {
    return (status.dataset[name] || "").replace("{time}", time || "");
  }

  function clock(iso) {
    if (!iso) return "";
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return iso;
    return date.toLocaleTimeString(document.documentElement.lang || undefined, { hour: "2-digit", minute: "2-digit" });
  }

  function show(message, kind) {
    status.textContent = message;
    status.classList.toggle("text-danger", kind === "error");
    status.classList.toggle("text-warning-emphasis", kind === "warning");
    status.classList.toggle("text-muted", !kind);
    status.dataset.state = kind || "ok";
  }

  function schedule(delay) {
    if (locked) return;
    clearTimeout(timer);
    timer = setTimeout(save, delay);
  }

  function changed(event) {
    if (locked || submitting) return;
    if (event.target.closest && event.target.closest("#upload-form")) return;
    dirty = true;
    show(text("textDirty"), "warning");
    if (event.target.matches && event.target.matches("input[name^='_choose:'][value='saved']")) useSaved(event.target);
    schedule(event.type === "change" ? 300 : DEBOUNCE_MS);
  }

  function useSaved(radio) {
    setValues(radio.closest(".conflict").dataset.field, JSON.parse(radio.dataset.savedValues || "[]"));
  }

  // Writes an answer saved on another device into this page (not into a field being typed in right now).
  function setValues(name, values) {
    form.querySelectorAll(`[name="${CSS.escape(name)}"]`).forEach((field) => {
      if (field === document.activeElement && dirty) return;
      if (field.type === "checkbox" || field.type === "radio") {
        field.checked = values.includes(field.value) || (values.includes("on") && !field.hasAttribute("value"));
      } else if (field.multiple) {
        Array.from(field.options).forEach((o) => { o.selected = values.includes(o.value); });
      } else {
        field.value = values[0] || "";
      }
    });
  }

  function body() {
    const data = new FormData(form);
    data.delete("next");
    data.set("save", "1");
    return data;
  }

  async function save() {
    if (inFlight || locked) return inFlight;
    if (!dirty) return null;
    dirty = false;
    show(text("textSaving"));
    inFlight = (async () => {
      let response;
      try {
        response = await fetch(window.location.href, {
          method: "POST",
          body: body(),
          headers: { "X-Autosave": "1", "X-Requested-With": "fetch" },
          credentials: "same-origin",
          redirect: "manual",
        });
      } catch (error) {
        return failed(navigator.onLine === false ? "textOffline" : "textFailed");
      }
      const type = response.headers.get("Content-Type") || "";
      if (response.status === 409 && type.includes("json")) {
        const answer = await response.json();
        locked = true;
        dirty = true; // the text on the page was not saved: keep warning before leaving
        show(answer.message, "error");
        return false;
      }
      if (!response.ok || !type.includes("json")) return failed("textFailed");
      applied(await response.json());
      return true;
    })();
    try {
      return await inFlight;
    } finally {
      inFlight = null;
      if (dirty && !locked) schedule(DEBOUNCE_MS);
    }
  }

  function failed(which) {
    dirty = true;
    show(text(which), "error");
    schedule(RETRY_MS);
    return false;
  }

  function applied(answer) {
    form.querySelector("[name=_version]").value = answer.version;
    form.querySelector("[name=_base]").value = answer.base;
    Object.entries(answer.new_ids || {}).forEach(([name, id]) => {
      const input = form.querySelector(`[name="${CSS.escape(name)}"]`);
      if (input) input.value = id;
    });
    Object.entries(answer.taken || {}).forEach(([name, values]) => setValues(name, values));
    markErrors(answer.errors || {}, answer.conflicts || []);
    const box = document.getElementById("save-problems");
    if (box && box.innerHTML.trim() !== answer.problems_html.trim()) {
      const focusInside = box.contains(document.activeElement);
      box.innerHTML = answer.problems_html;
      if (focusInside) { const s = document.getElementById("save-summary"); if (s) s.focus(); }
    }
    if (answer.saved && answer.saved_at_iso) lastSavedAt = answer.saved_at_iso;
    const time = clock(lastSavedAt);
    const problems = Object.keys(answer.errors || {}).length + (answer.conflicts || []).length
      + (answer.row_conflicts || []).length;
    if (dirty) show(text("textDirty"), "warning");
    else if (problems) show(text("textProblems", time), "warning");
    else show(text("textSaved", time));
  }

  // Messages the autosave found, beside their fields (those the page did not already show).
  function markErrors(errors, conflicts) {
    form.querySelectorAll(".autosave-error").forEach((el) => el.remove());
    form.querySelectorAll("[data-autosave-invalid]").forEach((el) => {
      el.classList.remove("is-invalid");
      el.removeAttribute("data-autosave-invalid");
      el.removeAttribute("aria-invalid");
    });
    const names = { ...errors };
    conflicts.forEach((name) => { if (!names[name]) names[name] = ""; });
    Object.entries(names).forEach(([name, message]) => {
      const field = form.querySelector(`[name="${CSS.escape(name)}"]:not([type=hidden])`);
      if (!field) return;
      field.classList.add("is-invalid");
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("data-autosave-invalid", "");
      if (!message) return;
      const note = document.createElement("div");
      note.className = "invalid-feedback d-block autosave-error";
      note.id = `${field.id || name}-autosave-error`;
      note.textContent = message;
      field.setAttribute("aria-describedby", note.id);
      (field.closest(".form-check, .mb-3, div") || field).appendChild(note);
    });
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  // A button pressed while an autosave is on its way waits for it: the autosave writes the ids of new rows into
  // the page, and without them this post would add those rows a second time.
  form.addEventListener("submit", (event) => {
    clearTimeout(timer);
    if (inFlight && !locked) {
      event.preventDefault();
      const button = event.submitter;
      const again = () => (form.requestSubmit ? form.requestSubmit(button || undefined) : form.submit());
      inFlight.finally(() => setTimeout(again, 0)); // after save() has let go of inFlight
      return;
    }
    submitting = true;
  });
  window.addEventListener("online", () => { if (dirty) schedule(0); });

  // Closing or reloading the tab with unsaved changes: the browser asks.
  window.addEventListener("beforeunload", (event) => {
    if (submitting || (!dirty && !inFlight)) return;
    event.preventDefault();
    event.returnValue = "";
  });

  // A link (a step, "Back", the menu): save first, then go; if saving fails, ask.
  document.addEventListener("click", async (event) => {
    const link = event.target.closest("a[href]");
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    const href = link.getAttribute("href");
    if (!href || href.startsWith("#") || link.target === "_blank") return;
    if (!dirty && !inFlight) return;
    event.preventDefault();
    clearTimeout(timer);
    let ok = await (inFlight || save());
    if (ok !== false && dirty) ok = await save();
    if (ok === false && !window.confirm(text("textLeave"))) return;
    submitting = true; // nothing left to warn about
    window.location.href = link.href;
  });
})();

// The sticky save bar must never cover the field that has the focus (keyboard users tab under it), also when
// the bar grows (its status line wraps to two lines after a save with problems) while the patient types.
function keepFocusClearOfStickyBar() {
  const bar = document.querySelector(".step-bar");
  if (!bar) return;
  const clear = (field) => {
    if (!field || field === document.body || bar.contains(field)) return;
    const barTop = bar.getBoundingClientRect().top;
    const box = field.getBoundingClientRect();
    const overlap = box.bottom + 8 - barTop;
    if (overlap > 0 && box.top - overlap > 0) window.scrollBy(0, overlap);
  };
  document.addEventListener("focusin", (event) => clear(event.target));
  if (window.ResizeObserver) new ResizeObserver(() => clear(document.activeElement)).observe(bar);
}
