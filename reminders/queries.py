"""Reads for reminders: a person's browsers, and who is due a reminder at a given moment.

Everything here takes `now` (an aware UTC datetime) rather than reading the clock, so the sender's
`--now` and the tests decide what moment it is.
"""

import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import Profile
from accounts.types import User
from checkins.queries import due_for_users
from journal.queries import logged_days
from reminders.models import Delivery, PushSubscription, Reminder

WINDOW = timedelta(minutes=10)  # a reminder goes out within ten minutes after the person's time, or not at all
CHECKIN_EVERY = timedelta(days=7)  # a questionnaire that stays due is reminded again after a week, not daily
T = TypeVar("T")
CHUNK = 500  # ids per IN (...) clause: well inside SQLite's limit on query parameters


def subscriptions_for(user: User) -> QuerySet[PushSubscription]:
    return PushSubscription.objects.filter(user=user)


def get_subscription_for_user(user: User, subscription_id: int) -> PushSubscription:
    """One of the user's browsers, or 404: another person's id never resolves."""
    return get_object_or_404(subscriptions_for(user), pk=subscription_id)


@dataclass
class Due:
    """A reminder that should go out now: the person, their local date, and what it is about."""

    user_id: int
    local_date: date
    due_at: datetime
    give_up_at: datetime
    email: str  # the address when the person wants email, else ""
    name: str  # what the email calls them
    daily: bool = True
    checkins: list[str] = field(default_factory=list)


def reminder_moment(local_date: date, at: time, zone: zoneinfo.ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC instants a reminder is due and stops being worth sending, for a local date and time.

    A time the clocks skip (02:30 on a spring-forward night) reads with the offset before the change,
    so it comes at 03:30; a time that happens twice (autumn) is taken the first time. The window
    never reaches past local midnight.
    """
    due = datetime.combine(local_date, at, tzinfo=zone).astimezone(UTC)
    midnight = datetime.combine(local_date + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
    return due, min(due + WINDOW, midnight)


def _zone(name: str, cache: dict[str, zoneinfo.ZoneInfo]) -> zoneinfo.ZoneInfo:
    if name not in cache:
        try:
            cache[name] = zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            cache[name] = zoneinfo.ZoneInfo("UTC")
    return cache[name]


def _in_window(now: datetime) -> Iterator[Due]:
    """Everyone with a reminder time whose window holds `now`, on their own local date (one query). A closed
    account (deletion asked for, its task not run yet) gets none."""
    zones: dict[str, zoneinfo.ZoneInfo] = {}
    rows = Profile.objects.filter(reminder_time__isnull=False, user__is_active=True).values_list(
        "user_id", "time_zone", "reminder_time", "reminder_email", "user__email", "display_name", "user__username"
    )
    for user_id, zone_name, at, by_email, address, display_name, username in rows.iterator(chunk_size=2000):
        if at is None:  # filtered out above; says so to the type checker
            continue
        zone = _zone(zone_name, zones)
        local_date = now.astimezone(zone).date()
        due_at, give_up_at = reminder_moment(local_date, at, zone)
        if due_at <= now < give_up_at:
            email = address if by_email and address else ""
            yield Due(user_id, local_date, due_at, give_up_at, email, display_name or username)


def chunks(items: list[T], size: int = CHUNK) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def due_reminders(now: datetime) -> list[Due]:
    """Who should get a reminder at `now`, and what it says: a daily nudge when the day is not logged yet,
    and the questionnaires that are due (once a week while they stay due).

    People already reminded that date, and people with no way to reach them (no email wanted, no
    browser), are left out. A constant number of queries per 500 people.
    """
    result = []
    for chunk in chunks(list(_in_window(now))):
        ids = [due.user_id for due in chunk]
        reminded = set(
            Reminder.objects.filter(user_id__in=ids, local_date__in={d.local_date for d in chunk}).values_list(
                "user_id", "local_date"
            )
        )
        with_push = set(PushSubscription.objects.filter(user_id__in=ids).values_list("user_id", flat=True).distinct())
        chunk = [d for d in chunk if (d.user_id, d.local_date) not in reminded and (d.email or d.user_id in with_push)]
        logged = logged_days((d.user_id, d.local_date) for d in chunk)
        checkins = _checkins_due(chunk)
        for due in chunk:
            due.daily = (due.user_id, due.local_date) not in logged
            due.checkins = checkins.get(due.user_id, [])
            if due.daily or due.checkins:
                result.append(due)
    return result


def _checkins_due(chunk: list[Due]) -> dict[int, list[str]]:
    """Questionnaires due per person, less those already reminded within the last week."""
    due = due_for_users({d.user_id: d.local_date for d in chunk})
    if not due:
        return {}
    oldest = min(d.local_date for d in chunk) - CHECKIN_EVERY
    recent = Reminder.objects.filter(user_id__in=due, local_date__gt=oldest).exclude(checkins="")
    dates = {d.user_id: d.local_date for d in chunk}
    for user_id, local_date in recent.values_list("user_id", "local_date"):
        if local_date > dates[user_id] - CHECKIN_EVERY:
            due.pop(user_id, None)
    return due


def deliveries_to_retry(now: datetime) -> QuerySet[Delivery]:
    return Delivery.objects.filter(status=Delivery.Status.PENDING, next_try_at__lte=now).select_related(
        "reminder", "reminder__user", "subscription"
    )
