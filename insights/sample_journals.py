"""Made-up journals the guidance preview runs a card against, so an editor sees who would get
it, where and with which figures without reading anybody's real journal.

Each sample is built in memory as the daily frame (docs/statistics.md; insights.analysis.daily_frame),
from a fixed seed and a fixed end date, so a preview shows the same figures every time. They are
patterned on the situations the seed guidance speaks to: a low-fiber diet, short nights, frequent
bloating with low mood (the doctor rule), and a red-flag symptom logged on one day.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from insights.analysis import daily_frame

DAYS = 56
LAST_DAY = date(2025, 3, 30)  # a Sunday; the red-flag window is counted back from it


@dataclass(frozen=True)
class SampleJournal:
    slug: str
    title: str | Promise
    description: str | Promise
    rows: list[dict[str, Any]]
    red_flag_dates: list[date] = field(default_factory=list)

    @property
    def today(self) -> date:
        return LAST_DAY

    def frame(self) -> pd.DataFrame:
        return daily_frame(self.rows)


Day = dict[str, Any]


def _days(seed: int, shape: Callable[[np.random.Generator, int, Day], None]) -> list[Day]:
    """DAYS ordinary days (mood about 3.5, 7.5 h of sleep, 25 g of fiber), each reshaped by `shape`."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(DAYS):
        day: Day = {
            "date": LAST_DAY - timedelta(days=DAYS - 1 - i),
            "mood": rng.normal(3.6, 0.5),
            "anxiety": rng.normal(2.4, 0.5),
            "energy": rng.normal(3.3, 0.5),
            "stress": rng.integers(1, 4),
            "sleep_hours": rng.normal(7.6, 0.6),
            "sleep_quality": rng.integers(3, 6),
            "exercise_minutes": rng.choice([0, 20, 30, 45]),
            "mindfulness_minutes": rng.choice([0, 0, 10]),
            "water_glasses": rng.integers(5, 9),
            "fiber_g": rng.normal(27, 4),
            "probiotic_servings": rng.choice([0, 1, 1, 2]),
            "added_sugar_servings": rng.choice([0, 1, 2]),
            "ultra_processed_servings": rng.choice([0, 1, 2]),
            "bloating": rng.choice([0, 0, 1]),
            "abdominal_pain": rng.choice([0, 0, 0, 1]),
            "stool_type": rng.integers(3, 6),
            "antibiotics": 0,
        }
        shape(rng, i, day)
        rows.append(_in_range(day))
    return rows


def _in_range(day: Day) -> Day:
    """Clipped to the journal's ranges and rounded as the journal stores them."""
    scales = {"mood": (1, 5, 2), "anxiety": (1, 5, 2), "energy": (1, 5, 2), "sleep_hours": (0, 24, 1)}
    scales |= {"fiber_g": (0, 200, 1), "stress": (1, 5, 0), "bloating": (0, 3, 0), "abdominal_pain": (0, 3, 0)}
    for column, (low, high, decimals) in scales.items():
        day[column] = round(float(min(max(day[column], low), high)), decimals)
    return day


def _low_fiber(rng: np.random.Generator, i: int, day: Day) -> None:
    day["fiber_g"] = rng.normal(13, 3)
    day["ultra_processed_servings"] = rng.choice([2, 3, 4])
    day["bloating"] = 2 if day["fiber_g"] < 11 else day["bloating"]


def _short_sleep(rng: np.random.Generator, i: int, day: Day) -> None:
    day["sleep_hours"] = rng.normal(5.9, 0.8)
    day["mood"] = 2.2 + 0.3 * day["sleep_hours"] + rng.normal(0, 0.25)
    day["energy"] = 1.6 + 0.3 * day["sleep_hours"] + rng.normal(0, 0.3)


def _bloating_low_mood(rng: np.random.Generator, i: int, day: Day) -> None:
    day["bloating"] = rng.choice([1, 2, 2, 3]) if i >= DAYS - 21 else rng.choice([0, 1, 2])
    day["abdominal_pain"] = rng.choice([1, 2, 2])
    day["mood"] = 3.4 - 0.55 * day["bloating"] + rng.normal(0, 0.3)
    day["anxiety"] = 2.2 + 0.5 * day["bloating"] + rng.normal(0, 0.3)


def _red_flag(rng: np.random.Generator, i: int, day: Day) -> None:
    if i == DAYS - 3:
        day["abdominal_pain"] = 3


SAMPLES: tuple[SampleJournal, ...] = (
    SampleJournal(
        "low-fiber",
        _("Low fiber"),
        _("About 13 g of fiber a day and plenty of ultra-processed food; bloated on the lowest days."),
        _days(11, _low_fiber),
    ),
    SampleJournal(
        "short-sleep",
        _("Short sleep"),
        _("About 6 hours a night; mood and energy follow the nights."),
        _days(12, _short_sleep),
    ),
    SampleJournal(
        "bloating-low-mood",
        _("Frequent bloating with low mood"),
        _("Moderate bloating or pain most days for three weeks, and mood low with it."),
        _days(13, _bloating_low_mood),
    ),
    SampleJournal(
        "red-flag",
        _("A red-flag day"),
        _("An otherwise ordinary journal with blood in the stool and severe pain logged two days before its last day."),
        _days(14, _red_flag),
        red_flag_dates=[LAST_DAY - timedelta(days=2)],
    ),
)
