"use strict";
/* The web chat page: sends what the person types or presses to /api/chat and shows the replies.
   - The conversation is kept on the server: a reload restores it from /api/history (the session id is 128 random
     bits from crypto.getRandomValues, kept in localStorage).
   - Replies are drawn first, then scrolled: a reply that fits shows whole with its buttons; a long one shows from
     its start. Focus moves to the new reply and the buttons of older replies are disabled.
   - Slow networks: "Đang trả lời…" after 300 ms, nothing can be sent while a request is in flight, and a failed
     send keeps the text and offers "Gửi lại".
   - Screen readers: bot replies are announced through a role="log" region; emoji are hidden from them.
   - Recorded answers play in an <audio> player (preload="none"); holding 🎙 records a voice message for the
     staff desk (sent only after the person confirms). */
(function () {
  var log = document.getElementById("log");
  var announcer = document.getElementById("announce");
  var form = document.getElementById("ask");
  var input = document.getElementById("q");
  var sendButton = document.getElementById("send");
  var KEY = "hoagiai.session";
  var TYPING_MS = 300;
  var TIMEOUT_MS = 20000;
  var POLL_MS = 5000;
  var EMOJI = /(\p{Extended_Pictographic}(?:\uFE0F|\u200D\p{Extended_Pictographic})*\uFE0F?)/u;
  var busy = false;
  var session = localStorage.getItem(KEY);
  var lastId = Number(localStorage.getItem(KEY + ".after") || 0);

  if (!session || !/^[0-9a-f]{32}$/.test(session)) {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    session = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    localStorage.setItem(KEY, session);
    lastId = 0;
    localStorage.setItem(KEY + ".after", "0");
  }

  function fill(el, text) {
    text.split(EMOJI).forEach(function (part, i) {
      if (!part) { return; }
      if (i % 2) {
        var span = document.createElement("span");
        span.setAttribute("aria-hidden", "true");
        span.textContent = part;
        el.appendChild(span);
      } else {
        el.appendChild(document.createTextNode(part));
      }
    });
  }

  function writeBody(el, text, withCite) {
    var lines = text.split("\n");
    var cite = null;
    if (withCite && /^Căn cứ:/.test(lines[lines.length - 1])) {
      cite = lines.pop();
      while (lines.length && !lines[lines.length - 1].trim()) { lines.pop(); }
    }
    var afterBlock = false;
    lines.forEach(function (line, i) {
      var tel = /^📞 (\d{3,5})\b/u.exec(line);
      if (tel) {  // an emergency number: the whole line is a link to call it
        var a = document.createElement("a");
        a.href = "tel:" + tel[1];
        a.className = "tel";
        fill(a, line);
        el.appendChild(a);
        afterBlock = true;
        return;
      }
      if (i && !afterBlock) { el.appendChild(document.createTextNode("\n")); }
      afterBlock = false;
      fill(el, line);
    });
    if (cite) {
      var span = document.createElement("span");
      span.className = "cite";
      span.textContent = cite;
      el.appendChild(span);
    }
  }

  function bubble(who, text) {
    var div = document.createElement("div");
    div.className = "msg " + who;
    var whoText = document.createElement("span");
    whoText.className = "sr";
    whoText.textContent = who === "me" ? "Bạn: " : (who === "staff" ? "Cán bộ: " : "Trợ lý: ");
    div.appendChild(whoText);
    writeBody(div, text, who !== "me");
    log.appendChild(div);
    return div;
  }

  function liveButtons() { return Array.prototype.slice.call(log.querySelectorAll(".btns button:not([disabled])")); }

  function retire() { liveButtons().forEach(function (b) { b.disabled = true; }); }

  function render(reply) {
    var div = bubble(reply.from === "staff" ? "staff" : "bot", reply.text);
    if (reply.link) {
      var a = document.createElement("a");
      a.href = reply.link.url;
      a.className = "file";
      fill(a, "⬇ " + reply.link.filename);
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
        btn.dataset.action = b.action;
        fill(btn, b.label);
        btn.addEventListener("click", function () { if (!busy && !btn.disabled) { press(b); } });
        box.appendChild(btn);
      });
      div.appendChild(box);
    }
    return div;
  }

  function announce(text) {
    var line = document.createElement("p");
    line.textContent = text.replace(new RegExp(EMOJI.source, "gu"), "").trim();
    announcer.appendChild(line);
    while (announcer.childNodes.length > 3) { announcer.removeChild(announcer.firstChild); }
  }

  // Scroll after drawing: what is new fits -> the bottom (buttons in view); a long answer -> its start.
  function place(first) {
    var start = Math.max(first.offsetTop - 8, 0);
    if (log.scrollHeight - start <= log.clientHeight) {
      log.scrollTop = log.scrollHeight;
    } else {
      log.scrollTop = start;
    }
  }

  function show(replies, focus) {
    if (!replies || !replies.length) { return; }
    retire();
    var first = null;
    replies.forEach(function (r) {
      var el = render(r);
      first = first || el;
      announce(r.text);
    });
    place(first);
    if (focus) {
      first.setAttribute("tabindex", "-1");
      first.focus({preventScroll: true});
    }
  }

  var typing = null;
  var typingTimer = null;

  function setBusy(on) {
    busy = on;
    sendButton.disabled = on;
    form.setAttribute("aria-busy", on ? "true" : "false");
    clearTimeout(typingTimer);
    if (on) {
      typingTimer = setTimeout(function () {
        typing = document.createElement("div");
        typing.className = "msg bot typing";
        typing.setAttribute("role", "status");
        typing.textContent = "Đang trả lời…";
        log.appendChild(typing);
        log.scrollTop = log.scrollHeight;
      }, TYPING_MS);
    } else if (typing) {
      typing.remove();
      typing = null;
    }
  }

  function failed(retry, message) {
    var div = bubble("err", message);
    var box = document.createElement("div");
    box.className = "btns";
    var again = document.createElement("button");
    again.type = "button";
    again.textContent = "Gửi lại";
    again.addEventListener("click", function () {
      if (busy) { return; }
      div.remove();
      post(retry.body, retry);
    });
    box.appendChild(again);
    div.appendChild(box);
    if (retry.body.text && !input.value) { input.value = retry.body.text; }
    place(div);
  }

  function post(body, retry) {
    var live = liveButtons();
    live.forEach(function (b) { b.disabled = true; });
    setBusy(true);
    body.session = session;
    var ctrl = new AbortController();
    var kill = setTimeout(function () { ctrl.abort(); }, TIMEOUT_MS);
    fetch("/api/chat", {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body),
                        signal: ctrl.signal})
      .then(function (r) { return r.json().then(function (data) { return {status: r.status, data: data}; }); })
      .then(function (res) {
        clearTimeout(kill);
        setBusy(false);
        if (res.status >= 500) { throw new Error("server"); }
        if (res.data.error) {
          live.forEach(function (b) { b.disabled = false; });
          bubble("err", "⚠ " + res.data.error);
          return;
        }
        if (body.text && input.value === body.text) { input.value = ""; }
        if (res.data.erased) { log.textContent = ""; }
        show(res.data.replies, true);
      })
      .catch(function () {
        clearTimeout(kill);
        setBusy(false);
        live.forEach(function (b) { b.disabled = false; });
        failed(retry || {body: body}, "⚠ Chưa gửi được: mạng chậm hoặc mất kết nối. Nội dung của bạn vẫn còn, bấm Gửi lại.");
      });
  }

  function press(b) {
    var mine = bubble("me", b.label);
    place(mine);
    post({action: b.action}, {body: {action: b.action}});
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (busy) { return; }
    var text = input.value.trim();
    if (!text) { return; }
    place(bubble("me", text));
    input.value = "";
    post({text: text}, {body: {text: text}});
  });
  document.getElementById("menu").addEventListener("click", function () {
    if (!busy) { post({action: "menu"}); }
  });

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
    place(bubble("me", "🎙 Tin nhắn thoại"));
    var upload = new FormData();
    upload.append("session", session);
    upload.append("file", blob, "ghi-am.webm");
    fetch("/api/voice", {method: "POST", body: upload})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (data.error) { bubble("err", "⚠ " + data.error); return; }
        show(data.replies, true);
      })
      .catch(function () { bubble("err", "⚠ Mất kết nối. Bạn hãy thử gửi lại."); });
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

  function restore(turns) {
    var lastMine = -1;
    turns.forEach(function (t, i) { if (t.from === "me") { lastMine = i; } });
    turns.forEach(function (t, i) {
      if (t.from === "me") {
        if (t.text !== "/start") { bubble("me", t.text); }
        return;
      }
      var el = render(t);
      if (i < lastMine) { el.querySelectorAll("button").forEach(function (b) { b.disabled = true; }); }
    });
    log.scrollTop = log.scrollHeight;
  }

  function poll() {
    fetch("/api/messages?session=" + encodeURIComponent(session) + "&after=" + lastId)
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var fresh = (data.messages || []).filter(function (m) { return m.id > lastId; });
        fresh.forEach(function (m) { lastId = Math.max(lastId, m.id); });
        localStorage.setItem(KEY + ".after", String(lastId));
        show(fresh, false);
      })
      .catch(function () {})
      .then(function () { setTimeout(poll, POLL_MS); });
  }

  fetch("/api/history?session=" + encodeURIComponent(session))
    .then(function (r) { return r.json(); })
    .then(function (data) {
      lastId = Math.max(lastId, Number(data.after || 0));
      localStorage.setItem(KEY + ".after", String(lastId));
      if (data.turns && data.turns.length) { restore(data.turns); } else { post({text: "/start"}); }
    })
    .catch(function () { post({text: "/start"}); })
    .then(function () { setTimeout(poll, POLL_MS); });
})();
