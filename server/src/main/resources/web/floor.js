/*
 * Omniline supervisor's floor: the agents table under the queues (state and time in it, queues,
 * current work, today's handled contacts and average handle time; a name opens the agent's day,
 * agent-day.js), banners when Asterisk or the
 * database is not answering, and the supervisor's actions on an agent: listen, whisper, barge
 * (their own phone rings and joins the call), pause or log out with a reason. app.js passes
 * every wallboard frame here as an "omniline:floor" event.
 */
(function () {
  "use strict";
  var o = window.omniline;
  var words = window.OmnilineWords;
  var PHONE_KEY = "omniline.supervisorPhone";
  var agents = [];
  var followed = true;

  try { o.$("supervisor-phone").value = localStorage.getItem(PHONE_KEY) || ""; } catch (e) { /* storage off */ }
  o.$("supervisor-phone").addEventListener("change", function (event) {
    try { localStorage.setItem(PHONE_KEY, event.target.value.trim()); } catch (e) { /* storage off */ }
  });

  document.addEventListener("omniline:floor", function (event) {
    var frame = event.detail;
    var database = frame.database || { connected: true };
    o.$("database-banner").hidden = database.connected;
    o.$("database-banner").textContent = database.connected ? ""
      : "The agents, today's figures and the chats, emails and SMS may be out of date: "
        + (database.reason || "the database is not answering") + ".";
    var live = frame.liveModel || { complete: true };
    // What an earlier action reported is no longer known once Asterisk is not followed.
    if (followed && !live.complete) say("");
    followed = live.complete;
    agents = frame.agents || [];
    render();
  });

  var shown = "";

  /** Drawn again only when something shown changed, so a button is not replaced under the pointer. */
  function render() {
    // Whether Asterisk is followed changes how an unknown state reads: part of what is shown.
    var signature = followed + JSON.stringify(agents);
    if (signature === shown) return;
    shown = signature;
    o.fill(document.querySelector("#floor tbody"), agents, row);
  }

  function work(state) {
    var parts = [];
    if (state.callId != null) parts.push(words.channel("voice") + " " + words.state(state.callState.replace(/-/g, "_")));
    if (state.conversations) parts.push(state.activeConversations + " of " + state.conversations + " conversations in progress");
    return parts.join(" · ") || "—";
  }

  /** The state in the floor's words; a pause with its reason. */
  function stateWords(state) {
    return words.agentState(state.status) + (state.status === "paused" && state.pauseReason ? ": " + state.pauseReason : "");
  }

  function row(agent) {
    var state = agent.state;
    var tr = document.createElement("tr");
    tr.dataset.agent = state.agentId;
    var name = o.text("td", "");
    var open = o.text("button", state.displayName + " (" + state.login + ")", "agent-open");
    open.type = "button";
    open.setAttribute("aria-haspopup", "dialog");
    open.title = "See " + state.displayName + "'s work and day";
    open.addEventListener("click", function () { drillDown(state); });
    name.appendChild(open);
    tr.appendChild(name);
    // Anywhere on the row opens the agent too, except the supervisor's buttons.
    tr.addEventListener("click", function (event) {
      if (!event.target.closest("button")) drillDown(state);
    });
    var status = o.text("td", "");
    // Why a state is unknown is in the banner above; the cell says what is known, short.
    var notFollowed = state.status === "unknown" && !followed;
    var pill = o.text("span", notFollowed ? "Not known — Asterisk not connected" : stateWords(state), "status-pill");
    pill.dataset.status = state.status;
    pill.title = state.label;
    status.appendChild(pill);
    if (notFollowed && state.lastKnown) status.appendChild(o.text("span", lastKnown(state.lastKnown), "last-known"));
    status.dataset.status = state.status;
    tr.appendChild(status);
    tr.appendChild(o.text("td", state.since ? o.clock((Date.now() - Date.parse(state.since)) / 1000) : "", "time-in-state"));
    tr.appendChild(o.text("td", agent.queues.join(", ") || "—"));
    tr.appendChild(o.text("td", work(state)));
    tr.appendChild(o.text("td", agent.handledToday));
    tr.appendChild(o.text("td", agent.averageHandleSeconds == null ? "—" : o.clock(agent.averageHandleSeconds)));
    var actions = o.text("td", "", "supervise");
    var onCall = state.status === "on-call";
    [["listen", "Listen"], ["whisper", "Whisper"], ["barge", "Barge"]].forEach(function (mode) {
      actions.appendChild(button(mode[1], state, !onCall, function () { spy(state, mode[0]); }));
    });
    var unknown = state.status === "unknown";
    actions.appendChild(button("Pause", state, state.status === "paused" || state.status === "logged-out" || unknown,
      function () { force(state, "pause", "paused"); }));
    actions.appendChild(button("Log out", state, state.status === "logged-out" || unknown,
      function () { force(state, "logout", "logged out of their queues"); }));
    tr.appendChild(actions);
    return tr;
  }

  function drillDown(state) {
    window.OmnilineAgentDay.open(state.agentId, state.displayName + " (" + state.login + ")");
  }

  /** The state seen before Asterisk was lost, and how long ago it was last seen true. */
  function lastKnown(known) {
    var minutes = Math.floor((Date.now() - Date.parse(known.seenAt)) / 60000);
    return "Last known: " + stateWords(known) + ", " + (minutes < 1 ? "under a minute ago" : o.clock(minutes * 60).replace(/:00$/, "")
      + (minutes < 60 ? " min ago" : " ago"));
  }

  function button(label, state, disabled, onClick) {
    var b = o.text("button", label);
    b.type = "button";
    b.dataset.action = label.toLowerCase().replace(" ", "-");
    b.disabled = disabled;
    b.setAttribute("aria-label", label + " " + state.displayName);
    b.addEventListener("click", onClick);
    return b;
  }

  function say(text, failed) {
    var result = o.$("supervise-result");
    result.className = "result" + (failed ? " error" : "");
    result.textContent = text;
  }

  function spy(state, mode) {
    var phone = o.$("supervisor-phone").value.trim();
    if (!phone) {
      say("Type your phone first (for example PJSIP/1003): it rings, and answering joins " + state.displayName + "'s call.", true);
      o.$("supervisor-phone").focus();
      return;
    }
    o.api("POST", "/api/live/agents/" + state.agentId + "/spy", { mode: mode, phone: phone }).then(function () {
      say("Your phone " + phone + " rings: answer to " + mode + (mode === "barge" ? " into " : " to ")
        + state.displayName + "'s call.");
    }).catch(function (error) { say(error.message, true); });
  }

  function force(state, what, done) {
    var reason = o.$("supervise-reason").value.trim();
    if (!reason) {
      say("Type a reason first: " + state.displayName + " and the audit log see it.", true);
      o.$("supervise-reason").focus();
      return;
    }
    o.api("POST", "/api/live/agents/" + state.agentId + "/" + what, { reason: reason }).then(function () {
      say(state.displayName + " is " + done + ": " + reason + ". They were told.");
    }).catch(function (error) { say(error.message, true); });
  }

  setInterval(function () {
    document.querySelectorAll("#floor tr[data-agent]").forEach(function (tr, index) {
      var state = agents[index] && agents[index].state;
      if (state && state.since) tr.querySelector(".time-in-state").textContent = o.clock((Date.now() - Date.parse(state.since)) / 1000);
      var known = tr.querySelector(".last-known");
      if (known && state.lastKnown) known.textContent = lastKnown(state.lastKnown);
    });
  }, 1000);
})();
