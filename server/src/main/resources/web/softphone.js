/*
 * Omniline softphone: a SIP phone in the page, on JsSIP, registered to Asterisk's WebSocket
 * transport, playing each call's audio on the chosen speaker. It knows nothing of the page around it: OmnilineSoftphone.create() takes how to
 * register (GET /api/me/phone) and returns a phone whose whole state is one snapshot, handed to
 * every listener after each change; phone-panel.js draws it. What goes wrong becomes words an
 * agent understands (a refused password, a blocked microphone, an unreachable phone system).
 *
 * Signalling follows what Asterisk's PJSIP expects from a WebRTC endpoint: DTMF as SIP INFO
 * (application/dtmf-relay, the form the captures show Asterisk accepting), hold and resume as
 * re-INVITEs (sendonly / sendrecv), blind transfer as REFER, attended transfer as a consultation
 * call and then REFER with Replaces naming it.
 */
(function (global) {
  "use strict";

  /** The interaction Omniline put in the INVITE (asterisk-conf's predial handler sets it). */
  var INTERACTION_HEADER = "X-Omniline-Interaction";
  var TARGET = /^\+?[0-9*#]{1,32}$/;

  var REGISTRATION_WORDS = {
    "Authentication Error": function (user) {
      return "The phone system refused the SIP password of extension " + user + ". Ask an admin to check it.";
    },
    "Connection Error": function (user, urls) {
      return "Cannot reach the phone system at " + urls.join(" or ") + ". Check the network; if it is new, open "
        + urls.map(function (url) { return url.replace(/^ws/, "http").replace(/\/[^/]*$/, "/"); }).join(" or ")
        + " once so the browser trusts its certificate.";
    },
    "Request Timeout": function () { return "The phone system did not answer the registration. It retries by itself."; },
    "Not Found": function (user) { return "The phone system does not know extension " + user + ". Ask an admin."; },
    "Rejected": function (user) { return "The phone system refused extension " + user + " (forbidden). Ask an admin."; }
  };

  var CALL_WORDS = {
    "Busy": "busy",
    "Not Found": "no such number",
    "Unavailable": "not available",
    "Rejected": "refused",
    "Canceled": "cancelled",
    "No Answer": "no answer",
    "Address Incomplete": "incomplete number",
    "Incompatible SDP": "the phone system could not agree on audio",
    "Authentication Error": "the phone system refused the call",
    "Connection Error": "the phone system cannot be reached",
    "Request Timeout": "the phone system did not answer",
    "User Denied Media Access": "the microphone is blocked",
    "RTP Timeout": "the audio connection was lost",
    "WebRTC Error": "the browser's audio failed"
  };

  /** A transfer's outcome arrives as a SIP status inside a NOTIFY. */
  var STATUS_WORDS = { 403: "refused", 404: "no such number", 408: "no answer", 480: "not available", 486: "busy",
    487: "cancelled", 600: "busy", 603: "refused" };

  function microphoneProblem(error) {
    var name = error && error.name;
    if (name === "NotAllowedError" || name === "SecurityError") {
      return { code: "microphone-blocked", text: "The browser blocks the microphone for this page. Allow it (the icon at "
        + "the left of the address bar), then press Try again." };
    }
    if (name === "NotFoundError" || name === "OverconstrainedError") {
      return { code: "no-microphone", text: "No microphone was found. Connect one, then press Try again." };
    }
    return { code: "microphone-unusable", text: "The microphone cannot be opened (another application may be using it). "
      + "Free it, then press Try again." };
  }

  function create(registration, options) {
    options = options || {};
    var JsSIP = options.JsSIP || global.JsSIP;
    var media = options.mediaDevices || (global.navigator && global.navigator.mediaDevices);
    var listeners = [];
    var ua = null;
    var sessions = {};   // call id → JsSIP session
    var nextId = 1;
    var state = {
      status: "off",
      problem: null,
      calls: [],
      devices: { inputs: [], outputs: [], input: "", output: "", canChooseOutput: false },
      notice: null
    };

    function emit() {
      var copy = JSON.parse(JSON.stringify(state));
      listeners.forEach(function (listener) { listener(copy); });
    }

    function set(changes) {
      Object.keys(changes).forEach(function (key) { state[key] = changes[key]; });
      emit();
    }

    function call(id) {
      return state.calls.filter(function (c) { return c.id === id; })[0];
    }

    function pcConfig() {
      return { iceServers: (registration.stunServers || []).map(function (url) { return { urls: url }; }) };
    }

    function audioConstraints() {
      return { audio: state.devices.input ? { deviceId: { exact: state.devices.input } } : true, video: false };
    }

    /* ---- devices ---- */

    function refreshDevices() {
      if (!media || !media.enumerateDevices) return Promise.resolve();
      return media.enumerateDevices().then(function (devices) {
        function of(kind) {
          return devices.filter(function (d) { return d.kind === kind; }).map(function (d, i) {
            return { id: d.deviceId, label: d.label || (kind === "audioinput" ? "Microphone " : "Speaker ") + (i + 1) };
          });
        }
        state.devices.inputs = of("audioinput");
        state.devices.outputs = of("audiooutput");
        state.devices.canChooseOutput = !!(global.HTMLMediaElement && "setSinkId" in global.HTMLMediaElement.prototype);
        emit();
      });
    }

    function checkMicrophone() {
      if (!media || !media.getUserMedia || !global.RTCPeerConnection) {
        return Promise.reject({ code: "no-webrtc", text: "This browser cannot make calls (no WebRTC). Use a current "
          + "Chrome, Edge or Firefox, or ask an admin for a desk phone." });
      }
      return media.getUserMedia(audioConstraints()).then(function (stream) {
        stream.getTracks().forEach(function (track) { track.stop(); });
      }, function (error) {
        if (state.devices.input && (error.name === "OverconstrainedError" || error.name === "NotFoundError")) {
          // The microphone chosen earlier is gone: fall back to the default one.
          state.devices.input = "";
          return checkMicrophone();
        }
        throw microphoneProblem(error);
      });
    }

    function audioElements() {
      var elements = [];
      Object.keys(sessions).forEach(function (id) { if (sessions[id].omnilineAudio) elements.push(sessions[id].omnilineAudio); });
      return elements;
    }

    function setOutput(deviceId) {
      state.devices.output = deviceId || "";
      emit();
      return Promise.all(audioElements().map(function (element) {
        return element.setSinkId ? element.setSinkId(state.devices.output) : null;
      })).catch(function () {
        set({ notice: "That speaker cannot be used; calls play on the default one." });
      });
    }

    function setInput(deviceId) {
      state.devices.input = deviceId || "";
      emit();
      var live = Object.keys(sessions).map(function (id) { return sessions[id]; }).filter(function (s) { return s.connection; });
      if (live.length === 0) return Promise.resolve();
      return media.getUserMedia(audioConstraints()).then(function (stream) {
        var track = stream.getAudioTracks()[0];
        live.forEach(function (session) {
          session.connection.getSenders().forEach(function (sender) {
            if (sender.track && sender.track.kind === "audio") {
              var old = sender.track;
              var clone = track.clone();
              clone.enabled = old.enabled;
              sender.replaceTrack(clone).then(function () { old.stop(); });
            }
          });
        });
        track.stop();
      }, function (error) { set({ notice: microphoneProblem(error).text }); });
    }

    /* ---- sessions ---- */

    function track(session, direction, request, extra) {
      var id = nextId++;
      sessions[id] = session;
      var header = direction === "in" && request ? request.getHeader(INTERACTION_HEADER) : null;
      var remote = session.remote_identity;
      var entry = {
        id: id,
        direction: direction,
        state: direction === "in" ? "ringing" : "calling",
        number: remote && remote.uri ? remote.uri.user : "",
        name: remote && remote.display_name ? remote.display_name : "",
        interactionId: header && /^[0-9]{1,18}$/.test(header) ? Number(header) : null,
        onHold: false,
        muted: false,
        consultFor: extra && extra.consultFor || null,
        transferring: false,
        transferredTo: null,
        answeredAt: null
      };
      state.calls.push(entry);

      session.on("peerconnection", function (event) { attachAudio(session, event.peerconnection); });
      if (session.connection) attachAudio(session, session.connection);
      session.on("progress", function () {
        if (entry.direction === "out") { entry.state = "ringing-out"; emit(); }
      });
      session.on("accepted", function () {
        entry.state = "connected";
        entry.answeredAt = Date.now();
        emit();
      });
      session.on("hold", function () { entry.onHold = true; emit(); });
      session.on("unhold", function () { entry.onHold = session.isOnHold().local; emit(); });
      session.on("muted", function () { entry.muted = true; emit(); });
      session.on("unmuted", function () { entry.muted = false; emit(); });
      session.on("refer", function (event) { event.reject(); });
      session.on("ended", function (event) { finish(id, event, true); });
      session.on("failed", function (event) { finish(id, event, false); });
      emit();
      return entry;
    }

    function attachAudio(session, connection) {
      connection.addEventListener("track", function (event) {
        if (!session.omnilineAudio) {
          session.omnilineAudio = new Audio();
          session.omnilineAudio.autoplay = true;
          if (state.devices.output && session.omnilineAudio.setSinkId) {
            session.omnilineAudio.setSinkId(state.devices.output).catch(function () {});
          }
        }
        session.omnilineAudio.srcObject = event.streams[0] || new MediaStream([event.track]);
        session.omnilineAudio.play().catch(function () {});
      });
    }

    function who(entry) {
      return entry.name ? entry.name + " (" + entry.number + ")" : entry.number;
    }

    function finish(id, event, wasEstablished) {
      var entry = call(id);
      var session = sessions[id];
      if (session && session.omnilineAudio) {
        session.omnilineAudio.srcObject = null;
      }
      delete sessions[id];
      state.calls = state.calls.filter(function (c) { return c.id !== id; });
      if (entry) {
        var cause = event && event.cause;
        var notice;
        if (entry.transferredTo) {
          notice = "Transferred to " + entry.transferredTo + ".";
        } else if (wasEstablished) {
          notice = "Call with " + who(entry) + " ended.";
        } else if (entry.direction === "in" && event.originator === "remote") {
          notice = "Missed call from " + who(entry) + ": they hung up while it rang.";
        } else if (entry.direction === "in") {
          notice = cause === "User Denied Media Access" ? microphoneProblem({ name: "NotAllowedError" }).text
            : "Call from " + who(entry) + " not answered" + (cause && event.originator === "local" && cause !== "Rejected"
              && cause !== "Canceled" ? ": " + (CALL_WORDS[cause] || cause) : "") + ".";
        } else {
          notice = "Call to " + entry.number + " failed: " + (CALL_WORDS[cause] || cause || "unknown reason") + ".";
          if (cause === "Canceled" && event.originator === "local") notice = "Call to " + entry.number + " cancelled.";
        }
        state.notice = notice;
        if (entry.consultFor && sessions[entry.consultFor]) {
          var original = call(entry.consultFor);
          if (original && original.onHold && !original.transferring) sessions[entry.consultFor].unhold();
        }
      }
      emit();
    }

    function holdOthers(exceptId) {
      Object.keys(sessions).forEach(function (key) {
        var entry = call(Number(key));
        if (Number(key) !== exceptId && entry && entry.state === "connected" && !entry.onHold) sessions[key].hold();
      });
    }

    /* ---- registration ---- */

    function startAgent() {
      var sockets = registration.webSocketUrls.map(function (url) { return new JsSIP.WebSocketInterface(url); });
      ua = new JsSIP.UA({
        sockets: sockets,
        uri: registration.sipUri,
        authorization_user: registration.username,
        password: registration.password,
        display_name: registration.displayName,
        register: true,
        user_agent: "Omniline softphone (JsSIP " + JsSIP.version + ")"
      });
      ua.on("disconnected", function (event) {
        if (state.status === "registered" || state.status === "connecting" || state.status === "reconnecting") {
          set({ status: "reconnecting", problem: event && event.error ? {
            code: "unreachable", text: REGISTRATION_WORDS["Connection Error"](registration.username, registration.webSocketUrls)
          } : null });
        }
      });
      ua.on("registered", function () { set({ status: "registered", problem: null }); });
      ua.on("unregistered", function () {
        if (state.status !== "off") set({ status: "connecting" });
      });
      ua.on("registrationFailed", function (event) {
        var words = REGISTRATION_WORDS[event.cause];
        set({ status: "failed", problem: {
          code: event.cause === "Authentication Error" ? "registration-refused" : "registration-failed",
          text: words ? words(registration.username, registration.webSocketUrls)
            : "Registration failed: " + event.cause + ". Ask an admin if it keeps failing."
        } });
        if (event.cause === "Authentication Error" || event.cause === "Rejected" || event.cause === "Not Found") {
          // Retrying a refused password every few seconds only locks the account out on Asterisk.
          ua.stop();
        }
      });
      ua.on("newRTCSession", function (event) {
        if (event.originator === "remote") track(event.session, "in", event.request);
      });
      ua.start();
    }

    /* ---- the phone ---- */

    var phone = {
      /** Calls listener(snapshot) now and after every change. */
      onChange: function (listener) {
        listeners.push(listener);
        listener(JSON.parse(JSON.stringify(state)));
      },

      /** Checks the microphone, then registers. Also "Try again" after a problem. */
      start: function () {
        if (ua) { ua.removeAllListeners(); ua.stop(); ua = null; }
        set({ status: "checking-microphone", problem: null, notice: null });
        return checkMicrophone().then(function () {
          return refreshDevices();
        }).then(function () {
          set({ status: "connecting" });
          startAgent();
        }, function (problem) {
          set({ status: "failed", problem: problem });
        });
      },

      stop: function () {
        Object.keys(sessions).forEach(function (id) { sessions[id].terminate(); });
        if (ua) { ua.stop(); ua = null; }
        set({ status: "off" });
      },

      answer: function (id) {
        var session = sessions[id];
        if (!session || call(id).state !== "ringing") return;
        holdOthers(id);
        call(id).state = "answering";
        emit();
        session.answer({ mediaConstraints: audioConstraints(), pcConfig: pcConfig() });
      },

      decline: function (id) {
        if (sessions[id]) sessions[id].terminate({ status_code: 486, reason_phrase: "Busy Here" });
      },

      hangUp: function (id) {
        if (sessions[id]) sessions[id].terminate();
      },

      hold: function (id) {
        if (sessions[id]) sessions[id].hold();
      },

      resume: function (id) {
        if (!sessions[id]) return;
        holdOthers(id);
        sessions[id].unhold();
      },

      mute: function (id) {
        if (sessions[id]) sessions[id].mute({ audio: true });
      },

      unmute: function (id) {
        if (sessions[id]) sessions[id].unmute({ audio: true });
      },

      /** Keypad digits to the far end, as SIP INFO. */
      sendDigits: function (id, digits) {
        if (!sessions[id] || !/^[0-9*#A-D]+$/.test(digits)) return;
        sessions[id].sendDTMF(digits, { transportType: "INFO", duration: 160, interToneGap: 100 });
      },

      /** Calls a number (a customer back, a colleague's extension) through Asterisk's dialplan. */
      dial: function (number, extra) {
        number = String(number || "").replace(/[\s().-]/g, "");
        if (!TARGET.test(number)) {
          set({ notice: "Enter a number to call: digits, optionally starting with +." });
          return null;
        }
        if (!ua || state.status !== "registered") {
          set({ notice: "The softphone is not connected to the phone system yet." });
          return null;
        }
        holdOthers(null);
        var session = ua.call(number, { mediaConstraints: audioConstraints(), pcConfig: pcConfig() });
        return track(session, "out", null, extra).id;
      },

      /** Hands the caller to another number or extension without talking to them first (REFER). */
      blindTransfer: function (id, target) {
        var session = sessions[id];
        target = String(target || "").replace(/[\s().-]/g, "");
        if (!session || !TARGET.test(target)) {
          set({ notice: "Enter the extension or number to transfer to." });
          return;
        }
        refer(id, target, null, target);
      },

      /** Puts the caller on hold and calls the target, to talk before handing the caller over. */
      consult: function (id, target) {
        if (!sessions[id]) return null;
        var entry = call(id);
        if (!entry.onHold) sessions[id].hold();
        return phone.dial(target, { consultFor: id });
      },

      /** Joins the held caller with the consulted party (REFER with Replaces) and leaves the call. */
      completeTransfer: function (consultId) {
        var consult = call(consultId);
        var consultSession = sessions[consultId];
        if (!consult || !consultSession || !sessions[consult.consultFor]) return;
        refer(consult.consultFor, consultSession.remote_identity.uri.toString(), consultId, consult.number);
      },

      /** Ends the consultation and takes the held caller back. */
      cancelConsult: function (consultId) {
        if (sessions[consultId]) sessions[consultId].terminate();
      },

      setInput: setInput,
      setOutput: setOutput,
      refreshDevices: refreshDevices
    };

    /** REFER on call {@code id}; with {@code consultId}, Replaces names that consultation (an attended transfer). */
    function refer(id, target, consultId, label) {
      var entry = call(id);
      entry.transferring = true;
      set({ notice: "Transferring to " + label + "…" });
      sessions[id].refer(target, {
        replaces: consultId ? sessions[consultId] : undefined,
        eventHandlers: {
          requestFailed: function () {
            entry.transferring = false;
            set({ notice: "The phone system refused the transfer to " + label + "." });
          },
          accepted: function () {
            [id, consultId].forEach(function (leg) { if (leg && call(leg)) call(leg).transferredTo = label; });
            set({ notice: "Transferred to " + label + "." });
            // Asterisk hangs up the agent's legs itself after a transfer; whatever it left is ours to end.
            [id, consultId].forEach(function (leg) { if (leg && sessions[leg]) sessions[leg].terminate(); });
          },
          failed: function (event) {
            var status = event && event.status_line;
            entry.transferring = false;
            set({ notice: "Transfer to " + label + " failed" + (status ? ": " + (STATUS_WORDS[status.status_code]
              || status.status_code + " " + status.reason_phrase) : "") + ". The caller is still with you." });
          }
        }
      });
    }

    if (media && media.addEventListener) media.addEventListener("devicechange", refreshDevices);
    return phone;
  }

  global.OmnilineSoftphone = { create: create, INTERACTION_HEADER: INTERACTION_HEADER };
})(window);
