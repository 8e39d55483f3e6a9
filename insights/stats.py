"""The statistics both insight engines share (docs/statistics.md): arrays in, numbers out.

insights.analysis (daily outcomes) and insights.checkin_outcomes (PHQ-9 and
GAD-7 scores) must test their pairs the same way, so the steps live here once:
Spearman's rho on average ranks, the lag-1 autocorrelation of those ranks and
the effective sample size it gives, the Fisher-z interval and t-based p,
Benjamini-Hochberg q values, and the power formula that says how many pairs a
link needs. NumPy and SciPy only, never Django.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import special, stats

# Fieller, Hartley & Pearson 1957: Spearman's rho has a larger variance than Pearson's r.
SPEARMAN_SE_FACTOR = 1.06
Z_95 = float(special.ndtri(0.975))


def pairs_needed_for_power(rho: float, power: float = 0.80, alpha: float = 0.05) -> int:
    """Pairs needed for a link of size rho to show at this power: the Fisher-z formula, rounded up.

    Says how many more days (or check-ins) are worth asking for before a link could show.
    """
    z = stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(power)
    return math.ceil((z / math.atanh(rho)) ** 2 + 3)


def average_ranks(series: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Ranks along each row, ties sharing their average rank (as scipy.stats.rankdata); which rows are constant.

    One argsort for all rows of a missing-data pattern; scipy's rankdata gives
    the same ranks, but its per-call overhead, paid once per pattern, was most
    of the analysis time.
    """
    k, n = series.shape
    order = (series.argsort(axis=1) + np.arange(0, k * n, n)[:, None]).ravel()
    ordered = series.ravel()[order]
    starts_run = np.empty(k * n, dtype=bool)
    starts_run[1:] = ordered[1:] != ordered[:-1]
    starts_run[::n] = True
    starts = np.flatnonzero(starts_run)
    ends = np.append(starts[1:], k * n) - 1
    average = (starts % n + ends % n) / 2 + 1
    ranks = np.empty(k * n)
    ranks[order] = average[np.cumsum(starts_run) - 1]
    ordered = ordered.reshape(k, n)
    return ranks.reshape(k, n), ordered[:, 0] == ordered[:, -1]


def lag1_autocorrelation(
    centred: np.ndarray, sums_of_squares: np.ndarray, positions: np.ndarray, constant: np.ndarray
) -> np.ndarray:
    """Per row of centred ranks, the lag-1 autocorrelation over consecutive positions only.

    A gap in `positions` (a missing day, a check-in without a value) breaks
    the chain rather than being bridged; fewer than 3 consecutive pairs give 0
    (no adjustment), and a constant row gives 0. Kept within [-1, 1].
    """
    follows = np.flatnonzero(np.diff(positions) == 1)
    if len(follows) < 3:
        return np.zeros(centred.shape[0])
    lagged = np.einsum("ij,ij->i", centred[:, follows], centred[:, follows + 1]) / len(follows)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = lagged / (sums_of_squares / len(positions))
    return np.where(constant, 0.0, np.clip(r, -1.0, 1.0))


def effective_n(n: np.ndarray, r_x: np.ndarray, r_y: np.ndarray) -> np.ndarray:
    """Pyper & Peterman 1998, kept within [3, n]: autocorrelated days count for less than independent ones."""
    product = r_x * r_y
    with np.errstate(divide="ignore", invalid="ignore"):
        n_eff = n * (1 - product) / (1 + product)
    return np.clip(np.where(np.isfinite(n_eff), n_eff, n), 3, n)


def interval_and_p(rho: np.ndarray, n_eff: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fisher-z 95% interval (SE sqrt(1.06 / (n_eff - 3))) and the two-sided t-test p with n_eff - 2 df.

    The interval always contains rho itself, even where rounding at |rho| near 1 would push it out.
    """
    z = np.arctanh(np.clip(rho, -1 + 1e-12, 1 - 1e-12))
    with np.errstate(divide="ignore"):
        se = np.sqrt(SPEARMAN_SE_FACTOR / (n_eff - 3))
    half_width = Z_95 * se
    low, high = np.tanh(z - half_width), np.tanh(z + half_width)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = rho * np.sqrt((n_eff - 2) / (1 - rho**2))
    t = np.where(np.abs(rho) >= 1, np.inf, t)
    p = np.clip(2 * special.stdtr(n_eff - 2, -np.abs(t)), 0.0, 1.0)
    return np.minimum(low, rho), np.maximum(high, rho), p


def benjamini_hochberg(p: np.ndarray) -> np.ndarray:
    """q values over one family of tests: many pairs are tested, so each p is judged against all of them."""
    return stats.false_discovery_control(p, method="bh")


def rounded(value: float | None, digits: int) -> float | None:
    """A number for the JSON, rounded; None stays None."""
    return None if value is None else round(float(value), digits)


def significant_digits(value: float | None, digits: int = 6) -> float | None:
    """p and q for the JSON: small values keep their significant digits where rounding would give 0."""
    return None if value is None else float(f"{value:.{digits}g}")
