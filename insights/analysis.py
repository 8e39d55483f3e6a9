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
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from insights.stats import (
    autocorrelations,
    average_ranks,
    benjamini_hochberg,
    effective_n,
    interval_and_p,
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
        return (
            np.array([at[outcome] for outcome, _, _ in self.pairs], dtype=int),
            np.array([at[factor] for _, factor, _ in self.pairs], dtype=int),
            np.array([LAGS.index(lag) for _, _, lag in self.pairs], dtype=int),
        )

    @cached_property
    def series_keys(self) -> dict[int, tuple[tuple[int, int], tuple[int, int]]]:
        at = {column: i for i, column in enumerate(self.columns)}
        return {
            k: ((LAGS.index(lag), at[factor]), (0, at[outcome])) for k, (outcome, factor, lag) in enumerate(self.pairs)
        }


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
class Report:
    days_logged: int
    first_date: str | None
    last_date: str | None
    findings: list[Finding] = field(default_factory=list)
    weekly: list[dict[str, Any]] = field(default_factory=list)
    significant_count: int = 0
    more_days_needed: int | None = None

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
    """Per pair (in PAIRS order) what the correlation step found."""

    n: np.ndarray
    rho: np.ndarray
    n_eff: np.ndarray
    factor_constant: np.ndarray
    outcome_constant: np.ndarray
    rarer_side: np.ndarray


def _pair_masks(shifted: np.ndarray, variables: Variables) -> np.ndarray:
    """Boolean (pairs x days): the factor on day t-lag and the outcome on day t both present."""
    present = ~np.isnan(shifted)
    outcome, factor, lag = variables.pair_index
    return present[0, outcome] & present[lag, factor]


def _shifted(values: np.ndarray) -> np.ndarray:
    """(lags x columns x days): each column shifted later by each lag (NaN where nothing precedes)."""
    days = values.shape[0]
    out = np.full((len(LAGS), values.shape[1], days), np.nan)
    for i, lag in enumerate(LAGS):
        out[i, :, lag:] = values[: days - lag].T
    return out


def _pair_statistics(values: np.ndarray, variables: Variables) -> _PairArrays:
    """Rank once per shared missing-data pattern, then correlate every pair of that pattern by dot products."""
    count = len(variables.pairs)
    result = _PairArrays(
        n=np.zeros(count, dtype=int),
        rho=np.full(count, np.nan),
        n_eff=np.full(count, np.nan),
        factor_constant=np.zeros(count, dtype=bool),
        outcome_constant=np.zeros(count, dtype=bool),
        rarer_side=np.zeros(count, dtype=int),
    )
    shifted = _shifted(values)
    masks = _pair_masks(shifted, variables)
    result.n[:] = np.count_nonzero(masks, axis=1)
    packed = np.packbits(masks, axis=1)
    groups: dict[bytes, list[int]] = {}
    for k in np.flatnonzero(result.n >= MIN_PAIRS).tolist():
        groups.setdefault(packed[k].tobytes(), []).append(k)
    for members in groups.values():
        _correlate_group(shifted, np.flatnonzero(masks[members[0]]), members, result, variables.series_keys)
    return result


def _correlate_group(
    shifted: np.ndarray,
    days: np.ndarray,
    members: list[int],
    result: _PairArrays,
    series_keys: dict[int, tuple[tuple[int, int], tuple[int, int]]],
) -> None:
    """Every pair sharing these paired days: rank each series involved once, correlate by dot products."""
    keys: dict[tuple[int, int], int] = {}
    x_list, y_list = [], []
    for k in members:
        x_key, y_key = series_keys[k]
        x_list.append(keys.setdefault(x_key, len(keys)))
        y_list.append(keys.setdefault(y_key, len(keys)))
    lag_index, column_index = np.array(list(keys)).T
    series = shifted[lag_index[:, None], column_index[:, None], days[None, :]]
    ranks, constant = average_ranks(series)
    centred = ranks - (len(days) + 1) / 2
    sums_of_squares = np.einsum("ij,ij->i", centred, centred)
    autocorrelation = autocorrelations(centred, sums_of_squares, days, constant, max_lag(len(days)))
    x_at, y_at = np.array(x_list), np.array(y_list)
    cross = np.einsum("ij,ij->i", centred[x_at], centred[y_at])
    with np.errstate(invalid="ignore", divide="ignore"):
        rho = cross / np.sqrt(sums_of_squares[x_at] * sums_of_squares[y_at])
    result.rho[members] = np.clip(rho, -1.0, 1.0)
    n = np.full(len(members), float(len(days)))
    result.n_eff[members] = effective_n(n, autocorrelation[x_at], autocorrelation[y_at])
    result.factor_constant[members] = constant[x_at]
    result.outcome_constant[members] = constant[y_at]
    positive = np.count_nonzero(series[x_at] > 0, axis=1)
    result.rarer_side[members] = np.minimum(positive, len(days) - positive)


# --- findings ----------------------------------------------------------------


def _not_enough_data_code(arrays: _PairArrays, k: int, variables: Variables) -> str | None:
    """Which not-enough-data rule a pair breaks, the first in this order."""
    factor = variables.pairs[k][1]
    if arrays.n[k] < MIN_PAIRS:
        return "too_few_pairs"
    if arrays.factor_constant[k]:
        return "one_value"
    if factor in variables.binary_factors and arrays.rarer_side[k] < MIN_RARER_SIDE_DAYS:
        return "rare_binary"
    if arrays.outcome_constant[k]:
        return "constant_outcome"
    return None


def _findings(values: np.ndarray, variables: Variables) -> list[Finding]:
    arrays = _pair_statistics(values, variables)
    findings = [
        Finding(outcome, factor, lag, int(arrays.n[k])) for k, (outcome, factor, lag) in enumerate(variables.pairs)
    ]
    tested = []
    for k, finding in enumerate(findings):
        finding.reason_code = _not_enough_data_code(arrays, k, variables)
        if finding.reason_code == "rare_binary":
            finding.rarer_side = int(arrays.rarer_side[k])
        if finding.reason_code is None:
            tested.append(k)
    if not tested:
        return findings
    n_eff = arrays.n_eff[tested]
    rho = arrays.rho[tested]
    low, high, p = interval_and_p(rho, n_eff)
    q = benjamini_hochberg(p)
    for i, k in enumerate(tested):
        finding = findings[k]
        finding.n_eff, finding.rho = float(n_eff[i]), float(rho[i])
        finding.ci_low, finding.ci_high = float(low[i]), float(high[i])
        finding.p, finding.q = float(p[i]), float(q[i])
        finding.significant = bool(q[i] <= Q_THRESHOLD)
        if finding.significant:
            _split(finding, values, variables.columns)
    return findings


def _ordered(findings: list[Finding]) -> list[Finding]:
    def key(item: tuple[int, Finding]) -> tuple:
        position, finding = item
        untested = finding.q is None
        return (not finding.significant, untested, finding.q or 0.0, finding.p or 0.0, position)

    return [finding for _, finding in sorted(enumerate(findings), key=key)]


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


def _split(finding: Finding, values: np.ndarray, columns: tuple[str, ...] = COLUMNS) -> None:
    x, y = _paired_values(values, finding.factor, finding.outcome, finding.lag, columns)
    threshold = split_threshold(finding.factor, x)
    high = x >= threshold
    finding.threshold = threshold
    finding.high_n, finding.low_n = int(high.sum()), int((~high).sum())
    finding.high_mean = float(y[high].mean()) if finding.high_n else None
    finding.low_mean = float(y[~high].mean()) if finding.low_n else None


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


def _weekly(journal: DailyArrays, columns: tuple[str, ...] = COLUMNS) -> list[dict[str, Any]]:
    if journal.start is None:
        return []
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
    # numpy's stubs take where(c, None, y) for the one-argument form; it is the three-argument one.
    means = np.where(np.isnan(means), None, means).tolist()  # type: ignore[attr-defined]
    keys = ("week_start", "days_logged", *columns)
    rows = [
        dict(zip(keys, ((monday + dt.timedelta(weeks=w)).isoformat(), int(totals[w, -1]), *means[w]), strict=True))
        for w in range(weeks)
    ]
    for row in rows:
        row["partial"] = row["days_logged"] < FULL_WEEK_DAYS
    return rows


def _more_days_needed(findings: list[Finding]) -> int | None:
    if any(finding.significant for finding in findings):
        return None
    most_pairs = max((finding.n for finding in findings), default=0)
    return DAYS_FOR_MODERATE_LINK - most_pairs if most_pairs < DAYS_FOR_MODERATE_LINK else None


def analyse(frame: pd.DataFrame, variables: Variables = BUILT_IN) -> Report:
    """The report over `variables` (the built-in columns by default; `variables_of(frame)` adds its trackers)."""
    return analyse_arrays(daily_arrays(frame, variables.columns), variables)


def analyse_arrays(journal: DailyArrays, variables: Variables = BUILT_IN) -> Report:
    """analyse() of the frame as arrays (`journal.values` holds `variables.columns` in that order): the web
    layer keeps a person's days as arrays and skips building a pandas frame on every cold page."""
    logged_days = np.flatnonzero(journal.logged)
    findings = _ordered(_findings(journal.values, variables))

    def iso(day: int) -> str:
        assert journal.start is not None  # only asked for a logged day, so the journal has a start
        return (journal.start + dt.timedelta(days=int(day))).isoformat()

    return Report(
        days_logged=len(logged_days),
        first_date=iso(logged_days[0]) if len(logged_days) else None,
        last_date=iso(logged_days[-1]) if len(logged_days) else None,
        findings=findings,
        weekly=_weekly(journal, variables.columns),
        significant_count=sum(finding.significant for finding in findings),
        more_days_needed=_more_days_needed(findings),
    )
