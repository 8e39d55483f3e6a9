"""A quick subset of `make calibrate` (calibration/): the experiment interval keeps INSIGHTS.md 8's promise.

A cell fails when its coverage is surely under 90%: the 99% one-sided Clopper-Pearson upper bound of the true
coverage, from the simulations run, is below the bound. Framework-free; the phases' days are complete, so the
simulated critical value is computed once per cell and every experiment after it only computes its statistic.
"""

import pytest

from calibration import experiments, insights

SEED = 2014


@pytest.mark.parametrize(
    ("phi", "length", "runs"),
    [(0.0, 14, 1), (0.5, 14, 1), (0.7, 14, 1), (0.7, 28, 1), (0.5, 7, 1), (0.7, 14, 2)],
)
def test_no_effect_intervals_cover_zero_in_the_cell(phi, length, runs):
    cell = experiments.cell(phi, length, simulations=300, seed=SEED, runs=runs)
    assert cell.passes, experiments.table([cell])
    if length >= 14 and phi < 0.7:
        assert cell.too_short < 0.2  # the interval is honest and still given most of the time


def test_a_failing_cell_is_caught():
    """The bound bites: 250 of 300 covered (83%) is surely under 90%."""
    cell = experiments.Cell(phi=0.7, length=14, runs=1, simulations=300, shown=300, covered=250, mean_width=1.0)
    assert not cell.passes


def test_the_insights_harness_counts_false_and_planted_links():
    """Only that the harness runs and counts; the null scenarios' bound is asserted once the effective sample size
    of INSIGHTS.md 3 is the full sum (issue 14, phase 2)."""
    null = insights.run(insights.NULL_SCENARIOS[0], days=90, journals=2, seed=SEED)
    planted = insights.run(insights.Scenario("planted ρ 0.6", rho=0.6), days=120, journals=2, seed=SEED)
    assert (null.journals, planted.journals) == (2, 2)
    assert 0 <= null.with_false <= 2 and null.detected == 0
    assert planted.detected == 2
