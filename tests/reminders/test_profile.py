"""The reminder fields on the profile form and the notifications section on the profile page."""

import datetime as dt

import pytest

from accounts.models import Profile
from tests.factories import ProfileFactory
from tests.reminders.conftest import subscribe_browser

pytestmark = pytest.mark.django_db
URL = "/accounts/profile/"


def profile_data(**overrides) -> dict:
    return {"display_name": "Alice", "time_zone": "Europe/Berlin", "email": "alice@example.org", **overrides}


def test_saving_a_reminder_time_and_email(client_a, user):
    response = client_a.post(URL, profile_data(reminder_time="21:30", reminder_email="on"))
    assert response.status_code == 302
    profile = Profile.objects.get(user=user)
    assert (profile.reminder_time, profile.reminder_email) == (dt.time(21, 30), True)


def test_a_blank_time_switches_the_reminder_off(client_a, user):
    ProfileFactory(user=user, reminder_time=dt.time(21, 30))
    client_a.post(URL, profile_data(reminder_time=""))
    assert Profile.objects.get(user=user).reminder_time is None


@pytest.mark.parametrize("bad", ["25:00", "21:60", "9pm", "21:30:15", "-1:00"])
def test_a_time_that_is_not_a_time_is_refused_and_nothing_changes(client_a, user, bad):
    ProfileFactory(user=user, display_name="Ally", time_zone="UTC", reminder_time=dt.time(8, 0))
    response = client_a.post(URL, profile_data(reminder_time=bad))
    assert response.status_code == 200
    assert "Enter a time from 00:00 to 23:59" in response.content.decode()
    profile = Profile.objects.get(user=user)
    assert (profile.display_name, profile.time_zone, profile.reminder_time) == ("Ally", "UTC", dt.time(8, 0))


def test_email_reminders_need_an_email_address(client_a, user):
    response = client_a.post(URL, profile_data(email="", reminder_time="21:30", reminder_email="on"))
    assert response.status_code == 200
    assert "Add your email address to get reminders by email." in response.content.decode()
    assert Profile.objects.get(user=user).reminder_time is None


def test_the_page_shows_the_fields_the_test_button_and_the_vapid_key(client_a, vapid):
    html = client_a.get(URL).content.decode()
    assert 'name="reminder_time"' in html and 'type="time"' in html
    assert 'name="reminder_email"' in html
    assert "Send a test message" in html
    assert f'data-push-key="{vapid.VAPID_PUBLIC_KEY}"' in html
    assert "<script>" not in html  # CSP: no inline script


@pytest.mark.parametrize("browsers", [1, 6])
def test_the_profile_page_costs_the_same_queries_however_many_browsers(
    client_a, user, browsers, django_assert_num_queries
):
    ProfileFactory(user=user)
    for n in range(browsers):
        subscribe_browser(user, f"https://push.example.org/{n}")
    # the person with their profile (the first request after signing in), browsers
    with django_assert_num_queries(2):
        response = client_a.get(URL)
    assert response.content.decode().count("reminders/push/") == browsers + 2
