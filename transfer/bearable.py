"""Bearable's export CSV as days, check-ins and tracker values; docs/formats.md, "Bearable CSV".

One row is one thing logged: a mood, an energy rating, a symptom, the day's factors, a medicine,
last night's sleep… Rows of a date make one day; a mood and an energy rating logged at the same
time of day make one check-in. The scales are mapped so that order is kept (docs/formats.md):
mood 1–10 -> ⌈mood / 2⌉, energy 1–5 as it is, sleep quality 1–4 -> 1, 2, 4, 5.
"""

import math
import re
from datetime import date, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.text import slugify

from journal.constants import EARLIEST_DATE, NOTES_MAX_LENGTH
from trackers.kinds import NUMBER, NUMBER_MAX, RATING, TAG
from transfer.daily_csv import decode, read_rows
from transfer.formats import (
    CheckInData,
    DayData,
    Errors,
    FileTrackers,
    ImportRejected,
    ParsedImport,
    ProgressCallback,
    RowError,
    no_progress,
)

HEADER = ("date", "weekday", "time of day", "category", "rating/amount", "detail", "notes")
DATE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?\s+(\d{4})", re.IGNORECASE)
MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTHS = {name: i for i, name in enumerate(MONTH_NAMES, start=1)}
# Bearable's parts of the day, as clock times for the check-ins they hold; "all day" and blank have no time.
TIMES_OF_DAY = {"pre": time(6, 0), "am": time(9, 0), "mid": time(13, 0), "pm": time(19, 0), "all day": None, "": None}
CLOCK = re.compile(r"(\d{1,2}):(\d{2})")
SLEEP_QUALITY = {1: 1, 2: 2, 3: 4, 4: 5}
SEVERITY = {"none": 0, "mild": 1, "moderate": 2, "severe": 3, "extreme": 3, "unbearable": 3}
NAMED = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")  # "Headache (Mild)", "Hydroxyzine (mg)"
STOOL = re.compile(r"type\s*([1-7])\b", re.IGNORECASE)
SYMPTOM_COLUMNS = {  # symptoms our own columns record, on the same 0–3 scale
    "bloating": "bloating",
    "abdominal pain": "abdominal_pain",
    "stomach pain": "abdominal_pain",
    "stomach ache": "abdominal_pain",
    "stomachache": "abdominal_pain",
}


def looks_like_bearable(start: str) -> bool:
    """The first characters of a file, lower-cased: Bearable quotes every header cell."""
    return start.startswith('"date","weekday","time of day"') or start.startswith("date,weekday,time of day,")


def parse_bearable_date(text: str, today: date) -> tuple[date | None, str | None]:
    """'22nd Sep 2020' -> a date; (None, reason) for '31st Feb 2021' or a date out of range."""
    match = DATE.fullmatch(text.strip())
    month = MONTHS.get(match.group(2)[:3].lower()) if match else None
    if not match or month is None:
        return None, f"{text!r} is not a date such as 22nd Sep 2020"
    try:
        value = date(int(match.group(3)), month, int(match.group(1)))
    except ValueError:
        return None, f"{text} is not a real date"
    if not EARLIEST_DATE <= value <= today:
        return None, f"{text} is before 2000 or after today"
    return value, None


def _number(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _hours(text: str) -> Decimal | None:
    """'9:45' -> 9.75; a plain '7.5' is taken as hours too."""
    match = CLOCK.fullmatch(text.strip())
    if match and int(match.group(2)) < 60:
        return Decimal(int(match.group(1))) + Decimal(int(match.group(2))) / 60
    return _number(text)


def _slug(name: str) -> str:
    return slugify(name) or "unnamed"


class _Day:
    def __init__(self, day: date):
        self.data = DayData(date=day)
        self.checkins: dict[time | None, CheckInData] = {}
        self.sleep: Decimal | None = None
        self.notes: list[str] = []
        self.factors: set[str] | None = None  # None: no Factors row that day, so every tag stays blank

    def checkin(self, at: time | None) -> CheckInData:
        return self.checkins.setdefault(at, CheckInData(time=at))


class _Reader:
    def __init__(self, header: list[str], today: date):
        self.index = {name.strip().lower(): i for i, name in enumerate(header)}
        self.today = today
        self.errors = Errors()
        self.days: dict[date, _Day] = {}
        self.trackers = FileTrackers()

    def cell(self, cells: list[str], name: str) -> str:
        return cells[self.index[name]].strip()

    def row(self, number: int, cells: list[str]) -> None:
        if len(cells) != len(self.index):
            self.errors.add(number, None, f"{len(cells)} cells where the header has {len(self.index)}")
            return
        day_date, reason = parse_bearable_date(self.cell(cells, "date"), self.today)
        if reason:
            self.errors.add(number, "date", reason)
        at, known = self._time(self.cell(cells, "time of day"))
        if not known:
            self.errors.add(
                number,
                "time of day",
                f"{self.cell(cells, 'time of day')!r} is not pre, am, mid, pm, all day or a clock time",
            )
        if day_date is None or not known:
            return
        day = self.days.setdefault(day_date, _Day(day_date))
        category = self.cell(cells, "category")
        amount, detail = self.cell(cells, "rating/amount"), self.cell(cells, "detail")
        handler = {
            "mood": self._mood,
            "energy": self._energy,
            "sleep quality": self._sleep_quality,
            "sleep": self._sleep,
            "symptom": self._symptom,
            "symptoms": self._symptom,
            "factors": self._factors,
            "meds/supplements": self._medicine,
            "bowel movements": self._bowel,
        }.get(category.lower())
        if handler is None or not handler(number, day, at, amount, detail):
            day.notes.append(f"{category}: {detail or amount}" if (detail or amount) else "")
        if note := self.cell(cells, "notes"):
            day.notes.append(note)

    @staticmethod
    def _time(text: str) -> tuple[time | None, bool]:
        key = text.lower()
        if key in TIMES_OF_DAY:
            return TIMES_OF_DAY[key], True
        match = CLOCK.fullmatch(text)
        if match and int(match.group(1)) < 24 and int(match.group(2)) < 60:
            return time(int(match.group(1)), int(match.group(2))), True
        return None, False

    def _rating(self, number: int, amount: str, low: int, high: int, column: str = "rating/amount") -> Decimal | None:
        value = _number(amount)
        if value is None or not low <= value <= high:
            self.errors.add(number, column, f"{amount!r} is not a rating from {low} to {high}")
            return None
        return value

    def _mood(self, number: int, day: _Day, at: time | None, amount: str, detail: str) -> bool:
        value = self._rating(number, amount, 1, 10)
        if value is not None:
            checkin = day.checkin(at)
            checkin.mood = max(1, min(5, math.ceil(value / 2)))
            checkin.note = "\n".join(part for part in (checkin.note, detail) if part)
        return True

    def _energy(self, number: int, day: _Day, at: time | None, amount: str, detail: str) -> bool:
        value = self._rating(number, amount, 1, 5)
        if value is not None:
            day.checkin(at).energy = int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        return not detail

    def _sleep_quality(self, number: int, day: _Day, at: time | None, amount: str, detail: str) -> bool:
        value = self._rating(number, amount, 1, 4)
        if value is not None:
            day.data.fields["sleep_quality"] = SLEEP_QUALITY[int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))]
        return not detail

    def _sleep(self, number: int, day: _Day, at: time | None, amount: str, detail: str) -> bool:
        hours = _hours(amount)
        if hours is None or not 0 <= hours <= 24:
            self.errors.add(number, "rating/amount", f"{amount!r} is not hours asleep such as 9:45")
            return True
        day.sleep = (day.sleep or Decimal(0)) + hours  # a nap adds to the night
        if day.sleep > 24:
            self.errors.add(number, "rating/amount", "more than 24 hours of sleep on one day")
        return False  # the detail ("Asleep 02:45 - 12:30. In bed …") is kept as a note

    def _symptom(self, number: int, day: _Day, at: time | None, amount: str, detail: str) -> bool:
        rating = _number(amount) if amount else None
        for part in filter(None, (p.strip() for p in detail.split("|"))):
            match = NAMED.match(part)
            name, word = (match.group(1), match.group(2).lower()) if match else (part, "")
            level = SEVERITY.get(word)
            if level is None:
                if rating is None or not 0 <= rating <= 4:
                    self.errors.add(number, "detail", f"{part!r} has no severity (Mild, Moderate, Severe, Extreme)")
                    continue
                level = min(3, int(rating))
            self._max(day, name, Decimal(level))
        return True

    def _max(self, day: _Day, name: str, level: Decimal) -> None:
        column = SYMPTOM_COLUMNS.get(" ".join(name.lower().split()))
        if column:
            day.data.fields[column] = max(int(level), day.data.fields.get(column, 0))
            return
        values = day.data.trackers
        column = self.trackers.column(RATING, name, slug_from=_slug(name))
        values[column] = max(level, values.get(column, Decimal(0)))

    def _factors(self, number: int, day: _Day, at: time | None, amount: str, detail: str) -> bool:
        names = [name.strip() for name in detail.split("|") if name.strip()]
        day.factors = (day.factors or set()) | {
            self.trackers.column(TAG, name, slug_from=_slug(name)) for name in names
        }
        return True

    def _medicine(self, number: int, day: _Day, at: time | None, amount: str, detail: str) -> bool:
        match = NAMED.match(detail)
        name, unit = (match.group(1), match.group(2)) if match else (detail, "")
        if not name:
            return False
        value = _number(amount) if amount else Decimal(1)
        if value is None or value < 0:
            self.errors.add(number, "rating/amount", f"{amount!r} is not an amount")
            return True
        if "probiotic" in name.lower():
            day.data.fields["probiotic_supplement"] = True
        column = self.trackers.column(NUMBER, name, unit=unit, slug_from=_slug(f"{name} {unit}"))
        values = day.data.trackers
        values[column] = values.get(column, Decimal(0)) + value
        return True

    def _bowel(self, number: int, day: _Day, at: time | None, amount: str, detail: str) -> bool:
        match = STOOL.search(detail)
        value = int(match.group(1)) if match else None
        if value is None and amount.isdigit() and 1 <= int(amount) <= 7:
            value = int(amount)
        if value is None:
            return False
        day.data.fields["stool_type"] = value
        return True

    def finish(self) -> list[DayData]:
        days = []
        tags = sorted({tag for day in self.days.values() for tag in day.factors or ()})
        for day in (self.days[d] for d in sorted(self.days)):
            if day.sleep is not None:
                day.data.fields["sleep_hours"] = day.sleep.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            notes = "\n".join(note for note in day.notes if note)
            if len(notes) > NOTES_MAX_LENGTH:
                self.errors.add(
                    None,
                    "notes",
                    f"the notes of {day.data.date} come to {len(notes)} characters, more than {NOTES_MAX_LENGTH}",
                )
            if notes:
                day.data.fields["notes"] = notes
            day.data.checkins = sorted(
                (c for c in day.checkins.values() if c.mood is not None or c.energy is not None),
                key=lambda c: c.time or time(),
            )
            for column, value in day.data.trackers.items():
                if column.startswith(f"{NUMBER}:"):  # a number tracker keeps one decimal (0.25 mg -> 0.3)
                    day.data.trackers[column] = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
                    if value > NUMBER_MAX:
                        self.errors.add(None, "rating/amount", f"{column} on {day.data.date} is above {NUMBER_MAX}")
            if day.factors is not None:
                for tag in tags:
                    day.data.trackers[tag] = Decimal(1 if tag in day.factors else 0)
            days.append(day.data)
        return days


def parse_bearable(data: bytes, today: date, progress: ProgressCallback = no_progress) -> ParsedImport:
    """The whole file checked first; any fault refuses it with row and column, nothing written."""
    rows = read_rows(decode(data))
    header = [name.strip().lower() for name in rows[0]]
    missing = [name for name in HEADER if name not in header]
    if missing:
        raise ImportRejected([RowError(None, name, "missing column: is this a Bearable export?") for name in missing])
    reader = _Reader(rows[0], today)
    for number, cells in enumerate(rows[1:], start=1):
        reader.row(number, cells)
        if number % 500 == 0:
            progress(number, len(rows) - 1)
    days = reader.finish()
    reader.errors.raise_if_any()
    if not days:
        raise ImportRejected([RowError(None, None, "this export holds no rows")])
    return ParsedImport(days=days, trackers=reader.trackers.all())
