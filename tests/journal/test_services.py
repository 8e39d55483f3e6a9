"""save_day: the one write behind the day page."""

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
from django.db import IntegrityError
from django.http import Http404

from journal import services
from journal.models import JournalDay, Meal, MealItem, MoodCheckIn
from journal.services import CheckInEntry, MealEntry, journal_version, save_day
from tests.factories import FoodFactory, JournalDayFactory, MealItemFactory, MoodCheckInFactory

DAY = dt.date(2024, 3, 1)
pytestmark = pytest.mark.django_db


def counts():
    return (JournalDay.objects.count(), MoodCheckIn.objects.count(), Meal.objects.count(), MealItem.objects.count())


def test_it_creates_a_day_with_its_checkins_and_meals(user):
    oats = FoodFactory()
    day = save_day(
        user,
        DAY,
        {"sleep_hours": Decimal("7"), "notes": "ok"},
        [CheckInEntry(id=None, mood=4)],
        [MealEntry(id=None, meal_type="lunch", items=[(oats, Decimal("2"))])],
    )
    assert day.user == user and day.date == DAY and day.sleep_hours == Decimal("7")
    assert counts() == (1, 1, 1, 1)


def test_it_updates_an_existing_day_in_place(user):
    existing = JournalDayFactory(user=user, date=DAY, stress=1)
    day = save_day(user, DAY, {"stress": 5})
    assert day.pk == existing.pk
    assert JournalDay.objects.get().stress == 5


def test_an_empty_day_is_not_created(user):
    assert save_day(user, DAY, {"sleep_hours": None, "notes": ""}, [], [MealEntry(id=None)]) is None
    assert counts() == (0, 0, 0, 0)


def test_a_day_emptied_is_deleted(user):
    day = JournalDayFactory(user=user, date=DAY, sleep_hours=Decimal("7"), stress=None)
    checkin = MoodCheckInFactory(day=day)
    assert save_day(user, DAY, {"sleep_hours": None}, [CheckInEntry(id=checkin.pk, delete=True)]) is None
    assert counts() == (0, 0, 0, 0)


def test_a_red_flag_alone_keeps_a_day(user):
    assert save_day(user, DAY, {"blood_in_stool": True}) is not None


def test_meal_items_are_replaced_by_those_sent(user):
    day = JournalDayFactory(user=user, date=DAY)
    item = MealItemFactory(meal__day=day)
    new_food = FoodFactory()
    save_day(user, DAY, {"stress": 2}, meals=[MealEntry(id=item.meal_id, meal_type="dinner", items=[(new_food, 1)])])
    assert list(MealItem.objects.values_list("food_id", flat=True)) == [new_food.pk]
    assert Meal.objects.get().meal_type == "dinner"


def test_meal_items_not_sent_are_left_alone(user):
    day = JournalDayFactory(user=user, date=DAY)
    item = MealItemFactory(meal__day=day)
    save_day(user, DAY, {"stress": 2}, meals=[MealEntry(id=item.meal_id, meal_type="dinner", items=None)])
    assert MealItem.objects.get() == item


def test_an_id_not_of_this_day_raises_404_and_writes_nothing(user, other_user):
    foreign = MoodCheckInFactory(day__user=other_user, mood=1)
    with pytest.raises(Http404):
        save_day(user, DAY, {"stress": 3}, [CheckInEntry(id=foreign.pk, mood=5)])
    assert MoodCheckIn.objects.get().mood == 1
    assert not user.days.exists()


def test_a_race_on_the_first_save_is_retried_once(user):
    real = services._save_day
    calls = []

    def racing(*args):
        calls.append(1)
        if len(calls) == 1:
            raise IntegrityError("duplicate key")  # another request created the day first
        return real(*args)

    with mock.patch.object(services, "_save_day", side_effect=racing):
        day = save_day(user, DAY, {"stress": 4})
    assert len(calls) == 2
    assert day.stress == 4


def test_a_second_integrity_error_is_not_swallowed(user):
    with (
        mock.patch.object(services, "_save_day", side_effect=IntegrityError("again")),
        pytest.raises(IntegrityError),
    ):
        save_day(user, DAY, {"stress": 4})


def test_saving_retires_cached_insights(user):
    before = journal_version(user)
    save_day(user, DAY, {"stress": 4})
    assert journal_version(user) != before


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_first_saves_of_a_day_keep_one_row():
    import threading

    from django.db import connection, connections

    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs a server database")
    from tests.factories import UserFactory

    user = UserFactory()
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def save(day_date: dt.date, stress: int) -> None:
        try:
            barrier.wait()
            save_day(user, day_date, {"stress": stress})
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    days = [DAY - dt.timedelta(days=n) for n in range(5)]  # five races, to make a clash likely
    for day_date in days:
        threads = [threading.Thread(target=save, args=(day_date, n)) for n in (2, 4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert JournalDay.objects.filter(user=user).count() == 5
