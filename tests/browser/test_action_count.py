"""How many clicks and keystrokes a typical day takes on a 390 px phone (issue 12): a mood, three meals of two or
three foods with a probiotic food among them, sleep, exercise, stress and the gut, saved. Every click counts 1,
every key pressed counts 1, and typed text counts one per character. Opening the day page is not counted. Run
with -s to see the breakdown.
"""

import datetime as dt
from decimal import Decimal

import pytest

from journal.models import FavouriteFood, Food, JournalDay, Meal, MealItem
from tests.browser.catalogue import BREAKFAST, DINNER, LUNCH, catalogue_foods
from tests.browser.conftest import PHONE
from tests.factories import JournalDayFactory, MealFactory, MealItemFactory, MoodCheckInFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

TYPICAL_DAY_LIMIT = 20  # issue 12: a typical day in 20 actions or fewer
FIRST_DAY_LIMIT = 35  # a guard, not the target: with nothing to copy and no recent foods, typing to filter costs more
SCREENS_WHEN_FOLDED = 3  # issue 12: the saved day, folded, is at most three phone screens long
USUAL_MEALS = {
    "breakfast": (BREAKFAST, "Banana"),
    "lunch": (LUNCH, "Whole-wheat bread", "Apple, with skin"),
    "dinner": ("Salmon, cooked", "Brown rice, cooked", "Broccoli, cooked"),
}
PROBIOTIC = DINNER  # Kefir: a favourite food, added to one meal


class Actions:
    """Drives the page like a person and counts what it costs them."""

    def __init__(self, page) -> None:
        self.page = page
        self.log: list[tuple[str, str, int]] = []

    def click(self, what: str, locator) -> None:
        locator.click()
        self.log.append((what, "click", 1))

    def press(self, what: str, key: str) -> None:
        self.page.keyboard.press(key)
        self.log.append((what, key, 1))

    def type(self, what: str, text: str) -> None:
        self.page.keyboard.type(text)
        self.log.append((what, f"type {text!r}", len(text)))

    @property
    def total(self) -> int:
        return sum(n for _, _, n in self.log)

    def report(self, title: str) -> None:
        print(f"\n{title}: {self.total} actions")
        for what, how, n in self.log:
            print(f"  {n:>2}  {what}: {how}")


def _yesterday_logged(user, today: dt.date) -> None:
    """Yesterday with the usual three meals, so today offers "same as last time" and "same as yesterday"."""
    catalogue_foods()
    day = JournalDayFactory(
        user=user, date=today - dt.timedelta(days=1), sleep_hours=Decimal("7.5"), exercise_minutes=30,
        mindfulness_minutes=10, water_glasses=6, stress=2, bloating=0,
    )  # fmt: skip
    MoodCheckInFactory(day=day, mood=3)
    for meal_type, names in USUAL_MEALS.items():
        meal = MealFactory(day=day, meal_type=meal_type)
        for name in names:
            MealItemFactory(meal=meal, food=Food.objects.get(owner=None, name=name))
    FavouriteFood.objects.create(user=user, food=Food.objects.get(owner=None, name=PROBIOTIC))


def _today_page(page, live_server, login, user) -> None:
    login(user)
    page.goto(f"{live_server.url}/today/")
    page.wait_for_selector("form.foods-ready")


def _saved_today(user) -> JournalDay:
    return JournalDay.objects.filter(user=user).latest("date")


def _meals(day: JournalDay) -> list[tuple[str, str]]:
    items = MealItem.objects.filter(meal__day=day).select_related("meal", "food")
    return sorted((i.meal.meal_type, i.food.name) for i in items)


def _scale(page, name: str, value: str):
    """The button-like label of a scale's option (the radio itself is visually hidden)."""
    return page.locator(f"input[name='{name}'][value='{value}'] + label")


def test_a_typical_day_takes_20_actions_or_fewer_on_a_phone(live_server, page, login):
    user = UserFactory(username="mo")
    _yesterday_logged(user, dt.date.today())
    page.set_viewport_size(PHONE)
    _today_page(page, live_server, login, user)
    act = Actions(page)

    act.click("mood 4", _scale(page, "checkins-0-mood", "4"))
    for index, meal_type in enumerate(USUAL_MEALS):
        act.click(f"{meal_type}: same as last time", page.locator("[data-meal]").nth(index).locator("[data-repeat]"))
    act.click("the probiotic food, a favourite, into dinner", page.locator(".food-chip", has_text=PROBIOTIC).first)
    act.click("sleep, exercise and stress from yesterday", page.locator("text=Same as yesterday"))
    act.click("sleep: slept less", page.locator("input[name=sleep_hours]"))
    act.press("sleep: select the copied value", "ControlOrMeta+a")
    act.type("sleep", "6.5")
    act.click("stress 3 (yesterday's was 2)", _scale(page, "stress", "3"))
    act.click("bloating 1 (mild)", _scale(page, "bloating", "1"))
    act.click("stool type 4", _scale(page, "stool_type", "4"))
    act.click("save", page.locator(".save-bar button[type=submit]"))
    page.wait_for_load_state()
    act.report("Typical day (yesterday logged)")

    day = _saved_today(user)
    assert (day.sleep_hours, day.exercise_minutes, day.stress, day.bloating, day.stool_type) == (6.5, 30, 3, 1, 4)
    assert day.checkins.get().mood == 4
    expected = sorted((t, name) for t, names in USUAL_MEALS.items() for name in names) + [("dinner", PROBIOTIC)]
    assert _meals(day) == sorted(expected)
    assert act.total <= TYPICAL_DAY_LIMIT
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= SCREENS_WHEN_FOLDED * PHONE["height"], f"the saved day is {height}px long"


def test_a_first_day_typed_from_scratch_stays_short(live_server, page, login):
    user = UserFactory(username="noa")
    catalogue_foods()
    _today_page(page, live_server, login, user)
    act = Actions(page)

    act.click("mood 4", _scale(page, "checkins-0-mood", "4"))
    for index, query in enumerate(("oats", "lentil", "kefir")):
        if index:  # the picker starts at the first meal
            meal = page.locator("[data-meal]").nth(index)
            act.click(f"meal {index + 1}: add a food", meal.locator("[data-open-picker]"))
        act.click(f"meal {index + 1}: the food filter", page.locator("#food-search"))
        act.type(f"meal {index + 1}: filter", query)
        act.press(f"meal {index + 1}: add the first match", "Enter")
    act.click("sleep", page.locator("input[name=sleep_hours]"))
    act.type("sleep", "7")
    act.press("to exercise", "Tab")
    act.type("exercise", "30")
    act.press("to mindfulness", "Tab")
    act.press("to water", "Tab")
    act.type("water", "6")
    act.click("stress 2", _scale(page, "stress", "2"))
    act.click("bloating 0 (none)", _scale(page, "bloating", "0"))
    act.click("save", page.locator(".save-bar button[type=submit]"))
    page.wait_for_load_state()
    act.report("First day (nothing to copy, no recent foods)")

    day = _saved_today(user)
    assert (day.sleep_hours, day.exercise_minutes, day.water_glasses, day.stress, day.bloating) == (7, 30, 6, 2, 0)
    assert _meals(day) == [("breakfast", BREAKFAST), ("dinner", DINNER), ("lunch", LUNCH)]
    assert act.total <= FIRST_DAY_LIMIT


def test_a_day_copied_from_yesterday_keeps_its_meals_apart(live_server, page, login):
    """ "Same as yesterday" fills the day-level fields only: meals and check-ins are the day's own."""
    user = UserFactory(username="pia")
    _yesterday_logged(user, dt.date.today())
    _today_page(page, live_server, login, user)
    page.click("text=Same as yesterday")
    page.wait_for_selector("html.js")

    assert page.input_value("input[name=sleep_hours]") == "7.5"
    assert page.locator("input[name=stress][value='2']").is_checked()
    assert page.locator("[data-item]:not([data-blank-row])").count() == 0
    assert Meal.objects.filter(day__user=user).count() == 3  # nothing saved by copying


def test_same_as_yesterday_keeps_what_was_already_entered(live_server, page, login):
    """Filling from yesterday happens in place: a mood tapped before it is not lost to a reload."""
    user = UserFactory(username="quinn")
    _yesterday_logged(user, dt.date.today())
    _today_page(page, live_server, login, user)
    _scale(page, "checkins-0-mood", "5").click()
    page.click("text=Same as yesterday")

    assert page.locator("input[name='checkins-0-mood'][value='5']").is_checked()
    assert page.input_value("input[name=exercise_minutes]") == "30"
    assert page.locator("input[name=stress][value='2']").is_checked()
    assert "not saved yet" in page.inner_text("[data-copy-status]")
    assert "copy=previous" not in page.url
