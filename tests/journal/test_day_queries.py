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
# Drawn afresh (after a journal change): the day, its check-ins, meals and items, 2 totals, last meals,
# previous day, recent foods, favourite foods and meals, the person's trackers (the signed-in person and their
# profile come from the cache: accounts/backends.py).
# The experiments running that day stay kept (their own version did not change).
DAY_PAGE_QUERIES_FRESH = 12
# Drawn with its own parts from the cache (e.g. after an experiment's tick, which the journal's parts do not show):
# the day, the experiments section.
DAY_PAGE_QUERIES_PARTS_KEPT = 2
# The whole page kept (nothing it shows changed since; journal.page_cache): no query at all.
DAY_PAGE_QUERIES = 0
# User; BEGIN, the day, its check-ins, its meals with their items (one query; all read once, for the forms and for
# the save), the foods named (kept after a save naming the same foods), COMMIT (the experiments running that day are
# kept from the page; ticks are written only when one changed); on a database that locks rows (PostgreSQL), the
# person's row is locked right after BEGIN, so two saves of one journal queue and the rows read stay as read until
# the save.
DAY_SAVE_QUERIES = 6 + (1 if connection.features.has_select_for_update else 0)
# logged days and moods of the calendar year (2), the page of days (4), its tracker values
HISTORY_PAGE_QUERIES = 7
HOME_PAGE_QUERIES = (
    8  # user, profile, the week (3), check-in notices (2), experiment progress (1); the session is cached
)


def _day_with_meals(user, meals: int):
    day = JournalDayFactory(user=user, date=DAY)
    foods = [FoodFactory() for _ in range(3)]
    for _ in range(meals):
        meal = MealFactory(day=day)
        for food in foods:
            MealItemFactory(meal=meal, food=food)
        MoodCheckInFactory(day=day)
    return day


def _long_journal(user, days: int, foods: int) -> None:
    """Days before DAY with a breakfast each, and a catalogue of the given size."""
    catalogue = [FoodFactory() for _ in range(foods)]
    for n in range(1, days + 1):
        day = JournalDayFactory(user=user, date=DAY - dt.timedelta(days=n))
        MealItemFactory(meal=MealFactory(day=day, meal_type="breakfast"), food=catalogue[n % foods])


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("meals", [1, 5])
def test_the_day_page_costs_a_fixed_number_of_queries(client_a, user, django_assert_num_queries, meals):
    _day_with_meals(user, meals)
    client_a.get(URL)  # warm the session and profile
    with django_assert_num_queries(DAY_PAGE_QUERIES):
        assert client_a.get(URL).status_code == 200


@pytest.mark.parametrize("meals", [1, 5])
def test_the_day_page_drawn_around_its_kept_parts_costs_a_fixed_number_of_queries(
    client_a, user, django_assert_num_queries, meals
):
    from experiments.versions import experiments_changed

    _day_with_meals(user, meals)
    client_a.get(URL)
    experiments_changed(user.pk)  # the kept page retires; the journal's own parts stay kept
    with django_assert_num_queries(DAY_PAGE_QUERIES_PARTS_KEPT):
        assert client_a.get(URL).status_code == 200


@pytest.mark.parametrize(("days", "foods"), [(1, 1), (30, 60)])
def test_the_day_page_does_not_grow_with_the_journal_or_the_catalogue(
    client_a, user, django_assert_num_queries, days, foods
):
    from journal.services import journal_changed

    _long_journal(user, days, foods)
    _day_with_meals(user, 3)
    client_a.get(URL)
    journal_changed(user)  # the page's cached parts and picker retire
    with django_assert_num_queries(DAY_PAGE_QUERIES_FRESH):
        assert client_a.get(URL).status_code == 200
    with django_assert_num_queries(DAY_PAGE_QUERIES):
        assert client_a.get(URL).status_code == 200


@pytest.mark.parametrize(("days", "foods"), [(1, 1), (30, 60)])
def test_a_save_does_not_grow_with_the_journal_or_the_catalogue(client_a, user, django_assert_num_queries, days, foods):

    _long_journal(user, days, foods)
    _day_with_meals(user, 3)
    data = form_data(client_a.get(URL))
    with django_assert_num_queries(DAY_SAVE_QUERIES):
        assert client_a.post(URL, data).status_code == 302


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
    client_a.get(reverse("day", args=[yesterday]))  # as a person would: the page, then the save
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
