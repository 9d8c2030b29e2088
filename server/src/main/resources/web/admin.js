/*
 * Omniline admin: IVR flows edited as nodes with their exits (a form per node) and as raw JSON,
 * validated as you type with each problem shown on its node; simulate, publish, versions with
 * roll back, diff, and the numbers routed to flows. Text only, like the rest of the app.
 */
(function () {
  "use strict";
  var EXITS = ["next", "fallback", "found", "notFound", "open", "closed", "otherwise", "declined", "onTimeout"];
  var o, current = null, definition = null, validateTimer = null;

  document.addEventListener("omniline:admin", function () {
    o = window.omniline;
    o.$("flows-admin").hidden = false;
    loadFlows();
    loadRoutes();
  });

  function loadFlows() {
    o.api("GET", "/api/flows").then(function (flows) {
      o.fill(o.$("flow-list"), flows, function (flow) {
        var item = o.text("li", "");
        var open = o.text("button", flow.name);
        open.type = "button";
        open.dataset.flow = flow.name;
        open.addEventListener("click", function () { edit(flow.name); });
        item.appendChild(open);
        item.appendChild(o.text("span", " published " + (flow.publishedVersion || "never")));
        return item;
      });
      var select = document.querySelector("#route-form select");
      o.fill(select, flows, function (flow) {
        var option = o.text("option", flow.name);
        option.value = flow.name;
        return option;
      });
    });
  }

  function edit(name) {
    o.api("GET", "/api/flows/" + encodeURIComponent(name)).then(function (view) {
      current = name;
      o.$("editor").hidden = false;
      o.$("flow-name").textContent = name;
      o.$("flow-published").textContent = view.flow.publishedVersion || "none";
      definition = view.flow.definition;
      o.$("flow-json").value = JSON.stringify(definition, null, 2);
      showProblems(view.problems);
      loadVersions();
    });
  }

  function renderNodes(problems) {
    var byNode = {};
    (problems || []).forEach(function (problem) {
      (byNode[problem.nodeId] = byNode[problem.nodeId] || []).push(problem);
    });
    var ids = Object.keys((definition && definition.nodes) || {});
    o.fill(o.$("node-list"), ids, function (id) {
      var node = definition.nodes[id];
      var item = document.createElement("li");
      item.dataset.node = id;
      item.appendChild(o.text("strong", id + (definition.start === id ? " (start)" : "")));
      item.appendChild(o.text("span", " · " + node.type));
      Object.keys(node).forEach(function (field) {
        if (field === "type") return;
        var value = node[field];
        if (EXITS.indexOf(field) >= 0 && typeof value === "string") {
          item.appendChild(exitSelect(id, field, null, value, ids));
        } else if (field === "options" && node.type === "menu" && value && typeof value === "object") {
          Object.keys(value).forEach(function (key) { item.appendChild(exitSelect(id, field, key, value[key], ids)); });
        } else if (typeof value === "string" || typeof value === "number") {
          item.appendChild(scalarInput(id, field, value));
        }
      });
      (byNode[id] || []).forEach(function (problem) {
        item.className = "has-error";
        item.appendChild(o.text("span", problem.severity.toLowerCase() + ": " + problem.message, "problem"));
      });
      return item;
    });
  }

  function exitSelect(nodeId, field, key, value, ids) {
    var label = o.text("label", (key === null ? field : "press " + key) + " → ", "field");
    var select = document.createElement("select");
    select.name = key === null ? field : field + "." + key;
    var known = ids.indexOf(value) >= 0;
    (known ? ids : ids.concat([value])).forEach(function (id) {
      var option = o.text("option", id + (ids.indexOf(id) < 0 ? " (missing)" : ""));
      option.value = id;
      option.selected = id === value;
      select.appendChild(option);
    });
    select.addEventListener("change", function () {
      if (key === null) definition.nodes[nodeId][field] = select.value;
      else definition.nodes[nodeId][field][key] = select.value;
      changed();
    });
    label.appendChild(select);
    return label;
  }

  function scalarInput(nodeId, field, value) {
    var label = o.text("label", field + " ", "field");
    var input = document.createElement("input");
    input.name = field;
    input.value = String(value);
    input.addEventListener("change", function () {
      definition.nodes[nodeId][field] = typeof value === "number" ? Number(input.value) : input.value;
      changed();
    });
    label.appendChild(input);
    return label;
  }

  function changed() {
    o.$("flow-json").value = JSON.stringify(definition, null, 2);
    validate();
  }

  function validate() {
    o.api("POST", "/api/validate", { name: current, definition: definition }).then(function (answer) {
      showProblems(answer.problems);
    });
  }

  function showProblems(problems) {
    renderNodes(problems);
    o.fill(o.$("problems"), problems, function (problem) {
      return o.text("li", problem.severity.toLowerCase() + " on " + (problem.nodeId || "flow") + ": " + problem.message, "problem");
    });
  }

  document.addEventListener("input", function (event) {
    if (event.target.id !== "flow-json") return;
    clearTimeout(validateTimer);
    validateTimer = setTimeout(function () {
      try {
        definition = JSON.parse(o.$("flow-json").value);
      } catch (error) {
        o.fill(o.$("problems"), [error.message], function (message) { return o.text("li", "JSON: " + message, "problem"); });
        return;
      }
      validate();
    }, 300);
  });

  document.addEventListener("click", function (event) {
    if (event.target.id !== "save-draft") return;
    o.api("PUT", "/api/flows/" + encodeURIComponent(current) + "/draft", { definition: definition })
      .then(function (view) {
        o.$("save-result").textContent = "Saved";
        showProblems(view.problems);
      })
      .catch(function (error) { o.$("save-result").textContent = error.message; });
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.id === "simulate-form") {
      event.preventDefault();
      var inputs = form.digits.value.split(",").map(function (digits) { return digits.trim(); })
        .filter(function (digits) { return digits; }).map(function (digits) { return { digits: digits }; });
      o.api("POST", "/api/flows/" + encodeURIComponent(current) + "/simulate",
        { scenario: { callerNumber: form.caller.value, at: form.at.value, inputs: inputs } })
        .then(function (run) {
          o.fill(o.$("sim-path"), run.result.path, function (step) {
            return o.text("li", step.nodeId + (step.input ? " — " + step.input : "") + " → " + (step.outcome || ""));
          });
          var outcome = run.result.outcome;
          o.$("sim-outcome").textContent = outcome.type + (outcome.queue ? " " + outcome.queue : "");
        })
        .catch(function (error) { o.$("sim-outcome").textContent = error.message; });
    } else if (form.id === "publish-form") {
      event.preventDefault();
      o.api("POST", "/api/flows/" + encodeURIComponent(current) + "/publish", { comment: form.comment.value })
        .then(function (version) {
          o.$("publish-result").textContent = "Published version " + version.version;
          o.$("flow-published").textContent = version.version;
          loadVersions();
          loadFlows();
        })
        .catch(function (error) { o.$("publish-result").textContent = error.message; });
    } else if (form.id === "diff-form") {
      event.preventDefault();
      o.api("GET", "/api/flows/" + encodeURIComponent(current) + "/diff?from=" + encodeURIComponent(form.from.value)
        + "&to=" + encodeURIComponent(form.to.value)).then(function (diff) {
        o.fill(o.$("diff"), diff.changes, function (change) {
          return o.text("li", change.kind + " " + change.node + (change.field ? "." + change.field : "")
            + ": " + JSON.stringify(change.before) + " → " + JSON.stringify(change.after));
        });
      });
    } else if (form.id === "route-form") {
      event.preventDefault();
      o.api("PUT", "/api/routes/" + encodeURIComponent(form.number.value), { flow: form.flow.value }).then(loadRoutes);
    }
  });

  function loadVersions() {
    o.api("GET", "/api/flows/" + encodeURIComponent(current) + "/versions").then(function (versions) {
      o.fill(o.$("versions"), versions, function (version) {
        var item = o.text("li", "version " + version.version + " by " + version.publishedBy + ": " + (version.comment || ""));
        var back = o.text("button", "Roll back to " + version.version);
        back.type = "button";
        back.addEventListener("click", function () {
          o.api("POST", "/api/flows/" + encodeURIComponent(current) + "/rollback",
            { version: version.version, comment: "rolled back to " + version.version }).then(function () { edit(current); });
        });
        item.appendChild(back);
        return item;
      });
    });
  }

  function loadRoutes() {
    o.api("GET", "/api/routes").then(function (routes) {
      o.fill(o.$("routes"), routes, function (route) { return o.text("li", route.number + " → " + route.flowName); });
    });
  }
})();
