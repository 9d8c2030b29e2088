/*
 * The callbacks callers asked for in the IVR, in plain words: on the agent desktop those of the
 * agent's queues, on the supervisor's page all of them, open ones first. Re-read every 10 s while
 * the page shows them (Omniline places them by itself; this only says where each stands).
 */
(function () {
  "use strict";
  var timer = null;

  function when(iso) {
    return iso ? new Date(iso).toLocaleString([], { dateStyle: "short", timeStyle: "short" }) : "";
  }

  function render(o, callback) {
    var item = o.text("li", "", "callback " + callback.state);
    item.dataset.callback = callback.id;
    item.appendChild(o.text("strong", callback.number));
    item.appendChild(document.createTextNode(" · " + callback.queue + " · asked " + when(callback.requestedAt) + " · "));
    item.appendChild(o.text("span", callback.status, "callback-status"));
    if (callback.nextAttemptAt && callback.attempts > 0) item.appendChild(document.createTextNode(" · next try " + when(callback.nextAttemptAt)));
    return item;
  }

  function load(listId) {
    var o = window.omniline;
    var note = o.$(listId + "-note");
    o.api("GET", "/api/callbacks").then(function (callbacks) {
      note.textContent = callbacks.length ? "" : "No callbacks asked for.";
      o.fill(o.$(listId), callbacks, function (callback) { return render(o, callback); });
    }).catch(function (error) {
      note.textContent = "Callbacks could not be loaded: " + error.message;
    });
  }

  function follow(listId) {
    if (timer) clearInterval(timer);
    load(listId);
    timer = setInterval(function () {
      if (!document.getElementById(listId).closest("main").hidden) load(listId);
    }, 10000);
  }

  document.addEventListener("omniline:agent", function () { follow("callback-list"); });
  document.addEventListener("omniline:staff", function () { follow("staff-callback-list"); });
})();
