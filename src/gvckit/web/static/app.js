// gvckit serve: draw the page's Plotly charts and poll a running job until its page is ready.
(function () {
  "use strict";
  function drawCharts() {
    if (typeof Plotly === "undefined") return;
    document.querySelectorAll(".chart[data-figure]").forEach(function (div) {
      var spec = document.getElementById(div.getAttribute("data-figure"));
      if (!spec) return;
      var fig = JSON.parse(spec.textContent);
      Plotly.newPlot(div, fig.data, fig.layout, {responsive: true, displaylogo: false});
      div.setAttribute("data-drawn", fig.data.length);
    });
  }
  function pollJob() {
    var box = document.getElementById("job");
    if (!box) return;
    var id = box.getAttribute("data-job");
    var bar = document.getElementById("job-progress");
    var text = document.getElementById("job-text");
    function tick() {
      fetch("/api/jobs/" + encodeURIComponent(id), {cache: "no-store"})
        .then(function (r) { return r.json(); })
        .then(function (s) {
          if (s.status === "done") { window.location.reload(); return; }
          if (s.status === "error" || s.error) {
            var e = document.getElementById("job-error");
            e.textContent = box.getAttribute("data-failed") + " " + (s.error || "");
            e.hidden = false;
            return;
          }
          bar.value = s.fraction || 0;
          text.textContent = s.total ? (s.done + " / " + s.total + " · " + s.seconds + " s") : (s.seconds + " s");
          setTimeout(tick, 500);
        })
        .catch(function () { setTimeout(tick, 1500); });
    }
    tick();
  }
  document.addEventListener("DOMContentLoaded", function () {
    drawCharts();
    pollJob();
  });
})();
