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
        if (!response.ok) throw new Error(json.error || response.statusText);
        return json;
      });
    });
  }

  function showLogin() {
    $("login").hidden = false;
    $("desktop").hidden = true;
    $("staff").hidden = true;
    $("logout").hidden = true;
    $("who").textContent = "";
    $("connection").textContent = "";
    if (socket) { socket.onclose = null; socket.close(); socket = null; }
    if (phonePanel) phonePanel.close();
    phonePanel = null;
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

  function start(me) {
    csrf = me.csrfToken;
    $("login").hidden = true;
    $("logout").hidden = false;
    $("who").textContent = me.login + " (" + me.role + ")";
    if (me.role === "agent") {
      $("desktop").hidden = false;
      mountPhone();
      document.dispatchEvent(new CustomEvent("omniline:agent"));
      connect("/desktop/socket", handle, function () {
        loadCall();
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
      : "These figures may be incomplete: " + (live.reason || "Omniline is not in step with Asterisk") + ".";
    fill(document.querySelector("#wallboard tbody"), frame.queues, function (queue) {
      var row = document.createElement("tr");
      row.dataset.queue = queue.name;
      var agents = Object.keys(queue.agents || {}).sort().map(function (name) {
        return name + ": " + queue.agents[name].toLowerCase().replace(/_/g, " ");
      }).join(", ");
      var serviceLevel = queue.serviceLevelPercent == null ? "?"
        : queue.serviceLevelPercent + " % within " + queue.serviceLevelSeconds + " s";
      [queue.name, queue.callers.length, queue.longestWaitSeconds, agents, queue.answeredToday, queue.abandonedToday,
        serviceLevel].forEach(function (value) { row.appendChild(text("td", value)); });
      return row;
    });
  }

  function handle(frame) {
    switch (frame.type) {
      case "pop": showPop(frame); break;
      case "ring-ended":
        // The pop no longer names a call ringing here: a call now ringing is another one.
        if (phonePanel && currentCall === frame.interactionId) phonePanel.clearPop();
        if (currentCall === frame.interactionId && $("call-state").textContent === "ringing") {
          $("call-state").textContent = RING_ENDED[frame.reason] || "no longer ringing";
        }
        break;
      case "call-connected":
        if (currentCall === frame.interactionId) $("call-state").textContent = "on call";
        break;
      case "call-ended":
        if (phonePanel && currentCall === frame.interactionId) phonePanel.clearPop();
        if (currentCall === frame.interactionId) {
          $("call-state").textContent = "wrap-up";
          $("wrap-up").hidden = false;
        }
        break;
      case "offer": case "message": case "conversation-closed": case "conversation-updated":
        document.dispatchEvent(new CustomEvent("omniline:frame", { detail: frame }));
        break;
    }
  }

  function showPop(pop) {
    currentCall = pop.interactionId;
    if (phonePanel) phonePanel.showPop(pop);
    $("call").hidden = false;
    $("wrap-up").hidden = true;
    $("wrap-up-result").textContent = "";
    $("call-state").textContent = "ringing";
    var context = pop.customer;
    var customer = context ? context.customer : null;
    $("customer-name").textContent = customer ? (customer.displayName || "Customer " + customer.id) : "Unknown caller";
    $("customer-vip").hidden = !(customer && customer.attributes && customer.attributes.vip);
    $("unknown-caller").hidden = !!customer;
    $("caller-matches").replaceChildren();
    $("identified-by").textContent = pop.identifiedBy ? "Identified by " + pop.identifiedBy : "";
    $("caller-number").textContent = pop.callerNumber || "without a number";
    var phoneIdentity = (context ? context.identities : []).filter(function (identity) {
      return identity.identity.kind === "phone";
    })[0];
    document.querySelector("#call-back input[name='number']").value = phoneIdentity ? phoneIdentity.identity.value : "";
    fill($("customer-identities"), context ? context.identities : [], function (identity) {
      return text("li", identity.identity.kind + ": " + identity.identity.value);
    });
    $("waited").textContent = pop.waitedSeconds == null ? "?" : pop.waitedSeconds;
    $("queue").textContent = pop.queue || "";
    fill($("ivr-path"), pop.ivrPath, function (step) {
      return text("li", step.nodeId + (step.input ? " — pressed " + step.input : "") + (step.outcome ? " → " + step.outcome : ""));
    });
    fill($("recent"), context ? context.recentInteractions : [], function (interaction) {
      var item = text("li", "");
      var show = text("button", interaction.channel + " · " + interaction.startedAt.substring(0, 16).replace("T", " ")
        + " · " + interaction.state + (interaction.disposition ? " · " + interaction.disposition : ""));
      show.type = "button";
      show.dataset.interaction = interaction.id;
      show.addEventListener("click", function () { window.omniline.showHistory(customer.id, interaction.id); });
      item.appendChild(show);
      return item;
    });
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
        $("wrap-up-result").textContent = "Saved";
        $("call-state").textContent = "done";
      })
      .catch(function (error) { $("wrap-up-result").textContent = error.message; });
  });

  function phone(path, body) {
    api("POST", path, body).then(function () { $("phone-result").textContent = "Done"; })
      .catch(function (error) { $("phone-result").textContent = error.message; });
  }

  $("queues-login").addEventListener("click", function () { phone("/api/me/queues/login"); });
  $("queues-logout").addEventListener("click", function () { phone("/api/me/queues/logout"); });
  $("pause").addEventListener("click", function () { phone("/api/me/pause", { reason: $("pause-reason").value }); });
  $("unpause").addEventListener("click", function () { phone("/api/me/unpause"); });

  $("transfer").addEventListener("submit", function (event) {
    event.preventDefault();
    phone("/api/calls/" + currentCall + "/transfer", { kind: event.target.kind.value, extension: event.target.extension.value });
  });

  $("call-back").addEventListener("submit", function (event) {
    event.preventDefault();
    phone("/api/calls/" + currentCall + "/callback", { number: event.target.number.value });
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

  window.omniline = { api: api, text: text, fill: fill, $: $ };

  fetch("/auth/me", { credentials: "same-origin" }).then(function (response) {
    if (response.ok) response.json().then(start); else showLogin();
  }, showLogin);
})();
