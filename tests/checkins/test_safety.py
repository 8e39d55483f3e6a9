"""PHQ-9 item 9 above zero: the help message comes first at once, and on home until the person has read it."""

import pytest
from django.urls import reverse

from checkins.models import ScreenerResult
from tests.checkins.factories import ScreenerResultFactory, answers_for, form_data

PHQ9_URL = reverse("checkins_take", kwargs={"instrument": "phq9"})
SAFETY = "You are not alone"
READ_URL = reverse("checkins_safety_read")


def _take_phq9(client, item9: int, total: int = 8):
    response = client.post(PHQ9_URL, form_data("phq9", answers_for("phq9", total, item9=item9)))
    assert response.status_code == 302
    return client.get(response.url).content.decode()


def test_item_9_at_zero_shows_no_safety_message(client_a, user):
    html = _take_phq9(client_a, item9=0)
    assert SAFETY not in html
    assert ScreenerResult.objects.get(user=user).safety_pending is False
    assert SAFETY not in client_a.get("/").content.decode()


@pytest.mark.parametrize("item9", [1, 2, 3])
def test_item_9_above_zero_shows_the_safety_message_before_anything_else(client_a, user, item9):
    html = _take_phq9(client_a, item9=item9)
    main = html[html.index('<main id="main"') :]
    assert SAFETY in main
    assert main.index(SAFETY) < main.index("Your score") < main.index('class="score-number"')
    assert main.index('role="alert"') < main.index("<h1")
    for words in ("emergency number", "112", "999", "911", "000", "988", "116 123", "findahelpline.com"):
        assert words in html, words
    assert "someone you trust" in html and "your doctor" in html
    assert ScreenerResult.objects.get(user=user).safety_pending is True


def test_the_safety_message_is_focused_first(client_a):
    html = _take_phq9(client_a, item9=1)
    assert "data-focus-first" in html and 'tabindex="-1"' in html
    assert "js/checkins.js" in html


def test_home_repeats_the_message_until_the_person_has_read_it(client_a, user):
    _take_phq9(client_a, item9=2)
    home = client_a.get("/").content.decode()
    main = home[home.index('<main id="main"') :]
    assert main.index(SAFETY) < main.index("Today")
    assert "I&#x27;ve read this" in home or "I've read this" in home
    assert SAFETY in client_a.get("/").content.decode()  # every visit until read
    response = client_a.post(READ_URL)
    assert response.status_code == 302 and response.url == reverse("home")
    assert SAFETY not in client_a.get("/").content.decode()
    assert not ScreenerResult.objects.filter(user=user, safety_pending=True).exists()


def test_a_later_check_in_with_item_9_above_zero_brings_the_message_back(client_a, user):
    _take_phq9(client_a, item9=1)
    client_a.post(READ_URL)
    _take_phq9(client_a, item9=1)  # the same day again: replaces and asks again
    assert SAFETY in client_a.get("/").content.decode()


def test_retaking_the_same_day_with_item_9_at_zero_keeps_the_message_until_read(client_a, user):
    _take_phq9(client_a, item9=1)
    _take_phq9(client_a, item9=0)
    assert SAFETY in client_a.get("/").content.decode()
    assert ScreenerResult.objects.get(user=user).safety_pending is True
    client_a.post(READ_URL)
    assert SAFETY not in client_a.get("/").content.decode()


def test_retaking_after_the_message_was_read_with_item_9_at_zero_raises_nothing(client_a, user):
    _take_phq9(client_a, item9=1)
    client_a.post(READ_URL)
    _take_phq9(client_a, item9=0)
    assert ScreenerResult.objects.get(user=user).safety_pending is False


def test_marking_as_read_needs_a_post(client_a, user):
    ScreenerResultFactory(user=user, score=3, answers=[0] * 8 + [3], safety_pending=True)
    assert client_a.get(READ_URL).status_code == 405
    assert ScreenerResult.objects.get(user=user).safety_pending is True


def test_marking_as_read_touches_only_ones_own_results(client_a, user, other_user):
    ScreenerResultFactory(user=other_user, score=3, answers=[0] * 8 + [3], safety_pending=True)
    client_a.post(READ_URL)
    assert ScreenerResult.objects.get(user=other_user).safety_pending is True


def test_reopening_an_old_result_with_item_9_above_zero_still_shows_the_message(client_a, user):
    result = ScreenerResultFactory(user=user, score=3, answers=[0] * 8 + [3], safety_pending=False)
    html = client_a.get(reverse("checkins_result", kwargs={"result_id": result.pk})).content.decode()
    assert SAFETY in html


def test_no_page_calls_a_score_a_diagnosis(client_a, user):
    result = ScreenerResultFactory(user=user, score=22, answers=answers_for("phq9", 22, item9=1))
    html = client_a.get(reverse("checkins_result", kwargs={"result_id": result.pk})).content.decode()
    assert "What it is not:</strong> a diagnosis" in html
    assert "you have depression" not in html.lower()
    assert "only a clinician" in html
