/*
 * Omniline agent desktop: sign-in, the push socket, the phone and the screen pop (desk.js has the
 * chats, emails and SMS). Everything shown is set with textContent (and the page's CSP allows no
 * inline script), so what customers type is always text. The desktop socket reconnects by
 * itself and says plainly when it is down; after a reconnect the page reloads its state.
 */
(function () {
  "use strict";
  var csrf = null;
  var socket = null;
  var retryMs = 1000;
  var currentCall = null;
  var phonePanel = null;

  function $(id) { return document.getElementById(id); }

  function text(tag, value, cls) {
    var node = document.createElement(tag);
    node.textContent = value == null ? "" : String(value);
    if (cls) node.className = cls;
    return node;
  }

  function fill(list, items, render) {
    list.replaceChildren();
    (items || []).forEach(function (item) { list.appendChild(render(item)); });
  }

  function api(method, path, body) {
    var headers = { "Content-Type": "application/json" };
    if (method !== "GET") headers["X-CSRF-Token"] = csrf;
    return fetch(path, { method: method, headers: headers, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body) }).then(function (response) {
      if (response.status === 401) { showLogin(); throw new Error("signed out"); }
      return response.status === 204 ? null : response.json().then(function (json) {
        if (!response.ok) {
          var failure = new Error(json.error || response.statusText);
          failure.field = json.field || null;
          throw failure;
        }
        return json;
      });
    });
  }

  function showLogin() {
    $("signed-out").hidden = false;
    $("desktop").hidden = true;
    $("staff").hidden = true;
    $("logout").hidden = true;
    $("who").textContent = "";
    $("connection").textContent = "";
    $("phone-system").hidden = true;
    if (socket) { socket.onclose = null; socket.close(); socket = null; }
    if (phonePanel) phonePanel.close();
    phonePanel = null;
    if (stateTimer) clearInterval(stateTimer);
    stateTimer = null;
    shownState = null;
    // The next account to sign in here may not be an admin: the admin's tools wait to be shown again.
    document.querySelectorAll("#staff section[id$='-admin']").forEach(function (section) { section.hidden = true; });
  }

  /** Which phone rings for this agent; the softphone registers from here when it is theirs. */
  function mountPhone() {
    api("GET", "/api/me/phone").then(function (profile) {
      phonePanel = window.OmnilinePhonePanel.mount($("softphone"), profile, { ringUrl: "/sounds/ring.wav" });
      // The softphone transfers and calls back itself; the desk phone's forms go through AMI.
      $("transfer").hidden = !!phonePanel.softphone;
      $("call-back").hidden = !!phonePanel.softphone;
    }).catch(function (error) {
      $("softphone").textContent = "Your phone settings could not be loaded: " + error.message;
    });
  }

  var stateTimer = null;
  var shownState = null;

  function clock(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    var minutes = Math.floor(seconds / 60);
    return (minutes >= 60 ? Math.floor(minutes / 60) + " h " + (minutes % 60) + " min"
      : minutes + ":" + String(seconds % 60).padStart(2, "0"));
  }

  /**
   * The queue actions that make sense in each state: one cannot log in while logged in, nor be made
   * available while available. While the phone's state is unknown none is offered (Asterisk would
   * not hear it), and the state line alone says why.
   */
  var QUEUE_ACTIONS = {
    "logged-out": ["queues-login"],
    available: ["pause", "queues-logout"],
    paused: ["unpause", "queues-logout"],
    ringing: ["pause", "queues-logout"],
    "on-call": ["pause", "queues-logout"],
    "wrap-up": ["pause", "queues-logout"]
  };

  function showQueueActions(state) {
    var offered = QUEUE_ACTIONS[state.status] || [];
    // Busy while Asterisk has the phone paused (a pause forced mid-call): "Available" is the way back, not "Pause".
    if (state.status !== "paused" && state.pauseReason && offered.indexOf("pause") >= 0) offered = ["unpause", "queues-logout"];
    var focused = document.activeElement;
    ["queues-login", "queues-logout", "pause", "unpause"].forEach(function (id) {
      $(id).hidden = offered.indexOf(id) < 0;
    });
    $("pause-reason").hidden = $("pause").hidden;
    // A keyboard user whose button just went away (Pause became Available) stays in the state card.
    if (focused && focused.hidden && $("phone").contains(focused) && offered.length) $(offered[0]).focus();
  }

  /** The agent's state line: what it is, for how long, the wrap-up countdown and chat capacity. */
  function showState(state) {
    shownState = state;
    var status = $("agent-status");
    status.textContent = state.label;
    status.dataset.status = state.status;
    showQueueActions(state);
    $("agent-capacity").textContent = state.capacity == null
      ? "Not taking chats, emails or SMS" + (state.conversations ? " · " + state.conversations + " in hand" : "")
      : "Taking up to " + state.capacity + " chats, emails and SMS · " + state.activeConversations + " in progress, "
        + state.conversations + " in hand";
    tickState();
  }

  function tickState() {
    if (!shownState) return;
    var now = Date.now();
    $("agent-status-time").textContent = shownState.since ? "for " + clock((now - Date.parse(shownState.since)) / 1000) : "";
    var ends = shownState.wrapUpEndsAt ? Date.parse(shownState.wrapUpEndsAt) : null;
    $("agent-wrap-up").hidden = !(ends && ends > now);
    $("agent-wrap-up").textContent = ends && ends > now ? "Calls ring again in " + clock((ends - now) / 1000) : "";
    if (ends && ends <= now) { shownState.wrapUpEndsAt = null; loadState(); }
  }

  /** Asks the server where the agent is now; called after every action, frame, reload and reconnect. */
  function loadState() {
    return api("GET", "/api/me/state").then(showState).catch(function () {});
  }

  function start(me) {
    csrf = me.csrfToken;
    $("signed-out").hidden = true;
    $("logout").hidden = false;
    $("who").textContent = me.login + " (" + me.role + ")";
    if (me.role === "agent") {
      $("desktop").hidden = false;
      mountPhone();
      document.dispatchEvent(new CustomEvent("omniline:agent"));
      loadState();
      // Asterisk changes the phone's state without a desktop frame (a pause from the phone itself):
      // the clock ticks every second and the state is asked again every few.
      if (stateTimer) clearInterval(stateTimer);
      var ticks = 0;
      stateTimer = setInterval(function () {
        tickState();
        if (++ticks % 5 === 0) loadState();
      }, 1000);
      connect("/desktop/socket", handle, function () {
        loadCall();
        loadState();
        document.dispatchEvent(new CustomEvent("omniline:reload"));
      });
    } else {
      $("staff").hidden = false;
      $("staff-role").textContent = me.role;
      connect("/supervisor/socket", showQueues, function () {});
      document.dispatchEvent(new CustomEvent("omniline:staff"));
      if (me.role === "admin") document.dispatchEvent(new CustomEvent("omniline:admin"));
    }
  }

  function setConnection(up) {
    var badge = $("connection");
    badge.textContent = up ? "Connected" : "Disconnected — reconnecting…";
    badge.className = "connection " + (up ? "up" : "down");
    // With this page cut off, nothing is known of Asterisk either.
    if (!up) $("phone-system").hidden = true;
  }

  /** One push socket; on every (re)connect {@code reload} fetches what may have been missed. */
  function connect(path, onFrame, reload) {
    var again = function () { connect(path, onFrame, reload); };
    socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + path);
    socket.onopen = function () {
      retryMs = 1000;
      setConnection(true);
      reload();
    };
    socket.onmessage = function (event) { onFrame(JSON.parse(event.data)); };
    socket.onclose = function () {
      setConnection(false);
      setTimeout(function () {
        fetch("/auth/me", { credentials: "same-origin" }).then(function (response) {
          if (response.status === 401) showLogin(); else again();
        }, again);
      }, retryMs);
      retryMs = Math.min(retryMs * 2, 15000);
    };
  }

  /** How a ring that this agent did not answer ended, in the agent's words. */
  var RING_ENDED = {
    "no-answer": "missed — not answered in time",
    "answered-elsewhere": "answered by another agent",
    "caller-abandoned": "ended — the caller hung up while it rang",
    "queue-timeout": "ended — the caller waited too long and went back to the menu"
  };

  function showQueues(frame) {
    if (frame.type !== "queues") return;
    var live = frame.liveModel || { complete: true };
    $("live-model").hidden = live.complete;
    $("live-model").textContent = live.complete ? ""
      : "These figures may be incomplete: " + (live.reason || "Omniline is not in step with Asterisk") + "."
        + (frame.queues.some(function (queue) { return queue.phone; })
          ? " The call figures below are the last ones seen, not live." : "");
    // "Connected" is this page's link to Omniline; beside it, whether Omniline follows Asterisk.
    $("phone-system").hidden = false;
    $("phone-system").textContent = live.complete ? "Asterisk connected" : "Asterisk figures not live";
    $("phone-system").className = "connection " + (live.complete ? "up" : "down");
    $("wallboard").classList.toggle("stale", !live.complete);
    $("wallboard").setAttribute("aria-describedby", live.complete ? "" : "live-model");
    $("wallboard-empty").hidden = frame.queues.length > 0;
    $("wallboard-empty").textContent = live.complete ? "No queue to show yet." : "No queue to show until Asterisk is followed again.";
    // The tiles (queue-tiles.js) and the agents (floor.js) are drawn from the same frame.
    document.dispatchEvent(new CustomEvent("omniline:floor", { detail: frame }));
  }

  function handle(frame) {
    loadState();
    switch (frame.type) {
      case "notice":
        $("agent-notice").hidden = false;
        $("agent-notice").textContent = frame.text;
        break;
      case "pop": showPop(frame); break;
      case "ring-ended":
        // The pop no longer names a call ringing here: a call now ringing is another one.
        if (phonePanel && currentCall === frame.interactionId) phonePanel.clearPop();
        if (currentCall === frame.interactionId && $("call-state").textContent === "ringing") {
          $("call-state").textContent = RING_ENDED[frame.reason] || "no longer ringing";
        }
        document.dispatchEvent(new CustomEvent("omniline:frame", { detail: frame }));
        break;
      case "call-connected":
        if (currentCall === frame.interactionId) $("call-state").textContent = "on call";
        document.dispatchEvent(new CustomEvent("omniline:frame", { detail: frame }));
        break;
      case "call-ended":
        if (phonePanel && currentCall === frame.interactionId) phonePanel.clearPop();
        if (currentCall === frame.interactionId) {
          $("call-state").textContent = "wrap-up";
          $("wrap-up").hidden = false;
        }
        document.dispatchEvent(new CustomEvent("omniline:frame", { detail: frame }));
        break;
      case "offer": case "message": case "typing": case "conversation-closed": case "conversation-updated":
        document.dispatchEvent(new CustomEvent("omniline:frame", { detail: frame }));
        break;
    }
  }

  /** An empty section's word ("No earlier contacts", …) shows only while its list is empty. */
  function say(word, items) {
    word.hidden = !!(items && items.length);
  }

  function showPop(pop) {
    currentCall = pop.interactionId;
    document.dispatchEvent(new CustomEvent("omniline:frame", { detail: { type: "pop", interactionId: pop.interactionId } }));
    if (phonePanel) phonePanel.showPop(pop);
    $("call").hidden = false;
    $("wrap-up").hidden = true;
    $("wrap-up-result").textContent = "";
    $("call-state").textContent = "ringing";
    var context = pop.customer;
    var customer = context ? context.customer : null;
    $("customer-name").textContent = customer ? (customer.displayName || "Customer " + customer.id) : "Unknown caller";
    if (customer) window.omniline.showNotes(customer.id, $("customer-name").textContent); else window.omniline.hideNotes();
    $("customer-vip").hidden = !(customer && customer.attributes && customer.attributes.vip);
    $("unknown-caller").hidden = !!customer;
    $("caller-matches").replaceChildren();
    $("identified-by").textContent = pop.identifiedBy ? "Identified by " + pop.identifiedBy : "";
    $("caller-number").textContent = pop.callerNumber || "without a number";
    var phoneIdentity = (context ? context.identities : []).filter(function (identity) {
      return identity.identity.kind === "phone";
    })[0];
    document.querySelector("#call-back input[name='number']").value = phoneIdentity ? phoneIdentity.identity.value : "";
    $("waited").textContent = pop.waitedSeconds == null ? "?" : pop.waitedSeconds;
    $("queue").textContent = pop.queue || "";
    say($("ivr-path-empty"), pop.ivrPath);
    fill($("ivr-path"), pop.ivrPath, function (step) {
      return text("li", step.nodeId + (step.input ? " — pressed " + step.input : "") + (step.outcome ? " → " + step.outcome : ""));
    });
    fill($("customer-identities"), context ? context.identities : [], function (identity) {
      return text("li", identity.identity.kind + ": " + identity.identity.value
        + (identity.verified ? " · verified" : " · not verified"), identity.verified ? "verified" : "unverified");
    });
    // The pop leaves this call out of the recent ones: it is the call above, in its own state.
    say($("recent-empty"), context ? context.recentInteractions : []);
    fill($("recent"), context ? context.recentInteractions : [], function (interaction) {
      var item = text("li", "");
      var show = text("button", window.OmnilineWords.contact(interaction));
      show.type = "button";
      show.dataset.interaction = interaction.id;
      show.addEventListener("click", function () { window.omniline.showHistory(customer.id, interaction.id); });
      item.appendChild(show);
      return item;
    });
    say($("last-chat-empty"), context && context.lastChat ? context.lastChat.messages : []);
    fill($("last-chat"), context && context.lastChat ? context.lastChat.messages : [], function (message) {
      return text("li", (message.authorKind === "customer" ? "Customer: " : "Agent: ") + message.body);
    });
  }

  /** After a reconnect or a reload: the call in hand, in the state it is in now. */
  function loadCall() {
    api("GET", "/api/me/call").then(function (call) {
      if (!call) return;
      showPop(call);
      if (call.state === "active") $("call-state").textContent = "on call";
      if (call.state === "wrap_up") {
        $("call-state").textContent = "wrap-up";
        $("wrap-up").hidden = false;
      }
    }).catch(function () {});
  }

  $("login").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    fetch("/auth/login", { method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ login: form.login.value, password: form.password.value }) })
      .then(function (response) {
        return response.json().then(function (json) {
          if (!response.ok) throw new Error(json.error);
          $("login-error").textContent = "";
          form.password.value = "";
          start(json);
        });
      })
      .catch(function (error) { $("login-error").textContent = error.message; });
  });

  $("wrap-up").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    api("POST", "/api/calls/" + currentCall + "/wrap-up", { disposition: form.disposition.value, notes: form.notes.value })
      .then(function () {
        $("wrap-up-result").textContent = "Saved: " + form.disposition.options[form.disposition.selectedIndex].text;
        $("call-state").textContent = "done";
        $("wrap-up").hidden = true;
        loadState();
        document.dispatchEvent(new CustomEvent("omniline:frame", { detail: { type: "call-wrapped-up", interactionId: currentCall } }));
      })
      .catch(function (error) { $("wrap-up-result").textContent = error.message; });
  });

  /** A phone action; the line under it says what happened, or why not, and the state is asked again. */
  function phone(path, body, done) {
    var result = $("phone-result");
    result.className = "result";
    result.textContent = "Working…";
    api("POST", path, body).then(function (answer) {
      result.textContent = typeof done === "function" ? done(answer) : done || "Done";
      $("agent-notice").hidden = true;
      loadState();
    }).catch(function (error) {
      result.className = "result error";
      result.textContent = error.message;
      loadState();
    });
  }

  function queueNames(answer) { return (answer.queues || []).join(", ") || "no queue"; }

  $("queues-login").addEventListener("click", function () {
    phone("/api/me/queues/login", undefined, function (answer) { return "Logged in to " + queueNames(answer); });
  });
  $("queues-logout").addEventListener("click", function () {
    phone("/api/me/queues/logout", undefined, function (answer) { return "Logged out of " + queueNames(answer); });
  });
  $("pause").addEventListener("click", function () {
    phone("/api/me/pause", { reason: $("pause-reason").value }, function (answer) { return "Paused: " + answer.reason; });
  });
  $("unpause").addEventListener("click", function () { phone("/api/me/unpause", undefined, "Available again"); });

  $("transfer").addEventListener("submit", function (event) {
    event.preventDefault();
    phone("/api/calls/" + currentCall + "/transfer", { kind: event.target.kind.value, extension: event.target.extension.value },
      "Transferring to " + event.target.extension.value);
  });

  $("call-back").addEventListener("submit", function (event) {
    event.preventDefault();
    phone("/api/calls/" + currentCall + "/callback", { number: event.target.number.value },
      "Calling " + event.target.number.value);
  });

  function claimCaller(body) {
    api("POST", "/api/calls/" + currentCall + "/customer", body).then(function (pop) {
      var state = $("call-state").textContent;
      showPop(pop);
      $("call-state").textContent = state;
    }).catch(function (error) { $("unknown-result").textContent = error.message; });
  }

  $("unknown-caller").addEventListener("submit", function (event) {
    event.preventDefault();
    claimCaller({ name: event.target.name.value });
  });

  $("find-caller").addEventListener("click", function () {
    window.omniline.findCustomers(currentCall, document.querySelector("#unknown-caller input[name='query']").value,
      $("caller-matches"), $("unknown-result"), function (link) { claimCaller({ link: link }); });
  });

  $("logout").addEventListener("click", function () {
    api("POST", "/auth/logout").then(showLogin, showLogin);
  });

  /**
   * A button that turns into an audio player on a click, so a long timeline loads no sound until
   * someone asks for it; a recording the server cannot give says why in words.
   */
  function recording(buttonWords, src, audioLabel, failedWords) {
    var play = text("button", buttonWords);
    play.type = "button";
    play.addEventListener("click", function () {
      var audio = document.createElement("audio");
      audio.controls = true;
      audio.src = src;
      audio.setAttribute("aria-label", audioLabel);
      audio.addEventListener("error", function () {
        audio.replaceWith(text("span", failedWords, "error"));
      });
      play.replaceWith(audio);
      audio.play().catch(function () {});
    });
    return play;
  }

  window.omniline = { api: api, text: text, fill: fill, $: $, clock: clock, loadState: loadState, recording: recording };

  // After every deferred script has run (DOMContentLoaded), so the pages' own scripts (admin.js,
  // people.js, desk.js) are listening before a signed-in session announces itself.
  document.addEventListener("DOMContentLoaded", function () {
    fetch("/auth/me", { credentials: "same-origin" }).then(function (response) {
      if (response.ok) response.json().then(start); else showLogin();
    }, showLogin);
  });
})();
