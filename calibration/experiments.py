"""Experiment cells (docs/statistics.md): simulated no-effect experiments, AR(1) days, the default washout.

Each cell: phi x the change's length. The baseline is the app's (max(length, 10) days, experiments.models), the
first DEFAULT_WASHOUT days of the change are left out, so a 7-day change leaves 4 days used. Coverage is the
share of the intervals given that contain zero; "too short" is the share with no interval (no claim made).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

from experiments.analysis import compare, pool

PHIS = (0.0, 0.5, 0.7)
LENGTHS = (7, 14, 28)
DEFAULT_WASHOUT = 3  # experiments.models.DEFAULT_WASHOUT_DAYS (not imported: that module needs Django)
MIN_BASELINE = 10  # experiments.models.MIN_BASELINE_DAYS
BOUND = 0.90  # docs/statistics.md, Self-experiments: cover zero at least 90% of the time in every cell


@dataclass(frozen=True)
class Cell:
    phi: float
    length: int
    runs: int  # 1, or the runs pooled (ABAB)
    simulations: int
    shown: int  # intervals given
    covered: int
    mean_width: float  # in units of the days' standard deviation

    @property
    def coverage(self) -> float | None:
        return self.covered / self.shown if self.shown else None

    @property
    def too_short(self) -> float:
        return 1 - self.shown / self.simulations

    def upper_bound(self, confidence: float = 0.99) -> float:
        """One-sided Clopper-Pearson upper bound of the true coverage: below BOUND means it surely fails."""
        if not self.shown:
            return 1.0
        if self.covered == self.shown:
            return 1.0
        return float(stats.beta.ppf(confidence, self.covered + 1, self.shown - self.covered))

    @property
    def passes(self) -> bool:
        return self.upper_bound() >= BOUND


def ar1(rng: np.random.Generator, n: int, phi: float) -> np.ndarray:
    """n days of unit-variance AR(1) noise, stationary from the first day."""
    shocks = rng.standard_normal(n)
    x = np.empty(n)
    x[0] = shocks[0]
    scale = math.sqrt(1 - phi**2)
    for t in range(1, n):
        x[t] = phi * x[t - 1] + scale * shocks[t]
    return x


def one_run(rng: np.random.Generator, phi: float, length: int, missing: float = 0.0) -> tuple[list, list]:
    """A no-effect run: the baseline and the days used after the washout, None where a day was not logged."""
    baseline = max(length, MIN_BASELINE)
    days = 3.0 + 0.7 * ar1(rng, baseline + length, phi)
    values: list[float | None] = [float(v) for v in days]
    if missing:
        values = [None if rng.random() < missing else v for v in values]
    return values[:baseline], values[baseline + DEFAULT_WASHOUT :]


def cell(phi: float, length: int, simulations: int, seed: int, runs: int = 1, missing: float = 0.0) -> Cell:
    rng = np.random.default_rng([seed, int(phi * 100), length, runs, int(missing * 100)])
    shown = covered = 0
    widths = []
    for _ in range(simulations):
        experiment = [one_run(rng, phi, length, missing) for _run in range(runs)]
        try:
            result = compare(*experiment[0]) if runs == 1 else pool(experiment)
        except ValueError:  # a phase with fewer than 2 logged days: the app refuses it too
            continue
        if result.ci_low is None or result.ci_high is None:  # too short to tell: no claim made
            continue
        shown += 1
        covered += result.ci_low <= 0 <= result.ci_high
        widths.append((result.ci_high - result.ci_low) / 0.7)
    return Cell(phi, length, runs, simulations, shown, covered, float(np.mean(widths)) if widths else math.nan)


def cells(simulations: int, seed: int) -> list[Cell]:
    found = [cell(phi, length, simulations, seed) for length in LENGTHS for phi in PHIS]
    found += [cell(phi, length, simulations, seed, runs=2) for length in LENGTHS for phi in PHIS]
    return found


def table(found: list[Cell]) -> str:
    lines = [
        "| runs | change (days used) | φ | simulated | too short | coverage of zero | 99% upper bound "
        "| mean width (SD) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for c in found:
        coverage = "–" if c.coverage is None else f"{c.coverage:.1%}"
        width = "–" if math.isnan(c.mean_width) else f"{c.mean_width:.2f}"
        lines.append(
            f"| {c.runs} | {c.length} ({c.length - DEFAULT_WASHOUT}) | {c.phi:.1f} | {c.simulations} | "
            f"{c.too_short:.0%} | {coverage} | {c.upper_bound():.1%} | {width} |"
        )
    return "\n".join(lines)
