"""The Django admin for foods, days, check-ins, meals and meal items."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from journal.models import Food
from tests.factories import (
    FoodFactory,
    JournalDayFactory,
    MealFactory,
    MealItemFactory,
    MoodCheckInFactory,
    UserFactory,
)

CHANGELISTS = [
    "/admin/journal/food/",
    "/admin/journal/journalday/",
    "/admin/journal/moodcheckin/",
    "/admin/journal/meal/",
    "/admin/journal/mealitem/",
]
# Session, user, profile, two counts, the page of rows, and the date hierarchy's two on days.
MAX_QUERIES = 8


@pytest.fixture
def staff_client(admin_client):
    """The admin, after a first request: that one also creates their profile, which is not the page's cost."""
    admin_client.get("/admin/")
    return admin_client


def build_journals(people: int, days_each: int) -> None:
    kefir = Food.objects.get(owner__isnull=True, name="Kefir, plain")
    for _ in range(people):
        owner = UserFactory()
        own_food = FoodFactory(owner=owner)
        for _ in range(days_each):
            day = JournalDayFactory(user=owner)
            MoodCheckInFactory(day=day)
            meal = MealFactory(day=day)
            MealItemFactory(meal=meal, food=kefir)
            MealItemFactory(meal=meal, food=own_food)


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


@pytest.mark.django_db
@pytest.mark.parametrize("url", CHANGELISTS)
def test_changelist_loads_in_a_bounded_number_of_queries(staff_client, django_assert_max_num_queries, url):
    build_journals(people=4, days_each=5)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = staff_client.get(url)
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("url", CHANGELISTS)
def test_changelist_queries_do_not_grow_with_rows(staff_client, url):
    build_journals(people=1, days_each=2)
    few = queries_for(staff_client, url)
    build_journals(people=4, days_each=5)
    assert queries_for(staff_client, url) == few


@pytest.mark.django_db
def test_food_search_finds_by_name(admin_client):
    response = admin_client.get("/admin/journal/food/", {"q": "kimchi"})
    assert [food.name for food in response.context["cl"].result_list] == ["Kimchi"]


@pytest.mark.django_db
def test_food_filter_separates_catalogue_from_user_foods(admin_client):
    own = FoodFactory(owner=UserFactory(), name="My granola")
    catalogue = admin_client.get("/admin/journal/food/", {"kind": "catalogue"}).context["cl"]
    users = admin_client.get("/admin/journal/food/", {"kind": "own"}).context["cl"]
    assert catalogue.result_count == Food.objects.filter(owner__isnull=True).count()
    assert list(users.queryset) == [own]


@pytest.mark.django_db
def test_food_filter_by_tag(admin_client):
    response = admin_client.get("/admin/journal/food/", {"is_probiotic__exact": "1"})
    assert response.context["cl"].result_count == Food.objects.filter(is_probiotic=True).count()


@pytest.mark.django_db
def test_day_search_finds_by_username(admin_client):
    JournalDayFactory(user=UserFactory(username="zelda"))
    JournalDayFactory(user=UserFactory(username="yusuf"))
    response = admin_client.get("/admin/journal/journalday/", {"q": "zelda"})
    assert [day.user.username for day in response.context["cl"].result_list] == ["zelda"]


@pytest.mark.django_db
def test_day_filter_shows_only_days_with_a_red_flag(admin_client):
    flagged = JournalDayFactory(black_stool=True)
    JournalDayFactory()
    response = admin_client.get("/admin/journal/journalday/", {"red_flag": "yes"})
    assert list(response.context["cl"].queryset) == [flagged]


@pytest.mark.django_db
def test_day_filter_by_antibiotics(admin_client):
    on_antibiotics = JournalDayFactory(antibiotics=True)
    JournalDayFactory(antibiotics=False)
    response = admin_client.get("/admin/journal/journalday/", {"antibiotics__exact": "1"})
    assert list(response.context["cl"].queryset) == [on_antibiotics]


@pytest.mark.django_db
def test_day_change_page_shows_check_ins_and_meals(admin_client):
    day = JournalDayFactory(date=dt.date(2025, 3, 4))
    MoodCheckInFactory(day=day, note="after the walk")
    MealFactory(day=day, description="porridge")
    html = admin_client.get(f"/admin/journal/journalday/{day.pk}/change/").content.decode()
    assert "after the walk" in html
    assert "porridge" in html


@pytest.mark.django_db
def test_meal_change_page_picks_food_by_autocomplete(admin_client):
    item = MealItemFactory()
    html = admin_client.get(f"/admin/journal/meal/{item.meal_id}/change/").content.decode()
    assert 'name="items-0-food"' in html
    assert "admin-autocomplete" in html


@pytest.mark.django_db
def test_food_autocomplete_answers_with_matching_foods(admin_client):
    response = admin_client.get(
        "/admin/autocomplete/",
        {"term": "lentil", "app_label": "journal", "model_name": "mealitem", "field_name": "food"},
    )
    assert [result["text"] for result in response.json()["results"]] == ["Lentils, cooked"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", CHANGELISTS)
def test_a_signed_in_non_staff_user_is_sent_to_the_admin_login(client_a, url):
    response = client_a.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_the_admin_login(client):
    response = client.get("/admin/journal/food/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_check_in_filter_by_mood(admin_client):
    low = MoodCheckInFactory(mood=1)
    MoodCheckInFactory(mood=4)
    response = admin_client.get("/admin/journal/moodcheckin/", {"mood": "1"})
    assert list(response.context["cl"].queryset) == [low]
