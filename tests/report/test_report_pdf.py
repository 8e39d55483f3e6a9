import datetime as dt
import io

import pytest
from pypdf import PdfReader

from report.period import long_date
from tests.checkins.factories import ScreenerResultFactory
from tests.factories import JournalDayFactory
from tests.report.builders import build_days, build_screeners, today

pytestmark = pytest.mark.django_db
URL = "/report.pdf"


def _text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def _pages(response) -> int:
    return len(PdfReader(io.BytesIO(response.content)).pages)


@pytest.fixture
def twelve_weeks(user):
    """A busy quarter: every day logged with notes, fortnightly questionnaires, three red-flag days."""
    days = build_days(user, 84)
    for offset, field in ((5, "blood_in_stool"), (20, "black_stool"), (61, "severe_pain")):
        day = days[-1 - offset]
        setattr(day, field, True)
        day.save()
    return {"results": build_screeners(user), "flags": [days[-1 - o].date for o in (5, 20, 61)]}


def test_it_is_a_pdf_that_is_never_cached(client_a, twelve_weeks):
    response = client_a.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_its_text_holds_every_questionnaire_total_and_red_flag_date(client_a, twelve_weeks):
    text = _text(client_a.get(URL))
    for result in twelve_weeks["results"]:
        maximum = 27 if result.instrument == "phq9" else 21
        assert f"{result.score} / {maximum}" in text
    for day in twelve_weeks["flags"]:
        assert long_date(day) in text


def test_it_holds_the_charts_and_the_weekly_means(client_a, twelve_weeks):
    text = _text(client_a.get(URL))
    for title in ("Weekly means", "Mood, anxiety and energy", "Bloating and abdominal pain", "Sleep", "Fiber"):
        assert title in text
    assert "Bristol type 7" in text


def test_twelve_weeks_fit_on_two_a4_pages_even_with_notes(client_a, twelve_weeks):
    response = client_a.get(URL, {"notes": "1"})
    assert _pages(response) <= 2
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_the_same_period_parameters_apply(client_a, user):
    JournalDayFactory(user=user, date=today() - dt.timedelta(days=200), blood_in_stool=True)
    start = (today() - dt.timedelta(days=210)).isoformat()
    assert long_date(today() - dt.timedelta(days=200)) not in _text(client_a.get(URL))
    assert long_date(today() - dt.timedelta(days=200)) in _text(client_a.get(URL, {"start": start}))


def test_it_holds_only_the_signed_in_persons_results(client_a, other_user):
    ScreenerResultFactory(user=other_user, taken_on=today(), score=19)
    assert "19 / 27" not in _text(client_a.get(URL))


def test_a_signed_out_visitor_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
