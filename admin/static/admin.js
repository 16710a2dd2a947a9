"use strict";
// Small helpers for the console; every page also works without JavaScript.
(function () {
  // Live phone preview: the server renders the reply exactly as the bot would (admin.content.preview).
  var form = document.getElementById("entry-form");
  var box = document.getElementById("preview");
  if (form && box && window.fetch && window.FormData) {
    var timer = null;
    var refresh = function () {
      fetch(form.dataset.preview, {method: "POST", body: new FormData(form), credentials: "same-origin"})
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) { if (html !== null) { box.innerHTML = html; } })
        .catch(function () { /* keep the last preview when offline */ });
    };
    var later = function () { clearTimeout(timer); timer = setTimeout(refresh, 350); };
    form.addEventListener("input", later);
    form.addEventListener("change", later);
  }

  // One more citation row.
  var more = document.getElementById("more-citation");
  if (more) {
    more.hidden = false;
    more.addEventListener("click", function () {
      var rows = document.querySelectorAll(".cite-row");
      var copy = rows[rows.length - 1].cloneNode(true);
      copy.querySelectorAll("input").forEach(function (i) { i.value = ""; });
      copy.querySelectorAll("select").forEach(function (s) { s.selectedIndex = 0; });
      rows[rows.length - 1].after(copy);
    });
  }

  // Record a clip in the browser: the recording becomes the upload form's file, to listen to before sending.
  var recordButton = document.getElementById("audio-record");
  var fileInput = document.getElementById("audio-file");
  if (recordButton && fileInput && window.MediaRecorder && window.DataTransfer && navigator.mediaDevices) {
    var recorder = null;
    var chunks = [];
    var status = document.getElementById("audio-status");
    var preview = document.getElementById("audio-preview");
    recordButton.hidden = false;
    recordButton.addEventListener("click", function () {
      if (recorder && recorder.state === "recording") { recorder.stop(); return; }
      navigator.mediaDevices.getUserMedia({audio: true}).then(function (stream) {
        chunks = [];
        recorder = new MediaRecorder(stream);
        recorder.addEventListener("dataavailable", function (e) { if (e.data && e.data.size) { chunks.push(e.data); } });
        recorder.addEventListener("stop", function () {
          stream.getTracks().forEach(function (t) { t.stop(); });
          var type = recorder.mimeType || "audio/webm";
          var file = new File(chunks, "ghi-am-trinh-duyet.webm", {type: type});
          var files = new DataTransfer();
          files.items.add(file);
          fileInput.files = files.files;
          preview.src = URL.createObjectURL(file);
          preview.hidden = false;
          recordButton.textContent = "🎙 Ghi lại";
          status.textContent = "Đã ghi xong: nghe thử rồi bấm Tải lên.";
        });
        recorder.start();
        recordButton.textContent = "⏹ Dừng ghi";
        status.textContent = "Đang ghi âm…";
      }).catch(function () { status.textContent = "Trình duyệt không cho dùng micro; hãy chọn tệp âm thanh."; });
    });
  }

  // On a phone the tabs fold behind "☰ Menu" (the CSS shows the button only on narrow screens).
  var toggle = document.querySelector("nav.main .menu-toggle");
  if (toggle) {
    var items = document.getElementById(toggle.getAttribute("aria-controls"));
    document.documentElement.classList.add("js-menu");
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      items.classList.toggle("open", open);
    });
  }

  // Ask before destructive actions.
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (ev) {
      if (!window.confirm(el.dataset.confirm)) { ev.preventDefault(); }
    });
  });
})();
