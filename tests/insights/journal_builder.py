"""Synthetic journals for the insights tests: bulk-created, with a planted lagged effect.

Mood on day t follows the fiber eaten on day t-1 (a lag-1 link the engine must
find), and everything else is noise at a fixed seed.
"""

import datetime as dt
import random
from decimal import Decimal

from journal.models import JournalDay, MoodCheckIn
from journal.services import journal_changed

START = dt.date(2025, 1, 6)  # a Monday


def build_journal(
    user, days: int, start: dt.date = START, seed: int = 7, planted: bool = True, **day_fields
) -> list[JournalDay]:
    """`planted=False` gives pure noise: mood no longer follows fiber."""
    rng = random.Random(seed)
    fiber = [round(rng.uniform(5, 45), 1) for _ in range(days)]
    rows = [
        JournalDay(
            user=user,
            date=start + dt.timedelta(days=i),
            fiber_g=Decimal(str(fiber[i])),
            sleep_hours=Decimal(str(round(rng.uniform(5, 9), 1))),
            exercise_minutes=rng.randrange(0, 90),
            mindfulness_minutes=rng.randrange(0, 30),
            stress=rng.randint(1, 5),
            bloating=rng.randint(0, 1),
            abdominal_pain=0,
            **day_fields,
        )
        for i in range(days)
    ]
    JournalDay.objects.bulk_create(rows)
    saved = list(JournalDay.objects.filter(user=user, date__gte=start).order_by("date"))
    checkins = []
    for i, day in enumerate(saved):
        previous = fiber[i - 1] if i else 25
        mood = (1 if previous < 15 else 3 if previous < 30 else 5) if planted else rng.randint(1, 5)
        checkins.append(MoodCheckIn(day=day, time=dt.time(9), mood=mood, anxiety=rng.randint(1, 5), energy=3))
    MoodCheckIn.objects.bulk_create(checkins)
    journal_changed(user)
    return saved


def published_card(slug: str = "test-sleep-card", factor: str = "sleep_hours", rule: str = "always", **fields):
    """A published guidance item of the test's own: transactional (browser) tests empty the
    tables the seed migration filled, so no test here relies on the seeded cards."""
    from insights.models import Guidance

    defaults = {
        "title": slug.replace("-", " ").capitalize(),
        "body": "Some *sourced* advice.",
        "factor": factor,
        "rule": rule,
        "source_citation": "A study, 2020.",
        "source_url": "https://doi.org/10.1000/example",
        "published": True,
        **fields,
    }
    return Guidance.objects.update_or_create(slug=slug, defaults=defaults)[0]
