"""The day form's other buttons (no JavaScript needed): add your own food, same as last time, favourites.
None of them saves; each brings the day back as it was sent."""

import datetime as dt

import pytest
from django.urls import reverse

from journal.models import FavouriteFood, FavouriteMeal, JournalDay
from tests.factories import FoodFactory, JournalDayFactory, MealFactory, MealItemFactory
from tests.journal.day_post import day_post, form_data

DAY = dt.date(2024, 3, 1)
URL = reverse("day", args=[DAY])


@pytest.fixture
def oats(db):
    return FoodFactory(name="Rolled oats", fiber_g="4.0")


def _page_data(client, **changes):
    data = form_data(client.get(URL))
    data.update(changes)
    return data


def test_adding_your_own_food_keeps_the_day_and_puts_the_food_in_its_meal(client_a, user, oats):
    data = _page_data(
        client_a, **{"checkins-0-mood": "4", "meals-0-items-0-food": "Rolled oats", "add_food": "meals-1"}
    )
    response = client_a.post(URL, data)
    assert response["Location"] == f"{reverse('food_new')}?next={URL}"
    assert not JournalDay.objects.exists()

    food = {"name": "Miso soup", "serving": "1 bowl", "fiber_g": "1", "next": URL}
    response = client_a.post(reverse("food_new"), food)
    assert response["Location"] == URL
    page = client_a.get(URL)
    restored = form_data(page)
    assert restored["checkins-0-mood"] == "4"
    assert restored["meals-0-items-0-food"] == "Rolled oats"
    assert restored["meals-1-items-0-food"] == "Miso soup"
    assert "Not saved yet" in page.content.decode()

    assert client_a.post(URL, restored).status_code == 302
    day = JournalDay.objects.get(user=user)
    assert sorted(day.meals.values_list("meal_type", "items__food__name")) == [
        ("breakfast", "Rolled oats"),
        ("lunch", "Miso soup"),
    ]


def test_the_draft_is_restored_once(client_a, oats):
    client_a.post(URL, _page_data(client_a, **{"checkins-0-mood": "2", "add_food": "meals-0"}))
    assert form_data(client_a.get(URL))["checkins-0-mood"] == "2"
    assert form_data(client_a.get(URL))["checkins-0-mood"] == ""  # the saved (empty) day again


def test_cancelling_the_new_food_still_brings_the_day_back(client_a, oats):
    client_a.post(URL, _page_data(client_a, **{"sleep_hours": "6.5", "add_food": "meals-0"}))
    assert form_data(client_a.get(URL))["sleep_hours"] == "6.5"


def test_same_as_last_time_fills_the_meal_from_the_previous_one_of_its_type(client_a, user, oats):
    kefir = FoodFactory(name="Kefir", is_probiotic=True)
    earlier = MealFactory(day=JournalDayFactory(user=user, date=DAY - dt.timedelta(days=3)), meal_type="breakfast")
    MealItemFactory(meal=earlier, food=oats, servings="2")
    MealItemFactory(meal=earlier, food=kefir, servings="1")
    data = _page_data(client_a, **{"checkins-0-mood": "5", "repeat": "meals-0"})
    page = form_data(client_a.post(URL, data))
    assert (page["meals-0-items-0-food"], page["meals-0-items-0-servings"]) == ("Rolled oats", "2.0")
    assert (page["meals-0-items-1-food"], page["meals-0-items-1-servings"]) == ("Kefir", "1.0")
    assert page["checkins-0-mood"] == "5"
    assert not JournalDay.objects.filter(date=DAY).exists()


def test_the_page_offers_last_times_foods(client_a, user, oats):
    meal = MealFactory(day=JournalDayFactory(user=user, date=DAY - dt.timedelta(days=1)), meal_type="lunch")
    MealItemFactory(meal=meal, food=oats)
    html = client_a.get(URL).content.decode()
    assert "<small data-repeat-names>Rolled oats</small>" in html


def test_a_meal_can_be_kept_as_a_favourite(client_a, user, oats):
    data = day_post(meals=[{"meal_type": "breakfast", "items": [(oats, 2)]}])
    data["favourite_meal"] = "meals-0"
    assert client_a.post(URL, data).status_code == 200
    favourite = FavouriteMeal.objects.get(user=user)
    assert favourite.name == "Breakfast: Rolled oats"
    assert [(i.food, i.servings) for i in favourite.items.all()] == [(oats, 2)]


def test_a_food_can_be_starred_from_the_picker(client_a, user, oats):
    response = client_a.post(reverse("favourite_food", args=[oats.pk]), {"favourite": "1"})
    assert response.json() == {"food": oats.pk, "favourite": True}
    assert FavouriteFood.objects.filter(user=user, food=oats).exists()
    client_a.post(reverse("favourite_food", args=[oats.pk]), {"favourite": "0"})
    assert not FavouriteFood.objects.exists()


def test_another_persons_food_cannot_be_starred(client_a, other_user):
    theirs = FoodFactory(owner=other_user)
    assert client_a.post(reverse("favourite_food", args=[theirs.pk])).status_code == 404


def test_a_new_meals_time_follows_its_type(client_a):
    data = form_data(client_a.get(URL))
    types = {data[f"meals-{i}-meal_type"]: data[f"meals-{i}-time"] for i in range(4)}
    assert types == {"breakfast": "08:00", "lunch": "12:30", "dinner": "19:00", "snack": "16:00"}


def test_the_date_picker_goes_to_the_day(client_a):
    assert client_a.get(reverse("day_jump"), {"date": "2024-02-29"})["Location"] == "/day/2024-02-29/"
    assert client_a.get(reverse("day_jump"), {"date": "1999-01-01"}).status_code == 404


def test_a_starred_food_reaches_the_cached_page_at_once(client_a, oats):
    client_a.get(URL)  # the page's picker data is now cached
    client_a.post(reverse("favourite_food", args=[oats.pk]), {"favourite": "1"})
    picker = client_a.get(URL).content.decode().split('id="picker-data" type="application/json">')[1]
    assert f'"favourites": [{oats.pk}]' in picker
