// Resumable uploads with tus-js-client: each file has its own progress bar with MB done and time left, and an
// interrupted upload resumes where it stopped: by itself when the connection returns, and after the page is
// opened again (the file is kept in this browser's IndexedDB until it is stored or refused, where the browser
// allows; otherwise the patient is asked to choose the same file again). A refused file never shows a tick:
// its resume record is dropped, so choosing it again uploads it again and is refused again.
// Without JavaScript the form posts normally.
(function () {
  const form = document.getElementById("upload-form");
  if (!form || !window.tus || !tus.isSupported) return;
  const list = document.getElementById("upload-progress");
  const csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  const endpoint = form.dataset.tusEndpoint;
  const KEEP_MAX_BYTES = 512 * 1024 * 1024; // files kept for a resume after reload (larger: choose again)

  function words(name, values) {
    let out = form.dataset[name] || "";
    Object.entries(values || {}).forEach(([k, v]) => { out = out.replace(`{${k}}`, v); });
    return out;
  }

  // --- Files waiting to finish, kept across reloads ---------------------------------------------------------
  const store = {
    open() {
      if (!window.indexedDB) return Promise.reject(new Error("no IndexedDB"));
      return new Promise((resolve, reject) => {
        const request = indexedDB.open("mdt-uploads", 1);
        request.onupgradeneeded = () => request.result.createObjectStore("pending");
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    },
    run(mode, fn) {
      return this.open().then((db) => new Promise((resolve, reject) => {
        const tx = db.transaction("pending", mode);
        const result = fn(tx.objectStore("pending"));
        tx.oncomplete = () => resolve(result && result.result);
        tx.onerror = () => reject(tx.error);
      })).catch(() => null);
    },
    put(key, value) { return this.run("readwrite", (s) => s.put(value, key)); },
    remove(key) { return this.run("readwrite", (s) => s.delete(key)); },
    all() {
      return this.open().then((db) => new Promise((resolve) => {
        const out = [];
        const cursor = db.transaction("pending").objectStore("pending").openCursor();
        cursor.onsuccess = () => {
          const c = cursor.result;
          if (!c) return resolve(out);
          out.push({ key: c.key, value: c.value });
          c.continue();
        };
        cursor.onerror = () => resolve(out);
      })).catch(() => []);
    },
  };

  function keyFor(file) {
    return [endpoint, file.name, file.size, file.lastModified].join("|");
  }

  // --- One file -------------------------------------------------------------------------------------------
  function item(name) {
    const li = document.createElement("li");
    li.className = "upload-item mb-2";
    li.innerHTML = '<div class="d-flex flex-wrap justify-content-between gap-2"><span class="name"></span><span class="status small"></span></div><progress max="100" value="0"></progress><div class="small text-muted detail"></div>';
    li.querySelector(".name").textContent = name;
    li.querySelector("progress").setAttribute("aria-label", name);
    list.appendChild(li);
    return li;
  }

  function refusal(error) {
    const response = error && error.originalResponse;
    if (!response) return null;
    const status = response.getStatus();
    if (status < 400 || status >= 500) return null;
    try { return JSON.parse(response.getBody()).error || ""; } catch (e) { return ""; }
  }

  function mb(bytes) {
    return (bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0);
  }

  // "0.0 of 0.0 MB" for a 3 KB report reads as nothing sent: below 1 MB the count is in KB.
  function progressText(done, total) {
    if (total < 1024 * 1024 && form.dataset.textProgressKb) {
      const kb = (bytes) => String(Math.max(1, Math.round(bytes / 1024)));
      return words("textProgressKb", { done: done ? kb(done) : "0", total: kb(total) });
    }
    return words("textProgress", { done: mb(done), total: mb(total) });
  }

  function send(file, kind, date, note) {
    const key = keyFor(file);
    const li = item(file.name);
    const status = li.querySelector(".status");
    const bar = li.querySelector("progress");
    const detail = li.querySelector(".detail");
    if (note) detail.textContent = note;
    let started = null;
    let startBytes = 0;
    if (file.size <= KEEP_MAX_BYTES) store.put(key, { file, kind, date, endpoint });

    const upload = new tus.Upload(file, {
      endpoint,
      // The server says how large a request may be (settings.UPLOAD_CHUNK_BYTES): fewer, larger requests.
      chunkSize: Number(form.dataset.chunkSize) || 5 * 1024 * 1024,
      retryDelays: [0, 1000, 3000, 5000, 10000, 20000, 30000],
      removeFingerprintOnSuccess: true,
      headers: { "X-CSRFToken": csrf },
      metadata: { filename: file.name, filetype: file.type || "", kind: kind, document_date: date || "" },
      onProgress(sent, total) {
        const now = Date.now();
        if (started === null) { started = now; startBytes = sent; }
        const pct = Math.floor((sent / total) * 100);
        bar.value = pct;
        let text = progressText(sent, total);
        const rate = (sent - startBytes) / Math.max(1, (now - started) / 1000);
        if (rate > 0 && sent < total && now - started > 1500) {
          const seconds = (total - sent) / rate;
          text += " · " + (seconds < 60 ? words("textLeftSeconds") : words("textLeft", { minutes: Math.ceil(seconds / 60) }));
        }
        status.textContent = pct + "%";
        detail.textContent = text;
      },
      onError(error) {
        const refused = refusal(error);
        li.classList.add("text-danger");
        bar.value = 0;
        status.textContent = "";
        const p = document.createElement("div");
        p.className = "small error";
        p.setAttribute("role", "alert");
        p.textContent = refused || form.dataset.networkError;
        li.appendChild(p);
        if (refused !== null) {
          // Refused: forget it entirely, so that choosing it again is a new upload (and a new refusal).
          store.remove(key);
          upload.abort(true).catch(() => {});
        } else {
          window.addEventListener("online", () => { li.remove(); send(file, kind, date); }, { once: true });
        }
      },
      onSuccess() {
        bar.value = 100;
        status.textContent = "✓";
        detail.textContent = progressText(file.size, file.size);
        li.classList.add("text-success");
        store.remove(key);
        document.body.dispatchEvent(new Event("documents-changed"));
      },
    });
    upload.findPreviousUploads().then((previous) => {
      if (previous.length) upload.resumeFromPreviousUpload(previous[0]);
      upload.start();
    });
  }

  form.addEventListener("submit", (event) => {
    const input = form.querySelector("input[type=file]");
    if (!input.files.length) return; // let the server say a file is needed
    event.preventDefault();
    const kindField = form.querySelector("[name=kind]");
    const dateField = form.querySelector("[name=document_date]");
    Array.from(input.files).forEach((file) => send(file, kindField.value, dateField.value));
    // The next file is a new record: its kind and date are chosen afresh, never carried over.
    input.value = "";
    kindField.value = "";
    dateField.value = "";
  });

  // Opened again after an interruption: continue by itself with the kept file.
  store.all().then((entries) => {
    entries.filter((e) => e.value && e.value.endpoint === endpoint).forEach((e) => {
      send(e.value.file, e.value.kind, e.value.date, words("textResuming"));
    });
  });
  // Larger files are not kept: tus remembers where they stopped, so ask for the same file again.
  try {
    Object.keys(localStorage).filter((k) => k.startsWith("tus::")).forEach((k) => {
      const entry = JSON.parse(localStorage.getItem(k) || "{}");
      if (entry.size > KEEP_MAX_BYTES && entry.uploadUrl && entry.uploadUrl.indexOf(endpoint) !== -1) {
        const li = item(entry.metadata ? entry.metadata.filename : "");
        li.querySelector(".detail").textContent = words("textChooseAgain");
      }
    });
  } catch (e) { /* storage unavailable */ }
})();
