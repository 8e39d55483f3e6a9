"""/history/: logged days, newest first, paginated, at a glance."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import FoodFactory, JournalDayFactory, MealItemFactory, MoodCheckInFactory

START = dt.date(2024, 3, 1)


def _days(user, n: int) -> list:
    return [JournalDayFactory(user=user, date=START - dt.timedelta(days=i)) for i in range(n)]


def test_history_requires_login(client, db):
    assert client.get("/history/")["Location"].startswith("/accounts/login/")


def test_an_empty_history_invites_logging_today(client_a):
    html = client_a.get("/history/").content.decode()
    assert "No days logged yet" in html and 'href="/today/"' in html


def test_days_are_listed_newest_first_with_edit_links(client_a, user):
    _days(user, 3)
    html = client_a.get("/history/").content.decode()
    first, second = html.index('href="/day/2024-03-01/"'), html.index('href="/day/2024-02-29/"')
    assert first < second < html.index('href="/day/2024-02-28/"')


def test_each_day_shows_mood_fiber_probiotics_sleep_and_symptoms(client_a, user):
    day = JournalDayFactory(user=user, date=START, sleep_hours=Decimal("6.5"), bloating=2, stool_type=4)
    MoodCheckInFactory(day=day, mood=4)
    MoodCheckInFactory(day=day, mood=3)
    MealItemFactory(meal__day=day, food=FoodFactory(fiber_g=Decimal("5"), is_probiotic=True), servings=2)
    html = client_a.get("/history/").content.decode()
    for shown in ("3.5/5", "10 g", "6.5 h", "Bloating 2/3", "Stool 4"):
        assert shown in html, shown


def test_a_red_flag_is_shown(client_a, user):
    JournalDayFactory(user=user, date=START, black_stool=True)
    assert "Red flag" in client_a.get("/history/").content.decode()


def test_history_is_paginated_by_thirty(client_a, user):
    _days(user, 31)
    first = client_a.get("/history/").content.decode()
    assert first.count('class="history-day') == 30
    assert "Page 1 of 2" in first
    second = client_a.get("/history/?page=2").content.decode()
    assert second.count('class="history-day') == 1


@pytest.mark.parametrize("page", ["999", "abc", "-1"])
def test_a_bad_page_number_never_500s(client_a, user, page):
    _days(user, 2)
    assert client_a.get(f"/history/?page={page}").status_code == 200


def test_only_ones_own_days_are_listed(client_a, other_user):
    JournalDayFactory(user=other_user, date=START)
    assert 'href="/day/2024-03-01/"' not in client_a.get("/history/").content.decode()


def test_the_month_calendar_colours_days_by_mood_and_marks_logged_ones(client_a, user):
    day = JournalDayFactory(user=user, date=START)
    MoodCheckInFactory(day=day, mood=4)
    MoodCheckInFactory(day=day, mood=5)  # a mean of 4.5 shows as 5
    JournalDayFactory(user=user, date=START - dt.timedelta(days=1))
    html = client_a.get("/history/", {"month": "2024-03"}).content.decode()
    assert 'class="cal-day mood-5" href="/day/2024-03-01/"' in html
    assert 'class="cal-day logged" href="/day/2024-02-29/"' not in html  # February is not this month
    assert 'class="pixel logged" href="/day/2024-02-29/"' in html  # but the year shows it


def test_a_future_month_shows_this_month(client_a):
    html = client_a.get("/history/", {"month": "2999-01"}).content.decode()
    assert 'rel="next"' not in html.split('id="month-heading"')[1].split("</div>")[0]
