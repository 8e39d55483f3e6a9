"""Reminder writes: browsers subscribing, emails switched off, and the sender's pass.

Exactly once: a pass first inserts a Reminder row per person and local date with its own claim
token (INSERT ... ON CONFLICT DO NOTHING / INSERT OR IGNORE), then reads back the rows carrying its
token. Only those are sent, so a second sender running at the same moment finds the rows already
there and sends nothing for them. A delivery that failed is taken for a retry by a conditional
UPDATE of its next_try_at, which again only one pass can win.
"""

import logging
import uuid
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F

from accounts.backends import forget_signed_in_user
from accounts.models import Profile, profile_for
from accounts.types import User
from journal.queries import logged_days
from reminders import channels, queries, wording
from reminders.models import Delivery, PushSubscription, Reminder

log = logging.getLogger(__name__)
# The sender process hands the GIL on every millisecond rather than every five: its SMTP threads wait on the
# server's replies, and with the default each reply waits up to 5 ms for the claiming thread to let go.
SENDER_SWITCH_INTERVAL = 0.001
LEASE = timedelta(minutes=5)  # how long a pass holds a delivery it is sending before others may retry it
MAX_ATTEMPTS = 5
RETRY_BATCH = 1000


@dataclass
class PassReport:
    due: int = 0
    claimed: int = 0
    sent: int = 0
    failed: int = 0
    gone: int = 0
    retried: int = 0

    def __str__(self) -> str:
        return (
            f"{self.due} due, {self.claimed} claimed, {self.sent} sent, {self.failed} failed, "
            f"{self.gone} browsers gone, {self.retried} retried"
        )


@dataclass
class _Job:
    delivery: Delivery
    give_up_at: datetime
    email: channels.Email | None = None
    push: tuple[dict[str, Any], str] | None = None


@transaction.atomic
def subscribe(user: User, *, endpoint: str, p256dh: str, auth: str, browser: str = "") -> tuple[PushSubscription, bool]:
    """Adds this browser, or updates its keys. A browser another account used moves to this one:
    it is the same device, and its notifications should follow whoever signs in there now."""
    return PushSubscription.objects.update_or_create(
        endpoint=endpoint, defaults={"user": user, "p256dh": p256dh, "auth": auth, "browser": browser[:120]}
    )


def unsubscribe(user: User, endpoint: str) -> bool:
    deleted, _ = queries.subscriptions_for(user).filter(endpoint=endpoint).delete()
    return bool(deleted)


def remove_subscription(subscription: PushSubscription) -> None:
    subscription.delete()


def stop_reminder_emails(user_id: int) -> bool:
    """The one-click unsubscribe: reminder emails off, nothing else changed. False when no such person."""
    stopped = bool(Profile.objects.filter(user_id=user_id).update(reminder_email=False))
    forget_signed_in_user(user_id)  # an update() skips the profile's save and its signals
    return stopped


def send_due(now: datetime) -> PassReport:
    """One sender pass at `now`: new reminders, then retries that have come due.

    The claims and every write stay on this thread; the messages go out on the outbox's workers while
    this thread claims the next 500 people, and each result is written as soon as it is in.
    """
    report = PassReport()
    due = queries.due_reminders(now)
    report.due = len(due)
    with channels.Outbox() as outbox:
        sending: list[tuple[_Job, Future[channels.Result]]] = []
        for chunk in queries.chunks(due):
            sending += [(job, _send(outbox, job)) for job in _claim(chunk, now, report)]
            sending = _record(sending, now, report, wait=False)
        sending += [(job, _send(outbox, job)) for job in _take_retries(now, report)]
        _record(sending, now, report, wait=True)
    return report


def _send(outbox: channels.Outbox, job: _Job) -> Future[channels.Result]:
    if job.email is not None:
        return outbox.email(job.email)
    assert job.push is not None
    return outbox.push(*job.push)


def _claim(due: list[queries.Due], now: datetime, report: PassReport) -> list[_Job]:
    """Claims these people's reminders for this pass; the jobs for those it won, their deliveries saved."""
    if not due:
        return []
    token = uuid.uuid4()
    rows = [
        Reminder(
            user_id=d.user_id,
            local_date=d.local_date,
            daily=d.daily,
            checkins=",".join(d.checkins),
            due_at=d.due_at,
            give_up_at=d.give_up_at,
            claim=token,
            created_at=now,
        )
        for d in due
    ]
    Reminder.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    mine = dict(Reminder.objects.filter(claim=token).values_list("user_id", "pk"))
    report.claimed += len(mine)
    claimed = [d for d in due if d.user_id in mine]
    jobs: list[_Job] = []
    subscriptions = _subscriptions_of([d.user_id for d in claimed])
    for d in claimed:
        message = wording.reminder_message(daily=d.daily, checkins=d.checkins, local_date=d.local_date)
        if d.email:
            delivery = Delivery(reminder_id=mine[d.user_id], channel=Delivery.Channel.EMAIL, next_try_at=now + LEASE)
            email = channels.Email(d.user_id, d.email, d.name, message, tuple(d.checkins))
            jobs.append(_Job(delivery, d.give_up_at, email=email))
        for subscription in subscriptions.get(d.user_id, []):
            delivery = Delivery(
                reminder_id=mine[d.user_id],
                channel=Delivery.Channel.PUSH,
                subscription=subscription,
                next_try_at=now + LEASE,
            )
            push = (subscription.as_webpush(), channels.push_payload(message))
            jobs.append(_Job(delivery, d.give_up_at, push=push))
    Delivery.objects.bulk_create([job.delivery for job in jobs], batch_size=500)
    return jobs


def _subscriptions_of(user_ids: list[int]) -> dict[int, list[PushSubscription]]:
    found: dict[int, list[PushSubscription]] = {}
    for start in range(0, len(user_ids), queries.CHUNK):
        for subscription in PushSubscription.objects.filter(user_id__in=user_ids[start : start + queries.CHUNK]):
            found.setdefault(subscription.user_id, []).append(subscription)
    return found


def _take_retries(now: datetime, report: PassReport) -> list[_Job]:
    """Failed deliveries whose back-off is over, each taken by a conditional update only one pass can win."""
    jobs = []
    for delivery in queries.deliveries_to_retry(now).select_related("reminder__user__profile")[:RETRY_BATCH]:
        taken = Delivery.objects.filter(
            pk=delivery.pk, status=Delivery.Status.PENDING, next_try_at=delivery.next_try_at
        ).update(next_try_at=now + LEASE)
        if not taken:
            continue
        job = _retry_job(delivery, now)
        if job is not None:
            jobs.append(job)
            report.retried += 1
    return jobs


def _retry_job(delivery: Delivery, now: datetime) -> _Job | None:
    reminder, user = delivery.reminder, delivery.reminder.user
    profile = profile_for(user)
    checkins = [c for c in reminder.checkins.split(",") if c]
    if (
        now >= reminder.give_up_at
        or not user.is_active  # the account was closed since: its deletion is on its way
        or (delivery.channel == Delivery.Channel.EMAIL and not profile.reminder_email)
        or (not checkins and logged_days([(user.pk, reminder.local_date)]))  # logged since the first try
    ):
        delivery.status, delivery.last_error = Delivery.Status.FAILED, "no longer to be sent"
        delivery.save(update_fields=["status", "last_error"])
        return None
    message = wording.reminder_message(daily=reminder.daily, checkins=checkins, local_date=reminder.local_date)
    if delivery.channel == Delivery.Channel.EMAIL:
        name = profile.display_name or user.get_username()
        email = channels.Email(user.pk, user.email, name, message, tuple(checkins))
        return _Job(delivery, reminder.give_up_at, email=email)
    assert delivery.subscription is not None  # a push delivery always names its browser
    push = (delivery.subscription.as_webpush(), channels.push_payload(message))
    return _Job(delivery, reminder.give_up_at, push=push)


def _record(
    sending: list[tuple[_Job, Future[channels.Result]]], now: datetime, report: PassReport, *, wait: bool
) -> list[tuple[_Job, Future[channels.Result]]]:
    """Writes the outcome of the messages that are through, once there are CHUNK of them (all of them,
    waiting for each, with `wait`), so a pass writes its results in a few large updates; returns the rest."""
    if not wait and sum(future.done() for _, future in sending) < queries.CHUNK:
        return sending
    sent: list[int] = []
    gone: set[int] = set()
    still: list[tuple[_Job, Future[channels.Result]]] = []
    for job, future in sending:
        if not wait and not future.done():
            still.append((job, future))
            continue
        result = future.result()
        if result.outcome is channels.Outcome.SENT:
            assert job.delivery.pk is not None
            sent.append(job.delivery.pk)
        elif result.outcome is channels.Outcome.GONE:
            assert job.delivery.subscription_id is not None
            gone.add(job.delivery.subscription_id)
        else:
            _failed(job, result.error, now)
            report.failed += 1
    for start in range(0, len(sent), queries.CHUNK):
        Delivery.objects.filter(pk__in=sent[start : start + queries.CHUNK]).update(
            status=Delivery.Status.SENT, attempts=F("attempts") + 1, last_error=""
        )
    if gone:
        PushSubscription.objects.filter(pk__in=gone).delete()  # their deliveries go with them
    report.sent += len(sent)
    report.gone += len(gone)
    return still


def _failed(job: _Job, error: str, now: datetime) -> None:
    """Back-off of 1, 2, 4, 8 minutes; no retry once the reminder's window has closed."""
    delivery = job.delivery
    delivery.attempts += 1
    delivery.last_error = error[:200]
    delivery.next_try_at = now + timedelta(minutes=2 ** (delivery.attempts - 1))
    if delivery.attempts >= MAX_ATTEMPTS or delivery.next_try_at >= job.give_up_at:
        delivery.status = Delivery.Status.FAILED
    delivery.save(update_fields=["attempts", "last_error", "next_try_at", "status"])


@dataclass
class TrialReport:
    email: str = ""  # the address a test email went to
    pushed: int = 0
    failed: list[str] = field(default_factory=list)
    removed: int = 0


def send_trial(user: User) -> TrialReport:
    """The profile's "send a test message": every way the person chose, now, with no record kept."""
    profile = profile_for(user)
    message = wording.trial_message()
    report = TrialReport()
    if profile.reminder_email and user.email:
        name = profile.display_name or user.get_username()
        [result] = channels.send_emails([channels.Email(user.pk, user.email, name, message)])
        if result.outcome is channels.Outcome.SENT:
            report.email = user.email
        else:
            report.failed.append(result.error)
    subscriptions = list(queries.subscriptions_for(user))
    results = channels.push_many([(s.as_webpush(), channels.push_payload(message)) for s in subscriptions])
    for subscription, result in zip(subscriptions, results, strict=True):
        if result.outcome is channels.Outcome.SENT:
            report.pushed += 1
        elif result.outcome is channels.Outcome.GONE:
            subscription.delete()
            report.removed += 1
        else:
            report.failed.append(result.error)
    return report
