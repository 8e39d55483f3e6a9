"""Reminder email through a real SMTP server on loopback, and its one-click unsubscribe (RFC 8058)."""

import re

import pytest

from accounts.models import Profile
from reminders import services, tokens
from tests.reminders.conftest import utc, wants_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(settings):
    settings.SITE_URL = "https://journal.example.org"
    return settings.SITE_URL


def unsubscribe_link(message) -> str:
    return re.fullmatch(r"<(.+)>", message["List-Unsubscribe"].strip()).group(1)


def test_the_reminder_arrives_with_the_apps_name_and_the_today_link(smtp_server, site, user):
    wants_reminders(user, "21:00")
    assert services.send_due(utc("2026-12-01T21:00")).sent == 1
    [message] = smtp_server.to(user.email)
    assert message["Subject"].startswith("Gut–Mood Journal")
    body = message.get_content()
    assert f"{site}/today/" in body
    assert unsubscribe_link(message) in body


def test_the_reminder_carries_one_click_unsubscribe_headers(smtp_server, site, user):
    wants_reminders(user, "21:00")
    services.send_due(utc("2026-12-01T21:00"))
    [message] = smtp_server.to(user.email)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_link(message).startswith(f"{site}/reminders/unsubscribe/")


def test_a_post_to_the_link_unsubscribes_without_signing_in(smtp_server, site, client, user):
    wants_reminders(user, "21:00")
    services.send_due(utc("2026-12-01T21:00"))
    path = unsubscribe_link(smtp_server.to(user.email)[0]).removeprefix(site)
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Profile.objects.get(user=user).reminder_email is False
    assert services.send_due(utc("2026-12-02T21:00")).sent == 0


def test_a_get_only_asks_for_confirmation(client, user):
    wants_reminders(user, "21:00")
    response = client.get(f"/reminders/unsubscribe/{tokens.make(user.pk)}/")
    assert response.status_code == 200
    assert b"Stop reminder emails" in response.content
    assert Profile.objects.get(user=user).reminder_email is True


def test_a_link_altered_by_one_character_is_refused_and_changes_nothing(client, user):
    wants_reminders(user, "21:00")
    token = tokens.make(user.pk)
    altered = token[:-1] + ("A" if token[-1] != "A" else "B")
    response = client.post(f"/reminders/unsubscribe/{altered}/")
    assert response.status_code == 400
    assert b"does not work" in response.content
    assert Profile.objects.get(user=user).reminder_email is True


def test_a_token_for_another_person_cannot_be_made_by_changing_the_id(client, user, other_user):
    wants_reminders(other_user, "21:00")
    token = tokens.make(user.pk)
    forged = f"{other_user.pk}:{token.split(':', 1)[1]}"
    assert client.post(f"/reminders/unsubscribe/{forged}/").status_code == 400
    assert Profile.objects.get(user=other_user).reminder_email is True


def test_one_refused_address_does_not_stop_the_others(smtp_server, user, other_user):
    wants_reminders(user, "21:00")
    wants_reminders(other_user, "21:00")
    type(user).objects.filter(pk=user.pk).update(email="not-an-address@@")
    report = services.send_due(utc("2026-12-01T21:00"))
    assert (report.sent, report.failed) == (1, 1)
    assert len(smtp_server.to(other_user.email)) == 1


def test_the_test_button_sends_an_email_now(smtp_server, client_a, user):
    wants_reminders(user, "21:00")
    response = client_a.post("/reminders/test/", follow=True)
    assert b"A test email is on its way" in response.content
    [message] = smtp_server.to(user.email)
    assert message["Subject"].startswith("Gut–Mood Journal")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_test_button_says_when_there_is_nothing_to_send(client_a, user):
    wants_reminders(user, "21:00", by_email=False)
    response = client_a.post("/reminders/test/", follow=True)
    assert b"Nothing to send yet" in response.content


def test_the_test_button_needs_a_post(client_a):
    assert client_a.get("/reminders/test/").status_code == 405
