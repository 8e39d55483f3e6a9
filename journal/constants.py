"""The daily columns on the Django side: ranges and translated choice lists.

Everything here is built from journal.columns (the one, Django-free, list of the
daily columns and their words); this module adds Django's lazy translation for
forms, models and admin, so a range or a label can never disagree between them.
"""

from datetime import date

from django.utils.translation import gettext_lazy

from journal import columns
from journal.columns import DAILY_COLUMNS, RANGES, RATING_RANGE, SERVINGS_RANGE, ColumnRange

__all__ = [
    "ANXIETY_LABELS",
    "CHECKIN_COLUMNS",
    "CHECKIN_NOTE_MAX_LENGTH",
    "DAILY_COLUMNS",
    "DAY_FIELD_COLUMNS",
    "EARLIEST_DATE",
    "ENERGY_LABELS",
    "FOOD_TOTAL_COLUMNS",
    "MEAL_TIMES",
    "MOOD_LABELS",
    "NOTES_MAX_LENGTH",
    "RANGES",
    "RATING_RANGE",
    "RED_FLAG_FIELDS",
    "SERVINGS_RANGE",
    "SLEEP_QUALITY_LABELS",
    "STOOL_TYPES",
    "STRESS_LABELS",
    "SYMPTOM_LEVELS",
    "ColumnRange",
]

EARLIEST_DATE = date(2000, 1, 1)
NOTES_MAX_LENGTH = 2000
CHECKIN_NOTE_MAX_LENGTH = 2000

CHECKIN_COLUMNS: tuple[str, ...] = ("mood", "anxiety", "energy")
# Day-level columns stored on JournalDay itself (the check-in columns are derived).
DAY_FIELD_COLUMNS: tuple[str, ...] = tuple(c for c in DAILY_COLUMNS if c not in ("date", *CHECKIN_COLUMNS))
# Columns whose daily value is the sum of logged foods plus any amount entered directly.
FOOD_TOTAL_COLUMNS: tuple[str, ...] = (
    "fiber_g",
    "probiotic_servings",
    "added_sugar_servings",
    "ultra_processed_servings",
)


def _lazy(words: dict[int, str]) -> dict:
    return {value: gettext_lazy(message) for value, message in words.items()}


SYMPTOM_LEVELS = list(_lazy(dict(columns.SYMPTOM_LEVELS)).items())
MOOD_LABELS = _lazy(columns.MOOD_LABELS)
ANXIETY_LABELS = _lazy(columns.ANXIETY_LABELS)
ENERGY_LABELS = _lazy(columns.ENERGY_LABELS)
STRESS_LABELS = _lazy(columns.STRESS_LABELS)
SLEEP_QUALITY_LABELS = _lazy(columns.SLEEP_QUALITY_LABELS)
STOOL_TYPES = list(_lazy(dict(columns.STOOL_TYPES)).items())

RED_FLAG_FIELDS: tuple[str, ...] = ("blood_in_stool", "black_stool", "unintended_weight_loss", "severe_pain")

# The time a new meal of each type starts with on the day page (the person can change it).
MEAL_TIMES = {"breakfast": "08:00", "lunch": "12:30", "dinner": "19:00", "snack": "16:00"}
