/* The print view's button (kept out of inline scripts so a strict Content-Security-Policy can forbid them). */
(function () {
    "use strict";
    var button = document.getElementById("print-button");
    if (button) { button.addEventListener("click", function () { window.print(); }); }
})();
