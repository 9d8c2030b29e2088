/*
 * Omniline admin: per-queue settings. Today one: whether callers hear the satisfaction survey (the
 * published flow "survey") after the agent hangs up. A change is saved at once and audited.
 */
(function () {
  "use strict";
  var o = window.omniline;

  document.addEventListener("omniline:admin", function () {
    o.$("queue-settings-admin").hidden = false;
    load();
  });

  function load() {
    o.api("GET", "/api/queues/settings").then(function (settings) {
      o.fill(o.$("queue-settings"), settings, row);
    }).catch(function (error) { o.$("queue-settings-result").textContent = error.message; });
  }

  function row(setting) {
    var tr = document.createElement("tr");
    tr.dataset.queue = setting.queue;
    tr.appendChild(o.text("td", setting.queue));
    var cell = document.createElement("td");
    var label = document.createElement("label");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.checked = setting.surveysEnabled;
    box.addEventListener("change", function () {
      o.$("queue-settings-result").textContent = "";
      o.api("PUT", "/api/queues/" + encodeURIComponent(setting.queue) + "/settings", { surveysEnabled: box.checked })
        .then(function (saved) {
          o.$("queue-settings-result").textContent = "Surveys " + (saved.surveysEnabled ? "on" : "off") + " in " + saved.queue;
        }).catch(function (error) {
          box.checked = !box.checked;
          o.$("queue-settings-result").textContent = error.message;
        });
    });
    label.appendChild(box);
    label.appendChild(document.createTextNode(" Survey after the call"));
    cell.appendChild(label);
    tr.appendChild(cell);
    return tr;
  }
})();
