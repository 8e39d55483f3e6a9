"""The full-fidelity JSON (docs/formats.md, Full JSON backup): everything a user owns, for backup and restore.

Foods are referenced by name plus whether they are the user's own, so a backup
restores on any server with the same catalogue. Ids and creation times are
left out on purpose: restoring into a new account and exporting again gives an
equal document (apart from `exported_at`).
"""

import json
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db.models import Field, Prefetch
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import profile_for, validate_time_zone
from accounts.types import User
from checkins.models import CheckinPlan, Instrument, ScreenerResult
from checkins.scales import ANSWER_VALUES, SCALES, needs_safety_message
from experiments.models import (
    CHANGE_MAX_LENGTH,
    MAX_LENGTH_DAYS,
    MAX_WASHOUT_DAYS,
    MIN_LENGTH_DAYS,
    MIN_USED_DAYS,
    AdherenceTick,
    Experiment,
)
from insights.models import FACTOR_COLUMNS, Guidance
from journal.constants import (
    CHECKIN_NOTE_MAX_LENGTH,
    DAY_FIELD_COLUMNS,
    EARLIEST_DATE,
    NOTES_MAX_LENGTH,
    RANGES,
    RATING_RANGE,
    RED_FLAG_FIELDS,
    SERVINGS_RANGE,
    ColumnRange,
)
from journal.models import Food, JournalDay, Meal, MealItem, MoodCheckIn
from reminders import backup as reminders_backup
from trackers.kinds import KINDS
from trackers.models import NAME_MAX_LENGTH, UNIT_MAX_LENGTH, Tracker, TrackerValue
from transfer.daily_csv import TRACKER_RANGES, decode, format_value, parse_date, parse_in_range
from transfer.formats import (
    CheckInData,
    DayData,
    Errors,
    ExperimentData,
    ImportRejected,
    ItemData,
    MealData,
    ParsedImport,
    RowError,
    ScreenerData,
    TrackerData,
    most_days,
)

FORMAT = "gut-mood-journal"
VERSION = 1
FOOD_FLAGS = ("is_probiotic", "is_prebiotic", "is_high_fiber", "has_added_sugar", "is_ultra_processed")
DAY_NUMBER_FIELDS = [c for c in DAY_FIELD_COLUMNS if c not in ("notes", "antibiotics")]
DAY_FLAG_FIELDS = (*RED_FLAG_FIELDS,)
DAY_OPTIONAL_FLAGS = ("antibiotics", "probiotic_supplement")
CHECKIN_RATINGS = ("mood", "anxiety", "energy")
SCREENER_ITEMS = {instrument: len(scale.items) for instrument, scale in SCALES.items()}  # answers, each 0–3
SCREENER_ANSWER = ColumnRange(Decimal(min(ANSWER_VALUES)), Decimal(max(ANSWER_VALUES)), 0)
PLAN_FLAGS = ("phq9", "gad7", "reminders")
# A backup nests at most 7 deep (document, days, day, meals, meal, items, item); anything
# deeper is refused before it is checked, so no value is ever walked or quoted recursively.
MAX_DEPTH = 8
# A check-in's rating: whole from the day page, or a day mean of two decimals from a daily CSV.
CHECKIN_RATING = ColumnRange(RATING_RANGE.low, RATING_RANGE.high, 2)


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


def _rating(value: Decimal | None) -> Any:
    """A whole rating stays a JSON integer (3, not 3.0); an imported day mean keeps its decimals."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else _number(value)


def _day_json(
    day: JournalDay, checkins: list[MoodCheckIn], meals: list[Meal], trackers: dict[str, Any]
) -> dict[str, Any]:
    out: dict[str, Any] = {"date": day.date.isoformat()}
    for name in DAY_NUMBER_FIELDS:
        out[name] = _number(getattr(day, name))
    for name in (*DAY_FLAG_FIELDS, *DAY_OPTIONAL_FLAGS):
        out[name] = getattr(day, name)
    out["notes"] = day.notes
    out["checkins"] = [
        {
            "time": _time(c.time),
            **{name: _rating(getattr(c, name)) for name in CHECKIN_RATINGS},
            **{name: getattr(c, name) for name in ("note", "activities", "scales")},
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
    if trackers:  # only days with tracker values carry the key: older backups read the same
        out["trackers"] = trackers
    return out


def _trackers_json(user: User) -> tuple[list[dict[str, Any]], dict[int, dict[str, Any]]]:
    """The person's trackers in the order they were made, and per day id its values (two queries)."""
    trackers = [
        {"kind": t.kind, "slug": t.slug, "name": t.name, "unit": t.unit, "archived": t.archived}
        for t in Tracker.objects.filter(user=user).order_by("pk")
    ]
    values: dict[int, dict[str, Any]] = {}
    rows = TrackerValue.objects.filter(tracker__user=user).order_by("tracker_id")
    for day_id, kind, slug, value in rows.values_list("day_id", "tracker__kind", "tracker__slug", "value"):
        values.setdefault(day_id, {})[f"{kind}:{slug}"] = _number(value)
    return trackers, values


def _experiments_json(user: User) -> list[dict[str, Any]]:
    """Two queries: the experiments (with their guidance card's slug) and their ticks.

    Oldest start first, so a series' first run always comes before its repeats, which
    name it by its place in this list (ids never leave the server).
    """
    ticks = Prefetch("ticks", queryset=AdherenceTick.objects.order_by("date"))
    experiments = list(
        Experiment.objects.filter(user=user).order_by("start", "pk").select_related("guidance").prefetch_related(ticks)
    )
    index = {experiment.pk: i for i, experiment in enumerate(experiments)}
    first_run = {experiment.pk: experiment.series_id or experiment.pk for experiment in experiments}
    return [
        {
            "change": experiment.change,
            "factor": experiment.factor,
            "guidance": experiment.guidance.slug if experiment.guidance else None,
            "outcome": experiment.outcome,
            "start": experiment.start.isoformat(),
            "length_days": experiment.length_days,
            "washout_days": experiment.washout_days,
            "stopped_on": experiment.stopped_on.isoformat() if experiment.stopped_on else None,
            "series": index[first_run[experiment.series_id]] if experiment.series_id else None,
            "ticks": [{"date": tick.date.isoformat(), "done": tick.done} for tick in experiment.ticks.all()],
        }
        for experiment in experiments
    ]


def _checkin_plan_json(user: User) -> dict[str, Any] | None:
    plan = CheckinPlan.objects.filter(user=user).first()
    if plan is None:
        return None
    return {"phq9": plan.phq9, "gad7": plan.gad7, "every_days": plan.every_days, "reminders": plan.reminders}


def _screeners_json(user: User) -> list[dict[str, Any]]:
    """The answers, never the score: an import works the score out again from them."""
    results = ScreenerResult.objects.filter(user=user).order_by("taken_on", "instrument")
    return [
        {
            "instrument": result.instrument,
            "taken_on": result.taken_on.isoformat(),
            "answers": list(result.answers),
            "safety_pending": result.safety_pending,
        }
        for result in results
    ]


def export_document(user: User) -> dict[str, Any]:
    """Thirteen queries for any size of journal: profile, foods, days, check-ins, meals with their items,
    trackers and their values, experiments with their ticks, the check-in plan, the screener results and
    the push subscriptions."""
    profile = profile_for(user)
    days = list(JournalDay.objects.filter(user=user).order_by("date"))
    checkins: dict[int, list[MoodCheckIn]] = {}
    for checkin in MoodCheckIn.objects.filter(day__user=user).order_by("day_id", "time", "id"):
        checkins.setdefault(checkin.day_id, []).append(checkin)
    meals: dict[int, list[Meal]] = {}
    items = Prefetch("items", queryset=MealItem.objects.select_related("food").order_by("id"))
    for meal in Meal.objects.filter(day__user=user).order_by("day_id", "time", "id").prefetch_related(items):
        meals.setdefault(meal.day_id, []).append(meal)
    trackers, tracker_values = _trackers_json(user)
    document = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "profile": {"display_name": profile.display_name, "time_zone": profile.time_zone},
        "foods": [_food_json(food) for food in Food.objects.filter(owner=user).order_by("name")],
        "days": [
            _day_json(day, checkins.get(day.pk, []), meals.get(day.pk, []), tracker_values.get(day.pk, {}))
            for day in days
        ],
        "experiments": _experiments_json(user),
        "checkin_plan": _checkin_plan_json(user),
        "screeners": _screeners_json(user),
        "reminders": reminders_backup.export(user),
    }
    if trackers:  # optional on import: a backup without trackers reads as before
        document["trackers"] = trackers
    return document


def export_json(user: User) -> str:
    return json.dumps(export_document(user), ensure_ascii=False, indent=1) + "\n"


FIBER_PER_SERVING = ColumnRange(Decimal("0"), Decimal("100"), 1)


def _reject(reason: str) -> ImportRejected:
    return ImportRejected([RowError(None, None, reason)])


def _nested_deeper_than(value: Any, limit: int) -> bool:
    """Walks the document with a stack of its own, so no depth can exhaust Python's."""
    stack = [(value, 1)]
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
        for child in children:
            if isinstance(child, dict | list):
                if depth + 1 > limit:
                    return True
                stack.append((child, depth + 1))
    return False


def _too_deep() -> ImportRejected:
    return _reject(
        _("the file is nested too deeply to be a backup (lists and objects inside each other more than %(limit)s deep)")
        % {"limit": MAX_DEPTH}
    )


def load_document(data: bytes) -> dict[str, Any]:
    try:
        doc = json.loads(decode(data), parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise _reject(
            _("the file is not valid JSON (line %(line)s, column %(column)s: %(error)s)")
            % {"line": exc.lineno, "column": exc.colno, "error": exc.msg}
        ) from None
    except RecursionError:  # the decoder recurses once per level: a hostile file can exhaust the stack
        raise _too_deep() from None
    if _nested_deeper_than(doc, MAX_DEPTH):
        raise _too_deep()
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

    def calendar_date(self, path: str, value: Any, today: date, required: bool = True) -> date | None:
        if value is None and not required:
            return None
        parsed, reason = parse_date(value if isinstance(value, str) else repr(value), today)
        if reason:
            self.fail(path, reason)
        return parsed

    def whole(self, path: str, value: Any, rule: ColumnRange) -> int | None:
        """A required whole number within `rule`."""
        if value is None:
            self.fail(path, _("is required"))
            return None
        return self.number(path, value, rule, whole=True)

    def choice(self, path: str, value: Any, choices: list) -> Any:
        if value not in choices or isinstance(value, bool):
            self.fail(
                path,
                _("%(value)s is not one of %(choices)s")
                % {"value": repr(value), "choices": ", ".join(str(choice) for choice in choices)},
            )
            return None
        return value

    def required_flag(self, path: str, value: Any) -> bool:
        if not isinstance(value, bool):
            self.fail(path, _("must be true or false"))
            return False
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


def _whole_if_whole(value: Any) -> Any:
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


def _trackers(check: _Checker, raw: Any) -> list[TrackerData]:
    trackers: list[TrackerData] = []
    slugs: set[str] = set()
    names: set[str] = set()
    for i, item in enumerate(check.items_of("trackers", raw)):
        path = f"trackers[{i}]"
        item = check.record(path, item)
        kind = check.choice(f"{path}.kind", item.get("kind"), list(KINDS))
        slug = check.text(f"{path}.slug", item.get("slug"), NAME_MAX_LENGTH, required=True)
        if slug and (slugify(slug) != slug or slug in slugs):
            check.fail(f"{path}.slug", _("%(slug)s is not a short name of its own") % {"slug": repr(slug)})
        name = check.text(f"{path}.name", item.get("name"), NAME_MAX_LENGTH, required=True)
        if name.casefold() in names:
            check.fail(f"{path}.name", _("%(name)s appears twice") % {"name": repr(name)})
        slugs.add(slug)
        names.add(name.casefold())
        trackers.append(
            TrackerData(
                kind=kind or "",
                slug=slug,
                name=name,
                unit=check.text(f"{path}.unit", item.get("unit"), UNIT_MAX_LENGTH),
                archived=bool(check.flag(f"{path}.archived", item.get("archived"), False)),
                column_label=path,
            )
        )
    return trackers


def _tracker_values(check: _Checker, path: str, raw: Any, kinds: dict[str, str]) -> dict[str, Decimal]:
    values: dict[str, Decimal] = {}
    for column, value in (check.record(path, raw) if raw is not None else {}).items():
        if column not in kinds:
            check.fail(f"{path}.{column}", _("not one of the backup's trackers"))
            continue
        number = check.number(f"{path}.{column}", value, TRACKER_RANGES[kinds[column]])
        if number is not None:
            values[column] = Decimal(number)
    return values


def _checkin(check: _Checker, path: str, raw: Any) -> CheckInData:
    raw = check.record(path, raw)
    ratings = {
        name: _whole_if_whole(check.number(f"{path}.{name}", raw.get(name), CHECKIN_RATING)) for name in CHECKIN_RATINGS
    }
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


def _day(
    check: _Checker, path: str, raw: Any, today: date, known: dict[bool, set[str]], kinds: dict[str, str]
) -> DayData | None:
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
    trackers = _tracker_values(check, f"{path}.trackers", raw.get("trackers"), kinds)
    if day_date is None:
        return None
    return DayData(date=day_date, fields=fields, checkins=checkins, meals=meals, trackers=trackers)


LENGTH_DAYS = ColumnRange(Decimal(MIN_LENGTH_DAYS), Decimal(MAX_LENGTH_DAYS), 0)
WASHOUT_DAYS = ColumnRange(Decimal(0), Decimal(MAX_WASHOUT_DAYS), 0)


def _ticks(
    check: _Checker, path: str, raw: Any, today: date, days: tuple[date, date] | None
) -> list[tuple[date, bool]]:
    ticks, seen = [], set()
    for j, tick in enumerate(check.items_of(path, raw)):
        tick_path = f"{path}[{j}]"
        tick = check.record(tick_path, tick)
        day = check.calendar_date(f"{tick_path}.date", tick.get("date"), today)
        done = check.required_flag(f"{tick_path}.done", tick.get("done"))
        if day is None:
            continue
        if day in seen:
            check.fail(f"{tick_path}.date", _("%(date)s appears twice") % {"date": day.isoformat()})
        elif days is not None and not days[0] <= day <= days[1]:
            check.fail(
                f"{tick_path}.date",
                _("%(date)s is not one of the experiment's days (%(first)s to %(last)s)")
                % {"date": day.isoformat(), "first": days[0].isoformat(), "last": days[1].isoformat()},
            )
        seen.add(day)
        ticks.append((day, done))
    return ticks


def _experiment(check: _Checker, path: str, raw: dict, today: date, slugs: set[str]) -> tuple[ExperimentData, bool]:
    """The experiment (placeholders where a value is at fault) and whether its start and change are sound."""
    change = check.text(f"{path}.change", raw.get("change"), CHANGE_MAX_LENGTH, required=True)
    factor = check.text(f"{path}.factor", raw.get("factor"))
    if factor and factor not in FACTOR_COLUMNS:
        check.fail(f"{path}.factor", _("%(value)s is not a column of the journal") % {"value": repr(factor)})
    guidance = raw.get("guidance")
    if guidance is not None and not isinstance(guidance, str):
        check.fail(f"{path}.guidance", _("must be text or null"))
    outcome = check.choice(f"{path}.outcome", raw.get("outcome"), Experiment.Outcome.values)
    start = check.calendar_date(f"{path}.start", raw.get("start"), today)
    length = check.whole(f"{path}.length_days", raw.get("length_days"), LENGTH_DAYS)
    washout = check.whole(f"{path}.washout_days", raw.get("washout_days"), WASHOUT_DAYS)
    if length is not None and washout is not None and washout > length - MIN_USED_DAYS:
        check.fail(
            f"{path}.washout_days",
            _("%(washout)s leaves fewer than %(used)s days of a %(length)s-day experiment to compare")
            % {"washout": washout, "used": MIN_USED_DAYS, "length": length},
        )
    stopped_on = check.calendar_date(f"{path}.stopped_on", raw.get("stopped_on"), today, required=False)
    if start is not None and stopped_on is not None and stopped_on < start:
        check.fail(f"{path}.stopped_on", _("%(date)s is before the start") % {"date": stopped_on.isoformat()})
    series = raw.get("series")
    if series is not None and (isinstance(series, bool) or not isinstance(series, int)):
        check.fail(f"{path}.series", _("must be the place of an earlier experiment in this list, or null"))
        series = None
    days = (start, start + timedelta(days=length - 1)) if start is not None and length is not None else None
    experiment = ExperimentData(
        change=change,
        factor=factor,
        guidance=guidance if isinstance(guidance, str) and guidance in slugs else None,
        outcome=outcome or "",
        start=start or today,
        length_days=length or MIN_LENGTH_DAYS,
        washout_days=washout or 0,
        stopped_on=stopped_on,
        series=series,
        ticks=_ticks(check, f"{path}.ticks", raw.get("ticks"), today, days),
    )
    return experiment, start is not None and bool(change)


def _experiments(check: _Checker, raw: Any, today: date) -> list[ExperimentData]:
    """Guidance slugs this server does not know become null: another server may curate other cards."""
    records = [check.record(f"experiments[{i}]", item) for i, item in enumerate(check.items_of("experiments", raw))]
    named = {record.get("guidance") for record in records if isinstance(record.get("guidance"), str)}
    slugs = set(Guidance.objects.filter(slug__in=named).values_list("slug", flat=True)) if named else set()
    experiments: list[ExperimentData] = []
    seen: set[tuple[date, str]] = set()
    for i, record in enumerate(records):
        path = f"experiments[{i}]"
        experiment, sound = _experiment(check, path, record, today, slugs)
        key = (experiment.start, experiment.change)
        if sound and key in seen:
            check.fail(
                f"{path}.change",
                _("%(change)s starting %(date)s appears twice")
                % {"change": repr(experiment.change), "date": experiment.start.isoformat()},
            )
        if sound:
            seen.add(key)
        if experiment.series is not None:
            if not 0 <= experiment.series < i:
                check.fail(f"{path}.series", _("must be the place of an earlier experiment in this list, or null"))
            elif experiments[experiment.series].series is not None:
                check.fail(
                    f"{path}.series",
                    _("experiment %(index)s repeats another one; point at the first run of the series")
                    % {"index": experiment.series},
                )
        experiments.append(experiment)
    return experiments


def _checkin_plan(check: _Checker, raw: Any) -> dict[str, Any] | None:
    """Missing keys take the plan's defaults, as a plan made on the check-ins page would."""
    if raw is None:
        return None
    raw = check.record("checkin_plan", raw)
    plan: dict[str, Any] = {}
    for name in PLAN_FLAGS:
        plan[name] = check.required_flag(
            f"checkin_plan.{name}", raw.get(name, cast(Field, CheckinPlan._meta.get_field(name)).default)
        )
    every = raw.get("every_days", CheckinPlan.Every.TWO_WEEKS.value)
    plan["every_days"] = (
        int(every) if check.choice("checkin_plan.every_days", every, CheckinPlan.Every.values) else None
    )
    return plan


def _screener(check: _Checker, path: str, raw: Any, today: date) -> tuple[ScreenerData, bool]:
    """The result (placeholders where a value is at fault) and whether its instrument and date are sound."""
    raw = check.record(path, raw)
    instrument = check.choice(f"{path}.instrument", raw.get("instrument"), Instrument.values)
    taken_on = check.calendar_date(f"{path}.taken_on", raw.get("taken_on"), today)
    answers_raw = check.items_of(f"{path}.answers", raw.get("answers"))
    if instrument is not None and len(answers_raw) != SCREENER_ITEMS[instrument]:
        check.fail(
            f"{path}.answers",
            _("%(instrument)s has %(items)s answers, not %(count)s")
            % {
                "instrument": Instrument(instrument).label,
                "items": SCREENER_ITEMS[instrument],
                "count": len(answers_raw),
            },
        )
    answers = [check.whole(f"{path}.answers[{k}]", value, SCREENER_ANSWER) for k, value in enumerate(answers_raw)]
    pending = check.flag(f"{path}.safety_pending", raw.get("safety_pending"), nullable=False)
    # Only an answer above zero to PHQ-9 item 9 can leave a help message waiting on home.
    sound = instrument is not None and len(answers) == SCREENER_ITEMS[instrument] and None not in answers
    pending = (
        bool(pending)
        and sound
        and needs_safety_message(instrument, [answer for answer in answers if answer is not None])
    )
    screener = ScreenerData(
        instrument=instrument or "",
        taken_on=taken_on or today,
        answers=[answer or 0 for answer in answers],
        safety_pending=pending,
    )
    return screener, instrument is not None and taken_on is not None


def _screeners(check: _Checker, raw: Any, today: date) -> list[ScreenerData]:
    screeners, seen = [], set()
    for i, item in enumerate(check.items_of("screeners", raw)):
        path = f"screeners[{i}]"
        screener, sound = _screener(check, path, item, today)
        key = (screener.instrument, screener.taken_on)
        if sound and key in seen:
            check.fail(
                f"{path}.taken_on",
                _("a %(instrument)s result for %(date)s appears twice")
                % {"instrument": screener.instrument, "date": screener.taken_on.isoformat()},
            )
        if sound:
            seen.add(key)
        screeners.append(screener)
    return screeners


def parse_json(data: bytes, user: User, today: date) -> ParsedImport:
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
    trackers = _trackers(check, doc.get("trackers"))
    kinds = {tracker.column: tracker.kind for tracker in trackers}
    raw_days = check.items_of("days", doc.get("days"))
    if len(raw_days) > most_days(today):
        raise _reject(
            _("the backup has more days than there are from %(earliest)s to today (%(most)s)")
            % {"earliest": EARLIEST_DATE.isoformat(), "most": most_days(today)}
        )
    days, seen = [], set()
    for i, raw in enumerate(raw_days):
        day = _day(check, f"days[{i}]", raw, today, known, kinds)
        if day is not None and day.date in seen:
            check.fail(f"days[{i}].date", _("%(date)s appears twice") % {"date": day.date.isoformat()})
        elif day is not None:
            seen.add(day.date)
            days.append(day)
    experiments = _experiments(check, doc.get("experiments"), today)
    checkin_plan = _checkin_plan(check, doc.get("checkin_plan"))
    screeners = _screeners(check, doc.get("screeners"), today)
    reminders = reminders_backup.parse(doc.get("reminders"), check.fail)
    errors.raise_if_any()
    return ParsedImport(
        days=days,
        foods=foods,
        profile=profile,
        experiments=experiments,
        checkin_plan=checkin_plan,
        screeners=screeners,
        reminders=reminders,
        trackers=trackers,
    )
