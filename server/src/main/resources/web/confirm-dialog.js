/*
 * Omniline admin: the yes/no question asked before anything destructive, in the page's own
 * dialog. The message names exactly what will happen; the answer is a promise of true or false.
 */
(function () {
  "use strict";

  function $(id) { return document.getElementById(id); }

  window.omnilineConfirm = function (message, yes) {
    var dialog = $("confirm-dialog");
    $("confirm-text").textContent = message;
    $("confirm-yes").textContent = yes;
    return new Promise(function (resolve) {
      function done(answer) {
        $("confirm-yes").onclick = null;
        $("confirm-no").onclick = null;
        dialog.close();
        resolve(answer);
      }
      $("confirm-yes").onclick = function () { done(true); };
      $("confirm-no").onclick = function () { done(false); };
      dialog.showModal();
    });
  };
})();
