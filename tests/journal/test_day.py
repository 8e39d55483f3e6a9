"""The day page: log or edit a whole day in one POST."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import today_for
from journal.models import JournalDay, Meal, MealItem, MoodCheckIn
from tests.factories import (
    FoodFactory,
    JournalDayFactory,
    MealFactory,
    MealItemFactory,
    MoodCheckInFactory,
    ProfileFactory,
)
from tests.journal.day_post import day_post, form_data
from transfer.daily_csv import export_csv

DAY = dt.date(2024, 3, 1)
URL = reverse("day", args=[DAY])


def row_counts() -> tuple[int, int, int, int]:
    return (JournalDay.objects.count(), MoodCheckIn.objects.count(), Meal.objects.count(), MealItem.objects.count())


@pytest.fixture
def oats(db):
    return FoodFactory(name="Rolled oats", fiber_g=Decimal("4.0"))


@pytest.fixture
def kefir(db):
    return FoodFactory(name="Kefir", fiber_g=Decimal("0"), is_probiotic=True)


def test_the_url_takes_a_date():
    assert URL == "/day/2024-03-01/"
    assert reverse("day", kwargs={"date": "2024-03-01"}) == URL


def test_the_page_names_its_day_inputs_by_the_daily_columns(client_a):
    html = client_a.get(URL).content.decode()
    for name in (
        "stress",
        "sleep_hours",
        "sleep_quality",
        "exercise_minutes",
        "mindfulness_minutes",
        "water_glasses",
        "bloating",
        "abdominal_pain",
        "stool_type",
        "antibiotics",
        "notes",
        "fiber_g",
        "probiotic_servings",
        "added_sugar_servings",
        "ultra_processed_servings",
        "blood_in_stool",
        "black_stool",
        "unintended_weight_loss",
        "severe_pain",
        "probiotic_supplement",
    ):
        assert f'name="{name}"' in html, name


def test_numbers_get_a_numeric_keyboard(client_a):
    html = client_a.get(URL).content.decode()
    assert 'name="sleep_hours"' in html and 'inputmode="decimal"' in html and 'inputmode="numeric"' in html


def test_scales_are_spelled_out_and_mood_comes_first(client_a):
    html = client_a.get(URL).content.decode()
    for label in ("Awful", "Great", "Very anxious", "Full of energy", "Overwhelmed", "Moderate", "watery"):
        assert label in html
    assert html.index('name="checkins-0-mood"') < html.index('name="meals-0-meal_type"') < html.index('name="stress"')


def test_red_flags_carry_a_note_to_see_a_doctor(client_a):
    html = client_a.get(URL).content.decode()
    assert "see a doctor" in html
    assert 'type="checkbox" name="blood_in_stool"' in html


def test_the_page_ships_one_list_of_foods_and_no_inline_script(client_a, oats):
    html = client_a.get(URL).content.decode()
    assert html.count('<datalist id="food-names">') == 1  # every food row without JavaScript shares it
    assert html.count('<option value="Rolled oats">') == 1
    assert 'data-foods-url="/foods.json?v=' in html  # the picker's catalogue, cached by the browser
    assert " onclick=" not in html and " onchange=" not in html
    assert "<script>" not in html


def test_saving_a_whole_day_with_checkins_and_meals(client_a, user, oats, kefir):
    data = day_post(
        checkins=[{"time": "08:30", "mood": 4, "anxiety": 2, "energy": 3, "note": "fine"}, {"mood": 2}],
        meals=[
            {"meal_type": "breakfast", "time": "08:00", "items": [(oats, "1.5"), (kefir, "1")]},
            {"meal_type": "dinner", "description": "soup", "items": []},
        ],
        sleep_hours="7.5",
        sleep_quality="4",
        stress="2",
        exercise_minutes="30",
        water_glasses="6",
        bloating="1",
        stool_type="4",
        antibiotics="0",
        notes="A good day",
        fiber_g="5",
    )
    response = client_a.post(URL, data)

    assert response.status_code == 302
    day = user.days.get(date=DAY)
    assert (day.sleep_hours, day.stress, day.bloating, day.antibiotics, day.notes) == (
        Decimal("7.5"),
        2,
        1,
        False,
        "A good day",
    )
    assert sorted(c.mood for c in day.checkins.all()) == [2, 4]
    assert [m.meal_type for m in day.meals.order_by("pk")] == ["breakfast", "dinner"]
    assert MealItem.objects.filter(meal__day=day).count() == 2


def test_after_saving_it_redirects_back_to_the_day_with_a_saved_message(client_a):
    response = client_a.post(URL, day_post(sleep_hours="7"), follow=True)
    assert response.redirect_chain == [(URL, 302)]
    assert "Saved" in response.content.decode()


def test_the_page_shows_the_days_totals(client_a, user, oats, kefir):
    day = JournalDayFactory(user=user, date=DAY, fiber_g=Decimal("2"))
    meal = MealFactory(day=day)
    MealItemFactory(meal=meal, food=oats, servings=Decimal("2"))
    MealItemFactory(meal=meal, food=kefir, servings=Decimal("1.5"))
    html = client_a.get(URL).content.decode()
    assert 'data-total="fiber">10<' in html
    assert 'data-total="probiotic">1.5<' in html


def test_editing_a_day_changes_it_in_place(client_a, user, oats):
    client_a.post(URL, day_post(checkins=[{"mood": 3}], meals=[{"meal_type": "lunch", "items": [(oats, 1)]}]))
    data = form_data(client_a.get(URL))
    data["checkins-0-mood"] = "5"
    data["sleep_hours"] = "8"
    data["meals-0-items-0-servings"] = "3"

    assert client_a.post(URL, data).status_code == 302
    day = user.days.get()
    assert day.sleep_hours == Decimal("8")
    assert day.checkins.get().mood == 5
    assert MealItem.objects.get(meal__day=day).servings == Decimal("3")


def test_posting_the_page_back_unchanged_changes_nothing(client_a, user, oats):
    client_a.post(URL, day_post(checkins=[{"mood": 3}], meals=[{"meal_type": "lunch", "items": [(oats, 2)]}]))
    before = row_counts()
    checkin_ids = list(MoodCheckIn.objects.values_list("pk", flat=True))

    client_a.post(URL, form_data(client_a.get(URL)))

    assert row_counts() == before
    assert list(MoodCheckIn.objects.values_list("pk", flat=True)) == checkin_ids


def test_posting_the_page_back_keeps_an_imported_day_mean(client_a, user):
    """A daily CSV day mean (2.67) is one check-in that reads back exactly (docs/formats.md, Daily CSV); saving
    the day page as it was drawn keeps it, and the export after the save is the one before it."""
    MoodCheckInFactory(day=JournalDayFactory(user=user, date=DAY), time=None, mood=Decimal("2.67"), anxiety=None)
    before = export_csv(user)

    response = client_a.post(URL, form_data(client_a.get(URL)))

    assert response.status_code == 302
    checkin = MoodCheckIn.objects.get()
    assert (checkin.mood, checkin.anxiety, checkin.energy) == (Decimal("2.67"), None, 3)
    assert export_csv(user) == before
    assert before.splitlines()[1].startswith("2024-03-01,2.67,,3,")


def test_an_imported_day_mean_can_be_changed_to_a_whole_rating(client_a, user):
    MoodCheckInFactory(day=JournalDayFactory(user=user, date=DAY), time=None, mood=Decimal("2.67"))
    client_a.post(URL, {**form_data(client_a.get(URL)), "checkins-0-mood": "4"})
    assert MoodCheckIn.objects.get().mood == 4


def test_saving_a_day_twice_keeps_one_row(client_a, user):
    client_a.post(URL, day_post(sleep_hours="7"))
    client_a.post(URL, day_post(sleep_hours="6"))
    assert user.days.count() == 1
    assert user.days.get().sleep_hours == Decimal("6")


def test_an_empty_day_is_not_stored(client_a):
    response = client_a.post(URL, form_data(client_a.get(URL)))
    assert response.status_code == 302
    assert row_counts() == (0, 0, 0, 0)


def test_emptying_a_day_deletes_it(client_a, user):
    client_a.post(URL, day_post(sleep_hours="7", checkins=[{"mood": 3}]))
    data = form_data(client_a.get(URL))
    data["sleep_hours"] = ""
    data["checkins-0-DELETE"] = "on"
    client_a.post(URL, data)
    assert row_counts() == (0, 0, 0, 0)


def test_a_checkin_can_be_removed(client_a, user):
    day = JournalDayFactory(user=user, date=DAY)
    keep, drop = MoodCheckInFactory(day=day, mood=4), MoodCheckInFactory(day=day, mood=1)
    data = day_post(checkins=[{"id": keep.pk, "mood": 4}, {"id": drop.pk, "mood": 1, "DELETE": "on"}])
    client_a.post(URL, data)
    assert list(day.checkins.values_list("pk", flat=True)) == [keep.pk]


def test_a_meal_can_be_removed(client_a, user, oats):
    meal = MealItemFactory(meal__day=JournalDayFactory(user=user, date=DAY), food=oats).meal
    client_a.post(URL, day_post(meals=[{"id": meal.pk, "meal_type": "lunch", "DELETE": "on"}], sleep_hours="7"))
    assert not Meal.objects.exists() and not MealItem.objects.exists()


def test_a_meal_left_with_nothing_in_it_is_removed(client_a, user, oats):
    meal = MealItemFactory(meal__day=JournalDayFactory(user=user, date=DAY), food=oats).meal
    client_a.post(URL, day_post(meals=[{"id": meal.pk, "meal_type": "lunch", "items": []}], sleep_hours="7"))
    assert not Meal.objects.exists()


def test_a_post_of_only_day_fields_leaves_checkins_and_meals_alone(client_a, user, oats):
    day = JournalDayFactory(user=user, date=DAY)
    MoodCheckInFactory(day=day)
    MealItemFactory(meal__day=day, food=oats)
    client_a.post(URL, {"sleep_hours": "6"})
    assert row_counts() == (1, 1, 1, 1)
    assert user.days.get().sleep_hours == Decimal("6")


def test_a_checkin_without_any_rating_is_a_field_error(client_a):
    response = client_a.post(URL, day_post(checkins=[{"time": "09:00", "note": "no rating"}]))
    assert response.status_code == 200
    assert "Give at least one rating" in response.content.decode()
    assert row_counts() == (0, 0, 0, 0)


def test_a_blank_new_checkin_with_only_its_default_time_is_ignored(client_a):
    client_a.post(URL, day_post(checkins=[{"time": "07:12"}], sleep_hours="7"))
    assert row_counts() == (1, 0, 0, 0)


@pytest.mark.parametrize(
    "field, value",
    [
        ("sleep_hours", "25"),
        ("sleep_hours", "7.25"),
        ("sleep_hours", "-1"),
        ("sleep_hours", "seven"),
        ("stress", "6"),
        ("stress", "0"),
        ("sleep_quality", "x"),
        ("exercise_minutes", "1441"),
        ("exercise_minutes", "1.5"),
        ("mindfulness_minutes", "-5"),
        ("water_glasses", "41"),
        ("fiber_g", "200.1"),
        ("probiotic_servings", "21"),
        ("added_sugar_servings", "1e3"),
        ("ultra_processed_servings", "NaN"),
        ("bloating", "4"),
        ("abdominal_pain", "-1"),
        ("stool_type", "8"),
        ("antibiotics", "maybe"),
        ("probiotic_supplement", "2"),
        ("notes", "x" * 10_000),
    ],
)
def test_bad_day_input_is_a_field_error_and_nothing_is_saved(client_a, field, value):
    response = client_a.post(URL, day_post(checkins=[{"mood": 3}], **{"sleep_hours": "7", field: value}))
    assert response.status_code == 200
    assert f'id="id_{field}-errors"' in response.content.decode()
    assert "Nothing was saved" in response.content.decode()
    assert row_counts() == (0, 0, 0, 0)


@pytest.mark.parametrize(
    "checkin",
    [
        {"mood": "6"},
        {"mood": "0"},
        {"anxiety": "2.5"},
        {"energy": "high"},
        {"mood": "3", "time": "25:00"},
        {"mood": "3", "note": "x" * 10_000},
    ],
)
def test_bad_checkin_input_is_a_field_error_and_nothing_is_saved(client_a, checkin):
    response = client_a.post(URL, day_post(checkins=[checkin], sleep_hours="7"))
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    assert row_counts() == (0, 0, 0, 0)


@pytest.mark.parametrize("servings", ["0", "20.1", "-1", "1.25", "lots"])
def test_bad_servings_are_a_field_error_and_nothing_is_saved(client_a, oats, servings):
    response = client_a.post(URL, day_post(meals=[{"meal_type": "lunch", "items": [(oats, servings)]}]))
    assert response.status_code == 200
    assert row_counts() == (0, 0, 0, 0)


def test_a_ten_thousand_character_meal_note_is_refused(client_a, oats):
    data = day_post(meals=[{"meal_type": "lunch", "description": "x" * 10_000, "items": [(oats, 1)]}])
    response = client_a.post(URL, data)
    assert "at most 2000 characters" in response.content.decode()
    assert row_counts() == (0, 0, 0, 0)


def test_a_food_picked_without_servings_counts_one(client_a, user, oats):
    client_a.post(URL, day_post(meals=[{"meal_type": "lunch", "items": [(oats, "")]}]))
    assert MealItem.objects.get().servings == Decimal("1")


@pytest.mark.parametrize("food_id", ["999999", "abc", "-1", "1.5"])
def test_a_tampered_food_id_is_a_field_error_and_nothing_is_saved(client_a, food_id):
    data = day_post(meals=[{"meal_type": "lunch", "items": [(food_id, 1)]}], sleep_hours="7")
    response = client_a.post(URL, data)
    assert response.status_code == 200
    assert "Choose a food from the list" in response.content.decode()
    assert row_counts() == (0, 0, 0, 0)


@pytest.mark.parametrize(
    "management",
    [
        {"checkins-TOTAL_FORMS": "abc"},
        {"meals-TOTAL_FORMS": "-3"},
        {"checkins-INITIAL_FORMS": "5"},
        {"meals-0-items-TOTAL_FORMS": "x"},
        {"meals-TOTAL_FORMS": "99999"},
    ],
)
def test_a_tampered_management_form_never_500s_and_saves_nothing(client_a, oats, management):
    data = day_post(checkins=[{"mood": 3}], meals=[{"meal_type": "lunch", "items": [(oats, 1)]}], sleep_hours="7")
    data.update(management)
    response = client_a.post(URL, data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert row_counts() == (0, 0, 0, 0)


@pytest.mark.parametrize("value", ["2023-02-30", "1999-12-31", "2024-13-01", "2024-3-1", "20240301", "today"])
def test_impossible_or_early_dates_are_refused_with_a_404(client_a, value):
    assert client_a.get(f"/day/{value}/").status_code == 404
    response = client_a.post(f"/day/{value}/", day_post(sleep_hours="7"))
    assert response.status_code == 404
    assert "can't be logged" in response.content.decode()
    assert row_counts() == (0, 0, 0, 0)


def test_the_first_of_january_2000_can_be_logged(client_a, user):
    assert client_a.post("/day/2000-01-01/", day_post(sleep_hours="7")).status_code == 302
    assert JournalDay.objects.get(user=user, date=dt.date(2000, 1, 1)).sleep_hours == Decimal("7")


def test_a_future_day_in_the_users_zone_is_refused(client_a, user):
    ProfileFactory(user=user, time_zone="Pacific/Kiritimati")
    today = today_for(user)
    tomorrow = today + dt.timedelta(days=1)
    assert client_a.get(reverse("day", args=[today])).status_code == 200
    assert client_a.get(reverse("day", args=[tomorrow])).status_code == 404
    assert client_a.post(reverse("day", args=[tomorrow]), day_post(sleep_hours="7")).status_code == 404
    assert row_counts() == (0, 0, 0, 0)


def test_today_has_a_previous_link_and_no_next_link(client_a, user):
    today = today_for(user)
    html = client_a.get(reverse("day", args=[today])).content.decode()
    assert 'rel="prev"' in html and 'rel="next"' not in html
    html = client_a.get(URL).content.decode()
    assert 'href="/day/2024-02-29/"' in html and 'href="/day/2024-03-02/"' in html


def test_same_as_yesterday_prefills_from_the_previous_logged_day_without_saving(client_a, user):
    JournalDayFactory(
        user=user,
        date=DAY - dt.timedelta(days=3),
        sleep_hours=Decimal("6.5"),
        sleep_quality=2,
        exercise_minutes=45,
        mindfulness_minutes=10,
        water_glasses=8,
        stress=4,
        bloating=3,
    )
    data = form_data(client_a.get(URL + "?copy=previous"))
    assert (data["sleep_hours"], data["sleep_quality"], data["exercise_minutes"]) == ("6.5", "2", "45")
    assert (data["mindfulness_minutes"], data["water_glasses"], data["stress"]) == ("10", "8", "4")
    assert data["bloating"] == ""
    assert JournalDay.objects.count() == 1


def test_same_as_yesterday_with_no_earlier_day_fills_nothing(client_a):
    data = form_data(client_a.get(URL + "?copy=previous"))
    assert data["sleep_hours"] == ""


def test_a_new_checkin_of_today_without_a_time_is_saved_at_now_in_the_users_zone(client_a, user, settings):
    from django.utils import timezone

    ProfileFactory(user=user, time_zone="Asia/Kolkata")
    today_url = reverse("day", args=[today_for(user)])
    client_a.post(today_url, day_post(checkins=[{"mood": 3}]))
    now = timezone.localtime(timezone=user.profile.zone)
    saved = MoodCheckIn.objects.get().time
    shown = dt.datetime.combine(now.date(), saved, tzinfo=now.tzinfo)
    assert abs((now - shown).total_seconds()) < 120


def test_a_new_checkin_of_another_day_keeps_no_time(client_a):
    client_a.post(URL, day_post(checkins=[{"mood": 3}]))
    assert MoodCheckIn.objects.get().time is None


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("url", ["/day/2024-03-01/", "/today/", "/history/", "/foods/new/"])
def test_every_journal_page_requires_login(client, db, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert row_counts() == (0, 0, 0, 0)


def test_without_javascript_a_food_picked_in_a_blank_row_is_saved(client_a, user, oats):
    data = form_data(client_a.get(URL))
    assert data["meals-0-items-0-food"] == ""  # a blank food row is there to use
    data["meals-0-items-0-food"] = str(oats.pk)
    data["meals-0-items-0-servings"] = "2"
    data["checkins-0-mood"] = "4"
    assert client_a.post(URL, data).status_code == 302
    assert MealItem.objects.get(meal__day__user=user).servings == Decimal("2")
    assert MoodCheckIn.objects.get().mood == 4
    assert Meal.objects.get().meal_type == "breakfast"


def test_same_as_yesterday_is_offered_only_when_there_is_a_day_to_copy(client_a, user):
    assert b"data-copy-previous" not in client_a.get(URL).content
    JournalDayFactory(user=user, date=DAY - dt.timedelta(days=3), sleep_hours=Decimal("6.5"))
    body = client_a.get(URL).content.decode()
    assert "data-copy-previous" in body
    assert '"sleep_hours": "6.5"' in body


@pytest.mark.parametrize("text", ["²", "٣", "1²"])
def test_a_food_row_of_digits_that_are_not_ascii_is_a_field_error(client_a, text):
    # str.isdigit() takes them, int() does not: they are a name no food has, never a server error.
    response = client_a.post(URL, day_post(meals=[{"meal_type": "lunch", "items": [(text, 1)]}]))
    assert response.status_code == 200
    assert "Choose a food from the list" in response.content.decode()
    assert not Meal.objects.exists()


def test_starring_a_food_named_by_digits_that_are_not_ascii_stars_nothing(client_a):
    data = day_post(meals=[{"meal_type": "lunch"}])
    data["favourite_food"] = "²"
    assert client_a.post(URL, data).status_code == 200
