import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from journal.models import Food, JournalDay
from tests.experiments.factories import ExperimentFactory
from tests.factories import (
    FoodFactory,
    JournalDayFactory,
    MealFactory,
    MealItemFactory,
    MoodCheckInFactory,
    ProfileFactory,
    UserFactory,
)


@pytest.fixture
def admin_client_with_users(admin_client, admin_user):
    # A fixed name: a generated first name ("Elise", "Eliza"…) would match the search for "Eli" now and then.
    ProfileFactory(user=admin_user, display_name="Site admin")
    for name in ("dana", "eli", "fay"):
        user = UserFactory(username=name)
        ProfileFactory(user=user, display_name=name.title(), time_zone="Asia/Tokyo")
        JournalDayFactory.create_batch(2, user=user)
    return admin_client


@pytest.mark.django_db
def test_user_list_shows_profile_columns_and_day_counts(admin_client_with_users):
    response = admin_client_with_users.get("/admin/auth/user/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Asia/Tokyo" in html
    assert "Dana" in html
    assert 'class="field-day_count">2<' in html


@pytest.mark.django_db
@pytest.mark.parametrize("more_users", [0, 10])
def test_user_list_query_count_does_not_grow_with_users(
    admin_client_with_users, django_assert_max_num_queries, more_users
):
    for n in range(more_users):
        ProfileFactory(user=UserFactory(username=f"extra{n}"), display_name=f"Extra {n}")
    with django_assert_max_num_queries(7):
        response = admin_client_with_users.get("/admin/auth/user/")
    assert response.status_code == 200
    assert response.context["cl"].result_count == 4 + more_users  # the admin, dana, eli, fay and the extras
    html = response.content.decode()
    assert "Fay" in html and ("Extra 9" in html) == bool(more_users)


@pytest.mark.django_db
def test_user_search_finds_display_name(admin_client_with_users):
    response = admin_client_with_users.get("/admin/auth/user/", {"q": "Eli"})
    assert response.context["cl"].result_count == 1


@pytest.mark.django_db
def test_user_change_page_has_the_profile_inline(admin_client_with_users):
    dana = get_user_model().objects.get(username="dana")
    html = admin_client_with_users.get(f"/admin/auth/user/{dana.pk}/change/").content.decode()
    assert 'name="profile-0-time_zone"' in html


@pytest.mark.django_db
def test_profile_list_filters_by_time_zone(admin_client_with_users):
    response = admin_client_with_users.get("/admin/accounts/profile/", {"time_zone": "Asia/Tokyo"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 3


@pytest.mark.django_db
def test_admin_can_delete_a_user_whose_meals_use_their_own_food(admin_client, admin_user):
    ProfileFactory(user=admin_user)
    gone = UserFactory(username="gone")
    food = FoodFactory(owner=gone)
    MealItemFactory(meal=MealFactory(day=JournalDayFactory(user=gone)), food=food)
    url = f"/admin/auth/user/{gone.pk}/delete/"
    assert "protected" not in admin_client.get(url).content.decode().lower()
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=gone.pk).exists()
    assert not Food.objects.filter(pk=food.pk).exists()


@pytest.mark.django_db
def test_admin_bulk_delete_removes_users_and_their_journals(admin_client, admin_user):
    ProfileFactory(user=admin_user)
    users = [UserFactory(username=name) for name in ("gus", "hana")]
    for user in users:
        MealItemFactory(meal=MealFactory(day=JournalDayFactory(user=user)), food=FoodFactory(owner=user))
    admin_client.post(
        "/admin/auth/user/",
        {"action": "delete_selected", "_selected_action": [u.pk for u in users], "post": "yes"},
    )
    assert not get_user_model().objects.filter(username__in=["gus", "hana"]).exists()
    assert JournalDay.objects.count() == 0
    assert get_user_model().objects.filter(pk=admin_user.pk).exists()


@pytest.mark.django_db
def test_the_delete_confirmation_counts_a_journal_without_showing_it(admin_client, admin_user):
    ProfileFactory(user=admin_user)
    gone = UserFactory(username="gone")
    day = JournalDayFactory(user=gone, date=dt.date(2024, 2, 29))
    MoodCheckInFactory(day=day, mood=2, note="rough morning")
    ExperimentFactory(user=gone, change="No coffee after noon")
    html = admin_client.get(f"/admin/auth/user/{gone.pk}/delete/").content.decode()
    assert "gone" in html
    for private in ("2024-02-29", "mood 2", "No coffee after noon"):
        assert private not in html
    assert "Journal days: 1" in html
