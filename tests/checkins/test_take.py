"""Taking a questionnaire: every item required, a clear refusal that writes nothing, one result per day."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import today_for
from checkins.models import Instrument, ScreenerResult
from tests.checkins.factories import ScreenerResultFactory, answers_for, form_data
from tests.factories import ProfileFactory

PHQ9_URL = reverse("checkins_take", kwargs={"instrument": "phq9"})
GAD7_URL = reverse("checkins_take", kwargs={"instrument": "gad7"})


def test_the_form_shows_every_item_with_four_labelled_answers(client_a):
    html = client_a.get(PHQ9_URL).content.decode()
    assert "Over the last 2 weeks, how often have you been bothered by any of the following problems?" in html
    assert html.count('type="radio"') == 9 * 4
    assert html.count("<legend") == 9
    assert html.count("Nearly every day") == 9
    assert "Thoughts that you would be better off dead or of hurting yourself in some way" in html
    assert "Kroenke" in html


def test_the_gad7_form_has_seven_items(client_a):
    html = client_a.get(GAD7_URL).content.decode()
    assert html.count('type="radio"') == 7 * 4
    assert "Spitzer" in html


def test_an_unknown_questionnaire_is_not_found(client_a):
    assert client_a.get(reverse("checkins_take", kwargs={"instrument": "bdi2"})).status_code == 404


def test_saving_scores_and_opens_the_result(client_a, user):
    response = client_a.post(GAD7_URL, form_data("gad7", [1, 2, 3, 0, 1, 2, 3]))
    result = ScreenerResult.objects.get(user=user)
    assert response.status_code == 302
    assert response.url.startswith(reverse("checkins_result", kwargs={"result_id": result.pk}))
    assert (result.instrument, result.score, result.answers) == ("gad7", 12, [1, 2, 3, 0, 1, 2, 3])
    assert result.taken_on == today_for(user)
    assert result.safety_pending is False


@pytest.mark.parametrize(
    "change",
    [
        {"item_9": None},  # a missing answer
        {"item_1": "4"},
        {"item_2": "-1"},
        {"item_3": "1.5"},
        {"item_4": "often"},
        {"item_5": ""},
    ],
)
def test_a_missing_or_wrong_answer_saves_nothing_and_says_why(client_a, change):
    data = form_data("phq9", [1] * 9)
    for name, value in change.items():
        if value is None:
            data.pop(name)
        else:
            data[name] = value
    response = client_a.post(PHQ9_URL, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was saved" in html
    assert "Please choose" in html
    assert not ScreenerResult.objects.exists()


def test_an_empty_form_saves_nothing(client_a):
    response = client_a.post(PHQ9_URL, {})
    assert response.content.decode().count("Please choose an answer to this question.") == 9
    assert not ScreenerResult.objects.exists()


def test_the_answers_given_are_kept_when_the_form_is_refused(client_a):
    data = form_data("gad7", [2] * 7)
    data.pop("item_7")
    html = client_a.post(GAD7_URL, data).content.decode()
    assert html.count("checked") == 6


def test_taking_the_same_questionnaire_again_the_same_day_replaces_the_answers(client_a, user):
    client_a.post(GAD7_URL, form_data("gad7", [3] * 7))
    response = client_a.post(GAD7_URL, form_data("gad7", [1] * 7))
    result = ScreenerResult.objects.get(user=user)
    assert (result.score, result.answers) == (7, [1] * 7)
    assert "saved=replaced" in response.url
    assert "replace the ones you gave earlier" in client_a.get(response.url).content.decode()


def test_a_different_day_or_questionnaire_adds_a_result(client_a, user):
    ScreenerResultFactory(user=user, instrument="gad7", taken_on=today_for(user) - dt.timedelta(days=1))
    client_a.post(GAD7_URL, form_data("gad7", [1] * 7))
    client_a.post(PHQ9_URL, form_data("phq9", answers_for("phq9", 3)))
    assert ScreenerResult.objects.filter(user=user).count() == 3


def test_the_date_is_the_persons_own_today(client_a, user, monkeypatch):
    ProfileFactory(user=user, time_zone="Pacific/Auckland")
    instant = dt.datetime(2024, 3, 10, 23, 30, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: instant)
    client_a.post(GAD7_URL, form_data("gad7", [0] * 7))
    assert ScreenerResult.objects.get(user=user).taken_on == dt.date(2024, 3, 11)


def test_taking_a_questionnaire_needs_logging_in(client, db):
    response = client.post(GAD7_URL, form_data("gad7", [0] * 7))
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert not ScreenerResult.objects.exists()


def test_instrument_values_match_the_addresses():
    assert set(Instrument.values) == {"phq9", "gad7"}
