// The day page, made fast: a type-to-filter food picker per meal, servings +/-,
// check-ins and meals added without a reload, and the day's fiber and probiotic
// servings added up as you go. The page works without this file.
(function () {
  "use strict";
  const form = document.querySelector("[data-day-form]");
  if (!form) return;
  document.documentElement.classList.add("js");

  const readJSON = (id) => JSON.parse(document.getElementById(id).textContent);
  const foods = readJSON("foods-data");
  const recentIds = readJSON("recent-foods");
  const foodById = new Map(foods.map((f) => [String(f.id), f]));
  const recentRank = new Map(recentIds.map((id, i) => [String(id), i]));
  const MAX_RESULTS = 12;

  const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  foods.forEach((f) => { f.key = fold(f.name); });
  const round1 = (n) => Math.round(n * 10) / 10;
  // Numbers and the picker's words follow the page's language (the strings are translated in day.html).
  const numberFormat = new Intl.NumberFormat(document.documentElement.lang || undefined, { maximumFractionDigits: 1 });
  const fmt = (n) => numberFormat.format(round1(n));
  const text = form.dataset;
  const number = (input) => {
    const value = parseFloat(input && input.value);
    return Number.isFinite(value) ? value : 0;
  };

  // ---- totals ----------------------------------------------------------
  function updateTotals() {
    let fiber = number(form.elements.namedItem("fiber_g"));
    let probiotic = number(form.elements.namedItem("probiotic_servings"));
    form.querySelectorAll("[data-meal]").forEach((meal) => {
      const removed = meal.querySelector('input[name$="-DELETE"]');
      if (removed && removed.checked) return;
      meal.querySelectorAll("[data-item]").forEach((row) => {
        const food = foodById.get(row.querySelector("select").value);
        if (!food) return;
        const servings = number(row.querySelector('input[name$="-servings"]'));
        fiber += servings * food.fiber_g;
        if (food.tags.includes("probiotic")) probiotic += servings;
      });
    });
    form.querySelector('[data-total="fiber"]').textContent = fmt(fiber);
    form.querySelector('[data-total="probiotic"]').textContent = fmt(probiotic);
  }

  // ---- food rows -------------------------------------------------------
  function showRow(row) {
    const food = foodById.get(row.querySelector("select").value);
    const name = row.querySelector("[data-item-name]");
    if (!food) {
      row.setAttribute("data-blank-row", "");
      name.textContent = "";
      return;
    }
    row.removeAttribute("data-blank-row");
    name.textContent = food.name + " ";
    const detail = document.createElement("span");
    detail.className = "item-fiber";
    detail.textContent = `${food.serving} · ${fmt(food.fiber_g)} ${text.textFiber}`;
    name.appendChild(detail);
  }

  function newRow(meal) {
    const total = meal.querySelector('input[name$="-items-TOTAL_FORMS"]');
    const index = parseInt(total.value, 10) || 0;
    const mealIndex = meal.dataset.prefix.split("-").pop();
    const html = document.getElementById("item-template").innerHTML
      .replaceAll("__meal__", mealIndex).replaceAll("__prefix__", String(index));
    meal.querySelector("[data-items]").insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    return meal.querySelector("[data-items]").lastElementChild;
  }

  function addFood(meal, food) {
    const rows = [...meal.querySelectorAll("[data-item]")];
    const same = rows.find((r) => r.querySelector("select").value === String(food.id));
    if (same) {
      step(same, 1);
      return;
    }
    const row = rows.find((r) => r.querySelector("select").value === "") || newRow(meal);
    row.querySelector("select").value = String(food.id);
    row.querySelector('input[name$="-servings"]').value = "1";
    showRow(row);
    updateTotals();
  }

  function step(row, delta) {
    const input = row.querySelector('input[name$="-servings"]');
    const next = Math.min(20, Math.max(0.5, round1((parseFloat(input.value) || 1) + delta)));
    input.value = String(next);
    updateTotals();
  }

  function removeRow(row) {
    row.querySelector("select").value = "";
    row.querySelector('input[name$="-servings"]').value = "";
    showRow(row);
    updateTotals();
  }

  // ---- picker ----------------------------------------------------------
  function matches(query) {
    const q = fold(query.trim());
    const rank = (f) => (recentRank.has(String(f.id)) ? recentRank.get(String(f.id)) : 1000);
    if (!q) {
      return recentIds.map((id) => foodById.get(String(id))).filter(Boolean).slice(0, MAX_RESULTS);
    }
    const hits = foods.filter((f) => f.key.includes(q));
    hits.sort((a, b) => rank(a) - rank(b) || (b.key.startsWith(q) - a.key.startsWith(q)) || a.key.localeCompare(b.key));
    return hits.slice(0, MAX_RESULTS);
  }

  function chip(food) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "food-chip";
    button.dataset.foodId = String(food.id);
    button.textContent = food.name;
    const small = document.createElement("small");
    const tags = food.tags.includes("probiotic") ? ` · ${text.textProbiotic}` : "";
    small.textContent = `${food.serving} · ${fmt(food.fiber_g)} ${text.textFiber}${tags}`;
    button.appendChild(small);
    return button;
  }

  function renderResults(picker) {
    const input = picker.querySelector("[data-picker-input]");
    const results = picker.querySelector("[data-picker-results]");
    const found = matches(input.value);
    results.replaceChildren();
    if (input.value.trim() && !found.length) {
      const none = document.createElement("p");
      none.className = "picker-hint";
      none.textContent = text.textNoMatch;
      results.appendChild(none);
      return;
    }
    if (!input.value.trim() && found.length) {
      const hint = document.createElement("p");
      hint.className = "picker-hint";
      hint.textContent = text.textRecent;
      results.appendChild(hint);
    }
    found.forEach((food) => results.appendChild(chip(food)));
  }

  function setUpMeal(meal) {
    meal.querySelectorAll("[data-item]").forEach(showRow);
    const picker = meal.querySelector("[data-picker]");
    if (picker) renderResults(picker);
  }

  // ---- adding check-ins and meals ---------------------------------------
  function addForm(kind) {
    const container = form.querySelector(`[data-rows="${kind}"]`);
    const hidden = container.querySelector("[data-extra]");
    if (hidden) {
      hidden.removeAttribute("data-extra");
      return hidden;
    }
    const total = form.querySelector(`input[name="${kind}-TOTAL_FORMS"]`);
    const index = parseInt(total.value, 10) || 0;
    const template = kind === "checkins" ? "checkin-template" : "meal-template";
    const html = document.getElementById(template).innerHTML.replaceAll("__prefix__", String(index));
    container.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    const added = container.lastElementChild;
    const time = added.querySelector('input[type="time"]');
    if (time && kind === "checkins") {
      const now = new Date();
      time.value = `${String(now.getHours()).padStart(2, "0")}:${String(now.getMinutes()).padStart(2, "0")}`;
    }
    if (kind === "meals") setUpMeal(added);
    return added;
  }

  // ---- events (one listener each, delegated) -----------------------------
  form.addEventListener("click", (event) => {
    const target = event.target.closest("button");
    if (!target) return;
    const row = target.closest("[data-item]");
    if (target.dataset.foodId) {
      const meal = target.closest("[data-meal]");
      addFood(meal, foodById.get(target.dataset.foodId));
      const input = meal.querySelector("[data-picker-input]");
      input.value = "";
      renderResults(meal.querySelector("[data-picker]"));
    } else if (target.dataset.step && row) {
      step(row, parseFloat(target.dataset.step));
    } else if (target.hasAttribute("data-remove") && row) {
      removeRow(row);
    } else if (target.dataset.add) {
      const added = addForm(target.dataset.add);
      const first = added.querySelector("input:not([type=hidden]), select");
      if (first) first.focus();
    }
  });
  form.addEventListener("input", (event) => {
    const picker = event.target.closest("[data-picker]");
    if (picker) renderResults(picker);
    else updateTotals();
  });
  form.addEventListener("change", updateTotals);
  form.addEventListener("keydown", (event) => {
    // Enter in the picker adds the first match instead of submitting the day.
    if (event.key !== "Enter" || !event.target.matches("[data-picker-input]")) return;
    event.preventDefault();
    const first = event.target.closest("[data-picker]").querySelector("[data-food-id]");
    if (first) first.click();
  });

  form.querySelectorAll("[data-meal]").forEach(setUpMeal);
  updateTotals();
})();

// "Same as yesterday": fill sleep, movement, water and stress in place, keeping what was typed.
(function () {
  "use strict";
  const link = document.querySelector("[data-copy-previous]");
  const data = document.getElementById("previous-day");
  if (!link || !data) return;
  const previous = JSON.parse(data.textContent);
  link.addEventListener("click", (event) => {
    event.preventDefault();
    Object.entries(previous.fields).forEach(([name, value]) => {
      document.querySelectorAll(`[name="${name}"]`).forEach((input) => {
        if (input.type === "radio") {
          input.checked = input.value === value;
        } else {
          input.value = value;
        }
        input.dispatchEvent(new Event("change", { bubbles: true }));
      });
    });
    const status = document.querySelector("[data-copy-status]");
    if (status) status.textContent = status.dataset.copiedText;
    link.remove();
  });
})();
