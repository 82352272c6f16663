/* Draws the results dashboard's charts with Chart.js from the data in the
   #results-charts JSON element (json_script: no inline script). Each chart has
   the same numbers as the table right below it. */
(function () {
  "use strict";
  var source = document.getElementById("results-charts");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var charts = JSON.parse(source.textContent);
  var colours = ["#1d4e89", "#d9822b", "#4a7c59"];
  var numberFormat = new Intl.NumberFormat(document.documentElement.lang || "da");
  // On a narrow screen every chart has horizontal bars with its labels wrapped
  // over several lines, so that long labels fit beside the bars. The choice
  // follows the width: a window resized or a phone turned across the breakpoint
  // redraws the charts (the media query's change event fires only when the
  // breakpoint is crossed, so a resize costs nothing until then).
  var query = window.matchMedia ? window.matchMedia("(max-width: 40rem)") : null;
  var LINE = 18; // characters per label line on a phone

  function wrap(label) {
    var lines = [];
    String(label).split(/\s+/).forEach(function (word) {
      var last = lines.length - 1;
      if (last >= 0 && (lines[last] + " " + word).length <= LINE) {
        lines[last] += " " + word;
      } else {
        lines.push(word);
      }
    });
    return lines.length > 1 ? lines : lines[0] || "";
  }

  function withUnit(value, unit) {
    // A no-break space: the number and its unit never part.
    return numberFormat.format(value) + (unit ? "\u00a0" + unit : "");
  }

  function draw(canvas, spec, narrow) {
    var box = canvas.parentElement;
    var rows = spec.labels.length;
    var series = spec.datasets.length;
    var horizontal = spec.horizontal || narrow;
    var labels = narrow ? spec.labels.map(wrap) : spec.labels;
    var lines = labels.reduce(function (most, label) {
      return Math.max(most, Array.isArray(label) ? label.length : 1);
    }, 1);
    // Horizontal bars take the height their rows need; vertical ones the
    // stylesheet's.
    box.style.height = horizontal
      ? Math.max(8, 2 + rows * Math.max(1 + series, lines * 1.4) * 0.9) + "rem"
      : "";
    var valueAxis = {
      beginAtZero: true,
      ticks: {
        callback: function (value) {
          return withUnit(value, spec.unit);
        }
      }
    };
    if (spec.max !== null) {
      valueAxis.max = spec.max;
    } else {
      valueAxis.ticks.precision = 0;
    }
    // Every label is shown (none skipped for lack of room).
    var labelAxis = { ticks: { autoSkip: false } };
    var scales = horizontal ? { x: valueAxis, y: labelAxis } : { y: valueAxis, x: labelAxis };
    return new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: labels,
        datasets: spec.datasets.map(function (dataset, index) {
          return {
            label: dataset.label,
            data: dataset.data,
            backgroundColor: colours[index % colours.length]
          };
        })
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        maintainAspectRatio: false,
        animation: false,
        scales: scales,
        plugins: {
          legend: { display: series > 1 },
          tooltip: {
            callbacks: {
              label: function (context) {
                if (context.raw === null) {
                  return context.dataset.label + ": –";
                }
                return context.dataset.label + ": " + withUnit(context.raw, spec.unit);
              }
            }
          }
        }
      }
    });
  }

  var drawn = [];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var spec = charts[canvas.getAttribute("data-chart")];
    if (spec) {
      drawn.push({ canvas: canvas, spec: spec, chart: null });
    }
  });

  function drawAll() {
    var narrow = Boolean(query && query.matches);
    drawn.forEach(function (item) {
      if (item.chart) {
        item.chart.destroy();
      }
      item.chart = draw(item.canvas, item.spec, narrow);
      var bars = item.chart.options.indexAxis === "y" ? "horizontal" : "vertical";
      item.canvas.setAttribute("data-bars", bars);
    });
  }

  drawAll();
  if (query && query.addEventListener) {
    query.addEventListener("change", drawAll);
  }
})();
