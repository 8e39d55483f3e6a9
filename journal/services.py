"""Writes to the journal, shared by views, imports and commands.

Every write that changes a user's journal ends with `journal_changed(user)`,
which retires the cached insights of that user. A write that knows the dates it
touched names them (`journal_changed(user, dates)`): a reader holding something
built at an older version asks `journal_changes_since` which dates to read again
(insights/frame.py keeps the daily frame that way). A write that names no dates
(an import, a tracker made or renamed, a bulk write) means "anything may have changed".
"""

import datetime as dt
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.http import Http404

from accounts.types import User
from accounts.versions import bump
from journal.constants import DAY_FIELD_COLUMNS, RED_FLAG_FIELDS
from journal.day_sections import kept_by_a_section
from journal.models import (
    FavouriteFood,
    FavouriteMeal,
    FavouriteMealItem,
    Food,
    JournalDay,
    Meal,
    MealItem,
    MoodCheckIn,
)

JOURNAL_VERSION_KEY = "journal-version:{user_id}"
# Set while save_day writes: it calls journal_changed once itself, so the per-row signal handlers
# (one query each to find the row's user) stand down.
_SAVING_DAY: ContextVar[bool] = ContextVar("saving_day", default=False)


def saving_a_day() -> bool:
    return _SAVING_DAY.get()


@contextmanager
def _saving_day() -> Iterator[None]:
    token = _SAVING_DAY.set(True)
    try:
        yield
    finally:
        _SAVING_DAY.reset(token)


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


# The last changes of a person's journal, oldest first: (version, the version it followed, the dates it
# named or None when it named none). One key per person, like the version, so deletion can name it.
JOURNAL_CHANGES_KEY = "journal-changes:{user_id}"
# Held (cache.add) while a change is recorded: two writes recording at once would each keep a list
# without the other's change.
JOURNAL_RECORDING_KEY = "journal-recording:{user_id}"
KEPT_CHANGES = 32
RECORDING_SECONDS = 2


# Set while many rows are written at once (an import, an account's deletion): the per-row signal
# handlers' changes are not recorded one by one; writing_in_bulk records one naming no dates instead.
_WRITING_IN_BULK: ContextVar[bool] = ContextVar("writing_in_bulk", default=False)


@contextmanager
def writing_in_bulk(user: User | int) -> Iterator[None]:
    token = _WRITING_IN_BULK.set(True)
    try:
        yield
    finally:
        _WRITING_IN_BULK.reset(token)
        _record_change(_user_id(user), None)  # the caller records it again after its commit if it needs to


def journal_changed(user: User | int, dates: Iterable[dt.date] | None = None) -> None:
    """Takes a user or a user id (signal handlers have only the id at hand), and the dates whose rows
    changed when the writer knows them (None: any date may have). Inside a transaction the change is
    recorded again once it commits, so a reader that read the rows before the commit is retired too."""
    if _WRITING_IN_BULK.get():
        return
    user_id = _user_id(user)
    named = None if dates is None else tuple(sorted(set(dates)))
    _record_change(user_id, named)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: _record_change(user_id, named))


def _record_change(user_id: int, dates: tuple[dt.date, ...] | None) -> None:
    version_key = JOURNAL_VERSION_KEY.format(user_id=user_id)
    changes_key = JOURNAL_CHANGES_KEY.format(user_id=user_id)
    recording_key = JOURNAL_RECORDING_KEY.format(user_id=user_id)
    held = _hold(recording_key)
    try:
        found = cache.get_many([version_key, changes_key])
        previous, changes = found.get(version_key), found.get(changes_key, [])
        version = uuid.uuid4().hex
        # A first version, or another writer stuck recording: no list of dates can be trusted.
        trusted = held and previous is not None
        changes = [*changes[-(KEPT_CHANGES - 1) :], (version, previous, dates)] if trusted else []
        cache.set(changes_key, changes, timeout=None)
        cache.set(version_key, version, timeout=None)
    finally:
        if held:
            cache.delete(recording_key)


def _hold(key: str) -> bool:
    """Waits for another writer's recording to end (a few cache operations), for RECORDING_SECONDS at most."""
    deadline = time.monotonic() + RECORDING_SECONDS
    while not cache.add(key, 1, RECORDING_SECONDS):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.002)
    return True


def journal_changes_since(user: User | int, since: str, current: str) -> set[dt.date] | None:
    """The dates whose rows changed from journal version `since` to `current`, or None when that is not
    known (a change that named no dates, more changes between than are kept, a list evicted)."""
    kept = {
        version: (previous, dates)
        for version, previous, dates in cache.get(JOURNAL_CHANGES_KEY.format(user_id=_user_id(user)), [])
    }
    changed: set[dt.date] = set()
    version = current
    while version != since:
        if version not in kept or kept[version][1] is None:
            return None
        version, dates = kept.pop(version)
        changed.update(dates or ())
    return changed


def forget_journal_version(user_id: int) -> None:
    """Drops the version token of a deleted person's journal (journal_changed would store a new one forever),
    the list of its last changes and the version of their own foods."""
    keys = [JOURNAL_VERSION_KEY, JOURNAL_CHANGES_KEY, JOURNAL_RECORDING_KEY, OWN_FOODS_VERSION_KEY]
    cache.delete_many([key.format(user_id=user_id) for key in keys])


def lock_journal(user: User | int) -> None:
    """Serialises the writes to one person's journal until the surrounding transaction ends.

    Day saves and imports both start with it, so an import never meets a day saved after it
    planned, and first saves of a day queue instead of racing on the (user, date) constraint.
    A FOR NO KEY UPDATE lock on the user's row: it does not block inserts that refer to the user.
    SQLite ignores it and locks the whole database on the first write instead.
    """
    if not connection.features.has_select_for_update:
        return  # SQLite: the first write locks the whole database, and a query here would only cost time
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


class StoredItem(NamedTuple):
    """A food of a stored meal, as the day's save compares and rewrites it."""

    id: int
    food_id: int
    servings: Decimal


@dataclass
class DayRows:
    """A day (None: not stored yet) with its check-ins and meals, read by the caller inside its own
    transaction after `lock_journal`, so they stay as read until it commits."""

    day: JournalDay | None
    checkins: list[MoodCheckIn]
    meals: list[Meal]
    # Each meal's foods in the order they were added; None: not read, save_day reads them.
    items: dict[int, list[StoredItem]] | None = None


def save_day(
    user: User,
    day_date: dt.date,
    fields: dict[str, Any],
    checkins: Sequence[CheckInEntry] = (),
    meals: Sequence[MealEntry] = (),
    current: DayRows | None = None,
) -> JournalDay | None:
    """Writes a whole day (its own fields, check-ins, meals and their foods) in one transaction.

    Returns the day, or None when nothing is left in it: an empty day is not stored.
    Saves of one person's journal queue on `lock_journal`; where no row lock exists (SQLite),
    two first saves of the same day may still race on the (user, date) unique constraint,
    and the loser retries once and then finds the winner's row and updates it.

    With `current` (the day page's save: it locked the journal and read the day's rows in the transaction
    it runs in) those rows are not read again, and the write joins that transaction; a first save racing
    another is left to get_or_create, which finds the other's row.
    """
    if current is not None:
        if not connection.in_atomic_block:
            raise RuntimeError("save_day(current=...) runs inside the transaction that read the rows")
        with _saving_day():
            return _save_day(user, day_date, fields, checkins, meals, current)
    for attempt in (1, 2):
        try:
            with transaction.atomic(), _saving_day():
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
    current: DayRows | None = None,
) -> JournalDay | None:
    if current is None:
        lock_journal(user)
        day = JournalDay.objects.select_for_update().filter(user=user, date=day_date).first()
        known_checkins, known_meals, known_items = None, None, None
    else:
        day, known_checkins, known_meals, known_items = current.day, current.checkins, current.meals, current.items
    created = False
    if day is None:
        if _nothing_to_store(fields, checkins, meals):
            return None
        day, created = JournalDay.objects.get_or_create(user=user, date=day_date)
    changed = False
    for name, value in fields.items():
        value = "" if value is None and name == "notes" else value
        if getattr(day, name) != value:
            setattr(day, name, value)
            changed = True
    if changed:
        day.save()
    changed = _save_checkins(day, checkins, known_checkins) or changed or created
    changed = _save_meals(day, meals, known_meals, known_items) or changed
    if changed:  # a save of the day as it was writes nothing, and its cached pages stay
        journal_changed(user, [day_date])
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


CHECKIN_FIELDS = ("time", "mood", "anxiety", "energy", "note")


def _save_checkins(day: JournalDay, entries: Sequence[CheckInEntry], known: list[MoodCheckIn] | None) -> bool:
    """Writes what changed; True when something was. `known`: the day's check-ins as already read."""
    rows = {c.pk: c for c in (day.checkins.order_by() if known is None else known)} if entries else {}
    changed = False
    for entry in entries:
        checkin = _existing(rows, entry.id, MoodCheckIn(day=day))
        if entry.delete:
            if checkin.pk:
                checkin.delete()
                changed = True
            continue
        values = {name: getattr(entry, name) for name in CHECKIN_FIELDS}
        if checkin.pk and all(getattr(checkin, name) == value for name, value in values.items()):
            continue  # unchanged: a save of the whole day writes only what changed
        for name, value in values.items():
            setattr(checkin, name, value)
        checkin.save()
        changed = True
    return changed


def _save_meals(
    day: JournalDay,
    entries: Sequence[MealEntry],
    known: list[Meal] | None,
    known_items: dict[int, list[StoredItem]] | None = None,
) -> bool:
    """Writes what changed; True when something was. `known`, `known_items`: the day's meals and their
    foods as already read."""
    rows = {m.pk: m for m in (day.meals.order_by() if known is None else known)} if entries else {}
    changed = False
    items: dict[int, list[StoredItem]] = {pk: [] for pk in rows}
    if rows and known is not None and known_items is not None:
        items.update(known_items)
    elif rows:
        for meal_id, item_id, food_id, servings in (
            MealItem.objects.filter(meal_id__in=list(rows))
            .order_by("pk")
            .values_list("meal_id", "pk", "food_id", "servings")
        ):
            items[meal_id].append(StoredItem(item_id, food_id, servings))
    for entry in entries:
        meal = _existing(rows, entry.id, Meal(day=day))
        if entry.delete or (entry.is_blank() and (entry.items is not None or meal.pk is None)):
            if meal.pk:
                meal.delete()
                changed = True
            continue
        values = (entry.meal_type, entry.time, entry.description)
        if meal.pk is None or (meal.meal_type, meal.time, meal.description) != values:
            meal.meal_type, meal.time, meal.description = values
            meal.save()
            changed = True
        if entry.items is not None and _save_items(meal, items.get(meal.pk, []), entry.items):
            changed = True
    return changed


def _save_items(meal: Meal, stored: list[StoredItem], wanted: list[tuple[Food, Decimal]]) -> bool:
    """Makes the meal's foods `wanted`, in that order (the order of their ids), writing only what differs:
    a food changed where it stands, foods added after the stored ones, the ones past the end removed (one
    query for each kind). True when something was written."""
    changed = [
        MealItem(pk=item.id, meal=meal, food=food, servings=servings)
        for item, (food, servings) in zip(stored, wanted, strict=False)
        if (item.food_id, item.servings) != (food.pk, servings)
    ]
    if len(changed) == 1:  # the usual edit, and a plain UPDATE costs less to build than bulk_update's CASE
        MealItem.objects.filter(pk=changed[0].pk).update(food=changed[0].food, servings=changed[0].servings)
    elif changed:
        MealItem.objects.bulk_update(changed, ["food", "servings"])
    added = wanted[len(stored) :]
    if added:
        MealItem.objects.bulk_create(MealItem(meal=meal, food=food, servings=servings) for food, servings in added)
    gone = [item.id for item in stored[len(wanted) :]]
    if gone:
        MealItem.objects.filter(pk__in=gone).delete()
    return bool(changed or added or gone)


# ---- the foods a person picks from ---------------------------------------------------------------

CATALOGUE_VERSION_KEY = "food-catalogue-version"
OWN_FOODS_VERSION_KEY = "own-foods-version:{user_id}"


def food_version(user: User | int) -> str:
    """Names the person's list of foods (the catalogue and their own) as the browser caches it:
    foods.json?v=<this>. Read from the cache, so a page pays no query for it."""
    keys = [CATALOGUE_VERSION_KEY, OWN_FOODS_VERSION_KEY.format(user_id=_user_id(user))]
    found = cache.get_many(keys)
    missing = {key: uuid.uuid4().hex[:12] for key in keys if key not in found}
    if missing:
        cache.set_many(missing, timeout=None)
    found.update(missing)
    return "-".join(found[key] for key in keys)


def catalogue_version() -> str:
    """Names the shared catalogue as browsers cache it (foods.json?v=<this>). One cache read."""
    version = cache.get(CATALOGUE_VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex[:12]
        cache.set(CATALOGUE_VERSION_KEY, version, timeout=None)
    return version


def foods_changed(user: User | int | None) -> None:
    """A food of this person's changed (None: a catalogue food, which everyone's list holds). The
    insights frames of everyone who may log it are read again (insights/frame.py): inside a transaction,
    once more when it commits, so no frame read before the commit is kept under the new version."""
    key = CATALOGUE_VERSION_KEY if user is None else OWN_FOODS_VERSION_KEY.format(user_id=_user_id(user))
    bump(key, length=12)


FAVOURITES_VERSION_KEY = "favourites-version:{user_id}"


def day_page_version(user: User) -> str:
    """Changes with the journal and with the person's favourites: the day page's picker data
    (previous meals, recent and favourite foods) is cached under it. One cache read."""
    keys = [JOURNAL_VERSION_KEY.format(user_id=user.pk), FAVOURITES_VERSION_KEY.format(user_id=user.pk)]
    found = cache.get_many(keys)
    missing = {key: uuid.uuid4().hex for key in keys if key not in found}
    if missing:
        cache.set_many(missing, timeout=None)
    found.update(missing)
    return "-".join(found[key] for key in keys)


def favourites_changed(user: User) -> None:
    bump(FAVOURITES_VERSION_KEY.format(user_id=user.pk))


def set_favourite_food(user: User, food: Food, favourite: bool) -> None:
    if favourite:
        FavouriteFood.objects.get_or_create(user=user, food=food)
    else:
        FavouriteFood.objects.filter(user=user, food=food).delete()
    favourites_changed(user)


def save_favourite_meal(user: User, meal_type: str, items: Sequence[tuple[Food, Decimal]]) -> FavouriteMeal | None:
    """Keeps these foods as a favourite meal named after them; the same foods again update it."""
    if not items:
        return None
    label = dict(Meal.MealType.choices).get(meal_type, meal_type)
    name = f"{label}: " + ", ".join(food.name for food, _servings in items)
    name = name if len(name) <= 100 else name[:99] + "…"
    with transaction.atomic():
        favourite, _created = FavouriteMeal.objects.get_or_create(user=user, name=name)
        favourite.items.all().delete()
        FavouriteMealItem.objects.bulk_create(
            FavouriteMealItem(favourite=favourite, food=food, servings=servings) for food, servings in items
        )
    favourites_changed(user)
    return favourite


def delete_favourite_meal(user: User, favourite_id: int) -> None:
    user.favourite_meals.filter(pk=favourite_id).delete()
    favourites_changed(user)
