"""The reminder sender (PRODUCT 3.10): a long-lived process that makes one pass a minute.

`--once` makes one pass and exits (for cron); `--now` makes the passes as if at that UTC moment,
for tests and for catching up after an outage.
"""

import logging
import sys
import time
from datetime import UTC, datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections
from django.utils import timezone

from reminders import services

log = logging.getLogger(__name__)


def parse_moment(value: str) -> datetime:
    """ISO 8601; a moment without an offset is UTC."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--now must be an ISO 8601 moment like 2026-12-01T21:05, not {value!r}") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class Command(BaseCommand):
    help = "Sends the daily reminders that are due: every minute, or once with --once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="make one pass and exit")
        parser.add_argument("--now", help="act as if it were this UTC moment (ISO 8601, e.g. 2026-12-01T21:05)")

    def handle(self, *args: Any, **options: Any) -> None:
        previous = sys.getswitchinterval()
        sys.setswitchinterval(services.SENDER_SWITCH_INTERVAL)
        try:
            self._run(options)
        finally:
            sys.setswitchinterval(previous)

    def _run(self, options: dict[str, Any]) -> None:
        fixed = parse_moment(options["now"]) if options["now"] else None
        if options["once"]:
            self._pass(fixed or timezone.now(), fail=True)
            return
        self.stdout.write("Sending reminders every minute; stop with Ctrl-C.")
        started = time.monotonic()
        while True:
            close_old_connections()  # a long-lived process: drop a connection the database has closed
            now = fixed.timestamp() + (time.monotonic() - started) if fixed else time.time()
            self._pass(datetime.fromtimestamp(now, UTC), fail=False)
            try:
                time.sleep(60 - time.time() % 60)  # wake at the start of the next minute
            except KeyboardInterrupt:
                return

    def _pass(self, now: datetime, fail: bool) -> None:
        try:
            report = services.send_due(now)
        except Exception as exc:
            if fail:
                raise CommandError(f"reminder pass failed: {exc}") from exc
            log.exception("reminder pass at %s failed; trying again next minute", now.isoformat())
            return
        if fail or report.due or report.retried:
            self.stdout.write(f"{now.isoformat(timespec='minutes')}: {report}")
