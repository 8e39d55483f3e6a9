"""The daily CSV (docs/formats.md, Daily CSV): one row per date, the daily columns in order,
then one column per tracker of the person's (tag:coffee, rating:nausea, number:steps),
in the order they were made.

Import is strict and whole-file: every row is checked before anything is
written, and any fault refuses the file. Export formats numbers so that
export → import → export gives back the same bytes. Mood, anxiety and energy
are day means: a whole one imports as one check-in of that day, and so does a
mean of up to two decimals (2.67), kept as it is so that it reads back exactly.
"""

import csv
import io
import re
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.types import User
from journal.constants import (
    CHECKIN_COLUMNS,
    DAILY_COLUMNS,
    DAY_FIELD_COLUMNS,
    EARLIEST_DATE,
    NOTES_MAX_LENGTH,
    RANGES,
    ColumnRange,
)
from journal.queries import daily_values_for
from trackers import kinds
from trackers.kinds import KINDS, column_name, split_column
from trackers.queries import value_rows
from transfer.formats import (
    CheckInData,
    DayData,
    Errors,
    ImportRejected,
    ParsedImport,
    RowError,
    TrackerData,
    most_days,
)

TRACKER_RANGES = {kind: ColumnRange(low, high, decimals) for kind, (low, high, decimals) in kinds.RANGES.items()}


NUMBER = re.compile(r"-?\d+(\.\d+)?")
# A spreadsheet runs a cell starting with one of these as a formula (OWASP: "CSV injection").
# Export puts a quote before such a cell, and before one whose leading quotes hide such a start,
# so import can take exactly one quote off and export → import → export stays byte-identical.
NEEDS_ESCAPE = re.compile(r"'*[=+\-@\t\r]")
ESCAPED = re.compile(r"'+[=+\-@\t\r]")
QUOTED = re.compile(r'[,"\r\n]')
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def format_value(value: Any) -> str:
    """Blank stays blank; decimals lose trailing zeros (7.5, 22, 3.33), never an exponent."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return "0" if text in ("-0", "") else text
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def escape_cell(text: str) -> str:
    return "'" + text if NEEDS_ESCAPE.match(text) else text


def unescape_cell(text: str) -> str:
    return text[1:] if ESCAPED.match(text) else text


def _csv_line(cells: list[str]) -> str:
    """What csv.writer writes with "\n" line ends, except that a cell holding a carriage return is quoted
    too (csv.writer quotes only the characters of its own line end, so such a note split the row)."""
    return ",".join(_quoted(cell) for cell in cells) + "\n"


def _quoted(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"' if QUOTED.search(cell) else cell


def tracker_values(user: User) -> tuple[list[str], dict[date, dict[str, Decimal]]]:
    """The person's tracker columns (in the order they were made) and each date's values, in one query."""
    columns: list[str] = []
    by_date: dict[date, dict[str, Decimal]] = {}
    for _pk, kind, slug, _name, day_date, value in value_rows(user):
        column = column_name(kind, slug)
        if not columns or columns[-1] != column:
            columns.append(column)
        if day_date is not None:
            by_date.setdefault(day_date, {})[column] = value
    return columns, by_date


def export_csv(user: User) -> str:
    """The daily columns, then the tracker columns; every cell formula-escaped (tracker numbers never need it)."""
    columns, values = tracker_values(user)
    lines = [_csv_line([*DAILY_COLUMNS, *columns])]
    for row in daily_values_for(user):
        extra = values.get(row["date"], {})
        cells = [escape_cell(format_value(row[column])) for column in DAILY_COLUMNS]
        cells += [escape_cell(format_value(extra.get(column))) for column in columns]
        if any(cells[1:]):  # a day holding only what the CSV has no column for (red flags) would import as nothing
            lines.append(_csv_line(cells))
    return "".join(lines)


def decode(data: bytes) -> str:
    """UTF-8 text, a byte-order mark tolerated; anything else refused with where it broke."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected(
            [
                RowError(
                    None,
                    None,
                    _("the file is not UTF-8 text (bad byte at position %(position)s)") % {"position": exc.start},
                )
            ]
        ) from None
    if not text.strip():
        raise ImportRejected([RowError(None, None, _("the file is empty"))])
    if "\x00" in text:
        raise ImportRejected([RowError(None, None, _("the file contains NUL bytes: is it really a text file?"))])
    return text


def read_rows(text: str, most: int | None = None, delimiter: str = ",") -> list[list[str]]:
    """The non-blank rows; past `most` data rows (after the header) reading stops and the file is refused."""
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            if not row:
                continue
            if most is not None and len(rows) > most:
                raise _too_many_rows(most)
            rows.append(row)
    except csv.Error as exc:
        raise ImportRejected(
            [
                RowError(
                    None,
                    None,
                    _("the file is not valid CSV at line %(line)s (%(error)s)")
                    % {"line": reader.line_num, "error": exc},
                )
            ]
        ) from None
    return rows


def _too_many_rows(most: int) -> ImportRejected:
    reason = _(
        "the file has more rows than there are days from %(earliest)s to today (%(most)s); "
        "the daily CSV holds one row per date"
    ) % {"earliest": EARLIEST_DATE.isoformat(), "most": most}
    return ImportRejected([RowError(None, None, reason)])


def parse_number(column: str, text: str, whole: bool = False) -> tuple[Decimal | int | None, str | None]:
    """A cell of a numeric 3.1 column -> (value, None) or (None, reason). Blank is None."""
    return parse_in_range(text, RANGES[column], whole)


def parse_in_range(text: str, rule: ColumnRange, whole: bool = False) -> tuple[Decimal | int | None, str | None]:
    text = text.strip()
    if text == "":
        return None, None
    if not NUMBER.fullmatch(text):
        return None, _("%(text)s is not a number") % {"text": repr(text)}
    number = Decimal(text)
    if not rule.low <= number <= rule.high:
        return None, _("%(text)s is outside %(low)s–%(high)s") % {
            "text": text,
            "low": format_value(rule.low),
            "high": format_value(rule.high),
        }
    whole = whole or rule.is_whole
    if whole and number != number.to_integral_value():
        return None, _("%(text)s must be a whole number") % {"text": text}
    if whole:
        return int(number), None
    step = Decimal(1).scaleb(-rule.decimals)
    if number != number.quantize(step):
        return None, _("%(text)s has more than %(decimals)s decimal place(s)") % {
            "text": text,
            "decimals": rule.decimals,
        }
    return number.quantize(step), None


def parse_date(text: str, today: date) -> tuple[date | None, str | None]:
    text = text.strip()
    if not ISO_DATE.fullmatch(text):
        return None, _("%(text)s is not a date in YYYY-MM-DD form") % {"text": repr(text)}
    try:
        value = date.fromisoformat(text)
    except ValueError:
        return None, _("%(text)s is not a real date") % {"text": text}
    if value < EARLIEST_DATE:
        return None, _("%(text)s is before %(earliest)s") % {"text": text, "earliest": EARLIEST_DATE.isoformat()}
    if value > today:
        return None, _("%(text)s is in the future") % {"text": text}
    return value, None


def check_header(header: list[str]) -> list[TrackerData]:
    """The 3.1 columns in order, then any tracker columns; returns the trackers the columns name."""
    names = [name.strip() for name in header]
    plain = [name for name in names if ":" not in name]
    errors = Errors()
    trackers = _tracker_columns([name for name in names if ":" in name], errors)
    if plain != list(DAILY_COLUMNS):
        _check_plain_columns(plain, errors)
    elif names[: len(DAILY_COLUMNS)] != list(DAILY_COLUMNS):
        errors.add(
            None,
            None,
            _("tracker columns (tag:…, rating:…, number:…) come after the %(count)s daily columns")
            % {"count": len(DAILY_COLUMNS)},
        )
    errors.raise_if_any()
    return trackers


def _check_plain_columns(names: list[str], errors: Errors) -> None:
    for name in names:
        if name not in DAILY_COLUMNS:
            errors.add(None, name, _("unknown column"))
    missing = [name for name in DAILY_COLUMNS if name not in names]
    if len(missing) > 3:
        errors.add(
            None,
            None,
            _("%(count)s columns are missing: %(names)s") % {"count": len(missing), "names": ", ".join(missing)},
        )
    for name in missing if len(missing) <= 3 else []:
        errors.add(None, name, _("missing column"))
    if not errors:
        errors.add(
            None, None, _("the columns must be, in this order: %(columns)s") % {"columns": ",".join(DAILY_COLUMNS)}
        )


def _tracker_columns(names: list[str], errors: Errors) -> list[TrackerData]:
    """tag:coffee, rating:nausea, number:steps -> TrackerData; an unknown kind or a bad or repeated name is an error."""
    trackers: list[TrackerData] = []
    seen: set[str] = set()
    for name in names:
        kind, slug = split_column(name) or ("", "")
        if kind not in KINDS:
            errors.add(
                None,
                name,
                _(
                    'unknown kind of tracker "%(kind)s" in the header: a tracker column is named tag:<name>, '
                    "rating:<name> or number:<name>"
                )
                % {"kind": kind},
            )
        elif not slug or slugify(slug) != slug:
            errors.add(None, name, _("a tracker's name in a column is lower-case letters, digits and hyphens"))
        elif slug in seen:
            errors.add(None, name, _('another column names the tracker "%(slug)s" too') % {"slug": slug})
        else:
            seen.add(slug)
            trackers.append(TrackerData(kind=kind, slug=slug, column_label=name))
    return trackers


def _parse_row(
    number: int, cells: list[str], today: date, errors: Errors, trackers: list[TrackerData]
) -> DayData | None:
    width = len(DAILY_COLUMNS) + len(trackers)
    if len(cells) != width:
        errors.add(
            number,
            None,
            _("%(cells)s cells where the header has %(columns)s") % {"cells": len(cells), "columns": width},
        )
        return None
    raw = dict(zip(DAILY_COLUMNS, cells[: len(DAILY_COLUMNS)], strict=True))
    raw["notes"] = unescape_cell(raw["notes"])
    day_date, reason = parse_date(raw["date"], today)
    if reason:
        errors.add(number, "date", reason)
    values: dict[str, Any] = {}
    for column in DAILY_COLUMNS[1:-1]:
        values[column], reason = parse_number(column, raw[column])
        if reason:
            errors.add(number, column, reason)
    tracked: dict[str, Decimal] = {}
    for tracker, text in zip(trackers, cells[len(DAILY_COLUMNS) :], strict=True):
        value, reason = parse_in_range(text, TRACKER_RANGES[tracker.kind])
        if reason:
            errors.add(number, tracker.column, reason)
        elif value is not None:
            tracked[tracker.column] = Decimal(value)
    if len(raw["notes"]) > NOTES_MAX_LENGTH:
        errors.add(
            number,
            "notes",
            _("%(length)s characters, more than %(limit)s") % {"length": len(raw["notes"]), "limit": NOTES_MAX_LENGTH},
        )
    if day_date is None:
        return None
    values["notes"] = raw["notes"]
    day = _day_from_values(day_date, values)
    day.trackers = tracked
    return day


def _day_from_values(day_date: date, values: dict[str, Any]) -> DayData:
    fields = {column: values[column] for column in DAY_FIELD_COLUMNS if values[column] not in (None, "")}
    if "antibiotics" in fields:
        fields["antibiotics"] = bool(fields["antibiotics"])
    day = DayData(date=day_date, fields=fields)
    ratings = {column: _whole_if_whole(values[column]) for column in CHECKIN_COLUMNS}
    if any(value is not None for value in ratings.values()):
        day.checkins.append(
            CheckInData(time=None, mood=ratings["mood"], anxiety=ratings["anxiety"], energy=ratings["energy"])
        )
    return day


def _whole_if_whole(value: Decimal | int | None) -> Decimal | int | None:
    """A day mean as a check-in's rating: 3.00 -> 3; 2.67 stays 2.67 (one check-in holding the day's mean)."""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


def parse_csv(data: bytes, today: date) -> ParsedImport:
    """The whole file checked; ImportRejected (row, column, reason) on any fault."""
    rows = read_rows(decode(data), most=most_days(today))
    trackers = check_header(rows[0])
    errors = Errors()
    days: list[DayData] = []
    first_row_of: dict[date, int] = {}
    for number, cells in enumerate(rows[1:], start=1):
        day = _parse_row(number, cells, today, errors, trackers)
        if day is None:
            continue
        if day.date in first_row_of:
            errors.add(
                number,
                "date",
                _("%(date)s is also on row %(row)s") % {"date": day.date.isoformat(), "row": first_row_of[day.date]},
            )
            continue
        first_row_of[day.date] = number
        if day.fields or day.checkins or day.trackers:
            days.append(day)
    errors.raise_if_any()
    return ParsedImport(days=days, trackers=trackers)
