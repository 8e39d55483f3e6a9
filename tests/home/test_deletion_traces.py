"""Deleting an account leaves no trace of the person: cached insights, log-in records, sessions."""

import datetime as dt

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from home.services import delete_account
from journal.services import journal_changed
from tests.factories import PASSWORD, JournalDayFactory, MoodCheckInFactory

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def cache_keys() -> set[str]:
    """Every key in the configured cache: Redis in CI's PostgreSQL run, local memory otherwise."""
    backend = cache._cache  # type: ignore[attr-defined]
    if hasattr(backend, "get_client"):
        return {key.decode() for key in backend.get_client().keys("*")}
    return set(backend.keys())


def a_month_of(user) -> None:
    for n in range(30):
        day = JournalDayFactory(user=user, date=dt.date(2024, 5, 1) + dt.timedelta(days=n), sleep_hours=6 + n % 3)
        MoodCheckInFactory(day=day, mood=1 + n % 5)


def look_at_insights(client: Client) -> None:
    for range_key in ("12", "26", "52", "all"):
        assert client.get(reverse("insights"), {"range": range_key}).status_code == 200
    assert client.get(reverse("insights_data")).status_code == 200


def test_deleting_an_account_removes_every_cache_entry_of_its_insights(
    user, other_user, django_capture_on_commit_callbacks
):
    a_month_of(other_user)
    bob = Client()
    bob.force_login(other_user)
    look_at_insights(bob)
    others_only = cache_keys()
    a_month_of(user)
    alice = Client()
    alice.force_login(user)
    look_at_insights(alice)
    assert cache_keys() > others_only
    with django_capture_on_commit_callbacks(execute=True):
        delete_account(user)
    assert cache_keys() == others_only


def test_a_stale_insights_entry_is_replaced_not_kept_beside_the_new_one(client_a, user):
    a_month_of(user)
    look_at_insights(client_a)
    first = cache_keys()
    JournalDayFactory(user=user, date=dt.date(2024, 6, 15), sleep_hours=8)

    journal_changed(user)
    look_at_insights(client_a)
    assert cache_keys() == first


def _fail(client: Client, username: str) -> None:
    client.post(LOGIN, {"username": username, "password": "wrong-guess"}, REMOTE_ADDR="203.0.113.7")


def _sign_in(client: Client, username: str) -> None:
    assert (
        client.post(LOGIN, {"username": username, "password": PASSWORD}, REMOTE_ADDR="203.0.113.7").status_code == 302
    )


def test_deleting_an_account_removes_its_log_in_records(user, other_user):
    for person in (user, other_user):
        client = Client()
        _fail(client, person.username)
        _fail(client, person.username)
        _sign_in(client, person.username)
        _fail(Client(), person.username)
        # Kept only with AXES_ENABLE_ACCESS_FAILURE_LOG; made here so its removal is checked too.
        AccessFailureLog.objects.create(
            username=person.username, ip_address="203.0.113.7", user_agent="test", locked_out=False
        )
    assert AccessLog.objects.filter(username=user.username).exists()
    assert AccessFailureLog.objects.filter(username=user.username).exists()
    assert AccessAttempt.objects.filter(username=user.username).exists()
    delete_account(user)
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        assert not model.objects.filter(username=user.username).exists()
        assert model.objects.filter(username=other_user.username).exists()


def sessions_of(user) -> int:
    return sum(1 for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk))


def test_deleting_an_account_ends_all_its_sessions(user, other_user):
    phone, laptop, bob = Client(), Client(), Client()
    for client, person in ((phone, user), (laptop, user), (bob, other_user)):
        _sign_in(client, person.username)
    assert sessions_of(user) == 2
    response = laptop.post(reverse("delete_account"), {"password": PASSWORD})
    assert response.status_code == 302
    assert sessions_of(user) == 0
    assert sessions_of(other_user) == 1
    assert phone.get(reverse("profile")).status_code == 302  # signed out on the other device too
    assert bob.get(reverse("profile")).status_code == 200


def test_deleting_an_account_forgets_its_password_reset_count(user, client, django_capture_on_commit_callbacks):
    client.post(reverse("password_reset"), {"email": user.email}, REMOTE_ADDR="203.0.113.7")
    before = cache_keys()
    with django_capture_on_commit_callbacks(execute=True):
        delete_account(user)
    assert len(before - cache_keys()) == 1
