/* Wagtail's admin widgets started without inline scripts, which the admin's Content-Security-Policy refuses.

   Where Wagtail writes <script>initDateChooser("id", {…})</script> or <script>new PageChooser("id", {…})</script>,
   our overrides (qms/security/templates/, qms/security/admin_widgets.py) leave
   <span hidden data-qms-init="initDateChooser" data-qms-init-args='["id", {…}]'>; this makes the same call, in
   document order, for the page as served and for markup added later (dialogs, modals, new inline forms). Only the
   names below can be called. */
(function () {
    "use strict";
    var CALLS = {
        initDateChooser: "call", initTimeChooser: "call", initDateTimeChooser: "call", createTaskChooser: "call",
        Chooser: "new", PageChooser: "new", DocumentChooser: "new", ImageChooser: "new", SnippetChooser: "new",
        InlinePanel: "new", MultipleChooserPanel: "new"
    };

    function start(marker) {
        var name = marker.getAttribute("data-qms-init"), target = window[name], args;
        if (marker.hasAttribute("data-qms-init-done") || !CALLS.hasOwnProperty(name) || typeof target !== "function") {
            return;
        }
        try { args = JSON.parse(marker.getAttribute("data-qms-init-args") || "[]"); } catch (e) { return; }
        marker.setAttribute("data-qms-init-done", "");
        if (CALLS[name] === "new") {
            new (Function.prototype.bind.apply(target, [null].concat(args)))();
        } else {
            target.apply(window, args);
        }
    }

    function scan(root) {
        if (root.matches && root.matches("[data-qms-init]")) { start(root); }
        if (root.querySelectorAll) { root.querySelectorAll("[data-qms-init]").forEach(start); }
    }

    function init() {
        scan(document);
        new MutationObserver(function (mutations) {
            mutations.forEach(function (mutation) { mutation.addedNodes.forEach(scan); });
        }).observe(document.body, {childList: true, subtree: true});
    }

    if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
