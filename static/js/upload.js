// Resumable uploads with tus-js-client: each file has its own progress bar,
// and an interrupted upload resumes where it stopped (also after a reload,
// when the same file is chosen again). Without JavaScript the form posts normally.
(function () {
  const form = document.getElementById("upload-form");
  if (!form || !window.tus || !tus.isSupported) return;
  const list = document.getElementById("upload-progress");
  const csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;

  function item(file) {
    const li = document.createElement("li");
    li.className = "upload-item mb-2";
    li.innerHTML = '<div class="d-flex justify-content-between"><span class="name"></span><span class="status small"></span></div><progress max="100" value="0"></progress>';
    li.querySelector(".name").textContent = file.name;
    li.querySelector("progress").setAttribute("aria-label", file.name);
    list.appendChild(li);
    return li;
  }

  function reason(error) {
    const response = error && error.originalResponse;
    if (response) {
      try { return JSON.parse(response.getBody()).error; } catch (e) { /* not ours */ }
    }
    return form.dataset.networkError || "The connection was lost. Choose the file again to resume.";
  }

  function send(file, kind, date) {
    const li = item(file);
    const status = li.querySelector(".status");
    const bar = li.querySelector("progress");
    const upload = new tus.Upload(file, {
      endpoint: form.dataset.tusEndpoint,
      // The server says how large a request may be (settings.UPLOAD_CHUNK_BYTES): fewer, larger requests.
      chunkSize: Number(form.dataset.chunkSize) || 5 * 1024 * 1024,
      retryDelays: [0, 1000, 3000, 5000, 10000, 20000, 30000],
      removeFingerprintOnSuccess: true,
      headers: { "X-CSRFToken": csrf },
      metadata: { filename: file.name, filetype: file.type || "", kind: kind, document_date: date || "" },
      onProgress(sent, total) {
        const pct = Math.floor((sent / total) * 100);
        bar.value = pct;
        status.textContent = pct + "%";
      },
      onError(error) {
        li.classList.add("text-danger");
        bar.value = 0;
        status.textContent = "";
        const p = document.createElement("div");
        p.className = "small error";
        p.setAttribute("role", "alert");
        p.textContent = reason(error);
        li.appendChild(p);
      },
      onSuccess() {
        bar.value = 100;
        status.textContent = "✓";
        li.classList.add("text-success");
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
    const kind = form.querySelector("[name=kind]").value;
    const date = form.querySelector("[name=document_date]").value;
    Array.from(input.files).forEach((file) => send(file, kind, date));
    input.value = "";
  });
})();
