import datetime as dt
import json
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import profile_for
from checkins.models import CheckinPlan, ScreenerResult
from experiments.models import AdherenceTick, Experiment
from journal.models import Food, JournalDay, Meal, MoodCheckIn
from tests.factories import (
    FoodFactory,
    JournalDayFactory,
    MealFactory,
    MealItemFactory,
    MoodCheckInFactory,
    ProfileFactory,
    UserFactory,
)
from tests.transfer.conftest import catalogue_food
from transfer.formats import ImportRejected
from transfer.full_json import export_document, export_json
from transfer.services import parse_file, run_import

pytestmark = pytest.mark.django_db


def restore(user, data: bytes | str, replace=False):
    if isinstance(data, str):
        data = data.encode()
    return run_import(user, parse_file(user, data, "json"), replace=replace)


def comparable(user) -> dict:
    document = export_document(user)
    document.pop("exported_at")
    return document


def rejection(user, document) -> ImportRejected:
    data = document if isinstance(document, bytes) else json.dumps(document).encode()
    with pytest.raises(ImportRejected) as caught:
        parse_file(user, data, "json")
    return caught.value


@pytest.fixture
def full_journal(user):
    ProfileFactory(user=user, display_name="Alice", time_zone="Europe/Amsterdam")
    kimchi = catalogue_food("Kimchi", fiber_g=Decimal("1.2"), is_probiotic=True)
    porridge = FoodFactory(name="Gran's porridge", owner=user, fiber_g=Decimal("4.0"), is_high_fiber=True)
    day = JournalDayFactory(
        user=user, date=dt.date(2024, 5, 2), sleep_hours=Decimal("6.5"), bloating=2, blood_in_stool=True, notes="hm"
    )
    MoodCheckInFactory(day=day, time=dt.time(8, 15), mood=3, activities="work | walk", scales="Sleep: 7")
    MoodCheckInFactory(day=day, time=None, mood=None, anxiety=4, energy=None, note="late")
    meal = MealFactory(day=day, meal_type=Meal.MealType.LUNCH, time=dt.time(12, 30), description="with tea")
    MealItemFactory(meal=meal, food=kimchi, servings=Decimal("0.5"))
    MealItemFactory(meal=meal, food=porridge, servings=Decimal("2.0"))
    JournalDayFactory(user=user, date=dt.date(2024, 5, 3), antibiotics=False, probiotic_supplement=True)
    return user


def test_export_names_its_format_and_version(full_journal):
    document = json.loads(export_json(full_journal))
    assert (document["format"], document["version"]) == ("gut-mood-journal", 1)


def test_export_holds_everything_the_user_owns(full_journal):
    document = export_document(full_journal)
    assert document["profile"] == {"display_name": "Alice", "time_zone": "Europe/Amsterdam"}
    assert [food["name"] for food in document["foods"]] == ["Gran's porridge"]
    first = document["days"][0]
    assert (first["date"], first["sleep_hours"], first["bloating"], first["blood_in_stool"]) == (
        "2024-05-02",
        Decimal("6.5"),
        2,
        True,
    )
    assert [c["time"] for c in first["checkins"]] == [None, "08:15"] or len(first["checkins"]) == 2
    assert first["meals"][0]["items"] == [
        {"food": "Kimchi", "own": False, "servings": Decimal("0.5")},
        {"food": "Gran's porridge", "own": True, "servings": 2},
    ]


def test_export_never_shows_another_users_journal(full_journal, other_user):
    JournalDayFactory(user=other_user, date=dt.date(2024, 5, 9))
    FoodFactory(owner=other_user, name="Bob's bread")
    document = export_document(other_user)
    assert [d["date"] for d in document["days"]] == ["2024-05-09"]
    assert [f["name"] for f in document["foods"]] == ["Bob's bread"]


@pytest.mark.parametrize("size", [1, 20])
def test_export_costs_a_fixed_number_of_queries(full_journal, size, django_assert_num_queries):
    """Foods, days, check-ins, meals, meal items, trackers, their values, experiments, ticks, check-in plan,
    screeners, push subscriptions (the profile is already on the user here; a fresh user adds one query)."""
    CheckinPlan.objects.create(user=full_journal)
    for n in range(size):
        start = dt.date(2023, 1, 1) + dt.timedelta(days=n)
        JournalDayFactory(user=full_journal, date=start)
        experiment = Experiment.objects.create(user=full_journal, change=f"change {n}", outcome="mood", start=start)
        AdherenceTick.objects.create(experiment=experiment, date=start, done=True)
        ScreenerResult.objects.create(user=full_journal, instrument="gad7", taken_on=start, answers=[0] * 7, score=0)
    with django_assert_num_queries(12):
        document = export_document(full_journal)
    assert len(document["experiments"]) == len(document["screeners"]) == size
    assert {f"2023-01-{n + 1:02d}" for n in range(size)} <= {day["date"] for day in document["days"]}


def test_restore_into_a_new_account_gives_an_equal_export(full_journal):
    newcomer = UserFactory(username="alice2")
    summary = restore(newcomer, export_json(full_journal))
    assert comparable(newcomer) == comparable(full_journal)
    assert (summary.days_created, summary.checkins, summary.meals, summary.foods_created) == (2, 2, 1, 1)


def test_restoring_twice_changes_nothing(full_journal, counts):
    newcomer = UserFactory(username="alice2")
    backup = export_json(full_journal)
    restore(newcomer, backup)
    before = counts()
    restore(newcomer, backup)
    assert counts() == before


def test_restore_keeps_a_profile_the_person_already_set_unless_replacing(full_journal):
    newcomer = UserFactory(username="alice2")
    ProfileFactory(user=newcomer, display_name="A.", time_zone="Asia/Tokyo")
    restore(newcomer, export_json(full_journal))
    assert profile_for(newcomer).time_zone == "Asia/Tokyo"
    restore(newcomer, export_json(full_journal), replace=True)
    assert profile_for(newcomer).time_zone == "Europe/Amsterdam"


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (b"{not json", "the file is not valid JSON (line 1, column 2"),
        ({"format": "daylio", "version": 1}, 'this is not a Gut–Mood Journal backup (its "format" is not'),
        ([1, 2], "this is not a Gut–Mood Journal backup"),
        ({"format": "gut-mood-journal", "version": 2}, "made by a newer version (version 2)"),
        ({"format": "gut-mood-journal"}, 'the backup has no valid "version"'),
    ],
)
def test_another_format_or_a_newer_version_is_refused_clearly(user, counts, document, expected):
    before = counts()
    assert expected in rejection(user, document).one_line()
    assert counts() == before


def _document(**day) -> dict:
    return {"format": "gut-mood-journal", "version": 1, "days": [{"date": "2024-05-02", **day}]}


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ({"stress": 9}, 'Column "days[0].stress": 9 is outside 1–5'),
        ({"sleep_hours": "7"}, "Column \"days[0].sleep_hours\": '7' is not a number"),
        ({"date": "2024-13-01"}, 'Column "days[0].date": 2024-13-01 is not a real date'),
        ({"checkins": [{"time": "08:00"}]}, 'Column "days[0].checkins[0]": a check-in needs a mood'),
        ({"checkins": [{"mood": 2.555}]}, 'Column "days[0].checkins[0].mood": 2.555 has more than 2 decimal place(s)'),
        ({"checkins": [{"mood": 2, "time": "8h"}]}, "Column \"days[0].checkins[0].time\": '8h' is not a time"),
        ({"meals": [{"meal_type": "brunch"}]}, "Column \"days[0].meals[0].meal_type\": 'brunch' is not one of"),
        (
            {"meals": [{"meal_type": "lunch", "items": [{"food": "Unicorn", "own": False, "servings": 1}]}]},
            "'Unicorn' is not in this server's food catalogue",
        ),
        (
            {"meals": [{"meal_type": "lunch", "items": [{"food": "Kimchi", "own": False, "servings": 0}]}]},
            "0 is outside 0.1–20",
        ),
        ({"blood_in_stool": "yes"}, 'Column "days[0].blood_in_stool": must be true or false'),
        ({"notes": "a\u0000b"}, 'Column "days[0].notes": contains a NUL character'),
    ],
)
def test_a_bad_value_is_refused_with_its_path_and_nothing_is_written(user, counts, day, expected):
    catalogue_food("Kimchi")
    before = counts()
    assert expected in rejection(user, _document(**day)).one_line()
    assert counts() == before


def test_a_duplicate_date_is_refused(user):
    document = _document()
    document["days"].append({"date": "2024-05-02"})
    assert "2024-05-02 appears twice" in rejection(user, document).one_line()


def test_another_users_own_food_cannot_be_referenced(user, other_user):
    FoodFactory(owner=other_user, name="Bob's bread")
    meal = {"meal_type": "lunch", "items": [{"food": "Bob's bread", "own": True, "servings": 1}]}
    assert '"Bob\'s bread" is not in your own foods' in rejection(user, _document(meals=[meal])).one_line()


ratings = st.one_of(st.none(), st.integers(1, 5))
text = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=20)
checkin = st.fixed_dictionaries(
    {
        "time": st.one_of(st.none(), st.times().map(lambda t: t.replace(microsecond=0))),
        "mood": ratings,
        "anxiety": ratings,
        "energy": ratings,
        "note": text,
    }
).filter(lambda c: any(c[k] is not None for k in ("mood", "anxiety", "energy")))
day_strategy = st.fixed_dictionaries(
    {
        "sleep_hours": st.one_of(st.none(), st.integers(0, 240).map(lambda n: Decimal(n) / 10)),
        "stress": st.one_of(st.none(), st.integers(1, 5)),
        "fiber_g": st.one_of(st.none(), st.integers(0, 2000).map(lambda n: Decimal(n) / 10)),
        "antibiotics": st.one_of(st.none(), st.booleans()),
        "severe_pain": st.booleans(),
        "notes": text,
        "checkins": st.lists(checkin, max_size=3),
        "meals": st.lists(
            st.tuples(st.sampled_from(Meal.MealType.values), st.lists(st.integers(1, 200), max_size=3)), max_size=2
        ),
    }
)


def _build(user, days: list[dict], foods: list[Food]) -> None:
    for i, values in enumerate(days):
        values = dict(values)
        checkins, meals = values.pop("checkins"), values.pop("meals")
        day = JournalDay.objects.create(user=user, date=dt.date(2022, 1, 1) + dt.timedelta(days=i), **values)
        for c in checkins:
            MoodCheckIn.objects.create(day=day, **c)
        for meal_type, servings in meals:
            meal = Meal.objects.create(day=day, meal_type=meal_type)
            for j, amount in enumerate(servings):
                meal.items.create(food=foods[j % len(foods)], servings=Decimal(amount) / 10)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(days=st.lists(day_strategy, max_size=5))
def test_json_round_trip_is_exact_for_any_journal(days):
    original, restored = UserFactory(), UserFactory()
    foods = [FoodFactory(), FoodFactory(owner=original, name=f"own {original.pk}")]
    _build(original, days, foods)
    restore(restored, export_json(original))
    assert comparable(restored) == comparable(original)
