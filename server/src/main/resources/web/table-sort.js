/*
 * Tables that sort: in a table.sortable, each column heading is a button that orders the rows by
 * that column, and again the other way. Text compares in the page's language with numbers as
 * numbers; a cell's data-sort (e.g. an ISO time behind a readable one) is used when it has one.
 * The order holds when the page fills the table again.
 */
(function () {
  "use strict";
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

  function key(row, column) {
    var cell = row.cells[column];
    if (!cell) return "";
    return cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
  }

  /** Puts the rows in the table's chosen order; touches the DOM only when they are not in it yet. */
  function apply(table) {
    var column = Number(table.dataset.sortColumn), direction = table.dataset.sortDirection === "descending" ? -1 : 1;
    if (isNaN(column)) return;
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var sorted = rows.slice().sort(function (a, b) { return direction * collator.compare(key(a, column), key(b, column)); });
    if (sorted.every(function (row, index) { return row === rows[index]; })) return;
    sorted.forEach(function (row) { body.appendChild(row); });
  }

  function sortBy(table, heading, column) {
    var descending = table.dataset.sortColumn === String(column) && table.dataset.sortDirection === "ascending";
    table.dataset.sortColumn = column;
    table.dataset.sortDirection = descending ? "descending" : "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort"); });
    heading.setAttribute("aria-sort", table.dataset.sortDirection);
    apply(table);
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (heading, column) {
      var title = heading.textContent.trim();
      if (!title || heading.querySelector(".visually-hidden")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = title;
      button.title = "Sort by " + title.toLowerCase();
      button.addEventListener("click", function () { sortBy(table, heading, column); });
      heading.replaceChildren(button);
    });
    new MutationObserver(function () { apply(table); }).observe(table.tBodies[0], { childList: true });
  });
})();
