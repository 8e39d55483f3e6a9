"""Two senders at the same moment send each reminder once.

On SQLite: two real `send_reminders --once` processes on one database file, mailing a local SMTP
server. On PostgreSQL (CI's second pass): two threads, each with its own connection, started together.
"""

import os
import secrets
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections

from reminders import services
from tests.factories import UserFactory
from tests.reminders.conftest import utc, wants_reminders

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = 40
SETUP = f"""
import datetime as dt
from django.contrib.auth import get_user_model
from accounts.models import Profile
User = get_user_model()
users = User.objects.bulk_create([User(username=f"p{{n}}", email=f"p{{n}}@example.org") for n in range({PEOPLE})])
Profile.objects.bulk_create(
    [Profile(user=u, time_zone="Europe/Berlin", reminder_time=dt.time(22, 0), reminder_email=True) for u in users]
)
"""


def manage(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def finish(process: subprocess.Popen) -> str:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err.decode()
    return out.decode()


@pytest.mark.skipif("sqlite" not in settings.DATABASES["default"]["ENGINE"], reason="the SQLite variant")
def test_two_sender_processes_on_one_sqlite_file_mail_each_person_once(tmp_path, smtp_server):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "journal.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CACHE_DIR": str(tmp_path / "cache"),
        "EMAIL_URL": f"smtp://127.0.0.1:{settings.EMAIL_PORT}",
    }
    finish(manage(env, "migrate", "--noinput", "-v0"))
    finish(manage(env, "shell", "-c", SETUP))
    senders = [manage(env, "send_reminders", "--once", "--now", "2026-12-01T21:00") for _ in range(2)]
    outputs = [finish(sender) for sender in senders]
    per_address = Counter(message["To"] for message in smtp_server.messages)
    assert len(per_address) == PEOPLE
    assert set(per_address.values()) == {1}
    assert sum(int(out.split(" claimed")[0].rsplit(" ", 1)[1]) for out in outputs) == PEOPLE
    again = [manage(env, "send_reminders", "--once", "--now", "2026-12-01T21:05") for _ in range(2)]
    for sender in again:
        finish(sender)
    assert len(smtp_server.messages) == PEOPLE


@pytest.mark.skipif("postgresql" not in settings.DATABASES["default"]["ENGINE"], reason="the PostgreSQL variant")
@pytest.mark.django_db(transaction=True)
def test_two_sender_threads_on_postgresql_mail_each_person_once(smtp_server):
    for _ in range(PEOPLE):
        wants_reminders(UserFactory(), "21:00")
    barrier = threading.Barrier(2)
    reports: list = []

    def sender() -> None:
        try:
            barrier.wait(timeout=30)
            reports.append(services.send_due(utc("2026-12-01T21:00")))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sum(report.claimed for report in reports) == PEOPLE
    assert set(Counter(message["To"] for message in smtp_server.messages).values()) == {1}
    assert len(smtp_server.messages) == PEOPLE
