"""The statistics of docs/statistics.md (Spearman's rho to Plain-language summaries) against values
computed here, independently, with plain formulas."""

import math
from datetime import date, timedelta

import numpy as np
import pytest
from scipy import stats

from insights.analysis import (
    DAYS_FOR_MODERATE_LINK,
    PAIRS,
    Q_THRESHOLD,
    analyse,
    daily_frame,
    split_threshold,
    variables_of,
)
from insights.stats import (
    autocorrelations,
    average_ranks,
    benjamini_hochberg,
    effective_n,
    interval_and_p,
    pairs_needed_for_power,
)

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


def hand_autocorrelation(days: list[int], values: list[float], lag: int) -> float:
    """The documented rule: ranks over the paired days; products over paired days whose day `lag` later is paired."""
    centred = stats.rankdata(values) - np.mean(stats.rankdata(values))
    variance = np.mean(centred**2)
    at = {day: i for i, day in enumerate(days)}
    products = [centred[i] * centred[at[day + lag]] for i, day in enumerate(days) if day + lag in at]
    return float(np.mean(products) / variance) if len(products) >= 3 else 0.0


def hand_effective_n(days: list[int], x: list[float], y: list[float]) -> float:
    """Pyper & Peterman's full sum over calendar lags 1..n/5, within [3, n]."""
    n = len(days)
    total = sum(
        (n - j) / n * hand_autocorrelation(days, x, j) * hand_autocorrelation(days, y, j) for j in range(1, n // 5 + 1)
    )
    return min(max(1 / (1 / n + 2 / n * total), 3), n)


def hand_statistics(fiber: dict[int, float], mood: dict[int, float], lag: int) -> dict[str, float]:
    days = [d for d in sorted(mood) if d - lag in fiber]
    x, y = [fiber[d - lag] for d in days], [mood[d] for d in days]
    n = len(days)
    rho = stats.spearmanr(x, y).statistic
    n_eff = hand_effective_n(days, x, y)
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


def test_every_pair_with_trackers_is_its_own_single_pair_computation():
    """Pairs are ranked in groups that share their days, from value codes made once per column (counted,
    or sorted as integers or as floats); each pair must still get what it alone would: n, scipy's
    Spearman rho over its own days and the hand-computed effective n."""
    rng = np.random.default_rng(11)
    days = 75
    rows = [
        {
            "date": START + timedelta(days=i),
            "mood": float(rng.integers(1, 6)) if rng.random() > 0.1 else None,
            "bloating": float(rng.integers(0, 4)),
            "fiber_g": round(float(rng.uniform(5, 45)), 1) if rng.random() > 0.2 else None,
            "sleep_hours": round(float(rng.normal(7, 1)), 1),
        }
        for i in range(days)
        if i not in (9, 40, 41)  # days not logged: calendar gaps
    ]
    frame = daily_frame(rows)
    walk = np.cumsum(rng.normal(size=len(frame)))
    frame["tag:coffee"] = np.where(rng.random(len(frame)) < 0.3, 1.0, 0.0)
    frame["rating:nausea"] = np.where(rng.random(len(frame)) < 0.15, np.nan, rng.integers(1, 6, len(frame)))
    frame["number:steps"] = np.round(12000 + 4000 * walk)  # whole numbers over a wide range
    frame["number:weight"] = np.round(70 + walk / 3, 3)  # three decimals
    frame.loc[~frame["logged"], ["tag:coffee", "rating:nausea", "number:steps", "number:weight"]] = np.nan
    variables = variables_of(frame)
    tested = [f for f in analyse(frame, variables).findings if f.rho is not None]
    assert {f.factor for f in tested} >= {"tag:coffee", "rating:nausea", "number:steps", "number:weight"}
    assert "rating:nausea" in {f.outcome for f in tested}
    for finding in tested:
        x = frame[finding.factor].to_numpy(dtype=float)
        y = frame[finding.outcome].to_numpy(dtype=float)
        paired = [t for t in range(finding.lag, len(frame)) if not np.isnan(y[t]) and not np.isnan(x[t - finding.lag])]
        xs, ys = [x[t - finding.lag] for t in paired], [y[t] for t in paired]
        assert finding.n == len(paired)
        assert finding.rho == pytest.approx(stats.spearmanr(xs, ys).statistic, rel=1e-12, abs=1e-15)
        assert finding.n_eff == pytest.approx(hand_effective_n(paired, xs, ys), rel=1e-9)


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


@pytest.mark.parametrize("size", [0, 1, 2, 3, 40, 1773])
def test_benjamini_hochberg_equals_scipys_to_the_last_bit(size):
    rng = np.random.default_rng(size)
    for draw in range(20):
        p = rng.random(size)
        if size > 2:  # ties, zeros and ones, as tests of constant or perfectly paired data give
            p[rng.integers(0, size, size // 3)] = p[0]
            p[: size // 10] = 0.0 if draw % 2 else 1.0
        np.testing.assert_array_equal(benjamini_hochberg(p), stats.false_discovery_control(p, method="bh"))


@pytest.mark.parametrize("bad", [[0.5, float("nan")], [0.5, 1.5], [-0.1, 0.2]])
def test_benjamini_hochberg_refuses_what_is_not_a_p_value(bad):
    with pytest.raises(ValueError):
        benjamini_hochberg(np.array(bad))


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
    n = np.array([100.0, 10.0, 100.0, 100.0])
    r_x = np.array([[0.5, 0.25], [0.999, 0.999], [-0.5, 0.0], [0.0, 0.0]])
    r_y = np.array([[0.5, 0.25], [0.999, 0.999], [0.5, 0.0], [0.7, 0.6]])
    shrunk = 1 / (1 / 100 + 2 / 100 * (0.99 * 0.25 + 0.98 * 0.0625))
    assert effective_n(n, r_x, r_y).tolist() == pytest.approx([shrunk, 3.0, 100.0, 100.0])


def test_autocorrelations_use_only_pairs_of_days_exactly_the_lag_apart():
    rng = np.random.default_rng(3)
    days = np.array([0, 1, 2, 4, 5, 7, 8, 9, 10, 13, 14, 15, 17, 18, 20])
    values = rng.normal(size=days.size)
    ranks = stats.rankdata(values)
    centred = (ranks - ranks.mean())[None, :]
    found = autocorrelations(centred, (centred**2).sum(axis=1), days, np.array([False]), 6)
    expected = [hand_autocorrelation(days.tolist(), values.tolist(), j) for j in range(1, 7)]
    assert found[0].tolist() == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_interval_at_the_smallest_effective_n_is_the_whole_range():
    low, high, p = interval_and_p(np.array([0.5]), np.array([3.0]))
    assert (low[0], high[0]) == (-1.0, 1.0)
    assert 0 < p[0] < 1


def test_a_perfect_correlation_has_p_zero_and_an_interval_that_holds_it():
    low, high, p = interval_and_p(np.array([1.0, -1.0]), np.array([30.0, 30.0]))
    assert p.tolist() == [0.0, 0.0]
    assert low[0] <= 1.0 <= high[0] and low[1] <= -1.0 <= high[1]


def test_the_calibrated_days_for_a_moderate_link_sit_between_the_single_test_and_the_controlled_formula():
    """The figure shown comes from the calibration table (tests/calibration checks it); the power formula at one
    test (85) promises far too much; at the level a lone link must reach among every pair (0.10 / 153) it is close."""
    z = stats.norm.ppf(0.975) + stats.norm.ppf(0.80)
    assert math.ceil((z / math.atanh(0.3)) ** 2 + 3) == pairs_needed_for_power(0.3) == 85
    controlled = pairs_needed_for_power(0.3, alpha=Q_THRESHOLD / len(PAIRS))
    assert controlled == 192 and DAYS_FOR_MODERATE_LINK > 2 * 85 and abs(DAYS_FOR_MODERATE_LINK - controlled) <= 30


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
