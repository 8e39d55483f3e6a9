"""The database refuses out-of-range values even when the forms are bypassed (.update())."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from journal.constants import RANGES
from journal.models import RANGED_DAY_FIELDS, JournalDay, MealItem, MoodCheckIn
from tests.factories import JournalDayFactory, MealItemFactory, MoodCheckInFactory, UserFactory


def _refused(queryset, **values) -> bool:
    try:
        with transaction.atomic():
            queryset.update(**values)
    except IntegrityError:
        return True
    return False


@pytest.mark.django_db
@pytest.mark.parametrize("column", RANGED_DAY_FIELDS)
def test_each_day_column_is_range_checked_by_the_database(column):
    day = JournalDayFactory()
    r = RANGES[column]
    step = Decimal(1).scaleb(-r.decimals)
    days = JournalDay.objects.filter(pk=day.pk)
    assert _refused(days, **{column: r.high + step})
    if r.low - step >= 0:  # unsigned columns refuse negatives by type on some databases
        assert _refused(days, **{column: r.low - step})
    assert not _refused(days, **{column: r.high})
    assert not _refused(days, **{column: None})


@pytest.mark.django_db
def test_a_day_before_2000_is_refused_by_the_database():
    day = JournalDayFactory()
    assert _refused(JournalDay.objects.filter(pk=day.pk), date=dt.date(1999, 12, 31))


@pytest.mark.django_db
def test_one_day_per_user_and_date():
    day = JournalDayFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        JournalDay.objects.create(user=day.user, date=day.date)
    JournalDay.objects.create(user=UserFactory(), date=day.date)


@pytest.mark.django_db
@pytest.mark.parametrize("rating", ["mood", "anxiety", "energy"])
def test_checkin_ratings_are_range_checked_by_the_database(rating):
    checkin = MoodCheckInFactory()
    checkins = MoodCheckIn.objects.filter(pk=checkin.pk)
    assert _refused(checkins, **{rating: 6})
    assert _refused(checkins, **{rating: 0})
    assert not _refused(checkins, **{rating: 5})


@pytest.mark.django_db
def test_a_checkin_without_any_rating_is_refused_by_the_database():
    checkin = MoodCheckInFactory()
    assert _refused(MoodCheckIn.objects.filter(pk=checkin.pk), mood=None, anxiety=None, energy=None)


@pytest.mark.django_db
def test_meal_item_servings_are_range_checked_by_the_database():
    item = MealItemFactory()
    items = MealItem.objects.filter(pk=item.pk)
    assert _refused(items, servings=Decimal("0"))
    assert _refused(items, servings=Decimal("20.1"))
    assert not _refused(items, servings=Decimal("0.1"))
