// Insights page: weekly trend charts (Chart.js) and the range switch.
// Data comes from the json_script element "insights-chart-data"; without
// JavaScript the range buttons submit ?range=... and the tables still work.
(function () {
  "use strict";
  const source = document.getElementById("insights-chart-data");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  const data = JSON.parse(source.textContent);
  // The weekly means come as whole hundredths (data.scale): back to the means the tables show.
  Object.keys(data.labels).forEach(function (column) {
    data[column] = data[column].map(function (value) { return value === null ? null : value / data.scale; });
  });
  const COLOURS = {
    mood: "#2f6f5e",
    fiber_g: "#c2410c",
    probiotic_servings: "#7c3aed",
    sleep_hours: "#2563eb",
    exercise_minutes: "#c2410c",
    mindfulness_minutes: "#7c3aed",
    stress: "#b91c1c",
    bloating: "#b45309",
    abdominal_pain: "#be185d",
  };
  // Lighter tones on a dark background, for contrast.
  const DARK_COLOURS = {
    mood: "#5fc4a2",
    fiber_g: "#fb923c",
    probiotic_servings: "#a78bfa",
    sleep_hours: "#60a5fa",
    exercise_minutes: "#fb923c",
    mindfulness_minutes: "#a78bfa",
    stress: "#f87171",
    bloating: "#fbbf24",
    abdominal_pain: "#f472b6",
  };
  const DASHES = { probiotic_servings: [6, 4], mindfulness_minutes: [6, 4], abdominal_pain: [6, 4] };
  const charts = [];
  let rangeKey = data.range;

  function visible() {
    const total = data.weeks.length;
    const weeks = data.ranges[rangeKey];
    const start = weeks === null || weeks === undefined ? 0 : Math.max(total - weeks, 0);
    return { start: start, end: total };
  }

  function shortDate(iso) {
    const parts = iso.split("-").map(Number);
    const day = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
    return day.toLocaleDateString(document.documentElement.lang || undefined, {
      day: "numeric", month: "short", timeZone: "UTC",
    });
  }

  function textColour() {
    return getComputedStyle(document.body).getPropertyValue("color") || "#212529";
  }

  function isDark() {
    return document.documentElement.getAttribute("data-bs-theme") === "dark";
  }

  function gridColour() {
    return isDark() ? "rgba(255,255,255,0.12)" : "rgba(0,0,0,0.08)";
  }

  function label(column) {
    return data.labels[column].charAt(0).toUpperCase() + data.labels[column].slice(1);
  }

  // Mood on the left (1-5); factors on the right, one axis per unit.
  function axesFor(factors) {
    const scales = {
      x: { ticks: { maxTicksLimit: 6, maxRotation: 0, autoSkip: true }, grid: { display: false } },
      y: {
        position: "left", min: 1, max: 5, ticks: { stepSize: 1 },
        title: { display: true, text: label("mood") }, grid: { color: gridColour() },
      },
    };
    const axisOfUnit = {};
    factors.forEach(function (column) {
      const unit = data.units[column];
      if (!(unit in axisOfUnit)) {
        const id = "y" + (Object.keys(axisOfUnit).length + 1);
        axisOfUnit[unit] = id;
        scales[id] = {
          position: "right", beginAtZero: true, grid: { display: false },
          title: { display: true, text: unit },
        };
        const bounds = data.bounds[column];
        if (bounds) {
          scales[id].min = bounds[0];
          scales[id].max = bounds[1];
          scales[id].ticks = { stepSize: 1 };
        }
      }
    });
    return { scales: scales, axisOfUnit: axisOfUnit };
  }

  // A partial week (fewer than 4 days logged) is a hollow point, reached by a dotted line.
  function partial(range, index) {
    return Boolean(data.partial && data.partial[range.start + index]);
  }

  function datasets(factors, axisOfUnit, range) {
    return ["mood"].concat(factors).map(function (column) {
      const colour = (isDark() ? DARK_COLOURS : COLOURS)[column] || "#6c757d";
      const solid = DASHES[column] || [];
      return {
        label: label(column),
        data: data[column].slice(range.start, range.end),
        yAxisID: column === "mood" ? "y" : axisOfUnit[data.units[column]],
        borderColor: colour,
        backgroundColor: colour,
        borderWidth: column === "mood" ? 3 : 2,
        borderDash: solid,
        pointRadius: function (context) { return partial(range, context.dataIndex) ? 3 : 2; },
        pointBackgroundColor: function (context) {
          return partial(range, context.dataIndex) ? "transparent" : colour;
        },
        segment: {
          borderDash: function (context) {
            return partial(range, context.p0DataIndex) || partial(range, context.p1DataIndex) ? [2, 3] : solid;
          },
        },
        spanGaps: true,
        cubicInterpolationMode: "monotone",
      };
    });
  }

  // A factor never logged gets neither a line nor an axis (its summary says "not logged").
  function logged(column) {
    return data[column].some(function (value) { return value !== null; });
  }

  function build(canvas) {
    const factors = data.groups[canvas.dataset.group].filter(logged);
    const range = visible();
    const axes = axesFor(factors);
    const chart = new window.Chart(canvas, {
      type: "line",
      data: { labels: data.weeks.slice(range.start, range.end).map(shortDate), datasets: datasets(factors, axes.axisOfUnit, range) },
      options: {
        animation: false,
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        scales: axes.scales,
        plugins: { legend: { position: "bottom", labels: { boxWidth: 14, boxHeight: 3 } } },
      },
    });
    chart.$factors = factors;
    chart.$axisOfUnit = axes.axisOfUnit;
    charts.push(chart);
  }

  function cell(tag, text, scope) {
    const node = document.createElement(tag);
    if (scope) {
      node.scope = scope;
    }
    node.textContent = text === null || text === undefined ? "–" : String(text);
    return node;
  }

  // A weekly mean as the server's table writes it: a whole number keeps its ".0" (4.0, not 4).
  function mean(value) {
    if (value === null || value === undefined) {
      return value;
    }
    return Number.isInteger(value) ? value.toFixed(1) : String(value);
  }

  function fillTable(body) {
    const columns = ["mood"].concat(data.groups[body.dataset.tableFor]);  // the table keeps every column
    const range = visible();
    const rows = [];
    for (let i = range.end - 1; i >= range.start; i -= 1) {
      const row = document.createElement("tr");
      row.appendChild(cell("th", data.weeks[i], "row"));
      const days = data.days_logged[i];
      row.appendChild(cell("td", data.partial && data.partial[i] ? data.partial_days[String(days)] : days));
      columns.forEach(function (column) { row.appendChild(cell("td", mean(data[column][i]))); });
      rows.push(row);
    }
    body.replaceChildren.apply(body, rows);
  }

  function showRange(key) {
    rangeKey = key;
    const range = visible();
    charts.forEach(function (chart) {
      chart.data.labels = data.weeks.slice(range.start, range.end).map(shortDate);
      chart.data.datasets = datasets(chart.$factors, chart.$axisOfUnit, range);
      chart.update();
    });
    document.querySelectorAll("[data-table-for]").forEach(fillTable);
    document.querySelectorAll("[data-summary-for]").forEach(function (node) {
      const text = data.summaries[key][node.dataset.summaryFor];
      node.textContent = text;
      const canvas = document.getElementById("chart-" + node.dataset.summaryFor);
      if (canvas) {
        canvas.setAttribute("aria-label", text);
      }
    });
    document.querySelectorAll(".range-switch button").forEach(function (button) {
      button.setAttribute("aria-pressed", button.value === key ? "true" : "false");
    });
    const url = new URL(window.location.href);
    url.searchParams.set("range", key);
    window.history.replaceState(null, "", url);
  }

  window.Chart.defaults.color = textColour();
  window.Chart.defaults.font.size = 12;
  document.querySelectorAll("canvas[data-group]").forEach(build);
  document.querySelectorAll(".range-switch").forEach(function (form) {
    form.addEventListener("click", function (event) {
      const button = event.target.closest("button[name=range]");
      if (button) {
        event.preventDefault();
        showRange(button.value);
      }
    });
  });
})();
