"""send_reminders (--once, --now) and vapid_keys, run as a person would run them."""

import base64
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from py_vapid import Vapid

from reminders.management.commands.send_reminders import parse_moment
from reminders.models import Reminder
from tests.reminders.conftest import utc, wants_reminders

pytestmark = pytest.mark.django_db


def test_once_with_now_sends_what_is_due_at_that_moment_and_exits(user):
    wants_reminders(user, "21:05")
    out = io.StringIO()
    call_command("send_reminders", "--once", "--now", "2026-12-01T21:05", stdout=out)
    assert "1 sent" in out.getvalue()
    assert len(mail.outbox) == 1
    assert Reminder.objects.get().local_date.isoformat() == "2026-12-01"


def test_now_with_an_offset_is_turned_into_utc():
    assert parse_moment("2026-12-01T22:05+01:00") == utc("2026-12-01T21:05")
    assert parse_moment("2026-12-01T21:05") == utc("2026-12-01T21:05")


def test_a_malformed_now_is_refused_with_one_line_and_sends_nothing(user):
    wants_reminders(user, "21:05")
    with pytest.raises(CommandError, match="--now must be an ISO 8601 moment"):
        call_command("send_reminders", "--once", "--now", "yesterday evening")
    assert not Reminder.objects.exists()


def test_vapid_keys_prints_a_pair_pywebpush_and_browsers_accept():
    out = io.StringIO()
    call_command("vapid_keys", stdout=out)
    lines = dict(line.split("=", 1) for line in out.getvalue().split())
    vapid = Vapid.from_string(lines["VAPID_PRIVATE_KEY"])
    public = base64.urlsafe_b64decode(lines["VAPID_PUBLIC_KEY"] + "==")
    assert len(public) == 65 and public[0] == 4
    assert vapid.public_key.public_numbers().x.to_bytes(32, "big") == public[1:33]
