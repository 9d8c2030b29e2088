/*
 * Omniline admin: the prompt library. Every recording flows can play, in each language, with the
 * flows and nodes that play it; a play button streams it, an upload replaces or adds one (refused
 * beside the field it is about, saying what would be accepted), and a deletion names what it
 * deletes and is refused, naming the flows, while a flow still plays the prompt.
 */
(function () {
  "use strict";
  /** The largest recording the server takes (ivr.promptUploadMiB), read from it when the page opens. */
  var largestUpload = 50 * 1024 * 1024;
  var FIELDS = ["name", "language", "words", "recording"];
  var o = window.omniline;
  var prompts = [];

  document.addEventListener("omniline:admin", function () {
    o.$("prompt-library-admin").hidden = false;
    load();
    o.api("GET", "/api/prompts/upload-limits").then(function (limits) {
      largestUpload = limits.largestBytes;
      o.$("prompt-upload-limits").textContent = mebibytes(limits.largestBytes) + " and " + limits.longestMinutes + " minutes";
    }).catch(function (error) { o.$("prompt-result").textContent = error.message; });
  });

  function load() {
    return o.api("GET", "/api/prompts").then(function (list) {
      prompts = list;
      o.fill(document.querySelector("#prompts tbody"), list, row);
      filter();
    }).catch(function (error) { o.$("prompt-result").textContent = error.message; });
  }

  function audioUrl(prompt) {
    return "/api/prompts/audio?name=" + encodeURIComponent(prompt.name) + "&language=" + encodeURIComponent(prompt.language);
  }

  /** 2400 → "2.4 s", 65000 → "1 min 5 s". */
  function length(ms) {
    var seconds = ms / 1000;
    if (seconds < 60) return (Math.round(seconds * 10) / 10) + " s";
    return Math.floor(seconds / 60) + " min " + Math.round(seconds % 60) + " s";
  }

  /** "main (draft) at node welcome" — the same words the server uses when it refuses a deletion. */
  function useWords(use) {
    return use.flow + " (" + use.version + ") at " + (use.nodes.length === 1 ? "node " : "nodes ") + use.nodes.join(", ");
  }

  function cell(value, sort) {
    var td = o.text("td", value);
    if (sort !== undefined) td.dataset.sort = sort;
    return td;
  }

  function row(prompt) {
    var tr = document.createElement("tr");
    tr.dataset.prompt = prompt.name;
    tr.dataset.language = prompt.language;
    tr.appendChild(cell(prompt.name));
    tr.appendChild(cell(prompt.language));
    tr.appendChild(cell(prompt.words || "—"));
    tr.appendChild(cell(length(prompt.durationMs), String(prompt.durationMs)));
    var used = document.createElement("td");
    used.className = "used-by";
    if (!prompt.usedBy.length) used.appendChild(o.text("span", "no flow", "muted"));
    prompt.usedBy.forEach(function (use) { used.appendChild(o.text("div", useWords(use))); });
    tr.appendChild(used);
    tr.appendChild(cell(prompt.source === "shipped" ? "ships with Omniline"
      : "uploaded by " + prompt.updatedBy + ", " + window.OmnilineWords.when(prompt.updatedAt), prompt.updatedAt));
    var actions = document.createElement("td");
    var play = o.text("button", "Play", "play");
    play.type = "button";
    play.setAttribute("aria-label", "Play " + prompt.name + " in " + prompt.language);
    play.addEventListener("click", function () { listen(prompt); });
    actions.appendChild(play);
    if (prompt.source !== "shipped") {
      var remove = o.text("button", "Delete", "delete");
      remove.type = "button";
      remove.setAttribute("aria-label", "Delete " + prompt.name + " in " + prompt.language);
      remove.addEventListener("click", function () { askToDelete(prompt); });
      actions.appendChild(remove);
    }
    tr.appendChild(actions);
    return tr;
  }

  function listen(prompt) {
    var player = o.$("prompt-player");
    o.$("prompt-player-bar").hidden = false;
    o.$("prompt-playing").textContent = "Playing " + prompt.name + " (" + prompt.language + ")"
      + (prompt.words ? ": “" + prompt.words + "”" : "");
    player.src = audioUrl(prompt);
    player.play().catch(function () { /* a browser that may not play sound still shows the player */ });
  }

  function otherLanguages(prompt) {
    return prompts.filter(function (other) { return other.name === prompt.name && other.language !== prompt.language; })
      .map(function (other) { return other.language; });
  }

  function askToDelete(prompt) {
    var others = otherLanguages(prompt);
    var result = o.$("prompt-result");
    if (!others.length && prompt.usedBy.length) {
      result.textContent = prompt.name + " cannot be deleted: " + prompt.usedBy.map(useWords).join("; ")
        + " plays it. Change those flows first.";
      return;
    }
    var question = others.length
      ? "Delete the " + prompt.language + " recording of " + prompt.name + "? The recordings in " + others.join(", ")
        + " stay; callers in " + prompt.language + " hear one of those instead."
      : "Delete " + prompt.name + " (" + prompt.language + "), its only recording? No flow plays it.";
    window.omnilineConfirm(question, "Delete " + prompt.name + " (" + prompt.language + ")").then(function (yes) {
      if (!yes) return null;
      return o.api("DELETE", audioUrl(prompt)).then(function () {
        result.textContent = "Deleted " + prompt.name + " (" + prompt.language + ")";
        return load();
      });
    }).catch(function (error) { result.textContent = error.message; });
  }

  function filter() {
    var words = o.$("prompt-filter").value.trim().toLowerCase();
    var rows = document.querySelectorAll("#prompts tbody tr"), shown = 0;
    Array.prototype.forEach.call(rows, function (tr) {
      tr.hidden = words !== "" && tr.textContent.toLowerCase().indexOf(words) < 0;
      if (!tr.hidden) shown++;
    });
    o.$("prompt-filter-count").textContent = words ? shown + " of " + rows.length + " shown" : rows.length + " recordings";
  }

  function problem(field, message) {
    o.$("prompt-" + field + "-problem").textContent = message;
  }

  function mebibytes(bytes) {
    return (Math.round(bytes / 1024 / 1024 * 10) / 10) + " MiB";
  }

  /** The checks the page can make itself; the server makes them all again. */
  function checkUpload(form) {
    var file = form.recording.files[0];
    var fine = true;
    if (!form.name.value.trim()) {
      problem("name", "Give the prompt a name: lowercase letters, digits, - or _, with at most one folder, like promo/spring.");
      fine = false;
    }
    if (!file) {
      problem("recording", "Choose the recording to upload: a WAV or MP3 file.");
      fine = false;
    } else if (file.size > largestUpload) {
      problem("recording", "This file is " + mebibytes(file.size) + "; a recording can be at most " + mebibytes(largestUpload)
        + ". Shorten it, or save it as MP3 or as mono WAV.");
      fine = false;
    }
    return fine;
  }

  function upload(form) {
    var file = form.recording.files[0];
    var query = "?name=" + encodeURIComponent(form.name.value.trim()) + "&language=" + encodeURIComponent(form.language.value.trim())
      + (form.words.value.trim() ? "&words=" + encodeURIComponent(form.words.value.trim()) : "");
    return fetch("/auth/me", { credentials: "same-origin" }).then(function (response) { return response.json(); })
      .then(function (me) {
        return fetch("/api/prompts/audio" + query, { method: "PUT", credentials: "same-origin", body: file,
          headers: { "Content-Type": file.type || "application/octet-stream", "X-CSRF-Token": me.csrfToken } });
      }).then(function (response) {
        // Refused for its size, the answer may be the server's plain 413 (a declared length is refused before
        // any handler reads it), so the words are the page's own.
        if (response.status === 413) {
          var tooLarge = new Error("This file is larger than " + mebibytes(largestUpload)
            + "; shorten it, or save it as MP3 or as mono WAV.");
          tooLarge.field = "recording";
          throw tooLarge;
        }
        return response.json().then(function (json) {
          if (response.ok) return json;
          var failure = new Error(json.error);
          failure.field = json.field;
          throw failure;
        });
      });
  }

  o.$("prompt-filter").addEventListener("input", filter);
  o.$("prompt-upload-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    FIELDS.forEach(function (field) { problem(field, ""); });
    o.$("prompt-result").textContent = "";
    if (!checkUpload(form)) return;
    upload(form).then(function (stored) {
      o.$("prompt-result").textContent = "Uploaded " + stored.name + " (" + stored.language + "), "
        + length(stored.durationMs) + "; flows can play it now.";
      form.name.value = "";
      form.words.value = "";
      form.recording.value = "";
      return load();
    }).catch(function (error) {
      if (FIELDS.indexOf(error.field) >= 0) problem(error.field, error.message);
      else o.$("prompt-result").textContent = error.message;
    });
  });
})();
