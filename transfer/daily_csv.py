"""The daily CSV (docs/formats.md, Daily CSV): one row per date, the daily columns in order.

Import is strict and whole-file: every row is checked before anything is
written, and any fault refuses the file. Export formats numbers so that
export → import → export gives back the same bytes.
"""

import csv
import io
import re
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
from transfer.formats import CheckInData, DayData, Errors, ImportRejected, ParsedImport, RowError

WHOLE_RATINGS_HINT = gettext_lazy(
    "mood, anxiety and energy become one check-in of the day, so they must be whole numbers; "
    "to move days with several check-ins, use the full backup (JSON)"
)


class WholeNumberReason(str):
    """The reason a value was refused for not being whole, recognisable whatever language it is written in."""


NUMBER = re.compile(r"-?\d+(\.\d+)?")
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


def export_csv(user: User) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(DAILY_COLUMNS)
    for row in daily_values_for(user):
        cells = [format_value(row[column]) for column in DAILY_COLUMNS]
        if any(cells[1:]):  # a day holding only what the CSV has no column for (red flags) would import as nothing
            writer.writerow(cells)
    return out.getvalue()


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


def read_rows(text: str) -> list[list[str]]:
    try:
        return [row for row in csv.reader(io.StringIO(text, newline="")) if row]
    except csv.Error as exc:
        raise ImportRejected(
            [RowError(None, None, _("the file is not valid CSV (%(error)s)") % {"error": exc})]
        ) from None


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
        return None, WholeNumberReason(_("%(text)s must be a whole number") % {"text": text})
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


def check_header(header: list[str]) -> None:
    names = [name.strip() for name in header]
    if names == list(DAILY_COLUMNS):
        return
    errors = Errors()
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
    errors.raise_if_any()


def _parse_row(number: int, cells: list[str], today: date, errors: Errors) -> DayData | None:
    if len(cells) != len(DAILY_COLUMNS):
        errors.add(
            number,
            None,
            _("%(cells)s cells where the header has %(columns)s")
            % {"cells": len(cells), "columns": len(DAILY_COLUMNS)},
        )
        return None
    raw = dict(zip(DAILY_COLUMNS, cells, strict=True))
    day_date, reason = parse_date(raw["date"], today)
    if reason:
        errors.add(number, "date", reason)
    values: dict[str, Any] = {}
    for column in DAILY_COLUMNS[1:-1]:
        values[column], reason = parse_number(column, raw[column], whole=column in CHECKIN_COLUMNS)
        if reason:
            errors.add(number, column, reason)
    if len(raw["notes"]) > NOTES_MAX_LENGTH:
        errors.add(
            number,
            "notes",
            _("%(length)s characters, more than %(limit)s") % {"length": len(raw["notes"]), "limit": NOTES_MAX_LENGTH},
        )
    if day_date is None:
        return None
    values["notes"] = raw["notes"]
    return _day_from_values(day_date, values)


def _day_from_values(day_date: date, values: dict[str, Any]) -> DayData:
    fields = {column: values[column] for column in DAY_FIELD_COLUMNS if values[column] not in (None, "")}
    if "antibiotics" in fields:
        fields["antibiotics"] = bool(fields["antibiotics"])
    day = DayData(date=day_date, fields=fields)
    ratings = {column: values[column] for column in CHECKIN_COLUMNS}
    if any(value is not None for value in ratings.values()):
        day.checkins.append(CheckInData(time=None, **ratings))
    return day


def parse_csv(data: bytes, today: date) -> ParsedImport:
    """The whole file checked; ImportRejected (row, column, reason) on any fault."""
    rows = read_rows(decode(data))
    check_header(rows[0])
    errors = Errors()
    days: list[DayData] = []
    first_row_of: dict[date, int] = {}
    for number, cells in enumerate(rows[1:], start=1):
        day = _parse_row(number, cells, today, errors)
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
        if day.fields or day.checkins:
            days.append(day)
    if any(e.column in CHECKIN_COLUMNS and isinstance(e.reason, WholeNumberReason) for e in errors.items):
        errors.items.insert(0, RowError(None, None, str(WHOLE_RATINGS_HINT)))
    errors.raise_if_any()
    return ParsedImport(days=days)
