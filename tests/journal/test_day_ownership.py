"""Ownership on the day page: another user's check-ins, meals and foods are never reachable."""

import datetime as dt

import pytest
from django.urls import reverse

from journal.models import JournalDay, Meal, MealItem, MoodCheckIn
from tests.factories import FoodFactory, JournalDayFactory, MealItemFactory, MoodCheckInFactory
from tests.journal.day_post import day_post

DAY = dt.date(2024, 3, 1)
URL = reverse("day", args=[DAY])


@pytest.fixture
def alices_day(user):
    day = JournalDayFactory(user=user, date=DAY, notes="alice's")
    return {
        "day": day,
        "checkin": MoodCheckInFactory(day=day, mood=5, note="private"),
        "meal": MealItemFactory(meal__day=day).meal,
        "food": FoodFactory(owner=user, name="Alice's granola"),
    }


@pytest.fixture
def client_b(client, other_user):
    client.force_login(other_user)
    return client


def snapshot():
    return (
        list(JournalDay.objects.values_list("pk", "user_id", "notes")),
        list(MoodCheckIn.objects.values_list("pk", "day_id", "mood", "note")),
        list(Meal.objects.values_list("pk", "day_id", "meal_type")),
        list(MealItem.objects.values_list("pk", "meal_id", "food_id")),
    )


def test_another_users_day_is_not_shown(client_b, alices_day):
    html = client_b.get(URL).content.decode()
    assert "private" not in html and "alice&#x27;s" not in html and "alice's" not in html


def test_another_users_checkin_id_is_a_field_error_and_nothing_is_saved(client_b, alices_day):
    before = snapshot()
    data = day_post(checkins=[{"id": alices_day["checkin"].pk, "mood": 1, "note": "mine now"}], sleep_hours="7")
    response = client_b.post(URL, data)
    assert response.status_code in (200, 404)
    assert "does not belong to this day" in response.content.decode()
    assert snapshot() == before


def test_deleting_another_users_checkin_is_refused(client_b, alices_day):
    before = snapshot()
    data = day_post(checkins=[{"id": alices_day["checkin"].pk, "DELETE": "on"}], sleep_hours="7")
    assert client_b.post(URL, data).status_code in (200, 404)
    assert snapshot() == before


def test_another_users_meal_id_is_a_field_error_and_nothing_is_saved(client_b, alices_day):
    before = snapshot()
    food = FoodFactory()
    data = day_post(meals=[{"id": alices_day["meal"].pk, "meal_type": "dinner", "items": [(food, 1)]}])
    response = client_b.post(URL, data)
    assert response.status_code in (200, 404)
    assert "does not belong to this day" in response.content.decode()
    assert snapshot() == before


def test_deleting_another_users_meal_is_refused(client_b, alices_day):
    before = snapshot()
    data = day_post(meals=[{"id": alices_day["meal"].pk, "DELETE": "on"}], sleep_hours="7")
    assert client_b.post(URL, data).status_code in (200, 404)
    assert snapshot() == before


def test_a_checkin_of_another_day_of_ones_own_is_refused(client_a, user):
    other_day = JournalDayFactory(user=user, date=DAY - dt.timedelta(days=1))
    checkin = MoodCheckInFactory(day=other_day, mood=2)
    response = client_a.post(URL, day_post(checkins=[{"id": checkin.pk, "mood": 5}]))
    assert response.status_code == 200
    assert MoodCheckIn.objects.get().mood == 2
    assert not JournalDay.objects.filter(date=DAY).exists()


def test_another_users_own_food_is_not_offered(client_b, alices_day):
    assert "Alice&#x27;s granola" not in client_b.get(URL).content.decode()


def test_another_users_own_food_cannot_be_logged(client_b, alices_day):
    before = snapshot()
    data = day_post(meals=[{"meal_type": "lunch", "items": [(alices_day["food"], 1)]}], sleep_hours="7")
    response = client_b.post(URL, data)
    assert response.status_code == 200
    assert "Choose a food from the list" in response.content.decode()
    assert snapshot() == before


def test_ones_own_food_can_be_logged(client_a, user):
    food = FoodFactory(owner=user, name="My muesli")
    client_a.post(URL, day_post(meals=[{"meal_type": "lunch", "items": [(food, 2)]}]))
    assert MealItem.objects.get(meal__day__user=user).food == food


def test_a_duplicated_checkin_id_is_refused(client_a, alices_day):
    pk = alices_day["checkin"].pk
    before = snapshot()
    response = client_a.post(URL, day_post(checkins=[{"id": pk, "mood": 1}, {"id": pk, "mood": 2}]))
    assert response.status_code == 200
    assert snapshot() == before
