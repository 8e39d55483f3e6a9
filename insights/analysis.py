"""The insights engine: one person's daily frame in, honest findings out.

Framework-free on purpose (pandas, NumPy and SciPy, the Django-free vocabulary
journal.columns and the shared statistics of insights.stats; never Django): the
rules of docs/statistics.md are tested here without a database, and the web
layer only loads rows and renders what comes back. Findings are numbers and
codes; insights.wording turns them into sentences.

Decisions the rules leave open, made here once:

- Autocorrelations (for the full Pyper & Peterman effective sample size) are
  taken for each of the two paired series over the pair's own days, on the
  ranks that Spearman's rho uses, at every calendar lag j = 1..n/5: mean and
  variance over all paired days, the lag-j products over the paired days
  whose day j later is also paired (a gap is never bridged). A lag with
  fewer than 3 such pairs gives 0; values are kept within [-1, 1].
- "One value only" and the binary rule look at the factor on the paired days.
  An outcome that never changes on the paired days is not enough data either.
- The days needed for a moderate link are DAYS_FOR_MODERATE_LINK, read off
  the calibration table (80% detection after the false-discovery control),
  compared with the largest pair count of the report.
- A person's own trackers are extra columns (`Variables.with_trackers`), named as
  in the daily CSV ("tag:coffee"): every tracker a factor, every rating tracker an
  outcome too, a tag binary (5 days on its rarer side); all pairs, built-in and
  tracker, go through the one Benjamini–Hochberg pass.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from itertools import repeat
from typing import Any, Literal

import numpy as np
import pandas as pd

from insights.stats import (
    autocorrelations,
    benjamini_hochberg,
    effective_n_of_sums,
    interval_and_p,
    lag_weights,
    max_lag,
    rounded,
    significant_digits,
)
from journal.columns import BINARY_FACTORS, FACTORS, LAGS, OUTCOMES
from journal.columns import NUMERIC_COLUMNS as COLUMNS

MIN_PAIRS = 21
MIN_RARER_SIDE_DAYS = 5
Q_THRESHOLD = 0.10
MODERATE_RHO = 0.3
# A week with fewer logged days is "partial": its means rest on a day or three and the charts draw it apart.
FULL_WEEK_DAYS = 4

TRACKER_KINDS = ("tag", "rating", "number")  # as trackers.kinds names them (this module imports no Django)


@dataclass(frozen=True)
class Variables:
    """The frame's columns and what is tested among them; the built-in ones of journal.columns by default."""

    columns: tuple[str, ...] = COLUMNS
    outcomes: tuple[str, ...] = OUTCOMES
    factors: tuple[str, ...] = FACTORS
    binary_factors: tuple[str, ...] = BINARY_FACTORS

    def with_trackers(self, names: Sequence[str]) -> Variables:
        """Tracker columns ("tag:coffee", "rating:nausea", "number:steps") added after the built-in ones."""
        names = tuple(name for name in names if name.partition(":")[0] in TRACKER_KINDS and name not in self.columns)
        return Variables(
            columns=self.columns + names,
            outcomes=self.outcomes + tuple(n for n in names if n.startswith("rating:")),
            factors=self.factors + names,
            binary_factors=self.binary_factors + tuple(n for n in names if n.startswith("tag:")),
        )

    @cached_property
    def pairs(self) -> tuple[tuple[str, str, int], ...]:
        """The pairs of every report, in a fixed order: outcome, factor, lag."""
        return tuple(
            (outcome, factor, lag)
            for outcome in self.outcomes
            for factor in self.factors
            if factor != outcome
            for lag in LAGS
        )

    @cached_property
    def pair_index(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per pair: the outcome's column, the factor's column and the lag's place in LAGS."""
        at = {column: i for i, column in enumerate(self.columns)}
        outcomes = np.array([at[outcome] for outcome in self.outcomes], dtype=int)
        factors = np.array([at[factor] for factor in self.factors], dtype=int)
        # Every (outcome, factor, lag) in the order of `pairs`, then without a factor tested against itself.
        outcome = np.repeat(outcomes, len(factors) * len(LAGS))
        factor = np.tile(np.repeat(factors, len(LAGS)), len(outcomes))
        lag = np.tile(np.arange(len(LAGS)), len(outcomes) * len(factors))
        kept = outcome != factor
        return outcome[kept], factor[kept], lag[kept]

    @cached_property
    def binary_columns(self) -> np.ndarray:
        """Per column: whether it is a binary factor."""
        return np.array([column in self.binary_factors for column in self.columns], dtype=bool)


BUILT_IN = Variables()
PAIRS: tuple[tuple[str, str, int], ...] = BUILT_IN.pairs


def tracker_columns(frame: pd.DataFrame) -> list[str]:
    """The tracker columns a frame holds (insights.frame adds them after the built-in ones)."""
    return [str(c) for c in frame.columns if ":" in str(c) and str(c).partition(":")[0] in TRACKER_KINDS]


def variables_of(frame: pd.DataFrame) -> Variables:
    return BUILT_IN.with_trackers(tracker_columns(frame))


# Guideline splits of docs/statistics.md, Plain-language summaries (high side: value >= threshold).
GUIDELINES: dict[str, float] = {
    "fiber_g": 25,
    "sleep_hours": 7,
    "exercise_minutes": 30,
    "water_glasses": 8,
    "probiotic_servings": 1,
    "stress": 4,
    "bloating": 2,
    "mindfulness_minutes": 10,
    "antibiotics": 1,
}

# Logged days at which a moderate link (rho 0.3) was found in at least 80% of simulated journals AFTER the
# false-discovery control over all PAIRS (docs/statistics.md, Calibration; `make calibrate` checks it). The
# single-test power formula's 85 pairs promised about three times too much; the formula at the level a lone
# link must reach among len(PAIRS) tests (0.10 / 153) says 192 (the table: 75% at 180 days, 87% at 210).
DAYS_FOR_MODERATE_LINK = 210


@dataclass
class Finding:
    """One (outcome, factor, lag) pair: its numbers, or the code of why it was not tested.

    No words: insights.wording makes the sentence of a clear link (from the split
    below) and the reason of an untested pair (from reason_code).
    """

    outcome: str
    factor: str
    lag: int
    n: int
    n_eff: float | None = None
    rho: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    p: float | None = None
    q: float | None = None
    significant: bool = False
    threshold: float | None = None  # the split of a clear link: factor >= threshold is the high side
    high_mean: float | None = None
    high_n: int | None = None
    low_mean: float | None = None
    low_n: int | None = None
    # Why a pair was not tested: "too_few_pairs", "one_value", "rare_binary" or
    # "constant_outcome"; rarer_side is the day count of the rarer side for "rare_binary".
    reason_code: str | None = None
    rarer_side: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The finding of the insights JSON (docs/formats.md, Insights JSON); "summary", "reason" and the
        split's "label" are words, left None here for insights.wording to fill in."""
        return {
            "outcome": self.outcome,
            "factor": self.factor,
            "lag": self.lag,
            "n": self.n,
            "n_eff": rounded(self.n_eff, 1),
            "rho": rounded(self.rho, 3),
            "ci_low": rounded(self.ci_low, 3),
            "ci_high": rounded(self.ci_high, 3),
            "p": significant_digits(self.p),
            "q": significant_digits(self.q),
            "significant": self.significant,
            "summary": None,
            "reason": None,
            "reason_code": self.reason_code,
            "split": self._split_dict(),
        }

    def _split_dict(self) -> dict[str, Any] | None:
        if self.threshold is None:
            return None
        return {
            "threshold": rounded(self.threshold, 2),
            "label": None,
            "high_mean": rounded(self.high_mean, 2),
            "high_n": self.high_n,
            "low_mean": rounded(self.low_mean, 2),
            "low_n": self.low_n,
        }


@dataclass
class FindingTable:
    """Every pair's finding in report order, a column per field: a page shows the clear links and a
    few dozen others of a journal's 1,700 pairs, so Finding objects are made only for the rows read,
    and the table pickles as a few arrays."""

    columns: tuple[str, ...]
    outcome: np.ndarray  # the outcome's place in `columns`
    factor: np.ndarray
    lag: np.ndarray
    n: np.ndarray
    numbers: np.ndarray  # (pairs, 6): n_eff, rho, ci_low, ci_high, p, q; only where `tested`
    tested: np.ndarray
    reason: np.ndarray  # 0, or 1 + the place of the pair's reason in REASON_CODES
    rarer_side: np.ndarray  # for "rare_binary"; -1 for any other pair
    significant_count: int  # the clear links are the first rows
    splits: list[tuple[float, float | None, int, float | None, int]]  # per clear link, as _split makes them

    def __len__(self) -> int:
        return len(self.n)

    def findings(self, start: int = 0, stop: int | None = None) -> list[Finding]:
        """The findings of rows start..stop."""
        rows = slice(start, stop)
        count = len(range(*rows.indices(len(self))))
        columns = np.array(self.columns, dtype=object)
        numbers = self.numbers[rows].astype(object)
        numbers[~self.tested[rows]] = None
        codes: list[str | None] = [None, *REASON_CODES]
        rarer = self.rarer_side[rows].tolist()
        first = min(max(start, 0), len(self))
        splits = self.splits[first : first + count] if first < self.significant_count else []
        unsplit = (None, None, None, None, None)
        return [
            Finding(*row)
            for row in zip(
                columns[self.outcome[rows]].tolist(),
                columns[self.factor[rows]].tolist(),
                self.lag[rows].tolist(),
                self.n[rows].tolist(),
                *numbers.T.tolist(),
                [first + i < self.significant_count for i in range(count)],
                *zip(*(splits + [unsplit] * (count - len(splits))), strict=True),
                [codes[r] for r in self.reason[rows].tolist()],
                [None if side < 0 else side for side in rarer],
                strict=True,
            )
        ]  # no rows: the columns are empty (the splits add none), and so is the list


class Report:
    """The findings (Report.findings, every pair in report order: clear links first) and weekly means.

    Made by analyse() with a FindingTable, from which the findings are made on first use; clear_findings
    and not_clear_findings make only the rows they return."""

    def __init__(
        self,
        days_logged: int,
        first_date: str | None,
        last_date: str | None,
        findings: list[Finding] | None = None,
        weekly: list[dict[str, Any]] | None = None,
        significant_count: int = 0,
        more_days_needed: int | None = None,
        table: FindingTable | None = None,
        weekly_table: WeeklyTable | None = None,
    ) -> None:
        self.days_logged = days_logged
        self.first_date = first_date
        self.last_date = last_date
        self.weekly_table = weekly_table
        self._weekly = weekly if weekly is not None or weekly_table is not None else []
        self.significant_count = significant_count
        self.more_days_needed = more_days_needed
        self.table = table
        self._findings = findings if findings is not None or table is not None else []

    def __repr__(self) -> str:
        return f"Report(days_logged={self.days_logged}, pairs={self.pairs_count}, clear={self.significant_count})"

    @property
    def weekly(self) -> list[dict[str, Any]]:
        """A dict per week (docs/formats.md, Insights JSON, "weekly"), made from the weekly table on first use."""
        if self._weekly is None:
            assert self.weekly_table is not None
            self._weekly = self.weekly_table.rows()
        return self._weekly

    @weekly.setter
    def weekly(self, weekly: list[dict[str, Any]]) -> None:
        self._weekly, self.weekly_table = weekly, None

    @property
    def findings(self) -> list[Finding]:
        if self._findings is None:
            assert self.table is not None
            self._findings = self.table.findings()
        return self._findings

    @findings.setter
    def findings(self, findings: list[Finding]) -> None:
        self._findings, self.table = findings, None

    @property
    def pairs_count(self) -> int:
        return len(self.table) if self._findings is None and self.table is not None else len(self.findings)

    @property
    def tests_count(self) -> int:
        """Pairs tested (the others lacked data)."""
        if self._findings is None and self.table is not None:
            return int(self.table.tested.sum())
        return sum(1 for finding in self.findings if finding.rho is not None)

    def clear_findings(self) -> list[Finding]:
        """The clear links (the first significant_count findings)."""
        if self._findings is None and self.table is not None:
            return self.table.findings(0, self.significant_count)
        return [finding for finding in self.findings if finding.significant]

    def not_clear_findings(self, limit: int | None = None) -> list[Finding]:
        """The other pairs, nearest to clear first; the first `limit` of them if given."""
        if self._findings is None and self.table is not None:
            start = self.significant_count
            return self.table.findings(start, None if limit is None else start + limit)
        return [finding for finding in self.findings if not finding.significant][:limit]

    def __getstate__(self) -> dict[str, Any]:
        """A cached report keeps its tables, not the findings and weeks made from them."""
        state = dict(self.__dict__)
        if self.table is not None:
            state["_findings"] = None
        if self.weekly_table is not None:
            state["_weekly"] = None
        return state

    def to_dict(self) -> dict[str, Any]:
        """docs/formats.md, Insights JSON, without "guidance" (the web layer adds it)."""
        return {
            "days_logged": self.days_logged,
            "first_date": self.first_date,
            "last_date": self.last_date,
            "findings": [finding.to_dict() for finding in self.findings],
            "weekly": [dict(week) for week in self.weekly],
            "significant_count": self.significant_count,
            "more_days_needed": self.more_days_needed,
        }


# --- the daily frame ---------------------------------------------------------


def daily_frame(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """One row per calendar day from the first to the last date; missing stays NaN."""
    by_date: dict[dt.date, list[float]] = {}
    for row in rows:
        day = _as_date(row["date"])
        if day in by_date:
            raise ValueError(f"The date {day.isoformat()} appears twice.")
        by_date[day] = [_as_float(row.get(column)) for column in COLUMNS]
    if not by_date:
        return _empty_frame()
    dates = sorted(by_date)
    index = pd.date_range(dates[0], dates[-1], freq="D", name="date")
    positions = np.array([(day - dates[0]).days for day in dates])
    data = np.full((len(index), len(COLUMNS)), np.nan)
    data[positions] = np.array([by_date[day] for day in dates], dtype=float)
    frame = pd.DataFrame(data, index=index, columns=list(COLUMNS))
    logged = np.zeros(len(index), dtype=bool)
    logged[positions] = True
    frame["logged"] = logged
    return frame


def _empty_frame() -> pd.DataFrame:
    frame = pd.DataFrame(
        {column: pd.Series(dtype="float64") for column in COLUMNS},
        index=pd.DatetimeIndex([], name="date"),
    )
    frame["logged"] = pd.Series(dtype=bool)
    return frame


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise TypeError(f"A row's date must be a datetime.date, not {type(value).__name__}.")


def _as_float(value: Any) -> float:
    if value is None:
        return math.nan
    if isinstance(value, Decimal | bool | int | float | np.number):
        return float(value)
    raise TypeError(f"A daily value must be a number or None, not {type(value).__name__}.")


@dataclass
class DailyArrays:
    """The frame as plain arrays: day 0 is `start`, one row per calendar day."""

    start: dt.date | None
    values: np.ndarray  # days x COLUMNS, NaN where missing
    logged: np.ndarray  # days, bool


def daily_arrays(frame: pd.DataFrame, columns: tuple[str, ...] = COLUMNS) -> DailyArrays:
    """Accept any frame with a date index: missing columns are NaN, calendar gaps are filled with unlogged days."""
    if not len(frame):
        return DailyArrays(None, np.empty((0, len(columns))), np.zeros(0, dtype=bool))
    dates = np.asarray(pd.DatetimeIndex(frame.index), dtype="datetime64[D]")
    first = dates.min()
    days = (dates - first).astype(int)
    if "logged" in frame:
        logged_rows = frame["logged"].fillna(False).to_numpy(dtype=bool)
    else:
        logged_rows = frame.reindex(columns=list(columns)).notna().to_numpy().any(axis=1)
    values = np.full((int(days.max()) + 1, len(columns)), np.nan)
    values[days] = frame.reindex(columns=list(columns)).to_numpy(dtype=float)
    logged = np.zeros(len(values), dtype=bool)
    logged[days] = logged_rows
    return DailyArrays(first.item(), values, logged)


# --- pair statistics -----------------------------------------------------------


@dataclass
class _PairArrays:
    """Per pair (in PAIRS order) what the correlation step found; rarer_side only for binary factors (0 for others)."""

    n: np.ndarray
    rho: np.ndarray
    n_eff: np.ndarray
    factor_constant: np.ndarray
    outcome_constant: np.ndarray
    rarer_side: np.ndarray


def _series_present(values: np.ndarray) -> np.ndarray:
    """(len(LAGS) * columns, days): series i * columns + c, column c shifted later by LAGS[i], present on a day."""
    days, columns = values.shape
    present = np.zeros((len(LAGS), columns, days), dtype=bool)
    by_column = ~np.isnan(values.T)
    for i, lag in enumerate(LAGS):
        present[i, :, lag:] = by_column[:, : days - lag]
    return present.reshape(len(LAGS) * columns, days)


# Decimal steps tried for reading a column as whole numbers of steps. A column spanning at most
# _STEPS_PER_DAY * days + _MORE_STEPS steps has its codes counted, one spanning at most 2**16 is sorted
# as 16-bit integers (a radix sort), any other as floats.
_STEPS = (1.0, 10.0, 100.0)
_STEPS_PER_DAY = 4
_MORE_STEPS = 64


def _dense_codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(columns, days): each present value's place among its column's distinct values (equal values, equal
    codes; a missing value's code means nothing); per column, a bound on the codes (all are below it).

    Once per analysis: a series' ranks over any set of its days follow from these codes by counting
    (_centred_ranks), with no sort per missing-data pattern. Most columns hold whole numbers or one or
    two decimals: where every value is exactly k / step for an integer k (checked, so equal values and
    only they share a k, in the same order), the codes come from the k.
    """
    by_column = np.ascontiguousarray(values.T)
    columns, days = by_column.shape
    codes = np.zeros((columns, days), dtype=np.intp)
    bound = np.zeros(columns, dtype=np.intp)
    present = ~np.isnan(by_column)
    whole = np.zeros((columns, days))
    empty = ~present.any(axis=1)  # no codes to find
    found = empty.copy()
    for step in _STEPS:
        rest = np.flatnonzero(~found)  # a finer step only for the columns a coarser one did not fit
        with np.errstate(invalid="ignore", over="ignore"):
            k = np.rint(by_column[rest] * step)
            exact = ((k / step == by_column[rest]) | ~present[rest]).all(axis=1)
        whole[rest[exact]] = k[exact]
        found[rest[exact]] = True
        if found.all():
            break
    low = np.where(present, whole, np.inf).min(axis=1)
    with np.errstate(invalid="ignore"):  # infinite values: no width, the column is sorted as floats
        width = np.where(present, whole, -np.inf).max(axis=1) - low + 1
        whole = np.where(present, whole - low[:, None], 0.0)
    counted = found & ~empty & (width <= _STEPS_PER_DAY * days + _MORE_STEPS)
    short = found & ~empty & ~counted & (width <= 1 << 16)
    if counted.any():
        codes[counted], bound[counted] = _counted_codes(whole[counted].astype(np.intp), width[counted].astype(np.intp))
    if short.any():
        codes[short], bound[short] = _sorted_codes(whole[short].astype(np.uint16), "stable")
    rest = ~found | (~empty & ~counted & ~short)
    if rest.any():
        codes[rest], bound[rest] = _sorted_codes(by_column[rest], "quicksort")
    return codes, bound


def _counted_codes(steps: np.ndarray, widths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Dense codes of rows of small non-negative integers below their row's width: which integers occur."""
    starts = np.cumsum(widths) - widths
    steps = steps + starts[:, None]
    seen = np.zeros(int(widths.sum()), dtype=np.intp)
    seen[steps] = 1
    place = np.cumsum(seen) - 1
    before = place[starts] + 1 - seen[starts]  # distinct values of the rows before
    return place[steps] - before[:, None], place[starts + widths - 1] + 1 - before


def _sorted_codes(rows: np.ndarray, kind: Literal["stable", "quicksort"]) -> tuple[np.ndarray, np.ndarray]:
    """Dense codes along each row by sorting it."""
    order = np.argsort(rows, axis=1, kind=kind)
    ordered = np.take_along_axis(rows, order, axis=1)
    new = np.ones(ordered.shape, dtype=np.intp)
    new[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    dense = np.cumsum(new, axis=1) - 1
    codes = np.empty_like(dense)
    np.put_along_axis(codes, order, dense, axis=1)
    return codes, dense[:, -1] + 1


def _centred_ranks(keys: np.ndarray, widths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Average ranks along each row (ties share theirs, as average_ranks) less their mean; which rows are constant.

    `keys` are dense codes, row i within its own range of widths[i] codes after the ranges of the rows
    before it. Counting instead of sorting: a value's rank is the count of smaller values in its row
    plus the middle of its run of ties, read off one bincount over all rows. Ranks are half-integers,
    so the sums here are exact and the values equal those of average_ranks.
    """
    rows, n = keys.shape
    counts = np.bincount(keys.ravel(), minlength=int(widths.sum()))
    # Per code: values of its row in codes before it (the counts of earlier rows, n each, taken off).
    below = np.cumsum(counts) - counts - np.repeat(np.arange(0, rows * n, n), widths)
    centred = (below + (counts + 1) / 2 - (n + 1) / 2)[keys]
    return centred, counts[keys[:, 0]] == n


def _pair_statistics(values: np.ndarray, variables: Variables) -> _PairArrays:
    """Group the pairs by their shared days, then rank each series of a group once and correlate by dot products.

    A pair's days are where its two series are present; the series fall into a few presence patterns,
    so the pairs' days are found per combination of patterns rather than per pair.
    """
    days, columns = values.shape
    outcome, factor, lag_at = variables.pair_index
    x_series, y_series = lag_at * columns + factor, outcome
    count = len(outcome)
    result = _PairArrays(
        n=np.zeros(count, dtype=int),
        rho=np.full(count, np.nan),
        n_eff=np.full(count, np.nan),
        factor_constant=np.zeros(count, dtype=bool),
        outcome_constant=np.zeros(count, dtype=bool),
        rarer_side=np.zeros(count, dtype=int),
    )
    if count == 0:
        return result
    present = _series_present(values)
    seen: dict[bytes, int] = {}
    pattern = np.array([seen.setdefault(row.tobytes(), len(seen)) for row in np.packbits(present, axis=1)])
    patterns = present[np.unique(pattern, return_index=True)[1]]
    combinations, pair_combination = np.unique(pattern[x_series] * len(seen) + pattern[y_series], return_inverse=True)
    masks = patterns[combinations // len(seen)] & patterns[combinations % len(seen)]
    result.n[:] = np.count_nonzero(masks, axis=1)[pair_combination]
    groups: dict[bytes, int] = {}
    combination_group = np.array([groups.setdefault(mask.tobytes(), len(groups)) for mask in masks])
    pair_group = combination_group[pair_combination]
    tested = np.flatnonzero(result.n >= MIN_PAIRS)
    if not len(tested):
        return result
    tested = tested[np.argsort(pair_group[tested], kind="stable")]
    bounds = np.flatnonzero(np.diff(pair_group[tested])) + 1
    codes, distinct = _dense_codes(values)
    positive = np.ascontiguousarray((values > 0).T).ravel()
    binary = variables.binary_columns
    for members in np.split(tested, bounds):
        group_days = np.flatnonzero(masks[pair_combination[members[0]]])
        _correlate_group(positive, codes.ravel(), distinct, group_days, members, x_series, y_series, binary, result)
    return result


def _correlate_group(
    positive_by_column: np.ndarray,
    codes: np.ndarray,
    distinct: np.ndarray,
    days: np.ndarray,
    members: np.ndarray,
    x_series: np.ndarray,
    y_series: np.ndarray,
    binary: np.ndarray,
    result: _PairArrays,
) -> None:
    """Every pair sharing these paired days: rank each series involved once, correlate by dot products.

    `positive_by_column` (whether a value is above 0) and `codes` (the values' dense codes) are laid out
    column after column (columns, days).
    """
    columns = len(distinct)
    total_days = len(codes) // columns
    n = len(days)
    x, y = x_series[members], y_series[members]
    # The series involved, in series order, and each pair's two among them.
    involved = np.zeros(len(LAGS) * columns, dtype=bool)
    involved[x] = involved[y] = True
    series = np.flatnonzero(involved)
    local = np.empty(len(involved), dtype=np.intp)
    local[series] = np.arange(len(series))
    x_at, y_at = local[x], local[y]
    column = series % columns
    # Series i * columns + c on day t is column c on day t - LAGS[i]: its place in the (columns, days) layout.
    flat = (column * total_days - _LAG_VALUES[series // columns])[:, None] + days[None, :]
    on_binary = binary[column]
    if on_binary.any():
        positive = np.zeros(len(series), dtype=np.intp)
        positive[on_binary] = np.count_nonzero(positive_by_column[flat[on_binary]], axis=1)
        result.rarer_side[members] = np.minimum(positive[x_at], n - positive[x_at])
    widths = distinct[column]
    centred, constant = _centred_ranks(codes[flat] + (np.cumsum(widths) - widths)[:, None], widths)
    # The large arrays of a group go as soon as they are spent, so that the next ones take their memory
    # rather than fresh pages (page faults were a tenth of the analysis).
    del flat
    sums_of_squares = np.einsum("ij,ij->i", centred, centred)
    is_outcome = np.zeros(len(series), dtype=bool)
    is_outcome[y_at] = True
    outcomes = np.flatnonzero(is_outcome)
    outcome_at = np.empty(len(series), dtype=np.intp)
    outcome_at[outcomes] = np.arange(len(outcomes))
    # Sums of products of half-integer ranks are exact in any order, so one matrix product gives every pair's.
    cross = (centred @ centred[outcomes].T)[x_at, outcome_at[y_at]]
    with np.errstate(invalid="ignore", divide="ignore"):
        rho = cross / np.sqrt(sums_of_squares[x_at] * sums_of_squares[y_at])
    result.rho[members] = np.minimum(np.maximum(rho, -1.0), 1.0)
    autocorrelation = autocorrelations(centred, sums_of_squares, days, constant, max_lag(n))
    del centred
    # effective_n's sum, formed as effective_n forms it (the same products, summed the same way); the
    # products are multiplied in place, one fresh (pairs, lags) array fewer.
    products = (lag_weights(n, autocorrelation.shape[1]) * autocorrelation).take(x_at, axis=0)
    products *= autocorrelation.take(y_at, axis=0)
    lagged_sums = products.sum(axis=1)
    result.n_eff[members] = effective_n_of_sums(float(n), lagged_sums)
    result.factor_constant[members] = constant[x_at]
    result.outcome_constant[members] = constant[y_at]


_LAG_VALUES = np.array(LAGS)


# --- findings ----------------------------------------------------------------

REASON_CODES = ("too_few_pairs", "one_value", "rare_binary", "constant_outcome")


def _reasons(arrays: _PairArrays, variables: Variables) -> np.ndarray:
    """Per pair, which not-enough-data rule it breaks (1 + its place in REASON_CODES, the first that applies), or 0."""
    binary = variables.binary_columns[variables.pair_index[1]]
    return np.select(
        [
            arrays.n < MIN_PAIRS,
            arrays.factor_constant,
            binary & (arrays.rarer_side < MIN_RARER_SIDE_DAYS),
            arrays.outcome_constant,
        ],
        [1, 2, 3, 4],
        0,
    )


def _finding_table(values: np.ndarray, variables: Variables) -> FindingTable:
    """Every pair's finding, in report order: clear links first, then the other tested pairs, then the
    untested ones; by q, then p, then PAIRS order within each."""
    arrays = _pair_statistics(values, variables)
    count = len(variables.pairs)
    reasons = _reasons(arrays, variables)
    tested = np.flatnonzero(reasons == 0)
    p_all, q_all = np.zeros(count), np.zeros(count)
    significant = np.zeros(count, dtype=bool)
    numbers = np.zeros((count, 6))  # n_eff, rho, ci_low, ci_high, p, q
    if len(tested):
        n_eff, rho = arrays.n_eff[tested], arrays.rho[tested]
        low, high, p = interval_and_p(rho, n_eff)
        q = benjamini_hochberg(p)
        p_all[tested], q_all[tested] = p, q
        significant[tested] = q <= Q_THRESHOLD
        numbers[tested] = np.column_stack((n_eff, rho, low, high, p, q))
    order = np.lexsort((p_all, q_all, reasons != 0, ~significant))
    outcome, factor, lag_at = variables.pair_index
    lag = _LAG_VALUES[lag_at]
    clear = order[: int(significant.sum())]
    columns = variables.columns
    return FindingTable(
        columns=columns,
        outcome=outcome[order],
        factor=factor[order],
        lag=lag[order],
        n=arrays.n[order],
        numbers=numbers[order],
        tested=(reasons == 0)[order],
        reason=reasons[order],
        rarer_side=np.where(reasons == REASON_CODES.index("rare_binary") + 1, arrays.rarer_side, -1)[order],
        significant_count=len(clear),
        splits=[_split_values(values, columns[factor[i]], columns[outcome[i]], int(lag[i]), columns) for i in clear],
    )


# --- the split of a clear link ------------------------------------------------


def split_threshold(factor: str, x: np.ndarray) -> float:
    """The guideline where it leaves both sides non-empty, else the person's median (moved up a value if needed)."""
    guideline = GUIDELINES.get(factor)
    if guideline is not None and 0 < (x >= guideline).sum() < len(x):
        return float(guideline)
    distinct = np.unique(x)
    at_or_above_median = distinct[distinct >= np.median(x)]
    threshold = at_or_above_median[0]
    if threshold == distinct[0] and len(distinct) > 1:
        threshold = distinct[1]
    return float(threshold)


def _split_values(
    values: np.ndarray, factor: str, outcome: str, lag: int, columns: tuple[str, ...] = COLUMNS
) -> tuple[float, float | None, int, float | None, int]:
    """A clear link's split: threshold, high_mean, high_n, low_mean, low_n (Finding's order)."""
    x, y = _paired_values(values, factor, outcome, lag, columns)
    threshold = split_threshold(factor, x)
    high = x >= threshold
    high_n, low_n = int(high.sum()), int((~high).sum())
    high_mean = float(y[high].mean()) if high_n else None
    low_mean = float(y[~high].mean()) if low_n else None
    return threshold, high_mean, high_n, low_mean, low_n


def _paired_values(
    values: np.ndarray, factor: str, outcome: str, lag: int, columns: tuple[str, ...] = COLUMNS
) -> tuple[np.ndarray, np.ndarray]:
    days = values.shape[0]
    x = values[: days - lag, columns.index(factor)]
    y = values[lag:, columns.index(outcome)]
    both = ~np.isnan(x) & ~np.isnan(y)
    return x[both], y[both]


# --- weekly trends and the report ----------------------------------------------


def weekly_means(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """ISO weeks (Monday first), oldest first: days logged, each column's mean over the logged days, and
    whether the week is partial (fewer than FULL_WEEK_DAYS logged)."""
    return _weekly(daily_arrays(frame))


@dataclass
class WeeklyTable:
    """Weekly means as arrays (ISO weeks, Monday first, oldest first): the page charts columns of them,
    and only the JSON wants a dict per week (WeeklyTable.rows), which with trackers is most of their cost."""

    columns: tuple[str, ...]
    first_monday: dt.date | None
    days_logged: np.ndarray  # per week
    means: np.ndarray  # weeks x columns, rounded to two places; NaN where the week has no value

    def __len__(self) -> int:
        return len(self.days_logged)

    def week_starts(self) -> list[str]:
        if self.first_monday is None:
            return []
        return (np.datetime64(self.first_monday, "D") + 7 * np.arange(len(self))).astype(str).tolist()

    def partial(self) -> np.ndarray:
        return self.days_logged < FULL_WEEK_DAYS

    def column_values(self, columns: Sequence[str]) -> list[list[float | None]]:
        """Each column's weekly means, Python floats and None for no value."""
        at = [self.columns.index(column) for column in columns]
        means = self.means[:, at]
        values = means.astype(object)
        values[np.isnan(means)] = None
        return values.T.tolist()

    def rows(self) -> list[dict[str, Any]]:
        """A dict per week: week_start, days_logged, each column's mean (None for no value), partial."""
        table = np.empty((len(self), len(self.columns) + 3), dtype=object)
        table[:, 0] = self.week_starts()
        table[:, 1] = self.days_logged
        table[:, 2:-1] = self.means  # Python floats, and None for no value
        table[:, 2:-1][np.isnan(self.means)] = None
        table[:, -1] = self.partial()
        keys = ("week_start", "days_logged", *self.columns, "partial")
        # map(dict, map(zip, ...)) builds the rows in C, without a comprehension's step per week.
        return list(map(dict, map(zip, repeat(keys), table.tolist())))


def _weekly(journal: DailyArrays, columns: tuple[str, ...] = COLUMNS) -> list[dict[str, Any]]:
    return _weekly_table(journal, columns).rows()


def _weekly_table(journal: DailyArrays, columns: tuple[str, ...] = COLUMNS) -> WeeklyTable:
    if journal.start is None:
        return WeeklyTable(columns, None, np.zeros(0, dtype=int), np.zeros((0, len(columns))))
    lead = journal.start.weekday()
    monday = journal.start - dt.timedelta(days=lead)
    days = len(journal.logged)
    weeks = (lead + days + 6) // 7
    present = ~np.isnan(journal.values) & journal.logged[:, None]
    padded = np.zeros((weeks * 7, len(columns) * 2 + 1))
    padded[lead : lead + days, : len(columns)] = np.where(present, journal.values, 0.0)
    padded[lead : lead + days, len(columns) : -1] = present
    padded[lead : lead + days, -1] = journal.logged
    totals = padded.reshape(weeks, 7, -1).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.round(totals[:, : len(columns)] / totals[:, len(columns) : -1], 2)
    return WeeklyTable(columns, monday, totals[:, -1].astype(int), means)


def _more_days_needed(table: FindingTable) -> int | None:
    if table.significant_count:
        return None
    most_pairs = int(table.n.max()) if len(table) else 0
    return DAYS_FOR_MODERATE_LINK - most_pairs if most_pairs < DAYS_FOR_MODERATE_LINK else None


def analyse(frame: pd.DataFrame, variables: Variables = BUILT_IN) -> Report:
    """The report over `variables` (the built-in columns by default; `variables_of(frame)` adds its trackers)."""
    return analyse_arrays(daily_arrays(frame, variables.columns), variables)


def analyse_arrays(journal: DailyArrays, variables: Variables = BUILT_IN) -> Report:
    """analyse() of the frame as arrays (`journal.values` holds `variables.columns` in that order): the web
    layer keeps a person's days as arrays and skips building a pandas frame on every cold page."""
    logged_days = np.flatnonzero(journal.logged)
    table = _finding_table(journal.values, variables)

    def iso(day: int) -> str:
        assert journal.start is not None  # only asked for a logged day, so the journal has a start
        return (journal.start + dt.timedelta(days=int(day))).isoformat()

    return Report(
        days_logged=len(logged_days),
        first_date=iso(logged_days[0]) if len(logged_days) else None,
        last_date=iso(logged_days[-1]) if len(logged_days) else None,
        weekly_table=_weekly_table(journal, variables.columns),
        significant_count=table.significant_count,
        more_days_needed=_more_days_needed(table),
        table=table,
    )
