/*
 * Omniline agent desktop: notes about the customer in hand (the caller, or the open conversation's
 * customer), written for whoever serves them next on any channel, newest first with who wrote
 * them and when. Text only: a note is set with textContent, whatever was typed into it. The server
 * lets an agent read and write them only while serving the customer.
 */
(function () {
  "use strict";
  var o = window.omniline;
  var words = window.OmnilineWords;
  var customer = null;

  function show(customerId, name) {
    if (customer !== customerId) {
      o.$("note-form").reset();
      o.$("note-body-problem").textContent = "";
      o.$("note-result").textContent = "";
    }
    customer = customerId;
    o.$("notes-customer").textContent = name;
    load();
  }

  function hide() {
    customer = null;
    o.$("customer-notes").hidden = true;
  }

  function load() {
    var asked = customer;
    o.api("GET", "/api/customers/" + asked + "/notes").then(function (notes) {
      if (asked !== customer) return;
      o.$("customer-notes").hidden = false;
      o.$("notes-empty").hidden = notes.length > 0;
      o.fill(o.$("notes-list"), notes, function (note) {
        var item = o.text("li", "", "note");
        item.appendChild(o.text("p", note.body, "note-body"));
        item.appendChild(o.text("span", words.byline(note.authorName, note.createdAt), "note-meta"));
        return item;
      });
    }).catch(function (error) {
      if (asked !== customer) return;
      o.$("customer-notes").hidden = false;
      o.$("note-result").textContent = error.message;
    });
  }

  o.$("note-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    o.$("note-body-problem").textContent = "";
    o.$("note-result").textContent = "";
    o.api("POST", "/api/customers/" + customer + "/notes", { body: form.body.value }).then(function () {
      form.reset();
      o.$("note-result").textContent = "Note saved";
      load();
    }).catch(function (error) {
      var beside = error.field === "body" && o.$("note-body-problem");
      (beside || o.$("note-result")).textContent = error.message;
    });
  });

  document.addEventListener("omniline:agent", hide);

  o.showNotes = show;
  o.hideNotes = hide;
})();
