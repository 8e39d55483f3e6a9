"""The insights JSON (docs/formats.md, Insights JSON), as /insights/data.json serves it."""

import datetime as dt
import json
import random
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from insights.analysis import PAIRS
from journal.constants import DAILY_COLUMNS
from journal.models import JournalDay
from tests.factories import MoodCheckInFactory
from tests.insights.journal_builder import START, build_journal, published_card
from trackers.services import create_tracker, save_day_values

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


def _strict_json(text: str) -> dict:
    """JSON as other programs read it: NaN and Infinity are not JSON."""

    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} in the insights JSON")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("shape", ["constant_outcome", "constant_factor", "one_day_of_antibiotics", "every_third_day"])
def test_an_awkward_journal_still_gives_strict_json_the_same_from_the_page_and_the_command(client_a, user, shape):
    """A constant column, a binary factor with one day on its side, gaps between days: null, never NaN."""
    rnd = random.Random(5)
    trackers = [create_tracker(user, kind=kind, name=name) for kind, name in (("tag", "Coffee"), ("rating", "Nausea"))]
    for i in range(90):
        day = JournalDay.objects.create(  # not the factory: its date sequence is shared by the whole run
            user=user,
            date=START + dt.timedelta(days=i * (3 if shape == "every_third_day" else 1)),
            stress=rnd.randint(1, 5),
            sleep_hours=Decimal(rnd.randint(50, 90)) / 10,
            fiber_g=Decimal(20 if shape == "constant_factor" else rnd.randint(0, 40)),
            bloating=rnd.randint(0, 3),
            antibiotics=shape == "one_day_of_antibiotics" and i == 5,
        )
        mood = 3 if shape == "constant_outcome" else rnd.randint(1, 5)
        MoodCheckInFactory(day=day, mood=mood, anxiety=mood, energy=mood)
        save_day_values(user, day.date, {trackers[0]: Decimal(i % 2), trackers[1]: Decimal(rnd.randint(0, 3))})
    out = StringIO()
    call_command("insights", user.username, "--json", stdout=out)
    from_command = _strict_json(out.getvalue())
    assert _strict_json(client_a.get(reverse("insights_data")).content.decode()) == from_command
    assert from_command["days_logged"] == 90
    for finding in from_command["findings"]:
        for key, kind in FINDING_TYPES.items():
            assert isinstance(finding[key], kind), (key, finding)
        if finding["rho"] is None:
            assert (finding["p"], finding["q"], finding["significant"]) == (None, None, False)
    assert {"tag:coffee", "rating:nausea"} <= {f["factor"] for f in from_command["findings"]}
    assert "rating:nausea" in {f["outcome"] for f in from_command["findings"]}
