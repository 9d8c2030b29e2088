/*
 * The agent's phone panel: says which phone rings (the softphone in this page or the desk phone),
 * and for the softphone draws its state and its calls (answer, decline, hold, mute, keypad, blind
 * and attended transfer, hang up, call a number), the audio devices, the ring and the desktop
 * alert. It is self-contained: OmnilinePhonePanel.mount(element, profile) fills the element, and the
 * page tells it about screen pops with showPop(pop) so a ringing call and its pop are shown as one.
 * Everything is set with textContent.
 */
(function (global) {
  "use strict";

  var STATUS_WORDS = {
    "off": "Off",
    "checking-microphone": "Checking the microphone…",
    "connecting": "Connecting to the phone system…",
    "registered": "Ready: calls ring in this page",
    "reconnecting": "Lost the phone system, reconnecting…",
    "failed": "Not connected"
  };
  var KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"];
  var ALERTS_ASKED = "omniline.phone.alertsAsked";

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) {
      if (key === "text") node.textContent = attributes[key];
      else if (key === "className") node.className = attributes[key];
      else node.setAttribute(key, attributes[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function button(label, onClick, className) {
    var node = el("button", { type: "button", text: label, className: className || "" });
    node.addEventListener("click", onClick);
    return node;
  }

  function digits(value) { return String(value || "").replace(/[^0-9]/g, ""); }

  function clock(ms) {
    var seconds = Math.max(0, Math.floor(ms / 1000));
    var minutes = Math.floor(seconds / 60);
    return minutes + ":" + String(seconds % 60).padStart(2, "0");
  }

  function store(key, value) {
    try { if (value === undefined) return global.localStorage.getItem(key); global.localStorage.setItem(key, value); }
    catch (e) { return null; }
    return null;
  }

  function mount(container, profile, options) {
    options = options || {};
    container.replaceChildren();
    container.classList.add("phone-panel");
    var heading = el("h2", { text: "Phone" });
    var status = el("span", { className: "phone-status", role: "status", id: "phone-status" });
    var which = el("p", { className: "phone-which", id: "phone-which" });
    container.appendChild(el("div", { className: "phone-head" }, [heading, status]));
    container.appendChild(which);

    if (profile.phone !== "webrtc" || !profile.softphone) {
      status.textContent = profile.phone === "webrtc" ? "Not available" : "Desk phone";
      status.dataset.status = profile.phone === "webrtc" ? "failed" : "desk";
      which.textContent = profile.phone === "webrtc" ? profile.problem
        : profile.sipInterface ? "Your desk phone (" + profile.sipInterface + ") rings for your calls; answer and hang up there."
        : profile.problem;
      if (profile.phone === "webrtc") which.className += " phone-problem";
      return { showPop: function () {}, clearPop: function () {}, close: function () {}, softphone: null };
    }

    var phone = global.OmnilineSoftphone.create(profile.softphone);
    which.textContent = "Your phone is this page: the softphone, extension " + profile.softphone.username + ".";
    var problem = el("p", { className: "phone-problem", role: "alert", id: "phone-problem" });
    var retry = button("Try again", function () { phone.start(); });
    retry.id = "phone-retry";
    var problemBox = el("div", { className: "phone-problem-box" }, [problem, retry]);
    var calls = el("ul", { className: "phone-calls", id: "phone-calls", "aria-label": "Calls" });
    var notice = el("p", { className: "phone-notice", role: "status", id: "phone-notice" });
    var dialInput = el("input", { name: "number", inputmode: "tel", autocomplete: "off", size: "16", id: "phone-number" });
    var dialForm = el("form", { className: "phone-dial", id: "phone-dial" }, [
      el("label", { "for": "phone-number", text: "Call a number" }), dialInput, el("button", { type: "submit", text: "Call" })]);
    dialForm.addEventListener("submit", function (event) {
      event.preventDefault();
      if (phone.dial(dialInput.value) !== null) dialInput.value = "";
    });
    var input = el("select", { id: "phone-input" });
    var output = el("select", { id: "phone-output" });
    var alerts = el("p", { className: "phone-alerts", id: "phone-alerts" });
    var alertsButton = button("Turn on call alerts", askAlerts);
    alertsButton.id = "phone-alerts-on";
    var settings = el("details", { className: "phone-settings" }, [
      el("summary", { text: "Audio and alerts" }),
      el("label", { "for": "phone-input", text: "Microphone" }), input,
      el("label", { "for": "phone-output", text: "Speaker" }), output,
      alerts, alertsButton]);
    var ring = el("audio", { id: "phone-ring", loop: "", preload: "auto" });
    if (options.ringUrl) ring.src = options.ringUrl;
    [problemBox, calls, notice, dialForm, settings, ring].forEach(function (node) { container.appendChild(node); });

    input.addEventListener("change", function () { store("omniline.phone.input", input.value); phone.setInput(input.value); });
    output.addEventListener("change", function () { chooseOutput(output.value); });

    function chooseOutput(deviceId) {
      store("omniline.phone.output", deviceId);
      phone.setOutput(deviceId);
      if (ring.setSinkId) ring.setSinkId(deviceId).catch(function () {});
    }

    /** Rings aloud while a call rings in; a browser that refuses sound until a click is told so. */
    function ringWhile(ringing) {
      if (ringing && ring.paused && ring.src) {
        ring.play().then(function () { ring.dataset.blocked = ""; }, function () {
          ring.dataset.blocked = "yes";
          notice.textContent = "The browser keeps the ring silent until you click somewhere in this page once.";
        });
      } else if (!ringing && !ring.paused) {
        ring.pause();
        ring.currentTime = 0;
      }
    }

    var pop = null;
    var views = {};
    var notifications = {};
    var last = null;

    function askAlerts() {
      store(ALERTS_ASKED, "yes");
      global.Notification.requestPermission().then(showAlerts, showAlerts);
    }

    function showAlerts() {
      var supported = "Notification" in global;
      var permission = supported ? global.Notification.permission : "denied";
      alertsButton.hidden = !(supported && permission === "default" && !store(ALERTS_ASKED));
      alerts.textContent = !supported ? "This browser shows no desktop alerts."
        : permission === "granted" ? "Desktop alerts are on: a ringing call shows one even when this page is hidden."
        : permission === "denied" ? "Desktop alerts are blocked in this browser's site settings."
        : "Desktop alerts are off.";
    }

    function matchesPop(call) {
      if (!pop) return false;
      if (call.interactionId != null) return call.interactionId === pop.interactionId;
      return call.direction === "in" && digits(call.number) !== "" && digits(call.number) === digits(pop.callerNumber);
    }

    /** The name on the customer card of the call's pop; without a known customer, the caller ID. */
    function partyOf(call) {
      var customer = matchesPop(call) && pop.customer && pop.customer.customer;
      if (customer) return customer.displayName || "Customer " + customer.id;
      return call.name || call.number || "Unknown caller";
    }

    function callTitle(call) {
      var party = partyOf(call);
      if (call.consultFor) return "Consulting " + call.number + " (the caller is on hold)";
      switch (call.state) {
        case "ringing": return "Incoming call: " + party;
        case "answering": return "Connecting to " + party + "…";
        case "calling": return "Calling " + call.number + "…";
        case "ringing-out": return "Ringing " + call.number + "…";
        default: return "On call with " + party;
      }
    }

    function detail(call) {
      var parts = [];
      if (call.number && partyOf(call) !== call.number) parts.push(call.number);
      if (matchesPop(call)) parts.push("the customer card on this screen is this call" + (pop.queue ? " (queue " + pop.queue + ")" : ""));
      if (call.onHold) parts.push("on hold");
      if (call.muted) parts.push("muted");
      return parts.join(" · ");
    }

    function view(call) {
      var item = el("li", { className: "phone-call" });
      var title = el("p", { className: "phone-call-title" });
      var sub = el("p", { className: "phone-call-detail" });
      var time = el("span", { className: "phone-call-time" });
      var actions = el("div", { className: "phone-actions" });
      var keypad = el("div", { className: "phone-keypad", role: "group", "aria-label": "Keypad" });
      var sent = el("p", { className: "phone-keys-sent", role: "status" });
      var transferInput = el("input", { "aria-label": "Transfer to", placeholder: "extension or number", size: "14",
        inputmode: "tel", className: "phone-transfer-target" });
      var transfer = el("div", { className: "phone-transfer", role: "group", "aria-label": "Transfer" }, [transferInput,
        button("Transfer now", function () { phone.blindTransfer(call.id, transferInput.value); }, "phone-blind"),
        button("Talk first", function () {
          if (phone.consult(call.id, transferInput.value) !== null) { transfer.hidden = true; transferInput.value = ""; }
        }, "phone-consult")]);
      KEYS.forEach(function (key) {
        keypad.appendChild(button(key, function () {
          phone.sendDigits(call.id, key);
          sent.textContent = (sent.textContent ? sent.textContent : "Sent: ") + key;
        }, "phone-key"));
      });
      keypad.appendChild(sent);
      keypad.hidden = true;
      transfer.hidden = true;
      var v = {
        item: item, call: call,
        answer: button("Answer", function () { phone.answer(call.id); }, "phone-answer primary"),
        decline: button("Decline", function () { phone.decline(call.id); }, "phone-decline"),
        hold: button("Hold", function () { phone.hold(call.id); }, "phone-hold"),
        resume: button("Resume", function () { phone.resume(call.id); }, "phone-resume"),
        mute: button("Mute", function () { phone.mute(call.id); }, "phone-mute"),
        unmute: button("Unmute", function () { phone.unmute(call.id); }, "phone-unmute"),
        keys: button("Keypad", function () { keypad.hidden = !keypad.hidden; v.keys.setAttribute("aria-expanded", String(!keypad.hidden)); }, "phone-keys"),
        transfer: button("Transfer", function () {
          transfer.hidden = !transfer.hidden;
          v.transfer.setAttribute("aria-expanded", String(!transfer.hidden));
          if (!transfer.hidden) transferInput.focus();
        }, "phone-transfer-open"),
        complete: button("Complete transfer", function () { phone.completeTransfer(call.id); }, "phone-complete primary"),
        cancelConsult: button("Back to the caller", function () { phone.cancelConsult(call.id); }, "phone-cancel-consult"),
        hangUp: button("Hang up", function () { phone.hangUp(call.id); }, "phone-hangup danger"),
        cancel: button("Cancel", function () { phone.hangUp(call.id); }, "phone-hangup danger"),
        title: title, sub: sub, time: time, keypad: keypad, transferBox: transfer
      };
      v.keys.setAttribute("aria-expanded", "false");
      v.transfer.setAttribute("aria-expanded", "false");
      [v.answer, v.decline, v.hold, v.resume, v.mute, v.unmute, v.keys, v.transfer, v.complete, v.cancelConsult, v.hangUp,
        v.cancel].forEach(function (b) { actions.appendChild(b); });
      item.appendChild(el("div", { className: "phone-call-head" }, [title, time]));
      item.appendChild(sub);
      item.appendChild(actions);
      item.appendChild(keypad);
      item.appendChild(transfer);
      return v;
    }

    function update(v, call) {
      v.call = call;
      var connected = call.state === "connected";
      var consult = !!call.consultFor;
      v.item.dataset.callId = call.id;
      v.item.dataset.state = call.onHold ? "on-hold" : call.state;
      v.item.dataset.direction = call.direction;
      if (call.interactionId != null) v.item.dataset.interaction = call.interactionId;
      v.item.dataset.pop = matchesPop(call) ? "matched" : "none";
      v.title.textContent = callTitle(call);
      v.sub.textContent = detail(call);
      v.answer.hidden = call.state !== "ringing";
      v.decline.hidden = call.state !== "ringing";
      v.hold.hidden = !connected || call.onHold || consult;
      v.resume.hidden = !connected || !call.onHold || consult;
      v.mute.hidden = !connected || call.muted;
      v.unmute.hidden = !connected || !call.muted;
      v.keys.hidden = !connected;
      v.transfer.hidden = !connected || consult || call.onHold;
      v.complete.hidden = !(consult && connected);
      v.cancelConsult.hidden = !consult;
      v.hangUp.hidden = !connected || consult;
      v.cancel.hidden = connected || consult || !(call.state === "calling" || call.state === "ringing-out" || call.state === "answering");
      if (!connected) { v.keypad.hidden = true; v.transferBox.hidden = true; }
      tick(v);
    }

    function tick(v) {
      v.time.textContent = v.call.state === "connected" && v.call.answeredAt ? clock(Date.now() - v.call.answeredAt) : "";
    }

    function notify(call) {
      if (!("Notification" in global) || global.Notification.permission !== "granted" || notifications[call.id]) return;
      var note = new global.Notification("Incoming call", {
        body: partyOf(call) + (partyOf(call) === call.number ? "" : " · " + call.number),
        tag: "omniline-call-" + call.id,
        requireInteraction: true
      });
      note.onclick = function () { global.focus(); note.close(); };
      notifications[call.id] = note;
    }

    function render(snapshot) {
      last = snapshot;
      status.textContent = STATUS_WORDS[snapshot.status] || snapshot.status;
      status.dataset.status = snapshot.status;
      problem.textContent = snapshot.problem ? snapshot.problem.text + " Until then, no call can ring here." : "";
      problemBox.hidden = !snapshot.problem;
      if (snapshot.problem) problemBox.dataset.problem = snapshot.problem.code;
      retry.hidden = snapshot.status !== "failed";
      notice.textContent = snapshot.notice || "";
      dialForm.hidden = snapshot.status !== "registered";
      fillDevices(input, snapshot.devices.inputs, snapshot.devices.input, "Default microphone");
      fillDevices(output, snapshot.devices.outputs, snapshot.devices.output, "Default speaker");
      output.disabled = !snapshot.devices.canChooseOutput;

      var seen = {};
      snapshot.calls.forEach(function (call) {
        seen[call.id] = true;
        if (!views[call.id]) {
          views[call.id] = view(call);
          calls.appendChild(views[call.id].item);
        }
        update(views[call.id], call);
        if (call.direction === "in" && call.state === "ringing") notify(call);
        else if (notifications[call.id]) { notifications[call.id].close(); delete notifications[call.id]; }
      });
      Object.keys(views).forEach(function (id) {
        if (!seen[id]) {
          views[id].item.remove();
          delete views[id];
          if (notifications[id]) { notifications[id].close(); delete notifications[id]; }
        }
      });
      calls.hidden = snapshot.calls.length === 0;
      ringWhile(snapshot.calls.some(function (call) { return call.direction === "in" && call.state === "ringing"; }));
    }

    function fillDevices(select, devices, chosen, fallback) {
      var options = [{ id: "", label: fallback }].concat(devices.filter(function (d) { return d.id && d.id !== "default"; }));
      var key = JSON.stringify(options) + chosen;
      if (select.dataset.key === key) return;
      select.dataset.key = key;
      select.replaceChildren();
      options.forEach(function (d) { select.appendChild(el("option", { value: d.id, text: d.label })); });
      select.value = chosen || "";
    }

    var clockTimer = setInterval(function () { Object.keys(views).forEach(function (id) { tick(views[id]); }); }, 1000);
    showAlerts();
    phone.onChange(render);
    var savedInput = store("omniline.phone.input");
    var savedOutput = store("omniline.phone.output");
    if (savedInput) phone.setInput(savedInput);
    if (savedOutput) chooseOutput(savedOutput);
    phone.start();

    return {
      softphone: phone,
      /** The pop of the call ringing for this agent (the desktop socket's "pop" frame). */
      showPop: function (newPop) {
        pop = newPop;
        if (!dialInput.value && pop && pop.callerNumber) dialInput.value = pop.callerNumber;
        if (last) render(last);
      },
      clearPop: function () {
        pop = null;
        if (last) render(last);
      },
      /** On sign-out: hang up, unregister, stop ringing and the clock. */
      close: function () {
        clearInterval(clockTimer);
        phone.stop();
        ringWhile(false);
        Object.keys(notifications).forEach(function (id) { notifications[id].close(); });
      }
    };
  }

  global.OmnilinePhonePanel = { mount: mount };
})(window);
