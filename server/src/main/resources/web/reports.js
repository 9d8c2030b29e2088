/*
 * Omniline reports (supervisors and admins): pick measures, grouping, interval and period; the
 * table with each measure's formula, a chart of the first measure (uPlot), a CSV of the same
 * report, and every figure opens into the contacts behind it. Compared with the previous period,
 * each figure has the previous period's value (which opens too) and the change under it, and the
 * chart draws the previous period dashed. The service-channel matrix puts contact reasons against
 * channels for the same period, shading the cells customers left for another channel. Text only,
 * like the rest of the app.
 */
(function () {
  "use strict";
  var o, measures = [], last = null, chart = null;
  var words = window.OmnilineWords;
  var COLOURS = ["#1f3a5f", "#2e7d32", "#b8860b", "#c62828", "#6a1b9a", "#00838f", "#5d4037", "#455a64"];

  document.addEventListener("omniline:staff", function () {
    o = window.omniline;
    var form = o.$("report-form");
    if (!form.dataset.ready) {
      form.dataset.ready = "yes";
      form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
      o.$("matrix-run").addEventListener("click", matrix);
      var today = new Date();
      form.elements.to.value = isoDate(new Date(today.getFullYear(), today.getMonth(), today.getDate() + 1));
      form.elements.from.value = isoDate(new Date(today.getFullYear(), today.getMonth(), today.getDate() - 6));
    }
    o.api("GET", "/api/reports/measures").then(showMeasures).catch(function (error) {
      o.$("report-error").textContent = "The measures could not be loaded: " + error.message;
    });
  });

  function isoDate(date) {
    return date.getFullYear() + "-" + String(date.getMonth() + 1).padStart(2, "0") + "-" + String(date.getDate()).padStart(2, "0");
  }

  function showMeasures(answer) {
    measures = answer.measures;
    var chosen = ["offered", "answered", "abandoned-in-queue", "service-level", "average-speed-of-answer", "average-handle-time", "csat"];
    o.fill(o.$("report-measures"), measures, function (measure) {
      var label = o.text("label", "");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.name = "measure";
      box.value = measure.key;
      box.checked = chosen.indexOf(measure.key) >= 0;
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + measure.label));
      label.title = measure.formula;
      return label;
    });
    o.$("report-measures").prepend(o.text("legend", "Measures"));
    o.$("report-formulas").replaceChildren();
    measures.forEach(function (measure) {
      o.$("report-formulas").appendChild(o.text("dt", measure.label));
      o.$("report-formulas").appendChild(o.text("dd", measure.formula));
    });
  }

  function query() {
    var form = o.$("report-form");
    var keys = Array.prototype.filter.call(form.querySelectorAll("input[name='measure']"), function (box) { return box.checked; })
      .map(function (box) { return box.value; });
    return "from=" + encodeURIComponent(form.elements.from.value) + "&to=" + encodeURIComponent(form.elements.to.value)
      + "&interval=" + form.elements.interval.value + "&group=" + form.elements.group.value
      + "&measures=" + encodeURIComponent(keys.join(","))
      + (form.elements.compare.checked ? "&compare=previous" : "");
  }

  function run() {
    var q = query();
    o.$("report-error").textContent = "";
    o.$("report-drill").hidden = true;
    o.api("GET", "/api/reports?" + q).then(function (report) {
      last = { report: report, query: q };
      var csv = o.$("report-csv");
      csv.href = "/api/reports/csv?" + q;
      csv.hidden = false;
      o.fill(o.$("report-notes"), report.notes, function (note) { return o.text("li", note); });
      table(report);
      draw(report);
    }).catch(function (error) {
      o.$("report-error").textContent = error.message;
    });
  }

  /** An interval's local start as the table shows it: 2026-11-24 09:15. */
  function when(interval) {
    return interval.replace("T", " ").slice(0, 16);
  }

  function format(value, unit) {
    if (value === null || value === undefined) return "—";
    switch (unit) {
      case "COUNT": return String(Math.round(value));
      case "PERCENT": return value.toFixed(1) + " %";
      case "SECONDS": return value.toFixed(1) + " s";
      case "SCORE": return value.toFixed(2);
      default: return value.toFixed(2);
    }
  }

  function table(report) {
    var head = o.$("report-table").querySelector("thead");
    var row = document.createElement("tr");
    row.appendChild(o.text("th", "Interval (" + report.timeZone + ")"));
    row.appendChild(o.text("th", "Group"));
    if (report.previous) row.appendChild(o.text("th", "Compared with"));
    report.columns.forEach(function (column) {
      var th = document.createElement("th");
      var abbr = o.text("abbr", column.label);
      abbr.title = column.formula;
      th.appendChild(abbr);
      row.appendChild(th);
    });
    head.replaceChildren(row);
    var body = o.$("report-table").querySelector("tbody");
    if (!report.rows.length) {
      var empty = document.createElement("tr");
      var cell = o.text("td", "No contacts and no agent activity in this period.");
      cell.colSpan = report.columns.length + (report.previous ? 3 : 2);
      empty.appendChild(cell);
      body.replaceChildren(empty);
      return;
    }
    o.fill(body, report.rows, function (line) {
      var tr = document.createElement("tr");
      tr.appendChild(o.text("td", when(line.interval))).className = "when";
      tr.appendChild(o.text("td", line.label));
      if (report.previous) tr.appendChild(o.text("td", when(line.previousInterval))).className = "when";
      report.columns.forEach(function (column) {
        var td = document.createElement("td");
        td.className = "number";
        td.appendChild(figure(line.values[column.key], column, function () { drill(column, line, false); }));
        if (report.previous) {
          var was = o.text("span", "was ");
          was.className = "was";
          var before = figure(line.previous[column.key], column, function () { drill(column, line, true); });
          if (before.dataset) before.dataset.previous = "yes";
          was.appendChild(before);
          var difference = line.change[column.key];
          if (difference !== null && difference !== undefined) {
            was.appendChild(document.createTextNode(" (" + change(difference, column.unit) + ")"));
          }
          td.appendChild(was);
        }
        tr.appendChild(td);
      });
      return tr;
    });
  }

  /** A figure that opens into its contacts, or a dash where the measure is not defined. */
  function figure(value, column, open) {
    if (value === null || value === undefined) return document.createTextNode("—");
    var button = o.text("button", format(value, column.unit));
    button.type = "button";
    button.title = "Show the contacts behind this figure";
    button.dataset.measure = column.key;
    button.addEventListener("click", open);
    return button;
  }

  /** This period's figure minus the previous one's, signed; percentage points for percentages. */
  function change(value, unit) {
    var sign = value > 0 ? "+" : value < 0 ? "−" : "±";
    var size = Math.abs(value);
    if (unit === "PERCENT") return sign + size.toFixed(1) + " points";
    return sign + format(size, unit);
  }

  function matrix() {
    var form = o.$("report-form");
    var q = "from=" + encodeURIComponent(form.elements.from.value) + "&to=" + encodeURIComponent(form.elements.to.value);
    o.$("report-error").textContent = "";
    o.api("GET", "/api/reports/matrix?" + q).then(function (answer) {
      o.fill(o.$("matrix-notes"), answer.notes, function (note) { return o.text("li", note); });
      var head = document.createElement("tr");
      head.appendChild(o.text("th", "Contact reason"));
      answer.channels.forEach(function (channel) { head.appendChild(o.text("th", words.channel(channel))); });
      o.$("matrix-table").querySelector("thead").replaceChildren(head);
      var body = o.$("matrix-table").querySelector("tbody");
      if (!answer.reasons.length) {
        var none = document.createElement("tr");
        none.appendChild(o.text("td", "No contacts in this period."));
        body.replaceChildren(none);
        return;
      }
      o.fill(body, answer.reasons, function (reason) {
        var tr = document.createElement("tr");
        tr.appendChild(o.text("th", reason.label));
        answer.channels.forEach(function (channel) {
          var td = document.createElement("td");
          td.dataset.channel = channel;
          var values = reason.cells[channel];
          if (!values) { td.textContent = "—"; tr.appendChild(td); return; }
          var switched = values["switched-channel"];
          if (switched > 0) td.className = switched >= 50 ? "switch-3" : switched >= 25 ? "switch-2" : "switch-1";
          var list = document.createElement("dl");
          answer.columns.forEach(function (column) {
            var term = o.text("dt", column.label);
            term.title = column.formula;
            list.appendChild(term);
            var dd = document.createElement("dd");
            dd.appendChild(figure(values[column.key], column, function () {
              cellDrill(q, column, channel, reason);
            }));
            list.appendChild(dd);
          });
          td.appendChild(list);
          tr.appendChild(td);
        });
        return tr;
      });
    }).catch(function (error) {
      o.$("report-error").textContent = error.message;
    });
  }

  function cellDrill(q, column, channel, reason) {
    q += "&measure=" + column.key + "&channel=" + channel + "&reason=" + encodeURIComponent(reason.key);
    o.api("GET", "/api/reports/matrix/contacts?" + q).then(function (answer) {
      showContacts(column.label + " — " + reason.label + " · " + words.channel(channel), answer);
    }).catch(function (error) {
      o.$("report-error").textContent = error.message;
    });
  }

  function drill(column, line, previous) {
    var q = last.query;
    var interval = previous ? line.previousInterval : line.interval;
    if (previous) {
      q = q.replace(/^from=[^&]*&to=[^&]*/, "from=" + encodeURIComponent(last.report.previous.from)
        + "&to=" + encodeURIComponent(last.report.previous.to));
    }
    q += "&measure=" + column.key + "&row=" + encodeURIComponent(interval) + "&key=" + encodeURIComponent(line.key);
    o.api("GET", "/api/reports/contacts?" + q).then(function (answer) {
      showContacts(column.label + " — " + line.label + ", " + when(interval) + (previous ? " (previous period)" : ""), answer);
    }).catch(function (error) {
      o.$("report-error").textContent = error.message;
    });
  }

  /** The contacts behind a figure, below the report, with the figure's formula. */
  function showContacts(title, answer) {
    o.$("report-drill").hidden = false;
    o.$("report-drill-title").textContent = title
      + ": " + answer.contacts.length + " contact" + (answer.contacts.length === 1 ? "" : "s");
    o.$("report-drill-formula").textContent = answer.formula;
    o.fill(o.$("report-contacts").querySelector("tbody"), answer.contacts, function (contact) {
      var tr = document.createElement("tr");
      [contact.id, words.channel(contact.channel), contact.queue || "", (contact.startedAt || "").replace("T", " ").slice(0, 19),
        contact.outcome ? words.outcome(contact.outcome) : "still open", contact.waitSeconds, contact.talkSeconds, contact.disposition || "",
        contact.csatScore].forEach(function (value) {
        tr.appendChild(o.text("td", value === null || value === undefined ? "" : String(value)));
      });
      if (contact.csatComment) {
        tr.lastChild.appendChild(document.createTextNode(" "));
        tr.lastChild.appendChild(o.recording("Play comment", "/api/interactions/" + contact.id + "/survey-comment",
          "Survey comment on contact " + contact.id,
          "This comment cannot be played: it is not in the comment folder Omniline reads (not copied yet, or deleted)"));
      }
      return tr;
    });
    o.$("report-drill").scrollIntoView({ block: "nearest" });
  }

  /** The first measure over the intervals, one line per group (at most eight), the previous period's dashed. */
  function draw(report) {
    var box = o.$("report-chart");
    if (chart) { chart.destroy(); chart = null; }
    box.replaceChildren();
    if (!report.rows.length || !report.columns.length || !window.uPlot) return;
    var column = report.columns[0];
    var times = [], groups = [], labels = {};
    report.rows.forEach(function (row) {
      var t = Date.parse(row.interval + "Z") / 1000;
      if (times.indexOf(t) < 0) times.push(t);
      if (groups.indexOf(row.key) < 0 && groups.length < COLOURS.length) { groups.push(row.key); labels[row.key] = row.label; }
    });
    times.sort(function (a, b) { return a - b; });
    var data = [times];
    var series = [{}];
    function line(group, i, which, dashed) {
      data.push(times.map(function (t) {
        var row = report.rows.find(function (r) { return r.key === group && Date.parse(r.interval + "Z") / 1000 === t; });
        var value = row ? row[which][column.key] : null;
        return value === undefined ? null : value;
      }));
      series.push(dashed
        ? { label: labels[group] + " (previous period)", stroke: COLOURS[i], width: 1, dash: [6, 4], points: { show: false } }
        : { label: labels[group], stroke: COLOURS[i], width: 2, points: { show: true } });
    }
    groups.forEach(function (group, i) {
      line(group, i, "values", false);
      if (report.previous) line(group, i, "previous", true);
    });
    chart = new window.uPlot({
      title: column.label,
      width: Math.max(480, Math.min(1100, box.clientWidth || 900)),
      height: 260,
      tzDate: function (ts) { return window.uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"); },
      series: series,
      axes: [{}, { label: column.label }],
    }, data, box);
  }
})();
