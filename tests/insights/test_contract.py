"""The insights JSON (docs/formats.md, Insights JSON), as /insights/data.json serves it."""

import datetime as dt

import pytest
from django.urls import reverse

from insights.analysis import PAIRS
from journal.constants import DAILY_COLUMNS
from tests.insights.journal_builder import START, build_journal, published_card

pytestmark = pytest.mark.django_db

FINDING_TYPES = {
    "outcome": str,
    "factor": str,
    "lag": int,
    "n": int,
    "rho": (float, type(None)),
    "ci_low": (float, type(None)),
    "ci_high": (float, type(None)),
    "p": (float, type(None)),
    "q": (float, type(None)),
    "significant": bool,
    "summary": (str, type(None)),
}


@pytest.fixture
def contract(client_a, user):
    published_card()
    build_journal(user, 90)
    return client_a.get(reverse("insights_data")).json()


def test_it_has_the_top_level_keys_and_types(contract):
    assert contract["days_logged"] == 90
    assert contract["first_date"] == START.isoformat()
    assert contract["last_date"] == (START + dt.timedelta(days=89)).isoformat()
    assert isinstance(contract["findings"], list)
    assert isinstance(contract["weekly"], list)
    assert isinstance(contract["guidance"], list)


def test_each_finding_has_the_contract_fields(contract):
    for finding in contract["findings"]:
        for key, kind in FINDING_TYPES.items():
            assert isinstance(finding[key], kind), (key, finding)


def test_findings_hold_every_pair_tested(contract):
    pairs = {(f["outcome"], f["factor"], f["lag"]) for f in contract["findings"]}

    assert pairs == set(PAIRS)
    assert len(contract["findings"]) == len(PAIRS)


def test_outcome_and_factor_are_daily_column_names(contract):
    for finding in contract["findings"]:
        assert finding["outcome"] in DAILY_COLUMNS
        assert finding["factor"] in DAILY_COLUMNS
        assert finding["lag"] in (0, 1, 2)


def test_lag_is_the_days_from_factor_to_outcome(contract):
    """The journal plants mood on day t following fiber on day t-1."""
    fiber_mood = {f["lag"]: f for f in contract["findings"] if (f["outcome"], f["factor"]) == ("mood", "fiber_g")}

    assert fiber_mood[1]["significant"]
    assert fiber_mood[1]["rho"] > 0.5
    assert not fiber_mood[0]["significant"]


def test_weekly_rows_start_on_mondays_with_day_counts(contract):
    first = contract["weekly"][0]

    assert dt.date.fromisoformat(first["week_start"]).weekday() == 0
    assert first["days_logged"] == 7
    assert isinstance(first["mood"], float)
    assert {"fiber_g", "sleep_hours", "stress"} <= first.keys()


def test_guidance_entries_carry_slug_title_factor_and_reason(contract):
    assert contract["guidance"]
    for card in contract["guidance"]:
        assert set(card) == {"slug", "title", "factor", "reason"}
        assert all(isinstance(value, str) for value in card.values())
