"""The two ways out: email through Django's configured backend, and Web Push with VAPID (pywebpush).

Each returns an Outcome per message and never raises for one failed message, so one bad address
or push service never stops the others.
"""

import contextlib
import enum
import functools
import json
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from email.header import Header
from threading import local

import requests
from django.conf import settings
from django.core import mail
from django.templatetags.static import static
from django.urls import reverse
from pywebpush import WebPushException, webpush

from reminders import tokens, wording

log = logging.getLogger(__name__)
EMAIL_CONNECTIONS = 4  # SMTP connections a pass uses at once
SMALL_BATCH = 200  # fewer messages than this go over one connection
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


def send_emails(emails: Sequence[Email]) -> list[Result]:
    """Built here (in this thread's language), sent over a few SMTP connections at once: most of a message's
    time is spent waiting for the server's replies, and that waiting can overlap."""
    if not emails:
        return []
    messages = [(email.user_id, build_email(email)) for email in emails]
    size = max(SMALL_BATCH, -(-len(messages) // EMAIL_CONNECTIONS))
    batches = [messages[start : start + size] for start in range(0, len(messages), size)]
    if len(batches) == 1:
        return _send_on_one_connection(batches[0])
    with ThreadPoolExecutor(max_workers=len(batches)) as pool:
        return [result for batch in pool.map(_send_on_one_connection, batches) for result in batch]


def _send_on_one_connection(messages: list[tuple[int, mail.EmailMessage]]) -> list[Result]:
    """One connection for the batch; a refused message fails alone, a dead server fails them all."""
    try:
        connection = mail.get_connection(fail_silently=False)
        connection.open()
    except Exception as exc:
        log.warning("reminder email: cannot reach the mail server: %s", exc)
        return [Result(Outcome.FAILED, _short(exc))] * len(messages)
    results = []
    try:
        for user_id, message in messages:
            try:
                connection.send_messages([message])
                results.append(Result(Outcome.SENT))
            except Exception as exc:
                log.warning("reminder email to user %s failed: %s", user_id, exc)
                results.append(Result(Outcome.FAILED, _short(exc)))
    finally:
        with contextlib.suppress(Exception):  # the messages are out; a failed QUIT changes nothing
            connection.close()
    return results


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


def push_one(subscription_info: dict, payload: str) -> Result:
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


def push_many(jobs: Sequence[tuple[dict, str]], push: Callable[[dict, str], Result] = push_one) -> list[Result]:
    """Each (subscription_info, payload) on a small thread pool; results in the order given."""
    if not jobs:
        return []
    with ThreadPoolExecutor(max_workers=min(PUSH_THREADS, len(jobs))) as pool:
        return list(pool.map(lambda job: push(*job), jobs))


def _short(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:200]
