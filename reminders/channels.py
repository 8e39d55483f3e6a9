"""The two ways out: email through Django's configured backend, and Web Push with VAPID (pywebpush).

Each returns an Outcome per message and never raises for one failed message, so one bad address
or push service never stops the others.
"""

import contextlib
import enum
import functools
import json
import logging
import smtplib
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from email.header import Header
from threading import Lock, local
from typing import Any

import requests
from django.conf import settings
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.templatetags.static import static
from django.urls import reverse
from pywebpush import WebPushException, webpush

from reminders import tokens, wording

log = logging.getLogger(__name__)
EMAIL_CONNECTIONS = 4  # SMTP connections a pass keeps open at once
PUSH_TIMEOUT = 10  # seconds per push service request
PUSH_THREADS = 8  # push services answer slowly; a few at once keep one slow service from holding up the pass
PUSH_TTL = 6 * 60 * 60  # a reminder that waits longer than six hours at the push service is no use


class Outcome(enum.Enum):
    SENT = "sent"
    GONE = "gone"  # the push service says this browser unsubscribed (404/410): forget it
    FAILED = "failed"  # try again later


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    error: str = ""


@dataclass(frozen=True)
class Email:
    user_id: int
    address: str
    name: str
    message: wording.Message
    checkins: tuple[str, ...] = ()


def unsubscribe_url(user_id: int) -> str:
    return settings.SITE_URL + _unsubscribe_path().replace("/-/", f"/{tokens.make(user_id)}/")


@functools.cache
def _unsubscribe_path() -> str:
    return reverse("reminders_unsubscribe", args=["-"])


@functools.lru_cache(maxsize=64)
def _encoded_subject(subject: str) -> str:
    """The subject in its RFC 2047 form, worked out once per wording: a pass sends thousands of messages
    with the same few subjects, and encoding the non-ASCII dash in the app's name is most of a message's cost."""
    return Header(subject, "utf-8").encode()


def build_email(email: Email) -> mail.EmailMessage:
    link = unsubscribe_url(email.user_id)
    body = wording.email_text(
        email.message, name=email.name, site_url=settings.SITE_URL, unsubscribe_url=link, checkins=list(email.checkins)
    )
    headers = {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return mail.EmailMessage(_encoded_subject(email.message.subject), body, to=[email.address], headers=headers)


class Outbox:
    """Sends while the caller goes on with its database work: each email over one of EMAIL_CONNECTIONS
    SMTP connections kept open for the whole pass (one per worker thread), each push on PUSH_THREADS
    threads. The caller builds each email (in its own language) and gets a Future per message; the
    workers touch no database. Use it as a context manager: leaving it waits for every message and
    closes the connections.
    """

    def __init__(self, push: Callable[[dict[str, Any], str], Result] | None = None) -> None:
        self._push = push or push_one
        self._email_pool = ThreadPoolExecutor(EMAIL_CONNECTIONS, thread_name_prefix="reminder-smtp")
        self._push_pool = ThreadPoolExecutor(PUSH_THREADS, thread_name_prefix="reminder-push")
        self._local = local()
        self._lock = Lock()
        self._connections: list[BaseEmailBackend] = []
        self._down = ""  # why the mail server could not be reached; the rest of the pass fails fast

    def __enter__(self) -> "Outbox":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def email(self, email: Email) -> "Future[Result]":
        return self._email_pool.submit(self._send_email, email.user_id, build_email(email))

    def push(self, subscription_info: dict[str, Any], payload: str) -> "Future[Result]":
        return self._push_pool.submit(self._push, subscription_info, payload)

    def close(self) -> None:
        self._email_pool.shutdown(wait=True)
        self._push_pool.shutdown(wait=True)
        for connection in self._connections:
            with contextlib.suppress(Exception):  # the messages are out; a failed QUIT changes nothing
                connection.close()

    def _connection(self) -> BaseEmailBackend:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = mail.get_connection(fail_silently=False)
            with self._lock:
                self._connections.append(connection)
        return connection

    def _send_email(self, user_id: int, message: mail.EmailMessage) -> Result:
        """A refused message fails alone; a server that cannot be reached fails the rest of the pass."""
        if self._down:
            return Result(Outcome.FAILED, self._down)
        connection = self._connection()
        try:
            connection.open()  # opens once per worker; a no-op while the connection lives
        except Exception as exc:
            log.warning("reminder email: cannot reach the mail server: %s", exc)
            self._down = _short(exc)
            return Result(Outcome.FAILED, self._down)
        try:
            connection.send_messages([message])
        except Exception as exc:
            log.warning("reminder email to user %s failed: %s", user_id, exc)
            if isinstance(exc, smtplib.SMTPServerDisconnected | OSError):
                with contextlib.suppress(Exception):
                    connection.close()  # the next message on this worker connects again
            return Result(Outcome.FAILED, _short(exc))
        return Result(Outcome.SENT)


def send_emails(emails: Sequence[Email]) -> list[Result]:
    """A few emails now (the profile's test message), results in the order given."""
    with Outbox() as outbox:
        futures = [outbox.email(email) for email in emails]
    return [future.result() for future in futures]


def push_payload(message: wording.Message) -> str:
    icon = static("icons/icon-192.png")
    return json.dumps(
        {"title": message.title, "body": message.body, "url": message.path, "tag": "reminder", "icon": icon}
    )


_sessions = local()


def _session() -> requests.Session:
    """One keep-alive session per thread: most subscriptions share a handful of push services."""
    if not hasattr(_sessions, "session"):
        _sessions.session = requests.Session()
    return _sessions.session


def push_one(subscription_info: dict[str, Any], payload: str) -> Result:
    if not settings.VAPID_PRIVATE_KEY:
        return Result(Outcome.FAILED, "push is not set up on this server (VAPID keys)")
    try:
        webpush(
            subscription_info,
            data=payload,
            vapid_private_key=settings.VAPID_PRIVATE_KEY,
            vapid_claims={"sub": settings.VAPID_SUBJECT},
            timeout=PUSH_TIMEOUT,
            ttl=PUSH_TTL,
            requests_session=_session(),
        )
    except WebPushException as exc:
        status = exc.response.status_code if exc.response is not None else None
        if status in (404, 410):
            return Result(Outcome.GONE, f"push service answered {status}")
        return Result(Outcome.FAILED, f"push service answered {status}" if status else _short(exc))
    except Exception as exc:  # a refused connection, a timeout, a malformed key
        return Result(Outcome.FAILED, _short(exc))
    return Result(Outcome.SENT)


def push_many(
    jobs: Sequence[tuple[dict[str, Any], str]], push: Callable[[dict[str, Any], str], Result] = push_one
) -> list[Result]:
    """Each (subscription_info, payload) on the push threads; results in the order given."""
    with Outbox(push) as outbox:
        futures = [outbox.push(info, payload) for info, payload in jobs]
    return [future.result() for future in futures]


def _short(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:200]
