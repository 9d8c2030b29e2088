/*
 * The side panel of the flow designer: a form for every field of the selected node, in words.
 * Exits pick another node, prompts come from the prompt library (with a play button), queues
 * from the configured ones, goto-flow from the flows; opening hours are edited day by day with
 * holidays as dates. Each change goes straight into the draft and the validator's verdict on this
 * node shows at the top of the panel, so a branch condition is checked as it is typed.
 */
(function () {
  "use strict";
  var M = window.OmnilineFlowModel;
  var DAYS = [["mon", "Monday"], ["tue", "Tuesday"], ["wed", "Wednesday"], ["thu", "Thursday"], ["fri", "Friday"],
    ["sat", "Saturday"], ["sun", "Sunday"]];
  var HELP = {
    prompt: "Played before the caller answers", prompts: "Played in this order", timeoutSeconds: "How long the caller has to press a key",
    retries: "More tries after a wrong key or silence", fallback: "Where the caller goes when the tries run out",
    variable: "Name the value is kept under", pattern: "Regular expression the digits must match",
    terminator: "Key that ends the entry early", priority: "0–100; higher is answered first",
    skills: "Asterisk queues cannot pick an agent by skill: use a queue of agents who have it",
    maxWaitSeconds: "After this long without an agent the call goes where \"When the wait in queue ends\" says",
    timezone: "Time zone of the hours, e.g. America/New_York", acceptDigit: "Key that accepts the callback",
    numberVariable: "Variable holding the number to call back (empty: the caller's number)",
    expression: "An expression, e.g. customer.vip or account == '123' (text in single quotes)", value: "An expression to say",
    // A field whose help differs on one node type is keyed "type.field".
    "comment.prompt": "Played before the beep: tell the caller to speak after the tone and press # when done",
    maxSeconds: "The recording stops here even if the caller is still speaking (5–300)",
    silenceSeconds: "The recording stops after the caller says nothing for this long (1–30)"
  };

  /** The page's own text-node maker (app.js): everything shown is set as text. */
  function text(tag, value, cls) {
    return window.omniline.text(tag, value, cls);
  }

  function button(label, onClick, cls) {
    var node = text("button", label, cls);
    node.type = "button";
    node.addEventListener("click", onClick);
    return node;
  }

  /**
   * @param context {definition, prompts: [{name, language}], queues: [names], flows: [names],
   *     problems: [problems of this node], onChange(), onRename(old, new), onDelete(id), play(name)}
   */
  function render(panel, id, context) {
    panel.replaceChildren();
    var definition = context.definition;
    var node = definition.nodes[id];
    if (!node) {
      panel.appendChild(text("p", "Pick a block on the canvas (or Tab to one and press Enter) to edit it here.", "hint"));
      return;
    }
    var form = document.createElement("form");
    form.className = "node-form";
    form.dataset.node = id;
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    panel.appendChild(form);

    form.appendChild(text("h4", node.type + " node"));
    var problems = text("ul", "", "node-problems");
    problems.setAttribute("role", "status");
    form.appendChild(problems);
    showProblems(problems, context.problems);

    var rename = input("text", id, "id");
    rename.addEventListener("change", function () {
      var next = rename.value.trim();
      if (next && next !== id && !definition.nodes[next]) context.onRename(id, next);
      else rename.value = id;
    });
    form.appendChild(field("Node id", rename, "Exits elsewhere follow a rename"));
    if (definition.start !== id) {
      form.appendChild(button("Make this the start", function () { definition.start = id; context.onChange(true); }));
    } else {
      form.appendChild(text("p", "Calls start here.", "hint"));
    }

    M.TYPES[node.type].fields.forEach(function (spec) {
      var name = spec[0], kind = spec[1];
      var editor = EDITORS[kind](node, name, context);
      if (editor.tagName === "FIELDSET") {
        editor.querySelector("legend").title = "In the JSON: " + name;
        editor.dataset.key = name;
        form.appendChild(editor);
      } else {
        form.appendChild(field(M.label(name), editor, HELP[node.type + "." + name] || HELP[name], name));
      }
    });
    form.appendChild(button("Delete node", function () { context.onDelete(id); }, "danger"));
    return { problems: function (list) { showProblems(problems, list); } };
  }

  /** The node's problems at the top of the panel; a problem about one field also marks that field. */
  function showProblems(list, problems) {
    list.replaceChildren();
    var form = list.parentNode;
    Array.prototype.forEach.call(form.querySelectorAll("[data-key]"), function (field) {
      field.classList.remove("has-problem");
    });
    (problems || []).forEach(function (problem) {
      var about = problem.key ? M.label(problem.key) + ": " : "";
      list.appendChild(text("li", problem.severity.toLowerCase() + ": " + about + problem.message, "problem"));
      var field = problem.key && form.querySelector("[data-key='" + problem.key + "']");
      if (field) field.classList.add("has-problem");
    });
  }

  /** @param key the field's name in the JSON, shown as a tooltip for whoever edits the raw view */
  function field(title, control, help, key) {
    var wrapper = text("label", "", "form-field");
    var name = wrapper.appendChild(text("span", title, "field-name"));
    if (key) { name.title = "In the JSON: " + key; wrapper.dataset.key = key; }
    wrapper.appendChild(control);
    if (help) wrapper.appendChild(text("small", help, "field-help"));
    return wrapper;
  }

  function input(type, value, name) {
    var node = document.createElement("input");
    node.type = type;
    node.name = name;
    if (type === "checkbox") node.checked = !!value;
    else node.value = value == null ? "" : String(value);
    return node;
  }

  function set(node, name, value, context) {
    if (value === null || value === "" || (Array.isArray(value) && !value.length && name !== "prompts")) delete node[name];
    else node[name] = value;
    context.onChange(false);
  }

  function exitSelect(value, name, context, onPick) {
    var select = document.createElement("select");
    select.name = name;
    var ids = Object.keys(context.definition.nodes).sort();
    var options = [["", "(nowhere yet)"]].concat(ids.map(function (id) { return [id, id]; }));
    if (value && ids.indexOf(value) < 0) options.push([value, value + " (missing)"]);
    options.forEach(function (pair) {
      var option = text("option", pair[1]);
      option.value = pair[0];
      option.selected = pair[0] === (value || "");
      select.appendChild(option);
    });
    select.addEventListener("change", function () { onPick(select.value || null); });
    return select;
  }

  /** A prompt picked from the library by its full name (the list never cuts it), with play. */
  function promptPicker(value, name, context, onPick) {
    var wrapper = text("span", "", "prompt-picker");
    var box = input("text", value, name);
    box.setAttribute("list", "prompt-library");
    box.size = 40;
    box.addEventListener("change", function () { onPick(box.value.trim() || null); });
    wrapper.appendChild(box);
    wrapper.appendChild(button("▶ Play", function () { if (box.value.trim()) context.play(box.value.trim()); }, "play"));
    return wrapper;
  }

  function rows(title, cls) {
    var set = document.createElement("fieldset");
    set.className = cls;
    set.appendChild(text("legend", title));
    return set;
  }

  var EDITORS = {
    exit: function (node, name, context) {
      return exitSelect(node[name], name, context, function (target) { set(node, name, target, context); });
    },
    prompt: function (node, name, context) {
      return promptPicker(node[name], name, context, function (prompt) { set(node, name, prompt, context); });
    },
    prompts: function (node, name, context) {
      var box = rows("Prompts, played in order", "prompts");
      var list = node.prompts = node.prompts || [];
      list.forEach(function (prompt, index) {
        var row = text("div", "", "row");
        row.appendChild(promptPicker(prompt, "prompts." + index, context, function (value) {
          if (value) list[index] = value; else list.splice(index, 1);
          context.onChange(true);
        }));
        row.appendChild(button("Remove", function () { list.splice(index, 1); context.onChange(true); }));
        box.appendChild(row);
      });
      box.appendChild(button("Add a prompt", function () { list.push(""); context.onChange(true); }));
      return box;
    },
    int: function (node, name, context) {
      var box = input("number", node[name], name);
      box.addEventListener("change", function () { set(node, name, box.value === "" ? null : Number(box.value), context); });
      return box;
    },
    text: function (node, name, context) {
      var box = input("text", node[name], name);
      box.addEventListener("change", function () { set(node, name, box.value.trim() || null, context); });
      return box;
    },
    expression: function (node, name, context) {
      var box = input("text", node[name], name);
      box.size = 36;
      box.addEventListener("input", function () { node[name] = box.value; context.onChange(false); });
      return box;
    },
    bool: function (node, name, context) {
      var box = input("checkbox", node[name], name);
      box.addEventListener("change", function () { set(node, name, box.checked ? true : null, context); });
      return box;
    },
    list: function (node, name, context) {
      var box = input("text", (node[name] || []).join(", "), name);
      box.addEventListener("change", function () {
        set(node, name, box.value.split(",").map(function (part) { return part.trim(); }).filter(Boolean), context);
      });
      return box;
    },
    "say-mode": function (node, name, context) { return choice(node, name, ["digits", "number", "letters"], context); },
    "lookup-by": function (node, name, context) { return choice(node, name, ["caller", "account"], context); },
    queue: function (node, name, context) {
      var known = context.queues;
      if (!known.length) {
        var box = input("text", node[name], name);
        box.addEventListener("change", function () { set(node, name, box.value.trim() || null, context); });
        return box;
      }
      return choice(node, name, [""].concat(known).concat(node[name] && known.indexOf(node[name]) < 0 ? [node[name]] : []), context);
    },
    flow: function (node, name, context) { return choice(node, name, [""].concat(context.flows), context); },
    options: function (node, name, context) {
      var box = rows("Keys", "options");
      var options = node.options = node.options || {};
      Object.keys(options).sort().forEach(function (digit) {
        var row = text("div", "", "row");
        row.appendChild(text("span", "Press " + digit + " → "));
        row.appendChild(exitSelect(options[digit], "options." + digit, context, function (target) { options[digit] = target; context.onChange(true); }));
        row.appendChild(button("Remove", function () { delete options[digit]; context.onChange(true); }));
        box.appendChild(row);
      });
      var digit = input("text", "", "new-digit");
      digit.maxLength = 1;
      digit.size = 2;
      digit.setAttribute("aria-label", "New key");
      box.appendChild(field("New key", digit));
      box.appendChild(button("Add key", function () {
        if (/^[0-9*#]$/.test(digit.value) && !(digit.value in options)) { options[digit.value] = null; context.onChange(true); }
      }));
      return box;
    },
    languages: function (node, name, context) {
      var box = rows("Keys and the language each picks", "options");
      var options = node.options = node.options || {};
      Object.keys(options).sort().forEach(function (digit) {
        var row = text("div", "", "row");
        row.appendChild(text("span", "Press " + digit + " → "));
        var code = input("text", options[digit], "language." + digit);
        code.size = 6;
        code.addEventListener("change", function () { options[digit] = code.value.trim(); context.onChange(false); });
        row.appendChild(code);
        row.appendChild(button("Remove", function () { delete options[digit]; context.onChange(true); }));
        box.appendChild(row);
      });
      box.appendChild(button("Add key", function () {
        for (var d = 1; d <= 9; d++) if (!(String(d) in options)) { options[String(d)] = "en"; break; }
        context.onChange(true);
      }));
      return box;
    },
    conditions: function (node, name, context) {
      var box = rows("Conditions, the first that holds wins", "conditions");
      var list = node.conditions = node.conditions || [];
      list.forEach(function (condition, index) {
        var row = text("div", "", "row");
        var when = input("text", condition.when, "conditions." + index + ".when");
        when.size = 30;
        when.setAttribute("aria-label", "Condition " + (index + 1));
        when.addEventListener("input", function () { condition.when = when.value; context.onChange(false); });
        row.appendChild(text("span", "If "));
        row.appendChild(when);
        row.appendChild(text("span", " → "));
        row.appendChild(exitSelect(condition.next, "conditions." + index + ".next", context, function (target) { condition.next = target; context.onChange(true); }));
        row.appendChild(button("Remove", function () { list.splice(index, 1); context.onChange(true); }));
        box.appendChild(row);
      });
      box.appendChild(text("small", HELP.expression, "field-help"));
      box.appendChild(button("Add condition", function () { list.push({ when: "", next: null }); context.onChange(true); }));
      return box;
    },
    weekly: function (node, name, context) {
      var box = rows("Open hours each day (empty: closed all day)", "weekly");
      var weekly = node.weekly = node.weekly || {};
      DAYS.forEach(function (day) {
        var ranges = input("text", (weekly[day[0]] || []).join(", "), "weekly." + day[0]);
        ranges.placeholder = "closed";
        ranges.addEventListener("change", function () {
          var list = ranges.value.split(",").map(function (part) { return part.trim(); }).filter(Boolean);
          if (list.length) weekly[day[0]] = list; else delete weekly[day[0]];
          context.onChange(false);
        });
        box.appendChild(field(day[1], ranges));
      });
      box.appendChild(text("small", "Ranges like 08:00-12:00, 13:00-18:00 in the node's time zone", "field-help"));
      return box;
    },
    dates: function (node, name, context) {
      var box = rows("Holidays (closed all day)", "holidays");
      var list = node.holidays = node.holidays || [];
      list.forEach(function (date, index) {
        var row = text("div", "", "row");
        row.appendChild(text("span", date));
        row.appendChild(button("Remove", function () { list.splice(index, 1); context.onChange(true); }));
        box.appendChild(row);
      });
      var day = input("date", "", "new-holiday");
      day.setAttribute("aria-label", "New holiday");
      box.appendChild(day);
      box.appendChild(button("Add holiday", function () {
        if (day.value && list.indexOf(day.value) < 0) { list.push(day.value); list.sort(); context.onChange(true); }
      }));
      return box;
    }
  };

  function choice(node, name, values, context) {
    var select = document.createElement("select");
    select.name = name;
    values.forEach(function (value) {
      var option = text("option", value === "" ? "(pick one)" : value);
      option.value = value;
      option.selected = (node[name] || "") === value;
      select.appendChild(option);
    });
    select.addEventListener("change", function () { set(node, name, select.value || null, context); });
    return select;
  }

  window.OmnilineFlowForms = { render: render };
})();
