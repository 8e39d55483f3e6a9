"""The day page and history cost a fixed number of queries, however much they show."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from journal.models import JournalDay, MealItem
from tests.factories import FoodFactory, JournalDayFactory, MealFactory, MealItemFactory, MoodCheckInFactory
from tests.journal.day_post import day_post, form_data

DAY = dt.date(2024, 3, 1)
URL = reverse("day", args=[DAY])
# 12, one for the experiments running on the day with their ticks, two for the person's trackers and their values
DAY_PAGE_QUERIES = 15
HISTORY_PAGE_QUERIES = 8  # and one for the page's tracker values (one more for the trackers when there are any)
HOME_PAGE_QUERIES = 9  # session, user, profile, the week (3), check-in notices (2), experiment progress (1)


def _day_with_meals(user, meals: int):
    day = JournalDayFactory(user=user, date=DAY)
    foods = [FoodFactory() for _ in range(3)]
    for _ in range(meals):
        meal = MealFactory(day=day)
        for food in foods:
            MealItemFactory(meal=meal, food=food)
        MoodCheckInFactory(day=day)
    return day


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("meals", [1, 5])
def test_the_day_page_costs_a_fixed_number_of_queries(client_a, user, django_assert_num_queries, meals):
    _day_with_meals(user, meals)
    client_a.get(URL)  # warm the session and profile
    with django_assert_num_queries(DAY_PAGE_QUERIES):
        response = client_a.get(URL)
    assert response.status_code == 200
    shown = form_data(response)  # every meal, item and check-in is on the page, not an error or an empty day
    assert shown["meals-INITIAL_FORMS"] == shown["checkins-INITIAL_FORMS"] == str(meals)
    assert all(shown[f"meals-{i}-items-INITIAL_FORMS"] == "3" for i in range(meals))


def test_one_meal_and_five_meals_cost_the_same(client_a, user, other_user):
    _day_with_meals(user, 1)
    _day_with_meals(other_user, 5)
    one = _count(client_a, URL)
    client_a.force_login(other_user)
    assert _count(client_a, URL) == one


def _saved_items(user, date) -> int:
    return MealItem.objects.filter(meal__day__user=user, meal__day__date=date).count()


def test_saving_a_day_does_not_grow_with_its_foods(client_a, user):
    foods = [FoodFactory() for _ in range(10)]
    small = day_post(meals=[{"meal_type": "lunch", "items": [(foods[0], 1)]}])
    large = day_post(meals=[{"meal_type": "lunch", "items": [(f, 1) for f in foods]}])
    yesterday = DAY - dt.timedelta(days=1)
    client_a.get(URL)  # warm the session and profile
    with CaptureQueriesContext(connection) as one:
        response = client_a.post(URL, small)
    assert response.status_code == 302  # saved, not the form shown again with errors
    assert _saved_items(user, DAY) == 1
    with CaptureQueriesContext(connection) as ten:
        response = client_a.post(reverse("day", args=[yesterday]), large)
    assert response.status_code == 302
    assert _saved_items(user, yesterday) == 10
    assert JournalDay.objects.filter(user=user).count() == 2
    assert len(ten) == len(one)


def _days(user, n: int) -> None:
    for i in range(n):
        day = JournalDayFactory(user=user, date=DAY - dt.timedelta(days=i))
        MoodCheckInFactory(day=day)
        MealItemFactory(meal__day=day)


@pytest.mark.parametrize("days", [10, 60])
def test_history_costs_a_fixed_number_of_queries(client_a, user, django_assert_num_queries, days):
    _days(user, days)
    client_a.get("/history/")
    with django_assert_num_queries(HISTORY_PAGE_QUERIES):
        first = client_a.get("/history/")
    assert first.status_code == 200
    assert first.content.decode().count('class="history-day') == min(days, 30)
    with django_assert_num_queries(HISTORY_PAGE_QUERIES):
        later = client_a.get("/history/?page=2" if days > 30 else "/history/")
    assert later.status_code == 200
    assert later.content.decode().count('class="history-day') == (days - 30 if days > 30 else days)


@pytest.mark.parametrize("days", [1, 7])
def test_home_costs_a_fixed_number_of_queries(client_a, user, django_assert_max_num_queries, days):
    from accounts.models import today_for

    today = today_for(user)
    for i in range(days):
        day = JournalDayFactory(user=user, date=today - dt.timedelta(days=i))
        MoodCheckInFactory(day=day)
    client_a.get("/")
    with django_assert_max_num_queries(HOME_PAGE_QUERIES):
        response = client_a.get("/")
    assert response.status_code == 200
    html = response.content.decode()  # the signed-in home with the week, not the visitors' page
    assert html.count('class="history-day') == 7
    assert html.count("Not logged: tap to log") == 7 - days
