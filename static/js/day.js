// The day page, made fast: one food picker (favourite meals, favourite and recent foods, type to filter) that
// moves to the meal being filled, "same as last time" in place, servings +/-, check-ins and meals added without
// a reload, meal times that follow the meal's type, and the day's fiber and probiotic servings added up as you go.
// The food list comes once from foods.json (cached by the browser per version). The page works without this file.
(function () {
  "use strict";
  const form = document.querySelector("[data-day-form]");
  if (!form) return;
  document.documentElement.classList.add("js");

  const text = form.dataset;
  const data = JSON.parse(document.getElementById("picker-data").textContent);
  const favourites = new Set(data.favourites.map(String));
  let favouriteMeals = data.favourite_meals;
  let foods = [];
  const foodById = new Map();
  const foodByName = new Map();
  const MAX_RESULTS = 12;

  const fold = (value) => value.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim().replace(/\s+/g, " ");
  const round1 = (n) => Math.round(n * 10) / 10;
  const numberFormat = new Intl.NumberFormat(document.documentElement.lang || undefined, { maximumFractionDigits: 1 });
  const plural = new Intl.PluralRules(document.documentElement.lang || undefined);
  const fmt = (n) => numberFormat.format(round1(n));
  const number = (input) => {
    const value = parseFloat(input && input.value);
    return Number.isFinite(value) ? value : 0;
  };
  const foodInput = (row) => row.querySelector('input[name$="-food"]');
  const servingsInput = (row) => row.querySelector('input[name$="-servings"]');
  const foodOf = (row) => {
    const value = foodInput(row).value;
    return foodById.get(value) || foodByName.get(fold(value));
  };

  // ---- totals ----------------------------------------------------------
  function updateTotals() {
    let fiber = number(form.elements.namedItem("fiber_g"));
    let probiotic = number(form.elements.namedItem("probiotic_servings"));
    form.querySelectorAll("[data-meal]").forEach((meal) => {
      const removed = meal.querySelector('input[name$="-DELETE"]');
      if (removed && removed.checked) return;
      meal.querySelectorAll("[data-item]").forEach((row) => {
        const food = foodOf(row);
        if (!food) return;
        const servings = number(servingsInput(row)) || 1;
        fiber += servings * food.fiber_g;
        if (food.tags.includes("probiotic")) probiotic += servings;
      });
    });
    form.querySelector('[data-total="fiber"]').textContent = fmt(fiber);
    form.querySelector('[data-total="probiotic"]').textContent = fmt(probiotic);
    const one = Number.isInteger(probiotic) && plural.select(probiotic) === "one";
    form.querySelector("[data-total-word]").textContent = one ? text.textServing : text.textServings;
  }

  // ---- food rows -------------------------------------------------------
  function button(label, words, attribute, value, css) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = `btn ${css}`;
    b.setAttribute(attribute, value);
    b.setAttribute("aria-label", words);
    b.textContent = label;
    return b;
  }

  // The servings −, + and remove buttons exist only with JavaScript, so the page does not carry them.
  function decorateRow(row) {
    const servings = row.querySelector(".item-servings");
    if (servings.querySelector("[data-step]")) return;
    const input = servingsInput(row);
    input.before(button("−", text.textFewer, "data-step", "-0.5", "btn-outline-secondary"));
    input.after(
      button("+", text.textMore, "data-step", "0.5", "btn-outline-secondary"),
      button("×", text.textRemoveFood, "data-remove", "", "btn-outline-danger"),
    );
  }

  function showRow(row) {
    decorateRow(row);
    const value = foodInput(row).value.trim();
    const food = foodOf(row);
    const name = row.querySelector("[data-item-name]");
    if (!value) {
      row.setAttribute("data-blank-row", "");
      name.textContent = "";
      return;
    }
    row.removeAttribute("data-blank-row");
    name.textContent = (food ? food.name : value) + " ";
    if (!food) return;
    const detail = document.createElement("span");
    detail.className = "item-fiber";
    detail.textContent = `${food.serving} · ${fmt(food.fiber_g)} ${text.textFiber}`;
    name.appendChild(detail);
  }

  function newRow(meal) {
    const total = meal.querySelector('input[name$="-items-TOTAL_FORMS"]');
    const index = parseInt(total.value, 10) || 0;
    const mealIndex = meal.dataset.prefix.split("-").pop();
    const html = templates.get("item-template")
      .replaceAll("__meal__", mealIndex).replaceAll("__prefix__", String(index));
    meal.querySelector("[data-items]").insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    return meal.querySelector("[data-items]").lastElementChild;
  }

  function addFood(meal, food, servings) {
    const rows = [...meal.querySelectorAll("[data-item]")];
    const same = rows.find((r) => foodOf(r) === food);
    if (same) {
      if (servings) servingsInput(same).value = String(servings);
      else step(same, 1);
      return;
    }
    const row = rows.find((r) => !foodInput(r).value.trim()) || newRow(meal);
    foodInput(row).value = food.name;
    servingsInput(row).value = String(servings || 1);
    showRow(row);
    updateTotals();
  }

  function step(row, delta) {
    const input = servingsInput(row);
    const next = Math.min(20, Math.max(0.5, round1((parseFloat(input.value) || 1) + delta)));
    input.value = String(next);
    updateTotals();
  }

  function removeRow(row) {
    foodInput(row).value = "";
    servingsInput(row).value = "";
    showRow(row);
    updateTotals();
  }

  // ---- meals: type, time, same as last time -------------------------------
  const mealType = (meal) => meal.querySelector('select[name$="-meal_type"]').value;

  function updateRepeat(meal) {
    const button = meal.querySelector("[data-repeat]");
    const last = data.last_meals[mealType(meal)] || [];
    button.hidden = last.length === 0;
    if (!foods.length) return;
    const names = last.map((item) => (foodById.get(String(item.food)) || {}).name).filter(Boolean);
    button.querySelector("[data-repeat-names]").textContent = names.join(", ");
  }

  function repeatLast(meal) {
    const last = data.last_meals[mealType(meal)] || [];
    meal.querySelectorAll("[data-item]").forEach(removeRow);
    last.forEach((item) => {
      const food = foodById.get(String(item.food));
      if (food) addFood(meal, food, parseFloat(item.servings));
    });
  }

  function typeChanged(meal, select) {
    const time = meal.querySelector('input[name$="-time"]');
    const before = select.dataset.was;
    if (time && (!time.value || time.value === data.meal_times[before])) {
      time.value = data.meal_times[select.value] || "";
    }
    select.dataset.was = select.value;
    updateRepeat(meal);
  }

  function setUpMeal(meal) {
    meal.querySelectorAll("[data-item]").forEach(showRow);
    const select = meal.querySelector('select[name$="-meal_type"]');
    select.dataset.was = select.value;
    updateRepeat(meal);
  }

  // ---- the one picker ---------------------------------------------------
  const picker = form.querySelector("[data-picker]");
  const pickerInput = picker.querySelector("[data-picker-input]");
  const results = picker.querySelector("[data-picker-results]");
  let activeMeal = null;

  function attachPicker(meal) {
    if (activeMeal) activeMeal.classList.remove("meal-active");
    activeMeal = meal;
    meal.classList.add("meal-active");
    meal.querySelector(".meal-actions").before(picker);
    renderResults();
  }

  function matches(query) {
    const q = fold(query);
    const hits = foods.filter((f) => f.key.includes(q));
    const rank = (f) => (favourites.has(String(f.id)) ? 0 : 1);
    hits.sort((a, b) => rank(a) - rank(b) || (b.key.startsWith(q) - a.key.startsWith(q)) || a.key.localeCompare(b.key));
    return hits.slice(0, MAX_RESULTS);
  }

  function hint(words) {
    const p = document.createElement("p");
    p.className = "picker-hint";
    p.textContent = words;
    return p;
  }

  function chip(food) {
    const wrap = document.createElement("span");
    wrap.className = "chip-wrap";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "food-chip";
    button.dataset.foodId = String(food.id);
    button.textContent = food.name;
    const small = document.createElement("small");
    const tags = food.tags.includes("probiotic") ? ` · ${text.textProbiotic}` : "";
    small.textContent = `${food.serving} · ${fmt(food.fiber_g)} ${text.textFiber}${tags}`;
    button.appendChild(small);
    const star = document.createElement("button");
    star.type = "button";
    const starred = favourites.has(String(food.id));
    star.className = "star" + (starred ? " starred" : "");
    star.dataset.star = String(food.id);
    star.setAttribute("aria-pressed", String(starred));
    star.setAttribute("aria-label", `${starred ? text.textUnstar : text.textStar}: ${food.name}`);
    star.textContent = starred ? "★" : "☆";
    wrap.append(button, star);
    return wrap;
  }

  function mealChip(meal) {
    const wrap = document.createElement("span");
    wrap.className = "chip-wrap";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "food-chip meal-chip";
    button.dataset.favouriteMeal = String(meal.id);
    button.textContent = meal.name;
    const forget = document.createElement("button");
    forget.type = "button";
    forget.className = "star";
    forget.dataset.forgetMeal = String(meal.id);
    forget.setAttribute("aria-label", `${text.textForgetMeal}: ${meal.name}`);
    forget.textContent = "×";
    wrap.append(button, forget);
    return wrap;
  }

  function group(title, chips) {
    if (!chips.length) return;
    results.appendChild(hint(title));
    chips.forEach((c) => results.appendChild(c));
  }

  function renderResults() {
    results.replaceChildren();
    const query = pickerInput.value.trim();
    if (query) {
      const found = matches(query);
      if (!found.length) results.appendChild(hint(text.textNoMatch));
      found.forEach((food) => results.appendChild(chip(food)));
      return;
    }
    const byIds = (ids) => ids.map((id) => foodById.get(String(id))).filter(Boolean);
    group(text.textFavouriteMeals, favouriteMeals.map(mealChip));
    group(text.textFavourites, byIds([...favourites]).map(chip));
    const recent = byIds(data.recent).filter((f) => !favourites.has(String(f.id)));
    group(text.textRecent, recent.slice(0, MAX_RESULTS).map(chip));
  }

  function post() {
    const body = new FormData();
    body.append("csrfmiddlewaretoken", form.elements.namedItem("csrfmiddlewaretoken").value);
    return body;
  }

  function toggleStar(id) {
    const starred = !favourites.has(id);
    if (starred) favourites.add(id);
    else favourites.delete(id);
    renderResults();
    const body = post();
    body.append("favourite", starred ? "1" : "0");
    fetch(text.favouriteUrl.replace("/0/", `/${id}/`), { method: "POST", body, credentials: "same-origin" });
  }

  function forgetMeal(id) {
    favouriteMeals = favouriteMeals.filter((m) => String(m.id) !== id);
    renderResults();
    fetch(text.favouriteMealDeleteUrl.replace("/0/", `/${id}/`), { method: "POST", body: post(), credentials: "same-origin" });
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
    const html = templates.get(template).replaceAll("__prefix__", String(index));
    container.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    const added = container.lastElementChild;
    const time = added.querySelector('input[type="time"]');
    if (time && kind === "checkins") time.value = nowTime();
    if (kind === "meals") {
      const select = added.querySelector('select[name$="-meal_type"]');
      select.value = "snack";
      select.dataset.was = "";
      typeChanged(added, select);
      setUpMeal(added);
      attachPicker(added);
    }
    return added;
  }

  // ---- events (one listener each, delegated) -----------------------------
  form.addEventListener("click", (event) => {
    const target = event.target.closest("button");
    if (!target) return;
    const row = target.closest("[data-item]");
    const meal = target.closest("[data-meal]");
    if (target.dataset.foodId && activeMeal) {
      addFood(activeMeal, foodById.get(target.dataset.foodId));
      pickerInput.value = "";
      renderResults();
    } else if (target.dataset.favouriteMeal && activeMeal) {
      const chosen = favouriteMeals.find((m) => String(m.id) === target.dataset.favouriteMeal);
      chosen.items.forEach((item) => {
        const food = foodById.get(String(item.food));
        if (food) addFood(activeMeal, food, parseFloat(item.servings));
      });
    } else if (target.dataset.star) {
      toggleStar(target.dataset.star);
    } else if (target.dataset.forgetMeal) {
      forgetMeal(target.dataset.forgetMeal);
    } else if (target.hasAttribute("data-repeat") && meal && foods.length) {
      event.preventDefault();
      repeatLast(meal);
      attachPicker(meal);
    } else if (target.hasAttribute("data-open-picker") && meal) {
      attachPicker(meal);
      // Focus the filter for a mouse or a keyboard (a click raised by a key has detail 0), not for a finger:
      // on a phone that would pop up the keyboard over the list of favourites and recent foods.
      if (event.detail === 0 || window.matchMedia("(pointer: fine)").matches) pickerInput.focus();
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
    if (event.target === pickerInput) renderResults();
    else updateTotals();
  });
  form.addEventListener("change", (event) => {
    const select = event.target.closest('select[name$="-meal_type"]');
    if (select) typeChanged(select.closest("[data-meal]"), select);
    updateTotals();
  });
  form.addEventListener("keydown", (event) => {
    // Enter in the picker adds the first match instead of submitting the day.
    if (event.key !== "Enter" || event.target !== pickerInput) return;
    event.preventDefault();
    const first = results.querySelector("[data-food-id]");
    if (first) first.click();
  });

  // The blank check-in, meal and food row come apart from the page (the same for everyone, cached).
  const templates = new Map();
  fetch(text.templatesUrl, { credentials: "same-origin" })
    .then((response) => response.text())
    .then((html) => {
      const holder = document.createElement("div");
      holder.innerHTML = html;
      holder.querySelectorAll("template").forEach((t) => templates.set(t.id, t.innerHTML));
      form.classList.add("templates-ready");
    });

  function ready(list) {
    foods = list;
    foods.forEach((f) => {
      f.key = fold(f.name);
      foodById.set(String(f.id), f);
      if (!foodByName.has(f.key) || f.own) foodByName.set(f.key, f);
    });
    form.querySelectorAll("[data-meal]").forEach(setUpMeal);
    renderResults();
    updateTotals();
    form.classList.add("foods-ready");
  }

  // A new check-in starts at the time it is made (the server leaves it blank: the page may come from its cache).
  const nowTime = () => {
    const now = new Date();
    return `${String(now.getHours()).padStart(2, "0")}:${String(now.getMinutes()).padStart(2, "0")}`;
  };
  if (form.dataset.today !== undefined) {
    form.querySelectorAll("[data-rows=checkins] [data-row]:not([data-saved]) input[type=time]").forEach((time) => {
      if (!time.value) time.value = nowTime();
    });
  }
  form.querySelectorAll("[data-meal]").forEach(setUpMeal);
  const first = [...form.querySelectorAll("[data-meal]")].find((m) => !m.querySelector("[data-item]:not([data-blank-row])"));
  attachPicker(first || form.querySelector("[data-meal]"));
  fetch(text.foodsUrl, { credentials: "same-origin" })
    .then((response) => response.json())
    .then((catalogue) => ready(catalogue.concat(data.own_foods || [])))
    .catch(() => form.classList.add("foods-failed"));
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

// The date picker goes to the day as soon as a whole date is chosen.
(function () {
  "use strict";
  const jump = document.querySelector("[data-date-jump]");
  if (!jump) return;
  const input = jump.querySelector("input[type=date]");
  input.addEventListener("change", () => {
    if (input.value && input.value !== input.defaultValue && input.checkValidity()) jump.requestSubmit();
  });
})();
