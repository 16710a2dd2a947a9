"use strict";
// The print button needs a script; without JavaScript it stays hidden and the browser's own Print still works.
document.querySelectorAll("[data-print]").forEach(function (b) {
  b.hidden = false;
  b.addEventListener("click", function () { window.print(); });
});
