"""The daily columns of the journal (docs/formats.md, the daily CSV), each named once.

Every layer reads this one module: the models' constraints and the forms (via
journal.constants), the analysis, the words of the Insights page, the guidance
choices, the exports and the commands. It imports nothing of Django, directly
or indirectly, so the framework-free statistics (insights.analysis and friends)
can read it too; tests/insights/test_django_free.py holds that.

The English words are marked with a local no-op gettext_noop: `makemessages`
extracts them by that name, and the display layer (journal.constants,
insights.wording) translates them when a person reads them.
"""

from dataclasses import dataclass
from decimal import Decimal


def gettext_noop(message: str) -> str:
    """Marks a message for translation without translating it (as django.utils.translation's, without Django)."""
    return message


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


@dataclass(frozen=True)
class Column:
    """One daily column. The words are untranslated message ids (see the module docstring)."""

    name: str
    range: ColumnRange | None = None  # None for the date and the notes
    label: str = ""  # inside a sentence: "your sleep averaged ..."
    title: str = ""  # at the start of a line: "Sleep"
    long_title: str = ""  # in a choice list, with its unit: "Sleep (hours)"
    unit: str | None = None  # beside a chart's numbers
    more_of: str | None = None  # "more of" it, starting a sentence: "Longer sleep"


# Order matters: it is the column order of the daily CSV. mood/anxiety/energy are
# day means of the check-ins (any decimal in range on export); one check-in's rating is whole.
COLUMNS: tuple[Column, ...] = (
    Column("date"),
    Column(
        "mood", _r("1", "5", 2), gettext_noop("mood"), gettext_noop("Mood"), gettext_noop("Mood"), gettext_noop("1–5")
    ),
    Column(
        "anxiety",
        _r("1", "5", 2),
        gettext_noop("anxiety"),
        gettext_noop("Anxiety"),
        gettext_noop("Anxiety"),
        gettext_noop("1–5"),
    ),
    Column(
        "energy",
        _r("1", "5", 2),
        gettext_noop("energy"),
        gettext_noop("Energy"),
        gettext_noop("Energy"),
        gettext_noop("1–5"),
    ),
    Column(
        "stress",
        _r("1", "5"),
        gettext_noop("stress"),
        gettext_noop("Stress"),
        gettext_noop("Stress"),
        gettext_noop("1–5"),
        gettext_noop("Higher stress"),
    ),
    Column(
        "sleep_hours",
        _r("0", "24", 1),
        gettext_noop("sleep"),
        gettext_noop("Sleep"),
        gettext_noop("Sleep (hours)"),
        gettext_noop("hours"),
        gettext_noop("Longer sleep"),
    ),
    Column(
        "sleep_quality",
        _r("1", "5"),
        gettext_noop("sleep quality"),
        gettext_noop("Sleep quality"),
        gettext_noop("Sleep quality"),
        gettext_noop("1–5"),
        gettext_noop("Better sleep quality"),
    ),
    Column(
        "exercise_minutes",
        _r("0", "1440"),
        gettext_noop("exercise"),
        gettext_noop("Exercise"),
        gettext_noop("Exercise (minutes)"),
        gettext_noop("minutes"),
        gettext_noop("More exercise"),
    ),
    Column(
        "mindfulness_minutes",
        _r("0", "1440"),
        gettext_noop("mindfulness"),
        gettext_noop("Mindfulness"),
        gettext_noop("Mindfulness (minutes)"),
        gettext_noop("minutes"),
        gettext_noop("More mindfulness"),
    ),
    Column(
        "water_glasses",
        _r("0", "40"),
        gettext_noop("water"),
        gettext_noop("Water"),
        gettext_noop("Water (glasses)"),
        gettext_noop("glasses"),
        gettext_noop("More water"),
    ),
    Column(
        "fiber_g",
        _r("0", "200", 1),
        gettext_noop("fiber"),
        gettext_noop("Fiber"),
        gettext_noop("Fiber (g)"),
        gettext_noop("g"),
        gettext_noop("More fiber"),
    ),
    Column(
        "probiotic_servings",
        _r("0", "20", 1),
        gettext_noop("probiotic foods"),
        gettext_noop("Probiotic foods"),
        gettext_noop("Probiotic servings"),
        gettext_noop("servings"),
        gettext_noop("More probiotic food"),
    ),
    Column(
        "added_sugar_servings",
        _r("0", "20", 1),
        gettext_noop("added sugar"),
        gettext_noop("Added sugar"),
        gettext_noop("Added sugar servings"),
        gettext_noop("servings"),
        gettext_noop("More added sugar"),
    ),
    Column(
        "ultra_processed_servings",
        _r("0", "20", 1),
        gettext_noop("ultra-processed food"),
        gettext_noop("Ultra-processed food"),
        gettext_noop("Ultra-processed servings"),
        gettext_noop("servings"),
        gettext_noop("More ultra-processed food"),
    ),
    Column(
        "bloating",
        _r("0", "3"),
        gettext_noop("bloating"),
        gettext_noop("Bloating"),
        gettext_noop("Bloating"),
        gettext_noop("0–3"),
        gettext_noop("More bloating"),
    ),
    Column(
        "abdominal_pain",
        _r("0", "3"),
        gettext_noop("abdominal pain"),
        gettext_noop("Abdominal pain"),
        gettext_noop("Abdominal pain"),
        gettext_noop("0–3"),
        gettext_noop("More abdominal pain"),
    ),
    Column(
        "stool_type",
        _r("1", "7"),
        gettext_noop("stool type"),
        gettext_noop("Stool type"),
        gettext_noop("Stool type"),
        gettext_noop("1–7"),
    ),
    Column(
        "antibiotics",
        _r("0", "1"),
        gettext_noop("antibiotics"),
        gettext_noop("Antibiotics"),
        gettext_noop("Antibiotics"),
        None,
        gettext_noop("Taking antibiotics"),
    ),
    Column("notes"),
)
BY_NAME: dict[str, Column] = {column.name: column for column in COLUMNS}

DAILY_COLUMNS: tuple[str, ...] = tuple(column.name for column in COLUMNS)
# The numeric columns, in CSV order: what the analysis reads.
NUMERIC_COLUMNS: tuple[str, ...] = tuple(column.name for column in COLUMNS if column.range is not None)
RANGES: dict[str, ColumnRange] = {column.name: column.range for column in COLUMNS if column.range is not None}
LABELS: dict[str, str] = {name: BY_NAME[name].label for name in NUMERIC_COLUMNS}
TITLES: dict[str, str] = {name: BY_NAME[name].title for name in NUMERIC_COLUMNS}
LONG_TITLES: dict[str, str] = {name: BY_NAME[name].long_title for name in NUMERIC_COLUMNS}
UNITS: dict[str, str] = {c.name: c.unit for c in COLUMNS if c.unit is not None}
MORE_OF: dict[str, str] = {c.name: c.more_of for c in COLUMNS if c.more_of is not None}

RATING_RANGE = _r("1", "5")  # one check-in's mood, anxiety or energy
SERVINGS_RANGE = _r("0.1", "20", 1)  # one meal item's servings

# What the analysis tests (docs/statistics.md): outcomes against factors, the factor
# leading by a lag of 0, 1 or 2 days.
OUTCOMES: tuple[str, ...] = ("mood", "anxiety", "energy", "bloating")
FACTORS: tuple[str, ...] = (
    "fiber_g",
    "probiotic_servings",
    "added_sugar_servings",
    "ultra_processed_servings",
    "water_glasses",
    "sleep_hours",
    "sleep_quality",
    "exercise_minutes",
    "mindfulness_minutes",
    "stress",
    "antibiotics",
    "bloating",
    "abdominal_pain",
)
BINARY_FACTORS: tuple[str, ...] = ("antibiotics",)
SYMPTOM_COLUMNS: tuple[str, ...] = ("bloating", "abdominal_pain")  # rated on the 0-3 severity scale
LAGS: tuple[int, ...] = (0, 1, 2)
# A lag in a list of links ("Fiber → mood, the day after").
LAG_WORDS: dict[int, str] = {
    0: gettext_noop("on the same day"),
    1: gettext_noop("the day after"),
    2: gettext_noop("two days after"),
}
# A lag in the readable report of the insights command, with its number.
LAG_TAGS: dict[int, str] = {
    0: gettext_noop("same day"),
    1: gettext_noop("the day after (lag 1)"),
    2: gettext_noop("two days after (lag 2)"),
}

# The choice words of the rated columns.
SYMPTOM_LEVELS: tuple[tuple[int, str], ...] = (
    (0, gettext_noop("None")),
    (1, gettext_noop("Mild")),
    (2, gettext_noop("Moderate")),
    (3, gettext_noop("Severe")),
)
MOOD_LABELS: dict[int, str] = {
    1: gettext_noop("Awful"),
    2: gettext_noop("Bad"),
    3: gettext_noop("Meh"),
    4: gettext_noop("Good"),
    5: gettext_noop("Great"),
}
ANXIETY_LABELS: dict[int, str] = {
    1: gettext_noop("Calm"),
    2: gettext_noop("A little uneasy"),
    3: gettext_noop("Uneasy"),
    4: gettext_noop("Anxious"),
    5: gettext_noop("Very anxious"),
}
ENERGY_LABELS: dict[int, str] = {
    1: gettext_noop("Exhausted"),
    2: gettext_noop("Tired"),
    3: gettext_noop("OK"),
    4: gettext_noop("Energetic"),
    5: gettext_noop("Full of energy"),
}
STRESS_LABELS: dict[int, str] = {
    1: gettext_noop("Calm"),
    2: gettext_noop("A little"),
    3: gettext_noop("Some"),
    4: gettext_noop("High"),
    5: gettext_noop("Overwhelmed"),
}
SLEEP_QUALITY_LABELS: dict[int, str] = {
    1: gettext_noop("Very poor"),
    2: gettext_noop("Poor"),
    3: gettext_noop("Fair"),
    4: gettext_noop("Good"),
    5: gettext_noop("Excellent"),
}
# Bristol Stool Form Scale (Lewis & Heaton 1997), described in our own words.
STOOL_TYPES: tuple[tuple[int, str], ...] = (
    (1, gettext_noop("Type 1: separate hard lumps, hard to pass")),
    (2, gettext_noop("Type 2: sausage-shaped but lumpy")),
    (3, gettext_noop("Type 3: sausage-shaped with cracks on the surface")),
    (4, gettext_noop("Type 4: smooth, soft sausage or snake")),
    (5, gettext_noop("Type 5: soft blobs with clear-cut edges")),
    (6, gettext_noop("Type 6: fluffy, mushy pieces with ragged edges")),
    (7, gettext_noop("Type 7: watery, no solid pieces")),
)
