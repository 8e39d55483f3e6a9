"""The daily columns of PRODUCT.md 3.1 and their ranges, in one place.

Forms, database constraints, importers, the analysis frame and the docs all
read from here, so a range can never disagree between them.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

EARLIEST_DATE = date(2000, 1, 1)
NOTES_MAX_LENGTH = 2000
CHECKIN_NOTE_MAX_LENGTH = 2000


@dataclass(frozen=True)
class ColumnRange:
    low: Decimal
    high: Decimal
    decimals: int  # 0 for whole numbers

    @property
    def is_whole(self) -> bool:
        return self.decimals == 0


def _r(low: str, high: str, decimals: int = 0) -> ColumnRange:
    return ColumnRange(Decimal(low), Decimal(high), decimals)


# Order matters: it is the column order of the daily CSV.
DAILY_COLUMNS: tuple[str, ...] = (
    "date",
    "mood",
    "anxiety",
    "energy",
    "stress",
    "sleep_hours",
    "sleep_quality",
    "exercise_minutes",
    "mindfulness_minutes",
    "water_glasses",
    "fiber_g",
    "probiotic_servings",
    "added_sugar_servings",
    "ultra_processed_servings",
    "bloating",
    "abdominal_pain",
    "stool_type",
    "antibiotics",
    "notes",
)

# Ranges of the numeric columns. mood/anxiety/energy are day means (any decimal
# in range on export); a single check-in rating is whole.
RANGES: dict[str, ColumnRange] = {
    "mood": _r("1", "5", 2),
    "anxiety": _r("1", "5", 2),
    "energy": _r("1", "5", 2),
    "stress": _r("1", "5"),
    "sleep_hours": _r("0", "24", 1),
    "sleep_quality": _r("1", "5"),
    "exercise_minutes": _r("0", "1440"),
    "mindfulness_minutes": _r("0", "1440"),
    "water_glasses": _r("0", "40"),
    "fiber_g": _r("0", "200", 1),
    "probiotic_servings": _r("0", "20", 1),
    "added_sugar_servings": _r("0", "20", 1),
    "ultra_processed_servings": _r("0", "20", 1),
    "bloating": _r("0", "3"),
    "abdominal_pain": _r("0", "3"),
    "stool_type": _r("1", "7"),
    "antibiotics": _r("0", "1"),
}

RATING_RANGE = _r("1", "5")  # one check-in's mood, anxiety or energy
SERVINGS_RANGE = _r("0.1", "20", 1)  # one meal item's servings
# A new meal's time until the person changes it, by meal type (a drink has none: it can be any time).
MEAL_TIMES = {"breakfast": "08:00", "lunch": "12:30", "dinner": "19:00", "snack": "16:00"}

# Day-level columns stored on JournalDay itself (the rest are derived).
DAY_FIELD_COLUMNS: tuple[str, ...] = (
    "stress",
    "sleep_hours",
    "sleep_quality",
    "exercise_minutes",
    "mindfulness_minutes",
    "water_glasses",
    "fiber_g",
    "probiotic_servings",
    "added_sugar_servings",
    "ultra_processed_servings",
    "bloating",
    "abdominal_pain",
    "stool_type",
    "antibiotics",
    "notes",
)
CHECKIN_COLUMNS: tuple[str, ...] = ("mood", "anxiety", "energy")
# Columns whose daily value is the sum of logged foods plus any amount entered directly.
FOOD_TOTAL_COLUMNS: tuple[str, ...] = (
    "fiber_g",
    "probiotic_servings",
    "added_sugar_servings",
    "ultra_processed_servings",
)

SYMPTOM_LEVELS = [(0, _("None")), (1, _("Mild")), (2, _("Moderate")), (3, _("Severe"))]

MOOD_LABELS = {1: _("Awful"), 2: _("Bad"), 3: _("Meh"), 4: _("Good"), 5: _("Great")}
ANXIETY_LABELS = {1: _("Calm"), 2: _("A little uneasy"), 3: _("Uneasy"), 4: _("Anxious"), 5: _("Very anxious")}
ENERGY_LABELS = {1: _("Exhausted"), 2: _("Tired"), 3: _("OK"), 4: _("Energetic"), 5: _("Full of energy")}
STRESS_LABELS = {1: _("Calm"), 2: _("A little"), 3: _("Some"), 4: _("High"), 5: _("Overwhelmed")}
SLEEP_QUALITY_LABELS = {1: _("Very poor"), 2: _("Poor"), 3: _("Fair"), 4: _("Good"), 5: _("Excellent")}

# Bristol Stool Form Scale (Lewis & Heaton 1997), described in our own words.
STOOL_TYPES = [
    (1, _("Type 1: separate hard lumps, hard to pass")),
    (2, _("Type 2: sausage-shaped but lumpy")),
    (3, _("Type 3: sausage-shaped with cracks on the surface")),
    (4, _("Type 4: smooth, soft sausage or snake")),
    (5, _("Type 5: soft blobs with clear-cut edges")),
    (6, _("Type 6: fluffy, mushy pieces with ragged edges")),
    (7, _("Type 7: watery, no solid pieces")),
]

RED_FLAG_FIELDS: tuple[str, ...] = ("blood_in_stool", "black_stool", "unintended_weight_loss", "severe_pain")
