"""Reads of a person's trackers and their values, always starting from the person."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from accounts.types import User
from trackers.models import Tracker, TrackerValue


def trackers_for(user: User) -> QuerySet[Tracker]:
    return Tracker.objects.filter(user=user)


def get_tracker_for_user(user: User, tracker_id: int) -> Tracker:
    """A tracker of the person's, or 404: another person's tracker id never resolves."""
    return get_object_or_404(trackers_for(user), pk=tracker_id)


def trackers_with_counts(user: User) -> QuerySet[Tracker]:
    """Every tracker with `days` (how many days hold a value of it), in one query."""
    return trackers_for(user).annotate(days=Count("values")).order_by("archived", "pk")


def values_by_day(day_ids: Iterable[int]) -> dict[int, dict[int, Decimal]]:
    """{day id: {tracker id: value}} for these days, in one query."""
    found: dict[int, dict[int, Decimal]] = {}
    rows = TrackerValue.objects.filter(day_id__in=list(day_ids)).values_list("day_id", "tracker_id", "value")
    for day_id, tracker_id, value in rows:
        found.setdefault(day_id, {})[tracker_id] = value
    return found


def values_on(user: User, day_date: date) -> dict[int, Decimal]:
    """{tracker id: value} of the person's day on this date, in one query (no need to read the day first)."""
    rows = TrackerValue.objects.filter(day__user=user, day__date=day_date).values_list("tracker_id", "value")
    return dict(rows)


def has_values_on(day: Any) -> bool:
    return TrackerValue.objects.filter(day=day).exists()


def value_rows(user: User) -> QuerySet[Tracker, Any]:
    """Every tracker of the person joined with its values: one query for the whole journal.

    Rows of (tracker id, kind, slug, name, date, value), trackers in the order they were made;
    a tracker without values gives one row with date and value None. The insights frame and
    the exports read it, so their query count does not grow with the number of trackers.
    """
    return (
        trackers_for(user)
        .order_by("pk", "values__day__date")
        .values_list("pk", "kind", "slug", "name", "values__day__date", "values__value")
    )


def dated_values(user: User, dates: Iterable[date]) -> QuerySet[TrackerValue, Any]:
    """Rows of (kind, slug, date, value) of the person's tracker values on these dates, in one query
    (the cached insights frame reads the dates that changed). Filtered through the person's days too:
    the (user, date) index finds those days at once, where the trackers' values are every day's."""
    return (
        TrackerValue.objects.filter(day__user=user, day__date__in=list(dates), tracker__user=user)
        .order_by("tracker_id", "day__date")
        .values_list("tracker__kind", "tracker__slug", "day__date", "value")
    )


def values_on_dates(user: User, dates: Iterable[date]) -> dict[date, dict[str, Decimal]]:
    """{date: {column (tag:coffee): value}} of the person's days on these dates, in one query (for imports)."""
    found: dict[date, dict[str, Decimal]] = {}
    rows = TrackerValue.objects.filter(day__user=user, day__date__in=list(dates)).values_list(
        "day__date", "tracker__kind", "tracker__slug", "value"
    )
    for day_date, kind, slug, value in rows:
        found.setdefault(day_date, {})[f"{kind}:{slug}"] = value
    return found
