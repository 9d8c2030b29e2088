/*
 * Omniline's words for what the database stores as codes: a contact's channel, where it stands
 * and how it ended, and where an agent stands. Loaded before every page's script, so the pop, the desk, the customer's
 * history and the reports say a thing the same way. A code without a word (one added to the
 * database later) is shown with spaces for underscores rather than not at all.
 */
(function () {
  "use strict";
  var CHANNELS = { voice: "Phone call", chat: "Web chat", email: "Email", sms: "SMS" };
  var STATES = { ivr: "in the phone menu", queued: "waiting in a queue", offered: "offered", active: "in progress",
    wrap_up: "wrapping up", ended: "ended" };
  var OUTCOMES = {
    completed: "completed",
    abandoned_in_ivr: "caller hung up in the phone menu",
    abandoned_in_queue: "caller hung up while waiting",
    transferred: "transferred",
    voicemail: "left a voicemail",
    callback_requested: "asked to be called back",
    hung_up_by_ivr: "ended by the phone menu",
    failed: "failed",
    queue_timeout: "waited too long and went back to the menu",
    ended_unobserved: "ended while Omniline was not following Asterisk",
    callback_completed: "called back",
    callback_failed: "call back did not get through"
  };

  /** Where an agent stands, on the floor and in their day's timeline (the log writes on_call, the floor on-call). */
  var AGENT_STATES = { available: "Available", ringing: "Ringing", "on-call": "On a call", "wrap-up": "Wrap-up",
    paused: "Paused", "logged-in": "Logged in", "logged-out": "Logged out", unknown: "Not known" };

  function word(words, code) {
    return code == null ? "" : words[code] || String(code).replace(/[_-]/g, " ");
  }

  function channel(code) { return word(CHANNELS, code); }

  /** Where a contact stands; an ended one says how it ended. */
  function status(interaction) {
    if (interaction.state === "ended" && interaction.outcome) return word(OUTCOMES, interaction.outcome);
    return word(STATES, interaction.state);
  }

  /** A moment in the reader's own locale and time zone: "Dec 1, 2026, 3:40 AM". */
  function when(iso) {
    return new Date(iso).toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
  }

  function agentState(code) {
    return code == null ? "" : word(AGENT_STATES, String(code).replace(/_/g, "-"));
  }

  /** A time of day ("9:30 AM") in the given time zone (the contact center's on the floor), else the reader's. */
  function timeOfDay(iso, zone) {
    return new Date(iso).toLocaleTimeString([], { hour: "numeric", minute: "2-digit", timeZone: zone || undefined });
  }

  /** One line for a contact in a list: "Web chat · Dec 1, 2026, 3:40 AM · in progress · resolved". */
  function contact(interaction) {
    return [channel(interaction.channel), interaction.subject, when(interaction.startedAt), status(interaction),
      interaction.disposition].filter(function (part) { return part; }).join(" · ");
  }

  /** A satisfaction score in words: "Rated 4 of 5". */
  function rating(score) {
    return "Rated " + score + " of 5";
  }

  /** What the open conversation says while the other side writes: "Mia is typing…". */
  function typing(name) {
    return name + " is typing…";
  }

  /** A file's size the way a person reads it: "820 bytes", "12 KB", "3.4 MB". */
  function size(bytes) {
    if (bytes < 1024) return bytes + (bytes === 1 ? " byte" : " bytes");
    if (bytes < 1024 * 1024) return Math.round(bytes / 1024) + " KB";
    return (bytes / (1024 * 1024)).toFixed(1) + " MB";
  }

  /** Who wrote a note and when: "Lena · Dec 1, 2026, 3:40 AM". */
  function byline(author, iso) {
    return author + " · " + when(iso);
  }

  window.OmnilineWords = {
    channel: channel,
    state: function (code) { return word(STATES, code); },
    outcome: function (code) { return word(OUTCOMES, code); },
    status: status,
    agentState: agentState,
    when: when,
    timeOfDay: timeOfDay,
    contact: contact,
    typing: typing,
    size: size,
    byline: byline,
    rating: rating
  };
})();
