"""/checkins/: what is due, the chart beside mood, the results, deleting one; a fixed cost; other people's 404."""

import datetime as dt
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import today_for
from checkins.models import ScreenerResult
from tests.checkins.factories import CheckinPlanFactory, ScreenerResultFactory
from tests.factories import JournalDayFactory, MoodCheckInFactory

URL = reverse("checkins")
INDEX_QUERIES = 6  # plan, results, the journal frame (3), the rating trackers; the session and the person are cached


def _chart(html: str) -> dict:
    found = re.search(r'<script id="checkins-chart-data" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def _results(user, count: int) -> None:
    today = today_for(user)
    for n in range(count):
        instrument = "phq9" if n % 2 else "gad7"
        ScreenerResultFactory(user=user, instrument=instrument, taken_on=today - dt.timedelta(days=7 * n), score=n % 15)


def test_a_first_visit_offers_both_questionnaires_and_no_chart(client_a):
    html = client_a.get(URL).content.decode()
    assert "Take the PHQ-9" in html and "Take the GAD-7" in html
    assert "No results yet" in html
    assert "checkins-chart-data" not in html
    assert "What it is not:</strong> a diagnosis" in html
    assert "Kroenke" in html and "Spitzer" in html


def test_the_chart_puts_scores_beside_the_weekly_mood(client_a, user):
    today = today_for(user)
    monday = today - dt.timedelta(days=today.weekday())
    ScreenerResultFactory(user=user, instrument="phq9", taken_on=monday, score=12)
    ScreenerResultFactory(user=user, instrument="gad7", taken_on=monday - dt.timedelta(weeks=2), score=6)
    for offset, mood in ((0, 2), (1, 4)):
        day = JournalDayFactory(user=user, date=monday - dt.timedelta(weeks=2) + dt.timedelta(days=offset))
        MoodCheckInFactory(day=day, mood=mood)
    html = client_a.get(URL).content.decode()
    chart = _chart(html)
    assert len(chart["weeks"]) == 12 and chart["weeks"][-1] == monday.isoformat()
    assert chart["phq9"][-1] == 12 and chart["gad7"][-3] == 6 and chart["mood"][-3] == 3.0
    assert chart["phq9"][:-1] == [None] * 11
    assert "Show as table" in html
    assert "PHQ-9: 12 (moderate)" in html


def test_results_are_listed_with_score_band_and_delete(client_a, user):
    result = ScreenerResultFactory(user=user, instrument="gad7", score=16)
    html = client_a.get(URL).content.decode()
    assert reverse("checkins_result", kwargs={"result_id": result.pk}) in html
    assert reverse("checkins_delete", kwargs={"result_id": result.pk}) in html
    assert "16</span>" in html and "Severe" in html


def test_other_peoples_results_are_not_listed(client_a, other_user):
    ScreenerResultFactory(user=other_user, score=19)
    assert "No results yet" in client_a.get(URL).content.decode()


@pytest.mark.parametrize("count", [1, 30])
def test_the_page_costs_a_fixed_number_of_queries(client_a, user, django_assert_num_queries, count):
    _results(user, count)
    CheckinPlanFactory(user=user)
    for n in range(10):
        MoodCheckInFactory(day=JournalDayFactory(user=user, date=today_for(user) - dt.timedelta(days=n)))
    client_a.get(URL)
    with django_assert_num_queries(INDEX_QUERIES):
        assert client_a.get(URL).status_code == 200


def test_one_result_and_thirty_cost_the_same(client_a, user, other_user):
    def count(person) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client_a.get(URL)
        assert response.status_code == 200
        html = response.content.decode()  # every result listed, so the equal cost is not that of an error page
        for result in ScreenerResult.objects.filter(user=person):
            assert reverse("checkins_delete", kwargs={"result_id": result.pk}) in html
        return len(queries)

    _results(user, 1)
    _results(other_user, 30)
    client_a.get(URL)
    one = count(user)
    client_a.force_login(other_user)
    client_a.get(URL)
    assert count(other_user) == one


def test_the_result_page_shows_score_band_and_meaning(client_a, user):
    result = ScreenerResultFactory(user=user, instrument="phq9", score=14)
    html = client_a.get(reverse("checkins_result", kwargs={"result_id": result.pk})).content.decode()
    assert "14</span>" in html and "Moderate" in html and "10–14" in html
    assert "Consider talking to your doctor" not in html
    assert "only a clinician" in html


@pytest.mark.parametrize(
    ("instrument", "score", "source"), [("phq9", 15, "NG222"), ("phq9", 20, "NG222"), ("gad7", 15, "CG113")]
)
def test_the_result_page_suggests_a_doctor_from_15(client_a, user, instrument, score, source):
    result = ScreenerResultFactory(user=user, instrument=instrument, score=score)
    html = client_a.get(reverse("checkins_result", kwargs={"result_id": result.pk})).content.decode()
    assert "Consider talking to your doctor" in html and source in html


def test_deleting_asks_first_then_deletes_on_post(client_a, user):
    result = ScreenerResultFactory(user=user)
    url = reverse("checkins_delete", kwargs={"result_id": result.pk})
    assert "Delete this result?" in client_a.get(url).content.decode()
    assert ScreenerResult.objects.filter(pk=result.pk).exists()
    response = client_a.post(url)
    assert response.status_code == 302 and response.url == URL
    assert not ScreenerResult.objects.filter(pk=result.pk).exists()


@pytest.mark.parametrize("name", ["checkins_result", "checkins_delete"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_persons_result_is_not_found(client_a, other_user, name, method):
    result = ScreenerResultFactory(user=other_user, score=9)
    response = getattr(client_a, method)(reverse(name, kwargs={"result_id": result.pk}))
    assert response.status_code in ({404} if method == "get" or name == "checkins_delete" else {404, 405})
    assert ScreenerResult.objects.filter(pk=result.pk).exists()


def test_results_and_plans_are_not_in_the_admin(admin_client, user):
    """Staff never see journal contents (docs/privacy.md): no changelist for results or plans."""
    result = ScreenerResultFactory(user=user, score=11)
    assert admin_client.get("/admin/checkins/screenerresult/").status_code == 404
    assert admin_client.get(f"/admin/checkins/screenerresult/{result.pk}/change/").status_code == 404
    assert admin_client.get("/admin/checkins/checkinplan/").status_code == 404
