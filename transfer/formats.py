"""Moving a journal in and out: the daily CSV, the full JSON and Daylio's CSV.

Every parser turns a file into the same plain `ParsedImport` (nothing touches
the database but a few reads), so one service, `services.run_import`, does all
the writing in one transaction whatever the format.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from journal.constants import EARLIEST_DATE

MAX_ERRORS = 20


def most_days(today: date) -> int:
    """How many dates a journal can hold: one file can never describe more days than this."""
    return (today - EARLIEST_DATE).days + 1


@dataclass(frozen=True)
class RowError:
    """One reason a file was refused. `row` counts data rows from 1 (the header is not a row)."""

    row: int | None
    column: str | None
    reason: str

    def __str__(self) -> str:
        place = {"row": self.row, "column": self.column, "reason": self.reason}
        if self.row is not None and self.column:
            return _('Row %(row)s, column "%(column)s": %(reason)s') % place
        if self.row is not None:
            return _("Row %(row)s: %(reason)s") % place
        if self.column:
            return _('Column "%(column)s": %(reason)s') % place
        return self.reason


class ImportRejected(Exception):
    """The whole file is refused; `errors` says why (at most MAX_ERRORS, `more` counts the rest)."""

    def __init__(self, errors: list[RowError], more: int = 0):
        self.errors = errors[:MAX_ERRORS]
        self.more = more + max(0, len(errors) - MAX_ERRORS)
        super().__init__(self.one_line())

    def lines(self) -> list[str]:
        lines = [str(error) for error in self.errors]
        if self.more:
            lines.append(_("… and %(count)s more") % {"count": self.more})
        return lines

    def one_line(self) -> str:
        return "; ".join(self.lines())


class UnmappedMoods(ImportRejected):
    """A Daylio file whose only fault is mood names we cannot score without the person's help."""

    def __init__(self, errors: list[RowError], moods: list[str]):
        self.moods = moods
        super().__init__(errors)


class Errors:
    """Collects RowErrors while a whole file is checked, so a person sees the problems at once.

    Only the first MAX_ERRORS are kept (the rest are counted), so a file of faults costs no more
    memory than a file of one.
    """

    def __init__(self) -> None:
        self.items: list[RowError] = []
        self.more = 0

    def add(self, row: int | None, column: str | None, reason: str) -> None:
        if len(self.items) < MAX_ERRORS:
            self.items.append(RowError(row, column, reason))
        else:
            self.more += 1

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise ImportRejected(self.items, self.more)


@dataclass
class CheckInData:
    time: time | None
    mood: int | None = None
    anxiety: int | None = None
    energy: int | None = None
    note: str = ""
    activities: str = ""
    scales: str = ""


@dataclass
class ItemData:
    food: str
    own: bool
    servings: Decimal


@dataclass
class MealData:
    meal_type: str
    time: time | None
    description: str = ""
    items: list[ItemData] = field(default_factory=list)


@dataclass
class DayData:
    date: date
    fields: dict[str, Any] = field(default_factory=dict)
    checkins: list[CheckInData] = field(default_factory=list)
    meals: list[MealData] = field(default_factory=list)


@dataclass
class ExperimentData:
    """One self-experiment of a JSON backup; `series` is the index (in the backup) of its series' first run."""

    change: str
    factor: str
    guidance: str | None  # a slug this server knows, else None
    outcome: str
    start: date
    length_days: int
    washout_days: int
    stopped_on: date | None = None
    series: int | None = None
    ticks: list[tuple[date, bool]] = field(default_factory=list)


@dataclass
class ScreenerData:
    """One PHQ-9 or GAD-7 result; its score is the sum of the answers, worked out when it is written."""

    instrument: str
    taken_on: date
    answers: list[int]
    safety_pending: bool = False


@dataclass
class ParsedImport:
    days: list[DayData]
    foods: list[dict[str, Any]] = field(default_factory=list)  # the user's own foods (JSON only)
    profile: dict[str, str] = field(default_factory=dict)  # display_name, time_zone (JSON only)
    food_matches: dict[str, int] = field(default_factory=dict)  # Daylio: food name -> times named
    # JSON only: self-experiments (series before repeats), the check-in plan, screener results.
    experiments: list[ExperimentData] = field(default_factory=list)
    checkin_plan: dict[str, Any] | None = None
    screeners: list[ScreenerData] = field(default_factory=list)
    # Apple Health: a day already in the journal gets only its blank fields filled (all given fields with
    # replace); its check-ins and meals are never touched. Other formats skip or replace whole days.
    reminders: dict[str, Any] | None = None  # JSON only: reminder time, email, push subscriptions
    fills_fields: bool = False
    # Values for the person's own trackers, by CSV column name: {"number:steps": {date: 8042}}.
    # Nothing stores them yet: the trackers feature takes them from here; until then the preview lists them.
    trackers: dict[str, dict[date, Decimal]] = field(default_factory=dict)
    # What was left out without refusing the file (values out of range, dates outside 2000..today).
    warnings: list[str] = field(default_factory=list)


ProgressCallback = Callable[[int, int], None]
"""progress(done, total): called now and then while a long file is read (rows, records or bytes)."""


def no_progress(done: int, total: int) -> None:
    return None
