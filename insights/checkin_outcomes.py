"""Check-in scores (PHQ-9, GAD-7) as outcomes: the daily frame and the scores in, findings out.

Framework-free like insights/analysis.py (pandas, NumPy and SciPy only; never
Django), and it uses the same statistics (insights.stats): Spearman's rho on
average ranks, the Pyper & Peterman effective sample size, the Fisher-z interval
with the 1.06 factor, the t-based p, Benjamini-Hochberg and q <= 0.10
(docs/statistics.md). Findings are numbers and codes; insights.wording words them.

Both questionnaires ask about the last two weeks, so each check-in is one
outcome value, and a factor's value for it is the factor's mean over the
14 days ending on the day it was taken, when at least 7 of those days have the
factor logged (else that check-in has no value for that factor).

Decisions made here once:

- Factors: the daily factors of analysis.FACTORS and the daily mood, anxiety
  and energy ratings. The latter are another measure of nearly the same thing
  (a person whose daily mood falls while their PHQ-9 rises sees that the two
  agree); they are tested in the same family, so they cost the other tests a
  little power, and every test made is counted.
- One family of tests: every tested (instrument, factor) pair, both
  instruments, separate from the daily report's family.
- Autocorrelation: on the ranks, over the instrument's check-ins in date
  order, at every lag j = 1..n/5 counted in check-ins of that instrument (two
  paired check-ins are j apart when j - 1 check-ins of that instrument lie
  between them; one with no value for the factor leaves a gap that is never
  bridged, as a missing day in the daily analysis). A lag with fewer than 3
  such pairs gives 0. Check-ins two weeks apart share none of their window,
  weekly ones half; this, and slow drift, is what the full sum corrects for.
- Not enough data: fewer than 8 check-ins with the factor present, a factor
  that averaged the same before each of them, antibiotics (a fraction of days
  here) with fewer than 5 check-ins on the rarer side (any antibiotics in the
  window or none), or a score that never changed.
- The split for the plain sentence is made on the window means rounded to one
  decimal (the figure the sentence shows): at the guideline of docs/statistics.md, Plain-language summaries
  where both sides have check-ins, else at the median; antibiotics split into
  "on at least one day" and "on none".
- Check-ins needed, per instrument: while no pair has 8 check-ins, how many
  more until one does; once tested with nothing clear, how many more would let
  a strong link (rho 0.5) show at 80% power; else none (a clear link, or
  enough check-ins with nothing testable, e.g. a score that never changed) (30 check-ins; a moderate one would
  need 85, years of fortnightly check-ins, so we do not promise it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from insights.analysis import MIN_RARER_SIDE_DAYS, Q_THRESHOLD, DailyArrays, daily_arrays, split_threshold
from insights.stats import (
    autocorrelations,
    average_ranks,
    benjamini_hochberg,
    effective_n,
    interval_and_p,
    max_lag,
    pairs_needed_for_power,
    rounded,
    significant_digits,
)
from journal.columns import BINARY_FACTORS, FACTORS
from journal.columns import NUMERIC_COLUMNS as COLUMNS

INSTRUMENTS: tuple[str, ...] = ("phq9", "gad7")
INSTRUMENT_NAMES: dict[str, str] = {"phq9": "PHQ-9", "gad7": "GAD-7"}
DAILY_RATINGS: tuple[str, ...] = ("mood", "anxiety", "energy")
CHECKIN_FACTORS: tuple[str, ...] = (*FACTORS, *DAILY_RATINGS)
CHECKIN_PAIRS: tuple[tuple[str, str], ...] = tuple((i, f) for i in INSTRUMENTS for f in CHECKIN_FACTORS)
WINDOW_DAYS = 14
MIN_WINDOW_VALUES = 7
MIN_CHECKINS = 8
MIN_RARER_SIDE_CHECKINS = MIN_RARER_SIDE_DAYS
STRONG_RHO = 0.5
CHECKINS_FOR_STRONG_LINK = pairs_needed_for_power(STRONG_RHO)

Checkin = tuple[str, dt.date, int]


@dataclass
class CheckinFinding:
    outcome: str  # "phq9" or "gad7"
    factor: str
    n: int
    n_eff: float | None = None
    rho: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    p: float | None = None
    q: float | None = None
    significant: bool = False
    # "too_few_checkins", "one_value", "rare_binary" or "constant_outcome" (rarer_side: for "rare_binary").
    reason_code: str | None = None
    rarer_side: int | None = None
    checkins_needed: int | None = None  # for "too_few_checkins": how many more would reach MIN_CHECKINS
    threshold: float | None = None  # the split of a clear link: window mean >= threshold is the high side
    high_mean: float | None = None
    high_n: int | None = None
    low_mean: float | None = None
    low_n: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """One entry of "checkin_findings"; "summary", "reason" and the split's "label" are words,
        left None here for insights.wording to fill in."""
        return {
            "outcome": self.outcome,
            "factor": self.factor,
            "window_days": WINDOW_DAYS,
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
            "checkins_needed": self.checkins_needed,
            "split": None
            if self.threshold is None
            else {
                "threshold": rounded(self.threshold, 2),
                "label": None,
                "high_mean": rounded(self.high_mean, 2),
                "high_n": self.high_n,
                "low_mean": rounded(self.low_mean, 2),
                "low_n": self.low_n,
            },
        }


@dataclass
class CheckinReport:
    findings: list[CheckinFinding] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    checkins_needed: dict[str, int | None] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The keys the insights object gains: "checkin_findings", "checkins" and "checkins_needed"."""
        return {
            "checkin_findings": [finding.to_dict() for finding in self.findings],
            "checkins": dict(self.counts),
            "checkins_needed": dict(self.checkins_needed),
        }


# --- the check-ins and their windows ---------------------------------------------


def _by_instrument(checkins: Iterable[Checkin]) -> dict[str, tuple[list[dt.date], np.ndarray]]:
    """Per instrument, its check-in dates (oldest first) and scores."""
    seen: dict[str, dict[dt.date, float]] = {instrument: {} for instrument in INSTRUMENTS}
    for instrument, taken_on, score in checkins:
        if instrument not in seen:
            raise ValueError(f"Unknown instrument {instrument!r}.")
        if taken_on in seen[instrument]:
            raise ValueError(f"Two {instrument} check-ins on {taken_on.isoformat()}.")
        seen[instrument][taken_on] = float(score)
    result = {}
    for instrument, scores in seen.items():
        dates = sorted(scores)
        result[instrument] = (dates, np.array([scores[d] for d in dates], dtype=float))
    return result


def window_means(frame: pd.DataFrame, dates: list[dt.date]) -> np.ndarray:
    """(check-ins x COLUMNS): each column's mean over the 14 days ending on each date, NaN under 7 values."""
    return _window_means(daily_arrays(frame), dates)


def _window_means(journal: DailyArrays, dates: list[dt.date]) -> np.ndarray:
    values = journal.values
    if journal.start is None or not dates:
        return np.full((len(dates), len(COLUMNS)), np.nan)
    ends = np.array([(d - journal.start).days for d in dates])
    days = ends[:, None] + np.arange(1 - WINDOW_DAYS, 1)[None, :]
    inside = (days >= 0) & (days < len(values))
    gathered = values[np.clip(days, 0, len(values) - 1)]
    gathered[~inside] = np.nan
    counts = np.count_nonzero(~np.isnan(gathered), axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.nansum(gathered, axis=1) / counts
    means[counts < MIN_WINDOW_VALUES] = np.nan
    return means


# --- the tests ---------------------------------------------------------------------


@dataclass
class _Pair:
    finding: CheckinFinding
    x: np.ndarray = field(default_factory=lambda: np.empty(0))  # the factor's window means on the paired check-ins
    y: np.ndarray = field(default_factory=lambda: np.empty(0))  # the scores there
    n_eff: float = 0.0


_FACTOR_COLUMNS = [COLUMNS.index(factor) for factor in CHECKIN_FACTORS]
_BINARY = np.array([factor in BINARY_FACTORS for factor in CHECKIN_FACTORS])


def _instrument_pairs(instrument: str, means: np.ndarray, scores: np.ndarray) -> list[_Pair]:
    """Every factor against this instrument's scores, on the check-ins where the factor has a window mean.

    The not-enough-data rules are checked for all factors at once (NaN-ignoring max and min), then the
    tested ones are correlated in groups that share their check-ins.
    """
    x_all = means[:, _FACTOR_COLUMNS]
    present = ~np.isnan(x_all)
    n = np.count_nonzero(present, axis=0)
    y_all = np.where(present, scores[:, None], np.nan)
    positive = np.count_nonzero(x_all > 0, axis=0)
    rarer_side = np.minimum(positive, n - positive)
    codes = np.select(
        [
            n < MIN_CHECKINS,
            _highest(x_all) == _lowest(x_all),
            _BINARY & (rarer_side < MIN_RARER_SIDE_CHECKINS),
            _highest(y_all) == _lowest(y_all),
        ],
        ["too_few_checkins", "one_value", "rare_binary", "constant_outcome"],
        "",
    ).tolist()
    pairs: list[_Pair] = []
    groups: dict[bytes, tuple[np.ndarray, list[_Pair]]] = {}
    for j, factor in enumerate(CHECKIN_FACTORS):
        finding = CheckinFinding(instrument, factor, int(n[j]), reason_code=codes[j] or None)
        pair = _Pair(finding)
        if finding.reason_code is None:
            positions = np.flatnonzero(present[:, j])
            pair.x, pair.y = x_all[positions, j], scores[positions]
            groups.setdefault(positions.tobytes(), (positions, []))[1].append(pair)
        elif finding.reason_code == "too_few_checkins":
            finding.checkins_needed = MIN_CHECKINS - finding.n
        elif finding.reason_code == "rare_binary":
            finding.rarer_side = int(rarer_side[j])
        pairs.append(pair)
    for positions, members in groups.values():
        _correlate_group(members, positions)
    return pairs


def _highest(values: np.ndarray) -> np.ndarray:
    """Each column's largest value, NaN ignored; -inf for a column of NaN (so it equals no lowest)."""
    return np.fmax.reduce(values, axis=0, initial=-np.inf)


def _lowest(values: np.ndarray) -> np.ndarray:
    return np.fmin.reduce(values, axis=0, initial=np.inf)


def _correlate_group(pairs: list[_Pair], positions: np.ndarray) -> None:
    """Pairs sharing their check-ins: rank every series once, the scores last."""
    ranks, constant = average_ranks(np.vstack([*(pair.x for pair in pairs), pairs[0].y]))
    centred = ranks - (len(positions) + 1) / 2
    sums_of_squares = np.einsum("ij,ij->i", centred, centred)
    autocorrelation = autocorrelations(centred, sums_of_squares, positions, constant, max_lag(len(positions)))
    rho = np.clip(centred[:-1] @ centred[-1] / np.sqrt(sums_of_squares[:-1] * sums_of_squares[-1]), -1.0, 1.0)
    n = np.full(len(pairs), float(len(positions)))
    scores = np.repeat(autocorrelation[-1:], len(pairs), axis=0)
    n_eff = effective_n(n, autocorrelation[:-1], scores)
    for i, pair in enumerate(pairs):
        pair.finding.rho = float(rho[i])
        pair.n_eff = float(n_eff[i])


def _test(pairs: list[_Pair]) -> None:
    """One Benjamini-Hochberg family over every tested pair of both instruments."""
    tested = [pair for pair in pairs if pair.finding.rho is not None]
    if not tested:
        return
    n_eff = np.array([pair.n_eff for pair in tested])
    rho = np.array([pair.finding.rho for pair in tested])
    low, high, p = interval_and_p(rho, n_eff)
    q = benjamini_hochberg(p)
    for i, pair in enumerate(tested):
        finding = pair.finding
        finding.n_eff = float(n_eff[i])
        finding.ci_low, finding.ci_high = float(low[i]), float(high[i])
        finding.p, finding.q = float(p[i]), float(q[i])
        finding.significant = bool(q[i] <= Q_THRESHOLD)
        if finding.significant:
            _split(pair)


def _ordered(findings: list[CheckinFinding]) -> list[CheckinFinding]:
    def key(item: tuple[int, CheckinFinding]) -> tuple:
        position, finding = item
        return (not finding.significant, finding.q is None, finding.q or 0.0, finding.p or 0.0, position)

    return [finding for _, finding in sorted(enumerate(findings), key=key)]


def _checkins_needed(findings: list[CheckinFinding]) -> int | None:
    """None when a link is clear, or when enough check-ins left nothing testable (a score that never changed)."""
    most = max((finding.n for finding in findings), default=0)
    if most < MIN_CHECKINS:
        return MIN_CHECKINS - most
    if any(finding.significant for finding in findings) or all(finding.rho is None for finding in findings):
        return None
    return CHECKINS_FOR_STRONG_LINK - most if most < CHECKINS_FOR_STRONG_LINK else None


def analyse_checkins(frame: pd.DataFrame, checkins: Iterable[Checkin]) -> CheckinReport:
    """Every (instrument, factor) pair of CHECKIN_PAIRS, tested or with the reason it was not."""
    checkins = list(checkins)
    return analyse_inputs(checkin_inputs(daily_arrays(frame if checkins else frame.iloc[:0]), checkins))


@dataclass(frozen=True)
class CheckinInputs:
    """Everything the check-in analysis reads: per instrument, the window means of the journal's columns
    before each check-in and the scores. The same inputs give the same report (`digest` names them)."""

    instruments: tuple[tuple[str, np.ndarray, np.ndarray], ...]  # (instrument, means, scores)

    @property
    def digest(self) -> str:
        hashed = hashlib.blake2b(digest_size=16)
        for instrument, means, scores in self.instruments:
            hashed.update(instrument.encode())
            hashed.update(np.ascontiguousarray(means, dtype=float).tobytes())
            hashed.update(np.ascontiguousarray(scores, dtype=float).tobytes())
            hashed.update(b"|")
        return hashed.hexdigest()


def checkin_inputs(journal: DailyArrays, checkins: Iterable[Checkin]) -> CheckinInputs:
    """The window means and scores the analysis of these check-ins reads from this journal (as arrays)."""
    built_in = DailyArrays(journal.start, journal.values[:, : len(COLUMNS)], journal.logged)
    return CheckinInputs(
        tuple(
            (instrument, _window_means(built_in, dates), scores)
            for instrument, (dates, scores) in _by_instrument(checkins).items()
        )
    )


def analyse_inputs(inputs: CheckinInputs) -> CheckinReport:
    """The report of analyse_checkins from its inputs (checkin_inputs)."""
    pairs: list[_Pair] = []
    report = CheckinReport()
    for instrument, means, scores in inputs.instruments:
        pairs += _instrument_pairs(instrument, means, scores)
        report.counts[instrument] = len(scores)
    _test(pairs)
    report.findings = _ordered([pair.finding for pair in pairs])
    for instrument in INSTRUMENTS:
        own = [pair.finding for pair in pairs if pair.finding.outcome == instrument]
        report.checkins_needed[instrument] = _checkins_needed(own)
    return report


# --- the split of a clear link ---------------------------------------------------


def _split_threshold(factor: str, x: np.ndarray) -> float:
    if factor in BINARY_FACTORS:
        return float(x[x > 0].min())
    return split_threshold(factor, x)


def _split(pair: _Pair) -> None:
    finding = pair.finding
    x = np.round(pair.x, 1) if finding.factor not in BINARY_FACTORS else pair.x
    threshold = _split_threshold(finding.factor, x)
    high = x >= threshold
    finding.threshold = threshold
    finding.high_n, finding.low_n = int(high.sum()), int((~high).sum())
    finding.high_mean = float(pair.y[high].mean()) if finding.high_n else None
    finding.low_mean = float(pair.y[~high].mean()) if finding.low_n else None
