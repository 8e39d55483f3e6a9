"""A user's journal -> the daily frame of docs/statistics.md, Daily frame, in three queries.

The values are those of journal.queries.daily_values_for (the CSV export's):
check-in means rounded to two decimals, food totals (foods logged plus the
amount entered) to one, blank kept blank. They are read here as tuples
(aggregation, joins and casts in the database; no model instances, no Decimal)
and turned into float columns with NumPy, giving the frame analysis.daily_frame
would build from those rows, because this load dominates the cold /insights/
request: on a three-year journal the row-by-row path (model instances,
Decimals, a dict per day, a conversion per cell) cost several times the
analysis itself. tests/insights/test_frame.py holds both paths equal.

The person's trackers join the frame as extra columns named as in the daily CSV
("tag:coffee"), after the built-in ones, read in one more query however many
trackers there are (trackers.queries.value_rows).

load_checkins reads the screener scores (insights/checkin_outcomes.py) in one more query.
"""

import operator
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from django.db import connections
from django.db.models import Avg, BooleanField, ExpressionWrapper, F, FloatField, Q, QuerySet, Sum
from django.db.models.functions import Cast

from accounts.types import User
from checkins.queries import results_for
from insights.analysis import COLUMNS, daily_frame
from journal.constants import CHECKIN_COLUMNS, DAY_FIELD_COLUMNS, FOOD_TOTAL_COLUMNS, RED_FLAG_FIELDS
from journal.models import JournalDay, MealItem, MoodCheckIn
from journal.queries import FOOD_FLAG_FOR_COLUMN, days_for
from trackers.queries import value_rows

DAY_COLUMNS: tuple[str, ...] = tuple(c for c in DAY_FIELD_COLUMNS if c != "notes")
# Read through a cast to float: the database's Decimal would cost a conversion per cell.
DECIMAL_COLUMNS = frozenset(
    c for c in DAY_COLUMNS if JournalDay._meta.get_field(c).get_internal_type() == "DecimalField"
)


def _float(expression: Any) -> Cast:
    return Cast(expression, FloatField())


def _half_up(values: np.ndarray, digits: int) -> np.ndarray:
    """Decimal's ROUND_HALF_UP (the export's rounding) on floats; NaN stays NaN.
    Rounding to 6 places first drops the float noise of sums of decimals."""
    scale = 10.0**digits
    return np.floor(np.round(values * scale, 6) + 0.5) / scale


def _fetch(queryset: QuerySet[Any, Any], fields: list[str]) -> list[tuple]:
    """values_list(*fields) as the database driver returns it, in that order.

    The ORM's per-cell converters (a float() per cast value, a parse per date)
    cost more than these three queries themselves on a long journal; the
    drivers already give floats, ints, bools and dates for these columns.
    """
    compiler = queryset.values_list(*fields).query.get_compiler(queryset.db)
    sql, params = compiler.as_sql()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    selected = [alias for _expression, _sql, alias in compiler.select]
    if selected == fields:
        return rows
    order = operator.itemgetter(*(selected.index(f) for f in fields))
    return [order(row) for row in rows]


def _days(user: User) -> list[tuple]:
    red_flag = Q()
    for field in RED_FLAG_FIELDS:
        red_flag |= Q(**{field: True})
    casts = {f"float_{c}": _float(c) for c in DECIMAL_COLUMNS}
    columns = [f"float_{c}" if c in DECIMAL_COLUMNS else c for c in DAY_COLUMNS]
    days = days_for(user).order_by("date").annotate(**casts, any_red_flag=ExpressionWrapper(red_flag, BooleanField()))
    return _fetch(days, ["id", "date", *columns, "any_red_flag"])


def _checkin_means(user: User) -> dict[int, tuple]:
    """Per day id (an integer key skips a date conversion per row): the check-in means."""
    means = {c: _float(Avg(c)) for c in CHECKIN_COLUMNS}
    rows = MoodCheckIn.objects.filter(day__user=user).order_by().values("day_id").annotate(**means)
    return {row[0]: row[1:] for row in _fetch(rows, ["day_id", *means])}


def _food_totals(user: User) -> dict[int, tuple]:
    """Per day id: fiber grams and servings of flagged foods, in FOOD_TOTAL_COLUMNS order."""
    totals = {"fiber_g": _float(Sum(F("servings") * F("food__fiber_g")))}
    for column, flag in FOOD_FLAG_FOR_COLUMN.items():
        totals[column] = _float(Sum("servings", filter=Q(**{flag: True})))
    rows = MealItem.objects.filter(meal__day__user=user).order_by().values("meal__day_id").annotate(**totals)
    return {row[0]: row[1:] for row in _fetch(rows, ["meal__day_id", *FOOD_TOTAL_COLUMNS])}


def _matrix(rows: list, width: int) -> np.ndarray:
    """Tuples of numbers, None and bools -> a float matrix with NaN for None, in one C loop."""
    return np.array(rows, dtype=float).reshape(len(rows), width)


def _columns(user: User) -> tuple[list[date], dict[str, np.ndarray], list[date]]:
    """Each 3.1 column as a float array over the logged dates (oldest first), and the red-flag dates."""
    days = _days(user)
    ids = [day[0] for day in days]
    values = _matrix([day[2:-1] for day in days], len(DAY_COLUMNS))
    columns = {c: values[:, i] for i, c in enumerate(DAY_COLUMNS)}
    means = _checkin_means(user)
    blank_means = (None,) * len(CHECKIN_COLUMNS)
    mean_values = _half_up(_matrix([means.get(i, blank_means) for i in ids], len(CHECKIN_COLUMNS)), 2)
    columns.update({c: mean_values[:, i] for i, c in enumerate(CHECKIN_COLUMNS)})
    _add_food_totals(columns, _food_totals(user), ids)
    return [day[1] for day in days], columns, [day[1] for day in days if day[-1]]


def _add_food_totals(columns: dict[str, np.ndarray], foods: dict[int, tuple], ids: list[int]) -> None:
    """The day's total: the amount entered plus the foods logged; blank only when both are."""
    # A day with foods logged has a total even if none of them counted (0, not blank).
    blank = (None,) * len(FOOD_TOTAL_COLUMNS)
    from_foods = np.nan_to_num(_matrix([foods.get(i, blank) for i in ids], len(FOOD_TOTAL_COLUMNS)))
    logged_foods = np.array([i in foods for i in ids], dtype=bool)
    for k, column in enumerate(FOOD_TOTAL_COLUMNS):
        entered = columns[column]
        total = np.nan_to_num(entered) + from_foods[:, k]
        columns[column] = np.where(np.isnan(entered) & ~logged_foods, np.nan, _half_up(total, 1))


def _tracker_rows(user: User) -> list[tuple]:
    """(kind, slug, date, value) of every tracker value, trackers in the order they were made (one query)."""
    queryset = value_rows(user)
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return [(row[1], row[2], row[4], row[5]) for row in cursor.fetchall()]


def _tracker_columns(rows: list[tuple], first: date, length: int) -> dict[str, np.ndarray]:
    """Each tracker as a float column over the frame's calendar days (NaN where not recorded)."""
    columns: dict[str, np.ndarray] = {}
    for kind, slug, day, value in rows:
        column = columns.setdefault(f"{kind}:{slug}", np.full(length, np.nan))
        if day is not None:
            if isinstance(day, str):  # SQLite through a raw cursor
                day = date.fromisoformat(day)
            column[(day - first).days] = float(value)
    return columns


def load_frame(user: User) -> tuple[pd.DataFrame, list[date]]:
    """The user's daily frame (as analysis.daily_frame builds it, plus the tracker columns) and their
    red-flag dates."""
    dates, columns, red_flag_dates = _columns(user)
    trackers = _tracker_rows(user)
    if not dates:
        return daily_frame([]), red_flag_dates
    positions = np.array([(d - dates[0]).days for d in dates])
    index = pd.date_range(dates[0], dates[-1], freq="D", name="date")
    data = np.full((len(index), len(COLUMNS)), np.nan)
    data[positions] = np.column_stack([columns[c] for c in COLUMNS])
    frame = pd.DataFrame(data, index=index, columns=list(COLUMNS))
    for name, values in _tracker_columns(trackers, dates[0], len(index)).items():
        frame[name] = values
    logged = np.zeros(len(index), dtype=bool)
    logged[positions] = True
    frame["logged"] = logged
    return frame, red_flag_dates


def load_checkins(user: User) -> list[tuple[str, date, int]]:
    """The user's screener scores as (instrument, taken_on, score), oldest first, in one query."""
    results = results_for(user).order_by("taken_on", "instrument")
    return _fetch(results, ["instrument", "taken_on", "score"])
