// Progressive enhancements; every page works without them.
document.addEventListener("change", (e) => {
  if (e.target.matches("[data-autosubmit]")) e.target.form.submit();
});

// A form that removes or ends something asks first (data-confirm holds the question, in the page's language).
document.addEventListener("submit", (e) => {
  const question = e.target.dataset && e.target.dataset.confirm;
  if (question && !window.confirm(question)) {
    e.preventDefault();
    e.stopImmediatePropagation();
  }
}, true);

// "Add another" for formsets: clone the empty form kept in a <template>.
document.addEventListener("click", (e) => {
  const button = e.target.closest("[data-formset-add]");
  if (!button) return;
  const prefix = button.dataset.formsetAdd;
  const total = document.getElementById(`id_${prefix}-TOTAL_FORMS`);
  const template = document.getElementById(`${prefix}-empty`);
  const index = parseInt(total.value, 10);
  const html = template.innerHTML.replace(/__prefix__/g, index);
  document.getElementById(`${prefix}-rows`).insertAdjacentHTML("beforeend", html);
  total.value = index + 1;
  // Focus the new row's first field (not its hidden id), so Tab and a screen reader carry on from there.
  focusFirstField(document.getElementById(`${prefix}-rows`).lastElementChild);
});

const FIELD = "input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])";

function focusFirstField(row) {
  const first = row && row.querySelector(FIELD);
  if (!first) return;
  first.focus();
  first.scrollIntoView({ block: "center" });
}

// A re-test added to a marker (?add=<code>#marker-<code>, after a round trip): its new, last result row.
// After "load": the browser's scroll to the #fragment would otherwise take the focus back to the page.
window.addEventListener("load", () => {
  if (!new URLSearchParams(window.location.search).get("add") || !window.location.hash) return;
  const marker = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
  const rows = marker ? marker.querySelectorAll(".biomarker-result") : [];
  setTimeout(() => focusFirstField(rows[rows.length - 1]), 0);
});

// Progress bars carry their width as data-width: our Content-Security-Policy forbids style attributes,
// but not styles set from a script. htmx.onLoad runs for the page and for every swapped-in fragment.
if (window.htmx) {
  htmx.onLoad((root) => {
    root.querySelectorAll("[data-width]").forEach((bar) => { bar.style.width = `${bar.dataset.width}%`; });
  });
}

// The records list (step_records.html) refreshes itself every 10 s while a file is still being read.
// A script rather than an hx-trigger filter, which htmx would have to eval.
// Marked as background so that it does not keep the session open (cases.session_limits).
setInterval(() => {
  const list = document.getElementById("documents");
  if (!window.htmx || !list || !list.querySelector("[data-pending]")) return;
  htmx.ajax("GET", list.getAttribute("hx-get"), { target: list, swap: "innerHTML", headers: { "X-MDT-Background": "true" } });
}, 10000);

// Urgent symptoms (step 3): any "yes" shows the seek-emergency-care alert at once, before the step is saved.
// The server renders the same alert after a save, so the warning does not depend on this script.
document.addEventListener("change", (e) => {
  if (!e.target.matches("[data-emergency-answer]")) return;
  const box = e.target.closest("[data-emergency]");
  const alert = box && box.querySelector("[data-emergency-alert]");
  if (!alert) return;
  const yes = box.querySelector('[data-emergency-answer][value="True"]:checked');
  alert.hidden = !yes;
  if (yes) alert.scrollIntoView({ block: "nearest" });
});

// Response assessments (cases/responses.html): choosing a criteria puts its worked example in the box,
// unless the box holds something other than an example (what was typed is never replaced).
document.addEventListener("change", (e) => {
  if (!e.target.matches("[data-example-target]")) return;
  const box = document.getElementById(e.target.dataset.exampleTarget);
  const examples = [...document.querySelectorAll("[data-example]")];
  const current = box.value.trim();
  if (current && !examples.some((pre) => pre.textContent.trim() === current)) return;
  const chosen = examples.find((pre) => pre.dataset.example === e.target.value);
  if (chosen) box.value = chosen.textContent;
});
// A table wider than the screen scrolls in its box: keyboard users must be able to reach and scroll it too.
function scrollableTables(root) {
  root.querySelectorAll(".table-responsive").forEach((box) => {
    if (box.scrollWidth > box.clientWidth + 1) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      const table = box.querySelector("table");
      const caption = table && table.querySelector("caption");
      const heading = box.previousElementSibling && /^H[1-6]$/.test(box.previousElementSibling.tagName) ? box.previousElementSibling : null;
      const name = (caption || heading || {}).textContent;
      if (name && !box.hasAttribute("aria-label")) box.setAttribute("aria-label", name.trim());
    } else if (box.getAttribute("tabindex") === "0") {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
    }
  });
}
document.addEventListener("DOMContentLoaded", () => scrollableTables(document));
window.addEventListener("resize", () => scrollableTables(document));
if (window.htmx) htmx.onLoad((root) => scrollableTables(root.querySelectorAll ? root : document));

// The browser's time zone, for a reader who has not chosen one (cases.timezones): times show in it from the next page.
(() => {
  let zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (err) { return; }
  if (!zone) return;
  const current = document.cookie.split("; ").find((c) => c.startsWith("mdt_tz="));
  if (current && decodeURIComponent(current.slice(7)) === zone) return;
  document.cookie = `mdt_tz=${encodeURIComponent(zone)}; path=/; max-age=31536000; SameSite=Lax`;
})();
