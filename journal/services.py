"""Writes to the journal, shared by views, imports and commands.

Every write that changes a user's journal ends with `journal_changed(user)`,
which retires the cached insights of that user.
"""

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.http import Http404

from accounts.types import User
from journal.constants import DAY_FIELD_COLUMNS, RED_FLAG_FIELDS
from journal.day_sections import kept_by_a_section
from journal.models import Food, JournalDay, Meal, MealItem, MoodCheckIn

JOURNAL_VERSION_KEY = "journal-version:{user_id}"


def _user_id(user_or_id: User | int) -> int:
    return user_or_id if isinstance(user_or_id, int) else user_or_id.pk


def journal_version(user: User | int) -> str:
    """A token that changes whenever the user's journal changes (cache keys include it)."""
    key = JOURNAL_VERSION_KEY.format(user_id=_user_id(user))
    version = cache.get(key)
    if version is None:
        version = uuid.uuid4().hex
        cache.set(key, version, timeout=None)
    return version


def journal_changed(user: User | int) -> None:
    """Takes a user or a user id (signal handlers have only the id at hand)."""
    cache.set(JOURNAL_VERSION_KEY.format(user_id=_user_id(user)), uuid.uuid4().hex, timeout=None)


def forget_journal_version(user_id: int) -> None:
    """Drops the version token of a deleted person's journal (journal_changed would store a new one forever)."""
    cache.delete(JOURNAL_VERSION_KEY.format(user_id=user_id))


def lock_journal(user: User | int) -> None:
    """Serialises the writes to one person's journal until the surrounding transaction ends.

    Day saves and imports both start with it, so an import never meets a day saved after it
    planned, and first saves of a day queue instead of racing on the (user, date) constraint.
    A FOR NO KEY UPDATE lock on the user's row: it does not block inserts that refer to the user.
    SQLite ignores it and locks the whole database on the first write instead.
    """
    list(get_user_model().objects.select_for_update(no_key=True).filter(pk=_user_id(user)).values_list("pk"))


@dataclass
class CheckInEntry:
    """One check-in as sent from the day page (id None: a new one)."""

    id: int | None
    time: dt.time | None = None
    mood: int | None = None
    anxiety: int | None = None
    energy: int | None = None
    note: str = ""
    delete: bool = False


@dataclass
class MealEntry:
    """One meal as sent; items None means "not sent, leave the meal's foods as they are"."""

    id: int | None
    meal_type: str = Meal.MealType.SNACK
    time: dt.time | None = None
    description: str = ""
    items: list[tuple[Food, Decimal]] | None = field(default_factory=list)
    delete: bool = False

    def is_blank(self) -> bool:
        return not self.items and not self.description.strip()


def save_day(
    user: User,
    day_date: dt.date,
    fields: dict[str, Any],
    checkins: Sequence[CheckInEntry] = (),
    meals: Sequence[MealEntry] = (),
) -> JournalDay | None:
    """Writes a whole day (its own fields, check-ins, meals and their foods) in one transaction.

    Returns the day, or None when nothing is left in it: an empty day is not stored.
    Saves of one person's journal queue on `lock_journal`; where no row lock exists (SQLite),
    two first saves of the same day may still race on the (user, date) unique constraint,
    and the loser retries once and then finds the winner's row and updates it.
    """
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                return _save_day(user, day_date, fields, checkins, meals)
        except IntegrityError:
            if attempt == 2:
                raise
    return None  # pragma: no cover - the loop always returns or raises


def _save_day(
    user: User,
    day_date: dt.date,
    fields: dict[str, Any],
    checkins: Sequence[CheckInEntry],
    meals: Sequence[MealEntry],
) -> JournalDay | None:
    lock_journal(user)
    day = JournalDay.objects.select_for_update().filter(user=user, date=day_date).first()
    if day is None:
        if _nothing_to_store(fields, checkins, meals):
            return None
        day, _created = JournalDay.objects.get_or_create(user=user, date=day_date)
    for name, value in fields.items():
        setattr(day, name, "" if value is None and name == "notes" else value)
    day.save()
    _save_checkins(day, checkins)
    _save_meals(day, meals)
    journal_changed(user)
    if day_is_empty(day):
        day.delete()
        return None
    return day


def _fields_blank(fields: dict[str, Any]) -> bool:
    return all(value in (None, "", False) for value in fields.values())


def _nothing_to_store(fields: dict[str, Any], checkins: Sequence[CheckInEntry], meals: Sequence[MealEntry]) -> bool:
    wanted_checkins = [c for c in checkins if not c.delete]
    wanted_meals = [m for m in meals if not m.delete and not m.is_blank()]
    return _fields_blank(fields) and not wanted_checkins and not wanted_meals


def day_is_empty(day: JournalDay, count_sections: bool = True) -> bool:
    """No day-level value, no check-in, no meal (and no section's rows, unless count_sections is False):
    such a day is not kept."""
    values = {name: getattr(day, name) for name in DAY_FIELD_COLUMNS}
    values.update({name: getattr(day, name) for name in (*RED_FLAG_FIELDS, "probiotic_supplement")})
    if not _fields_blank(values):
        return False
    if day.checkins.exists() or day.meals.exists():
        return False
    return not (count_sections and kept_by_a_section(day))


def has_own_content(user: User, day_date: dt.date) -> bool:
    """Whether the day holds something of the journal's own (fields, check-ins, meals), whatever other
    apps hang on it: a section uses it to tell a logged day from one held only by its own rows."""
    day = JournalDay.objects.filter(user=user, date=day_date).first()
    return day is not None and not day_is_empty(day, count_sections=False)


def day_for_rows(user: User, day_date: dt.date) -> JournalDay:
    """The day, made if need be, for rows another app hangs on it (a tracker's value).

    Runs inside the caller's transaction, after `lock_journal`."""
    day, _created = JournalDay.objects.get_or_create(user=user, date=day_date)
    return day


def discard_if_empty(user: User, day_date: dt.date) -> None:
    """Deletes the day when nothing is left in it (another app removed its last rows)."""
    day = JournalDay.objects.filter(user=user, date=day_date).first()
    if day is not None and day_is_empty(day):
        day.delete()


def _existing(rows: dict[int, Any], pk: int | None, new: Any) -> Any:
    if pk is None:
        return new
    if pk not in rows:
        raise Http404("Not one of this day's entries.")
    return rows[pk]


def _save_checkins(day: JournalDay, entries: Sequence[CheckInEntry]) -> None:
    rows = {c.pk: c for c in day.checkins.all()} if entries else {}
    for entry in entries:
        checkin = _existing(rows, entry.id, MoodCheckIn(day=day))
        if entry.delete:
            if checkin.pk:
                checkin.delete()
            continue
        for name in ("time", "mood", "anxiety", "energy", "note"):
            setattr(checkin, name, getattr(entry, name))
        checkin.save()


def _save_meals(day: JournalDay, entries: Sequence[MealEntry]) -> None:
    rows = {m.pk: m for m in day.meals.all()} if entries else {}
    for entry in entries:
        meal = _existing(rows, entry.id, Meal(day=day))
        if entry.delete or (entry.is_blank() and (entry.items is not None or meal.pk is None)):
            if meal.pk:
                meal.delete()
            continue
        meal.meal_type, meal.time, meal.description = entry.meal_type, entry.time, entry.description
        meal.save()
        if entry.items is not None:
            meal.items.all().delete()
            MealItem.objects.bulk_create(
                MealItem(meal=meal, food=food, servings=servings) for food, servings in entry.items
            )
