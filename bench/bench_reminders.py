"""One reminder sender pass for 10,000 people whose reminders fall in the same minute.

Every one of them is mailed through Django's SMTP backend to a local aiosmtpd server on
127.0.0.1 (real SMTP on loopback, four connections kept open for the pass), so the figure includes building,
signing and sending each message. People are spread over five time zones whose local reminder time
is the same UTC minute. Runs against a throwaway test database on whatever DATABASE_URL names
(SQLite by default). Aim: the pass ends inside its minute (< 60 s).
"""

import datetime as dt
import multiprocessing
import os
import socket
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")

import django

django.setup()

from aiosmtpd.controller import Controller  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402

from accounts.models import Profile  # noqa: E402
from reminders.services import SENDER_SWITCH_INTERVAL, send_due  # noqa: E402

PEOPLE = int(os.environ.get("BENCH_PEOPLE", "10000"))  # BENCH_PEOPLE=2000 for a quick profile
NOW = dt.datetime(2026, 12, 1, 21, 0, tzinfo=dt.UTC)
ZONES = {"UTC": "21:00", "Europe/Berlin": "22:00", "America/New_York": "16:00", "Asia/Tokyo": "06:00"}
ZONES["Asia/Kolkata"] = "02:30"


class Counter:
    def __init__(self, count, cpu) -> None:
        self.count, self.cpu = count, cpu

    async def handle_DATA(self, server, session, envelope):
        with self.count.get_lock():
            self.count.value += 1
        self.cpu.value = time.process_time()  # the server's own CPU time so far, to tell its cost from ours
        return "250 OK"


def serve_smtp(port: int, count, cpu, ready) -> None:
    """The mail server in a process of its own, as a real relay would be: it never competes for our GIL."""
    controller = Controller(Counter(count, cpu), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    threading.Event().wait()


def people() -> None:
    user_model = get_user_model()
    users = user_model.objects.bulk_create(
        [user_model(username=f"r{n}", email=f"r{n}@example.org") for n in range(PEOPLE)], batch_size=2000
    )
    zones = list(ZONES.items())
    profiles = []
    for n, user in enumerate(users):
        zone, at = zones[n % len(zones)]
        profiles.append(
            Profile(user=user, time_zone=zone, reminder_time=dt.time.fromisoformat(at), reminder_email=True)
        )
    Profile.objects.bulk_create(profiles, batch_size=2000)


def main() -> None:
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    received, server_cpu, ready = (
        multiprocessing.Value("i", 0),
        multiprocessing.Value("d", 0.0),
        multiprocessing.Event(),
    )
    server = multiprocessing.Process(target=serve_smtp, args=(port, received, server_cpu, ready), daemon=True)
    server.start()
    ready.wait(30)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    try:
        print(f"database: {connection.vendor}; email: SMTP to aiosmtpd (its own process) on 127.0.0.1:{port}")
        started = time.perf_counter()
        people()
        print(f"  set-up: {PEOPLE:,} people with reminders at 21:00 UTC in {time.perf_counter() - started:.1f} s")
        sys.setswitchinterval(SENDER_SWITCH_INTERVAL)  # as send_reminders sets it for its process
        wall, cpu, server_start = time.perf_counter(), time.process_time(), server_cpu.value
        report = send_due(NOW)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(
            f"  one sender pass: wall {wall:.1f} s, cpu {cpu:.1f} s, {report}; {received.value:,} emails received"
            f" (aim < 60 s: {'met' if wall < 60 and received.value == PEOPLE else 'MISSED'})"
            f"; mail server's own cpu {server_cpu.value - server_start:.1f} s; load average {os.getloadavg()[0]:.1f}"
        )
        again = time.perf_counter()
        second = send_due(NOW + dt.timedelta(minutes=1))
        print(f"  the next minute's pass: {time.perf_counter() - again:.1f} s, {second.sent} sent (aim: 0)")
    finally:
        server.terminate()
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
