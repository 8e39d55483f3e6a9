"""A person's own foods: added from the day page, theirs alone."""

from decimal import Decimal

import pytest

from journal.models import Food
from tests.factories import FoodFactory

URL = "/foods/new/"


def _food(**extra) -> dict:
    return {"name": "Grandma's rye bread", "serving": "1 slice", "fiber_g": "3.5", **extra}


def test_adding_a_food_makes_it_the_users_own(client_a, user):
    response = client_a.post(URL, _food(is_high_fiber="on"))
    food = Food.objects.get(name="Grandma's rye bread")
    assert response.status_code == 302
    assert food.owner == user and food.fiber_g == Decimal("3.5") and food.tags == ["high-fiber"]


def test_after_adding_it_goes_back_to_the_day(client_a):
    response = client_a.post(URL, _food(next="/day/2024-03-01/"))
    assert response["Location"] == "/day/2024-03-01/"


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_an_outside_next_address_is_ignored(client_a, next_url):
    response = client_a.post(URL, _food(next=next_url))
    assert response["Location"] == "/today/"


@pytest.mark.parametrize("next_url", ["0", "today", "history", "day/2024-03-01/", "\\\\evil.example/"])
def test_a_next_that_is_not_a_local_path_is_ignored(client_a, next_url):
    """A bare word would reach redirect() as a URL name (NoReverseMatch, a 500, before this fix)."""
    assert client_a.get(URL, {"next": next_url}).status_code == 200
    response = client_a.post(URL, _food(next=next_url))
    assert response["Location"] == "/today/"


def test_a_posted_owner_is_ignored(client_a, user, other_user):
    client_a.post(URL, _food(owner=other_user.pk))
    assert Food.objects.get(name="Grandma's rye bread").owner == user


@pytest.mark.parametrize(
    "field, value",
    [("fiber_g", "101"), ("fiber_g", "-1"), ("fiber_g", "lots"), ("name", ""), ("serving", ""), ("name", "x" * 500)],
)
def test_bad_food_input_is_a_field_error_and_nothing_is_saved(client_a, field, value):
    before = Food.objects.count()
    response = client_a.post(URL, _food(**{field: value}))
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    assert Food.objects.count() == before


def test_a_name_already_on_the_list_is_refused(client_a, user):
    FoodFactory(name="Kefir")
    response = client_a.post(URL, _food(name="kefir"))
    assert "already on your list" in response.content.decode()
    assert Food.objects.filter(name__iexact="kefir").count() == 1


def test_another_user_may_use_the_same_name(client_a, other_user):
    FoodFactory(owner=other_user, name="Grandma's rye bread")
    assert client_a.post(URL, _food()).status_code == 302
    assert Food.objects.filter(name="Grandma's rye bread").count() == 2


def test_every_meal_offers_adding_your_own_food(client_a):
    html = client_a.get("/day/2024-03-01/").content.decode()
    assert 'name="add_food" value="meals-0"' in html
    assert 'name="add_food" value="meals-3"' in html
