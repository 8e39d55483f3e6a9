"""The day page in a real browser: sign up, log a day with the food picker, reload, see it kept."""

import datetime as dt
from decimal import Decimal

import pytest

from journal.models import JournalDay, Meal, MealItem
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import (
    PASSWORD,
    FoodFactory,
    JournalDayFactory,
    MealFactory,
    MealItemFactory,
    MoodCheckInFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _no_sideways_scroll(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"page scrolls sideways by {overflow}px"


def _script_errors(errors: list[str]) -> list[str]:
    """Console errors, less the browser's own request for /favicon.ico (the site ships none)."""
    return [e for e in errors if not e.startswith("Failed to load resource")]


def _sign_up(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/signup/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def _pick(page, meal_index: int, query: str, food_name: str) -> None:
    """The page's one picker, moved to the meal with its "Add a food" button."""
    page.wait_for_selector("form.foods-ready")
    page.locator("[data-meal]").nth(meal_index).locator("[data-open-picker]").click()
    page.locator("[data-picker-input]").fill(query)
    page.locator(".food-chip", has_text=food_name).first.click()


def test_a_day_logged_with_the_picker_is_kept_after_reload(live_server, page, console_errors, screenshot):
    FoodFactory(name="Rolled oats", fiber_g="4.0")
    FoodFactory(name="Kefir", fiber_g="0.0", is_probiotic=True)
    FoodFactory(name="Lentil soup", fiber_g="7.5")
    _sign_up(page, live_server, "dana")
    page.goto(f"{live_server.url}/today/")
    assert "js" in page.evaluate("document.documentElement.className")  # day.js ran

    page.locator("[data-rows=checkins] label[for$='-mood_4']").first.click()
    _pick(page, 0, "oat", "Rolled oats")
    _pick(page, 0, "kef", "Kefir")
    page.locator("[data-meal]").nth(0).locator("[data-step='0.5']").first.click()  # oats: 1.5 servings
    _pick(page, 1, "lentil", "Lentil soup")
    assert page.inner_text("[data-total=fiber]") == "13.5"  # 1.5 × 4 + 7.5
    assert page.inner_text("[data-total=probiotic]") == "1"
    page.click("button:has-text('Save day')")
    page.wait_for_load_state()

    assert "Saved" in page.inner_text(".messages")
    page.reload()
    day = JournalDay.objects.get(user__username="dana")
    assert day.checkins.get().mood == 4
    assert sorted(Meal.objects.filter(day=day).values_list("meal_type", flat=True)) == ["breakfast", "lunch"]
    assert MealItem.objects.filter(meal__day=day).count() == 3
    assert page.inner_text("[data-total=fiber]") == "13.5"
    assert page.locator("[data-item-name]", has_text="Lentil soup").count() == 1
    assert page.locator("input[name$='-mood'][value='4']").first.is_checked()
    assert _script_errors(console_errors) == []


def test_day_and_history_look_right_on_phone_and_desktop(live_server, page, login, screenshot, console_errors):
    user = UserFactory(username="erin")
    oats = FoodFactory(name="Rolled oats", fiber_g="4.0")
    today = dt.date.today()
    for n in range(1, 12):
        day = JournalDayFactory(user=user, date=today - dt.timedelta(days=n), bloating=n % 4, stool_type=4)
        MoodCheckInFactory(day=day, mood=1 + n % 5)
    meal = MealFactory(day=JournalDay.objects.filter(user=user).first())
    MealItemFactory(meal=meal, food=oats, servings="2")
    login(user)
    for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        page.goto(f"{live_server.url}/day/{meal.day.date.isoformat()}/")
        _no_sideways_scroll(page)
        screenshot(page, f"day-{size}")
        page.goto(f"{live_server.url}/history/")
        _no_sideways_scroll(page)
        screenshot(page, f"history-{size}")
        page.goto(f"{live_server.url}/")
        _no_sideways_scroll(page)
        screenshot(page, f"home-{size}")
    page.emulate_media(color_scheme="dark")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/day/{meal.day.date.isoformat()}/")
    screenshot(page, "day-phone-dark")
    assert _script_errors(console_errors) == []


def test_a_day_can_be_logged_without_javascript(live_server, browser, screenshot):
    user = UserFactory(username="finn")
    FoodFactory(name="Rolled oats", fiber_g="4.0")
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.goto(f"{live_server.url}/today/")

    page.locator("label[for$='checkins-0-mood_3']").click()
    page.fill("input[name='meals-0-items-0-food']", "Rolled oats")  # the shared <datalist> offers it
    page.fill("input[name='meals-0-items-0-servings']", "2")
    _no_sideways_scroll(page)
    screenshot(page, "day-phone-no-js")
    page.click("button:has-text('Save day')")

    assert "Saved" in page.inner_text(".messages")
    item = MealItem.objects.get(meal__day__user=user)
    assert (item.food.name, item.servings, item.meal.meal_type) == ("Rolled oats", 2, "breakfast")
    assert page.inner_text("[data-total=fiber]") == "8"
    context.close()


def test_meals_and_checkins_added_in_the_page_are_saved(live_server, page, login, console_errors):
    user = UserFactory(username="gus")
    FoodFactory(name="Zesty kimchi", fiber_g="1.0", is_probiotic=True)
    day = JournalDayFactory(user=user, date=dt.date(2024, 5, 1))
    MoodCheckInFactory(day=day, mood=3)
    login(user)
    page.goto(f"{live_server.url}/day/2024-05-01/")
    page.wait_for_selector("form.foods-ready.templates-ready")
    meals_before = page.locator("[data-meal]").count()

    page.click("[data-add=meals]")
    assert page.locator("[data-meal]").count() == meals_before + 1
    new_meal = page.locator("[data-meal]").last
    new_meal.locator("select[name$='meal_type']").select_option("drink")
    page.locator("[data-picker-input]").fill("zesty k")  # the picker has moved to the new meal
    page.locator("[data-picker-input]").press("Enter")  # adds the first match
    page.click("#section-mood > summary")  # the saved check-in folded the section to a line
    page.click("[data-add=checkins]")
    page.locator("[data-rows=checkins] fieldset").last.locator("label[for$='-energy_5']").click()
    assert page.inner_text("[data-total=probiotic]") == "1"
    page.click("button:has-text('Save day')")

    assert "Saved" in page.inner_text(".messages")
    assert day.checkins.count() == 2
    assert set(day.checkins.values_list("mood", "energy")) == {(3, 3), (None, 5)}
    drink = Meal.objects.get(day=day, meal_type="drink")
    assert [i.food.name for i in drink.items.all()] == ["Zesty kimchi"]
    assert _script_errors(console_errors) == []


def _yesterday_breakfast(user, *items) -> None:
    day = JournalDayFactory(user=user, date=dt.date.today() - dt.timedelta(days=1))
    meal = MealFactory(day=day, meal_type="breakfast")
    for food, servings in items:
        MealItemFactory(meal=meal, food=food, servings=servings)


def test_yesterdays_breakfast_comes_back_in_one_tap(live_server, page, login, console_errors):
    user = UserFactory(username="hana")
    oats = FoodFactory(name="Rolled oats", fiber_g="4.0")
    kefir = FoodFactory(name="Kefir", fiber_g="0.0", is_probiotic=True)
    _yesterday_breakfast(user, (oats, "2"), (kefir, "1"))
    login(user)
    page.goto(f"{live_server.url}/today/")
    page.wait_for_selector("form.foods-ready")

    breakfast = page.locator("[data-meal]").nth(0)
    assert "Rolled oats, Kefir" in breakfast.locator("[data-repeat]").inner_text()
    breakfast.locator("[data-repeat]").click()
    assert page.url.endswith(f"/day/{dt.date.today().isoformat()}/")  # filled in place, no reload
    assert (
        breakfast.locator("[data-item]:not([data-blank-row]) [data-item-name]")
        .all_inner_texts()[0]
        .startswith("Rolled oats")
    )
    assert page.inner_text("[data-total=fiber]") == "8"
    assert page.inner_text("[data-total=probiotic]") == "1"
    assert page.inner_text("[data-total-word]") == "serving"  # not "1 servings"
    page.click("button:has-text('Save day')")

    assert "Saved" in page.inner_text(".messages")
    today = JournalDay.objects.get(user=user, date=dt.date.today())
    items = MealItem.objects.filter(meal__day=today, meal__meal_type="breakfast")
    assert sorted((i.food.name, i.servings) for i in items) == [("Kefir", 1), ("Rolled oats", 2)]
    assert _script_errors(console_errors) == []


def test_adding_your_own_food_keeps_the_day_and_fills_its_meal(live_server, page, login, console_errors):
    user = UserFactory(username="ines")
    FoodFactory(name="Rolled oats", fiber_g="4.0")
    login(user)
    page.goto(f"{live_server.url}/today/")
    page.locator("[data-rows=checkins] label[for$='-mood_5']").first.click()
    _pick(page, 0, "oat", "Rolled oats")
    page.locator("input[name=sleep_hours]").fill("8")
    page.locator("[data-meal]").nth(1).locator("button[name=add_food]").click()  # lunch

    page.fill("input[name=name]", "Grandma's rye bread")
    page.fill("input[name=serving]", "1 slice")
    page.fill("input[name=fiber_g]", "3")
    page.click("main button[type=submit]")
    page.wait_for_selector("form.foods-ready")

    assert JournalDay.objects.filter(user=user).count() == 0  # nothing saved on the way
    assert page.locator("input[name='checkins-0-mood'][value='5']").is_checked()
    assert page.input_value("input[name=sleep_hours]") == "8"
    names = page.locator("[data-meal]").nth(1).locator("[data-item]:not([data-blank-row]) [data-item-name]")
    assert names.all_inner_texts()[0].startswith("Grandma's rye bread")
    assert page.inner_text("[data-total=fiber]") == "7"
    page.click("button:has-text('Save day')")

    day = JournalDay.objects.get(user=user)
    assert (day.sleep_hours, day.checkins.get().mood) == (8, 5)
    assert sorted((i.meal.meal_type, i.food.name) for i in MealItem.objects.filter(meal__day=day)) == [
        ("breakfast", "Rolled oats"),
        ("lunch", "Grandma's rye bread"),
    ]
    assert _script_errors(console_errors) == []


def _no_js_page(browser, live_server, user):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.goto(f"{live_server.url}/today/")
    return context, page


def test_adding_your_own_food_without_javascript_keeps_the_day(live_server, browser, screenshot):
    user = UserFactory(username="jo")
    FoodFactory(name="Rolled oats", fiber_g="4.0")
    context, page = _no_js_page(browser, live_server, user)
    page.locator("label[for$='checkins-0-mood_2']").click()
    page.fill("input[name='meals-0-items-0-food']", "Rolled oats")
    page.locator("[data-meal]").nth(2).locator("button[name=add_food]").click()  # dinner

    page.fill("input[name=name]", "Miso soup")
    page.fill("input[name=serving]", "1 bowl")
    page.fill("input[name=fiber_g]", "1")
    page.check("input[name=is_probiotic]")
    page.click("main button[type=submit]")

    assert JournalDay.objects.filter(user=user).count() == 0
    assert page.locator("input[name='checkins-0-mood'][value='2']").is_checked()
    assert page.input_value("input[name='meals-0-items-0-food']") == "Rolled oats"
    assert page.input_value("input[name='meals-2-items-0-food']") == "Miso soup"
    screenshot(page, "day-phone-no-js-food-added")
    page.click("button:has-text('Save day')")

    assert "Saved" in page.inner_text(".messages")
    day = JournalDay.objects.get(user=user)
    assert sorted((i.meal.meal_type, i.food.name) for i in MealItem.objects.filter(meal__day=day)) == [
        ("breakfast", "Rolled oats"),
        ("dinner", "Miso soup"),
    ]
    assert page.inner_text("[data-total=probiotic]") == "1"
    context.close()


def test_same_as_last_time_works_without_javascript(live_server, browser):
    user = UserFactory(username="kai")
    oats = FoodFactory(name="Rolled oats", fiber_g="4.0")
    _yesterday_breakfast(user, (oats, "1.5"))
    context, page = _no_js_page(browser, live_server, user)
    page.locator("label[for$='checkins-0-mood_4']").click()
    page.locator("[data-meal]").nth(0).locator("[data-repeat]").click()

    assert page.input_value("input[name='meals-0-items-0-food']") == "Rolled oats"
    assert page.input_value("input[name='meals-0-items-0-servings']") == "1.5"
    assert page.locator("input[name='checkins-0-mood'][value='4']").is_checked()  # the rest stays as it was
    page.click("button:has-text('Save day')")
    item = MealItem.objects.get(meal__day__date=dt.date.today(), meal__day__user=user)
    assert (item.food.name, item.servings, item.meal.meal_type) == ("Rolled oats", Decimal("1.5"), "breakfast")
    context.close()


def test_the_date_picker_opens_any_day(live_server, page, login):
    user = UserFactory(username="lou")
    login(user)
    page.goto(f"{live_server.url}/today/")
    page.fill("#jump-date", "2024-02-29")  # JavaScript goes as soon as a whole date is there
    page.wait_for_url("**/day/2024-02-29/")
    assert "29" in page.inner_text("h1")
