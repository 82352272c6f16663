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

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var spec = charts[canvas.getAttribute("data-chart")];
    if (!spec) {
      return;
    }
    var box = canvas.parentElement;
    var rows = spec.labels.length;
    var series = spec.datasets.length;
    if (spec.horizontal) {
      box.style.height = Math.max(8, 2 + rows * (1 + series) * 0.9) + "rem";
    }
    var valueAxis = {
      beginAtZero: true,
      ticks: {
        callback: function (value) {
          return numberFormat.format(value) + (spec.unit ? " " + spec.unit : "");
        }
      }
    };
    if (spec.max !== null) {
      valueAxis.max = spec.max;
    } else {
      valueAxis.ticks.precision = 0;
    }
    var scales = spec.horizontal ? { x: valueAxis } : { y: valueAxis };
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (dataset, index) {
          return {
            label: dataset.label,
            data: dataset.data,
            backgroundColor: colours[index % colours.length]
          };
        })
      },
      options: {
        indexAxis: spec.horizontal ? "y" : "x",
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
                return context.dataset.label + ": " + numberFormat.format(context.raw) +
                  (spec.unit ? " " + spec.unit : "");
              }
            }
          }
        }
      }
    });
  });
})();
