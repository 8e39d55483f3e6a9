"""Check-in scores in the insights object, on /insights/ and in the command: one more query, cache retired on change."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from checkins.models import ScreenerResult
from insights import queries
from insights.analysis import PAIRS
from insights.checkin_outcomes import CHECKIN_PAIRS
from insights.services import checkins_key
from journal.services import journal_changed
from tests.factories import MoodCheckInFactory, ProfileFactory
from tests.insights.checkin_builder import add_screeners, screener
from tests.insights.journal_builder import START, build_journal
from tests.insights.test_contract import FINDING_TYPES

pytestmark = pytest.mark.django_db

PAGE = reverse("insights")
DATA = reverse("insights_data")
OLD_KEYS = {
    "days_logged",
    "first_date",
    "last_date",
    "findings",
    "weekly",
    "significant_count",
    "more_days_needed",
    "guidance",
}
CHECKIN_FINDING_TYPES = {
    **{key: kind for key, kind in FINDING_TYPES.items() if key != "lag"},
    "reason": (str, type(None)),
    "reason_code": (str, type(None)),
}


@pytest.fixture
def planted(user):
    """Fourteen months of journal and 30 fortnightly PHQ-9 scores that follow the window's mean sleep."""
    build_journal(user, 14 + 14 * 29)
    add_screeners(user, "phq9", 30, START)
    return user


# --- the JSON contract -----------------------------------------------------------


def test_the_json_gains_the_checkin_keys_and_keeps_the_old_ones(client_a, planted):
    data = client_a.get(DATA).json()

    assert set(data) == OLD_KEYS | {"checkin_findings", "checkins", "checkins_needed"}
    assert {(f["outcome"], f["factor"], f["lag"]) for f in data["findings"]} == set(PAIRS)
    assert data["checkins"] == {"phq9": 30, "gad7": 0}
    assert data["checkins_needed"] == {"phq9": None, "gad7": 8}


def test_each_checkin_finding_has_the_contract_fields(client_a, planted):
    findings = client_a.get(DATA).json()["checkin_findings"]

    assert {(f["outcome"], f["factor"]) for f in findings} == set(CHECKIN_PAIRS)
    for finding in findings:
        for key, kind in CHECKIN_FINDING_TYPES.items():
            assert isinstance(finding[key], kind), (key, finding)
        assert finding["outcome"] in ("phq9", "gad7")
        assert "lag" not in finding


def test_a_planted_sleep_link_is_found_with_a_negative_sign(client_a, planted):
    sleep = next(f for f in client_a.get(DATA).json()["checkin_findings"] if f["factor"] == "sleep_hours")

    assert sleep["outcome"] == "phq9"
    assert sleep["significant"]
    assert sleep["rho"] < 0
    assert "fewer symptoms of low mood" in sleep["summary"]


def test_the_command_prints_the_same_checkin_keys(client_a, planted):
    out = StringIO()
    call_command("insights", "alice", "--json", stdout=out)

    printed = json.loads(out.getvalue())

    assert printed["checkin_findings"] == client_a.get(DATA).json()["checkin_findings"]
    assert printed["checkins"] == {"phq9": 30, "gad7": 0}


def test_the_readable_report_lists_check_in_links(planted):
    out = StringIO()
    call_command("insights", "alice", stdout=out)

    report = out.getvalue()
    assert "Check-ins: PHQ-9 30, GAD-7 0" in report
    assert "- sleep_hours -> phq9: When your sleep averaged" in report
    assert "GAD-7: about 8 more check-ins needed." in report


def test_another_users_scores_are_not_counted(client, user, other_user):
    build_journal(user, 60)
    add_screeners(other_user, "phq9", 3, START)
    client.force_login(user)

    assert client.get(DATA).json()["checkins"] == {"phq9": 0, "gad7": 0}


# --- the page -----------------------------------------------------------------------


def test_without_check_ins_the_page_has_one_inviting_line(client_a, user):
    build_journal(user, 40)

    body = client_a.get(PAGE).content.decode()

    assert 'class="checkin-invite' in body
    assert f'href="{reverse("checkins")}"' in body
    assert "Your check-in scores" not in body


def test_a_new_user_without_days_still_gets_the_invitation(client_a):
    assert 'class="checkin-invite' in client_a.get(PAGE).content.decode()


def test_a_few_check_ins_say_how_many_more_are_needed(client_a, user):
    build_journal(user, 60)
    add_screeners(user, "phq9", 3, START)

    body = client_a.get(PAGE).content.decode()

    assert "Your check-in scores" in body
    assert "PHQ-9: 3 check-ins" in body
    assert "5 more PHQ-9 check-ins are needed before we can look for links" in body
    assert "8 more GAD-7 check-ins are needed" in body
    assert 'class="checkin-invite' not in body


def test_a_clear_link_shows_its_sentence_and_interval(client_a, planted):
    sleep = next(f for f in queries.insights_for(planted)["contract"]["checkin_findings"] if f["significant"])

    body = client_a.get(PAGE).content.decode()
    section = body[body.index("Your check-in scores") :]

    assert sleep["summary"] in section
    assert 'class="interval-bar"' in section
    assert "Sleep over the two weeks before and PHQ-9" in section
    assert f'href="{reverse("checkins")}"' in section


def test_tested_scores_without_a_clear_link_say_so(client_a, user):
    build_journal(user, 14 + 14 * 11)
    add_screeners(user, "gad7", 12, START, planted=False)

    body = client_a.get(PAGE).content.decode()

    assert "No clear link yet: none of the pairs we tested with your GAD-7 scores stands out from chance." in body
    assert "About 18 more check-ins would let a strong link show" in body


# --- cache and queries ------------------------------------------------------------


def test_a_new_screener_result_shows_on_the_page_at_once(client_a, user):
    build_journal(user, 40)
    client_a.get(PAGE)

    screener(user, "phq9", START + dt.timedelta(days=20), 6).save()

    assert "PHQ-9: 1 check-in" in client_a.get(PAGE).content.decode()


def test_a_changed_score_shows_at_once(user):
    build_journal(user, 14 + 14 * 29)
    add_screeners(user, "phq9", 30, START)
    assert queries.insights_for(user)["contract"]["checkin_findings"][0]["significant"]

    for result in ScreenerResult.objects.filter(user=user):
        result.score = 4
        result.save()

    sleep = next(f for f in queries.insights_for(user)["contract"]["checkin_findings"] if f["factor"] == "sleep_hours")
    assert sleep["reason_code"] == "constant_outcome"


def test_a_deleted_result_shows_at_once(user):
    build_journal(user, 40)
    add_screeners(user, "gad7", 2, START)
    assert queries.insights_for(user)["contract"]["checkins"]["gad7"] == 2

    ScreenerResult.objects.filter(user=user).first().delete()

    assert queries.insights_for(user)["contract"]["checkins"]["gad7"] == 1


def test_a_queryset_delete_shows_at_once(user):
    build_journal(user, 40)
    add_screeners(user, "gad7", 2, START)
    queries.insights_for(user)

    ScreenerResult.objects.filter(user=user).delete()

    assert queries.insights_for(user)["contract"]["checkins"]["gad7"] == 0


@pytest.mark.parametrize("checkins", [0, 2, 40])
def test_the_page_costs_the_same_queries_whatever_the_check_ins(client_a, user, checkins, django_assert_num_queries):
    ProfileFactory(user=user)
    build_journal(user, 14 + 14 * 39)
    MoodCheckInFactory(day__user=user, day__date=dt.date(2024, 12, 1))
    add_screeners(user, "phq9", checkins, START)
    add_screeners(user, "gad7", checkins, START, planted=False)

    # The person with their profile (the first request after signing in; then the cache), the 3 journal
    # queries, the trackers' values, the published guidance and the screener results.
    with django_assert_num_queries(7):
        assert client_a.get(PAGE).status_code == 200


def test_a_score_that_never_changed_says_so_rather_than_asking_for_more(client_a, user):
    build_journal(user, 14 + 14 * 9)
    add_screeners(user, "phq9", 10, START)
    ScreenerResult.objects.filter(user=user).update(score=0)
    journal_changed(user)

    body = client_a.get(PAGE).content.decode()

    assert "Your PHQ-9 score was the same at all 10 of these check-ins, so there is nothing to compare." in body
    assert "more PHQ-9 check-ins are needed" not in body
    assert client_a.get(DATA).json()["checkins_needed"]["phq9"] is None


def test_deleting_an_account_retires_the_cache_once_not_per_result(
    user, monkeypatch, django_capture_on_commit_callbacks
):
    from home.services import delete_account
    from journal import services as journal_services

    class CountingCache:
        """The real cache, counting its writes: the signals and delete_account run unchanged."""

        def __init__(self, real) -> None:
            self.real, self.keys_set = real, []

        def set(self, key, *args, **kwargs):
            self.keys_set.append(key)
            return self.real.set(key, *args, **kwargs)

        def __getattr__(self, name):
            return getattr(self.real, name)

    add_screeners(user, "phq9", 5, START)
    key = journal_services.JOURNAL_VERSION_KEY.format(user_id=user.pk)
    before = journal_services.journal_version(user)
    counting = CountingCache(journal_services.cache)
    monkeypatch.setattr(journal_services, "cache", counting)

    with django_capture_on_commit_callbacks(execute=True):
        delete_account(user)

    # At most once for the account (deletion now removes the key), never once for each of the 5 results.
    assert counting.keys_set.count(key) <= 1
    assert counting.real.get(key) != before  # and retired: the cached insights no longer match
    assert not ScreenerResult.objects.exists()


# --- kept while what it reads is unchanged ------------------------------------------------


def test_a_save_outside_every_check_ins_two_weeks_keeps_the_check_in_report(planted, monkeypatch):
    from decimal import Decimal

    from insights import checkin_outcomes
    from journal.services import save_day

    before = queries.insights_for(planted)["contract"]
    runs = []
    real = checkin_outcomes.analyse_inputs
    monkeypatch.setattr(queries, "analyse_inputs", lambda inputs: runs.append(1) or real(inputs))
    last_checkin = ScreenerResult.objects.filter(user=planted).order_by("-taken_on").first().taken_on

    save_day(planted, last_checkin + dt.timedelta(days=1), {"sleep_hours": Decimal("4.0")})  # after every window
    after_outside = queries.insights_for(planted)["contract"]
    assert after_outside["days_logged"] == before["days_logged"] + 1  # the daily analysis ran again
    assert runs == []
    assert after_outside["checkin_findings"] == before["checkin_findings"]

    save_day(planted, last_checkin - dt.timedelta(days=3), {"sleep_hours": Decimal("11.5")})  # inside the last one
    after_inside = queries.insights_for(planted)["contract"]
    assert runs == [1]
    cache.delete(checkins_key(planted.pk))  # nothing kept: computed afresh
    fresh = queries.compute_insights(planted, dt.date(2030, 1, 1))["contract"]
    assert runs == [1, 1]
    assert after_inside["checkin_findings"] == fresh["checkin_findings"]


def test_a_new_or_deleted_check_in_is_analysed_again(planted):
    before = queries.insights_for(planted)["contract"]["checkins"]["phq9"]
    ScreenerResult.objects.filter(user=planted).order_by("-taken_on").first().delete()

    assert queries.insights_for(planted)["contract"]["checkins"]["phq9"] == before - 1
