"""Daylio's CSV export (docs/formats.md, Daylio import) as mood check-ins.

Columns are read by header name: older exports lack `note_title`, newer ones
add `scales`. Each row is one check-in at its time; several rows of a date
make one day. Activities that name a food in the catalogue (or the user's own
foods) are collected as possible snack items: the command line adds them, the
browser asks first.
"""

import re
from datetime import date, time
from decimal import Decimal

from django.utils.translation import gettext as _

from accounts.types import User
from journal.constants import CHECKIN_NOTE_MAX_LENGTH
from journal.models import Meal
from journal.queries import foods_for
from transfer.daily_csv import decode, parse_date, read_rows
from transfer.formats import (
    CheckInData,
    DayData,
    Errors,
    ImportRejected,
    ItemData,
    MealData,
    ParsedImport,
    RowError,
    UnmappedMoods,
)

STANDARD_MOODS = {"rad": 5, "good": 4, "meh": 3, "bad": 2, "awful": 1}
REQUIRED = ("full_date", "time", "mood")
CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::\d{2})?\s*([ap])?\.?\s*(m\.?)?", re.IGNORECASE)
LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def normalise_mood(name: str) -> str:
    return " ".join(name.split()).casefold()


def parse_mood_map(text: str) -> dict[str, int]:
    """'vaguely ok=3,fatigued=2' -> {'vaguely ok': 3, 'fatigued': 2}; ValueError says what is wrong."""
    mapping: dict[str, int] = {}
    for part in filter(str.strip, text.split(",")):
        name, sep, score = part.rpartition("=")
        if not sep or not name.strip() or score.strip() not in {"1", "2", "3", "4", "5"}:
            raise ValueError(f'mood map entry "{part.strip()}" must look like "name=1" … "name=5"')
        mapping[normalise_mood(name)] = int(score)
    return mapping


def parse_clock(text: str) -> time | None:
    """'6:50 pm', '10:04 AM', '14:58' or '08:13' -> a time; None if it is none of these."""
    match = CLOCK.fullmatch(text.strip())
    if not match or (match.group(3) is None) != (match.group(4) is None):
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if minute > 59:
        return None
    if match.group(3):
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match.group(3).lower() == "p" else 0)
    elif hour > 23:
        return None
    return time(hour, minute)


def _activities(text: str) -> list[str]:
    return [name.strip() for name in text.split("|") if name.strip()]


def _note(title: str, body: str) -> str:
    parts = [LINE_BREAK.sub("\n", part).strip() for part in (title, body)]
    return "\n".join(part for part in parts if part)


class _Reader:
    def __init__(self, header: list[str], today: date, moods: dict[str, int], foods: dict[str, tuple[str, bool]]):
        self.index = {name.strip().casefold(): i for i, name in enumerate(header)}
        self.width = len(header)
        self.today, self.moods, self.foods = today, moods, foods
        self.errors = Errors()
        self.unmapped: dict[str, int] = {}  # mood name as written -> first row

    def cell(self, cells: list[str], name: str) -> str:
        i = self.index.get(name)
        return "" if i is None else cells[i]

    def row(self, number: int, cells: list[str]) -> tuple[date, CheckInData, list[tuple[str, bool]]] | None:
        if len(cells) != self.width:
            self.errors.add(
                number,
                None,
                _("%(cells)s cells where the header has %(columns)s") % {"cells": len(cells), "columns": self.width},
            )
            return None
        day_date, reason = parse_date(self.cell(cells, "full_date"), self.today)
        if reason:
            self.errors.add(number, "full_date", reason)
        clock = parse_clock(self.cell(cells, "time"))
        if clock is None:
            self.errors.add(
                number,
                "time",
                _("%(value)s is not a time such as 6:50 pm or 14:58") % {"value": repr(self.cell(cells, "time"))},
            )
        mood = self._mood(number, self.cell(cells, "mood"))
        note = _note(self.cell(cells, "note_title"), self.cell(cells, "note"))
        if len(note) > CHECKIN_NOTE_MAX_LENGTH:
            self.errors.add(
                number,
                "note",
                _("%(length)s characters, more than %(limit)s")
                % {"length": len(note), "limit": CHECKIN_NOTE_MAX_LENGTH},
            )
        if day_date is None or clock is None or mood is None:
            return None
        activities = _activities(self.cell(cells, "activities"))
        checkin = CheckInData(
            time=clock,
            mood=mood,
            note=note,
            activities=" | ".join(activities),
            scales=self.cell(cells, "scales").strip(),
        )
        foods = [self.foods[a.casefold()] for a in activities if a.casefold() in self.foods]
        return day_date, checkin, foods

    def _mood(self, number: int, written: str) -> int | None:
        name = normalise_mood(written)
        if name in self.moods:
            return self.moods[name]
        if not name:
            self.errors.add(number, "mood", _("the mood is empty"))
        else:
            self.unmapped.setdefault(written.strip(), number)
        return None


def _base_name(name: str) -> str:
    """'Yogurt, plain (whole milk)' -> 'yogurt': what a person would call it in an activity."""
    return re.split(r"[,(]", name, maxsplit=1)[0].strip().casefold()


def _catalogue_by_name(user: User) -> dict[str, tuple[str, bool]]:
    """Lower-cased name -> (name, own). An exact name wins over a short one ('yogurt' for
    'Yogurt, plain (whole milk)'); the catalogue wins over the user's own foods; then the
    shortest, plainest name ('Yogurt, plain (whole milk)' before 'Yogurt, fruit-flavoured (sweetened)')."""
    foods = sorted(foods_for(user).values_list("name", "owner_id"), key=lambda f: (f[1] is not None, len(f[0]), f[0]))
    by_name = {name.casefold(): (name, owner is not None) for name, owner in reversed(foods)}
    for name, owner in foods:
        by_name.setdefault(_base_name(name), (name, owner is not None))
    return by_name


def _snack(checkin: CheckInData, foods: list[tuple[str, bool]]) -> MealData:
    items = [ItemData(food=name, own=own, servings=Decimal("1.0")) for name, own in dict.fromkeys(foods)]
    return MealData(meal_type=Meal.MealType.SNACK, time=checkin.time, items=items)


def parse_daylio(data: bytes, user: User, today: date, mood_map: dict[str, int] | None = None) -> ParsedImport:
    """The whole file checked first. Unknown moods alone raise UnmappedMoods (which lists them), so the
    browser can ask the person to score them; any other fault raises ImportRejected with its row."""
    rows = read_rows(decode(data))
    header = [name.strip().casefold() for name in rows[0]]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ImportRejected([RowError(None, name, _("missing column: is this a Daylio export?")) for name in missing])
    reader = _Reader(rows[0], today, {**STANDARD_MOODS, **(mood_map or {})}, _catalogue_by_name(user))
    days: dict[date, DayData] = {}
    matches: dict[str, int] = {}
    for number, cells in enumerate(rows[1:], start=1):
        parsed = reader.row(number, cells)
        if parsed is None:
            continue
        day_date, checkin, foods = parsed
        day = days.setdefault(day_date, DayData(date=day_date))
        day.checkins.append(checkin)
        if foods:
            day.meals.append(_snack(checkin, foods))
            for name, _own in foods:
                matches[name] = matches.get(name, 0) + 1
    _raise_faults(reader)
    ordered = [days[d] for d in sorted(days)]
    for day in ordered:
        day.checkins.sort(key=lambda c: c.time or time.min)  # every Daylio row has a time
        day.meals.sort(key=lambda m: m.time or time.min)
    return ParsedImport(days=ordered, food_matches=matches)


def _raise_faults(reader: _Reader) -> None:
    mood_errors = [
        RowError(
            row,
            "mood",
            _('"%(name)s" is not a Daylio mood; map it to 1–5 (e.g. --mood-map "%(name)s=3")') % {"name": name},
        )
        for name, row in reader.unmapped.items()
    ]
    if reader.errors:
        raise ImportRejected(sorted(reader.errors.items + mood_errors, key=lambda e: e.row or 0))
    if mood_errors:
        raise UnmappedMoods(mood_errors, list(reader.unmapped))


def without_food_matches(parsed: ParsedImport) -> ParsedImport:
    """The same import with the suggested snacks left out (the person did not confirm them)."""
    for day in parsed.days:
        day.meals = []
    parsed.food_matches = {}
    return parsed
