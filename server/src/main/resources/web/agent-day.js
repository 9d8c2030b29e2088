/*
 * Omniline supervisor's drill-down into one agent: where they are now, the call and conversations
 * they hold, and their day from the stored agent state log — a bar of coloured segments over the
 * day and the same states as a list with their times, in the contact center's time zone — with
 * the contacts they handled and their average handle time. floor.js opens it (a click or Enter on
 * an agent's name); it asks the server again every few seconds while open.
 */
(function () {
  "use strict";
  var o = window.omniline;
  var words = window.OmnilineWords;
  var dialog = o.$("agent-day");
  var openAgent = null;
  var timer = null;

  o.$("agent-day-close").addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("close", function () {
    if (timer) clearInterval(timer);
    timer = null;
    var agent = openAgent;
    openAgent = null;
    // Back to the agent's name in the table, drawn anew meanwhile perhaps.
    var name = document.querySelector("#floor tr[data-agent='" + agent + "'] .agent-open");
    if (name) name.focus();
  });

  function open(agentId, name) {
    openAgent = agentId;
    o.$("agent-day-title").textContent = name;
    o.$("agent-day-error").textContent = "";
    if (!dialog.open) dialog.showModal();
    load();
    if (timer) clearInterval(timer);
    timer = setInterval(load, 5000);
  }

  function load() {
    var agentId = openAgent;
    o.api("GET", "/api/live/agents/" + agentId + "/day").then(function (day) {
      if (openAgent === agentId) show(day);
    }).catch(function (error) {
      o.$("agent-day-error").textContent = "The agent's day could not be loaded: " + error.message;
    });
  }

  /** How long a state lasted: "10 s", "30 min", "11 min 50 s", "2 h 5 min". */
  function duration(fromIso, toIso) {
    var seconds = Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 1000);
    if (seconds < 60) return seconds + " s";
    if (seconds >= 3600) return o.clock(seconds);
    return Math.floor(seconds / 60) + " min" + (seconds % 60 ? " " + (seconds % 60) + " s" : "");
  }

  function stateWords(state, reason) {
    return words.agentState(state) + (state === "paused" && reason ? ": " + reason : "");
  }

  function show(day) {
    o.$("agent-day-error").textContent = "";
    o.$("agent-day-title").textContent = day.displayName + " (" + day.login + ")";
    var now = day.current;
    var pill = o.$("agent-day-state");
    // Not known: the server's words say why (no phone, Asterisk not followed).
    pill.textContent = now.status === "unknown" ? now.label : stateWords(now.status, now.pauseReason);
    pill.dataset.status = now.status;
    pill.title = now.label;
    o.$("agent-day-work-empty").hidden = day.work.length > 0;
    o.fill(o.$("agent-day-work"), day.work, function (work) {
      var item = o.text("li", [words.channel(work.channel), words.state(work.state), work.queue ? "queue " + work.queue : "",
        work.since ? "since " + words.timeOfDay(work.since, day.timeZone) : ""].filter(Boolean).join(" · "));
      item.dataset.channel = work.channel;
      return item;
    });
    o.$("agent-day-heading").textContent = "Their day, " + new Date(day.dayStart).toLocaleDateString([],
      { weekday: "long", month: "long", day: "numeric", timeZone: day.timeZone });
    o.$("agent-day-figures").textContent = "Handled " + day.handled + " · average handle time "
      + (day.averageHandleSeconds == null ? "— (none finished yet)" : o.clock(day.averageHandleSeconds));
    o.$("agent-day-zone").textContent = "Times in the contact center's time zone, " + day.timeZone + ".";
    var until = day.until;
    var segments = day.states.map(function (state) {
      return { state: state.state, reason: state.reason, from: state.from, to: state.to || until, ongoing: !state.to };
    });
    bar(segments, day, until);
    o.fill(o.$("agent-day-states"), segments, function (segment) {
      var item = o.text("li", "", "day-state");
      item.dataset.state = segment.state;
      item.dataset.from = segment.from;
      var swatch = o.text("span", "", "swatch");
      swatch.dataset.status = segment.state;
      swatch.setAttribute("aria-hidden", "true");
      item.appendChild(swatch);
      var from = words.timeOfDay(segment.from, day.timeZone);
      var instant = Date.parse(segment.to) === Date.parse(segment.from);
      item.appendChild(o.text("span", instant ? from : from + " – " + (segment.ongoing ? "now"
        : words.timeOfDay(segment.to, day.timeZone)), "day-time"));
      item.appendChild(o.text("span", stateWords(segment.state, segment.reason), "day-name"));
      if (!instant) item.appendChild(o.text("span", duration(segment.from, segment.to), "day-length"));
      return item;
    });
    if (!segments.length) {
      o.$("agent-day-states").appendChild(o.text("li", "No state was logged for this agent today.", "muted"));
    }
  }

  /** The day as one bar: each state a segment as wide as it lasted, from the first state to now. */
  function bar(segments, day, until) {
    var barNode = o.$("agent-day-bar");
    var axis = o.$("agent-day-axis");
    barNode.replaceChildren();
    axis.replaceChildren();
    // No state logged: the list says so, and an empty bar would say nothing.
    barNode.hidden = !segments.length;
    axis.hidden = !segments.length;
    if (!segments.length) return;
    var start = Date.parse(segments[0].from);
    var span = Math.max(1, Date.parse(until) - start);
    segments.forEach(function (segment) {
      var from = Date.parse(segment.from);
      var to = Date.parse(segment.to);
      if (to <= from) return;
      var part = o.text("span", "", "day-segment");
      part.dataset.status = segment.state;
      part.style.left = ((from - start) / span * 100) + "%";
      part.style.width = ((to - from) / span * 100) + "%";
      part.title = stateWords(segment.state, segment.reason) + ", " + words.timeOfDay(segment.from, day.timeZone)
        + " – " + (segment.ongoing ? "now" : words.timeOfDay(segment.to, day.timeZone));
      barNode.appendChild(part);
    });
    barNode.setAttribute("aria-label", "The day from " + words.timeOfDay(segments[0].from, day.timeZone) + " to "
      + words.timeOfDay(until, day.timeZone) + " as coloured segments; the list below has each state");
    for (var i = 0; i <= 4; i++) {
      var tick = o.text("span", words.timeOfDay(new Date(start + span * i / 4).toISOString(), day.timeZone), "day-tick");
      tick.style.left = (i * 25) + "%";
      axis.appendChild(tick);
    }
  }

  window.OmnilineAgentDay = { open: open };
})();
