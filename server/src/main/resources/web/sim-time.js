/*
 * The moment a simulated call happens, picked in words: now, on one of the flow's holidays, or
 * after hours (the next hour the flow's first hours node is closed), in that node's time zone.
 */
(function () {
  "use strict";
  var DAY_KEYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

  /** The wall clock in a time zone at an instant: {date: "2026-12-25", day: "fri", minutes: 600}. */
  function wallClock(instant, zone) {
    var parts = {};
    new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", weekday: "short" }).formatToParts(instant).forEach(function (part) { parts[part.type] = part.value; });
    return { date: parts.year + "-" + parts.month + "-" + parts.day, day: parts.weekday.toLowerCase().slice(0, 3),
      minutes: Number(parts.hour) * 60 + Number(parts.minute) };
  }

  function minutes(text) {
    var pair = text.split(":");
    return Number(pair[0]) * 60 + Number(pair[1]);
  }

  function open(hours, clock) {
    if ((hours.holidays || []).indexOf(clock.date) >= 0) return false;
    return ((hours.weekly || {})[clock.day] || []).some(function (range) {
      var ends = range.split("-");
      return ends.length === 2 && clock.minutes >= minutes(ends[0]) && clock.minutes < minutes(ends[1]);
    });
  }

  function hoursNode(definition) {
    var ids = Object.keys(definition.nodes || {}).filter(function (id) { return definition.nodes[id].type === "hours"; });
    if (!ids.length) throw new Error("This flow has no hours node, so every time is the same to it: pick \"now\" or a time.");
    return definition.nodes[ids[0]];
  }

  /** Noon on a date in a zone, as an instant. */
  function noon(date, zone) {
    var guess = new Date(date + "T12:00:00Z");
    var seen = wallClock(guess, zone);
    var shift = (seen.date === date ? seen.minutes - 720 : (seen.date < date ? seen.minutes - 720 - 1440 : seen.minutes - 720 + 1440));
    return new Date(guess.getTime() - shift * 60000);
  }

  /** @return an ISO instant for the simulation */
  function instant(when, custom, definition) {
    if (when === "now") return new Date().toISOString();
    if (when === "custom") {
      if (!custom || isNaN(Date.parse(custom))) throw new Error("Pick the day and time of the call (in your own time zone).");
      return new Date(custom).toISOString();
    }
    var hours = hoursNode(definition);
    var zone = hours.timezone || "UTC";
    if (when === "holiday") {
      var today = wallClock(new Date(), zone).date;
      var holidays = (hours.holidays || []).slice().sort();
      if (!holidays.length) throw new Error("The hours node has no holidays; add one in its form first.");
      var next = holidays.filter(function (day) { return day >= today; })[0] || holidays[holidays.length - 1];
      return noon(next, zone).toISOString();
    }
    var start = new Date();
    start.setUTCMinutes(30, 0, 0);
    for (var hour = 1; hour <= 24 * 8; hour++) {
      var at = new Date(start.getTime() + hour * 3600000);
      if (!open(hours, wallClock(at, zone))) return at.toISOString();
    }
    throw new Error("The hours node is open around the clock; there is no after hours to simulate.");
  }

  window.OmnilineSimTime = { instant: instant };
})();
