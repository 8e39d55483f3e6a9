"""The full-fidelity JSON of PRODUCT.md 3.3: everything a user owns, for backup and restore.

Foods are referenced by name plus whether they are the user's own, so a backup
restores on any server with the same catalogue. Ids and creation times are
left out on purpose: restoring into a new account and exporting again gives an
equal document (apart from `exported_at`).
"""

import json
from datetime import date, time
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import profile_for, validate_time_zone
from journal.constants import (
    CHECKIN_NOTE_MAX_LENGTH,
    DAY_FIELD_COLUMNS,
    NOTES_MAX_LENGTH,
    RANGES,
    RATING_RANGE,
    RED_FLAG_FIELDS,
    SERVINGS_RANGE,
    ColumnRange,
)
from journal.models import Food, JournalDay, Meal, MealItem, MoodCheckIn
from journal.transfer import CheckInData, DayData, Errors, ImportRejected, ItemData, MealData, ParsedImport, RowError
from journal.transfer.daily_csv import decode, format_value, parse_date, parse_in_range

FORMAT = "gut-mood-journal"
VERSION = 1
FOOD_FLAGS = ("is_probiotic", "is_prebiotic", "is_high_fiber", "has_added_sugar", "is_ultra_processed")
DAY_NUMBER_FIELDS = [c for c in DAY_FIELD_COLUMNS if c not in ("notes", "antibiotics")]
DAY_FLAG_FIELDS = (*RED_FLAG_FIELDS,)
DAY_OPTIONAL_FLAGS = ("antibiotics", "probiotic_supplement")
CHECKIN_RATINGS = ("mood", "anxiety", "energy")


def _number(value: Decimal | None) -> Any:
    """Decimals become JSON numbers with no float noise (read back with parse_float=Decimal)."""
    if value is None:
        return None
    return json.loads(format_value(value))


def _time(value: time | None) -> str | None:
    return None if value is None else value.strftime("%H:%M:%S" if value.second else "%H:%M")


def _food_json(food: Food) -> dict[str, Any]:
    return {
        "name": food.name,
        "serving": food.serving,
        "fiber_g": _number(food.fiber_g),
        **{flag: getattr(food, flag) for flag in FOOD_FLAGS},
        "source": food.source,
    }


def _day_json(day: JournalDay, checkins: list[MoodCheckIn], meals: list[Meal]) -> dict[str, Any]:
    out: dict[str, Any] = {"date": day.date.isoformat()}
    for name in DAY_NUMBER_FIELDS:
        out[name] = _number(getattr(day, name))
    for name in (*DAY_FLAG_FIELDS, *DAY_OPTIONAL_FLAGS):
        out[name] = getattr(day, name)
    out["notes"] = day.notes
    out["checkins"] = [
        {
            "time": _time(c.time),
            **{name: getattr(c, name) for name in ("mood", "anxiety", "energy", "note", "activities", "scales")},
        }
        for c in checkins
    ]
    out["meals"] = [
        {
            "meal_type": meal.meal_type,
            "time": _time(meal.time),
            "description": meal.description,
            "items": [
                {"food": item.food.name, "own": item.food.owner_id is not None, "servings": _number(item.servings)}
                for item in meal.items.all()
            ],
        }
        for meal in meals
    ]
    return out


def export_document(user) -> dict[str, Any]:
    """Five queries for any size of journal: profile, foods, days, check-ins, meals with their items."""
    profile = profile_for(user)
    days = list(JournalDay.objects.filter(user=user).order_by("date"))
    checkins: dict[int, list[MoodCheckIn]] = {}
    for checkin in MoodCheckIn.objects.filter(day__user=user).order_by("day_id", "time", "id"):
        checkins.setdefault(checkin.day_id, []).append(checkin)
    meals: dict[int, list[Meal]] = {}
    items = Prefetch("items", queryset=MealItem.objects.select_related("food").order_by("id"))
    for meal in Meal.objects.filter(day__user=user).order_by("day_id", "time", "id").prefetch_related(items):
        meals.setdefault(meal.day_id, []).append(meal)
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "profile": {"display_name": profile.display_name, "time_zone": profile.time_zone},
        "foods": [_food_json(food) for food in Food.objects.filter(owner=user).order_by("name")],
        "days": [_day_json(day, checkins.get(day.pk, []), meals.get(day.pk, [])) for day in days],
    }


def export_json(user) -> str:
    return json.dumps(export_document(user), ensure_ascii=False, indent=1) + "\n"


FIBER_PER_SERVING = ColumnRange(Decimal("0"), Decimal("100"), 1)


def _reject(reason: str) -> ImportRejected:
    return ImportRejected([RowError(None, None, reason)])


def load_document(data: bytes) -> dict[str, Any]:
    try:
        doc = json.loads(decode(data), parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise _reject(
            _("the file is not valid JSON (line %(line)s, column %(column)s: %(error)s)")
            % {"line": exc.lineno, "column": exc.colno, "error": exc.msg}
        ) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise _reject(
            _('this is not a Gut–Mood Journal backup (its "format" is not "%(format)s")') % {"format": FORMAT}
        )
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise _reject(_('the backup has no valid "version"'))
    if version > VERSION:
        raise _reject(
            _("the backup was made by a newer version (version %(version)s); this server reads version %(ours)s")
            % {"version": version, "ours": VERSION}
        )
    return doc


class _Checker:
    """Checks one document, collecting every fault with its JSON path."""

    def __init__(self, errors: Errors) -> None:
        self.errors = errors

    def fail(self, path: str, reason: str) -> None:
        self.errors.add(None, path, reason)

    def number(self, path: str, value: Any, rule: ColumnRange, whole: bool = False) -> Any:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            self.fail(path, _("%(value)s is not a number") % {"value": repr(value)})
            return None
        parsed, reason = parse_in_range(format_value(value), rule, whole)
        if reason:
            self.fail(path, reason)
        return parsed

    def text(self, path: str, value: Any, limit: int | None = None, required: bool = False) -> str:
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.fail(path, _("must be text") if not required else _("must be non-empty text"))
            return ""
        if limit is not None and len(value) > limit:
            self.fail(path, _("%(length)s characters, more than %(limit)s") % {"length": len(value), "limit": limit})
        if "\x00" in value:
            self.fail(path, _("contains a NUL character"))
        return value

    def flag(self, path: str, value: Any, nullable: bool) -> bool | None:
        if value is None and nullable:
            return None
        if value is None:
            return False
        if not isinstance(value, bool):
            self.fail(path, _("must be true or false"))
            return None
        return value

    def clock(self, path: str, value: Any) -> time | None:
        if value is None:
            return None
        try:
            return time.fromisoformat(value)
        except (TypeError, ValueError):
            self.fail(path, _("%(value)s is not a time (HH:MM)") % {"value": repr(value)})
            return None

    def items_of(self, path: str, value: Any) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(path, _("must be a list"))
            return []
        return value

    def record(self, path: str, value: Any) -> dict:
        if not isinstance(value, dict):
            self.fail(path, _("must be an object"))
            return {}
        return value


def _profile(check: _Checker, raw: Any) -> dict[str, str]:
    if raw is None:
        return {}
    raw = check.record("profile", raw)
    profile = {"display_name": check.text("profile.display_name", raw.get("display_name"), 80)}
    zone = check.text("profile.time_zone", raw.get("time_zone"), 64)
    if zone:
        try:
            validate_time_zone(zone)
            profile["time_zone"] = zone
        except ValidationError:
            check.fail("profile.time_zone", _("%(zone)s is not a known time zone") % {"zone": repr(zone)})
    return profile


def _foods(check: _Checker, raw: Any) -> list[dict[str, Any]]:
    foods, seen = [], set()
    for i, food in enumerate(check.items_of("foods", raw)):
        path = f"foods[{i}]"
        food = check.record(path, food)
        name = check.text(f"{path}.name", food.get("name"), 100, required=True)
        if name in seen:
            check.fail(f"{path}.name", _("%(name)s appears twice") % {"name": repr(name)})
        seen.add(name)
        foods.append(
            {
                "name": name,
                "serving": check.text(f"{path}.serving", food.get("serving"), 100),
                "fiber_g": check.number(f"{path}.fiber_g", food.get("fiber_g", 0), FIBER_PER_SERVING) or Decimal(0),
                **{flag: bool(check.flag(f"{path}.{flag}", food.get(flag), False)) for flag in FOOD_FLAGS},
                "source": check.text(f"{path}.source", food.get("source"), 200),
            }
        )
    return foods


def _checkin(check: _Checker, path: str, raw: Any) -> CheckInData:
    raw = check.record(path, raw)
    ratings = {name: check.number(f"{path}.{name}", raw.get(name), RATING_RANGE, True) for name in CHECKIN_RATINGS}
    if all(raw.get(name) is None for name in CHECKIN_RATINGS):
        check.fail(path, _("a check-in needs a mood, anxiety or energy rating"))
    return CheckInData(
        time=check.clock(f"{path}.time", raw.get("time")),
        **ratings,
        note=check.text(f"{path}.note", raw.get("note"), CHECKIN_NOTE_MAX_LENGTH),
        activities=check.text(f"{path}.activities", raw.get("activities")),
        scales=check.text(f"{path}.scales", raw.get("scales")),
    )


def _meal(check: _Checker, path: str, raw: Any, known: dict[bool, set[str]]) -> MealData:
    raw = check.record(path, raw)
    meal_type = raw.get("meal_type")
    if meal_type not in Meal.MealType.values:
        check.fail(
            f"{path}.meal_type",
            _("%(value)s is not one of %(choices)s")
            % {"value": repr(meal_type), "choices": ", ".join(Meal.MealType.values)},
        )
    meal = MealData(
        meal_type=meal_type,
        time=check.clock(f"{path}.time", raw.get("time")),
        description=check.text(f"{path}.description", raw.get("description"), NOTES_MAX_LENGTH),
    )
    for j, item in enumerate(check.items_of(f"{path}.items", raw.get("items"))):
        item_path = f"{path}.items[{j}]"
        item = check.record(item_path, item)
        own = bool(check.flag(f"{item_path}.own", item.get("own"), False))
        name = check.text(f"{item_path}.food", item.get("food"), 100, required=True)
        if name and name not in known[own]:
            where = _("your own foods") if own else _("this server's food catalogue")
            check.fail(f"{item_path}.food", _("%(name)s is not in %(where)s") % {"name": repr(name), "where": where})
        servings = check.number(f"{item_path}.servings", item.get("servings"), SERVINGS_RANGE)
        if servings is None:
            check.fail(f"{item_path}.servings", _("servings are required"))
        meal.items.append(ItemData(food=name, own=own, servings=servings))
    return meal


def _day(check: _Checker, path: str, raw: Any, today: date, known: dict[bool, set[str]]) -> DayData | None:
    raw = check.record(path, raw)
    day_date, reason = parse_date(str(raw.get("date", "")), today)
    if reason:
        check.fail(f"{path}.date", reason)
    fields: dict[str, Any] = {}
    for name in DAY_NUMBER_FIELDS:
        fields[name] = check.number(f"{path}.{name}", raw.get(name), RANGES[name])
    for name in DAY_FLAG_FIELDS:
        fields[name] = check.flag(f"{path}.{name}", raw.get(name), nullable=False)
    for name in DAY_OPTIONAL_FLAGS:
        fields[name] = check.flag(f"{path}.{name}", raw.get(name), nullable=True)
    fields["notes"] = check.text(f"{path}.notes", raw.get("notes"), NOTES_MAX_LENGTH)
    checkins = [
        _checkin(check, f"{path}.checkins[{j}]", c)
        for j, c in enumerate(check.items_of(f"{path}.checkins", raw.get("checkins")))
    ]
    meals = [
        _meal(check, f"{path}.meals[{j}]", m, known)
        for j, m in enumerate(check.items_of(f"{path}.meals", raw.get("meals")))
    ]
    if day_date is None:
        return None
    return DayData(date=day_date, fields=fields, checkins=checkins, meals=meals)


def parse_json(data: bytes, user, today: date) -> ParsedImport:
    """The whole document checked before anything is written; ImportRejected names each fault's path."""
    doc = load_document(data)
    errors = Errors()
    check = _Checker(errors)
    profile = _profile(check, doc.get("profile"))
    foods = _foods(check, doc.get("foods"))
    known = {
        True: {food["name"] for food in foods} | set(Food.objects.filter(owner=user).values_list("name", flat=True)),
        False: set(Food.objects.filter(owner__isnull=True).values_list("name", flat=True)),
    }
    days, seen = [], set()
    for i, raw in enumerate(check.items_of("days", doc.get("days"))):
        day = _day(check, f"days[{i}]", raw, today, known)
        if day is not None and day.date in seen:
            check.fail(f"days[{i}].date", _("%(date)s appears twice") % {"date": day.date.isoformat()})
        elif day is not None:
            seen.add(day.date)
            days.append(day)
    errors.raise_if_any()
    return ParsedImport(days=days, foods=foods, profile=profile)
