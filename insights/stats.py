"""The statistics both insight engines share (docs/statistics.md): arrays in, numbers out.

insights.analysis (daily outcomes) and insights.checkin_outcomes (PHQ-9 and
GAD-7 scores) must test their pairs the same way, so the steps live here once:
Spearman's rho on average ranks, the autocorrelations of those ranks at every
lag up to a fifth of the pairs and the effective sample size they give, the Fisher-z interval and t-based p,
Benjamini-Hochberg q values, and the power formula that says how many pairs a
link needs. NumPy and SciPy only, never Django.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import fft, special, stats

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
    ranks[order] = average[np.cumsum(starts_run.astype(np.intp)) - 1]  # (a bool cumsum is slow)
    ordered = ordered.reshape(k, n)
    return ranks.reshape(k, n), ordered[:, 0] == ordered[:, -1]


def autocorrelations(
    centred: np.ndarray, sums_of_squares: np.ndarray, positions: np.ndarray, constant: np.ndarray, max_lag: int
) -> np.ndarray:
    """(rows, max_lag): per row of centred values, the autocorrelation at lags 1..max_lag of `positions`.

    Lag j uses the pairs of positions exactly j apart where both are present
    (a gap is never bridged): r(j) = mean of the products over those pairs
    divided by the row's variance over every position (Pyper & Peterman's
    estimator, with n - j replaced by the pairs that exist). All lags at once:
    the products summed over pairs j apart are the autocorrelation of the
    series laid on its grid with zeros where absent, and the pair counts that
    of the presence mask, so one FFT per row gives every lag. Fewer than 3
    pairs at a lag, or a constant row, give 0 there. Kept within [-1, 1].
    """
    rows = centred.shape[0]
    if max_lag < 1 or len(positions) < 2:
        return np.zeros((rows, max(max_lag, 0)))
    offsets = positions - positions[0]
    span = int(offsets[-1]) + 1
    size = fft.next_fast_len(span + max_lag + 1, real=True)
    grid = np.zeros((rows + 1, size))  # zero-padded to the transform's size here, not copied by rfft
    at = slice(0, span) if span == len(positions) else offsets  # no gap: a slice copies 4x faster
    grid[:rows, at] = centred
    grid[rows, at] = 1.0
    spectrum = fft.rfft(grid, axis=1)
    del grid  # each array freed as soon as it is spent: the next one can take its memory, not fresh pages
    # Keep this product as written: NumPy multiplies a large temporary in place, and its complex product
    # in place rounds differently in the last bit from one into a new array.
    power = spectrum * spectrum.conj()
    del spectrum
    lagged = fft.irfft(power, size, axis=1)[:, 1 : max_lag + 1]
    del power
    counts = np.rint(lagged[rows])
    # In place, on one array: the divisions round as they would into new arrays, and the zeros go where
    # np.where would put them.
    with np.errstate(invalid="ignore", divide="ignore"):
        r = lagged[:rows] / counts
        r /= (sums_of_squares / len(positions))[:, None]
    r[~np.isfinite(r)] = 0.0
    r[:, counts < 3] = 0.0
    r[constant] = 0.0
    np.maximum(r, -1.0, out=r)
    return np.minimum(r, 1.0, out=r)  # np.clip, without its overhead (called once per group)


def max_lag(n: int) -> int:
    """J of Pyper & Peterman 1998: autocorrelations up to a fifth of the pairs."""
    return n // 5


def effective_n(n: np.ndarray, r_x: np.ndarray, r_y: np.ndarray) -> np.ndarray:
    """Pyper & Peterman 1998, the full sum, kept within [3, n]: autocorrelated days count for less.

    1/n_eff = 1/n + (2/n) * sum_j ((n - j)/n) r_x(j) r_y(j) over j = 1..J, with
    r_x, r_y of shape (pairs, J) (autocorrelations at lags 1..J; columns past
    a pair's own J are zero) and n per pair.
    """
    n = np.asarray(n, dtype=float)
    lags = np.arange(1, r_x.shape[1] + 1)
    weights = np.clip((n[:, None] - lags) / n[:, None], 0.0, None)
    return effective_n_of_sums(n, (weights * r_x * r_y).sum(axis=1))


def lag_weights(n: float, lags: int) -> np.ndarray:
    """The weights (n - j)/n of effective_n's sum for j = 1..lags, for pairs of n days (0 past n)."""
    return np.maximum((n - np.arange(1, lags + 1)) / n, 0.0)


def effective_n_of_sums(n: np.ndarray | float, sums: np.ndarray) -> np.ndarray:
    """effective_n from its sum over the lags, per pair (for callers that form the sums themselves)."""
    inverse = 1 / n + (2 / n) * sums
    with np.errstate(divide="ignore"):
        n_eff = np.where(inverse > 0, 1 / inverse, n)
    return np.minimum(np.maximum(n_eff, 3.0), n)


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
    """q values over one family of tests: many pairs are tested, so each p is judged against all of them.

    The same steps, in the same order of arithmetic, as scipy.stats.false_discovery_control(p, method="bh")
    (tests/insights/test_analysis_stats.py holds the two equal), without its input checks and array-API
    dispatch, which cost more than the adjustment itself (it runs twice on every cold Insights page)."""
    p = np.asarray(p, dtype=float)
    if p.ndim != 1:
        raise ValueError("p must be one-dimensional.")
    if p.size and (np.isnan(p).any() or p.min() < 0 or p.max() > 1):
        raise ValueError("p values must be within [0, 1].")
    m = p.size
    if m <= 1:
        return p.copy()
    order = np.argsort(p)
    q = p[order] * (m / np.arange(1, m + 1, dtype=float))
    np.minimum.accumulate(q[::-1], out=q[::-1])
    adjusted = np.empty_like(q)
    adjusted[order] = q
    return np.clip(adjusted, 0.0, 1.0)


def rounded(value: float | None, digits: int) -> float | None:
    """A number for the JSON, rounded; None stays None."""
    return None if value is None else round(float(value), digits)


def significant_digits(value: float | None, digits: int = 6) -> float | None:
    """p and q for the JSON: small values keep their significant digits where rounding would give 0."""
    return None if value is None else float(f"{value:.{digits}g}")
