"""The result of a self-experiment (docs/statistics.md, Self-experiments): intervention mean − baseline mean, with a 95%
interval that keeps its promise on short, autocorrelated phases, or no interval at all
("too short to tell") and the number of days that would give one.

Framework-free on purpose (NumPy and SciPy only; never Django): the statistics are tested without a
database, and the web layer only picks the days and shows the result.

The method: an AR(1)-corrected t statistic whose critical value is found by simulation.

1. The estimate is the observed difference of the phase means (for several runs, the mean of
   the runs' differences; see pool()).
2. Its standard error allows for a good day tending to follow a good day. The day-to-day
   dependence phi is estimated once from every phase's residuals (values minus the phase's
   mean), over pairs of calendar days one apart where both are logged, then corrected for its
   known small-sample bias (about −(1 + 3 phi)/n, Kendall 1954) and kept within [0, 0.95].
   With it, each phase's mean has variance sigma² · g / n², g = Σ_ij phi^|t_i − t_j| over the
   phase's logged calendar days; sigma² is pooled over the phases and corrected for the
   spread the phase means take away (E Σ r² = sigma² (n − g/n)).
3. The critical value is not Student's t: with 4 to 25 days a phase, phi is so poorly known
   that no fixed degrees of freedom are right. Instead the same statistic is computed on
   simulated no-effect experiments with exactly the person's logged days (same phase lengths,
   same gaps), for each phi of PHI_GRID (0 to 0.8), giving the 95th percentile of |t| at each.
   The critical value is the largest of those over every phi the estimate does not rule out
   (a phi is ruled out when an estimate as low as the observed one would happen under it
   less than PHI_ALPHA of the time). By Berger & Boos (1994) the interval then misses a true
   zero at most 5% + PHI_ALPHA of the time for any phi of the grid; measured, it covers
   95-98% (docs/statistics.md, Calibration). A fixed seed makes the same days always give the
   same interval, and the simulation is cached per pattern of logged days.
4. Too short to tell: when even the largest critical value of the grid exceeds MAX_CRITICAL
   (the days, whatever their values, cannot pin down their own noise), or when the dependence
   estimated from the days reaches PHI_TREND (a drift rather than day-to-day noise), there is
   no interval: ci_low and ci_high are None, and `more_days` says how many more logged days
   in each phase would give one (None for a drift: more days alone would not help).

The two phases are simulated as independent stretches: the days just before and after the
washout are in truth positively correlated, which makes the difference vary less than assumed,
so the interval errs on the wide side. Simulated coverage per cell is in
docs/statistics.md, Calibration (`make calibrate`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import signal

SEED = 2014  # fixed, so the same days always give the same interval (Kravitz et al. 2014)
CONFIDENCE = 0.95
MIN_VALUES = 2  # per phase: fewer leaves no mean difference worth the name
# The day-to-day dependence (AR(1) phi) the interval is calibrated for; the largest decides.
PHI_GRID = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
PHI_ALPHA = 0.05  # the phis an estimate rules out: those under which it would be this unlikely or less
PHI_CAP = 0.95  # an estimate is kept below this: beyond it the mean of a phase means little
SIMULATIONS = 1000  # per phi of the grid
# A critical value beyond this (the normal curve's is 1.96) means the days cannot tell their
# own noise: the interval would be mostly guesswork, so none is given.
MAX_CRITICAL = 4.0
PHI_TREND = 0.9  # an estimate at or above this is a drift, not day-to-day noise: no interval


@dataclass(frozen=True)
class Comparison:
    baseline_mean: float
    intervention_mean: float
    difference: float  # intervention − baseline
    ci_low: float | None  # None: too short to tell
    ci_high: float | None
    baseline_days: int  # values used (total over runs when pooled)
    intervention_days: int
    runs: int  # 1, or the number of runs pooled
    phi: float = 0.0  # the day-to-day dependence estimated from the days (bias-corrected)
    more_days: int | None = None  # too short to tell: more logged days a phase that would give an interval

    @property
    def too_short(self) -> bool:
        return self.ci_low is None or self.ci_high is None

    @property
    def clear(self) -> bool:
        """The interval leaves zero out: the data point one way."""
        if self.ci_low is None or self.ci_high is None:
            return False
        return self.ci_low > 0 or self.ci_high < 0

    def to_dict(self) -> dict:
        return {
            "baseline_mean": round(self.baseline_mean, 2),
            "intervention_mean": round(self.intervention_mean, 2),
            "difference": round(self.difference, 2),
            "ci_low": None if self.ci_low is None else round(self.ci_low, 2),
            "ci_high": None if self.ci_high is None else round(self.ci_high, 2),
            "baseline_days": self.baseline_days,
            "intervention_days": self.intervention_days,
            "runs": self.runs,
            "clear": self.clear,
            "more_days": self.more_days,
        }


# --- the inputs ----------------------------------------------------------------------------


def _phase(raw: Sequence[float | None], phase: str) -> tuple[np.ndarray, np.ndarray]:
    """(calendar positions, values) of the logged days: position i is the i-th day given."""
    positions, kept = [], []
    for position, value in enumerate(raw):
        if value is None:
            continue
        number = float(value)
        if math.isnan(number):
            continue
        if math.isinf(number):
            raise ValueError(f"The {phase} has a value that is not a finite number.")
        positions.append(position)
        kept.append(number)
    if len(kept) < MIN_VALUES:
        raise ValueError(
            f"The {phase} has {len(kept)} day(s) with a value; at least {MIN_VALUES} are needed for a comparison."
        )
    return np.array(positions, dtype=np.int64), np.array(kept)


# --- the statistic, vectorised over simulated experiments ----------------------------------


# Per run, (baseline, intervention): the calendar positions of the logged days.
Pattern = tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]


@dataclass(frozen=True)
class _Layout:
    """Where each phase's logged days sit: everything the statistic needs except the values."""

    runs: int
    slices: tuple[tuple[slice, slice], ...]  # per run: (baseline, intervention) columns
    positions: tuple[np.ndarray, ...]  # per phase (baseline, intervention, baseline, …)
    pair_left: np.ndarray  # columns of day t and of day t + 1, both logged, same phase
    pair_right: np.ndarray
    weights: np.ndarray  # (phases, lags + 1): g_p(phi) = weights[p] @ phi ** lags
    sizes: np.ndarray  # logged days per phase
    bias: float  # the pooled lag-1 autocorrelation's small-sample bias factor


@lru_cache(maxsize=512)
def _layout(pattern: Pattern) -> _Layout:
    slices: list[tuple[slice, slice]] = []
    positions, left, right, sizes = [], [], [], []
    column = 0
    for baseline, intervention in pattern:
        run_slices = []
        for phase in (baseline, intervention):
            days = np.array(phase, dtype=np.int64)
            run_slices.append(slice(column, column + days.size))
            consecutive = np.flatnonzero(np.diff(days) == 1)
            left.append(column + consecutive)
            right.append(column + consecutive + 1)
            positions.append(days)
            sizes.append(days.size)
            column += days.size
        slices.append((run_slices[0], run_slices[1]))
    span = max(int(days[-1] - days[0]) for days in positions)
    weights = np.zeros((len(positions), span + 1))
    for p, days in enumerate(positions):
        gaps = np.abs(days[:, None] - days[None, :]).ravel()
        weights[p] = np.bincount(gaps, minlength=span + 1)  # every ordered pair: n at lag 0, 2·c_k beyond
    pairs = np.array([piece.size for piece in left], dtype=float)
    size_array = np.array(sizes, dtype=float)
    bias = float((pairs / size_array).sum() / pairs.sum()) if pairs.sum() else math.inf
    return _Layout(
        runs=len(pattern),
        slices=tuple(slices),
        positions=tuple(positions),
        pair_left=np.concatenate(left),
        pair_right=np.concatenate(right),
        weights=weights,
        sizes=size_array,
        bias=bias,
    )


def _estimate(values: np.ndarray, layout: _Layout) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For rows of values laid out as `layout`: (difference, sum of squared residuals, phi estimate)."""
    residuals = np.empty_like(values)
    means = []
    for run in layout.slices:
        for columns in run:
            mean = values[:, columns].mean(axis=1)
            residuals[:, columns] = values[:, columns] - mean[:, None]
            means.append(mean)
    difference = sum(means[2 * r + 1] - means[2 * r] for r in range(layout.runs)) / layout.runs
    squares = (residuals**2).sum(axis=1)
    products = (residuals[:, layout.pair_left] * residuals[:, layout.pair_right]).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        raw = (products / max(layout.pair_left.size, 1)) / (squares / values.shape[1])
    raw = np.nan_to_num(raw, nan=0.0)
    # E[raw] ≈ phi − (1 + 3 phi)·bias, so phi ≈ (raw + bias) / (1 − 3 bias).
    phi = np.clip((raw + layout.bias) / max(1 - 3 * layout.bias, 0.25), 0.0, PHI_CAP)
    return difference, squares, phi


def _error(squares: np.ndarray, phi: np.ndarray, layout: _Layout) -> np.ndarray:
    """The standard error of the difference when the days follow an AR(1) with this phi (one a row)."""
    g = np.power.outer(phi, np.arange(layout.weights.shape[1])) @ layout.weights.T  # (rows, phases)
    sigma2 = squares / np.maximum((layout.sizes - g / layout.sizes).sum(axis=1), 1e-9)
    return np.sqrt(sigma2 * (g / layout.sizes**2).sum(axis=1)) / layout.runs


def _simulate(layout: _Layout, phi: float, shocks: list[np.ndarray]) -> np.ndarray:
    """No-effect experiments of unit-variance AR(1) days read at the layout's logged days, one a row. `shocks` holds
    one (rows, calendar days) array of standard normals per phase; the same shocks serve every phi (common random
    numbers keep the results smooth over phi)."""
    scale = math.sqrt(1 - phi**2)
    columns = []
    for days, noise in zip(layout.positions, shocks, strict=True):
        start = noise.copy()
        start[:, 0] /= scale  # so that the first day has the stationary variance 1
        columns.append(signal.lfilter([scale], [1.0, -phi], start, axis=1)[:, days])
    return np.concatenate(columns, axis=1)


@dataclass(frozen=True)
class Calibration:
    low_phi: np.ndarray  # per phi of the grid: the PHI_ALPHA quantile of its estimate (below it, that phi is ruled out)
    critical: np.ndarray  # per phi of the grid: the largest 95th percentile of |t| at that phi or any smaller one


@lru_cache(maxsize=512)
def calibration(pattern: Pattern) -> Calibration:
    """Simulated no-effect experiments with exactly these logged days, SIMULATIONS for each phi of PHI_GRID."""
    layout = _layout(pattern)
    rng = np.random.default_rng(SEED)
    shocks = [rng.standard_normal((SIMULATIONS, int(days[-1]) + 1)) for days in layout.positions]
    low_phi, critical = [], []
    for phi in PHI_GRID:
        difference, squares, estimate = _estimate(_simulate(layout, phi, shocks), layout)
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.abs(difference) / _error(squares, estimate, layout)
        critical.append(float(np.quantile(np.nan_to_num(t, nan=0.0), CONFIDENCE)))
        low_phi.append(float(np.quantile(estimate, PHI_ALPHA)))
    return Calibration(low_phi=np.maximum.accumulate(low_phi), critical=np.maximum.accumulate(critical))


def critical_value(pattern: Pattern, phi: float | None = None) -> float:
    """The multiplier of the standard error for these logged days: the largest 95th percentile of |t| over the phis
    of the grid that the estimate `phi` does not rule out (all of them when phi is None)."""
    if not _layout(pattern).pair_left.size:
        return math.inf  # no two consecutive logged days: nothing tells how one day follows another
    found = calibration(pattern)
    if phi is None:
        return float(found.critical[-1])
    plausible = int(np.searchsorted(found.low_phi, phi + 1e-12, side="right")) - 1
    return float(found.critical[min(max(plausible, 0), len(PHI_GRID) - 1)])


def _more_days(pattern: Pattern) -> int | None:
    """The fewest more logged days, added to the end of every phase, that would give an interval; None when four
    more weeks would not."""

    def extended(phase: tuple[int, ...], more: int) -> tuple[int, ...]:
        return phase + tuple(range(phase[-1] + 1, phase[-1] + 1 + more))

    for more in range(1, 29):
        longer: Pattern = tuple(
            (extended(baseline, more), extended(intervention, more)) for baseline, intervention in pattern
        )
        if critical_value(longer) <= MAX_CRITICAL:
            return more
    return None


# --- the public entries ------------------------------------------------------------------


def compare(baseline: Sequence[float | None], intervention: Sequence[float | None]) -> Comparison:
    """One run: the outcome's values on the baseline days and on the intervention days used, each in date
    order, one entry a calendar day (None or NaN for a day not logged, so that gaps are known)."""
    return pool([(baseline, intervention)])


def pool(runs: Sequence[tuple[Sequence[float | None], Sequence[float | None]]]) -> Comparison:
    """Several runs of one experiment (ABAB…): each run's (baseline, intervention) values, oldest run first.

    The pooled difference is the equal-weight mean of the runs' differences, and
    the means reported are the means of the runs' means. Why not put all days of
    all runs into one baseline and one intervention? Each run compares a change
    with the days just before it; the runs sit weeks apart, and whatever drifts
    over those weeks (season, work, the condition itself) would then pass for an
    effect of the change. Averaging within-run differences keeps every
    comparison inside its own stretch of time. Equal weights, rather than
    weights by days, keep a longer run from speaking for the others: each run
    is one replicate of the same question.

    The standard error adds the runs' variances (runs weeks apart are independent), with one
    phi and one sigma² learnt from all phases; the critical value is simulated for all the
    runs' days together, so a pool keeps the same promise as one run. One run gives exactly
    what compare() gives.
    """
    if not runs:
        raise ValueError("At least one run is needed.")
    phases = []
    for number, (baseline, intervention) in enumerate(runs, start=1):
        label = "" if len(runs) == 1 else f" of run {number}"
        phases.append((_phase(baseline, "baseline" + label), _phase(intervention, "intervention" + label)))
    pattern: Pattern = tuple(
        (tuple(int(d) for d in baseline[0]), tuple(int(d) for d in intervention[0]))
        for baseline, intervention in phases
    )
    layout = _layout(pattern)
    values = np.concatenate([vals for run in phases for _days, vals in run])[None, :]
    difference, squares, estimate = (float(a[0]) for a in _estimate(values, layout))
    baseline_mean = float(np.mean([b[1].mean() for b, _i in phases]))
    intervention_mean = float(np.mean([i[1].mean() for _b, i in phases]))
    ci_low = ci_high = more = None
    if estimate >= PHI_TREND:
        pass  # the days move together beyond anything calibrated: a trend, which more days alone won't fix
    elif squares == 0:
        ci_low = ci_high = difference  # every day of each phase the same: nothing varies
    elif critical_value(pattern) > MAX_CRITICAL:
        more = _more_days(pattern)
    else:
        error = float(_error(np.array([squares]), np.array([estimate]), layout)[0])
        critical = critical_value(pattern, estimate)
        ci_low, ci_high = difference - critical * error, difference + critical * error
    return Comparison(
        baseline_mean=baseline_mean,
        intervention_mean=intervention_mean,
        difference=difference,
        ci_low=ci_low,
        ci_high=ci_high,
        baseline_days=sum(b[1].size for b, _i in phases),
        intervention_days=sum(i[1].size for _b, i in phases),
        runs=len(phases),
        phi=estimate,
        more_days=more,
    )
