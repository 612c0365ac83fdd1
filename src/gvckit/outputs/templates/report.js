// gvckit report: sortable tables and figure values on hover or tap. Offline, no library.
(function () {
  "use strict";
  function key(cell) {
    var t = cell.textContent.trim();
    var n = parseFloat(t.replace(/[,\s%]/g, "").replace(/^[^0-9+\-.]+/, ""));
    return isNaN(n) || !/^[\s+\-−]?[0-9.,]/.test(t) ? t : n;
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("thead th").forEach(function (th, col) {
      th.tabIndex = 0;
      th.title = th.textContent;
      function sort() {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("thead th").forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[col]), y = key(b.cells[col]);
          var c = typeof x === typeof y ? (x < y ? -1 : x > y ? 1 : 0) : (typeof x === "number" ? -1 : 1);
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") { sort(); } });
    });
  });
  var tip = document.createElement("div");
  tip.className = "tip";
  tip.hidden = true;
  document.body.appendChild(tip);
  function show(e) {
    var t = e.target.closest ? e.target.closest("circle.pt") : null;
    if (!t) { tip.hidden = true; return; }
    tip.textContent = t.querySelector("title").textContent;
    tip.hidden = false;
    var r = t.getBoundingClientRect();
    tip.style.left = Math.max(4, Math.min(window.innerWidth - tip.offsetWidth - 4, r.left + r.width / 2 - tip.offsetWidth / 2)) + "px";
    tip.style.top = Math.max(4, r.top - tip.offsetHeight - 6) + "px";
  }
  document.addEventListener("mouseover", show);
  document.addEventListener("click", show);
  window.addEventListener("scroll", function () { tip.hidden = true; }, { passive: true });
})();
