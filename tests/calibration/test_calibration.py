"""A quick subset of `make calibrate` (calibration/): the statistics keep the promises of docs/statistics.md.

Experiment cells: a cell fails when its coverage is surely under 90% (the 99% one-sided Clopper-Pearson upper
bound of the true coverage is below the bound). Insights and check-in null scenarios: a scenario fails when its
share of journals with any false clear link is surely above 10% (the 99% one-sided lower bound is above it).
Framework-free. Small on purpose (about a minute in all); `make calibrate` runs the full grid.
"""

import pytest
from scipy import stats

from calibration import checkins, experiments, insights
from insights.analysis import DAYS_FOR_MODERATE_LINK

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


@pytest.mark.parametrize("scenario", insights.NULL_SCENARIOS, ids=lambda s: s.name)
def test_journals_with_no_true_link_rarely_show_one(scenario):
    result = insights.run(scenario, days=120, journals=40, seed=SEED)
    assert result.passes, insights.table([result])


def test_slow_drift_over_a_year_rarely_shows_a_link():
    """The case the lag-1 shortcut failed worst (82% of journals at 365 days)."""
    result = insights.run(insights.NULL_SCENARIOS[4], days=365, journals=25, seed=SEED)
    assert result.passes, insights.table([result])


@pytest.mark.parametrize("scenario", checkins.CHECKIN_SCENARIOS[::3], ids=lambda s: s.name)
def test_check_ins_with_no_true_link_rarely_show_one(scenario):
    result = checkins.run(scenario, days=365, journals=20, seed=SEED)
    assert result.passes, insights.table([result])


def test_a_share_surely_over_ten_percent_is_caught():
    result = insights.Result(
        insights.NULL_SCENARIOS[0], days=90, journals=40, with_false=12, false_findings=12, detected=0
    )
    assert not result.passes


def test_the_days_promised_for_a_moderate_link_find_it_four_times_in_five():
    """more_days_needed counts up to DAYS_FOR_MODERATE_LINK: detection there must not be surely under 80%."""
    found = insights.detection(journals=40, seed=SEED, lengths=(DAYS_FOR_MODERATE_LINK,))[0]
    upper = 1.0 if found.detected == found.journals else _upper(found)
    assert upper >= insights.POWER, insights.detection_table([found])


def _upper(found: insights.Detection, confidence: float = 0.99) -> float:
    return float(stats.beta.ppf(confidence, found.detected + 1, found.journals - found.detected))
