"""foods.json: the person's food list reaches the browser once per version, privately cached."""

from django.urls import reverse

from journal.services import food_version
from tests.factories import FoodFactory

URL = reverse("foods_json")


def test_it_lists_the_catalogue_and_own_foods_but_not_others(client_a, user, other_user):
    FoodFactory(name="Rolled oats")
    FoodFactory(name="Grandma's rye", owner=user)
    FoodFactory(name="Bob's stew", owner=other_user)
    names = {food["name"] for food in client_a.get(URL).json()}
    assert {"Rolled oats", "Grandma's rye"} <= names
    assert "Bob's stew" not in names


def test_the_versioned_address_is_cached_for_a_year_privately(client_a, user):
    response = client_a.get(URL, {"v": food_version(user)})
    assert response["Cache-Control"] == "private, max-age=31536000, immutable"
    assert response["ETag"] == f'"{food_version(user)}"'


def test_an_old_version_is_revalidated(client_a):
    assert client_a.get(URL, {"v": "old"})["Cache-Control"] == "private, no-cache"


def test_an_unchanged_list_answers_304(client_a, user):
    response = client_a.get(URL, headers={"If-None-Match": f'"{food_version(user)}"'})
    assert response.status_code == 304


def test_adding_an_own_food_gives_a_new_version(client_a, user):
    before = food_version(user)
    FoodFactory(owner=user)
    assert food_version(user) != before


def test_it_requires_login(client, db):
    assert client.get(URL).status_code == 302


def test_the_day_page_names_the_current_version(client_a, user):
    html = client_a.get("/day/2024-03-01/").content.decode()
    assert f'data-foods-url="/foods.json?v={food_version(user)}"' in html
