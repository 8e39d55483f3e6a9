"""The experiment result on generated journals: a planted effect is found, no effect is left alone.

Plain pytest: the analysis is framework-free, so nothing here touches the database.
"""

import json
import math
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from experiments.analysis import (
    BLOCK_DAYS,
    CONFIDENCE,
    RESAMPLES,
    SEED,
    Comparison,
    compare,
    moving_block_means,
    pool,
)

PROJECT = Path(__file__).resolve().parent.parent.parent


def ar1_days(rng: np.random.Generator, n: int, mean: float, phi: float = 0.4, sd: float = 0.5) -> list[float]:
    """n days of an outcome around `mean` with AR(1) day-to-day noise (stationary from the first day)."""
    noise = np.empty(n)
    noise[0] = rng.normal(0, sd / math.sqrt(1 - phi**2))
    for i in range(1, n):
        noise[i] = phi * noise[i - 1] + rng.normal(0, sd)
    return list(mean + noise)


def experiment(seed: int, effect: float, days: int = 14, mean: float = 3.0) -> tuple[list[float], list[float]]:
    """A baseline and an intervention of `days` each: one AR(1) series, `effect` added after the switch."""
    rng = np.random.default_rng(seed)
    series = ar1_days(rng, 2 * days, mean)
    return series[:days], [value + effect for value in series[days:]]


# --- the API ---------------------------------------------------------------------


def test_the_constants_are_those_of_insights_section_8():
    assert (BLOCK_DAYS, RESAMPLES, CONFIDENCE) == (5, 10_000, 0.95)
    assert isinstance(SEED, int)


def test_a_planted_improvement_is_found():
    baseline, intervention = experiment(seed=0, effect=0.8)
    result = compare(baseline, intervention)
    assert result.difference > 0
    assert result.ci_low > 0
    assert result.ci_low <= 0.8 <= result.ci_high
    assert result.clear
    assert (result.baseline_days, result.intervention_days, result.runs) == (14, 14, 1)


def test_the_difference_is_intervention_minus_baseline():
    result = compare([1, 2, 3, 2], [4, 4, 5, 3])
    assert result.baseline_mean == pytest.approx(2.0)
    assert result.intervention_mean == pytest.approx(4.0)
    assert result.difference == pytest.approx(2.0)


def test_the_same_days_give_the_same_result():
    baseline, intervention = experiment(seed=3, effect=0.3)
    assert compare(baseline, intervention) == compare(baseline, intervention)


def test_a_phase_with_fewer_than_two_values_is_refused_with_a_reason():
    with pytest.raises(ValueError, match="baseline"):
        compare([3.0, None, float("nan")], [3, 4, 5])
    with pytest.raises(ValueError, match="intervention"):
        compare([3, 4, 5], [])


def test_the_result_serialises_to_json_rounded():
    data = compare([1, 2, 3, 2.123], [4, 4, 5, 3.456]).to_dict()
    json.dumps(data)
    assert set(data) == {
        "baseline_mean",
        "intervention_mean",
        "difference",
        "ci_low",
        "ci_high",
        "baseline_days",
        "intervention_days",
        "runs",
        "clear",
    }
    assert data["baseline_mean"] == round(data["baseline_mean"], 2)
    assert isinstance(data["clear"], bool)


def test_pooling_one_run_is_comparing_it():
    baseline, intervention = experiment(seed=5, effect=0.5)
    assert pool([(baseline, intervention)]) == compare(baseline, intervention)


def test_moving_block_means_gives_one_mean_per_resample():
    means = moving_block_means(np.arange(10.0), np.random.default_rng(0), resamples=50)
    assert means.shape == (50,)
    assert ((means >= 0) & (means <= 9)).all()


def test_importing_the_analysis_never_imports_django():
    code = (
        "import experiments.analysis, sys; "
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules)"
    )
    completed = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr


def test_comparison_is_immutable():
    result = compare([1, 2, 3], [2, 3, 4])
    assert isinstance(result, Comparison)
    with pytest.raises(AttributeError):
        result.difference = 0  # type: ignore[misc]


def test_a_28_day_comparison_is_quick():
    """CPU time of this process: wall time on a shared machine also counts other jobs' turns."""
    baseline, intervention = experiment(seed=7, effect=0.0, days=28)
    compare(baseline, intervention)
    started = time.process_time()
    compare(baseline, intervention)
    assert time.process_time() - started < 0.1
