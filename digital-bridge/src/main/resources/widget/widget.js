/*
 * Omniline chat widget. Embed with one tag:
 *   <script src="https://chat.example.com/widget.js" defer></script>
 * It talks to the gateway that served it. Everything shown is set with textContent, never as
 * HTML, so nothing a visitor or an agent types can run in the page.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = new URL(script ? script.src : location.href);
  var socketUrl = (base.protocol === "https:" ? "wss://" : "ws://") + base.host + "/chat";
  var TOKEN_KEY = "omniline.chat.token";
  var title = (script && script.getAttribute("data-title")) || "Chat with us";

  var socket = null;
  var started = false;
  var retryMs = 1000;
  var pending = {};          // client id -> text, until the gateway acks it
  var shown = {};            // message ids and client refs already on screen
  var lastTypingSent = 0;
  var typingTimer = null;
  var closedByVisitor = false;
  var agentName = null;
  var maxChars = null;       // the gateway's limit, from its welcome
  var TYPING_EVERY_MS = 2000;
  var TYPING_SHOWN_MS = 6000;
  var COUNT_FROM = 0.8;      // the counter shows from this share of the limit on

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  var link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = new URL("widget.css", base).href;
  document.head.appendChild(link);

  var root = el("div", "omniline-chat");
  var launcher = el("button", "omniline-launcher", title);
  launcher.type = "button";
  var panel = el("div", "omniline-panel");
  panel.hidden = true;
  var header = el("div", "omniline-header", title);
  var status = el("div", "omniline-status", "");
  status.setAttribute("role", "status");
  var form = el("form", "omniline-form");
  var nameInput = input("name", "Name", "text", "name");
  nameInput.maxLength = 200; // the gateway refuses a longer name (invalid_contact)
  var phoneInput = input("phone", "Phone (optional)", "tel", "tel");
  var emailInput = input("email", "Email (optional)", "email", "email");
  var startButton = el("button", "omniline-start", "Start chat");
  startButton.type = "submit";
  form.append(nameInput, phoneInput, emailInput, startButton);
  var log = el("ol", "omniline-log");
  log.setAttribute("aria-live", "polite");
  var typing = el("div", "omniline-typing", "");
  typing.setAttribute("role", "status");
  var composer = el("form", "omniline-composer");
  var text = el("textarea", "omniline-text");
  text.name = "text";
  text.rows = 2;
  text.placeholder = "Type a message";
  text.setAttribute("aria-label", "Message");
  var hint = el("span", "omniline-hint", "Enter sends · Shift+Enter for a new line");
  hint.id = "omniline-hint";
  var counter = el("span", "omniline-count", "");
  counter.id = "omniline-count";
  counter.setAttribute("aria-live", "polite");
  text.setAttribute("aria-describedby", "omniline-hint omniline-count");
  var send = el("button", "omniline-send", "Send");
  send.type = "submit";
  var end = el("button", "omniline-end", "End chat");
  end.type = "button";
  composer.append(text, hint, counter, send, end);
  // After a chat has ended: a fresh one, instead of a box whose messages would wait forever.
  var again = el("button", "omniline-again", "Start a new chat");
  again.type = "button";
  again.hidden = true;
  // Proving the phone or email typed in the form: a code goes there and is typed back here.
  var verify = el("div", "omniline-verify");
  verify.hidden = true;
  var verifyText = el("p", "omniline-verify-text", "");
  var verifyButtons = el("div", "omniline-verify-buttons");
  var codeForm = el("form", "omniline-code");
  codeForm.hidden = true;
  var codeInput = input("code", "6-digit code", "text", "one-time-code");
  codeInput.inputMode = "numeric";
  codeInput.maxLength = 6;
  codeInput.setAttribute("aria-label", "Code");
  var confirm = el("button", "omniline-confirm", "Confirm");
  confirm.type = "submit";
  codeForm.append(codeInput, confirm);
  var verifyNote = el("p", "omniline-verify-note", "");
  verifyNote.setAttribute("role", "status");
  verify.append(verifyText, verifyButtons, codeForm, verifyNote);
  // After a chat an agent answered: how did we do, 1 to 5.
  var rating = el("div", "omniline-rating");
  rating.hidden = true;
  askRating();
  panel.append(header, status, form, verify, log, typing, composer, rating, again);
  root.append(launcher, panel);
  document.body.appendChild(root);

  function askRating() {
    rating.replaceChildren(el("p", "omniline-rating-text", "How did we do? 1 is poor, 5 is excellent."));
    [1, 2, 3, 4, 5].forEach(function (score) {
      var star = el("button", "omniline-rate", String(score));
      star.type = "button";
      star.setAttribute("aria-label", "Rate " + score + " of 5");
      star.addEventListener("click", function () {
        if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: "rate", score: score }));
      });
      rating.appendChild(star);
    });
  }

  /** Characters left, shown only near the gateway's limit, so it speaks up when it matters. */
  function count() {
    var length = text.value.length;
    counter.textContent = maxChars && length >= maxChars * COUNT_FROM ? (maxChars - length) + " characters left" : "";
    counter.classList.toggle("omniline-at-limit", !!maxChars && length >= maxChars);
  }

  function showTyping() {
    typing.textContent = (agentName || "The agent") + " is typing…";
    clearTimeout(typingTimer);
    typingTimer = setTimeout(hideTyping, TYPING_SHOWN_MS);
  }

  function hideTyping() {
    clearTimeout(typingTimer);
    typing.textContent = "";
  }

  /** The chat is over for good here: what is left is rating it, if offered, and starting another. */
  function ended(rate) {
    setStatus("This chat has ended");
    localStorage.removeItem(TOKEN_KEY);
    closedByVisitor = true;
    composer.hidden = true;
    verify.hidden = true;
    hideTyping();
    again.hidden = false;
    if (rate) rating.hidden = false; else socket.close();
  }

  /** Back to the form, with nothing of the last chat left on screen. */
  function startOver() {
    closedByVisitor = true;
    if (socket) socket.close();
    started = false;
    pending = {};
    shown = {};
    agentName = null;
    log.replaceChildren();
    verify.hidden = true;
    verifyNote.textContent = "";
    rating.hidden = true;
    askRating();
    again.hidden = true;
    text.value = "";
    count();
    setStatus("");
    showForm(true);
    nameInput.focus();
  }

  function input(name, placeholder, type, autocomplete) {
    var field = el("input", "omniline-field");
    field.name = name;
    field.type = type;
    field.placeholder = placeholder;
    field.autocomplete = autocomplete;
    field.setAttribute("aria-label", placeholder);
    return field;
  }

  /** Offers a code for each phone or email the visitor typed that is not proved yet. */
  function showClaims(claims) {
    var open = (claims || []).filter(function (claim) { return !claim.verified && claim.canVerify; });
    var proved = (claims || []).filter(function (claim) { return claim.verified; });
    verify.hidden = open.length === 0 && proved.length === 0;
    verifyText.textContent = open.length > 0
      ? "So the agent can see your earlier conversations, confirm it is you:"
      : "Thanks, you are verified.";
    verifyButtons.replaceChildren();
    open.forEach(function (claim) {
      var ask = el("button", "omniline-ask", (claim.kind === "phone" ? "Text a code to " : "Email a code to ") + claim.to);
      ask.type = "button";
      ask.addEventListener("click", function () {
        verifyNote.textContent = "Sending…";
        if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: "verify", kind: claim.kind }));
      });
      verifyButtons.appendChild(ask);
    });
    if (open.length === 0) codeForm.hidden = true;
  }

  var VERIFY_ERRORS = ["not_claimed", "already_verified", "cannot_send", "too_many_codes", "not_sent", "no_code",
    "wrong_code", "code_expired", "too_many_tries"];

  function showForm(visible) {
    form.hidden = !visible;
    composer.hidden = visible;
  }

  function setStatus(message) {
    status.textContent = message;
  }

  function add(author, name, body, key, state) {
    if (key && shown[key]) return shown[key];
    var item = el("li", "omniline-msg omniline-" + author);
    if (name) item.appendChild(el("span", "omniline-name", name));
    item.appendChild(el("span", "omniline-body", body));
    if (state) item.dataset.state = state;
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
    if (key) shown[key] = item;
    return item;
  }

  function showMessage(m) {
    var existing = (m.ref && shown["c:" + m.ref]) || shown["m:" + m.id];
    if (existing) {
      existing.dataset.state = "sent";
      shown["m:" + m.id] = existing;
      return;
    }
    var item = add(m.author, m.author === "customer" ? null : m.name, m.text, "m:" + m.id, "sent");
    if (m.ref) shown["c:" + m.ref] = item;
  }

  function connect(hello) {
    var own = new WebSocket(socketUrl);
    socket = own;
    socket.onopen = function () {
      if (socket !== own) return;
      retryMs = 1000;
      setStatus("Connecting…");
      own.send(JSON.stringify(hello()));
    };
    socket.onmessage = function (event) {
      // A socket left behind by "Start a new chat" says nothing more on this screen.
      if (socket !== own) return;
      var frame = JSON.parse(event.data);
      switch (frame.type) {
        case "welcome":
          started = true;
          localStorage.setItem(TOKEN_KEY, frame.token);
          maxChars = frame.maxChars || null;
          if (maxChars) text.maxLength = maxChars;
          agentName = frame.agent || agentName;
          showForm(false);
          frame.transcript.forEach(showMessage);
          showClaims(frame.claims);
          setStatus(frame.state === "active" ? frame.agent + " is here" :
            frame.state === "ended" ? "This chat has ended" : "Waiting for an agent…");
          Object.keys(pending).forEach(function (id) { transmit(id, pending[id]); });
          break;
        case "ack":
          delete pending[frame.ref];
          if (shown["c:" + frame.ref]) {
            shown["c:" + frame.ref].dataset.state = "sent";
            shown["m:" + frame.id] = shown["c:" + frame.ref];
          }
          break;
        case "message": showMessage(frame); if (frame.author === "agent") hideTyping(); break;
        case "typing": showTyping(); break;
        case "joined": agentName = frame.agent; setStatus(frame.agent + " joined the chat"); break;
        case "waiting": agentName = null; hideTyping(); setStatus("Transferring you…"); break;
        case "ended": ended(frame.rate); break;
        case "rated":
          rating.replaceChildren(el("p", "omniline-rating-text", "Thank you for rating this chat " + frame.score + " of 5."));
          socket.close();
          break;
        case "code-sent":
          verifyNote.textContent = "Code sent to " + frame.to + "; it works for " + Math.round(frame.expiresInSeconds / 60)
            + " minutes.";
          codeForm.hidden = false;
          codeInput.value = "";
          codeInput.focus();
          break;
        case "verified":
          verifyNote.textContent = "";
          codeForm.hidden = true;
          showClaims(frame.claims);
          break;
        case "error": refused(frame); break;
      }
    };
    socket.onclose = function () {
      if (closedByVisitor || socket !== own) return;
      setStatus("Disconnected — reconnecting…");
      setTimeout(function () { connect(resumeHello); }, retryMs);
      retryMs = Math.min(retryMs * 2, 15000);
    };
  }

  function refused(frame) {
    if (frame.code === "rate_limited" && frame.ref && pending[frame.ref]) {
      setTimeout(function () { transmit(frame.ref, pending[frame.ref]); }, 1000);
      return;
    }
    if (frame.code === "already_rated") {
      // The first rating stands; the words say which it was.
      rating.replaceChildren(el("p", "omniline-rating-text", frame.message));
      socket.close();
      return;
    }
    if (frame.code === "not_ended" || frame.code === "bad_rating") {
      rating.hidden = true;
      socket.close();
      setStatus(frame.message);
      return;
    }
    if (VERIFY_ERRORS.indexOf(frame.code) >= 0) {
      verifyNote.textContent = frame.message;
      return;
    }
    if (frame.code === "invalid_contact" || frame.code === "too_many_chats") {
      closedByVisitor = true;
      socket.close();
      showForm(true);
    }
    if (frame.ref && shown["c:" + frame.ref]) shown["c:" + frame.ref].dataset.state = "failed";
    if (frame.ref && frame.code !== "not_stored") delete pending[frame.ref];
    setStatus(frame.message);
  }

  function resumeHello() {
    return { type: "hello", token: localStorage.getItem(TOKEN_KEY) };
  }

  function transmit(id, body) {
    if (socket && socket.readyState === WebSocket.OPEN && started) {
      socket.send(JSON.stringify({ type: "message", id: id, text: body }));
    }
  }

  codeForm.addEventListener("submit", function (event) {
    event.preventDefault();
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ type: "code", code: codeInput.value.trim() }));
    }
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    closedByVisitor = false;
    connect(function () {
      return { type: "hello", token: localStorage.getItem(TOKEN_KEY), name: nameInput.value,
        phone: phoneInput.value, email: emailInput.value };
    });
  });

  composer.addEventListener("submit", function (event) {
    event.preventDefault();
    var body = text.value.trim();
    if (!body) return;
    var id = (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random());
    pending[id] = body;
    add("customer", null, body, "c:" + id, "pending");
    text.value = "";
    count();
    transmit(id, body);
  });

  // Enter sends; Shift+Enter is a new line (and Enter while an input method composes is its own).
  text.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      composer.requestSubmit(send);
    }
  });

  again.addEventListener("click", startOver);

  text.addEventListener("input", function () {
    count();
    var now = Date.now();
    if (now - lastTypingSent > TYPING_EVERY_MS && socket && socket.readyState === WebSocket.OPEN && started) {
      lastTypingSent = now;
      socket.send(JSON.stringify({ type: "typing" }));
    }
  });

  end.addEventListener("click", function () {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: "end" }));
  });

  launcher.addEventListener("click", function () {
    panel.hidden = !panel.hidden;
  });

  if (localStorage.getItem(TOKEN_KEY)) {
    panel.hidden = false;
    showForm(false);
    connect(resumeHello);
  } else {
    showForm(true);
  }
})();
