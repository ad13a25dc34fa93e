// steward site: filters and sorts the tables that ask for it. Nothing else, and nothing from
// elsewhere. Every page is complete without this script: every tool is listed, and each
// department's page lists its own tools.
(function () {
  "use strict";

  function rowsOf(table) {
    return Array.prototype.slice.call(table.tBodies[0].rows);
  }

  // A form with data-table="ID" filters that table's rows by the rows' data-* attributes:
  // a select named "department" matches data-department, "status" data-status, and the
  // checkbox "missing" keeps rows whose data-missing is not empty.
  function setUpFilters(form) {
    var table = document.getElementById(form.getAttribute("data-table"));
    if (!table) return;
    var rows = rowsOf(table);
    var count = form.querySelector("[data-count]");
    function apply() {
      var department = form.elements.department.value;
      var status = form.elements.status.value;
      var missing = form.elements.missing.checked;
      var shown = 0;
      rows.forEach(function (row) {
        var keep = (!department || row.getAttribute("data-department") === department) &&
          (!status || row.getAttribute("data-status") === status) &&
          (!missing || row.getAttribute("data-missing") !== "");
        row.hidden = !keep;
        if (keep) shown += 1;
      });
      if (count) count.textContent = "Showing " + shown + " of " + rows.length + " tools.";
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  // A table with class "sortable" gets a button in each header cell with data-sort="text"
  // or "number"; a cell sorts by its data-value, else its text.
  function setUpSorting(table) {
    if (!table.tHead || !table.tBodies[0]) return;
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var original = rowsOf(table);
    headers.forEach(function (th, column) {
      var kind = th.getAttribute("data-sort");
      if (!kind) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var keyed = original.map(function (row, index) {
          var cell = row.cells[column];
          var raw = cell ? (cell.getAttribute("data-value") || cell.textContent.trim()) : "";
          return { row: row, index: index, key: kind === "number" ? (parseFloat(raw) || 0) : raw.toLowerCase() };
        });
        keyed.sort(function (a, b) {
          var order = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
          return (ascending ? order : -order) || a.index - b.index;
        });
        var body = table.tBodies[0];
        var fragment = document.createDocumentFragment();
        keyed.forEach(function (k) { fragment.appendChild(k.row); });
        body.appendChild(fragment);
      });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-table]"), setUpFilters);
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), setUpSorting);
})();
