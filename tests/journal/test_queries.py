"""journal.queries.daily_values: the 3.1 columns of each day, blank kept blank, in a fixed number of queries."""

import datetime as dt
from decimal import Decimal

import pytest

from journal.queries import daily_values_for
from tests.factories import FoodFactory, JournalDayFactory, MealFactory, MealItemFactory, MoodCheckInFactory

pytestmark = pytest.mark.django_db


def test_mood_is_the_mean_of_the_days_check_ins(user):
    day = JournalDayFactory(user=user)
    MoodCheckInFactory(day=day, mood=3, anxiety=None, energy=4)
    MoodCheckInFactory(day=day, mood=4, anxiety=2, energy=None)
    [row] = daily_values_for(user)
    assert row["mood"] == Decimal("3.5")
    assert row["anxiety"] == Decimal("2")
    assert row["energy"] == Decimal("4")


def test_fiber_adds_logged_foods_to_the_amount_entered_directly(user):
    day = JournalDayFactory(user=user, fiber_g=Decimal("5.0"))
    oats = FoodFactory(fiber_g=Decimal("4.0"))
    kefir = FoodFactory(fiber_g=Decimal("0"), is_probiotic=True)
    MealItemFactory(meal=MealFactory(day=day), food=oats, servings=Decimal("1.5"))
    MealItemFactory(meal=MealFactory(day=day), food=kefir, servings=Decimal("2"))
    [row] = daily_values_for(user)
    assert row["fiber_g"] == Decimal("11.0")
    assert row["probiotic_servings"] == Decimal("2.0")


def test_a_day_with_foods_but_none_probiotic_counts_zero_probiotic_servings(user):
    day = JournalDayFactory(user=user)
    MealItemFactory(meal=MealFactory(day=day), food=FoodFactory(is_probiotic=False))
    [row] = daily_values_for(user)
    assert row["probiotic_servings"] == Decimal("0")


def test_nothing_recorded_stays_blank_never_zero(user):
    JournalDayFactory(user=user, sleep_hours=None, stress=None)
    [row] = daily_values_for(user)
    for column in ("mood", "sleep_hours", "stress", "fiber_g", "probiotic_servings", "antibiotics", "bloating"):
        assert row[column] is None, column
    assert row["notes"] == ""


def test_rows_are_oldest_first_and_only_the_users_own(user, other_user):
    JournalDayFactory(user=user, date=dt.date(2024, 3, 2))
    JournalDayFactory(user=user, date=dt.date(2024, 3, 1))
    JournalDayFactory(user=other_user, date=dt.date(2024, 3, 3))
    assert [row["date"] for row in daily_values_for(user)] == [dt.date(2024, 3, 1), dt.date(2024, 3, 2)]


@pytest.mark.parametrize("days", [3, 40])
def test_it_costs_three_queries_however_long_the_journal(user, django_assert_num_queries, days):
    for i in range(days):
        day = JournalDayFactory(user=user, date=dt.date(2024, 1, 1) + dt.timedelta(days=i))
        MoodCheckInFactory(day=day)
        MealItemFactory(meal=MealFactory(day=day))
    with django_assert_num_queries(3):
        rows = daily_values_for(user)
    assert len(rows) == days
