"""Reminder settings and browsers in the JSON backup, and gone with the account."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from accounts.models import profile_for
from reminders.models import Delivery, PushSubscription, Reminder
from reminders.services import send_due
from tests.factories import PASSWORD, UserFactory
from tests.reminders.conftest import subscribe_browser, utc, wants_reminders
from transfer.formats import ImportRejected
from transfer.full_json import export_document, export_json
from transfer.services import parse_file, run_import

pytestmark = pytest.mark.django_db


def restore(user, data: str, replace: bool = False):
    return run_import(user, parse_file(user, data.encode(), "json"), replace=replace)


def comparable(user) -> dict:
    document = export_document(user)
    document.pop("exported_at")
    return document


def test_the_backup_holds_the_reminder_time_email_and_browsers(user):
    wants_reminders(user, "07:45")
    subscribe_browser(user, "https://push.example.org/phone")
    document = export_document(user)["reminders"]
    assert document["time"] == "07:45"
    assert document["email"] is True
    assert [p["endpoint"] for p in document["push"]] == ["https://push.example.org/phone"]
    assert set(document["push"][0]) == {"endpoint", "p256dh", "auth"}


def delete_account(client, user) -> None:
    """Through the page, as a person would: the deletion code may move between apps, the URL stays."""
    client.force_login(user)
    assert client.post(reverse("delete_account"), {"password": PASSWORD}).status_code == 302


def test_export_delete_sign_up_import_gives_an_equal_export(client, user):
    wants_reminders(user, "07:45", "Europe/Berlin")
    subscribe_browser(user, "https://push.example.org/phone")
    backup = export_json(user)
    first = comparable(user)
    delete_account(client, user)
    assert not PushSubscription.objects.exists()
    newcomer = UserFactory(username="alice")
    restore(newcomer, backup)
    assert comparable(newcomer) == first


def test_a_backup_without_reminders_leaves_them_as_they_are(user):
    wants_reminders(user, "07:45")
    document = export_document(user)
    document.pop("reminders")
    restore(user, json.dumps(document))
    assert profile_for(user).reminder_time == dt.time(7, 45)


def test_a_browser_another_account_has_is_not_taken_over(user, other_user):
    subscribe_browser(user, "https://push.example.org/shared")
    document = export_document(user)
    restore(other_user, json.dumps(document))
    assert PushSubscription.objects.get().user == user


@pytest.mark.parametrize(
    ("reminders", "path"),
    [
        ({"time": "25:00", "email": True, "push": []}, "reminders.time"),
        ({"time": "21:00", "email": "yes", "push": []}, "reminders.email"),
        ({"time": None, "email": False, "push": [{"endpoint": "https://push.example.org/x"}]}, "reminders.push[0]"),
    ],
)
def test_bad_reminder_settings_in_a_backup_are_refused_and_nothing_is_written(user, reminders, path):
    document = export_document(user)
    document["reminders"] = reminders
    with pytest.raises(ImportRejected) as caught:
        restore(user, json.dumps(document))
    assert path in str([e.__dict__ for e in caught.value.errors])
    assert profile_for(user).reminder_time is None
    assert not PushSubscription.objects.exists()


def test_reminders_sent_go_with_the_account(client, user):
    wants_reminders(user, "21:00")
    subscribe_browser(user, "http://127.0.0.1:9/push")
    send_due(utc("2026-12-01T21:00"))
    assert Reminder.objects.exists() and Delivery.objects.exists()
    delete_account(client, user)
    assert not (Reminder.objects.exists() or Delivery.objects.exists() or PushSubscription.objects.exists())
