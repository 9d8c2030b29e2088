/*
 * Omniline admin: who works here. Agents (name, SIP interface, the queues they may join with a
 * penalty, skills with a level) each with their own sign-in, and supervisor or admin accounts
 * that may be disabled (after a question naming the account) or given a new password. Every change
 * goes through the audited API.
 */
(function () {
  "use strict";
  var o, editing = null;

  document.addEventListener("omniline:admin", function () {
    o = window.omniline;
    o.$("people-admin").hidden = false;
    o.$("staff-note").hidden = true;
    loadPeople();
  });

  /** "support:0, sales:2" ⇄ {"support": 0, "sales": 2}: queues with penalties, skills with levels. */
  function parseLevels(raw) {
    var levels = {};
    raw.split(",").map(function (part) { return part.trim(); }).filter(Boolean).forEach(function (part) {
      var pair = part.split(":");
      var level = pair.length > 1 ? Number(pair[1].trim()) : 0;
      if (!pair[0].trim() || !Number.isInteger(level)) throw new Error("write name:number pairs, e.g. support:0, sales:2");
      levels[pair[0].trim()] = level;
    });
    return levels;
  }

  function formatLevels(levels) {
    return Object.keys(levels || {}).sort().map(function (name) { return name + ":" + levels[name]; }).join(", ");
  }

  /** The SIP interface and which phone rings there. */
  function phoneOf(agent) {
    if (!agent.sipInterface) return "";
    return agent.sipInterface + (agent.phone === "webrtc" ? " (softphone in the page)" : " (desk phone)");
  }

  function loadPeople() {
    o.api("GET", "/api/agents").then(function (agents) {
      o.fill(document.querySelector("#agents tbody"), agents, function (agent) {
        var row = document.createElement("tr");
        row.dataset.agent = agent.login;
        [agent.login, agent.displayName, phoneOf(agent), formatLevels(agent.queues), formatLevels(agent.skills),
          agent.active ? "yes" : "no"].forEach(function (value) { row.appendChild(o.text("td", value)); });
        var edit = o.text("button", "Edit");
        edit.type = "button";
        edit.addEventListener("click", function () { editAgent(agent); });
        var cell = document.createElement("td");
        cell.appendChild(edit);
        row.appendChild(cell);
        return row;
      });
    }).catch(function (error) { o.$("people-result").textContent = error.message; });
    o.api("GET", "/api/accounts").then(function (accounts) {
      o.fill(document.querySelector("#accounts tbody"), accounts, function (account) {
        var row = document.createElement("tr");
        row.dataset.account = account.login;
        [account.login, account.role, account.disabled ? "disabled" : "enabled"]
          .forEach(function (value) { row.appendChild(o.text("td", value)); });
        var cell = document.createElement("td");
        var toggle = o.text("button", account.disabled ? "Enable" : "Disable");
        toggle.type = "button";
        toggle.className = "toggle";
        toggle.addEventListener("click", function () {
          if (account.disabled) { changeAccount(account.id, { disabled: false }); return; }
          window.omnilineConfirm("Disable the " + account.role + " account " + account.login + "? It is signed out everywhere at once"
            + (account.role === "agent" ? ", leaves its queues," : "") + " and cannot sign in until an admin enables it again.",
          "Disable " + account.login).then(function (yes) {
            if (yes) changeAccount(account.id, { disabled: true });
          });
        });
        var password = document.createElement("input");
        password.type = "password";
        password.placeholder = "new password";
        password.setAttribute("aria-label", "New password for " + account.login);
        var reset = o.text("button", "Set password");
        reset.type = "button";
        reset.addEventListener("click", function () { changeAccount(account.id, { password: password.value }); });
        [toggle, password, reset].forEach(function (node) { cell.appendChild(node); });
        row.appendChild(cell);
        return row;
      });
    }).catch(function (error) { o.$("people-result").textContent = error.message; });
  }

  function changeAccount(id, change) {
    o.api("PUT", "/api/accounts/" + id, change).then(function (account) {
      var note = account.phone && account.phone.note;
      o.$("people-result").textContent = "Saved " + account.login + " and signed it out everywhere" + (note ? ". " + note : "");
      loadPeople();
    }).catch(function (error) { o.$("people-result").textContent = error.message; });
  }

  function editAgent(agent) {
    editing = agent;
    var form = o.$("agent-form");
    form.login.value = agent.login;
    form.login.disabled = true;
    form.displayName.value = agent.displayName;
    form.sipInterface.value = agent.sipInterface || "";
    form.queues.value = formatLevels(agent.queues);
    form.skills.value = formatLevels(agent.skills);
    form.active.checked = agent.active;
    form.password.value = "";
    form.password.disabled = true;
    o.$("agent-form-title").textContent = "Edit agent " + agent.login;
  }

  function resetAgentForm() {
    editing = null;
    var form = o.$("agent-form");
    form.reset();
    form.login.disabled = false;
    form.password.disabled = false;
    o.$("agent-form-title").textContent = "New agent";
  }

  function init() {
    o = window.omniline;
    o.$("agent-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var form = event.target, body;
      try {
        body = { displayName: form.displayName.value, sipInterface: form.sipInterface.value || null,
          queues: parseLevels(form.queues.value), skills: parseLevels(form.skills.value) };
      } catch (error) {
        o.$("people-result").textContent = error.message;
        return;
      }
      var saving;
      ["login", "sipInterface"].forEach(function (field) { o.$("agent-" + field + "-problem").textContent = ""; });
      if (editing) {
        body.active = form.active.checked;
        saving = o.api("PUT", "/api/agents/" + editing.id, body);
      } else {
        body.login = form.login.value;
        body.password = form.password.value;
        saving = o.api("POST", "/api/agents", body);
      }
      saving.then(function () {
        o.$("people-result").textContent = "Saved agent " + (editing ? editing.login : body.login);
        resetAgentForm();
        loadPeople();
      }).catch(function (error) {
        // A problem with one field is shown beside it; anything else under the form.
        var beside = error.field && o.$("agent-" + error.field + "-problem");
        o.$("people-result").textContent = beside ? "" : error.message;
        if (beside) beside.textContent = error.message;
      });
    });
    o.$("agent-form-new").addEventListener("click", resetAgentForm);
    o.$("staff-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var form = event.target;
      o.api("POST", "/api/accounts", { login: form.login.value, password: form.password.value, role: form.role.value })
        .then(function (account) {
          o.$("people-result").textContent = "Saved " + account.login;
          form.reset();
          loadPeople();
        }).catch(function (error) { o.$("people-result").textContent = error.message; });
    });
  }

  init();
})();
