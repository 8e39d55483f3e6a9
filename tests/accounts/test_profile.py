import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse

from accounts.models import Profile, profile_for, today_for
from tests.factories import ProfileFactory

URL = "/accounts/profile/"


def profile_data(**overrides) -> dict:
    return {"display_name": "Alice", "time_zone": "Asia/Tokyo", "email": "alice@example.org", **overrides}


def test_profile_url_is_stable():
    assert reverse("profile") == URL


@pytest.mark.django_db
def test_profile_requires_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={URL}"


@pytest.mark.django_db
def test_profile_page_shows_current_values_and_account_links(client_a, user):
    ProfileFactory(user=user, display_name="Ally", time_zone="Europe/Amsterdam")
    html = client_a.get(URL).content.decode()
    assert 'value="Ally"' in html
    assert '<option value="Europe/Amsterdam" selected>' in html
    assert reverse("password_change") in html
    assert reverse("delete_account") in html


@pytest.mark.django_db
def test_profile_page_creates_a_missing_profile(client_a, user):
    assert client_a.get(URL).status_code == 200
    assert Profile.objects.get(user=user).time_zone == "UTC"


@pytest.mark.django_db
def test_saving_profile_changes_name_zone_and_email(client_a, user):
    response = client_a.post(URL, profile_data())
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.profile.display_name, user.profile.time_zone, user.email) == (
        "Alice",
        "Asia/Tokyo",
        "alice@example.org",
    )


@pytest.mark.django_db
def test_saving_profile_leaves_other_users_profile_alone(client_a, user, other_user):
    ProfileFactory(user=other_user, display_name="Bob", time_zone="Europe/London")
    client_a.post(URL, profile_data(display_name="Changed"))
    other = Profile.objects.get(user=other_user)
    assert (other.display_name, other.time_zone) == ("Bob", "Europe/London")
    assert Profile.objects.count() == 2


@pytest.mark.django_db
def test_profile_form_ignores_a_smuggled_user_field(client_a, user, other_user):
    client_a.post(URL, profile_data(user=other_user.pk))
    assert Profile.objects.get(display_name="Alice").user == user
    assert not Profile.objects.filter(user=other_user).exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"time_zone": "Atlantis/Capital"}, "time_zone"),
        ({"time_zone": ""}, "time_zone"),
        ({"display_name": "x" * 10_000}, "display_name"),
        ({"email": "nope"}, "email"),
    ],
)
@pytest.mark.django_db
def test_bad_profile_input_shows_field_error_and_saves_nothing(client_a, user, overrides, field):
    ProfileFactory(user=user, display_name="Before", time_zone="Europe/Amsterdam")
    response = client_a.post(URL, profile_data(**overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    profile = Profile.objects.get(user=user)
    assert (profile.display_name, profile.time_zone) == ("Before", "Europe/Amsterdam")


@pytest.mark.django_db
def test_profile_page_query_count_is_fixed(client_a, user, django_assert_max_num_queries):
    ProfileFactory(user=user, display_name="Alice", time_zone="Asia/Tokyo")
    with django_assert_max_num_queries(6):
        response = client_a.get(URL)
    assert response.status_code == 200
    assert response.context["form"].initial["display_name"] == "Alice"  # the person's own profile, in the form
    assert 'value="Alice"' in response.content.decode()


@pytest.mark.django_db
def test_today_follows_the_profile_zone_ahead_of_utc(user):
    ProfileFactory(user=user, time_zone="Pacific/Auckland")
    late_evening_utc = dt.datetime(2024, 3, 10, 23, 30, tzinfo=dt.UTC)
    with mock.patch("django.utils.timezone.now", return_value=late_evening_utc):
        assert today_for(user) == dt.date(2024, 3, 11)


@pytest.mark.django_db
def test_today_follows_the_profile_zone_behind_utc(user):
    ProfileFactory(user=user, time_zone="America/Los_Angeles")
    early_morning_utc = dt.datetime(2024, 3, 11, 3, 0, tzinfo=dt.UTC)
    with mock.patch("django.utils.timezone.now", return_value=early_morning_utc):
        assert today_for(user) == dt.date(2024, 3, 10)


@pytest.mark.django_db
def test_changing_the_zone_changes_today(client_a, user):
    late_evening_utc = dt.datetime(2024, 3, 10, 23, 30, tzinfo=dt.UTC)
    client_a.post(URL, profile_data(time_zone="Pacific/Auckland"))
    with mock.patch("django.utils.timezone.now", return_value=late_evening_utc):
        assert today_for(user) == dt.date(2024, 3, 11)
    assert profile_for(user).time_zone == "Pacific/Auckland"
