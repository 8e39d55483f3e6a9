"""Daylio's CSV export (docs/formats.md, Daylio import) as mood check-ins.

Columns are read by header name: older exports lack `note_title`, newer ones
add `scales`. Each row is one check-in at its time; several rows of a date
make one day. Activities that name a food in the catalogue (or the user's own
foods) are collected as possible snack items: the command line adds them, the
browser asks first.

Each activity also becomes a tag tracker (PRODUCT 3.9): on a day with an entry it
is 1 when any entry of that day lists it and 0 otherwise; days without an entry
stay blank. The person may leave activities out (`leave_out_activities`).

Scales of newer exports ("Sleep Quality: 8/10 points | Sleep Time: 8:00"), per
docs/formats.md: "Sleep Time" (H:MM asleep) fills the day's sleep_hours; every
other scale becomes a number tracker named after it, holding the number before
any "/" ("8/10 points" -> 8, unit "points") or a H:MM duration in hours
("Awake mid-sleep: 1:00" -> 1.0, unit "hours"). With several entries in a day,
the day's last entry holding a scale gives its value.

Rows that cannot be read (a cell too many, a bad date, a time that is none of the forms below)
refuse the file with the row named, as the contract says of a malformed row, unless the person
chooses to import the readable rows and skip these (`skip_bad_rows`).

Real exports vary (docs/formats.md, "Daylio import"): a byte-order mark, CRLF line ends, columns in
another order or unknown ones, a header re-saved by a spreadsheet with `;` between cells, times
written the way the phone's language writes them ("8:15 p. m.", "午後8:15", "20.15").
"""

import re
from datetime import date, time
from decimal import ROUND_HALF_UP, Decimal

from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.types import User
from journal.constants import CHECKIN_NOTE_MAX_LENGTH
from journal.models import Meal
from journal.queries import foods_for
from trackers.kinds import NUMBER, NUMBER_MAX, TAG
from trackers.models import NAME_MAX_LENGTH, UNIT_MAX_LENGTH
from trackers.queries import trackers_for
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
    TrackerData,
    UnmappedMoods,
    UnreadableRows,
)

STANDARD_MOODS = {"rad": 5, "good": 4, "meh": 3, "bad": 2, "awful": 1}
# Words that suggest a score for a custom mood name (the preview page's default choice), strongest first.
# Besides English, the words Daylio and its users write in a few other languages; only a guess the person sees.
MOOD_WORDS: tuple[tuple[int, tuple[str, ...]], ...] = tuple(
    (score, tuple(words.split()))
    for score, words in (
        (
            1,
            "awful terrible horrible miserable depressed schrecklich furchtbar fatal horrível orribile "
            "terribile affreux ужасно 最悪",
        ),
        (
            5,
            "great rad amazing awesome excellent fantastic wonderful happy laughing super genial génial "
            "ótimo ottimo fantastico fantástico prima отлично 最高",
        ),
        (
            2,
            "bad sad tired fatigued helpless anxious stressed sleepy low down schlecht mal male triste müde "
            "cansado cansada fatigué fatiguée плохо 悪い",
        ),
        (3, "ok okay meh fine average so-so neutral normal bof regular così mittel нормально 普通"),
        (4, "good refreshed rested calm relaxed content captivated gut bien bem bene goed bom buono хорошо 良い"),
    )
)
SLEEP_TIME = "sleep time"
DURATION = re.compile(r"(\d{1,2}):(\d{2})")
AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:/\s*\d+(?:\.\d+)?)?\s*(.*)")
ONE_DECIMAL = Decimal("0.1")
REQUIRED = ("full_date", "time", "mood")
# A clock time, separated by ":" or "." ("20.15" in Danish or Finnish) or "h" ("20 h 15"), seconds ignored;
# whatever surrounds it must be an AM/PM marker, before or after, in one of the ways phones write them.
CLOCK = re.compile(r"(\d{1,2})\s*(?::|\.|h)\s*(\d{2})(?:[:.]\d{2})?")
MORNING = {"am", "午前", "上午", "오전", "ص", "πμ", "fm", "vorm"}
AFTERNOON = {"pm", "午後", "下午", "오후", "م", "μμ", "em", "nachm"}
MARKER_NOISE = re.compile(r"[\s.]+")
LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def normalise_mood(name: str) -> str:
    return " ".join(name.split()).casefold()


def guess_mood(name: str) -> int | None:
    """A default score for a custom mood name from its words ("vaguely ok" -> 3, "fatigued" -> 2); None: no idea."""
    words = re.findall(r"[\w-]+", normalise_mood(name))
    for score, known in MOOD_WORDS:
        if any(word in known for word in words):
            return score
    return None


def parse_scale(text: str) -> tuple[str, Decimal, str] | None:
    """'Sleep Quality: 8/10 points' -> ('Sleep Quality', 8, 'points'); 'Sleep Time: 8:00' -> (…, 8.0, 'hours')."""
    name, sep, value = text.partition(":")
    name, value = " ".join(name.split()), value.strip()
    if not sep or not name or not value:
        return None
    duration = DURATION.fullmatch(value)
    if duration:
        hours = Decimal(duration.group(1)) + Decimal(duration.group(2)) / 60
        return name, hours.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP), "hours"
    amount = AMOUNT.fullmatch(value)
    if not amount:
        return None
    number = Decimal(amount.group(1)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
    return (name, number, amount.group(2).strip()) if number <= NUMBER_MAX else None


def _scales(text: str) -> list[tuple[str, Decimal, str]]:
    return [scale for part in text.split("|") if (scale := parse_scale(part)) is not None]


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
    """'6:50 pm', '10:04 AM', '8:15 p. m.', '午後8:15', '14:58', '08:13' or '20.15' -> a time;
    None if it is none of these (an unknown marker, 13:00 pm, 24:00, 9:60)."""
    text = text.strip()
    match = CLOCK.search(text)
    if not match:
        return None
    marker = MARKER_NOISE.sub("", (text[: match.start()] + text[match.end() :]).casefold())
    hour, minute = int(match.group(1)), int(match.group(2))
    if minute > 59:
        return None
    if marker:
        if marker not in MORNING and marker not in AFTERNOON or not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if marker in AFTERNOON else 0)
    elif hour > 23:
        return None
    return time(hour, minute)


def _activities(text: str) -> list[str]:
    """The activities of a cell, trimmed, each once (the first spelling of a name kept, case aside)."""
    names: dict[str, str] = {}
    for name in text.split("|"):
        name = " ".join(name.split())
        if name:
            names.setdefault(name.casefold(), name)
    return list(names.values())


def _note(title: str, body: str) -> str:
    parts = [LINE_BREAK.sub("\n", part.replace("\r\n", "\n").replace("\r", "\n")).strip() for part in (title, body)]
    return "\n".join(part for part in parts if part)


class _Reader:
    def __init__(self, header: list[str], today: date, moods: dict[str, int], foods: dict[str, tuple[str, bool]]):
        self.index: dict[str, int] = {}
        for i, name in enumerate(header):
            self.index.setdefault(name.strip().casefold(), i)  # a repeated column: the first one counts
        self.width = len(header)
        self.today, self.moods, self.foods = today, moods, foods
        self.errors = Errors()
        self.unmapped: dict[str, tuple[str, int]] = {}  # mood key -> (name as first written, first row)
        self.bad_rows: set[int] = set()

    def cell(self, cells: list[str], name: str) -> str:
        i = self.index.get(name)
        return "" if i is None else cells[i]

    def row(self, number: int, cells: list[str]) -> tuple[date, CheckInData, list[tuple[str, bool]]] | None:
        before = len(self.errors.items) + self.errors.more  # counted past the cap too
        parsed = self._row(number, cells)
        if len(self.errors.items) + self.errors.more > before:
            self.bad_rows.add(number)
            return None
        return parsed

    def _row(self, number: int, cells: list[str]) -> tuple[date, CheckInData, list[tuple[str, bool]]] | None:
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
        if day_date is None or mood is None:
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
            self.unmapped.setdefault(name, (" ".join(written.split()), number))
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


def parse_daylio(
    data: bytes, user: User, today: date, mood_map: dict[str, int] | None = None, skip_bad_rows: bool = False
) -> ParsedImport:
    """The whole file checked first. Unknown moods alone raise UnmappedMoods (which lists them), so the
    browser can ask the person to score them; unreadable rows raise UnreadableRows unless `skip_bad_rows`;
    anything else raises ImportRejected with its row."""
    rows = read_rows(decode(data), delimiter=_delimiter(data))
    header = [name.strip().casefold() for name in rows[0]]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ImportRejected([RowError(None, name, _("missing column: is this a Daylio export?")) for name in missing])
    if len(rows) < 2:
        raise ImportRejected([RowError(None, None, _("the file has a header but no entries"))])
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
    skipped = _raise_faults(reader, len(rows) - 1, skip_bad_rows)
    ordered = [days[d] for d in sorted(days)]
    for day in ordered:
        day.checkins.sort(key=lambda c: c.time or time.min)  # every Daylio row has a time
        day.meals.sort(key=lambda m: m.time or time.min)
    existing = _existing_trackers(user)
    trackers = _activity_tags(ordered, existing)
    trackers += _scale_numbers(ordered, existing, trackers)
    return ParsedImport(days=ordered, food_matches=matches, trackers=trackers, skipped_rows=skipped)


def _delimiter(data: bytes) -> str:
    """ "," as Daylio writes; ";" only when the header has no comma at all but names Daylio's columns
    split by ";" (the file went through a spreadsheet set to a language that writes ";")."""
    first = data[:2000].decode("utf-8-sig", errors="replace").lstrip().split("\n", 1)[0]
    return ";" if _names_daylio_columns(first, ";") and "," not in first else ","


def _names_daylio_columns(line: str, delimiter: str) -> bool:
    names = {name.strip().strip('"').strip().casefold() for name in line.split(delimiter)}
    return all(name in names for name in REQUIRED)


def looks_like_daylio(start: str) -> bool:
    """Whether a file's first line is a Daylio header: `full_date`, `time` and `mood` among its names
    (in any order, quoted or not, separated by "," or ";")."""
    first = start.lstrip("\ufeff").lstrip().split("\n", 1)[0]
    return _names_daylio_columns(first, ",") or _names_daylio_columns(first, ";")


def activity_counts(parsed: ParsedImport) -> list[tuple[str, int]]:
    """Each activity's tag (as first written) with the number of days that list it, most days first."""
    tags = [t for t in parsed.trackers if t.kind == TAG and t.column_label]
    counts = {t.column: sum(1 for day in parsed.days if day.trackers.get(t.column) == 1) for t in tags}
    return sorted(((t.column_label, counts[t.column]) for t in tags), key=lambda item: (-item[1], item[0].casefold()))


def _existing_trackers(user: User) -> dict[str, tuple[str, str]]:
    """The person's trackers by lower-cased name -> (kind, slug): an activity joins a tracker of the same name."""
    rows = trackers_for(user).values_list("name", "kind", "slug")
    return {normalise_mood(name): (kind, slug) for name, kind, slug in rows}


def _activity_tags(days: list[DayData], existing: dict[str, tuple[str, str]]) -> list[TrackerData]:
    """A tag per activity; every day with an entry gets 1 or 0 for each."""
    tags: dict[str, TrackerData] = {}  # activity key -> tracker
    taken = {slug for _kind, slug in existing.values()}
    names = set(existing)
    for day in days:
        for checkin in day.checkins:
            for name in _activities(checkin.activities):
                key = normalise_mood(name)
                if key not in tags:
                    kind, slug = existing.get(key) or (TAG, _free_slug(name, taken))
                    taken.add(slug)
                    label = name if key in existing else _free_name(name, names)
                    tags[key] = TrackerData(kind=kind, slug=slug, name=label, column_label=name)
    for day in days:
        listed = {normalise_mood(a) for c in day.checkins for a in _activities(c.activities)}
        for key, tracker in tags.items():
            day.trackers[tracker.column] = Decimal(1) if key in listed else Decimal(0)
    return list(tags.values())


def _free_name(name: str, names: set[str]) -> str:
    """The name cut to what a tracker holds, unique (case aside) among `names`, which it joins."""
    name = " ".join(name.split())
    candidate, n = name[:NAME_MAX_LENGTH], 2
    while normalise_mood(candidate) in names:
        candidate, n = f"{name[: NAME_MAX_LENGTH - 4]} {n}", n + 1
    names.add(normalise_mood(candidate))
    return candidate


def _free_slug(name: str, taken: set[str]) -> str:
    base = (slugify(name) or "activity")[:50]
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _scale_numbers(
    days: list[DayData], existing: dict[str, tuple[str, str]], tags: list[TrackerData]
) -> list[TrackerData]:
    """Sleep Time to the day's sleep_hours; every other scale to a number tracker (the day's last value)."""
    numbers: dict[str, TrackerData] = {}
    taken = {t.slug for t in tags} | {slug for _kind, slug in existing.values()}
    names = set(existing) | {normalise_mood(t.name) for t in tags}
    for day in days:
        for checkin in day.checkins:
            for name, value, unit in _scales(checkin.scales):
                key = normalise_mood(name)
                if key == SLEEP_TIME:
                    if value <= 24:
                        day.fields["sleep_hours"] = value
                    continue
                if key not in numbers:
                    kind, slug = existing.get(key) or (NUMBER, _free_slug(name, taken))
                    taken.add(slug)
                    label = name if key in existing else _free_name(name, names)
                    numbers[key] = TrackerData(kind=kind, slug=slug, name=label, unit=unit[:UNIT_MAX_LENGTH])
                day.trackers[numbers[key].column] = value
    return list(numbers.values())


def leave_out_activities(parsed: ParsedImport, names: set[str]) -> ParsedImport:
    """The same import without these activities' tags (the activities stay in the check-ins' text)."""
    keys = {normalise_mood(name) for name in names}
    gone = {t.column for t in parsed.trackers if t.kind == TAG and normalise_mood(t.column_label) in keys}
    parsed.trackers = [t for t in parsed.trackers if t.column not in gone]
    for day in parsed.days:
        day.trackers = {column: value for column, value in day.trackers.items() if column not in gone}
    return parsed


def _raise_faults(reader: _Reader, rows: int, skip_bad_rows: bool) -> list[RowError]:
    """Raises what is wrong with the file; returns the row errors skipped at the person's request."""
    mood_errors = [
        RowError(row, "mood", _('"%(name)s" is not a Daylio mood; score it from 1 to 5') % {"name": name})
        for name, row in reader.unmapped.values()
    ]
    row_errors = [e for e in reader.errors.items if e.row is not None]
    readable = rows - len(reader.bad_rows)
    if reader.errors and len(row_errors) == len(reader.errors.items) and readable > 0:
        if not skip_bad_rows:
            raise UnreadableRows(row_errors, readable, len(reader.bad_rows), reader.errors.more)
    elif reader.errors:
        faults = sorted(reader.errors.items + mood_errors, key=lambda e: e.row or 0)
        raise ImportRejected(faults, reader.errors.more)
    if mood_errors:
        raise UnmappedMoods(mood_errors, [name for name, _row in reader.unmapped.values()])
    return row_errors if skip_bad_rows else []


def without_food_matches(parsed: ParsedImport) -> ParsedImport:
    """The same import with the suggested snacks left out (the person did not confirm them)."""
    for day in parsed.days:
        day.meals = []
    parsed.food_matches = {}
    return parsed
