/*
 * Omniline admin: the quick replies agents insert into their answers. A refused one is explained
 * beside the field it is about (the API names the field), never as a database message.
 */
(function () {
  "use strict";
  var o = window.omniline;

  document.addEventListener("omniline:admin", function () {
    o.$("quick-replies-admin").hidden = false;
    load();
  });

  function load() {
    o.api("GET", "/api/quick-replies").then(function (replies) {
      o.fill(o.$("quick-reply-list"), replies, function (reply) {
        var item = o.text("li", "");
        item.dataset.quickReply = reply.id;
        item.appendChild(o.text("strong", reply.title));
        item.appendChild(o.text("span", " " + reply.body));
        var remove = o.text("button", "Delete");
        remove.type = "button";
        remove.setAttribute("aria-label", "Delete quick reply " + reply.title);
        remove.addEventListener("click", function () {
          o.api("DELETE", "/api/quick-replies/" + reply.id).then(function () {
            o.$("quick-reply-result").textContent = "Deleted " + reply.title;
            load();
          }).catch(function (error) { o.$("quick-reply-result").textContent = error.message; });
        });
        item.appendChild(remove);
        return item;
      });
    }).catch(function (error) { o.$("quick-reply-result").textContent = error.message; });
  }

  o.$("quick-reply-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    ["title", "body"].forEach(function (field) { o.$("quick-reply-" + field + "-problem").textContent = ""; });
    o.$("quick-reply-result").textContent = "";
    o.api("POST", "/api/quick-replies", { title: form.title.value, body: form.body.value }).then(function (reply) {
      o.$("quick-reply-result").textContent = "Added " + reply.title;
      form.reset();
      load();
    }).catch(function (error) {
      var beside = error.field && o.$("quick-reply-" + error.field + "-problem");
      (beside || o.$("quick-reply-result")).textContent = error.message;
    });
  });
})();
