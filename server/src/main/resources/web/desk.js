/*
 * Omniline agent desktop, digital side: the chats, emails and SMS the agent holds, each opened
 * into its transcript with a reply box (the reply goes out in the conversation's own channel),
 * transfer, end and wrap-up; and the customer's history on every channel, each thread one click
 * away. Text only, like the rest of the app: an HTML email is shown as its text, never as HTML.
 */
(function () {
  "use strict";
  var o, open = null, openCustomer = null;

  document.addEventListener("omniline:agent", function () {
    open = null;
    o.$("conversation").hidden = true;
    o.$("history").hidden = true;
    var options = document.querySelector("#wrap-up select[name='disposition']").cloneNode(true);
    document.querySelector("#conversation-wrap-up select[name='disposition']").replaceWith(options);
  });

  /** After the desktop socket (re)connects: whatever changed while it was down. */
  document.addEventListener("omniline:reload", function () {
    loadConversations();
    if (open !== null) openConversation(open);
  });

  document.addEventListener("omniline:frame", function (event) {
    var frame = event.detail;
    loadConversations();
    if (frame.interactionId !== open) return;
    if (frame.type === "message") loadTranscript(open);
    if (frame.type === "conversation-closed" || frame.type === "conversation-updated") openConversation(open);
  });

  function label(interaction) {
    return interaction.channel + " #" + interaction.id + (interaction.subject ? " · " + interaction.subject : "");
  }

  function loadConversations() {
    o.api("GET", "/api/me/conversations").then(function (conversations) {
      o.fill(o.$("conversation-list"), conversations, function (conversation) {
        var item = o.text("li", "");
        item.dataset.conversation = conversation.id;
        var show = o.text("button", label(conversation));
        show.type = "button";
        show.addEventListener("click", function () { openConversation(conversation.id); });
        item.appendChild(show);
        item.appendChild(o.text("span", " " + conversation.state.replace("_", "-")));
        if (conversation.state === "offered") {
          var accept = o.text("button", "Accept");
          accept.type = "button";
          accept.className = "accept";
          accept.addEventListener("click", function () {
            o.api("POST", "/api/conversations/" + conversation.id + "/accept").then(function () {
              loadConversations();
              openConversation(conversation.id);
            }).catch(function (error) { o.$("digital-result").textContent = error.message; });
          });
          item.appendChild(accept);
        }
        return item;
      });
    }).catch(function () {});
  }

  function openConversation(id) {
    o.api("GET", "/api/conversations/" + id).then(function (view) {
      open = id;
      var interaction = view.interaction;
      var customer = view.customer ? view.customer.customer : null;
      openCustomer = customer ? customer.id : null;
      o.$("conversation").hidden = false;
      o.$("conversation-title").textContent = label(interaction);
      o.$("conversation-state").textContent = interaction.state.replace("_", "-");
      var identities = view.customer ? view.customer.identities : [];
      var unidentified = identities.length === 0;
      o.$("conversation-customer").textContent = (customer ? (customer.displayName || "Customer " + customer.id) : "Unknown customer")
        + (unidentified ? " · not identified" : " · " + identities.map(function (identity) {
          return identity.identity.value;
        }).join(", "));
      o.$("conversation-identified").textContent = view.identifiedBy ? "Identified by " + view.identifiedBy : "";
      showClaims(view.claims || []);
      showSuggestion(id, view.suggestion);
      o.$("conversation-find").hidden = !unidentified;
      o.$("conversation-matches").replaceChildren();
      o.$("reply").hidden = interaction.state !== "active";
      o.$("conversation-transfer").hidden = interaction.state !== "active";
      o.$("conversation-close").hidden = interaction.state !== "active";
      o.$("conversation-wrap-up").hidden = interaction.state !== "wrap_up";
      o.$("conversation-history").hidden = openCustomer === null;
      o.$("conversation-result").textContent = "";
      loadTranscript(id);
    }).catch(function (error) { o.$("digital-result").textContent = error.message; });
  }

  /** What the visitor typed into the form: claims, shown as such until a code proves them. */
  function showClaims(claims) {
    o.$("conversation-claims").hidden = claims.length === 0;
    o.$("conversation-claims").textContent = "Typed in the chat form: " + claims.map(function (claim) {
      return claim.kind + " " + claim.value + (claim.verified ? " (verified by code)" : " (not verified)");
    }).join(", ");
  }

  function showSuggestion(id, suggestion) {
    o.$("suggestion").hidden = !suggestion;
    if (!suggestion) return;
    o.$("suggestion-name").textContent = suggestion.displayName || "Customer " + suggestion.customerId;
    o.$("suggestion-why").textContent = "matches the " + suggestion.matchedBy.join(" and ").replace(/claimed /g, "")
      + " the visitor typed";
    o.$("suggestion-link").onclick = function () { linkConversation(id, suggestion.link); };
  }

  function linkConversation(id, link) {
    o.api("POST", "/api/conversations/" + id + "/customer", { link: link }).then(function () {
      openConversation(id);
    }).catch(function (error) { o.$("conversation-result").textContent = error.message; });
  }

  /**
   * A search for the customer a caller or visitor says they are: a few results, contact details
   * masked, each with a link button the agent uses after checking.
   */
  function findCustomers(interactionId, query, list, result, onLink) {
    result.textContent = "";
    o.api("GET", "/api/customers/search?interaction=" + interactionId + "&q=" + encodeURIComponent(query))
      .then(function (found) {
        if (found.length === 0) result.textContent = "Nobody matches " + query;
        o.fill(list, found, function (match) {
          var item = o.text("li", "");
          item.appendChild(o.text("span", (match.displayName || "Customer " + match.customerId) + " · "
            + match.identities.join(", ") + " (matched by " + match.matchedBy + ")"));
          var link = o.text("button", "Link after checking");
          link.type = "button";
          link.addEventListener("click", function () { onLink(match.link); });
          item.appendChild(link);
          return item;
        });
      }).catch(function (error) { result.textContent = error.message; });
  }

  function loadTranscript(id) {
    o.api("GET", "/api/conversations/" + id + "/messages").then(function (messages) {
      if (id === open) o.fill(o.$("transcript"), messages, messageItem);
    }).catch(function () {});
  }

  function messageItem(message) {
    var who = { customer: "Customer", agent: "Agent", system: "System", bot: "Bot" }[message.authorKind] || message.authorKind;
    var subject = message.metadata && message.metadata.subject ? " [" + message.metadata.subject + "]" : "";
    var item = o.text("li", who + subject + ": " + bodyText(message));
    item.className = "from-" + message.authorKind;
    return item;
  }

  /** An HTML email as the text a reader would see: parsed in an inert document, nothing runs or loads. */
  function bodyText(message) {
    if (message.contentType && message.contentType.indexOf("text/html") === 0) {
      return new DOMParser().parseFromString(message.body, "text/html").body.textContent;
    }
    return message.body;
  }

  function act(path, body, then) {
    o.api("POST", "/api/conversations/" + open + path, body).then(then)
      .catch(function (error) { o.$("conversation-result").textContent = error.message; });
  }

  o = window.omniline;
  o.showHistory = showHistory;
  o.findCustomers = findCustomers;

  o.$("conversation-find").addEventListener("submit", function (event) {
    event.preventDefault();
    var id = open;
    findCustomers(id, event.target.query.value, o.$("conversation-matches"), o.$("conversation-result"), function (link) {
      linkConversation(id, link);
    });
  });
  o.$("reply").addEventListener("submit", function (event) {
    event.preventDefault();
    var box = event.target.text;
    act("/messages", { text: box.value }, function () {
      box.value = "";
      loadTranscript(open);
    });
  });

  o.$("conversation-close").addEventListener("click", function () {
    act("/close", undefined, function () { openConversation(open); });
  });

  o.$("conversation-wrap-up").addEventListener("submit", function (event) {
    event.preventDefault();
    act("/wrap-up", { disposition: event.target.disposition.value, notes: event.target.notes.value }, function () {
      o.$("conversation").hidden = true;
      open = null;
      loadConversations();
    });
  });

  o.$("conversation-transfer").addEventListener("submit", function (event) {
    event.preventDefault();
    act("/transfer", { queue: event.target.queue.value }, function () {
      o.$("conversation").hidden = true;
      open = null;
      loadConversations();
    });
  });

  o.$("conversation-history").addEventListener("click", function () { showHistory(openCustomer, null); });

  o.$("digital-on").addEventListener("click", function () {
    o.api("PUT", "/api/me/digital", { capacity: Number(o.$("capacity").value) }).then(function (presence) {
      o.$("digital-result").textContent = "Taking up to " + presence.capacity + " at a time";
    }).catch(function (error) { o.$("digital-result").textContent = error.message; });
  });

  o.$("digital-off").addEventListener("click", function () {
    o.api("DELETE", "/api/me/digital").then(function () {
      o.$("digital-result").textContent = "No new ones; those you hold stay with you";
    }).catch(function (error) { o.$("digital-result").textContent = error.message; });
  });

  /** The customer's interactions on every channel, newest first; a click shows one thread. */
  function showHistory(customerId, focus) {
    o.api("GET", "/api/customers/" + customerId + "/timeline?size=20").then(function (entries) {
      o.$("history").hidden = false;
      o.$("history-thread").replaceChildren();
      o.fill(o.$("history-list"), entries, function (entry) {
        var interaction = entry.interaction;
        var item = o.text("li", "");
        var show = o.text("button", label(interaction) + " · " + interaction.startedAt.substring(0, 16).replace("T", " ")
          + " · " + interaction.state + (interaction.outcome ? " · " + interaction.outcome.replace(/_/g, " ") : "")
          + (interaction.disposition ? " · " + interaction.disposition : ""));
        show.type = "button";
        show.dataset.interaction = interaction.id;
        show.addEventListener("click", function () { o.fill(o.$("history-thread"), entry.messages, messageItem); });
        item.appendChild(show);
        var voicemail = interaction.metadata && interaction.metadata.voicemail;
        if (interaction.outcome === "voicemail" && voicemail && voicemail.message) {
          var play = o.text("button", "Play voicemail");
          play.type = "button";
          play.addEventListener("click", function () {
            var audio = document.createElement("audio");
            audio.controls = true;
            audio.src = "/api/interactions/" + interaction.id + "/voicemail";
            audio.setAttribute("aria-label", "Voicemail of " + label(interaction));
            audio.addEventListener("error", function () {
              play.replaceWith(o.text("span", "This recording cannot be played: it is not in the voicemail store Omniline reads (not copied yet, or moved)", "error"));
            });
            play.replaceWith(audio);
            audio.play().catch(function () {});
          });
          item.appendChild(play);
        }
        if (interaction.id === focus) o.fill(o.$("history-thread"), entry.messages, messageItem);
        return item;
      });
    }).catch(function (error) { o.$("digital-result").textContent = error.message; });
  }
})();
