import datetime as dt

import pytest
from django.urls import reverse

from tests.experiments.factories import ExperimentFactory
from tests.factories import JournalDayFactory
from tests.report.builders import build_days, build_screeners, today

pytestmark = pytest.mark.django_db
URL = "/report/"


def test_the_urls_are_the_public_ones():
    assert reverse("report") == "/report/"
    assert reverse("report_pdf") == "/report.pdf"


def test_it_sends_a_signed_out_visitor_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_shows_the_default_twelve_weeks_with_days_logged(client_a, user):
    build_days(user, 100)
    response = client_a.get(URL)
    report = response.context["report"]
    assert response.status_code == 200
    assert report.period.days == 84
    assert report.days_logged == 84
    assert len(report.buckets) == 12
    assert "84 days logged" in response.content.decode()


def test_it_is_never_cached(client_a, user):
    build_days(user, 3)
    cache_control = client_a.get(URL)["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control


def test_weekly_means_average_the_logged_days_of_each_week(client_a, user):
    start = today() - dt.timedelta(days=13)
    JournalDayFactory(user=user, date=start, sleep_hours="6.0", fiber_g="10.0")
    JournalDayFactory(user=user, date=start + dt.timedelta(days=2), sleep_hours="8.0", fiber_g="20.0")
    JournalDayFactory(user=user, date=start + dt.timedelta(days=7), sleep_hours="5.0", fiber_g=None)
    report = client_a.get(URL, {"start": start.isoformat()}).context["report"]
    first, second = report.buckets
    assert (first.days_logged, first.means["sleep_hours"], first.means["fiber_g"]) == (2, 7.0, 15.0)
    assert (second.days_logged, second.means["sleep_hours"], second.means["fiber_g"]) == (1, 5.0, None)
    assert report.table_rows()[-1]["cells"][3] == "6.3"


def test_it_counts_stool_types_and_lists_red_flags_and_antibiotics(client_a, user):
    end = today()
    JournalDayFactory(user=user, date=end - dt.timedelta(days=3), stool_type=6, blood_in_stool=True, antibiotics=True)
    JournalDayFactory(user=user, date=end - dt.timedelta(days=2), stool_type=6, antibiotics=True)
    JournalDayFactory(user=user, date=end - dt.timedelta(days=1), stool_type=2, unintended_weight_loss=True)
    JournalDayFactory(user=user, date=end - dt.timedelta(days=200), black_stool=True)  # outside the period
    report = client_a.get(URL).context["report"]
    assert {s["type"]: s["count"] for s in report.stool}[6] == 2
    assert [f["date"] for f in report.red_flags] == [end - dt.timedelta(days=3), end - dt.timedelta(days=1)]
    assert report.red_flags[0]["symptoms"] == "blood in stool"
    assert report.antibiotic_days == 2 and len(report.antibiotics) == 1  # two days in a row: one range


def test_it_lists_every_questionnaire_total_of_the_period_with_its_band(client_a, user):
    results = build_screeners(user)
    report = client_a.get(URL).context["report"]
    assert [(s["date"], s["name"], s["score"]) for s in report.screeners] == sorted(
        (r.taken_on, r.get_instrument_display(), r.score) for r in results
    )
    assert {s["band"] for s in report.screeners} >= {"Minimal", "Mild", "Moderate"}


def test_a_phq9_with_thoughts_of_self_harm_says_so(client_a, user):
    from tests.checkins.factories import ScreenerResultFactory, answers_for

    ScreenerResultFactory(user=user, taken_on=today(), score=12, answers=answers_for("phq9", 12, item9=1))
    screener = client_a.get(URL).context["report"].screeners[0]
    assert "Question 9" in screener["item9"] and "Several days" in screener["item9"]


def test_clear_links_come_in_plain_words_with_the_not_proof_line(client_a, user):
    from tests.insights.journal_builder import build_journal

    build_journal(user, 84, start=today() - dt.timedelta(days=83))  # mood follows the day before's fiber
    response = client_a.get(URL)
    links = response.context["report"].links
    assert any(link["sentence"] == "More fiber is linked with higher mood the day after." for link in links)
    body = response.content.decode()
    assert "not proof that one thing causes the other" in body
    assert "false discovery" not in body.lower() and "q-value" not in body.lower()


def test_it_shows_experiments_that_ended_in_the_period(client_a, user):
    start = today() - dt.timedelta(days=40)
    build_days(user, 60)
    ExperimentFactory(user=user, change="kefir every morning", start=start, length_days=14)
    ExperimentFactory(user=user, change="an old one", start=today() - dt.timedelta(days=300))
    changes = [e["change"] for e in client_a.get(URL).context["report"].experiments]
    assert changes == ["kefir every morning"]


def test_notes_appear_only_when_asked_for(client_a, user):
    build_days(user, 20)
    assert "note of day 10" not in client_a.get(URL).content.decode()
    assert "note of day 10" in client_a.get(URL, {"notes": "1"}).content.decode()


def test_a_long_period_gets_a_row_per_month(client_a, user):
    build_days(user, 400)
    start = (today() - dt.timedelta(days=364)).isoformat()
    report = client_a.get(URL, {"start": start}).context["report"]
    assert report.by_month and 12 <= len(report.buckets) <= 13


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"start": "2026-05-10", "end": "2026-05-01"}, "comes before the start"),
        ({"start": "2001-01-01"}, "at most 5 years"),
        ({"end": "2999-01-01"}, "future"),
        ({"start": "yesterday"}, "not a date"),
    ],
)
def test_bad_dates_get_a_clear_message_and_a_400(client_a, params, words):
    response = client_a.get(URL, params)
    assert response.status_code == 400
    assert words in response.content.decode()
    assert "report" not in response.context or response.context.get("report") is None


def test_bad_dates_on_the_pdf_get_a_400_too(client_a):
    response = client_a.get("/report.pdf", {"start": "2026-02-30"})
    assert response.status_code == 400
    assert "not a date" in response.content.decode()


def test_it_shows_only_the_signed_in_persons_data(client_a, user, other_user):
    from tests.checkins.factories import ScreenerResultFactory

    JournalDayFactory(user=other_user, date=today(), blood_in_stool=True, notes="bob's secret")
    ScreenerResultFactory(user=other_user, taken_on=today(), score=21)
    response = client_a.get(URL, {"notes": "1"})
    report = response.context["report"]
    assert (report.days_logged, report.red_flags, report.screeners) == (0, [], [])
    assert "bob's secret" not in response.content.decode()


# the person with their profile (the first request after signing in); days, check-in means, food totals;
# questionnaires; experiments and their 3 day reads (the session comes from the cache)
QUERIES = 9


@pytest.mark.parametrize("days", [30, 700])
def test_the_query_count_does_not_grow_with_the_journal(client_a, user, days, django_assert_num_queries):
    build_days(user, days)
    build_screeners(user)
    ExperimentFactory(user=user, start=today() - dt.timedelta(days=30), length_days=14)
    with django_assert_num_queries(QUERIES):
        response = client_a.get(URL, {"start": (today() - dt.timedelta(days=days)).isoformat()})
    assert response.status_code == 200
