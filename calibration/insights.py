"""Insights scenarios (docs/statistics.md, Calibration): journals with no true link, and with one planted link, through
insights.analysis.analyse(daily_frame(rows)), the app's own path.

Every column is a monotone transform of its own latent series, so with no planted link no factor is linked
with any outcome at any lag (Spearman's rho sees only ranks). A planted link ties mood to the same day's sleep
hours with a chosen Spearman rho. Measured per scenario: the share of journals with any significant finding
that is not the planted one ("any false clear link", the promise is at most 10%), the mean number of such
findings, and for planted scenarios the share of journals in which the planted pair is significant.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
from scipy import signal, stats

from insights.analysis import COLUMNS, analyse, daily_frame

LENGTHS = (90, 365, 1100)
BOUND = 0.10
PLANTED = ("mood", "sleep_hours", 0)
START = dt.date(2024, 1, 1)


@dataclass(frozen=True)
class Scenario:
    name: str
    phi: float = 0.0
    slow: float = 0.0  # share of the variance in a slow (phi 0.97) component
    integer: bool = False  # 1-5 scales rounded to whole numbers (ties)
    missing: float = 0.0  # share of days not logged at all
    rho: float = 0.0  # planted Spearman rho between mood and the same day's sleep hours


NULL_SCENARIOS = (
    Scenario("independent days"),
    Scenario("AR(1) φ 0.5", phi=0.5),
    Scenario("AR(1) φ 0.8", phi=0.8),
    Scenario("1–5 integer scales, AR(1) φ 0.8", phi=0.8, integer=True),
    Scenario("slow drift: AR(1) φ 0.5 + φ 0.97", phi=0.5, slow=0.5),
    Scenario("30% of days missing, AR(1) φ 0.5", phi=0.5, missing=0.3),
)
PLANTED_SCENARIOS = (Scenario("planted ρ 0.2", rho=0.2), Scenario("planted ρ 0.3", rho=0.3))


def _ar1(rng: np.random.Generator, n: int, phi: float) -> np.ndarray:
    if phi == 0:
        return rng.standard_normal(n)
    shocks = rng.standard_normal(n) * math.sqrt(1 - phi**2)
    shocks[0] /= math.sqrt(1 - phi**2)
    return signal.lfilter([1.0], [1.0, -phi], shocks)


def _latent(rng: np.random.Generator, n: int, scenario: Scenario) -> np.ndarray:
    fast = _ar1(rng, n, scenario.phi)
    if not scenario.slow:
        return fast
    return math.sqrt(1 - scenario.slow) * fast + math.sqrt(scenario.slow) * _ar1(rng, n, 0.97)


def _scale(z: np.ndarray, integer: bool) -> np.ndarray:
    values = np.clip(3 + z, 1, 5)
    return np.round(values) if integer else np.round(values, 2)


def _column(name: str, z: np.ndarray, integer: bool) -> np.ndarray:
    """A column's daily values from its latent series: a monotone map into the column's range."""
    if name in ("mood", "anxiety", "energy", "stress", "sleep_quality"):
        return _scale(z, integer)
    if name == "sleep_hours":
        return np.round(np.clip(7 + z, 3, 11), 1)
    if name == "exercise_minutes":
        return np.round(np.maximum(0, 30 + 20 * z))
    if name == "mindfulness_minutes":
        return np.round(np.maximum(0, 10 + 8 * z))
    if name == "water_glasses":
        return np.round(np.maximum(0, 8 + 2 * z))
    if name == "fiber_g":
        return np.round(np.maximum(0, 22 + 8 * z), 1)
    if name in ("probiotic_servings", "added_sugar_servings", "ultra_processed_servings"):
        return np.round(np.maximum(0, 1.5 + z))
    if name in ("bloating", "abdominal_pain"):
        return np.clip(np.round(1 + z), 0, 3)
    if name == "stool_type":
        return np.clip(np.round(4 + z), 1, 7)
    if name == "antibiotics":
        return (z > 1.5).astype(float)  # rare, in runs when the days are dependent
    raise KeyError(name)


def journal_rows(rng: np.random.Generator, days: int, scenario: Scenario) -> list[dict]:
    """One simulated journal as the rows daily_frame() takes: a date and every column, None where not logged."""
    latent = {name: _latent(rng, days, scenario) for name in COLUMNS}
    if scenario.rho:
        r = 2 * math.sin(math.pi * scenario.rho / 6)  # the Pearson r of normal scores with this Spearman rho
        latent["mood"] = r * latent["sleep_hours"] + math.sqrt(1 - r**2) * latent["mood"]
    columns = {name: _column(name, latent[name], scenario.integer) for name in COLUMNS}
    logged = rng.random(days) >= scenario.missing
    logged[0] = logged[-1] = True  # the journal's first and last days are logged, by definition
    rows = []
    for day in np.flatnonzero(logged):
        row: dict[str, object] = {"date": START + dt.timedelta(days=int(day))}
        row.update({name: float(columns[name][day]) for name in COLUMNS})
        rows.append(row)
    return rows


@dataclass(frozen=True)
class Result:
    scenario: Scenario
    days: int
    journals: int
    with_false: int  # journals with any significant finding other than the planted pair
    false_findings: int
    detected: int  # journals whose planted pair is significant

    @property
    def false_share(self) -> float:
        return self.with_false / self.journals

    def upper_bound(self, confidence: float = 0.99) -> float:
        """One-sided Clopper-Pearson lower bound of the true share: above BOUND means it surely fails."""
        if self.with_false == 0:
            return 0.0
        return float(stats.beta.ppf(1 - confidence, self.with_false, self.journals - self.with_false + 1))

    @property
    def passes(self) -> bool:
        return self.upper_bound() <= BOUND


def run(scenario: Scenario, days: int, journals: int, seed: int) -> Result:
    rng = np.random.default_rng([seed, days, sum(scenario.name.encode())])
    with_false = false_findings = detected = 0
    for _ in range(journals):
        report = analyse(daily_frame(journal_rows(rng, days, scenario)))
        planted = [(f.outcome, f.factor, f.lag) == PLANTED for f in report.findings]
        false = sum(f.significant and not p for f, p in zip(report.findings, planted, strict=True))
        with_false += false > 0
        false_findings += false
        detected += any(f.significant and p for f, p in zip(report.findings, planted, strict=True))
    return Result(scenario, days, journals, with_false, false_findings, detected)


def results(journals: int, seed: int, lengths: tuple[int, ...] = LENGTHS) -> list[Result]:
    return [run(s, days, journals, seed) for s in NULL_SCENARIOS + PLANTED_SCENARIOS for days in lengths]


def table(found: list[Result]) -> str:
    lines = [
        "| scenario | days | journals | any false clear link | false links per journal | planted found | ≤ 10%? |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in found:
        detected = f"{r.detected / r.journals:.0%}" if r.scenario.rho else "–"
        # With a true link present, BH controls the false share among findings (FDR), not "any false link".
        verdict = "–" if r.scenario.rho else ("yes" if r.passes else "**no**")
        lines.append(
            f"| {r.scenario.name} | {r.days} | {r.journals} | {r.false_share:.0%} | "
            f"{r.false_findings / r.journals:.2f} | {detected} | {verdict} |"
        )
    return "\n".join(lines)


# --- how many logged days a moderate link needs (docs/statistics.md, N more days) -----------------------

DETECTION_LENGTHS = (90, 120, 150, 180, 210, 240)
POWER = 0.80


@dataclass(frozen=True)
class Detection:
    days: int
    journals: int
    detected: int

    @property
    def share(self) -> float:
        return self.detected / self.journals

    def lower_bound(self, confidence: float = 0.99) -> float:
        """One-sided Clopper-Pearson lower bound of the true detection rate."""
        if self.detected == 0:
            return 0.0
        return float(stats.beta.ppf(1 - confidence, self.detected, self.journals - self.detected + 1))


def detection(journals: int, seed: int, lengths: tuple[int, ...] = DETECTION_LENGTHS) -> list[Detection]:
    """Planted rho 0.3 (mood against the same day's sleep, independent days), every pair tested and controlled."""
    scenario = Scenario("planted ρ 0.3", rho=0.3)
    return [Detection(days, journals, run(scenario, days, journals, seed).detected) for days in lengths]


def days_for_power(found: list[Detection]) -> int | None:
    """The shortest simulated length at which the planted link was found in at least 80% of journals."""
    return next((d.days for d in found if d.share >= POWER), None)


def detection_table(found: list[Detection]) -> str:
    lines = ["| logged days | journals | planted ρ 0.3 found (q ≤ 0.10) |", "| ---: | ---: | ---: |"]
    lines += [f"| {d.days} | {d.journals} | {d.share:.0%} |" for d in found]
    return "\n".join(lines)
