"""A save of the day page skips the parts sent back exactly as stored (journal.forms.unchanged), and
saves every other part as before."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from journal.models import JournalDay, Meal, MealItem, MoodCheckIn
from journal.pages import DayPage
from journal.services import journal_version
from tests.factories import FoodFactory, JournalDayFactory, MealFactory, MealItemFactory, MoodCheckInFactory
from tests.journal.day_post import form_data

DAY = dt.date(2024, 3, 1)
URL = reverse("day", args=[DAY])
ALL = {"day", "checkins", "meals"}


@pytest.fixture
def day(user):
    day = JournalDayFactory(user=user, date=DAY, notes="a walk", antibiotics=False)
    MoodCheckInFactory(day=day, time=dt.time(8, 30), mood=3, note="tired")
    MoodCheckInFactory(day=day, time=dt.time(20, 0), mood=4, anxiety=None)
    breakfast = MealFactory(day=day, meal_type="breakfast", time=dt.time(7, 45))
    MealItemFactory(meal=breakfast, food=FoodFactory(name="Rolled oats"), servings=Decimal("1.5"))
    MealItemFactory(meal=breakfast, food=FoodFactory(name="Kefir"), servings=Decimal("1.0"))
    MealFactory(day=day, meal_type="dinner", time=dt.time(19, 0), description="soup")
    return day


def unchanged_parts(user, data: dict) -> set[str]:
    """What the page being saved judges unchanged (built as the day view builds it, not saved)."""
    posted = QueryDict(mutable=True)
    for key, value in data.items():
        posted[key] = value
    with transaction.atomic():
        page = DayPage(user, DAY, data=posted, locked=True)
        return set(page.unchanged)


def stored(user):
    return (
        list(JournalDay.objects.filter(user=user).values_list("sleep_hours", "notes", "updated_at")),
        list(MoodCheckIn.objects.order_by("pk").values_list("pk", "time", "mood", "anxiety", "note")),
        list(Meal.objects.order_by("pk").values_list("pk", "meal_type", "time", "description")),
        list(MealItem.objects.order_by("pk").values_list("pk", "meal_id", "food__name", "servings")),
    )


def test_a_page_sent_back_as_drawn_is_unchanged_builds_no_forms_and_writes_nothing(client_a, user, day):
    data = form_data(client_a.get(URL))
    assert unchanged_parts(user, data) == ALL
    posted = QueryDict(mutable=True)
    posted.update(data)
    with transaction.atomic():
        page = DayPage(user, DAY, data=posted, locked=True)
        assert page.is_valid()
        page.save()
        built = {"day_form", "checkin_formset", "meal_formset"} & set(page.__dict__)
    assert built == set()
    before, version = stored(user), journal_version(user)
    assert client_a.post(URL, data).status_code == 302
    assert stored(user) == before
    assert journal_version(user) == version


def _first(data: dict, prefix: str, name: str) -> str:
    return next(key for key in data if key.startswith(prefix) and key.endswith(f"-{name}"))


@pytest.mark.parametrize(
    ("change", "part"),
    [
        ({"sleep_hours": "8.5"}, "day"),
        ({"antibiotics": "1"}, "day"),
        ({"blood_in_stool": "on"}, "day"),
        ({"notes": "a long walk"}, "day"),
        ({"checkins-0-mood": "5"}, "checkins"),
        ({"checkins-0-DELETE": "on"}, "checkins"),
        ({"checkins-1-note": "calm"}, "checkins"),
        ({"checkins-2-mood": "2"}, "checkins"),  # the spare row: a new check-in
        ({"meals-0-time": "08:15"}, "meals"),
        ({"meals-1-description": ""}, "meals"),
        ({"meals-0-items-0-servings": "2"}, "meals"),
        ({"meals-0-items-1-food": ""}, "meals"),
        ({"meals-0-items-2-food": "Rolled oats"}, "meals"),  # its spare food row
        ({"meals-0-items-0-food": "Kefir", "meals-0-items-1-food": "Rolled oats"}, "meals"),  # the order
        ({"meals-1-items-0-food": "Kefir"}, "meals"),
        ({"meals-2-description": "an apple"}, "meals"),  # a spare meal
        ({"meals-0-DELETE": "on"}, "meals"),
    ],
)
def test_a_changed_part_is_saved_and_only_it(client_a, user, day, change, part):
    data = form_data(client_a.get(URL))
    data.update(change)
    assert unchanged_parts(user, data) == ALL - {part}
    before = stored(user)
    assert client_a.post(URL, data).status_code == 302
    assert stored(user) != before


def test_servings_left_blank_are_one_serving_as_stored(client_a, user, day):
    data = form_data(client_a.get(URL))
    data[_first(data, "meals-0-items-1", "servings")] = ""  # kefir: 1.0 stored
    assert unchanged_parts(user, data) == ALL


@pytest.mark.parametrize(
    "change",
    [
        {"checkins-TOTAL_FORMS": "x"},
        {"checkins-INITIAL_FORMS": "1"},
        {"checkins-MAX_NUM_FORMS": "many"},
        {"meals-0-items-TOTAL_FORMS": ""},
        {"meals-0-items-2-servings": "2"},  # servings without a food
        {"meals-0-id": "", "meals-0-items-0-food": "Kefir"},
    ],
)
def test_counters_or_rows_unlike_the_drawn_page_go_through_the_forms(client_a, user, day, change):
    data = form_data(client_a.get(URL))
    data.update(change)
    assert unchanged_parts(user, data) != ALL


def test_a_time_stored_with_seconds_is_saved_as_the_page_shows_it(client_a, user, day):
    checkin = MoodCheckIn.objects.filter(day=day).order_by("pk").first()
    MoodCheckIn.objects.filter(pk=checkin.pk).update(time=dt.time(8, 30, 20))
    data = form_data(client_a.get(URL))
    assert "checkins" not in unchanged_parts(user, data)
    assert client_a.post(URL, data).status_code == 302
    checkin.refresh_from_db()
    assert checkin.time == dt.time(8, 30)


def test_an_imported_day_mean_stays_as_it_is(client_a, user, day):
    checkin = MoodCheckIn.objects.filter(day=day).order_by("pk").first()
    MoodCheckIn.objects.filter(pk=checkin.pk).update(mood=Decimal("2.67"))
    data = form_data(client_a.get(URL))
    assert "checkins" not in unchanged_parts(user, data)
    assert client_a.post(URL, data).status_code == 302
    checkin.refresh_from_db()
    assert checkin.mood == Decimal("2.67")


def test_a_stored_meal_without_foods_or_words_goes_as_before(client_a, user, day):
    empty = MealFactory(day=day, meal_type="lunch", time=dt.time(12, 0))
    data = form_data(client_a.get(URL))
    assert "meals" not in unchanged_parts(user, data)
    assert client_a.post(URL, data).status_code == 302
    assert not Meal.objects.filter(pk=empty.pk).exists()


def test_another_persons_checkin_in_place_of_ones_own_is_refused(client, other_user, user, day):
    theirs = JournalDayFactory(user=other_user, date=DAY)
    own = MoodCheckInFactory(day=theirs, mood=2)
    client.force_login(other_user)
    data = form_data(client.get(URL))
    alices = MoodCheckIn.objects.filter(day=day).order_by("pk").first()
    data[_first(data, "checkins-0", "id")] = str(alices.pk)
    data[_first(data, "checkins-0", "mood")] = "4"  # Alice's mood: as if sent back unchanged
    data[_first(data, "checkins-0", "note")] = "tired"
    data[_first(data, "checkins-0", "time")] = "08:30"
    before = stored(user)
    response = client.post(URL, data)
    assert response.status_code == 200
    assert "does not belong to this day" in response.content.decode()
    assert stored(user) == before
    own.refresh_from_db()
    assert own.mood == 2


@pytest.mark.parametrize(
    ("change", "writes", "foods"),
    [
        ({"meals-0-items-0-servings": "2"}, ["UPDATE"], [("Rolled oats", "2.0"), ("Kefir", "1.0")]),
        (
            {"meals-0-items-2-food": "Plain toast, test"},
            ["INSERT"],
            [("Rolled oats", "1.5"), ("Kefir", "1.0"), ("Plain toast, test", "1.0")],
        ),
        ({"meals-0-items-1-food": ""}, ["DELETE"], [("Rolled oats", "1.5")]),
        ({"meals-0-items-0-food": ""}, ["UPDATE", "DELETE"], [("Kefir", "1.0")]),
        (
            {"meals-0-items-0-food": "Kefir", "meals-0-items-1-food": "Rolled oats"},
            ["UPDATE"],
            [
                ("Kefir", "1.5"),
                ("Rolled oats", "1.0"),
            ],
        ),
    ],
)
def test_a_meal_s_foods_are_read_once_and_only_what_differs_is_written(client_a, user, day, change, writes, foods):
    FoodFactory(name="Plain toast, test")
    data = form_data(client_a.get(URL))
    data.update(change)
    with CaptureQueriesContext(connection) as queries:
        assert client_a.post(URL, data).status_code == 302
    on_items = [q["sql"].split()[0] for q in queries if '"journal_mealitem"' in q["sql"]]
    # One read, with the meals (for the forms and the save alike); Django's delete reads the rows it deletes.
    assert on_items == [
        "SELECT",
        *[w for write in writes for w in (["SELECT", write] if write == "DELETE" else [write])],
    ]
    saved = MealItem.objects.filter(meal__meal_type="breakfast").order_by("pk")
    assert [(item.food.name, str(item.servings)) for item in saved] == foods


def test_a_save_changing_one_meal_builds_only_that_meal_s_food_rows(client_a, user, day):
    data = form_data(client_a.get(URL))
    data["meals-0-items-0-servings"] = "2"  # breakfast's oats
    data["meals-1-time"] = "19:30"  # dinner's time, its foods (none) as they were
    posted = QueryDict(mutable=True)
    posted.update(data)
    with transaction.atomic():
        page = DayPage(user, DAY, data=posted, locked=True)
        assert page.is_valid()
        page.save()
        forms = page.meal_formset.forms
        assert ["items" in form.__dict__ for form in forms[:2]] == [True, False]
        assert forms[1].kept_items == []
    assert Meal.objects.get(day=day, meal_type="dinner").time == dt.time(19, 30)
    saved = MealItem.objects.filter(meal__meal_type="breakfast").order_by("pk")
    assert [(item.food.name, item.servings) for item in saved] == [
        ("Rolled oats", Decimal("2")),
        ("Kefir", Decimal("1")),
    ]


def test_a_meal_sent_back_with_an_error_shows_every_meal_s_food_rows(client_a, user, day):
    data = form_data(client_a.get(URL))
    data["meals-1-time"] = "not a time"
    response = client_a.post(URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a time such as 08:30." in html
    assert 'name="meals-0-items-0-food" value="Rolled oats"' in html
    assert 'name="meals-0-items-TOTAL_FORMS"' in html


def test_the_forms_have_no_checks_the_unchanged_parts_do_not_repeat():
    """journal.forms.unchanged repeats the forms' checks beyond their fields: none for DayForm and MealForm,
    CheckInForm's "a rating at least" and MealItemForm's default serving. A new check must be added there too."""
    from django import forms

    from journal.forms import CheckInForm, DayForm, MealItemForm
    from journal.forms.meals import MealForm

    for form in (DayForm, MealForm, CheckInForm, MealItemForm):
        assert not [name for name in dir(form) if name.startswith("clean_")], form
    assert DayForm.clean is forms.Form.clean
    assert MealForm.clean is forms.Form.clean
    assert CheckInForm.clean.__qualname__ == "CheckInForm.clean"
    assert MealItemForm.clean.__qualname__ == "MealItemForm.clean"
