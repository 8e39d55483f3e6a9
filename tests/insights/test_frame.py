import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest

from insights.analysis import daily_frame
from insights.frame import load_frame
from journal.models import JournalDay
from journal.queries import daily_values_for
from tests.factories import FoodFactory, JournalDayFactory, MealFactory, MealItemFactory, MoodCheckInFactory
from tests.insights.journal_builder import START, build_journal

pytestmark = pytest.mark.django_db


def test_frame_has_one_row_per_calendar_day_with_gaps_missing(user):
    JournalDayFactory(user=user, date=dt.date(2025, 3, 1), sleep_hours=Decimal("7.5"))
    JournalDayFactory(user=user, date=dt.date(2025, 3, 4), sleep_hours=Decimal("6.0"))

    frame, _ = load_frame(user)

    assert len(frame) == 4
    assert list(frame["logged"]) == [True, False, False, True]
    assert frame["sleep_hours"].isna().tolist() == [False, True, True, False]
    assert frame["sleep_hours"].iloc[-1] == 6.0


def test_frame_adds_foods_to_entered_fiber_and_averages_checkins(user):
    day = JournalDayFactory(user=user, date=dt.date(2025, 3, 1), fiber_g=Decimal("4.0"))
    MealItemFactory(meal=MealFactory(day=day), food=FoodFactory(fiber_g=Decimal("3.0")), servings=Decimal("2.0"))
    MoodCheckInFactory(day=day, mood=2)
    MoodCheckInFactory(day=day, mood=5, time=dt.time(18))

    frame, _ = load_frame(user)

    assert frame["fiber_g"].iloc[0] == 10.0
    assert frame["mood"].iloc[0] == 3.5
    assert frame.dtypes["fiber_g"].kind == "f"


def test_frame_lists_the_dates_with_a_red_flag(user):
    JournalDayFactory(user=user, date=dt.date(2025, 3, 1))
    JournalDayFactory(user=user, date=dt.date(2025, 3, 2), blood_in_stool=True)

    _, red_flags = load_frame(user)

    assert red_flags == [dt.date(2025, 3, 2)]


def test_frame_holds_only_the_users_own_days(user, other_user):
    JournalDayFactory(user=user, date=dt.date(2025, 3, 1), stress=1)
    JournalDayFactory(user=other_user, date=dt.date(2025, 3, 1), stress=5)
    JournalDayFactory(user=other_user, date=dt.date(2025, 5, 1), stress=5)

    frame, _ = load_frame(user)

    assert len(frame) == 1
    assert frame["stress"].iloc[0] == 1


def test_an_empty_journal_gives_an_empty_frame(user):
    frame, red_flags = load_frame(user)

    assert frame.empty
    assert red_flags == []


@pytest.mark.parametrize("days", [10, 60])
def test_loading_costs_four_queries_whatever_the_length(user, days, django_assert_num_queries):
    """The days, the check-in means, the food totals and every tracker with its values."""
    build_journal(user, days)

    with django_assert_num_queries(4):
        frame, _ = load_frame(user)

    assert len(frame) == days
    assert frame.index[0].date() == START


def _reference_frame(user):
    """The frame built from journal.queries.daily_values_for, the export's own rows."""
    return daily_frame(daily_values_for(user))


def test_the_fast_loader_gives_the_same_frame_as_daily_values(user):
    build_journal(user, 40, antibiotics=False)
    days = list(JournalDay.objects.filter(user=user).order_by("date"))
    food = FoodFactory(fiber_g=Decimal("2.7"), is_probiotic=True, has_added_sugar=True)
    for day in days[::3]:
        MealItemFactory(meal=MealFactory(day=day), food=food, servings=Decimal("1.5"))
        MoodCheckInFactory(day=day, mood=2, anxiety=None, time=dt.time(20))
    JournalDayFactory(user=user, date=dt.date(2026, 1, 1), fiber_g=None, stress=None, antibiotics=True)

    frame, _ = load_frame(user)

    pd.testing.assert_frame_equal(frame, _reference_frame(user))
