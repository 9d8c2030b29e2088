/*
 * Omniline admin: the IVR flow designer. The draft is drawn on a canvas (flow-canvas.js) and the
 * selected node edited in the side panel (flow-forms.js); the raw JSON stays as an advanced view
 * that never saves when it does not parse. Every change is validated at once, problems show on
 * their blocks and in a list; simulations and replays of real calls light up their path step by
 * step; publish shows the diff first and asks, like roll back; numbers are routed to flows.
 */
(function () {
  "use strict";
  var M = window.OmnilineFlowModel;
  var SHOWN_STEPS = 40;
  /** The validator's words for a node off every path; the page works this one out itself. */
  var UNREACHABLE = "no call can reach this node";
  var o, canvas = null, current = null, definition = null, published = null, selected = null;
  var problems = [], dirty = false, jsonError = null, validateTimer = null, jsonTimer = null, panel = null;
  var library = { prompts: [], queues: [], flows: [] };
  var run = null;
  /** Instants in the admin's own language and time zone, as a person writes them. */
  var READABLE = new Intl.DateTimeFormat(undefined, { weekday: "short", year: "numeric", month: "short", day: "numeric",
    hour: "numeric", minute: "2-digit", timeZoneName: "short" });

  document.addEventListener("omniline:admin", function () {
    o = window.omniline;
    o.$("flows-admin").hidden = false;
    canvas = canvas || window.OmnilineFlowCanvas.mount(o.$("canvas-host"), {
      onSelect: function (id) { selected = id; renderPanel(); },
      onChange: function () { changed(false); },
      confirm: window.omnilineConfirm,
      notify: function (message) { o.$("save-result").textContent = message; }
    });
    loadFlows();
    loadRoutes();
    loadLibrary();
  });

  function loadFlows() {
    return o.api("GET", "/api/flows").then(function (flows) {
      library.flows = flows.map(function (flow) { return flow.name; });
      o.fill(o.$("flow-list"), flows, function (flow) {
        var item = o.text("li", "");
        var open = o.text("button", flow.name);
        open.type = "button";
        open.dataset.flow = flow.name;
        open.addEventListener("click", function () {
          edit(flow.name).then(function () { o.$("editor").scrollIntoView({ block: "start" }); });
        });
        item.appendChild(open);
        item.appendChild(o.text("span", " published version " + (flow.publishedVersion || "none yet")));
        return item;
      });
      o.fill(document.querySelector("#route-form select"), flows, function (flow) {
        var option = o.text("option", flow.name);
        option.value = flow.name;
        return option;
      });
    });
  }

  function loadLibrary() {
    o.api("GET", "/api/prompts").then(function (prompts) {
      var names = {};
      prompts.forEach(function (prompt) { (names[prompt.name] = names[prompt.name] || []).push(prompt); });
      library.prompts = names;
      o.fill(o.$("prompt-library"), Object.keys(names).sort(), function (name) {
        var option = document.createElement("option");
        option.value = name;
        option.label = names[name].map(function (p) { return p.language; }).join(", ") + (names[name][0].words ? " · " + names[name][0].words : "");
        return option;
      });
    });
    o.api("GET", "/api/ivr/queues").then(function (queues) {
      if (queues.length) { library.queues = queues; return null; }
      return o.api("GET", "/api/live/queues").then(function (live) {
        library.queues = (live || []).map(function (queue) { return queue.name || queue.queue; }).filter(Boolean).sort();
      });
    }).catch(function () { library.queues = []; });
  }

  function edit(name) {
    return o.api("GET", "/api/flows/" + encodeURIComponent(name)).then(function (view) {
      current = name;
      selected = null;
      o.$("editor").hidden = false;
      o.$("flow-name").textContent = name;
      published = view.flow.publishedVersion;
      o.$("flow-published").textContent = published || "none yet";
      definition = view.flow.definition;
      dirty = false;
      jsonError = null;
      run = null;
      ["save-result", "publish-result", "sim-outcome", "replay-result", "diff-summary", "json-error", "route-result"]
        .forEach(function (id) { o.$(id).textContent = ""; });
      ["sim-path", "diff", "replay-path"].forEach(function (id) { o.$(id).replaceChildren(); });
      o.$("sim-steps").hidden = true;
      o.$("flow-json").value = JSON.stringify(definition, null, 2);
      o.$("diff-form").from.value = published || "draft";
      canvas.showDiff({});
      canvas.clearHighlight();
      return canvas.show(definition, view.problems).then(function () {
        showProblems(view.problems);
        renderPanel();
        loadVersions();
        loadCalls();
      });
    });
  }

  function renderPanel() {
    panel = window.OmnilineFlowForms.render(o.$("side-panel"), selected, {
      definition: definition,
      prompts: library.prompts,
      queues: library.queues,
      flows: library.flows.filter(function (flow) { return flow !== current; }),
      problems: problems.filter(function (p) { return p.nodeId === selected; }),
      onChange: function (structural) { changed(structural); },
      onRename: rename,
      onDelete: function (id) { canvas.deleteNode(id); },
      play: play
    });
  }

  function play(name) {
    var languages = (library.prompts[name] || []).map(function (p) { return p.language; });
    var language = languages.indexOf(definition.language || "en") >= 0 ? definition.language || "en" : languages[0];
    if (!language) { o.$("save-result").textContent = "There is no recording of " + name + " in the prompt library"; return; }
    var audio = new Audio("/api/prompts/audio?name=" + encodeURIComponent(name) + "&language=" + encodeURIComponent(language));
    audio.play().catch(function () { o.$("save-result").textContent = "The browser would not play " + name; });
  }

  function rename(from, to) {
    definition.nodes[to] = definition.nodes[from];
    delete definition.nodes[from];
    if (definition.layout && definition.layout[from]) { definition.layout[to] = definition.layout[from]; delete definition.layout[from]; }
    if (definition.start === from) definition.start = to;
    Object.keys(definition.nodes).forEach(function (id) {
      M.ports(definition.nodes[id]).forEach(function (port) {
        if (port.target === from) M.setExit(definition.nodes[id], port.path, to);
      });
    });
    selected = to;
    changed(true);
  }

  /** @param structural the panel's own shape changed (rows added or removed) and it is drawn again */
  function changed(structural) {
    dirty = true;
    jsonError = null;
    o.$("json-error").textContent = "";
    o.$("save-result").textContent = "Unsaved changes";
    o.$("flow-json").value = JSON.stringify(definition, null, 2);
    showProblems(problems, true);
    canvas.redraw();
    if (structural) renderPanel();
    clearTimeout(validateTimer);
    validateTimer = setTimeout(validate, 250);
  }

  function validate() {
    return o.api("POST", "/api/validate", { name: current, definition: definition }).then(function (answer) {
      showProblems(answer.problems);
    });
  }

  /**
   * The validator answers a moment after each change; until it does, which nodes a call can reach
   * is worked out here from the draft as it is now, so the start node is never marked unreachable
   * by an answer about the flow before the start moved.
   */
  function withReachability(list) {
    var kept = (list || []).filter(function (p) { return p.message !== UNREACHABLE; });
    if (!definition.start || !definition.nodes[definition.start]) return kept;
    var reached = M.reachable(definition, null);
    Object.keys(definition.nodes).sort().forEach(function (id) {
      if (!reached[id]) kept.push({ severity: "WARNING", nodeId: id, message: UNREACHABLE });
    });
    return kept;
  }

  /** @param quiet the canvas is redrawn by the caller */
  function showProblems(list, quiet) {
    problems = withReachability(list);
    canvas.problems(problems, quiet);
    if (panel) panel.problems(problems.filter(function (p) { return p.nodeId === selected; }));
    // While the raw JSON does not parse, the problems below are those of the last JSON that did.
    o.$("problem-count").textContent = jsonError ? "the raw JSON does not parse " + jsonError.where + (problems.length ? " (the list is for the last JSON that did)" : "")
      : problems.length ? problems.length + " to look at" : "none";
    o.$("problem-count").className = jsonError ? "problem" : "";
    o.fill(o.$("problems"), problems, function (problem) {
      var item = o.text("li", "", "problem");
      var text = problem.severity.toLowerCase() + " on " + (problem.nodeId || "the flow")
        + (problem.key ? ", " + M.label(problem.key) : "") + ": " + problem.message;
      if (problem.nodeId && definition.nodes[problem.nodeId]) {
        var jump = o.text("button", text, "link");
        jump.type = "button";
        jump.dataset.node = problem.nodeId;
        jump.addEventListener("click", function () { canvas.select(problem.nodeId); });
        item.appendChild(jump);
      } else {
        item.textContent = text;
      }
      return item;
    });
  }

  /**
   * Where and why JSON.parse gave up, in words: {where: "at line 23, column 3", why}. Browsers
   * word it differently; Chromium's "at position N" is turned into a line and a column here.
   */
  function parseError(source, error) {
    var message = String(error.message);
    var position = /at position (\d+)/.exec(message);
    var lineColumn = /line (\d+) column (\d+)/.exec(message);
    var where = "at the end";
    if (lineColumn) {
      where = "at line " + lineColumn[1] + ", column " + lineColumn[2];
    } else if (position) {
      var before = source.slice(0, Number(position[1])).split("\n");
      where = "at line " + before.length + ", column " + (before[before.length - 1].length + 1);
    }
    var why = message.replace(/^JSON\.parse: /, "").replace(/\s*(in JSON )?at position \d+.*$/, "").replace(/ in JSON$/, "");
    return { where: where, why: why };
  }

  // The raw JSON: applied to the canvas only when it parses; while it does not, nothing saves.
  document.addEventListener("input", function (event) {
    if (event.target.id !== "flow-json") return;
    clearTimeout(jsonTimer);
    jsonTimer = setTimeout(function () {
      var source = o.$("flow-json").value;
      var parsed;
      try {
        parsed = JSON.parse(source);
      } catch (error) {
        jsonError = parseError(source, error);
        o.$("json-error").textContent = "The JSON does not parse " + jsonError.where + " (" + jsonError.why + "). The canvas shows the last JSON that did, and nothing is saved until it is fixed.";
        o.$("save-result").textContent = "Not saved";
        showProblems(problems);
        return;
      }
      if (!parsed || typeof parsed !== "object" || typeof parsed.nodes !== "object" || !parsed.nodes) {
        jsonError = { where: "as a flow", why: "a flow is an object with \"start\" and \"nodes\"" };
        o.$("json-error").textContent = "The JSON parses but is not a flow: " + jsonError.why + ".";
        showProblems(problems);
        return;
      }
      jsonError = null;
      o.$("json-error").textContent = "";
      definition = parsed;
      dirty = true;
      o.$("save-result").textContent = "Unsaved changes";
      canvas.show(definition, problems, true).then(function () { renderPanel(); validate(); });
    }, 300);
  });

  document.addEventListener("click", function (event) {
    var id = event.target.id;
    if (id === "save-draft") save();
    else if (id === "sim-prev") step(-1);
    else if (id === "sim-next") step(1);
    else if (id === "sim-all") step(Infinity);
    else if (id === "clear-highlight") { run = null; o.$("sim-steps").hidden = true; canvas.clearHighlight(); }
  });

  function save() {
    if (jsonError) {
      o.$("save-result").textContent = "Not saved: the raw JSON does not parse " + jsonError.where + " (" + jsonError.why + "). Fix it, or open the flow again to drop the edit.";
      return Promise.resolve(false);
    }
    return o.api("PUT", "/api/flows/" + encodeURIComponent(current) + "/draft", { definition: definition })
      .then(function (view) {
        dirty = false;
        o.$("save-result").textContent = "Saved";
        showProblems(view.problems);
        return true;
      })
      .catch(function (error) { o.$("save-result").textContent = "Not saved: " + error.message; return false; });
  }

  document.addEventListener("change", function (event) {
    if (event.target.name === "when" && event.target.form && event.target.form.id === "simulate-form") {
      event.target.form.at.disabled = event.target.value !== "custom";
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var handlers = { "simulate-form": simulate, "replay-form": replay, "publish-form": review, "diff-form": diff, "route-form": route };
    if (handlers[form.id]) {
      event.preventDefault();
      handlers[form.id](form);
    }
  });

  function simulate(form) {
    var at;
    try {
      at = window.OmnilineSimTime.instant(form.when.value, form.at.value, definition);
    } catch (error) {
      o.$("sim-outcome").textContent = error.message;
      return;
    }
    var inputs = form.digits.value.split(",").map(function (digits) { return digits.trim(); })
      .filter(function (digits) { return digits; }).map(function (digits) { return { digits: digits }; });
    o.api("POST", "/api/flows/" + encodeURIComponent(current) + "/simulate",
      { scenario: { callerNumber: form.caller.value, at: at, inputs: inputs } })
      .then(function (answer) {
        o.$("sim-at").textContent = "Simulated at " + readable(at) + inFlowZone(at);
        showRun(answer.result.path, outcomeText(answer.result.outcome), {});
      })
      .catch(function (error) { o.$("sim-outcome").textContent = "Could not simulate: " + error.message; });
  }

  /** How a call left the flow, in words; a stop says why (loop, step limit, missing flow or prompt). */
  function outcomeText(outcome) {
    switch (outcome.type) {
      case "queued": return "queued " + outcome.queue + (outcome.priority ? " (priority " + outcome.priority + ")" : "");
      case "callback": return "callback requested from queue " + outcome.queue + " to " + outcome.number;
      case "voicemail": return "voicemail in mailbox " + outcome.mailbox;
      case "transferred": return "transferred to " + outcome.number;
      case "hangup": return "the flow hung up";
      case "caller-hung-up": return "the caller hung up";
      case "failed": return "stopped: " + outcome.reason;
      default: return outcome.type;
    }
  }

  /** A path to walk on the canvas; starts showing all of it, ◀ ▶ step through. */
  function showRun(path, outcome, extra) {
    run = { path: path, index: path.length - 1, extra: extra };
    o.$("sim-outcome").textContent = outcome;
    o.$("sim-outcome").className = outcome.indexOf("stopped") === 0 ? "problem" : "";
    o.$("sim-steps").hidden = false;
    var shown = path.length > SHOWN_STEPS ? path.slice(0, SHOWN_STEPS - 5).concat([null]).concat(path.slice(-5)) : path;
    o.fill(o.$("sim-path"), shown, function (visit) {
      if (!visit) return o.text("li", "… " + (path.length - SHOWN_STEPS + 1) + " more steps not listed …", "gap");
      var item = o.text("li", (visit.flow !== current ? visit.flow + ": " : "") + visit.nodeId
        + (visit.input ? " — pressed " + visit.input : "") + (visit.outcome ? " → " + visit.outcome : ""));
      item.value = visit.seq;
      return item;
    });
    step(0);
  }

  function step(by) {
    if (!run || !run.path.length) return;
    run.index = Math.max(0, Math.min(run.path.length - 1, by === Infinity ? run.path.length - 1 : run.index + by));
    var visits = run.path.slice(0, run.index + 1).filter(function (visit) { return visit.flow === current; })
      .map(function (visit) { return visit.nodeId; });
    var here = run.path[run.index];
    o.$("sim-step").textContent = "Step " + (run.index + 1) + " of " + run.path.length + ": " + here.nodeId
      + (here.outcome ? " → " + here.outcome : "");
    canvas.highlight(visits, here.flow === current ? here.nodeId : null, run.index === run.path.length - 1 ? run.extra : {});
  }

  function loadCalls() {
    o.api("GET", "/api/flows/" + encodeURIComponent(current) + "/calls?limit=20").then(function (calls) {
      var select = o.$("replay-form").call;
      o.fill(select, calls, function (call) {
        var option = o.text("option", "call " + call.interactionId + " · " + readable(call.at)
          + " · " + call.steps + " steps · left at " + call.lastNode + (call.lastOutcome ? " (" + call.lastOutcome + ")" : ""));
        option.value = call.interactionId;
        return option;
      });
      o.$("replay-form").querySelector("button").disabled = !calls.length;
      o.$("replay-none").hidden = calls.length > 0;
    });
  }

  function replay(form) {
    if (!form.call.value) return;
    o.api("POST", "/api/flows/" + encodeURIComponent(current) + "/replay", { interactionId: Number(form.call.value) })
      .then(function (answer) {
        var recorded = answer.recordedPath || [];
        o.fill(o.$("replay-path"), recorded, function (visit) {
          return o.text("li", visit.nodeId + (visit.input ? " — pressed " + visit.input : "") + (visit.outcome ? " → " + visit.outcome : ""));
        });
        var extra = {};
        var text;
        if (answer.divergesAt < 0) {
          text = "The draft takes this call the same way it went: " + recorded.length + " steps.";
        } else {
          var was = answer.recorded, now = answer.replayed;
          if (was) extra[was.nodeId] = "diverge-recorded";
          if (now) extra[now.nodeId] = "diverge-replayed";
          text = "Diverges at step " + (answer.divergesAt + 1) + ": the call went to " + (was ? was.nodeId + (was.outcome ? " (" + was.outcome + ")" : "") : "nothing more")
            + ", the draft now goes to " + (now ? now.nodeId + (now.outcome ? " (" + now.outcome + ")" : "") : "nothing more") + ".";
        }
        o.$("replay-result").textContent = text;
        showRun(answer.simulation.result.path, "replayed on the draft: " + outcomeText(answer.simulation.result.outcome), extra);
      })
      .catch(function (error) { o.$("replay-result").textContent = "Could not replay: " + error.message; });
  }

  /** Publish: save, show what changes against the published version (on the canvas too), then ask. */
  function review(form) {
    var comment = form.comment.value.trim();
    (dirty ? save() : Promise.resolve(true)).then(function (saved) {
      if (!saved) return null;
      var errors = problems.filter(function (p) { return p.severity === "ERROR"; });
      if (errors.length) {
        o.$("publish-result").textContent = "Not published: fix the " + errors.length + " error(s) in the list first.";
        return null;
      }
      var against = published ? String(published) : null;
      var changes = against ? o.api("GET", "/api/flows/" + encodeURIComponent(current) + "/diff?from=" + against + "&to=draft")
        : Promise.resolve(null);
      return changes.then(function (answer) {
        var shown = answer ? showDiff(answer.changes, "version " + against, "the draft") : null;
        var summary = shown ? shown.summary : "the first version of this flow";
        var next = (published || 0) + 1;
        return window.omnilineConfirm("Publish the draft of " + current + " as version " + next + (comment ? " (\"" + comment + "\")" : "")
          + "? Calls take it at once. Against version " + (published || "none") + ": " + summary + "."
          + (shown && shown.entries.length ? "\n" + diffLines(shown.entries).join("\n") : ""), "Publish version " + next)
          .then(function (yes) {
            if (!yes) { o.$("publish-result").textContent = "Not published"; return null; }
            return o.api("POST", "/api/flows/" + encodeURIComponent(current) + "/publish", { comment: comment }).then(function (version) {
              return edit(current).then(function () {
                o.$("publish-result").textContent = "Published version " + version.version;
                return loadFlows();
              });
            });
          });
      });
    }).catch(function (error) { o.$("publish-result").textContent = "Not published: " + error.message; });
  }

  /** Lists a diff and colours the changed blocks; says "no changes" when there are none. */
  function showDiff(changes, from, to) {
    var kinds = {}, gone = {};
    var counts = { added: 0, removed: 0, changed: 0 };
    var nodesSeen = {};
    changes.forEach(function (change) {
      if (change.node && !nodesSeen[change.node]) { nodesSeen[change.node] = true; counts[change.kind]++; }
      if (change.node && change.kind === "removed") gone[change.node] = change.before;
      else if (change.node) kinds[change.node] = change.kind;
    });
    canvas.showDiff(kinds, gone);
    var summary = changes.length ? counts.added + " node(s) added, " + counts.removed + " removed, " + counts.changed + " changed"
      + (changes.some(function (c) { return !c.node; }) ? ", flow settings changed" : "") : "no changes";
    o.$("diff-summary").textContent = "From " + from + " to " + to + ": " + summary + ".";
    var entries = window.OmnilineFlowDiff.describe(changes);
    o.fill(o.$("diff"), entries, function (entry) {
      var item = o.text("li", entry.text, "diff-" + entry.kind);
      if (entry.node) item.dataset.node = entry.node;
      if (entry.lines.length) {
        var fields = document.createElement("ul");
        entry.lines.forEach(function (line) { fields.appendChild(o.text("li", line)); });
        item.appendChild(fields);
      }
      return item;
    });
    return { summary: summary, entries: entries };
  }

  /** The diff as a few lines for the publish question; the whole list stays on the page. */
  function diffLines(entries) {
    var lines = [];
    entries.forEach(function (entry) {
      lines.push(entry.text + (entry.lines.length ? ":" : ""));
      entry.lines.forEach(function (line) { lines.push("  " + line); });
    });
    return lines.length > 12 ? lines.slice(0, 11).concat(["… and " + (lines.length - 11) + " more lines in the list below the canvas"]) : lines;
  }

  function diff(form) {
    o.api("GET", "/api/flows/" + encodeURIComponent(current) + "/diff?from=" + encodeURIComponent(form.from.value)
      + "&to=" + encodeURIComponent(form.to.value)).then(function (answer) {
      showDiff(answer.changes, label(form.from.value), label(form.to.value));
    }).catch(function (error) { o.$("diff-summary").textContent = "Could not compare: " + error.message; });
  }

  function readable(iso) {
    return iso ? READABLE.format(new Date(iso)) : "";
  }

  /** The same instant on the wall clock of the flow's hours node, when its zone is not the admin's. */
  function inFlowZone(iso) {
    var hours = Object.keys(definition.nodes).map(function (id) { return definition.nodes[id]; })
      .filter(function (node) { return node.type === "hours" && node.timezone; })[0];
    var own = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!hours || hours.timezone === own) return "";
    try {
      return " (" + new Intl.DateTimeFormat(undefined, { timeZone: hours.timezone, weekday: "short", hour: "numeric", minute: "2-digit" })
        .format(new Date(iso)) + " in " + hours.timezone + ", the hours node's time zone)";
    } catch (error) {
      return "";
    }
  }

  function label(value) {
    return value === "draft" ? "the draft" : "version " + value;
  }

  function loadVersions() {
    o.api("GET", "/api/flows/" + encodeURIComponent(current) + "/versions").then(function (versions) {
      o.fill(o.$("versions").querySelector("tbody"), versions, function (version) {
        var row = document.createElement("tr");
        row.dataset.version = version.version;
        [version.version + (version.version === published ? " (live)" : ""), version.publishedBy,
          readable(version.publishedAt),
          (version.comment || "") + (version.sourceVersion ? " · copy of version " + version.sourceVersion : "")]
          .forEach(function (cell) { row.appendChild(o.text("td", cell)); });
        row.cells[2].dataset.sort = version.publishedAt;
        var actions = document.createElement("td");
        if (version.version !== published) {
          var back = o.text("button", "Roll back to " + version.version);
          back.type = "button";
          back.addEventListener("click", function () { rollback(version.version); });
          actions.appendChild(back);
        }
        row.appendChild(actions);
        return row;
      });
    });
  }

  function rollback(version) {
    var next = (published || 0) + 1;
    window.omnilineConfirm("Roll " + current + " back to version " + version + "? It goes live at once as version " + next
      + ", and the draft is replaced by it" + (dirty ? " (your unsaved changes are lost)" : "") + ".", "Roll back to version " + version)
      .then(function (yes) {
        if (!yes) return;
        o.api("POST", "/api/flows/" + encodeURIComponent(current) + "/rollback",
          { version: version, comment: "rolled back to version " + version }).then(function (made) {
          return edit(current).then(function () {
            o.$("publish-result").textContent = "Rolled back: version " + made.version + " is live (a copy of version " + version + ")";
            return loadFlows();
          });
        }).catch(function (error) { o.$("publish-result").textContent = "Not rolled back: " + error.message; });
      });
  }

  function route(form) {
    o.api("PUT", "/api/routes/" + encodeURIComponent(form.number.value.trim()), { flow: form.flow.value })
      .then(function (made) {
        o.$("route-result").textContent = made.number + " now goes to " + made.flowName;
        o.$("route-result").className = "";
        form.number.value = "";
        loadRoutes();
      })
      .catch(function (error) {
        o.$("route-result").textContent = "Not routed: " + error.message;
        o.$("route-result").className = "error";
      });
  }

  function loadRoutes() {
    o.api("GET", "/api/routes").then(function (routes) {
      o.fill(o.$("routes"), routes, function (made) { return o.text("li", made.number + " → " + made.flowName); });
    });
  }
})();
