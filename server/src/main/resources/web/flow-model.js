/*
 * What the flow designer knows about a flow's JSON: each node type's fields and exits, a new
 * node's starting fields, and which nodes a call can reach. The server's validator stays the
 * judge; this only lets the canvas and the forms draw and edit without asking it every time.
 */
(function () {
  "use strict";

  /** Each type's fields in the order the form shows them; "exit" fields name another node. */
  var TYPES = {
    play: { fields: [["prompts", "prompts"], ["next", "exit"]], start: { prompts: [], next: null } },
    menu: {
      fields: [["prompt", "prompt"], ["options", "options"], ["timeoutSeconds", "int"], ["retries", "int"],
        ["invalidPrompt", "prompt"], ["timeoutPrompt", "prompt"], ["fallback", "exit"]],
      start: { prompt: null, options: {}, timeoutSeconds: 5, retries: 2, fallback: null }
    },
    collect: {
      fields: [["prompt", "prompt"], ["variable", "text"], ["minDigits", "int"], ["maxDigits", "int"],
        ["terminator", "text"], ["timeoutSeconds", "int"], ["pattern", "text"], ["retries", "int"],
        ["invalidPrompt", "prompt"], ["next", "exit"], ["fallback", "exit"]],
      start: { prompt: null, variable: "digits", maxDigits: 10, terminator: "#", next: null, fallback: null }
    },
    say: { fields: [["mode", "say-mode"], ["value", "expression"], ["next", "exit"]], start: { mode: "digits", value: "caller", next: null } },
    set: { fields: [["variable", "text"], ["expression", "expression"], ["next", "exit"]], start: { variable: "x", expression: "''", next: null } },
    branch: { fields: [["conditions", "conditions"], ["otherwise", "exit"]], start: { conditions: [], otherwise: null } },
    hours: {
      fields: [["timezone", "text"], ["weekly", "weekly"], ["holidays", "dates"], ["open", "exit"], ["closed", "exit"]],
      start: { timezone: "UTC", weekly: { mon: ["09:00-17:00"], tue: ["09:00-17:00"], wed: ["09:00-17:00"],
        thu: ["09:00-17:00"], fri: ["09:00-17:00"] }, holidays: [], open: null, closed: null }
    },
    lookup: { fields: [["by", "lookup-by"], ["variable", "text"], ["found", "exit"], ["notFound", "exit"]], start: { by: "caller", found: null, notFound: null } },
    queue: {
      fields: [["queue", "queue"], ["priority", "int"], ["skills", "list"], ["maxWaitSeconds", "int"], ["announcePosition", "bool"],
        ["announceWait", "bool"], ["onTimeout", "exit"]],
      start: { queue: null, priority: 0 }
    },
    callback: {
      fields: [["prompt", "prompt"], ["acceptDigit", "text"], ["timeoutSeconds", "int"], ["numberVariable", "text"],
        ["queue", "queue"], ["declined", "exit"]],
      start: { prompt: null, acceptDigit: "1", queue: null, declined: null }
    },
    voicemail: { fields: [["mailbox", "text"], ["prompt", "prompt"]], start: { mailbox: "100" } },
    transfer: { fields: [["number", "text"]], start: { number: "" } },
    language: { fields: [["prompt", "prompt"], ["options", "languages"], ["timeoutSeconds", "int"], ["next", "exit"]], start: { prompt: null, options: { "1": "en", "2": "es" }, next: null } },
    "goto-flow": { fields: [["flow", "flow"]], start: { flow: null } },
    rating: { fields: [["from", "text"], ["next", "exit"]], start: { from: "score", next: null } },
    comment: {
      fields: [["prompt", "prompt"], ["maxSeconds", "int"], ["silenceSeconds", "int"], ["next", "exit"]],
      start: { prompt: null, maxSeconds: 60, silenceSeconds: 5, next: null }
    },
    hangup: { fields: [["prompt", "prompt"]], start: {} }
  };

  /** Every field in words, for the forms, the ports and the diff; the JSON key stays in a tooltip. */
  var LABELS = {
    prompt: "Prompt", prompts: "Prompts, played in order", options: "Keys", timeoutSeconds: "Time to wait for a key (seconds)",
    retries: "More tries allowed", invalidPrompt: "Prompt when the key is invalid",
    timeoutPrompt: "Prompt when no key is pressed", fallback: "When the tries run out", next: "Then go to",
    variable: "Keep the value as", minDigits: "Fewest digits", maxDigits: "Most digits", terminator: "Key that ends the entry",
    pattern: "Digits must match (pattern)", mode: "Say it as", value: "What to say", expression: "Value to keep",
    conditions: "Conditions", otherwise: "When no condition holds", timezone: "Time zone", weekly: "Open hours each day",
    holidays: "Holidays", open: "When open", closed: "When closed", by: "Find the customer by",
    found: "When the customer is found", notFound: "When no customer is found", queue: "Queue", priority: "Priority",
    skills: "Skills", maxWaitSeconds: "Longest wait in queue (seconds)", announcePosition: "Tell callers their place in line",
    announceWait: "Tell callers the expected wait", onTimeout: "When the wait in queue ends",
    acceptDigit: "Key that accepts a callback", numberVariable: "Number to call back", declined: "When the caller declines",
    mailbox: "Mailbox", number: "Number to transfer to", flow: "Flow to go to", start: "Start node", language: "Language",
    description: "Description", layout: "Block positions", from: "Rating 1 to 5 from the value kept as",
    maxSeconds: "Longest comment (seconds)", silenceSeconds: "Silence that ends the comment (seconds)"
  };

  /** What an exit port says on its block: a few words, as short as the block allows. */
  var PORTS = { next: "next", fallback: "tries run out", otherwise: "otherwise", open: "open", closed: "closed",
    found: "found", notFound: "not found", onTimeout: "wait ends", declined: "declined" };

  function label(name) {
    return LABELS[name] || name;
  }

  /** A node's exits as ports: {path, label, target}; path says where the target is stored. */
  function ports(node) {
    var list = [];
    if (!node || !TYPES[node.type]) return list;
    TYPES[node.type].fields.forEach(function (field) {
      var name = field[0];
      if (field[1] === "exit") {
        if (name === "onTimeout" && node.onTimeout == null) return;
        list.push({ path: [name], label: PORTS[name] || label(name), target: node[name] == null ? null : node[name] });
      } else if (field[1] === "options") {
        Object.keys(node.options || {}).sort().forEach(function (digit) {
          list.push({ path: ["options", digit], label: "press " + digit, target: node.options[digit] });
        });
      } else if (field[1] === "conditions") {
        (node.conditions || []).forEach(function (condition, index) {
          list.push({ path: ["conditions", index, "next"], label: "if " + (condition.when || "?"), target: condition.next });
        });
      }
    });
    if (node.type === "queue" && node.onTimeout == null) list.push({ path: ["onTimeout"], label: PORTS.onTimeout + " (optional)", target: null, optional: true });
    return list;
  }

  function setExit(node, path, target) {
    var holder = node;
    for (var i = 0; i < path.length - 1; i++) holder = holder[path[i]];
    holder[path[path.length - 1]] = target;
  }

  /** Node ids a call can reach from the start, never passing through {@code without}. */
  function reachable(definition, without) {
    var seen = {};
    var nodes = definition.nodes || {};
    var toVisit = definition.start && definition.start !== without ? [definition.start] : [];
    while (toVisit.length) {
      var id = toVisit.pop();
      if (seen[id] || !nodes[id]) continue;
      seen[id] = true;
      ports(nodes[id]).forEach(function (port) {
        if (port.target && port.target !== without && !seen[port.target]) toVisit.push(port.target);
      });
    }
    return seen;
  }

  /** What deleting a node costs: the other nodes no call could reach any more. */
  function strandedBy(definition, id) {
    var before = reachable(definition, null);
    var after = reachable(definition, id);
    return Object.keys(before).filter(function (other) { return other !== id && !after[other]; }).sort();
  }

  /** Removes a node and empties every exit that led to it (the validator then names them). */
  function remove(definition, id) {
    delete definition.nodes[id];
    if (definition.layout) delete definition.layout[id];
    Object.keys(definition.nodes).forEach(function (other) {
      ports(definition.nodes[other]).forEach(function (port) {
        if (port.target === id && !port.optional) setExit(definition.nodes[other], port.path, null);
      });
    });
  }

  function freshId(definition, type) {
    var base = type.replace(/[^a-z]/g, "");
    for (var n = 1; ; n++) if (!definition.nodes[base + n]) return base + n;
  }

  function create(type) {
    var node = JSON.parse(JSON.stringify(TYPES[type].start));
    var ordered = { type: type };
    Object.keys(node).forEach(function (key) { ordered[key] = node[key]; });
    return ordered;
  }

  /** The few words a block shows under its id: where the node sends the call or what it plays. */
  function summary(node) {
    switch (node.type) {
      case "play": return (node.prompts || []).join(", ");
      case "menu": case "collect": case "callback": case "language": case "hangup": case "voicemail":
        return node.prompt || node.mailbox || "";
      case "queue": return "queue " + (node.queue || "?") + (node.priority ? " · priority " + node.priority : "");
      case "transfer": return node.number || "";
      case "goto-flow": return "flow " + (node.flow || "?");
      case "hours": return node.timezone || "";
      case "say": return (node.mode || "") + " " + (node.value || "");
      case "set": return (node.variable || "") + " = " + (node.expression || "");
      case "lookup": return "by " + (node.by || "caller");
      case "rating": return "rating from " + (node.from || "?");
      case "comment": return "records up to " + (node.maxSeconds || 60) + " s" + (node.prompt ? " · " + node.prompt : "");
      default: return "";
    }
  }

  window.OmnilineFlowModel = {
    TYPES: TYPES, label: label, ports: ports, setExit: setExit, reachable: reachable, strandedBy: strandedBy,
    remove: remove, freshId: freshId, create: create, summary: summary
  };
})();
