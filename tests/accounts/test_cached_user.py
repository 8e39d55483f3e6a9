"""The signed-in person read from the cache (accounts/backends.py): fewer queries, never a stale account.

Each test signs in through the login page (as a person does), so the session names the cached backend."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import profile_for
from accounts.types import User
from reminders.services import stop_reminder_emails
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

PROFILE = reverse("profile")


@pytest.fixture
def signed_in(user) -> Client:
    profile_for(user)
    client = Client()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302 and client.session[SESSION_KEY] == str(user.pk)
    return client


def test_a_signed_in_page_asks_the_database_for_neither_the_person_nor_their_profile(signed_in):
    with CaptureQueriesContext(connection) as first:
        assert signed_in.get(reverse("history")).status_code == 200
    with CaptureQueriesContext(connection) as later:
        assert signed_in.get(reverse("history")).status_code == 200

    person = [q["sql"] for q in first.captured_queries if "auth_user" in q["sql"] or "accounts_profile" in q["sql"]]
    assert len(person) == 1  # the person and their profile, in one query, once
    assert len(later) == len(first) - 1
    assert not any("auth_user" in q["sql"] or "accounts_profile" in q["sql"] for q in later.captured_queries)


def test_a_password_changed_elsewhere_signs_this_session_out(signed_in, user):
    assert signed_in.get(PROFILE).status_code == 200

    user.set_password("a-new-long-password-42")
    user.save()

    response = signed_in.get(PROFILE)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_deactivated_account_is_signed_out_at_once(signed_in, user):
    assert signed_in.get(PROFILE).status_code == 200

    account = User.objects.get(pk=user.pk)
    account.is_active = False
    account.save()

    assert signed_in.get(PROFILE).status_code == 302


def test_a_deleted_account_is_signed_out_at_once(signed_in, user):
    assert signed_in.get(PROFILE).status_code == 200

    User.objects.get(pk=user.pk).delete()

    assert signed_in.get(PROFILE).status_code == 302


def test_a_new_name_shows_in_the_menu_on_the_next_page(signed_in, user):
    signed_in.get(PROFILE)
    profile = profile_for(User.objects.get(pk=user.pk))
    profile.display_name = "Ada L."
    profile.save()

    assert "Ada L." in signed_in.get(reverse("history")).content.decode()


def test_the_one_click_unsubscribe_shows_on_the_profile_page_at_once(signed_in, user):
    profile = profile_for(User.objects.get(pk=user.pk))
    profile.reminder_email = True
    profile.save()
    assert _reminder_box(signed_in.get(PROFILE).content.decode()).count("checked") == 1

    assert stop_reminder_emails(user.pk)

    assert "checked" not in _reminder_box(signed_in.get(PROFILE).content.decode())


def _reminder_box(html: str) -> str:
    """The reminder e-mail checkbox's own tag."""
    return re.search(r'<input[^>]*name="reminder_email"[^>]*>', html).group(0)


def test_one_persons_cached_account_never_serves_another(signed_in, user, other_user):
    other = Client()
    other.post(reverse("login"), {"username": other_user.username, "password": PASSWORD})
    profile = profile_for(User.objects.get(pk=other_user.pk))
    profile.display_name = "Bob B."
    profile.save()
    signed_in.get(PROFILE)

    assert "Bob B." in other.get(reverse("history")).content.decode()
    assert "Bob B." not in signed_in.get(reverse("history")).content.decode()
