"use strict";
(function () {
  var log = document.getElementById("log");
  var form = document.getElementById("ask");
  var input = document.getElementById("q");
  var key = "hoagiai.session";
  var session = localStorage.getItem(key);
  if (!session || !/^[A-Za-z0-9_-]{1,64}$/.test(session)) {
    session = "w" + Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
    localStorage.setItem(key, session);
  }
  var lastId = Number(localStorage.getItem(key + ".after") || 0);

  function add(cls, text) {
    var div = document.createElement("div");
    div.className = "msg " + cls;
    var lines = text.split("\n");
    var citeIdx = lines.length - 1;
    if (cls === "bot" && /^Căn cứ:/.test(lines[citeIdx])) {
      div.textContent = lines.slice(0, citeIdx).join("\n").replace(/\s+$/, "");
      var cite = document.createElement("span");
      cite.className = "cite";
      cite.textContent = lines[citeIdx];
      div.appendChild(cite);
    } else {
      div.textContent = text;
    }
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
    return div;
  }

  function render(reply) {
    var div = add("bot", reply.text);
    if (reply.link) {
      var a = document.createElement("a");
      a.href = reply.link.url;
      a.textContent = "⬇ " + reply.link.filename;
      div.appendChild(document.createElement("br"));
      div.appendChild(a);
    }
    if (reply.audio) {
      var player = document.createElement("audio");
      player.controls = true;
      player.preload = "none";
      player.src = reply.audio.url;
      div.appendChild(player);
    }
    if (reply.buttons && reply.buttons.length) {
      var box = document.createElement("div");
      box.className = "btns";
      reply.buttons.forEach(function (b) {
        var btn = document.createElement("button");
        btn.type = "button";
        btn.textContent = b.label;
        btn.dataset.action = b.action;
        btn.addEventListener("click", function () { press(b); });
        box.appendChild(btn);
      });
      div.appendChild(box);
    }
    log.scrollTop = log.scrollHeight;  // the player and the buttons too, not only the text
  }

  function post(body) {
    body.session = session;
    return fetch("/api/chat", {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (data.error) { add("bot", "⚠ " + data.error); return; }
        data.replies.forEach(render);
      })
      .catch(function () { add("bot", "⚠ Mất kết nối. Bạn hãy thử gửi lại."); });
  }

  function press(b) { add("me", b.label); post({action: b.action}); }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    add("me", text);
    input.value = "";
    post({text: text});
  });
  document.getElementById("menu").addEventListener("click", function () { post({action: "menu"}); });

  function poll() {
    fetch("/api/messages?session=" + encodeURIComponent(session) + "&after=" + lastId)
      .then(function (r) { return r.json(); })
      .then(function (data) {
        (data.messages || []).forEach(function (m) { lastId = Math.max(lastId, m.id); render(m); });
        localStorage.setItem(key + ".after", String(lastId));
      })
      .catch(function () {})
      .then(function () { setTimeout(poll, 5000); });
  }

  // Hold-to-record: press and hold 🎙 (or hold Space/Enter on it), release to send the recording.
  var rec = document.getElementById("rec");
  var status = document.getElementById("rec-status");
  var recorder = null;
  var holding = false;
  var chunks = [];
  function say(text) { status.textContent = text; status.hidden = !text; }
  function startRecording() {
    if (recorder || holding) { return; }
    holding = true;
    navigator.mediaDevices.getUserMedia({audio: true}).then(function (stream) {
      if (!holding) { stream.getTracks().forEach(function (t) { t.stop(); }); return; }  // released already
      chunks = [];
      recorder = new MediaRecorder(stream);
      recorder.addEventListener("dataavailable", function (e) { if (e.data && e.data.size) { chunks.push(e.data); } });
      recorder.addEventListener("stop", function () {
        stream.getTracks().forEach(function (t) { t.stop(); });
        var blob = new Blob(chunks, {type: recorder.mimeType || "audio/webm"});
        recorder = null;
        rec.classList.remove("on");
        say("");
        if (blob.size) { sendVoice(blob); }
      });
      recorder.start();
      rec.classList.add("on");
      say("🎙 Đang ghi âm… thả tay để gửi.");
    }).catch(function () {
      holding = false;
      say("Trình duyệt chưa cho ghi âm. Bạn hãy cho phép dùng micro, hoặc gõ câu hỏi.");
    });
  }
  function stopRecording() {
    holding = false;
    if (recorder && recorder.state === "recording") { recorder.stop(); }
  }
  function sendVoice(blob) {
    add("me", "🎙 Tin nhắn thoại");
    var form = new FormData();
    form.append("session", session);
    form.append("file", blob, "ghi-am.webm");
    fetch("/api/voice", {method: "POST", body: form})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (data.error) { add("bot", "⚠ " + data.error); return; }
        data.replies.forEach(render);
      })
      .catch(function () { add("bot", "⚠ Mất kết nối. Bạn hãy thử gửi lại."); });
  }
  if (window.MediaRecorder && navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    rec.hidden = false;
    rec.addEventListener("pointerdown", function (e) { e.preventDefault(); startRecording(); });
    rec.addEventListener("pointerup", stopRecording);
    rec.addEventListener("pointerleave", stopRecording);
    rec.addEventListener("keydown", function (e) {
      if ((e.key === " " || e.key === "Enter") && !e.repeat) { e.preventDefault(); startRecording(); }
    });
    rec.addEventListener("keyup", function (e) { if (e.key === " " || e.key === "Enter") { stopRecording(); } });
  }

  post({text: "/start"});
  setTimeout(poll, 3000);
})();
