"""Many requests for the same day at once, through the real view, on PostgreSQL.

What "nothing lost" means for concurrent saves of the day page: each save writes the
day's own fields as one set (the final day carries exactly one thread's values, never a
mix of two), and a meal posted as new is added, so every thread's meal is there exactly
once with its own foods. An edit of the same existing meal ends as exactly one thread's
version of it, foods included. SQLite serialises every write and cannot show any of this.
"""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from django.urls import reverse

from journal.models import JournalDay, Meal, MealItem
from tests.factories import FoodFactory, JournalDayFactory, MealFactory, MealItemFactory, UserFactory
from tests.journal.day_post import day_post
from transfer.formats import DayData, ItemData, MealData, ParsedImport
from transfer.services import run_import

pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="concurrency needs PostgreSQL's row locks; SQLite serialises all writes (runs in CI's PostgreSQL pass)",
    ),
    pytest.mark.django_db(transaction=True),
]

THREADS = 20
DAY = dt.date(2024, 3, 1)


def _run_at_once(jobs: list) -> list:
    """Runs each job in its own thread; a job sets up, returns its action, and the actions start together.

    Returns each action's result, or the exception it raised.
    """
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(index: int) -> None:
        try:
            action = jobs[index]()
            barrier.wait(timeout=30)
            results[index] = action()
        except Exception as exc:  # handed to the test, which fails on it
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _poster(user, url: str, data: dict[str, str]):
    """A job: a fresh client signs in during set-up; its action posts once."""

    def prepare():
        client = Client()
        client.force_login(user)
        return lambda: client.post(url, data).status_code

    return prepare


@pytest.fixture
def oats():
    return FoodFactory(name="Concurrency oats", fiber_g=Decimal("4.0"))


def test_twenty_first_saves_of_one_day_keep_one_row_and_every_meal(oats):
    user = UserFactory()
    url = reverse("day", args=[DAY])
    posts = [
        day_post(
            meals=[{"meal_type": "snack", "description": f"meal {i}", "items": [(oats, i + 1)]}],
            sleep_hours=f"{i % 12}.5",
            notes=f"thread {i}",
        )
        for i in range(THREADS)
    ]

    statuses = _run_at_once([_poster(user, url, data) for data in posts])

    assert statuses == [302] * THREADS
    day = JournalDay.objects.get(user=user, date=DAY)
    winner = int(day.notes.removeprefix("thread "))
    assert day.sleep_hours == Decimal(f"{winner % 12}.5")
    meals = {m.description: [item.servings for item in m.items.all()] for m in day.meals.all()}
    assert meals == {f"meal {i}": [Decimal(i + 1)] for i in range(THREADS)}


def test_twenty_edits_of_one_meal_end_as_exactly_one_threads_version(oats):
    user = UserFactory()
    day = JournalDayFactory(user=user, date=DAY, notes="start")
    meal = MealFactory(day=day, meal_type="lunch", description="start")
    MealItemFactory(meal=meal, food=oats, servings=1)
    url = reverse("day", args=[DAY])
    posts = [
        day_post(
            meals=[{"id": meal.pk, "meal_type": "lunch", "description": f"v{i}", "items": [(oats, i + 1)] * 2}],
            notes=f"v{i}",
        )
        for i in range(THREADS)
    ]

    statuses = _run_at_once([_poster(user, url, data) for data in posts])

    assert statuses == [302] * THREADS
    meal.refresh_from_db()
    version = int(meal.description.removeprefix("v"))
    assert [item.servings for item in meal.items.all()] == [Decimal(version + 1)] * 2
    assert (JournalDay.objects.count(), Meal.objects.count(), MealItem.objects.count()) == (1, 1, 2)


def _import_of(dates: list[dt.date], food_name: str) -> ParsedImport:
    meal = MealData(meal_type="dinner", time=None, description="imported", items=[ItemData(food_name, False, 2)])
    return ParsedImport(days=[DayData(d, {"notes": "imported", "stress": 3}, [], [meal]) for d in dates])


def _day_state(day: JournalDay) -> tuple:
    meals = sorted((m.description, tuple(i.servings for i in m.items.all())) for m in day.meals.all())
    return day.notes, day.stress, tuple(meals)


IMPORTED = ("imported", 3, (("imported", (Decimal(2),)),))
SAVED = ("saved", 1, (("saved", (Decimal(1),)),))
SAVED_OVER_IMPORT = ("saved", 1, (("imported", (Decimal(2),)), ("saved", (Decimal(1),))))


@pytest.mark.parametrize("replace", [False, True])
def test_an_import_racing_with_day_saves_leaves_each_day_whole(oats, replace):
    user = UserFactory()
    dates = [DAY + dt.timedelta(days=n) for n in range(10)]
    parsed = _import_of(dates, oats.name)
    meal = {"meal_type": "snack", "description": "saved", "items": [(oats, 1)]}
    saved = day_post(meals=[meal], notes="saved", stress=1)
    saves = [_poster(user, reverse("day", args=[d]), saved) for d in dates]

    def importer():
        return lambda: run_import(user, parsed, replace=replace)

    results = _run_at_once([importer, *saves])

    assert not [r for r in results if isinstance(r, Exception)], results
    assert results[1:] == [302] * len(dates)
    days = list(JournalDay.objects.filter(user=user).order_by("date"))
    assert [d.date for d in days] == dates
    # Either the import came first and a save then edited its day, or the save came first and the
    # import skipped (or, replacing, rewrote) that day.
    allowed = {IMPORTED, SAVED_OVER_IMPORT} if replace else {SAVED, SAVED_OVER_IMPORT}
    assert {_day_state(day) for day in days} <= allowed
    assert MealItem.objects.count() == sum(len(state[2]) for state in map(_day_state, days))
