"""/ and /today/: a product page for visitors, today's status and the week for a signed-in person."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from accounts.models import today_for
from tests.factories import JournalDayFactory, MoodCheckInFactory, ProfileFactory


def test_visitors_see_what_it_is_and_how_to_join(client, db):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("signup") in html and reverse("login") in html
    assert "private" in html.lower()


def test_a_signed_in_person_not_logged_today_is_invited_to(client_a, user):
    html = client_a.get("/").content.decode()
    assert "Not logged yet" in html and "Log today" in html


def test_a_signed_in_person_who_logged_today_sees_it(client_a, user):
    JournalDayFactory(user=user, date=today_for(user))
    html = client_a.get("/").content.decode()
    assert "Logged." in html and "Edit today" in html


def test_the_last_seven_days_are_shown_with_missing_days(client_a, user):
    today = today_for(user)
    day = JournalDayFactory(user=user, date=today - dt.timedelta(days=2), sleep_hours=Decimal("8"))
    MoodCheckInFactory(day=day, mood=5)
    JournalDayFactory(user=user, date=today - dt.timedelta(days=8))  # outside the week
    html = client_a.get("/").content.decode()
    assert html.count('class="history-day') == 7
    assert "5/5" in html and "8 h" in html
    assert html.count("Not logged: tap to log") == 6


def test_days_logged_this_week_count_from_monday(client_a, user):
    today = today_for(user)
    monday = today - dt.timedelta(days=today.weekday())
    JournalDayFactory(user=user, date=monday)
    JournalDayFactory(user=user, date=monday - dt.timedelta(days=1))  # last Sunday
    html = client_a.get("/").content.decode()
    assert "1 day logged this week" in html


def test_today_redirects_to_today_in_the_users_zone(client_a, user):
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):
        ProfileFactory(user=user, time_zone=zone)
        user.profile.time_zone = zone
        user.profile.save()
        response = client_a.get("/today/")
        assert response.status_code == 302
        assert response["Location"] == reverse("day", args=[today_for(user)])


def test_the_two_zones_can_disagree_about_today(user):
    ProfileFactory(user=user, time_zone="Pacific/Kiritimati")
    east = today_for(user)
    user.profile.time_zone = "Pacific/Pago_Pago"
    user.profile.save()
    assert (east - today_for(user)).days >= 1  # 25 hours apart
