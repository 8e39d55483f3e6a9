"""Trackers in Insights: factors (ratings also outcomes) in the one Benjamini–Hochberg family."""

import datetime as dt
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from insights.analysis import BUILT_IN, Q_THRESHOLD, analyse, variables_of
from insights.queries import compute_insights, published_guidance
from journal.columns import NUMERIC_COLUMNS
from tests.factories import JournalDayFactory, MoodCheckInFactory
from trackers.services import create_tracker, save_day_values

DAYS = 240


def _journal(seed: int, noise_tags: int = 10, planted: bool = True) -> pd.DataFrame:
    """Independent noise in every column, and (if planted) anxiety one point higher the day after coffee."""
    rng = np.random.default_rng(seed)
    index = pd.date_range("2024-01-01", periods=DAYS, freq="D", name="date")
    frame = pd.DataFrame({c: rng.integers(1, 6, DAYS).astype(float) for c in NUMERIC_COLUMNS}, index=index)
    frame["antibiotics"] = rng.integers(0, 2, DAYS).astype(float)
    coffee = (rng.random(DAYS) < 0.4).astype(float)
    frame["tag:coffee"] = coffee
    if planted:
        frame["anxiety"] = np.clip(np.round(2 + rng.normal(0, 0.7, DAYS) + 1.5 * np.roll(coffee, 1)), 1, 5)
        frame.loc[frame.index[0], "anxiety"] = np.nan
    for n in range(noise_tags):
        frame[f"tag:noise-{n}"] = (rng.random(DAYS) < 0.3).astype(float)
    frame["rating:nausea"] = rng.integers(0, 4, DAYS).astype(float)
    frame["logged"] = True
    return frame


def test_trackers_join_the_family_as_factors_and_ratings_as_outcomes():
    variables = variables_of(_journal(1, noise_tags=1))
    assert variables.factors[-3:] == ("tag:coffee", "tag:noise-0", "rating:nausea")
    assert variables.outcomes == (*BUILT_IN.outcomes, "rating:nausea")
    assert "tag:coffee" in variables.binary_factors
    assert len(variables.pairs) > len(BUILT_IN.pairs)


def test_a_planted_tag_is_found_with_its_sign_and_lag():
    frame = _journal(7)
    report = analyse(frame, variables_of(frame))
    coffee = [f for f in report.findings if f.factor == "tag:coffee" and f.outcome == "anxiety" and f.significant]
    assert [(f.lag, f.rho > 0) for f in coffee] == [(1, True)]
    finding = coffee[0]
    assert finding.threshold == 1 and finding.high_mean > finding.low_mean


def test_noise_tags_stay_quiet_at_the_promised_false_discovery_rate():
    shares = []
    for seed in range(5):
        frame = _journal(100 + seed)
        significant = [f for f in analyse(frame, variables_of(frame)).findings if f.significant]
        false = [f for f in significant if not (f.factor == "tag:coffee" and f.outcome == "anxiety" and f.lag == 1)]
        shares.append(len(false) / len(significant))
    assert np.mean(shares) <= Q_THRESHOLD


def test_a_tag_needs_five_days_on_its_rarer_side():
    frame = _journal(3, noise_tags=0, planted=False)
    frame["tag:coffee"] = 0.0
    frame.iloc[:4, frame.columns.get_loc("tag:coffee")] = 1.0
    finding = next(f for f in analyse(frame, variables_of(frame)).findings if f.factor == "tag:coffee")
    assert (finding.reason_code, finding.rarer_side) == ("rare_binary", 4)


@pytest.mark.django_db
def test_the_insights_json_names_trackers_as_the_csv_does_and_costs_one_query_more_at_most(user):
    start = dt.date(2024, 1, 1)
    rng = np.random.default_rng(5)
    days = [JournalDayFactory(user=user, date=start + dt.timedelta(days=n)) for n in range(60)]
    coffee_days = set()
    for n, day in enumerate(days):
        had = bool(rng.random() < 0.5)
        MoodCheckInFactory(day=day, mood=2 if had else 4, anxiety=4 if had else 2, energy=3)
        if had:
            coffee_days.add(n)
    published_guidance()  # read once, then cached for everyone: both counts below are without it
    with CaptureQueriesContext(connection) as without:
        compute_insights(user, start + dt.timedelta(days=70))
    coffee = create_tracker(user, kind="tag", name="Coffee")
    others = [create_tracker(user, kind="rating", name=f"r{n}") for n in range(29)]
    for n, day in enumerate(days):
        save_day_values(user, day.date, {coffee: Decimal(int(n in coffee_days)), **{t: Decimal(n % 4) for t in others}})
    with CaptureQueriesContext(connection) as with_trackers:
        contract = compute_insights(user, start + dt.timedelta(days=70))["contract"]
    assert len(with_trackers) == len(without)
    found = [f for f in contract["findings"] if f["factor"] == "tag:coffee" and f["outcome"] == "anxiety"]
    clear = next(f for f in found if f["lag"] == 0)
    assert clear["significant"]
    assert clear["summary"].startswith("On days when you logged coffee, your anxiety averaged 4.0 (")
    assert "Logging coffee is linked with higher anxiety the same day." in clear["summary"]
    assert any(f["outcome"] == "rating:r1" for f in contract["findings"])
    assert "tag:coffee" in contract["weekly"][0]
