"""Bearable's export CSV as days, check-ins and tracker values; docs/formats.md, "Bearable CSV".

One row is one thing logged: a mood, an energy rating, a symptom, the day's factors, a medicine,
last night's sleep… Rows of a date make one day. Each Mood row is a check-in of its own; an Energy
row joins a check-in of the same time of day that has no energy yet. The scales are mapped so that
order is kept (docs/formats.md): mood 0–10 -> ⌈mood / 2⌉ (0 as 1), energy 1–5 as it is (a file whose
energy goes above 5 is read as 1–10 and halved like mood), sleep quality 1–4 -> 1, 2, 4, 5,
symptom severity 0–4 -> 0, 1, 2, 3, 3.

Columns are found by name whatever their case, spacing or order; exports since about 2023 add a
`date formatted` column (2023-05-01), read before `date`. A row that cannot be read is listed with
its row and column; the person may import the rest (`skip_bad_rows`), as with Daylio.
"""

import csv
import math
import re
from collections import Counter
from collections.abc import Callable
from datetime import date, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.text import slugify

from journal.constants import CHECKIN_NOTE_MAX_LENGTH, EARLIEST_DATE, NOTES_MAX_LENGTH
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
    UnreadableRows,
    no_progress,
)

REQUIRED = ("category", "rating/amount", "detail")  # and a date: `date formatted` or `date`
DATE_COLUMNS = ("date formatted", "date")
MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTHS = {name: i for i, name in enumerate(MONTH_NAMES, start=1)}
ORDINAL = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})", re.IGNORECASE)  # 22nd Sep 2020
MONTH_FIRST = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", re.IGNORECASE)  # Sep 22, 2020
ISO = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ][0-9:.+\-Z ]*)?", re.IGNORECASE)  # 2020-09-22[T10:00Z]
SLASHED = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")  # 22/09/2020 or 09/22/2020: the file decides
WEEKDAY_PREFIX = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.IGNORECASE)
# Bearable's parts of the day, as clock times for the check-ins they hold; "all day" and blank have no time.
TIMES_OF_DAY = {
    "pre": time(6, 0),
    "early": time(6, 0),
    "am": time(9, 0),
    "morning": time(9, 0),
    "mid": time(13, 0),
    "midday": time(13, 0),
    "afternoon": time(13, 0),
    "pm": time(19, 0),
    "evening": time(19, 0),
    "all day": None,
    "allday": None,
    "": None,
}
CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?\s*(?:([ap])\.?m\.?)?", re.IGNORECASE)
SLEEP_QUALITY = {1: 1, 2: 2, 3: 4, 4: 5}
SLEEP_QUALITY_WORDS = {"awful": 1, "terrible": 1, "poor": 2, "bad": 2, "ok": 3, "okay": 3, "good": 4, "great": 5}
ENERGY_WORDS = {"v. low": 1, "very low": 1, "low": 2, "poor": 2, "ok": 3, "okay": 3, "good": 4, "high": 4}
ENERGY_WORDS |= {"v. high": 5, "very high": 5, "great": 5}
SEVERITY = {"none": 0, "mild": 1, "moderate": 2, "severe": 3, "extreme": 3, "unbearable": 3}
NAMED = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")  # "Headache (Mild)", "Hydroxyzine (mg)"
STOOL = re.compile(r"type\s*([1-7])\b", re.IGNORECASE)
# Sleep as hours: "7.5", "7,5", "7:30", "07:30:00", "7h 30m", "7 hrs 30 mins", "45m".
SLEEP_DECIMAL = re.compile(r"(\d{1,2})(?:[.,](\d{1,2}))?")
SLEEP_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::00)?")
SLEEP_WORDS = re.compile(r"(?:(\d{1,2})\s*h(?:ours?|rs?)?)?\s*(?:(\d{1,3})\s*m(?:in(?:ute)?s?)?)?", re.IGNORECASE)
SYMPTOM_COLUMNS = {  # symptoms our own columns record, on the same 0–3 scale
    "bloating": "bloating",
    "abdominal pain": "abdominal_pain",
    "stomach pain": "abdominal_pain",
    "stomach ache": "abdominal_pain",
    "stomachache": "abdominal_pain",
}
NOTE_CATEGORIES = {"food diary", "nutrition", "gratitudes", "gratitude", "notes", "note", "journal", "diary"}
MEDICINE_CATEGORIES = {
    "meds/supplements",
    "medication/supplements",
    "medications/supplements",
    "medication",
    "medications",
    "meds",
    "supplements",
}
MEASUREMENT_CATEGORIES = {"health measurements", "health measurement", "measurements"}
BOWEL_CATEGORIES = {"bowel movements", "bowel movement", "bm"}


def _header_name(name: str) -> str:
    """' Rating / Amount ' -> 'rating/amount', 'Time_of_day' -> 'time of day', 'Date Formatted' -> 'date formatted'."""
    name = name.replace("\ufeff", "").replace("_", " ").strip().lower()
    return re.sub(r"\s*/\s*", "/", " ".join(name.split()))


def _category_name(name: str) -> str:
    """'Meds & Supplements' -> 'meds/supplements', 'Bowel  Movements' -> 'bowel movements'."""
    name = " ".join(name.lower().split())
    return re.sub(r"\s*(?:/|&|\band\b)\s*", "/", name)


def looks_like_bearable(start: str) -> bool:
    """The first characters of a file, lower-cased: a header naming a category and a rating/amount beside a date."""
    line = start.lstrip("\ufeff").split("\n", 1)[0]
    try:
        names = {_header_name(name) for name in next(csv.reader([line]), [])}
    except csv.Error:
        return False
    return {"category", "rating/amount"} <= names and any(name in names for name in DATE_COLUMNS)


def parse_bearable_date(text: str, today: date, day_first: bool | None = None) -> tuple[date | None, str | None]:
    """'22nd Sep 2020', 'Sep 22, 2020', '2020-09-22' (a time after it ignored) -> a date; (None, reason) for
    '31st Feb 2021' or a date out of range. '05/04/2021' needs `day_first` (the file's other dates decide)."""
    text = WEEKDAY_PREFIX.sub("", text.strip())
    parts: tuple[int, int, int] | None = None  # year, month, day
    if match := ISO.fullmatch(text):
        parts = (int(match.group(1)), int(match.group(2)), int(match.group(3)))
    elif match := ORDINAL.fullmatch(text):
        month = MONTHS.get(match.group(2)[:3].lower())
        parts = (int(match.group(3)), month, int(match.group(1))) if month else None
    elif match := MONTH_FIRST.fullmatch(text):
        month = MONTHS.get(match.group(1)[:3].lower())
        parts = (int(match.group(3)), month, int(match.group(2))) if month else None
    elif match := SLASHED.fullmatch(text):
        first, second = int(match.group(1)), int(match.group(2))
        if day_first is None and first <= 12 and second <= 12 and first != second:
            return None, f"{text} could be day/month or month/day, and no other date of the file tells which"
        day_first = first > 12 or (second <= 12 and bool(day_first))
        parts = (int(match.group(3)), second, first) if day_first else (int(match.group(3)), first, second)
    if parts is None:
        return None, f"{text!r} is not a date such as 22nd Sep 2020 or 2020-09-22"
    try:
        value = date(*parts)
    except ValueError:
        return None, f"{text} is not a real date"
    if not EARLIEST_DATE <= value <= today:
        return None, f"{text} is before 2000 or after today"
    return value, None


def _day_first(texts: list[str]) -> bool | None:
    """Whether the file's slashed dates are day/month (True), month/day (False) or cannot tell (None)."""
    firsts = seconds = False
    for text in texts:
        if match := SLASHED.fullmatch(text.strip()):
            firsts |= int(match.group(1)) > 12
            seconds |= int(match.group(2)) > 12
    return None if firsts == seconds else firsts


def _number(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def sleep_hours(text: str) -> Decimal | None:
    """'9:45' -> 9.75, '7.5' and '7,5' -> 7.5, '7h 30m' -> 7.5, '45m' -> 0.75; None for what is not clearly hours."""
    text = text.strip()
    if match := SLEEP_CLOCK.fullmatch(text):
        minutes = int(match.group(2))
        return Decimal(int(match.group(1))) + Decimal(minutes) / 60 if minutes < 60 else None
    if match := SLEEP_DECIMAL.fullmatch(text):
        return Decimal(f"{match.group(1)}.{match.group(2) or 0}")
    match = SLEEP_WORDS.fullmatch(text)
    if match and (match.group(1) or match.group(2)):
        hours, minutes = int(match.group(1) or 0), int(match.group(2) or 0)
        if match.group(1) and minutes >= 60:
            return None
        return Decimal(hours) + Decimal(minutes) / 60
    return None


def _slug(name: str) -> str:
    """A slug for a name; a name of emoji or other signs alone gets one from its code points ('☕' -> 'u-2615')."""
    return slugify(name) or "u-" + "-".join(f"{ord(c):x}" for c in name if not c.isspace())[:40] or "unnamed"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _name(text: str) -> str:
    return " ".join(text.split())


class _Day:
    def __init__(self, day: date):
        self.data = DayData(date=day)
        self.checkins: list[CheckInData] = []
        self.sleep: Decimal | None = None
        self.notes: list[str] = []
        self.factors: dict[str, set[str]] = {}  # factor category -> the tags it listed that day

    def checkin(self, at: time | None, free: str) -> CheckInData:
        """The first check-in at this time whose `free` rating ("mood", "energy") is still blank, else a new one."""
        for checkin in self.checkins:
            if checkin.time == at and getattr(checkin, free) is None:
                return checkin
        self.checkins.append(CheckInData(time=at))
        return self.checkins[-1]


Write = Callable[[_Day], None]
"""What a checked row writes on its day."""


class _Reader:
    def __init__(self, header: list[str], today: date, day_first: bool | None):
        self.index: dict[str, int] = {}
        for i, name in enumerate(header):
            self.index.setdefault(_header_name(name), i)  # the first of two columns of one name
        self.width = len(header)
        self.today, self.day_first = today, day_first
        self.errors = Errors()
        self.bad_rows: set[int] = set()
        self.days: dict[date, _Day] = {}
        self.trackers = FileTrackers()
        self.energies: list[tuple[CheckInData, Decimal]] = []  # scale known once the whole file is read
        self.factor_tags: dict[str, set[str]] = {}  # tag column -> the factor categories that list it
        self.measured: set[tuple[date, str]] = set()
        self.unknown: dict[str, Counter[date]] = {}  # category as first written -> rows per date
        self.warnings: list[str] = []

    def cell(self, cells: list[str], name: str) -> str:
        i = self.index.get(name)
        return "" if i is None else cells[i].strip()

    def row(self, number: int, cells: list[str]) -> None:
        before = len(self.errors.items) + self.errors.more
        pending = self._row(number, cells)
        if len(self.errors.items) + self.errors.more > before:
            self.bad_rows.add(number)
        elif pending is not None:
            pending()

    def _row(self, number: int, cells: list[str]) -> Callable[[], None] | None:
        """Checks a row; returns what writing it does, run only when the row has no fault."""
        if len(cells) != self.width:
            self.errors.add(number, None, f"{len(cells)} cells where the header has {self.width}")
            return None
        day_date = self._date(number, cells)
        written_time = self.cell(cells, "time of day")
        at, known = self._time(written_time)
        if not known:
            self.errors.add(number, "time of day", f"{written_time!r} is not pre, am, mid, pm, all day or a clock time")
        if day_date is None or not known:
            return None
        category = self.cell(cells, "category")
        amount, detail, note = self.cell(cells, "rating/amount"), self.cell(cells, "detail"), self.cell(cells, "notes")
        note = "" if re.fullmatch(r"[\s.]*", note) else note  # Bearable writes ". " under its sleep rows
        action = self._action(number, day_date, at, _category_name(category), category, amount, detail)
        if action is None and not note:
            return None

        def write() -> None:
            day = self._day(day_date)
            if action is not None:
                action(day)
            if note:
                day.notes.append(note)

        return write

    def _day(self, day_date: date) -> _Day:
        return self.days.setdefault(day_date, _Day(day_date))

    def _date(self, number: int, cells: list[str]) -> date | None:
        for name in DATE_COLUMNS:
            text = self.cell(cells, name)
            if name in self.index and (text or name == "date"):
                value, reason = parse_bearable_date(text, self.today, self.day_first)
                if reason:
                    self.errors.add(number, name, reason)
                return value
        self.errors.add(number, DATE_COLUMNS[0], "the date is blank")
        return None

    @staticmethod
    def _time(text: str) -> tuple[time | None, bool]:
        key = " ".join(text.lower().split())
        if key in TIMES_OF_DAY:
            return TIMES_OF_DAY[key], True
        match = CLOCK.fullmatch(text)
        if not match:
            return None, False
        hour, minute, half = int(match.group(1)), int(match.group(2)), (match.group(3) or "").lower()
        if half:
            if not 1 <= hour <= 12:
                return None, False
            hour = hour % 12 + (12 if half == "p" else 0)
        if hour < 24 and minute < 60:
            return time(hour, minute), True
        return None, False

    def _action(
        self, number: int, on: date, at: time | None, key: str, category: str, amount: str, detail: str
    ) -> Write | None:
        """What a row of this category writes on its day, after checking it; None when it writes nothing."""
        if key == "mood":
            return self._mood(number, at, amount, detail)
        if key == "energy":
            return self._energy(number, at, amount, detail)
        if key == "sleep quality":
            return self._sleep_quality(number, amount, detail)
        if key == "sleep":
            return self._sleep(number, amount, detail)
        if key in ("symptom", "symptoms"):
            return self._symptom(number, amount, detail)
        if key == "factors" or key.endswith(" factors"):
            return self._factors(key, detail)
        if key in MEDICINE_CATEGORIES:
            return self._medicine(number, amount, detail)
        if key in MEASUREMENT_CATEGORIES:
            return self._measurement(number, on, amount, detail)
        if key in BOWEL_CATEGORIES:
            return self._bowel(category, amount, detail)
        text = detail or amount
        if key not in NOTE_CATEGORIES:
            # Any other category (a custom rating, a new one of Bearable's) is kept in the day's notes, as the
            # import promises (docs/formats.md, Bearable CSV), and the preview names it with its counts.
            self.unknown.setdefault(category or "(blank)", Counter())[on] += 1
        return (lambda day: day.notes.append(f"{category}: {text}")) if text else None

    def _rating(self, number: int, amount: str, low: int, high: int) -> Decimal | None:
        value = _number(amount)
        if value is None or not low <= value <= high:
            self.errors.add(number, "rating/amount", f"{amount!r} is not a rating from {low} to {high}")
            return None
        return value

    def _mood(self, number: int, at: time | None, amount: str, detail: str) -> Write | None:
        value = self._rating(number, amount, 0, 10)
        if value is None:
            return None
        mood = max(1, min(5, math.ceil(value / 2)))

        def write(day: _Day) -> None:
            checkin = day.checkin(at, "mood")
            checkin.mood = mood
            checkin.note = "\n".join(part for part in (checkin.note, detail) if part)[:CHECKIN_NOTE_MAX_LENGTH]

        return write

    def _energy(self, number: int, at: time | None, amount: str, detail: str) -> Write | None:
        word = ENERGY_WORDS.get(" ".join(detail.lower().split()))
        if not amount and word is not None:
            value = Decimal(word)
        else:
            rated = self._rating(number, amount, 0, 10)
            if rated is None:
                return None
            value = rated

        def write(day: _Day) -> None:
            checkin = day.checkin(at, "energy")
            checkin.energy = value  # on our scale once the file's scale is known (finish)
            self.energies.append((checkin, value))

        return write

    def _sleep_quality(self, number: int, amount: str, detail: str) -> Write | None:
        word = SLEEP_QUALITY_WORDS.get(detail.lower().strip())
        if not amount and word is not None:
            quality = word
        else:
            value = self._rating(number, amount, 1, 4)
            if value is None:
                return None
            quality = SLEEP_QUALITY[int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))]
        return lambda day: day.data.fields.__setitem__("sleep_quality", quality)

    def _sleep(self, number: int, amount: str, detail: str) -> Write | None:
        hours = sleep_hours(amount)
        if hours is None or not 0 <= hours <= 24:
            self.errors.add(number, "rating/amount", f"{amount!r} is not hours asleep such as 7:30, 7.5 or 7h 30m")
            return None

        def write(day: _Day) -> None:
            day.sleep = (day.sleep or Decimal(0)) + hours  # a nap adds to the night
            if detail:
                day.notes.append(f"Sleep: {detail}")

        return write

    def _symptom(self, number: int, amount: str, detail: str) -> Write | None:
        rating = _number(amount) if amount else None
        before = len(self.errors.items) + self.errors.more
        found: list[tuple[str, int]] = []
        for part in filter(None, (p.strip() for p in detail.split("|"))):
            match = NAMED.match(part)
            word = match.group(2).strip().lower() if match else ""
            name = match.group(1) if match and word in SEVERITY else part
            level = SEVERITY.get(word)
            if level is None:
                if rating is None or not 0 <= rating <= 4:
                    self.errors.add(
                        number, "detail", f"{part!r} has no severity (None, Mild, Moderate, Severe, Extreme)"
                    )
                    continue
                level = min(3, int(rating.quantize(Decimal(1), rounding=ROUND_HALF_UP)))
            found.append((_name(name), level))
        if not detail:
            self.errors.add(number, "detail", "a symptom without its name")
        if len(self.errors.items) + self.errors.more > before:
            return None
        columns = [(self._symptom_column(name), level) for name, level in found]

        def write(day: _Day) -> None:
            for column, level in columns:
                if column.startswith(f"{RATING}:"):
                    day.data.trackers[column] = max(Decimal(level), day.data.trackers.get(column, Decimal(0)))
                else:
                    day.data.fields[column] = max(level, day.data.fields.get(column, 0))

        return write

    def _symptom_column(self, name: str) -> str:
        return SYMPTOM_COLUMNS.get(name.lower()) or self.trackers.column(RATING, name, slug_from=_slug(name))

    def _factors(self, key: str, detail: str) -> Write | None:
        names = [_name(name) for name in detail.split("|") if name.strip()]
        tags = {self.trackers.column(TAG, name, slug_from=_slug(name)) for name in names}
        for tag in tags:
            self.factor_tags.setdefault(tag, set()).add(key)
        return lambda day: day.factors.setdefault(key, set()).update(tags)

    def _named_amount(
        self, number: int, amount: str, detail: str, blank: Decimal | None
    ) -> tuple[str, str, Decimal] | None:
        match = NAMED.match(detail)
        name, unit = (_name(match.group(1)), _name(match.group(2))) if match else (_name(detail), "")
        if not name:
            self.errors.add(number, "detail", "an amount without the name of what it measures")
            return None
        value = _number(amount) if amount else blank
        if value is None or value < 0 or value > NUMBER_MAX:
            self.errors.add(number, "rating/amount", f"{amount!r} is not an amount from 0 to {NUMBER_MAX}")
            return None
        return name, unit, value

    def _medicine(self, number: int, amount: str, detail: str) -> Write | None:
        named = self._named_amount(number, amount, detail, Decimal(1))
        if named is None:
            return None
        name, unit, value = named
        column = self.trackers.column(NUMBER, name, unit=unit, slug_from=_slug(f"{name} {unit}"))

        def write(day: _Day) -> None:
            if "probiotic" in name.lower():
                day.data.fields["probiotic_supplement"] = True
            day.data.trackers[column] = day.data.trackers.get(column, Decimal(0)) + value

        return write

    def _measurement(self, number: int, on: date, amount: str, detail: str) -> Write | None:
        named = self._named_amount(number, amount, detail, None)
        if named is None:
            return None
        name, unit, value = named
        column = self.trackers.column(NUMBER, name, unit=unit, slug_from=_slug(f"{name} {unit}"))

        def write(day: _Day) -> None:
            day.data.trackers[column] = value  # a reading: the day's last one is kept

        return write

    @staticmethod
    def _bowel(category: str, amount: str, detail: str) -> Write | None:
        match = STOOL.search(detail)
        value = int(match.group(1)) if match else None
        if value is None and amount.isdigit() and 1 <= int(amount) <= 7:
            value = int(amount)
        if value is None:
            text = detail or amount
            return (lambda day: day.notes.append(f"{category}: {text}")) if text else None
        return lambda day: day.data.fields.__setitem__("stool_type", value)

    def finish(self) -> list[DayData]:
        self._energy_scale()
        self._unknown_warnings()
        days = []
        for day in (self.days[d] for d in sorted(self.days)):
            if day.sleep is not None:
                if day.sleep > 24:
                    self.warnings.append(f"{day.data.date}: more than 24 hours of sleep in all, left out")
                else:
                    day.data.fields["sleep_hours"] = day.sleep.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            notes = "\n".join(note for note in day.notes if note)
            if len(notes) > NOTES_MAX_LENGTH:
                self.warnings.append(
                    f"{day.data.date}: the notes come to {len(notes)} characters; the first {NOTES_MAX_LENGTH} are kept"
                )
                notes = notes[:NOTES_MAX_LENGTH]
            if notes:
                day.data.fields["notes"] = notes
            day.data.checkins = sorted(
                (c for c in day.checkins if c.mood is not None or c.energy is not None),
                key=lambda c: c.time or time(),
            )
            for column, value in day.data.trackers.items():
                if column.startswith(f"{NUMBER}:"):  # a number tracker keeps one decimal (0.25 mg -> 0.3)
                    if value > NUMBER_MAX:
                        self.warnings.append(f"{day.data.date}: {column} comes to more than {NUMBER_MAX}, left out")
                    else:
                        day.data.trackers[column] = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            day.data.trackers = {c: v for c, v in day.data.trackers.items() if v <= NUMBER_MAX}
            self._tags(day)
            if day.data.fields or day.data.checkins or day.data.trackers:
                days.append(day.data)
        return days

    def _energy_scale(self) -> None:
        """Energy 0–5 as it is (0 as 1); when any energy of the file is above 5 the file rates 1–10: ⌈e / 2⌉."""
        tenths = any(value > 5 for _checkin, value in self.energies)
        for checkin, value in self.energies:
            whole = math.ceil(value / 2) if tenths else int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
            checkin.energy = max(1, min(5, whole))

    def _tags(self, day: _Day) -> None:
        """A tag is 1 on a day a factor row lists it, 0 on a day whose rows of its factor categories lack it."""
        listed = set().union(*day.factors.values()) if day.factors else set()
        for tag, categories in sorted(self.factor_tags.items()):
            if tag in listed:
                day.data.trackers[tag] = Decimal(1)
            elif categories & day.factors.keys():
                day.data.trackers[tag] = Decimal(0)

    def _unknown_warnings(self) -> None:
        for category, dates in self.unknown.items():
            rows, count = sum(dates.values()), len(dates)
            self.warnings.append(
                f"Category {category!r}: {_count(rows, 'row')} on {_count(count, 'day')} kept as notes"
            )
        lost = sorted({d for dates in self.unknown.values() for d in dates} - self.days.keys())
        if lost:
            shown = ", ".join(d.isoformat() for d in lost[:10]) + (
                f" and {len(lost) - 10} more" if len(lost) > 10 else ""
            )
            self.warnings.append(
                f"Not imported, as they hold only such rows and those are blank: {_count(len(lost), 'day')} ({shown})"
            )


def parse_bearable(
    data: bytes, today: date, progress: ProgressCallback = no_progress, skip_bad_rows: bool = False
) -> ParsedImport:
    """The whole file checked first. Unreadable rows raise UnreadableRows (listed with row and column) unless
    `skip_bad_rows`; anything else wrong refuses the file with ImportRejected. Nothing is written here."""
    rows = read_rows(decode(data))
    header = [_header_name(name) for name in rows[0]]
    missing = [name for name in REQUIRED if name not in header]
    if not any(name in header for name in DATE_COLUMNS):
        missing.insert(0, "date")
    if missing:
        raise ImportRejected([RowError(None, name, "missing column: is this a Bearable export?") for name in missing])
    if len(rows) == 1:
        raise ImportRejected([RowError(None, None, "this export holds no rows, only its header")])
    dates = [header.index(name) for name in DATE_COLUMNS if name in header]
    reader = _Reader(rows[0], today, _day_first([row[i] for row in rows[1:] for i in dates if i < len(row)]))
    for number, cells in enumerate(rows[1:], start=1):
        reader.row(number, cells)
        if number % 500 == 0:
            progress(number, len(rows) - 1)
    days = reader.finish()
    skipped = _raise_faults(reader, len(rows) - 1, skip_bad_rows)
    if not days:
        reasons = reader.warnings or ["no row of this export holds anything this import reads"]
        raise ImportRejected([RowError(None, None, reason) for reason in reasons])
    return ParsedImport(days=days, trackers=reader.trackers.all(), skipped_rows=skipped, warnings=reader.warnings)


def _raise_faults(reader: _Reader, rows: int, skip_bad_rows: bool) -> list[RowError]:
    """Raises what is wrong with the file; returns the row errors skipped at the person's request."""
    if not reader.errors:
        return []
    row_errors = [e for e in reader.errors.items if e.row is not None]
    readable = rows - len(reader.bad_rows)
    if len(row_errors) < len(reader.errors.items) or readable <= 0:
        raise ImportRejected(reader.errors.items, reader.errors.more)
    if not skip_bad_rows:
        raise UnreadableRows(row_errors, readable, len(reader.bad_rows), reader.errors.more)
    return row_errors
