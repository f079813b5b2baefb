// Warns a minute before an idle session ends (templates/_session_timeout.html), and lets the person stay.
// The server decides (cases.session_limits): before warning, the page asks it how long is really left, since
// another tab may have been busy. Typing or clicking here since the last request counts as being there, and
// extends the session without a dialog. Nothing on the page is ever reloaded or cleared.
(function () {
  const dialog = document.getElementById("session-timeout");
  if (!dialog || !window.bootstrap) return;
  const WARN_SECONDS = parseInt(dialog.dataset.warnSeconds, 10);
  const modal = bootstrap.Modal.getOrCreateInstance(dialog);
  let timer = null;
  let lastServerContact = Date.now();
  let lastInteraction = 0;

  ["keydown", "input", "pointerdown"].forEach((type) =>
    document.addEventListener(type, () => { lastInteraction = Date.now(); }, { capture: true, passive: true }));
  // Requests made by the page (forms sent with htmx, uploads) count as activity on the server too.
  document.addEventListener("htmx:afterRequest", (e) => {
    const headers = (e.detail.requestConfig && e.detail.requestConfig.headers) || {};
    if (!headers["X-MDT-Background"]) schedule(null);
  });

  function csrfToken() {
    const field = document.querySelector("[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function ask(method) {
    const headers = method === "POST" ? { "X-CSRFToken": csrfToken() } : { "X-MDT-Background": "true" };
    return fetch(dialog.dataset.statusUrl, { method, headers, credentials: "same-origin" })
      .then((r) => (r.ok ? r.json() : { seconds_left: 0 }))
      .then((data) => data.seconds_left);
  }

  function show(state) {
    dialog.querySelectorAll("[data-when]").forEach((el) => el.classList.toggle("d-none", el.dataset.when !== state));
    dialog.setAttribute("aria-labelledby", `session-timeout-${state}`);
    if (!dialog.classList.contains("show")) modal.show();
  }

  // secondsLeft null: the server just saw activity, so the full idle time is left (as when the page loaded).
  function schedule(secondsLeft) {
    if (secondsLeft === null) {
      lastServerContact = Date.now();
      secondsLeft = parseInt(dialog.dataset.idleSeconds, 10);
    }
    clearTimeout(timer);
    timer = setTimeout(check, Math.max(0, secondsLeft - WARN_SECONDS) * 1000);
  }

  function check() {
    if (lastInteraction > lastServerContact) return stay();
    ask("GET").then((left) => {
      if (left <= 0) return show("ended");
      if (left > WARN_SECONDS + 5) return schedule(left);
      show("warning");
      clearTimeout(timer);
      timer = setTimeout(check, left * 1000 + 1000);
    }).catch(() => schedule(WARN_SECONDS + 10)); // offline for a moment: ask again soon
  }

  function stay() {
    return ask("POST").then((left) => {
      if (left <= 0) return show("ended");
      lastServerContact = Date.now();
      modal.hide();
      schedule(left);
    }).catch(() => schedule(WARN_SECONDS + 10));
  }

  dialog.querySelector("[data-session-stay]").addEventListener("click", stay);
  document.addEventListener("visibilitychange", () => { if (!document.hidden) check(); });
  schedule(parseInt(dialog.dataset.secondsLeft, 10));
})();
