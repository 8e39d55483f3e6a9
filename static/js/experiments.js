// Experiment result: the outcome per day across both phases (Chart.js), washout marked,
// with the two phase means as flat lines. Data from the json_script "experiment-chart-data";
// the page's table and text summary say the same without JavaScript.
(function () {
  "use strict";
  const source = document.getElementById("experiment-chart-data");
  const canvas = document.getElementById("experiment-chart");
  if (!source || !canvas || typeof window.Chart === "undefined") {
    return;
  }
  const data = JSON.parse(source.textContent);
  const dark = document.documentElement.getAttribute("data-bs-theme") === "dark";
  const colours = dark
    ? { baseline: "#9ca3af", washout: "#fbbf24", change: "#5fc4a2" }
    : { baseline: "#6b7280", washout: "#b45309", change: "#2f6f5e" };

  function shortDate(iso) {
    const parts = iso.split("-").map(Number);
    const day = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
    return day.toLocaleDateString(document.documentElement.lang || undefined, {
      day: "numeric", month: "short", timeZone: "UTC",
    });
  }

  function only(phase) {
    return data.values.map(function (value, i) { return data.phases[i] === phase ? value : null; });
  }

  function meanLine(phase, mean) {
    return data.values.map(function (_value, i) { return data.phases[i] === phase && mean !== null ? mean : null; });
  }

  function points(phase, style) {
    return Object.assign({
      label: data.labels[phase], data: only(phase), borderColor: colours[phase], backgroundColor: colours[phase],
      showLine: false, pointRadius: 4, clip: 8,  // points on the scale's ends are drawn whole
    }, style || {});
  }

  function mean(phase, key) {
    return {
      label: data.labels[key], data: meanLine(phase, data[key]), borderColor: colours[phase],
      borderWidth: 2, borderDash: [6, 4], pointRadius: 0, spanGaps: true,
    };
  }

  const datasets = [
    points("baseline"),
    points("washout", { pointStyle: "triangle", pointRadius: 5 }),
    points("change", { pointStyle: "rectRot", pointRadius: 5 }),
  ];
  if (data.baseline_mean !== null) {
    datasets.push(mean("baseline", "baseline_mean"), mean("change", "change_mean"));
  }
  window.Chart.defaults.color = getComputedStyle(document.body).getPropertyValue("color") || "#212529";
  window.Chart.defaults.font.size = 12;
  new window.Chart(canvas, {
    type: "line",
    data: { labels: data.dates.map(shortDate), datasets: datasets },
    options: {
      animation: false,
      maintainAspectRatio: false,
      layout: { padding: { top: 8, right: 8 } },
      interaction: { mode: "index", intersect: false },
      scales: {
        x: { ticks: { maxTicksLimit: 7, maxRotation: 0, autoSkip: true }, grid: { display: false } },
        y: {
          min: data.min, max: data.max, ticks: { stepSize: 1 },
          title: { display: true, text: data.labels.outcome },
          grid: { color: dark ? "rgba(255,255,255,0.12)" : "rgba(0,0,0,0.08)" },
        },
      },
      plugins: { legend: { position: "bottom", labels: { boxWidth: 14, boxHeight: 6 } } },
    },
  });
})();
