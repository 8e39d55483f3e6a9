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

import functools
import operator
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
from django.core.cache import cache
from django.db import connections, router
from django.db.models import Avg, BooleanField, ExpressionWrapper, F, FloatField, Q, QuerySet, Sum
from django.db.models.functions import Cast

from accounts.types import User
from checkins.queries import results_for
from insights.analysis import BUILT_IN, COLUMNS, DailyArrays, Variables, daily_frame
from insights.services import CACHE_SECONDS, frame_key
from journal.constants import CHECKIN_COLUMNS, DAY_FIELD_COLUMNS, FOOD_TOTAL_COLUMNS, RED_FLAG_FIELDS
from journal.models import JournalDay, MealItem, MoodCheckIn
from journal.queries import FOOD_FLAG_FOR_COLUMN
from journal.services import food_version, journal_changes_since, journal_version
from trackers.queries import dated_values, value_rows

# More changed dates than this since the rows were kept: one read of everything is as quick.
MAX_DATES_READ_AGAIN = 200
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


def _on(queryset: QuerySet[Any, Any], path: str, dates: Collection[date] | None) -> QuerySet[Any, Any]:
    return queryset if dates is None else queryset.filter(**{f"{path}__in": list(dates)})


# The three aggregate queries, built once per process and filtered to a person (and dates) on each read:
# building their annotations cost more than running them for the few dates a save changes.
DAY_FIELDS = ["id", "date", *(f"float_{c}" if c in DECIMAL_COLUMNS else c for c in DAY_COLUMNS), "any_red_flag"]


@functools.cache
def _all_days() -> QuerySet[JournalDay, Any]:
    red_flag = Q()
    for field in RED_FLAG_FIELDS:
        red_flag |= Q(**{field: True})
    casts = {f"float_{c}": _float(c) for c in DECIMAL_COLUMNS}
    days = JournalDay.objects.order_by("date").annotate(
        **casts, any_red_flag=ExpressionWrapper(red_flag, BooleanField())
    )
    return days.values_list(*DAY_FIELDS)


@functools.cache
def _all_checkin_means() -> QuerySet[MoodCheckIn, Any]:
    means = {c: _float(Avg(c)) for c in CHECKIN_COLUMNS}
    return MoodCheckIn.objects.order_by().values("day_id").annotate(**means).values_list("day_id", *means)


@functools.cache
def _all_food_totals() -> QuerySet[MealItem, Any]:
    totals = {"fiber_g": _float(Sum(F("servings") * F("food__fiber_g")))}
    for column, flag in FOOD_FLAG_FOR_COLUMN.items():
        totals[column] = _float(Sum("servings", filter=Q(**{flag: True})))
    rows = MealItem.objects.order_by().values("meal__day_id").annotate(**totals)
    return rows.values_list("meal__day_id", *FOOD_TOTAL_COLUMNS)


@dataclass(frozen=True)
class _Prepared:
    """A query compiled once, for a stand-in person and stand-in dates: where their values sit among the
    parameters, so each run puts the real ones in place and skips building and compiling the ORM query
    (which cost more than running it, on the cold Insights page after a save). Rows come as the database
    driver returns them: the ORM's per-cell converters (a float() per cast value, a parse per date) cost
    more than the queries on a long journal, and the drivers already give floats, ints, bools and dates
    for these columns (SQLite gives a date as text through a join: _as_date)."""

    sql: str
    params: tuple[Any, ...]
    users: tuple[int, ...]  # positions of the person's id
    dates: tuple[tuple[int, int, bool], ...]  # (position, which date, passed as ISO text)
    selected: list[str] | None  # the selected aliases, when the query has them (values_list)

    def run(self, user: User, dates: Collection[date] | None, alias: str) -> list[tuple]:
        params = list(self.params)
        for position in self.users:
            params[position] = user.pk
        given = sorted(dates) if dates is not None else []
        for position, which, as_text in self.dates:
            params[position] = given[which].isoformat() if as_text else given[which]
        with connections[alias].cursor() as cursor:
            cursor.execute(self.sql, params)
            return cursor.fetchall()


_STAND_IN_USER = -7_654_321
_FIRST_STAND_IN_DATE = date(1901, 1, 1)
_prepared: dict[tuple[str, str, int | None], _Prepared] = {}


def _run_prepared(
    name: str,
    build: Callable[[User, list[date] | None], QuerySet[Any, Any]],
    user: User,
    dates: Collection[date] | None,
) -> tuple[list[tuple], list[str] | None]:
    """build(user, dates)'s rows (and its selected aliases), the query compiled once per process, database and
    number of dates."""
    alias = router.db_for_read(JournalDay)  # a person's journal, trackers and check-ins live in one database
    key = (name, alias, None if dates is None else len(set(dates)))
    prepared = _prepared.get(key)
    if prepared is None:
        prepared = _prepared[key] = _prepare(build, alias, key[2])
    return prepared.run(user, set(dates) if dates is not None else None, alias), prepared.selected


def _prepare(
    build: Callable[[User, list[date] | None], QuerySet[Any, Any]], alias: str, count: int | None
) -> _Prepared:
    stand_ins = None if count is None else [_FIRST_STAND_IN_DATE + timedelta(days=k) for k in range(count)]
    queryset = build(User(pk=_STAND_IN_USER), stand_ins)
    compiler = queryset.query.get_compiler(alias)
    sql, params = compiler.as_sql()
    which: dict[date | str, int] = {day: k for k, day in enumerate(stand_ins or [])}
    which.update({day.isoformat(): k for k, day in enumerate(stand_ins or [])})
    users = tuple(i for i, value in enumerate(params) if value == _STAND_IN_USER and not isinstance(value, bool))
    dates = tuple(
        (i, which[value], isinstance(value, str))
        for i, value in enumerate(params)
        if isinstance(value, str | date) and value in which
    )
    if len(dates) != (count or 0) or not users:
        raise RuntimeError(f"Could not find the stand-in person or dates among the parameters of: {sql}")
    selected = [alias_name for _expression, _sql, alias_name in compiler.select] if compiler.select else None
    return _Prepared(sql, tuple(params), users, dates, selected)


def _ordered_as(rows: list[tuple], selected: list[str] | None, fields: list[str]) -> list[tuple]:
    if selected is None or selected == fields:
        return rows
    order = operator.itemgetter(*(selected.index(f) for f in fields))
    return [order(row) for row in rows]


def _days_query(user: User, dates: list[date] | None) -> QuerySet[Any, Any]:
    return _on(_all_days().filter(user=user), "date", dates)


def _checkin_means_query(user: User, dates: list[date] | None) -> QuerySet[Any, Any]:
    return _on(_all_checkin_means().filter(day__user=user), "day__date", dates)


def _food_totals_query(user: User, dates: list[date] | None) -> QuerySet[Any, Any]:
    return _on(_all_food_totals().filter(meal__day__user=user), "meal__day__date", dates)


def _days(user: User, dates: Collection[date] | None) -> list[tuple]:
    rows, selected = _run_prepared("days", _days_query, user, dates)
    return _ordered_as(rows, selected, DAY_FIELDS)


def _checkin_means(user: User, dates: Collection[date] | None) -> dict[int, tuple]:
    """Per day id (an integer key skips a date conversion per row): the check-in means."""
    rows, selected = _run_prepared("checkin-means", _checkin_means_query, user, dates)
    return {row[0]: row[1:] for row in _ordered_as(rows, selected, ["day_id", *CHECKIN_COLUMNS])}


def _food_totals(user: User, dates: Collection[date] | None) -> dict[int, tuple]:
    """Per day id: fiber grams and servings of flagged foods, in FOOD_TOTAL_COLUMNS order."""
    rows, selected = _run_prepared("food-totals", _food_totals_query, user, dates)
    return {row[0]: row[1:] for row in _ordered_as(rows, selected, ["meal__day_id", *FOOD_TOTAL_COLUMNS])}


def _matrix(rows: list, width: int) -> np.ndarray:
    """Tuples of numbers, None and bools -> a float matrix with NaN for None, in one C loop."""
    return np.array(rows, dtype=float).reshape(len(rows), width)


def _columns(user: User, dates: Collection[date] | None) -> tuple[list[tuple], dict[str, np.ndarray]]:
    """The logged days (oldest first) as fetched, and each 3.1 column as a float array over them."""
    days = _days(user, dates)
    ids = [day[0] for day in days]
    values = _matrix([day[2:-1] for day in days], len(DAY_COLUMNS))
    columns = {c: values[:, i] for i, c in enumerate(DAY_COLUMNS)}
    means = _checkin_means(user, dates)
    blank_means = (None,) * len(CHECKIN_COLUMNS)
    mean_values = _half_up(_matrix([means.get(i, blank_means) for i in ids], len(CHECKIN_COLUMNS)), 2)
    columns.update({c: mean_values[:, i] for i, c in enumerate(CHECKIN_COLUMNS)})
    _add_food_totals(columns, _food_totals(user, dates), ids)
    return days, columns


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


def _dated_values(user: User, dates: list[date] | None) -> QuerySet[Any, Any]:
    return dated_values(user, dates or [])


def _raw(queryset: QuerySet[Any, Any]) -> list[tuple]:
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _tracker_rows(user: User) -> list[tuple]:
    """(kind, slug, date, value) of every tracker value, trackers in the order they were made (one query)."""
    return [(row[1], row[2], row[4], row[5]) for row in _raw(value_rows(user))]


def _as_date(value: Any) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value  # SQLite through a raw cursor: text


@dataclass
class FrameRows:
    """The logged days of a journal, oldest first, with every value the frame shows of them: what
    load_frame assembles the frame from, and what cached_frame keeps per person. Every row depends on its
    own day's rows only, so the rows of changed dates can be read again and put in place."""

    ids: np.ndarray  # the days' ids: a day whose date was edited is found by it
    dates: np.ndarray  # datetime64[D]
    values: np.ndarray  # (days, COLUMNS)
    red_flags: np.ndarray  # bool per day
    tracker_names: list[str]  # "tag:coffee", trackers in the order they were made
    trackers: np.ndarray  # (days, tracker_names), NaN where not recorded


def read_rows(user: User, dates: Collection[date] | None = None, tracker_names: list[str] | None = None) -> FrameRows:
    """The rows of the user's days (on `dates` only, when given, for the trackers `tracker_names`
    known already) in four queries. KeyError: a value of a tracker not in `tracker_names`."""
    days, columns = _columns(user, dates)
    day_dates = [_as_date(day[1]) for day in days]
    if dates is None:
        tracker_rows = _tracker_rows(user)
        tracker_names = list(dict.fromkeys(f"{kind}:{slug}" for kind, slug, _day, _value in tracker_rows))
    else:
        tracker_rows, _selected = _run_prepared("tracker-values", _dated_values, user, dates)
    names = tracker_names or []
    trackers = np.full((len(days), len(names)), np.nan)
    where = {d: i for i, d in enumerate(day_dates)}
    position = {name: k for k, name in enumerate(names)}
    for kind, slug, day, value in tracker_rows:
        row = None if day is None else where.get(_as_date(day))
        if row is not None:  # None: a tracker without values
            trackers[row, position[f"{kind}:{slug}"]] = float(value)
    return FrameRows(
        ids=np.array([day[0] for day in days], dtype=np.int64),
        dates=np.array(day_dates, dtype="datetime64[D]"),
        values=np.column_stack([columns[c] for c in COLUMNS]) if days else np.empty((0, len(COLUMNS))),
        red_flags=np.array([bool(day[-1]) for day in days], dtype=bool),
        tracker_names=names,
        trackers=trackers,
    )


def replaced(rows: FrameRows, dates: Collection[date], fresh: FrameRows) -> FrameRows:
    """`rows` with the days on `dates` (and those now read under another date) taken out and `fresh` put in."""
    stale = np.isin(rows.dates, np.array(sorted(dates), dtype="datetime64[D]")) | np.isin(rows.ids, fresh.ids)
    keep = ~stale
    all_dates = np.concatenate([rows.dates[keep], fresh.dates])
    order = np.argsort(all_dates, kind="stable")
    return FrameRows(
        ids=np.concatenate([rows.ids[keep], fresh.ids])[order],
        dates=all_dates[order],
        values=np.concatenate([rows.values[keep], fresh.values])[order],
        red_flags=np.concatenate([rows.red_flags[keep], fresh.red_flags])[order],
        tracker_names=rows.tracker_names,
        trackers=np.concatenate([rows.trackers[keep], fresh.trackers])[order],
    )


def frame_of(rows: FrameRows) -> tuple[pd.DataFrame, list[date]]:
    """The daily frame (as analysis.daily_frame builds it, plus the tracker columns) and the red-flag dates."""
    red_flag_dates = [d.item() for d in rows.dates[rows.red_flags]]
    if not len(rows.dates):
        return daily_frame([]), red_flag_dates
    positions = (rows.dates - rows.dates[0]).astype(np.int64)
    index = pd.date_range(rows.dates[0].item(), rows.dates[-1].item(), freq="D", name="date")
    data = np.full((len(index), len(COLUMNS)), np.nan)
    data[positions] = rows.values
    frame = pd.DataFrame(data, index=index, columns=list(COLUMNS))
    for k, name in enumerate(rows.tracker_names):
        values = np.full(len(index), np.nan)
        values[positions] = rows.trackers[:, k]
        frame[name] = values
    logged = np.zeros(len(index), dtype=bool)
    logged[positions] = True
    frame["logged"] = logged
    return frame, red_flag_dates


@dataclass
class Journal:
    """A person's days as the analysis reads them: arrays (no pandas frame), what is tested among their
    columns (the built-in ones, then the trackers), and the red-flag dates."""

    arrays: DailyArrays
    variables: Variables
    red_flag_dates: list[date]


def journal_of(rows: FrameRows) -> Journal:
    """The arrays daily_arrays(frame_of(rows)[0], variables.columns) gives, built straight from the rows:
    a pandas frame per cold page (and its columns read back out twice) cost more than the analysis."""
    variables = BUILT_IN.with_trackers(rows.tracker_names)
    red_flag_dates = [d.item() for d in rows.dates[rows.red_flags]]
    width = len(variables.columns)
    if not len(rows.dates):
        return Journal(DailyArrays(None, np.empty((0, width)), np.zeros(0, dtype=bool)), variables, red_flag_dates)
    positions = (rows.dates - rows.dates[0]).astype(np.int64)
    values = np.full((int(positions[-1]) + 1, width), np.nan)
    values[positions, : len(COLUMNS)] = rows.values
    values[positions, len(COLUMNS) :] = rows.trackers
    logged = np.zeros(len(values), dtype=bool)
    logged[positions] = True
    return Journal(DailyArrays(rows.dates[0].item(), values, logged), variables, red_flag_dates)


def load_frame(user: User) -> tuple[pd.DataFrame, list[date]]:
    """The user's daily frame (as analysis.daily_frame builds it, plus the tracker columns) and their
    red-flag dates, read whole from the database."""
    return frame_of(read_rows(user))


def cached_frame(user: User) -> tuple[pd.DataFrame, list[date]]:
    """load_frame's frame, from the rows kept per person (cached_rows)."""
    return frame_of(cached_rows(user))


def cached_journal(user: User) -> Journal:
    """The person's days as arrays (journal_of), from the rows kept per person (cached_rows)."""
    return journal_of(cached_rows(user))


def cached_rows(user: User) -> FrameRows:
    """read_rows' rows, kept per person with the journal version they were read at:
    when the journal changed since, only the dates the changes named are read again (four queries
    however long the journal); a change that named none, a food's edit (its fiber or flags count on
    every day that logged it) or a lost record of the changes reads everything again."""
    version, foods = journal_version(user), food_version(user)
    key = frame_key(user.pk)
    kept = cache.get(key)
    rows = None
    if kept is not None and kept[1] == foods:
        if kept[0] == version:
            return kept[2]
        changed = journal_changes_since(user, kept[0], version)
        if changed is not None and not changed:  # a change of no day's rows (a screener result)
            rows = kept[2]
        elif changed is not None and len(changed) <= MAX_DATES_READ_AGAIN:
            try:
                rows = replaced(kept[2], changed, read_rows(user, changed, kept[2].tracker_names))
            except KeyError:  # a tracker it did not know: read everything
                rows = None
    if rows is None:
        rows = read_rows(user)
    cache.set(key, (version, foods, rows), CACHE_SECONDS)
    return rows


CHECKIN_FIELDS = ["instrument", "taken_on", "score"]


def _checkins_query(user: User, _dates: list[date] | None) -> QuerySet[Any, Any]:
    return results_for(user).order_by("taken_on", "instrument").values_list(*CHECKIN_FIELDS)


def load_checkins(user: User) -> list[tuple[str, date, int]]:
    """The user's screener scores as (instrument, taken_on, score), oldest first, in one query."""
    rows, selected = _run_prepared("checkins", _checkins_query, user, None)
    return [
        (instrument, _as_date(taken_on), score)
        for instrument, taken_on, score in _ordered_as(rows, selected, CHECKIN_FIELDS)
    ]
