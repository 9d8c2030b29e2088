/*
 * Omniline agent desktop, digital side: the chats, emails and SMS the agent holds, each opened
 * into its transcript with a reply box (the reply goes out in the conversation's own channel),
 * transfer, end and wrap-up; and the customer's history on every channel, each thread one click
 * away. Text only, like the rest of the app: an HTML email is shown as its text, never as HTML.
 */
(function () {
  "use strict";
  var o, open = null, openCustomer = null, openView = null;
  /** The newest customer message each conversation had when the agent last looked at it. */
  var seen = {};
  var REPLY_LIMIT = 4000;
  var COUNT_FROM = 3200;
  /** The other side's typing shows this long after its last sign (the gateway passes one every two seconds). */
  var TYPING_SHOWN_MS = 6000;
  /** The agent's own typing is told to the visitor at most this often. */
  var TYPING_EVERY_MS = 2000;
  var typingTimer = null;
  var lastTypingSent = 0;

  document.addEventListener("omniline:agent", function () {
    open = null;
    o.$("conversation").hidden = true;
    o.$("history").hidden = true;
    var options = document.querySelector("#wrap-up select[name='disposition']").cloneNode(true);
    document.querySelector("#conversation-wrap-up select[name='disposition']").replaceWith(options);
    loadQuickReplies();
  });

  // Waiting times grow while nothing happens: the list is read again every ten seconds.
  setInterval(function () { if (!o.$("desktop").hidden) loadConversations(); }, 10000);

  /** After the desktop socket (re)connects: whatever changed while it was down. */
  document.addEventListener("omniline:reload", function () {
    loadConversations();
    if (open !== null) openConversation(open);
  });

  document.addEventListener("omniline:frame", function (event) {
    var frame = event.detail;
    // Typing changes nothing in the list: it only shows under the open conversation, and fades.
    if (frame.type === "typing") {
      if (frame.interactionId === open) showTyping();
      return;
    }
    loadConversations();
    if (frame.type === "offer") announceOffer(frame);
    if (frame.interactionId !== open) return;
    if (frame.type === "message") {
      hideTyping();
      loadTranscript(open);
    }
    if (frame.type === "conversation-closed" || frame.type === "conversation-updated") openConversation(open);
  });

  var words = window.OmnilineWords;

  /** A conversation's title: its channel, its subject if it has one, and when it began. */
  function label(interaction) {
    return [words.channel(interaction.channel), interaction.subject, words.when(interaction.startedAt)]
      .filter(function (part) { return part; }).join(" · ");
  }

  /** How long since, to the minute: the list changes once a minute, not under the agent's pointer. */
  function since(at) {
    var minutes = Math.floor((Date.now() - Date.parse(at)) / 60000);
    return minutes < 1 ? "under a minute" : minutes < 60 ? minutes + " min"
      : Math.floor(minutes / 60) + " h " + (minutes % 60) + " min";
  }

  function ago(at) {
    var minutes = Math.floor((Date.now() - Date.parse(at)) / 60000);
    return minutes < 1 ? "just now" : since(at) + " ago";
  }

  /**
   * Where the item stands, from its own times: waiting is said only of a customer who waits (an
   * offer not taken yet, or a message the agent has not answered), never of work in hand.
   */
  function workDetail(item) {
    var voice = item.channel === "voice";
    switch (item.state) {
      case "offered":
        return (voice ? "ringing" : "offered to you") + (item.waitingSince ? " · waiting " + since(item.waitingSince) : "");
      case "active":
        if (!voice && item.awaitingReplySince) return "waiting for your reply · " + since(item.awaitingReplySince);
        return (voice ? "on call" : "in progress") + (item.answeredAt ? " · answered " + ago(item.answeredAt) : "");
      case "wrap-up":
        return "ended · save a disposition";
      default:
        return item.state;
    }
  }

  var shownWork = "";

  /** Everything the list shows; drawing marks the open item read, so it is taken after drawing too. */
  function signature(items) {
    return JSON.stringify([items, open, seen, items.map(workDetail)]);
  }

  function customerOf(item) {
    return item.customerName || (item.customerId ? "Customer " + item.customerId : "Unknown " + (item.channel === "voice"
      ? "caller" : "visitor"));
  }

  /** The calls and conversations the agent holds, newest activity first, each with its unread mark. */
  function loadConversations() {
    o.api("GET", "/api/me/work").then(function (items) {
      o.$("work-empty").hidden = items.length > 0;
      // Drawn again only when something shown changed, so a button is not replaced as it is clicked.
      if (signature(items) === shownWork) return;
      o.fill(o.$("conversation-list"), items, workItem);
      shownWork = signature(items);
    }).catch(function () {});
  }

  function workItem(item) {
    var row = o.text("li", "", "work-item");
    row.dataset.conversation = item.id;
    row.dataset.state = item.state;
    var unread = item.lastCustomerMessageAt && item.id !== open && seen[item.id] !== item.lastCustomerMessageAt;
    if (item.id === open) {
      row.classList.add("open");
      seen[item.id] = item.lastCustomerMessageAt;
    }
    var show = o.text("button", "", "work-open");
    show.type = "button";
    show.appendChild(o.text("span", customerOf(item), "work-name"));
    if (unread) show.appendChild(o.text("span", "New", "unread"));
    show.appendChild(o.text("span", words.channel(item.channel) + (item.subject ? " · " + item.subject : ""), "work-channel"));
    show.appendChild(o.text("span", workDetail(item), "work-detail"));
    show.addEventListener("click", function () {
      if (item.channel === "voice") o.$("call").scrollIntoView(); else openConversation(item.id);
    });
    row.appendChild(show);
    if (item.state === "offered" && item.channel !== "voice") {
      var accept = o.text("button", "Accept", "accept primary");
      accept.type = "button";
      accept.addEventListener("click", function () {
        o.api("POST", "/api/conversations/" + item.id + "/accept").then(function () {
          o.$("digital-result").textContent = "Accepted: " + customerOf(item);
          loadConversations();
          o.loadState();
          openConversation(item.id);
        }).catch(function (error) { o.$("digital-result").textContent = error.message; });
      });
      row.appendChild(accept);
    }
    return row;
  }

  /** A new chat, email or SMS offered: a chime, and a desktop alert when the page is hidden and alerts are on. */
  function announceOffer(frame) {
    var chime = o.$("chat-chime");
    if (chime) chime.play().catch(function () {});
    if (document.hidden && "Notification" in window && Notification.permission === "granted") {
      new Notification("New conversation offered", { body: "Open Omniline to accept it.", tag: "offer-" + frame.interactionId });
    }
  }

  function loadQuickReplies() {
    o.api("GET", "/api/quick-replies").then(function (replies) {
      var select = o.$("quick-reply");
      select.replaceChildren(o.text("option", replies.length ? "Choose…" : "None yet"));
      select.firstChild.value = "";
      replies.forEach(function (reply) {
        var option = o.text("option", reply.title);
        option.value = reply.body;
        select.appendChild(option);
      });
    }).catch(function () {});
  }

  /** "Mia is typing…" under the transcript, until a message comes or a few seconds pass without a sign. */
  function showTyping() {
    o.$("conversation-typing").textContent = words.typing(authorOf({ authorKind: "customer" }));
    clearTimeout(typingTimer);
    typingTimer = setTimeout(hideTyping, TYPING_SHOWN_MS);
  }

  function hideTyping() {
    clearTimeout(typingTimer);
    o.$("conversation-typing").textContent = "";
  }

  /** Tells the visitor the agent is writing; a lost one is of no matter, the next keystroke sends another. */
  function tellTyping() {
    var now = Date.now();
    if (open === null || !openView || openView.interaction.channel !== "chat" || o.$("reply").hidden
      || now - lastTypingSent < TYPING_EVERY_MS) return;
    lastTypingSent = now;
    o.api("POST", "/api/conversations/" + open + "/typing").catch(function () {});
  }

  function openConversation(id) {
    o.api("GET", "/api/conversations/" + id).then(function (view) {
      if (open !== id) hideTyping();
      open = id;
      openView = view;
      var interaction = view.interaction;
      var customer = view.customer ? view.customer.customer : null;
      openCustomer = customer ? customer.id : null;
      o.$("conversation").hidden = false;
      o.$("conversation-title").textContent = label(interaction);
      o.$("conversation-state").textContent = words.status(interaction);
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
      o.$("conversation-result").textContent = interaction.state === "wrap_up"
        ? "The conversation has ended; save its wrap-up to finish." : "";
      loadTranscript(id);
      if (openCustomer !== null) {
        showHistory(openCustomer, null);
        o.showNotes(openCustomer, customer.displayName || "Customer " + customer.id);
      } else {
        o.hideNotes();
      }
      loadConversations();
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
    Promise.all([o.api("GET", "/api/conversations/" + id + "/messages"),
      o.api("GET", "/api/conversations/" + id + "/attachments")]).then(function (answers) {
      if (id !== open) return;
      var files = {};
      answers[1].forEach(function (file) { (files[file.messageId] = files[file.messageId] || []).push(file); });
      o.fill(o.$("transcript"), answers[0], function (message) { return messageItem(message, files[message.id], id); });
      var last = o.$("transcript").lastElementChild;
      if (last) last.scrollIntoView({ block: "nearest" });
    }).catch(function () {});
  }

  var DELIVERY = { queued: "sending…", sent: "sent", delivered: "delivered", failed: "not delivered" };

  function authorOf(message) {
    if (message.authorKind === "customer") {
      var customer = openView && openView.customer && openView.customer.customer;
      var claimed = openView && openView.interaction && openView.interaction.metadata && openView.interaction.metadata.visitor_name;
      return customer && customer.displayName || claimed || "Customer";
    }
    if (message.authorKind === "agent") return message.agentId === (openView && openView.interaction.agentId) ? "You" : "Agent";
    return { system: "System", bot: "Bot" }[message.authorKind] || message.authorKind;
  }

  /** One message as a bubble: who and when above, the text, its attachments and its delivery below. */
  function messageItem(message, files, conversation) {
    var item = o.text("li", "", "bubble from-" + message.authorKind);
    var subject = message.metadata && message.metadata.subject ? " · " + message.metadata.subject : "";
    var when = message.sentAt ? new Date(message.sentAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) : "";
    item.appendChild(o.text("span", authorOf(message) + subject + (when ? " · " + when : ""), "bubble-meta"));
    item.appendChild(o.text("p", bodyText(message), "bubble-body"));
    (files || []).forEach(function (file) {
      if (file.droppedReason) {
        item.appendChild(o.text("span", "📎 " + file.fileName + " (" + words.size(file.sizeBytes) + ", not kept: " + file.droppedReason + ")", "attachment"));
        return;
      }
      var link = o.text("a", "📎 " + file.fileName + " (" + words.size(file.sizeBytes) + ")", "attachment");
      link.href = "/api/conversations/" + conversation + "/attachments/" + file.id;
      link.download = file.fileName;
      item.appendChild(link);
    });
    if (message.authorKind === "agent" && message.deliveryState) {
      item.appendChild(o.text("span", DELIVERY[message.deliveryState] || message.deliveryState, "delivery"));
    }
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
  function send() {
    var box = o.$("reply-text");
    if (box.value.trim() === "") return;
    act("/messages", { text: box.value }, function () {
      box.value = "";
      count();
      o.$("conversation-result").textContent = "";
      loadTranscript(open);
    });
  }

  /** The counter shows only near the limit, so it speaks up when it matters. */
  function count() {
    var length = o.$("reply-text").value.length;
    var counter = o.$("reply-count");
    counter.textContent = length >= COUNT_FROM ? (REPLY_LIMIT - length) + " characters left" : "";
    counter.classList.toggle("at-limit", length >= REPLY_LIMIT);
  }

  o.$("reply").addEventListener("submit", function (event) {
    event.preventDefault();
    send();
  });
  o.$("reply-text").addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      send();
    }
  });
  o.$("reply-text").addEventListener("input", function () {
    count();
    tellTyping();
  });
  o.$("quick-reply").addEventListener("change", function (event) {
    var box = o.$("reply-text");
    if (!event.target.value) return;
    box.value = box.value ? box.value.replace(/\s*$/, " ") + event.target.value : event.target.value;
    event.target.value = "";
    count();
    box.focus();
  });

  o.$("conversation-close").addEventListener("click", function () {
    act("/close", undefined, function () {
      openConversation(open);
      o.loadState();
    });
  });

  o.$("conversation-wrap-up").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    act("/wrap-up", { disposition: form.disposition.value, notes: form.notes.value }, function () {
      o.$("digital-result").textContent = "Wrap-up saved: " + form.disposition.options[form.disposition.selectedIndex].text;
      form.notes.value = "";
      o.$("conversation").hidden = true;
      open = null;
      loadConversations();
      o.loadState();
      // The customer is no longer in hand, so their history and notes close (the server would refuse them now).
      o.$("history").hidden = true;
      o.hideNotes();
      openCustomer = null;
    });
  });

  o.$("conversation-transfer").addEventListener("submit", function (event) {
    event.preventDefault();
    var queue = event.target.queue.value;
    act("/transfer", { queue: queue }, function () {
      o.$("digital-result").textContent = "Transferred to " + queue;
      o.$("conversation").hidden = true;
      o.hideNotes();
      open = null;
      loadConversations();
    });
  });

  o.$("conversation-history").addEventListener("click", function () { showHistory(openCustomer, null); });

  o.$("digital-on").addEventListener("click", function () {
    o.api("PUT", "/api/me/digital", { capacity: Number(o.$("capacity").value) }).then(function (presence) {
      o.$("digital-result").textContent = "Taking up to " + presence.capacity + " at a time";
      o.loadState();
      // Asked once, on a click (browsers ask only then): alerts for new chats while the page is hidden.
      if ("Notification" in window && Notification.permission === "default") Notification.requestPermission();
    }).catch(function (error) { o.$("digital-result").textContent = error.message; });
  });

  o.$("digital-off").addEventListener("click", function () {
    o.api("DELETE", "/api/me/digital").then(function () {
      o.$("digital-result").textContent = "No new ones; those you hold stay with you";
      o.loadState();
    }).catch(function (error) { o.$("digital-result").textContent = error.message; });
  });

  function showThread(entry) {
    o.fill(o.$("history-thread"), entry.messages, function (message) {
      var who = { customer: "Customer", agent: "Agent", system: "System", bot: "Bot" }[message.authorKind] || message.authorKind;
      var subject = message.metadata && message.metadata.subject ? " [" + message.metadata.subject + "]" : "";
      return o.text("li", who + subject + ": " + bodyText(message), "from-" + message.authorKind);
    });
  }

  /** The customer's interactions on every channel, newest first; a click shows one thread. */
  function showHistory(customerId, focus) {
    o.api("GET", "/api/customers/" + customerId + "/timeline?size=20").then(function (entries) {
      o.$("history").hidden = false;
      o.$("history-thread").replaceChildren();
      o.fill(o.$("history-list"), entries, function (entry) {
        var interaction = entry.interaction;
        var item = o.text("li", "");
        var show = o.text("button", words.contact(interaction));
        show.type = "button";
        show.dataset.interaction = interaction.id;
        show.addEventListener("click", function () { showThread(entry); });
        item.appendChild(show);
        var metadata = interaction.metadata || {};
        var voicemail = metadata.voicemail;
        if (interaction.outcome === "voicemail" && voicemail && voicemail.message) {
          item.appendChild(o.recording("Play voicemail", "/api/interactions/" + interaction.id + "/voicemail",
            "Voicemail of " + label(interaction),
            "This recording cannot be played: it is not in the voicemail store Omniline reads (not copied yet, or moved)"));
        }
        if (metadata.csat && metadata.csat.score) {
          item.appendChild(o.text("p", words.rating(metadata.csat.score), "timeline-rating"));
        }
        if (metadata.csatComment) {
          item.appendChild(o.recording("Play the caller's comment", "/api/interactions/" + interaction.id + "/survey-comment",
            "Survey comment on " + label(interaction),
            "This comment cannot be played: it is not in the comment folder Omniline reads (not copied yet, or deleted)"));
        }
        if (interaction.notes) item.appendChild(o.text("p", "Notes: " + interaction.notes, "timeline-notes"));
        if (interaction.id === focus) showThread(entry);
        return item;
      });
    }).catch(function (error) { o.$("digital-result").textContent = error.message; });
  }
})();
