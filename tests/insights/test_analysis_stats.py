"""The statistics of docs/statistics.md (Spearman's rho to Plain-language summaries) against values
computed here, independently, with plain formulas."""

import math
from datetime import date, timedelta

import numpy as np
import pytest
from scipy import stats

from insights.analysis import PAIRS_FOR_MODERATE_LINK, analyse, daily_frame, split_threshold
from insights.stats import average_ranks, effective_n, interval_and_p

START = date(2025, 2, 3)


def autocorrelated_example() -> tuple[list[dict], dict[int, float], dict[int, float]]:
    """40 calendar days of two random walks (fiber drives mood), with a gap day and a day without mood."""
    rng = np.random.default_rng(42)
    fiber = np.round(20 + np.cumsum(rng.normal(0, 2, 40)), 1)
    mood = np.round(3 + 0.05 * (fiber - 20) + np.cumsum(rng.normal(0, 0.2, 40)), 2)
    fiber_by_day = {i: float(fiber[i]) for i in range(40) if i != 15}
    mood_by_day = {i: float(mood[i]) for i in range(40) if i not in (15, 27)}
    rows = [
        {"date": START + timedelta(days=i), "fiber_g": fiber_by_day.get(i), "mood": mood_by_day.get(i)}
        for i in range(40)
        if i in fiber_by_day
    ]
    return rows, fiber_by_day, mood_by_day


def hand_lag1_autocorrelation(days: list[int], values: list[float]) -> float:
    """The documented rule: ranks over the paired days; products over paired days whose next day is paired."""
    centred = stats.rankdata(values) - np.mean(stats.rankdata(values))
    variance = np.mean(centred**2)
    products = [centred[i] * centred[i + 1] for i in range(len(days) - 1) if days[i + 1] == days[i] + 1]
    return float(np.mean(products) / variance) if len(products) >= 3 else 0.0


def hand_statistics(fiber: dict[int, float], mood: dict[int, float], lag: int) -> dict[str, float]:
    days = [d for d in sorted(mood) if d - lag in fiber]
    x, y = [fiber[d - lag] for d in days], [mood[d] for d in days]
    n = len(days)
    rho = stats.spearmanr(x, y).statistic
    r_x, r_y = hand_lag1_autocorrelation(days, x), hand_lag1_autocorrelation(days, y)
    n_eff = min(max(n * (1 - r_x * r_y) / (1 + r_x * r_y), 3), n)
    se = math.sqrt(1.06 / (n_eff - 3))
    z = math.atanh(rho)
    t = rho * math.sqrt((n_eff - 2) / (1 - rho**2))
    return {
        "n": n,
        "rho": rho,
        "n_eff": n_eff,
        "ci_low": math.tanh(z - 1.959963984540054 * se),
        "ci_high": math.tanh(z + 1.959963984540054 * se),
        "p": 2 * stats.t.sf(abs(t), n_eff - 2),
    }


@pytest.mark.parametrize("lag", [0, 1, 2])
def test_rho_n_eff_interval_and_p_match_hand_computed_values(lag):
    rows, fiber, mood = autocorrelated_example()
    expected = hand_statistics(fiber, mood, lag)
    report = analyse(daily_frame(rows))
    found = next(f for f in report.findings if (f.outcome, f.factor, f.lag) == ("mood", "fiber_g", lag))
    assert found.n == expected["n"]
    assert expected["n_eff"] < found.n  # random walks: the adjustment bites
    for name in ("rho", "n_eff", "ci_low", "ci_high", "p"):
        assert getattr(found, name) == pytest.approx(expected[name], rel=1e-9), name


def test_q_is_benjamini_hochberg_over_every_tested_p():
    rng = np.random.default_rng(8)
    rows = [
        {
            "date": START + timedelta(days=i),
            "mood": float(rng.integers(1, 6)),
            "energy": float(rng.integers(1, 6)),
            "sleep_hours": round(float(rng.normal(7, 1)), 1),
            "stress": float(rng.integers(1, 6)),
        }
        for i in range(60)
    ]
    tested = [f for f in analyse(daily_frame(rows)).findings if f.p is not None]
    assert len(tested) > 10
    expected = stats.false_discovery_control([f.p for f in tested], method="bh")
    assert [f.q for f in tested] == pytest.approx(list(expected), rel=1e-12)


def test_ranks_share_the_average_for_ties_like_scipy():
    rng = np.random.default_rng(4)
    for _ in range(50):
        series = rng.integers(0, 4, size=(3, int(rng.integers(1, 40)))).astype(float)
        ranks, constant = average_ranks(series)
        assert np.array_equal(ranks, stats.rankdata(series, axis=1))
        assert np.array_equal(constant, np.ptp(series, axis=1) == 0)


def test_rho_with_many_ties_matches_scipy_spearman():
    rng = np.random.default_rng(6)
    stress = rng.integers(1, 6, 50).astype(float)
    mood = np.clip(6 - stress + rng.integers(-1, 2, 50), 1, 5)
    rows = [{"date": START + timedelta(days=i), "stress": stress[i], "mood": mood[i]} for i in range(50)]
    found = next(
        f for f in analyse(daily_frame(rows)).findings if (f.outcome, f.factor, f.lag) == ("mood", "stress", 0)
    )
    assert found.rho == pytest.approx(stats.spearmanr(stress, mood).statistic, rel=1e-12)


def test_effective_n_shrinks_with_shared_autocorrelation_and_stays_within_three_and_n():
    n = np.array([100.0, 100.0, 100.0, 100.0])
    r_x = np.array([0.5, 0.999, -0.5, 0.0])
    r_y = np.array([0.5, 0.999, 0.5, 0.7])
    assert effective_n(n, r_x, r_y).tolist() == pytest.approx([100 * 0.75 / 1.25, 3.0, 100.0, 100.0])


def test_interval_at_the_smallest_effective_n_is_the_whole_range():
    low, high, p = interval_and_p(np.array([0.5]), np.array([3.0]))
    assert (low[0], high[0]) == (-1.0, 1.0)
    assert 0 < p[0] < 1


def test_a_perfect_correlation_has_p_zero_and_an_interval_that_holds_it():
    low, high, p = interval_and_p(np.array([1.0, -1.0]), np.array([30.0, 30.0]))
    assert p.tolist() == [0.0, 0.0]
    assert low[0] <= 1.0 <= high[0] and low[1] <= -1.0 <= high[1]


def test_pairs_for_a_moderate_link_come_from_the_power_formula():
    z = stats.norm.ppf(0.975) + stats.norm.ppf(0.80)
    assert math.ceil((z / math.atanh(0.3)) ** 2 + 3) == PAIRS_FOR_MODERATE_LINK == 85


def test_split_uses_the_guideline_when_both_sides_have_days():
    assert split_threshold("fiber_g", np.array([10.0, 20.0, 30.0, 40.0])) == 25


def test_split_falls_back_to_the_median_when_the_guideline_leaves_a_side_empty():
    assert split_threshold("fiber_g", np.array([10.0, 12.0, 14.0, 16.0, 18.0])) == 14


def test_split_without_a_guideline_uses_the_median():
    assert split_threshold("added_sugar_servings", np.array([0.0, 1.0, 2.0, 3.0, 4.0])) == 2


def test_split_moves_past_a_median_that_is_the_smallest_value():
    x = np.array([0.0, 0.0, 0.0, 0.0, 1.0, 2.0])
    threshold = split_threshold("added_sugar_servings", x)
    assert threshold == 1
    assert 0 < (x >= threshold).sum() < len(x)
