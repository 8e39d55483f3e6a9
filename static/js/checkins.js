// Check-ins: bring the help message into focus first, and draw scores beside weekly mood (Chart.js).
// The chart's data comes from the json_script element "checkins-chart-data"; the table works without it.
(function () {
  "use strict";

  function focusSafetyMessage() {
    const message = document.querySelector("[data-focus-first]");
    if (message) {
      message.focus({ preventScroll: true });
      window.scrollTo(0, 0);
    }
  }

  const COLOURS = { phq9: "#b91c1c", gad7: "#7c3aed", mood: "#2f6f5e" };
  const DARK_COLOURS = { phq9: "#f87171", gad7: "#a78bfa", mood: "#5fc4a2" };

  function isDark() {
    return document.documentElement.getAttribute("data-bs-theme") === "dark";
  }

  function shortDate(iso) {
    const parts = iso.split("-").map(Number);
    const day = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
    return day.toLocaleDateString(document.documentElement.lang || undefined, {
      day: "numeric", month: "short", timeZone: "UTC",
    });
  }

  function dataset(data, key, narrow) {
    const colour = (isDark() ? DARK_COLOURS : COLOURS)[key];
    const isMood = key === "mood";
    return {
      label: data.labels[key],
      data: data[key],
      yAxisID: isMood ? "mood" : "score",
      borderColor: colour,
      backgroundColor: colour,
      borderWidth: isMood ? 2 : 3,
      borderDash: isMood ? [6, 4] : [],
      pointRadius: isMood ? 0 : (narrow ? 2 : 4),
      pointHoverRadius: 5,
      spanGaps: true,
    };
  }

  function drawChart() {
    const source = document.getElementById("checkins-chart-data");
    const canvas = document.getElementById("checkins-chart");
    if (!source || !canvas || typeof window.Chart === "undefined") {
      return;
    }
    const data = JSON.parse(source.textContent);
    const keys = ["phq9", "gad7", "mood"].filter(function (key) {
      return data[key].some(function (value) { return value !== null; });
    });
    const grid = isDark() ? "rgba(255,255,255,0.12)" : "rgba(0,0,0,0.08)";
    window.Chart.defaults.color = getComputedStyle(document.body).getPropertyValue("color") || "#212529";
    window.Chart.defaults.font.size = 12;
    new window.Chart(canvas, {
      type: "line",
      data: { labels: data.weeks.map(shortDate), datasets: keys.map(function (key) { return dataset(data, key, canvas.clientWidth < 600); }) },
      options: {
        animation: false,
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        scales: {
          x: { ticks: { maxTicksLimit: 6, maxRotation: 0, autoSkip: true }, grid: { display: false } },
          score: {
            position: "left", min: 0, max: 27, ticks: { stepSize: 5, includeBounds: false },
            title: { display: true, text: data.score_axis }, grid: { color: grid },
          },
          mood: {
            position: "right", min: 1, max: 5, ticks: { stepSize: 1 },
            title: { display: true, text: data.mood_axis }, grid: { display: false },
          },
        },
        plugins: { legend: { position: "bottom", labels: { boxWidth: 14, boxHeight: 3 } } },
      },
    });
  }

  function start() {
    focusSafetyMessage();
    drawChart();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
