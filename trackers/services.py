"""Writes of trackers and their values; every write that changes the journal retires cached insights."""

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Protocol

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.types import User
from journal.services import day_for_rows, discard_if_empty, journal_changed, lock_journal
from trackers.models import Tracker, TrackerValue
from trackers.queries import trackers_for


def name_taken(user: User, name: str, exclude: Tracker | None = None) -> bool:
    """Names are unique per person whatever their case ("Coffee" clashes with "coffee", "Übelkeit" with "übelkeit").

    Compared in Python: SQLite's iexact folds ASCII letters only. A person has a handful of trackers."""
    found = trackers_for(user)
    if exclude is not None:
        found = found.exclude(pk=exclude.pk)
    wanted = " ".join(name.split()).casefold()
    return any(" ".join(other.split()).casefold() == wanted for other in found.values_list("name", flat=True))


def unique_slug(user: User, name: str, exclude: Tracker | None = None, taken: set[str] | None = None) -> str:
    base = (slugify(name) or "tracker")[:50]
    others = trackers_for(user) if exclude is None else trackers_for(user).exclude(pk=exclude.pk)
    used = set(others.values_list("slug", flat=True))
    used |= taken or set()
    slug, n = base, 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_name(user: User, name: str, exclude: Tracker | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("Give the tracker a name."), code="blank")
    if name_taken(user, name, exclude):
        raise ValidationError(_("You already have a tracker called “%(name)s”.") % {"name": name}, code="clash")
    return name


@transaction.atomic
def create_tracker(user: User, *, kind: str, name: str, unit: str = "", slug: str | None = None) -> Tracker:
    """A new tracker; ValidationError when the name clashes with one of the person's (any case)."""
    name = _check_name(user, name)
    tracker = Tracker.objects.create(
        user=user,
        kind=kind,
        name=name,
        slug=slug or unique_slug(user, name),
        unit=unit.strip() if kind == "number" else "",
    )
    journal_changed(user)
    return tracker


@transaction.atomic
def rename_tracker(tracker: Tracker, *, name: str, unit: str = "") -> Tracker:
    """A new name (and unit); the slug follows the name, so the CSV column reads as the tracker does."""
    name = _check_name(tracker.user, name, exclude=tracker)
    if name.casefold() != tracker.name.casefold():
        tracker.slug = unique_slug(tracker.user, name, exclude=tracker)
    tracker.name = name
    tracker.unit = unit.strip() if tracker.kind == "number" else ""
    tracker.save()
    journal_changed(tracker.user)
    return tracker


def set_archived(tracker: Tracker, archived: bool) -> None:
    """An archived tracker leaves the day page; its values stay in History, exports and Insights."""
    tracker.archived = archived
    tracker.save(update_fields=["archived"])
    journal_changed(tracker.user)  # the day page's cached list of trackers retires


@transaction.atomic
def delete_tracker(tracker: Tracker) -> int:
    """Deletes a tracker and its values; days that held nothing else go too. Returns the values deleted."""
    user = tracker.user
    lock_journal(user)
    dates = list(tracker.values.values_list("day__date", flat=True))
    count = len(dates)
    tracker.delete()
    for day_date in dates:
        discard_if_empty(user, day_date)
    journal_changed(user)
    return count


@transaction.atomic
def save_day_values(user: User, day_date: date, values: Mapping[Tracker, Decimal | None]) -> None:
    """The day's values of these trackers (None: not recorded). A day holding nothing afterwards goes."""
    lock_journal(user)
    wanted = {tracker: value for tracker, value in values.items() if value is not None}
    if wanted:
        day = day_for_rows(user, day_date)
        TrackerValue.objects.filter(day=day, tracker__in=[t for t in values if t not in wanted]).delete()
        _upsert(day.pk, wanted)
    else:
        TrackerValue.objects.filter(day__user=user, day__date=day_date, tracker__in=list(values)).delete()
        discard_if_empty(user, day_date)
    journal_changed(user, [day_date])


def _upsert(day_id: int, wanted: Mapping[Tracker, Decimal]) -> None:
    rows = [TrackerValue(day_id=day_id, tracker=tracker, value=value) for tracker, value in wanted.items()]
    TrackerValue.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["tracker", "day"], update_fields=["value"]
    )


class TrackerSpec(Protocol):
    kind: str
    slug: str
    name: str
    unit: str
    archived: bool


def make_missing(user: User, specs: Iterable[TrackerSpec]) -> dict[str, Tracker]:
    """Column name (tag:coffee) -> the person's tracker, made where missing (named after its slug when
    the file gives no name); for imports. The caller has checked the file's trackers against the person's."""
    existing = {t.column: t for t in trackers_for(user)}
    for spec in specs:
        column = f"{spec.kind}:{spec.slug}"
        if column not in existing:
            existing[column] = Tracker.objects.create(
                user=user,
                kind=spec.kind,
                slug=spec.slug,
                name=spec.name or name_from_slug(spec.slug),
                unit=spec.unit,
                archived=spec.archived,
            )
            journal_changed(user)
    return existing


def name_from_slug(slug: str) -> str:
    return slug.replace("-", " ")
