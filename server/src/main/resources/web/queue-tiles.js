/*
 * Omniline supervisor's wallboard: a tile per queue with its callers waiting, longest wait, agents
 * by state, today's answered and abandoned calls and service level against its target, and the
 * chats, emails and SMS waiting and in progress. The server levels each figure against its
 * threshold (ok, warning, alarm); a tile says so in words as well as colour. Calls' figures from
 * before the link to Asterisk was lost are greyed (app.js marks the board stale). app.js passes
 * every wallboard frame here as an "omniline:floor" event.
 */
(function () {
  "use strict";
  var o = window.omniline;
  var words = window.OmnilineWords;
  var LEVEL_WORDS = { warning: "Watch", alarm: "Needs attention" };
  var shown = "";

  document.addEventListener("omniline:floor", function (event) {
    var queues = event.detail.queues || [];
    var signature = JSON.stringify(queues);
    if (signature === shown) return;
    shown = signature;
    o.fill(o.$("wallboard"), queues, tile);
  });

  function level(node, value) {
    node.dataset.level = value || "ok";
    return node;
  }

  /** A figure: its name, its value (large) and a note under it (the threshold it is held to). */
  function figure(key, name, value, note, figureLevel) {
    var group = level(o.text("div", "", "figure"), figureLevel);
    group.dataset.figure = key;
    group.appendChild(o.text("dt", name));
    group.appendChild(o.text("dd", value));
    if (note) group.appendChild(o.text("dd", note, "figure-note"));
    return group;
  }

  function phoneFigures(queue) {
    var phone = queue.phone;
    var figures = o.text("dl", "", "tile-figures phone-figures");
    var limit = phone.serviceLevelSeconds;
    figures.appendChild(figure("waiting", "Callers waiting", phone.callers.length));
    figures.appendChild(figure("longest-wait", "Longest wait", o.clock(phone.longestWaitSeconds),
      queue.levels.longestWait === "alarm" ? "over the " + limit + " s limit" : "limit " + limit + " s",
      queue.levels.longestWait));
    var measured = phone.serviceLevelPercent != null;
    var serviceLevel = figure("service-level", "Service level today", measured ? phone.serviceLevelPercent + " %" : "—",
      (queue.levels.serviceLevel === "alarm" ? "under the target of " : "target ") + queue.serviceLevelTargetPercent
        + " % within " + limit + " s", queue.levels.serviceLevel);
    if (!measured) serviceLevel.title = "No figure: " + (phone.serviceLevelNote || "nothing to measure yet");
    figures.appendChild(serviceLevel);
    figures.appendChild(figure("answered", "Answered today", phone.answeredToday));
    figures.appendChild(figure("abandoned", "Abandoned today", phone.abandonedToday));
    return figures;
  }

  function agents(queue) {
    var line = o.text("p", "", "tile-agents");
    line.dataset.figure = "agents";
    var any = false;
    Object.keys(queue.agents).forEach(function (state) {
      var count = queue.agents[state];
      if (!count) return;
      any = true;
      var pill = o.text("span", words.agentState(state) + ": " + count, "status-pill");
      pill.dataset.status = state;
      line.appendChild(pill);
    });
    if (!any) line.appendChild(o.text("span", "No agent in this queue", "muted"));
    return line;
  }

  function digital(queue) {
    var table = o.text("table", "", "tile-digital");
    var caption = o.text("caption", "Chats, emails and SMS in " + queue.name, "visually-hidden");
    table.appendChild(caption);
    var head = document.createElement("thead");
    var headings = document.createElement("tr");
    ["Channel", "Waiting", "In progress", "Longest wait"].forEach(function (name) {
      var th = o.text("th", name);
      th.scope = "col";
      headings.appendChild(th);
    });
    head.appendChild(headings);
    table.appendChild(head);
    var body = document.createElement("tbody");
    queue.digital.forEach(function (figures) {
      var row = level(document.createElement("tr"), figures.level);
      row.dataset.channel = figures.channel;
      var name = o.text("th", words.channel(figures.channel));
      name.scope = "row";
      row.appendChild(name);
      row.appendChild(o.text("td", figures.waiting, "waiting"));
      row.appendChild(o.text("td", figures.inProgress, "in-progress"));
      row.appendChild(o.text("td", figures.longestWaitSeconds == null ? "—" : o.clock(figures.longestWaitSeconds)
        + (LEVEL_WORDS[figures.level] ? " · " + (figures.level === "alarm" ? "too long" : "getting long") : ""), "longest-wait"));
      body.appendChild(row);
    });
    table.appendChild(body);
    return table;
  }

  function tile(queue) {
    var item = level(o.text("li", "", "tile"), queue.levels.overall);
    item.dataset.queue = queue.name;
    var head = o.text("div", "", "tile-head");
    head.appendChild(o.text("h3", queue.name));
    if (LEVEL_WORDS[queue.levels.overall]) head.appendChild(o.text("span", LEVEL_WORDS[queue.levels.overall], "tile-alert"));
    item.appendChild(head);
    if (queue.phone) {
      item.appendChild(phoneFigures(queue));
      item.appendChild(agents(queue));
    } else {
      item.appendChild(o.text("p", "Chats, emails and SMS only: Asterisk has no phone queue of this name.", "muted"));
    }
    item.appendChild(digital(queue));
    return item;
  }
})();
