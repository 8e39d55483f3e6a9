"""A journal for the report tests: days ending today, questionnaires and red flags on known dates."""

import datetime as dt
from decimal import Decimal

from checkins.models import Instrument
from journal.models import JournalDay, MoodCheckIn
from tests.checkins.factories import ScreenerResultFactory


def today() -> dt.date:
    """The test user's today (their profile's zone is UTC)."""
    return dt.datetime.now(dt.UTC).date()


def build_days(user, count: int, end: dt.date | None = None, **fields) -> list[JournalDay]:
    """`count` logged days ending on `end` (today by default), each with one check-in; bulk-created."""
    end = end or today()
    days = [
        JournalDay(
            user=user,
            date=end - dt.timedelta(days=i),
            sleep_hours=Decimal("7.0") + Decimal(i % 3),
            fiber_g=Decimal(str(15 + (i % 5) * 5)),
            stress=1 + i % 5,
            bloating=i % 4,
            abdominal_pain=i % 2,
            stool_type=1 + i % 7,
            notes=f"note of day {i}" if i % 10 == 0 else "",
            **fields,
        )
        for i in range(count)
    ]
    JournalDay.objects.bulk_create(days)
    saved = list(JournalDay.objects.filter(user=user).order_by("date"))
    MoodCheckIn.objects.bulk_create(
        MoodCheckIn(day=day, time=dt.time(9), mood=1 + i % 5, anxiety=5 - i % 5, energy=3)
        for i, day in enumerate(saved)
    )
    return saved


def build_screeners(user, end: dt.date | None = None) -> list:
    """Fortnightly PHQ-9 and GAD-7 results over the last 12 weeks, scores all different."""
    end = end or today()
    results = []
    for k in range(6):
        taken = end - dt.timedelta(days=14 * k + 1)
        results.append(ScreenerResultFactory(user=user, instrument=Instrument.PHQ9, taken_on=taken, score=3 + 4 * k))
        results.append(ScreenerResultFactory(user=user, instrument=Instrument.GAD7, taken_on=taken, score=2 + 3 * k))
    return results
