"""The cached daily frame (insights.frame.cached_frame) against a fresh load_frame.

A person's frame is kept with the journal version it was read at, and a change that names its dates
is read again for those dates only: any write path that changes a day without saying so (or names the
wrong date) leaves the cached frame behind a fresh read, which these tests catch.
"""

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from django.core.cache import cache

from accounts.models import today_for
from checkins.models import ScreenerResult
from insights import frame as frame_module
from insights.analysis import daily_arrays, variables_of
from insights.frame import cached_frame, cached_journal, load_checkins, load_frame
from insights.queries import compute_insights, insights_for
from journal.columns import DAILY_COLUMNS
from journal.models import JournalDay, Meal, MealItem, MoodCheckIn
from journal.services import (
    JOURNAL_CHANGES_KEY,
    KEPT_CHANGES,
    CheckInEntry,
    MealEntry,
    journal_changed,
    save_day,
)
from tests.factories import FoodFactory
from tests.insights.journal_builder import START, build_journal
from trackers.models import Tracker
from trackers.services import create_tracker, delete_tracker, rename_tracker, save_day_values
from transfer.services import parse_file, run_import

pytestmark = pytest.mark.django_db

WINDOW = 40  # the dates written to: the built journal's and a few days after it


def assert_cached_is_fresh(user) -> None:
    cached, cached_flags = cached_frame(user)
    fresh, fresh_flags = load_frame(user)
    pd.testing.assert_frame_equal(cached, fresh)
    assert cached_flags == fresh_flags
    # The cold page's own path (arrays built straight from the kept rows) reads the same days.
    journal, variables = cached_journal(user), variables_of(fresh)
    from_frame = daily_arrays(fresh, variables.columns)
    assert journal.variables == variables
    assert journal.arrays.start == from_frame.start
    np.testing.assert_array_equal(journal.arrays.values, from_frame.values)
    np.testing.assert_array_equal(journal.arrays.logged, from_frame.logged)
    assert journal.red_flag_dates == fresh_flags


def _date(rng: random.Random) -> dt.date:
    return START + dt.timedelta(days=rng.randrange(WINDOW))


def _day(user, rng: random.Random) -> JournalDay | None:
    days = list(JournalDay.objects.filter(user=user).order_by("date"))
    return rng.choice(days) if days else None


def save_fields(user, rng):
    fields = {"sleep_hours": Decimal(str(rng.choice([5.5, 7, 8.5]))), "stress": rng.randint(1, 5)}
    if rng.random() < 0.2:
        fields["blood_in_stool"] = rng.random() < 0.5
    save_day(user, _date(rng), fields)


def save_checkins(user, rng):
    day = _day(user, rng)
    entries = [CheckInEntry(None, dt.time(rng.randint(6, 22)), rng.randint(1, 5), rng.randint(1, 5), 3)]
    if day is not None and rng.random() < 0.5:
        entries += [CheckInEntry(c.pk, delete=True) for c in day.checkins.all()[:1]]
    save_day(user, day.date if day is not None else _date(rng), {}, checkins=entries)


def add_checkin_row(user, rng):
    day = _day(user, rng)
    if day is not None:
        MoodCheckIn.objects.create(day=day, time=dt.time(rng.randint(6, 22)), mood=rng.randint(1, 5))


def remove_checkin_row(user, rng):
    checkin = MoodCheckIn.objects.filter(day__user=user).order_by("?").first()
    if checkin is not None:
        checkin.delete()


def save_meal(user, rng, foods):
    items = [(rng.choice(foods), Decimal(str(rng.choice([0.5, 1, 2])))) for _ in range(rng.randint(1, 3))]
    save_day(user, _date(rng), {}, meals=[MealEntry(None, Meal.MealType.LUNCH, dt.time(13), items=items)])


def change_meal_rows(user, rng, foods):
    meal = Meal.objects.filter(day__user=user).order_by("?").first()
    if meal is None:
        return
    choice = rng.random()
    if choice < 0.4:
        MealItem.objects.create(meal=meal, food=rng.choice(foods), servings=Decimal("1.5"))
    elif choice < 0.7 and meal.items.exists():
        item = meal.items.first()
        item.servings = Decimal("3")
        item.save()
    elif choice < 0.85 and meal.items.exists():
        meal.items.first().delete()
    else:
        meal.delete()


def edit_day_row(user, rng):
    day = _day(user, rng)
    if day is not None:
        day.stress = rng.randint(1, 5)
        day.fiber_g = Decimal(str(rng.choice([2, 10.5, 30])))
        day.save()


def move_day(user, rng):
    """A day whose date is edited (the admin can): its old date must leave the frame."""
    day = _day(user, rng)
    taken = set(JournalDay.objects.filter(user=user).values_list("date", flat=True))
    free = [d for d in (START + dt.timedelta(days=n) for n in range(WINDOW)) if d not in taken]
    if day is not None and free:
        day.date = rng.choice(free)
        day.save()


def move_child_row(user, rng):
    """A check-in or a meal moved to another day (code can): the day it left changes too."""
    day = _day(user, rng)
    row = rng.choice([MoodCheckIn, Meal]).objects.filter(day__user=user).order_by("?").first()
    if day is not None and row is not None:
        row.day = day
        row.save()


def tracker_values(user, rng):
    trackers = list(Tracker.objects.filter(user=user))
    if trackers:
        values = {t: (None if rng.random() < 0.3 else Decimal(rng.randint(0, 3))) for t in trackers}
        save_day_values(user, _date(rng), values)


def change_trackers(user, rng):
    trackers = list(Tracker.objects.filter(user=user))
    choice = rng.random()
    if not trackers or choice < 0.5:
        create_tracker(user, kind=rng.choice(["tag", "rating", "number"]), name=f"tracker {rng.randrange(10**6)}")
    elif choice < 0.8:
        rename_tracker(rng.choice(trackers), name=f"renamed {rng.randrange(10**6)}")
    else:
        delete_tracker(rng.choice(trackers))


def change_food(user, rng, foods):
    """A food's fiber or flags count on every day that logged it (a catalogue food: everyone's)."""
    food = rng.choice(foods)
    food.fiber_g = Decimal(str(rng.choice([0, 1.5, 4, 9])))
    food.is_probiotic = rng.random() < 0.5
    food.save()


def import_days(user, rng):
    header = ",".join(DAILY_COLUMNS)
    rows = []
    for day in sorted({_date(rng) for _ in range(rng.randint(1, 4))}):
        cells = dict.fromkeys(DAILY_COLUMNS, "")
        cells.update(date=day.isoformat(), stress=str(rng.randint(1, 5)), mood=str(rng.randint(1, 5)))
        rows.append(",".join(cells[c] for c in DAILY_COLUMNS))
    data = ("\n".join([header, *rows]) + "\n").encode()
    run_import(user, parse_file(user, data, "csv"), replace=rng.random() < 0.5)


def delete_days(user, rng):
    if rng.random() < 0.5:
        day = _day(user, rng)
        if day is not None:
            day.delete()
    else:
        JournalDay.objects.filter(user=user, date__in=[_date(rng) for _ in range(5)]).delete()


def bulk_update(user, rng):
    """A bulk write sends no signal: its code names no dates (anything may have changed)."""
    JournalDay.objects.filter(user=user, date__lt=_date(rng)).update(water_glasses=rng.randint(1, 9))
    journal_changed(user)


def add_screener(user, rng):
    ScreenerResult.objects.update_or_create(
        user=user, instrument="phq9", taken_on=_date(rng), defaults={"score": rng.randint(0, 27), "answers": []}
    )


def _writes(foods) -> list[Callable]:
    with_foods = [save_meal, change_meal_rows, change_food]
    plain = [
        save_fields,
        save_checkins,
        add_checkin_row,
        remove_checkin_row,
        edit_day_row,
        move_day,
        move_child_row,
        tracker_values,
        change_trackers,
        import_days,
        delete_days,
        bulk_update,
        add_screener,
    ]
    return [*plain, *[lambda user, rng, write=write: write(user, rng, foods) for write in with_foods]]


@pytest.mark.parametrize("seed", range(6))
def test_after_any_sequence_of_writes_the_cached_frame_is_a_fresh_one(user, other_user, seed):
    rng = random.Random(seed)
    foods = [FoodFactory(owner=None, is_high_fiber=True), FoodFactory(owner=None), FoodFactory(owner=user)]
    build_journal(user, 30)
    build_journal(other_user, 10)
    create_tracker(user, kind="tag", name="coffee")
    assert_cached_is_fresh(user)
    writes = _writes(foods)
    for _step in range(30):
        write = rng.choice(writes)
        write(user, rng)
        if rng.random() < 0.3:  # another person's writes never disturb this one's frame
            save_fields(other_user, rng)
        if rng.random() < 0.8:  # now and then two writes before the next visit
            assert_cached_is_fresh(user)
    assert_cached_is_fresh(user)


def test_each_kind_of_write_is_caught(user):
    """Every write once, in turn, each followed by a visit (the random sequences may skip one)."""
    rng = random.Random(1)
    foods = [FoodFactory(owner=None), FoodFactory(owner=user)]
    build_journal(user, 30)
    create_tracker(user, kind="rating", name="pain")
    for write in _writes(foods) * 3:
        assert_cached_is_fresh(user)
        write(user, rng)
        assert_cached_is_fresh(user)


def test_a_saved_day_reads_only_its_date_again(user, django_assert_num_queries, monkeypatch):
    build_journal(user, 60)
    cached_frame(user)
    save_day(user, START + dt.timedelta(days=5), {"stress": 5})
    read = []
    real = frame_module.read_rows
    monkeypatch.setattr(frame_module, "read_rows", lambda *args, **kw: read.append(args[1:]) or real(*args, **kw))

    with django_assert_num_queries(4):  # the days, check-in means, food totals and tracker values of that date
        frame, _ = cached_frame(user)

    assert [args[0] for args in read] == [{START + dt.timedelta(days=5)}]
    assert frame["stress"].iloc[5] == 5
    assert_cached_is_fresh(user)


def test_a_lost_record_of_the_changes_reads_everything(user):
    build_journal(user, 20)
    cached_frame(user)
    JournalDay.objects.filter(user=user).update(stress=5)  # a bulk write: it names no dates
    journal_changed(user)
    cache.delete(JOURNAL_CHANGES_KEY.format(user_id=user.pk))  # the list of changes evicted
    journal_changed(user, [START])  # the walk back from here does not reach the kept rows' version

    assert_cached_is_fresh(user)


def test_more_changes_than_are_kept_read_everything(user):
    build_journal(user, KEPT_CHANGES + 10)
    cached_frame(user)
    for day in JournalDay.objects.filter(user=user):  # each save names its date; the oldest fall off the list
        day.stress = 5
        day.save()

    assert_cached_is_fresh(user)


def test_the_insights_are_those_of_a_fresh_frame(user):
    """The JSON after a run of cached-frame updates is the one a full computation gives."""
    rng = random.Random(5)
    foods = [FoodFactory(owner=None)]
    build_journal(user, 40)
    insights_for(user)
    for write in _writes(foods):
        write(user, rng)
        cached_contract = insights_for(user)["contract"]
        cache.delete(frame_module.frame_key(user.pk))
        today = today_for(user)
        assert cached_contract == compute_insights(user, today)["contract"]


def test_a_save_reads_back_only_the_persons_own_days(user, other_user):
    """The queries of a save's dates are compiled once and reused with the person and dates put in place:
    another person with days on the same dates (and check-ins, meals, screener scores, trackers) never
    shows in the frame, however many dates the save named."""
    build_journal(user, 30)
    build_journal(other_user, 30, seed=11)
    coffee = create_tracker(other_user, kind="tag", name="Coffee")
    save_day_values(other_user, START, {coffee: Decimal(1)})
    ScreenerResult.objects.create(user=other_user, instrument="phq9", taken_on=START, score=20, answers=[])
    cached_frame(user)
    for count in (1, 2, 5):
        dates = [START + dt.timedelta(days=k) for k in range(count)]
        for day in dates:
            save_day(other_user, day, {"stress": 5}, checkins=[CheckInEntry(None, dt.time(9), 1, 5, 1)])
            save_day(user, day, {"stress": 2})
        assert_cached_is_fresh(user)
        frame, _ = cached_frame(user)
        assert frame["logged"].sum() == 30
        assert frame.loc[pd.Timestamp(START) : pd.Timestamp(dates[-1]), "stress"].tolist() == [2] * count
        assert not any(column.startswith("tag:") for column in frame.columns)
    assert load_checkins(user) == []
