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

from django.utils.text import slugify
from django.utils.translation import gettext as _

from journal.constants import EARLIEST_DATE
from trackers.models import NAME_MAX_LENGTH, UNIT_MAX_LENGTH

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


class UnreadableRows(ImportRejected):
    """A file (Daylio, Bearable) whose rows are partly unreadable: the person may import the rest (`skip_bad_rows`)."""

    def __init__(self, errors: list[RowError], readable: int, bad_rows: int, more: int = 0):
        self.readable = readable
        self.row_count = bad_rows
        super().__init__(errors, more)


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
    """A check-in; a rating is whole, or (a day mean from a daily CSV) a Decimal of two places."""

    time: time | None
    mood: int | Decimal | None = None
    anxiety: int | Decimal | None = None
    energy: int | Decimal | None = None
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
    trackers: dict[str, Decimal] = field(default_factory=dict)  # column name (tag:coffee) -> value


@dataclass
class TrackerData:
    """A tracker a file names: by column (kind, slug) in a CSV, with name and unit in a JSON backup."""

    kind: str
    slug: str
    name: str = ""
    unit: str = ""
    archived: bool = False
    column_label: str = ""  # where the file names it, for errors ("tag:coffee", "trackers[0]")

    @property
    def column(self) -> str:
        return f"{self.kind}:{self.slug}"


class FileTrackers:
    """The trackers a file names, made as first met (for formats that name trackers in their own words:
    Apple Health, Daylio backups, Bearable): one per kind and slug, slugs and names unique within the file."""

    SLUG_LENGTH = 50

    def __init__(self) -> None:
        self.found: dict[tuple[str, str], TrackerData] = {}
        self.slugs: set[str] = set()
        self.names: set[str] = set()

    def column(self, kind: str, name: str, unit: str = "", slug_from: str = "", label: str = "") -> str:
        """The column (`tag:coffee`) of this tracker, made on first use; `slug_from` (default: the name)."""
        base = (slugify(slug_from or name) or kind)[: self.SLUG_LENGTH]
        found = self.found.get((kind, base))
        if found is None:
            found = TrackerData(kind=kind, slug=self._free_slug(base), name=self._free_name(name, unit or kind))
            found.unit, found.column_label = unit[:UNIT_MAX_LENGTH], label or name
            self.found[(kind, base)] = found
        return found.column

    def _free_slug(self, base: str) -> str:
        slug, n = base, 2
        while slug in self.slugs:
            slug, n = f"{base}-{n}", n + 1
        self.slugs.add(slug)
        return slug

    def _free_name(self, name: str, qualifier: str) -> str:
        name = " ".join(name.split())[:NAME_MAX_LENGTH] or qualifier
        candidate, n = name, 2
        if candidate.casefold() in self.names:
            candidate = f"{name} ({qualifier})"[:NAME_MAX_LENGTH]
        while candidate.casefold() in self.names:
            candidate, n = f"{name[: NAME_MAX_LENGTH - 4]} {n}", n + 1
        self.names.add(candidate.casefold())
        return candidate

    def all(self) -> list[TrackerData]:
        return list(self.found.values())


def tracker_series(parsed: "ParsedImport") -> dict[str, dict[date, Decimal]]:
    """The file's tracker values by column and date: {"number:steps": {date: 8042}}."""
    series: dict[str, dict[date, Decimal]] = {tracker.column: {} for tracker in parsed.trackers}
    for day in parsed.days:
        for column, value in day.trackers.items():
            series.setdefault(column, {})[day.date] = value
    return series


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
    reminders: dict[str, Any] | None = None  # JSON only: reminder time, email, push subscriptions
    # Apple Health: a day already in the journal gets only its blank fields (and tracker values it does
    # not hold yet) filled; its check-ins and meals are never touched. Other formats skip or replace days.
    fills_fields: bool = False
    # The trackers the file names (values are per day, in DayData.trackers), in the file's order
    # (CSV columns, JSON list, Apple Health / Daylio / Bearable in the order first met).
    trackers: list[TrackerData] = field(default_factory=list)
    skipped_rows: list[RowError] = field(default_factory=list)  # Daylio: unreadable rows left out on request
    # What was left out without refusing the file (values out of range, dates outside 2000..today).
    warnings: list[str] = field(default_factory=list)


ProgressCallback = Callable[[int, int], None]
"""progress(done, total): called now and then while a long file is read (rows, records or bytes)."""


def no_progress(done: int, total: int) -> None:
    return None
