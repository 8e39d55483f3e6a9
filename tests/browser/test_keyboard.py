"""A whole day logged with the keyboard alone: Tab, Shift+Tab, arrow keys, typing and Enter, never the mouse.

Each step moves focus with Tab (or Shift+Tab) until the wanted control has it, as a keyboard user would, and
checks that the focused control shows a visible focus indicator (an outline or a box-shadow; for the visually
hidden radio inputs of the scales, on the label drawn as the button).
"""

import datetime as dt

import pytest

from journal.models import JournalDay, MealItem
from tests.browser.catalogue import BREAKFAST, DINNER, LUNCH, catalogue_foods
from tests.factories import FoodFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

MAX_TABS = 150

FOCUS_SHOWN_JS = """() => {
  let el = document.activeElement;
  if (el && el.matches(".btn-check") && el.labels && el.labels.length) el = el.labels[0];
  if (!el || el === document.body) return false;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return outline || (style.boxShadow && style.boxShadow !== "none");
}"""


def _focused_matches(page, selector: str, text: str) -> bool:
    return page.evaluate(
        "([s, t]) => !!document.activeElement && document.activeElement.matches(s)"
        " && document.activeElement.textContent.includes(t)",
        [selector, text],
    )


def _tab_to(page, selector: str, backwards: bool = False, text: str = "") -> None:
    """Presses Tab (or Shift+Tab) until the focused element matches `selector` (and holds `text`)."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        assert page.evaluate(FOCUS_SHOWN_JS), f"no visible focus on {page.evaluate('document.activeElement.outerHTML')}"
        if _focused_matches(page, selector, text):
            return
    raise AssertionError(f"{selector} cannot be reached with {key}")


def _choose(page, name: str, value: str) -> None:
    """Tabs into a radio group (a 1–5 scale) and moves with the arrow keys until `value` is chosen."""
    _tab_to(page, f"input[type=radio][name='{name}']")
    for _ in range(10):
        if page.evaluate(f"document.querySelector(\"input[name='{name}']:checked\")?.value") == value:
            assert page.evaluate(FOCUS_SHOWN_JS)
            return
        page.keyboard.press("ArrowRight")
    raise AssertionError(f"{name}={value} cannot be chosen with the arrow keys")


def _type_into(page, selector: str, text: str) -> None:
    _tab_to(page, selector)
    page.keyboard.type(text)


PICKER = "#food-search"


def _meal(n: int) -> str:
    """The n-th meal card (from 1)."""
    return f"[data-rows=meals] > fieldset:nth-of-type({n})"


def _pick_food(page, query: str, meal: int = 1) -> None:
    """Brings the one food picker to the meal (its "Add a food" button moves it there and focuses it; the first
    meal has it from the start), types and adds the first match with Enter."""
    if meal == 1:
        _tab_to(page, PICKER)
    else:
        _tab_to(page, f"{_meal(meal)} [data-open-picker]")
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "food-search"
    page.keyboard.type(query)
    page.keyboard.press("Enter")
    assert page.input_value(PICKER) == ""


def test_a_whole_day_can_be_logged_with_the_keyboard_alone(live_server, page, login, screenshot):
    user = UserFactory(username="kim")
    catalogue_foods()
    login(user)
    page.goto(f"{live_server.url}/today/")
    page.wait_for_selector("form.foods-ready")

    _choose(page, "checkins-0-mood", "4")
    _pick_food(page, "oats, r")
    _pick_food(page, "lentils, c", meal=2)
    _pick_food(page, "kefir, p", meal=3)
    _tab_to(page, f"{_meal(1)} [data-step='0.5']", backwards=True)  # back up: half a serving more oats at breakfast
    page.keyboard.press("Enter")
    _type_into(page, "input[name=sleep_hours]", "7.5")
    _type_into(page, "input[name=exercise_minutes]", "30")
    _type_into(page, "input[name=water_glasses]", "6")
    _choose(page, "stress", "2")
    _choose(page, "bloating", "1")
    screenshot(page, "keyboard-day-phone")
    _tab_to(page, ".save-bar button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_load_state()

    assert "Saved" in page.inner_text(".messages")
    day = JournalDay.objects.get(user=user, date=dt.date.fromisoformat(page.url.rstrip("/").split("/")[-1]))
    assert (day.sleep_hours, day.exercise_minutes, day.water_glasses, day.stress, day.bloating) == (7.5, 30, 6, 2, 1)
    assert day.checkins.get().mood == 4
    items = MealItem.objects.filter(meal__day=day)
    assert sorted((i.meal.meal_type, i.food.name, float(i.servings)) for i in items) == [
        ("breakfast", BREAKFAST, 1.5),
        ("dinner", DINNER, 1.0),
        ("lunch", LUNCH, 1.0),
    ]


def test_food_suggestions_can_be_chosen_with_tab_and_enter(live_server, page, login):
    user = UserFactory(username="lou")
    FoodFactory(name="Zzrolled oats", fiber_g="4.0")
    FoodFactory(name="Zzoat milk", fiber_g="1.0")
    login(user)
    page.goto(f"{live_server.url}/today/")
    page.wait_for_selector("form.foods-ready")

    _type_into(page, PICKER, "zz")
    _tab_to(page, "#food-results .food-chip", text="Zzrolled oats")
    page.keyboard.press("Enter")

    assert page.locator("[data-meal]").first.locator("[data-item-name]", has_text="Zzrolled oats").count() == 1
