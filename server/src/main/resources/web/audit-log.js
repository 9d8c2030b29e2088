/*
 * Omniline admin: the audit log. Every change to the settings, newest first, a page at a time,
 * filtered by who, what and when; times in the admin's own language and time zone, each change
 * in the sentence the server writes for it, with its raw details a click away.
 */
(function () {
  "use strict";
  var WHEN = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric",
    hour: "numeric", minute: "2-digit", second: "2-digit", timeZoneName: "short" });
  var FIELDS = ["who", "what", "from", "to"];
  var o = window.omniline;
  var query = "", before = null;

  document.addEventListener("omniline:admin", function () {
    o.$("audit-admin").hidden = false;
    show(o.$("audit-form"));
  });

  /** A datetime-local value is the admin's own clock; the API wants an instant. */
  function instant(value) {
    return value ? new Date(value).toISOString() : "";
  }

  function question(form) {
    var parts = [];
    ["who", "what"].forEach(function (field) {
      if (form[field].value.trim()) parts.push(field + "=" + encodeURIComponent(form[field].value.trim()));
    });
    ["from", "to"].forEach(function (field) {
      if (form[field].value) parts.push(field + "=" + encodeURIComponent(instant(form[field].value)));
    });
    return parts.join("&");
  }

  function row(entry) {
    var tr = document.createElement("tr");
    tr.dataset.action = entry.action;
    var when = o.text("td", WHEN.format(new Date(entry.at)));
    when.dataset.sort = entry.at;
    tr.appendChild(when);
    tr.appendChild(o.text("td", entry.actor));
    var what = o.text("td", "");
    what.appendChild(o.text("span", entry.summary, "summary"));
    var raw = document.createElement("details");
    raw.appendChild(o.text("summary", "details"));
    var list = document.createElement("dl");
    list.appendChild(o.text("dt", "change"));
    list.appendChild(o.text("dd", entry.action + " of " + entry.entityKind + " " + entry.entityId));
    Object.keys(entry.details || {}).forEach(function (key) {
      var value = entry.details[key];
      list.appendChild(o.text("dt", key));
      list.appendChild(o.text("dd", typeof value === "object" && value !== null ? JSON.stringify(value) : value));
    });
    raw.appendChild(list);
    what.appendChild(raw);
    tr.appendChild(what);
    return tr;
  }

  function load(more) {
    var path = "/api/audit?" + query + (more && before ? (query ? "&" : "") + "before=" + before : "");
    return o.api("GET", path).then(function (page) {
      var body = document.querySelector("#audit tbody");
      if (!more) body.replaceChildren();
      page.entries.forEach(function (entry) { body.appendChild(row(entry)); });
      before = page.before;
      o.$("audit-more").hidden = before === null;
      o.$("audit-result").textContent = body.rows.length ? body.rows.length + " changes shown" + (before ? "; older ones below" : "")
        : "No change matches.";
    }).catch(function (error) {
      var beside = FIELDS.indexOf(error.field) >= 0 && o.$("audit-" + error.field + "-problem");
      (beside || o.$("audit-result")).textContent = error.message;
    });
  }

  function show(form) {
    FIELDS.forEach(function (field) { o.$("audit-" + field + "-problem").textContent = ""; });
    o.$("audit-result").textContent = "";
    if (form.from.value && form.to.value && instant(form.from.value) >= instant(form.to.value)) {
      o.$("audit-to-problem").textContent = "The end of the period must be after its start.";
      return;
    }
    query = question(form);
    before = null;
    load(false);
  }

  o.$("audit-form").addEventListener("submit", function (event) {
    event.preventDefault();
    show(event.target);
  });
  o.$("audit-more").addEventListener("click", function () { load(true); });
})();
