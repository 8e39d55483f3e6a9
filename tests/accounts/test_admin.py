import pytest

from tests.factories import JournalDayFactory, ProfileFactory, UserFactory


@pytest.fixture
def admin_client_with_users(admin_client, admin_user):
    ProfileFactory(user=admin_user)
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
def test_user_list_query_count_does_not_grow_with_users(admin_client_with_users, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        admin_client_with_users.get("/admin/auth/user/")


@pytest.mark.django_db
def test_user_search_finds_display_name(admin_client_with_users):
    response = admin_client_with_users.get("/admin/auth/user/", {"q": "Eli"})
    assert response.context["cl"].result_count == 1


@pytest.mark.django_db
def test_user_change_page_has_the_profile_inline(admin_client_with_users):
    from django.contrib.auth import get_user_model

    dana = get_user_model().objects.get(username="dana")
    html = admin_client_with_users.get(f"/admin/auth/user/{dana.pk}/change/").content.decode()
    assert 'name="profile-0-time_zone"' in html


@pytest.mark.django_db
def test_profile_list_filters_by_time_zone(admin_client_with_users):
    response = admin_client_with_users.get("/admin/accounts/profile/", {"time_zone": "Asia/Tokyo"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 3
