"""foods.json: the shared catalogue reaches the browser once per version and may be kept anywhere; a person's
own foods never go into it (they come inside their day page, which no browser keeps)."""

import json
import re

from django.urls import reverse

from journal.services import catalogue_version, food_version
from tests.factories import FoodFactory

URL = reverse("foods_json")


def picker_data(html: str) -> dict:
    found = re.search(r'<script id="picker-data" type="application/json">(.*?)</script>', html, re.S)
    assert found, "the day page carries its picker data"
    return json.loads(found.group(1))


def test_it_lists_the_catalogue_and_no_ones_own_foods(client_a, user, other_user):
    FoodFactory(name="Rolled oats")
    FoodFactory(name="Grandma's rye", owner=user)
    FoodFactory(name="Bob's stew", owner=other_user)
    names = {food["name"] for food in client_a.get(URL).json()}
    assert "Rolled oats" in names
    assert "Grandma's rye" not in names
    assert "Bob's stew" not in names


def test_own_foods_come_inside_the_day_page_and_only_ones_own(client_a, user, other_user):
    FoodFactory(name="Grandma's rye", owner=user)
    FoodFactory(name="Bob's stew", owner=other_user)
    own = picker_data(client_a.get("/day/2024-03-01/").content.decode())["own_foods"]
    assert [food["name"] for food in own] == ["Grandma's rye"]
    assert own[0]["own"] is True


def test_a_new_own_food_shows_on_the_next_day_page(client_a, user):
    client_a.get("/day/2024-03-01/")
    FoodFactory(name="Fresh sauerkraut", owner=user)
    own = picker_data(client_a.get("/day/2024-03-01/").content.decode())["own_foods"]
    assert [food["name"] for food in own] == ["Fresh sauerkraut"]


def test_the_versioned_address_is_cached_for_a_year_publicly_even_when_signed_in(client_a):
    response = client_a.get(URL, {"v": catalogue_version()})
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["ETag"] == f'"{catalogue_version()}"'


def test_an_old_version_is_revalidated(client_a):
    assert client_a.get(URL, {"v": "old"})["Cache-Control"] == "public, no-cache"


def test_an_unchanged_catalogue_answers_304(client_a):
    response = client_a.get(URL, headers={"If-None-Match": f'"{catalogue_version()}"'})
    assert response.status_code == 304


def test_adding_an_own_food_changes_the_persons_list_but_not_the_catalogue(client_a, user):
    before, catalogue = food_version(user), catalogue_version()
    FoodFactory(owner=user)
    assert food_version(user) != before
    assert catalogue_version() == catalogue


def test_a_catalogue_food_gives_a_new_catalogue_version(db):
    before = catalogue_version()
    FoodFactory()
    assert catalogue_version() != before


def test_anyone_may_read_the_catalogue(client, db):
    FoodFactory(name="Rolled oats")
    response = client.get(URL)
    assert response.status_code == 200
    assert "Rolled oats" in {food["name"] for food in response.json()}


def test_the_day_page_names_the_current_catalogue_version(client_a):
    html = client_a.get("/day/2024-03-01/").content.decode()
    assert f'data-foods-url="/foods.json?v={catalogue_version()}"' in html
