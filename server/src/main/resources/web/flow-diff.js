/*
 * A flow diff in words: the server lists changes field by field as JSON; an admin about to
 * publish reads "Changed menu: Keys: press 2 now goes to support (was sales)", with the field
 * labels of the side panel, not the JSON keys.
 */
(function () {
  "use strict";
  var M = window.OmnilineFlowModel;
  var FLOW_FIELDS = { start: "Start node", language: "Language", description: "Description" };

  /** A value as a person reads it. */
  function words(value) {
    if (value === null || value === undefined || value === "") return "not set";
    if (typeof value === "boolean") return value ? "yes" : "no";
    if (Array.isArray(value)) return value.length ? value.map(words).join(", ") : "none";
    if (typeof value === "object") {
      if ("when" in value) return "if " + (value.when || "?") + " go to " + words(value.next);
      var keys = Object.keys(value);
      return keys.length ? keys.map(function (key) { return key + ": " + words(value[key]); }).join("; ") : "none";
    }
    return String(value);
  }

  /** What changed inside a field that maps keys to values (menu keys, opening hours by day). */
  function keyed(name, before, after) {
    before = before || {};
    after = after || {};
    var said = name === "options" ? function (key) { return "press " + key + " goes to"; } : function (key) { return key + ":"; };
    var keys = Object.keys(before).concat(Object.keys(after).filter(function (key) { return !(key in before); })).sort();
    return keys.filter(function (key) { return JSON.stringify(before[key]) !== JSON.stringify(after[key]); }).map(function (key) {
      if (!(key in before)) return said(key) + " " + words(after[key]) + " (new)";
      if (!(key in after)) return (name === "options" ? "press " + key : key) + " removed (was " + words(before[key]) + ")";
      return said(key) + " " + words(after[key]) + " (was " + words(before[key]) + ")";
    }).join("; ");
  }

  function fieldLine(change) {
    var title = change.node ? M.label(change.field) : FLOW_FIELDS[change.field] || change.field;
    var isMap = function (value) { return value && typeof value === "object" && !Array.isArray(value); };
    if ((isMap(change.before) || isMap(change.after)) && !(change.before && "when" in change.before)) {
      return title + ": " + keyed(change.field, change.before, change.after);
    }
    if (change.before === null || change.before === undefined) return title + ": " + words(change.after) + " (was not set)";
    return title + ": " + words(change.after) + " (was " + words(change.before) + ")";
  }

  /**
   * @param changes the server's list: {kind, node, field, before, after}
   * @return one entry per node (and one for the flow's own fields): {kind, node, text, lines}
   */
  function describe(changes) {
    var entries = [], byNode = {};
    changes.forEach(function (change) {
      var key = change.node || "";
      var entry = byNode[key];
      if (!entry) {
        entry = byNode[key] = { kind: change.kind, node: change.node, lines: [] };
        entries.push(entry);
        if (change.kind === "added") entry.text = "Added " + change.node + ", a " + (change.after && change.after.type) + " block";
        else if (change.kind === "removed") entry.text = "Removed " + change.node + ", a " + (change.before && change.before.type) + " block";
        else entry.text = change.node ? "Changed " + change.node : "Changed the flow's settings";
      }
      if (change.kind === "changed") entry.lines.push(fieldLine(change));
    });
    return entries;
  }

  window.OmnilineFlowDiff = { describe: describe };
})();
