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

  // Ask before destructive actions.
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (ev) {
      if (!window.confirm(el.dataset.confirm)) { ev.preventDefault(); }
    });
  });
})();
