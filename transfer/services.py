"""The one write path of every import (daily CSV, JSON, Daylio, Daylio backups, Bearable, Apple Health, the demo).

A parsed file is checked in full before this runs; here it is written in one
transaction with bulk inserts: a handful of queries per import, however many
rows. Days already in the journal are skipped (and reported) unless the person
asks to replace them; a replaced day is deleted with everything in it and
written again, so re-importing the same file never doubles anything. Apple Health
imports only fill the blank fields of days already there (`ParsedImport.fills_fields`).
"""

import base64
import binascii
import io
import json
import os
from collections.abc import Callable, Container
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import IO, Any, cast

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Field
from django.utils.translation import gettext as _

from accounts.models import profile_for, today_for
from accounts.types import User
from checkins.models import CheckinPlan, ScreenerResult
from experiments.models import AdherenceTick, Experiment
from experiments.versions import experiments_changed
from insights.models import Guidance
from journal.models import Food, JournalDay, Meal, MealItem, MoodCheckIn
from journal.queries import days_for
from journal.services import foods_changed, journal_changed, lock_journal, writing_in_bulk
from reminders import backup as reminders_backup
from trackers.models import Tracker, TrackerValue
from trackers.queries import trackers_for, values_on_dates
from trackers.services import make_missing, name_from_slug
from transfer.apple_health import parse_apple_health
from transfer.bearable import looks_like_bearable, parse_bearable
from transfer.daily_csv import parse_csv
from transfer.daylio import (
    activity_counts,
    guess_mood,
    leave_out_activities,
    looks_like_daylio,
    normalise_mood,
    parse_daylio,
    without_food_matches,
)
from transfer.daylio_backup import parse_daylio_backup, read_backup
from transfer.formats import (
    DayData,
    Errors,
    ExperimentData,
    ImportRejected,
    MealData,
    ParsedImport,
    ProgressCallback,
    RowError,
    ScreenerData,
    TrackerData,
    UnmappedMoods,
    UnreadableRows,
    no_progress,
)
from transfer.full_json import parse_json

FORMATS = ("csv", "json", "daylio", "daylio-backup", "apple-health", "bearable")
ZIP_FORMATS = ("daylio-backup", "apple-health")
# Each day column an import may fill, in the order of the daily columns, for the per-field preview.
FIELD_ORDER = (
    "sleep_hours",
    "sleep_quality",
    "exercise_minutes",
    "mindfulness_minutes",
    "water_glasses",
    "fiber_g",
    "stress",
    "bloating",
    "abdominal_pain",
    "stool_type",
    "probiotic_supplement",
    "notes",
)
SKIPPED_SHOWN = 10  # skipped dates kept for the summary page
UPLOAD_MAX_AGE = 60 * 60  # seconds a previewed file may wait for its confirmation
PAYLOAD_MARGIN = 64 * 1024  # room for the other fields of the confirm form


@dataclass
class ImportSummary:
    days_created: int = 0
    days_replaced: int = 0
    days_filled: int = 0  # days already in the journal that got blank fields filled (Apple Health)
    skipped_dates: list[date] = field(default_factory=list)
    checkins: int = 0
    meals: int = 0
    meal_items: int = 0
    foods_created: int = 0
    experiments_created: int = 0
    experiments_replaced: int = 0
    experiments_skipped: int = 0
    screeners_created: int = 0
    screeners_replaced: int = 0
    screeners_skipped: int = 0
    checkin_plan_set: bool = False
    trackers_created: int = 0
    tracker_values: int = 0

    def for_session(self) -> dict:
        """A small, JSON-friendly copy for the summary page (the first skipped dates only)."""
        return {
            "days_created": self.days_created,
            "days_replaced": self.days_replaced,
            "days_filled": self.days_filled,
            "skipped": len(self.skipped_dates),
            "skipped_dates": [d.isoformat() for d in self.skipped_dates[:SKIPPED_SHOWN]],
            "checkins": self.checkins,
            "meals": self.meals,
            "foods_created": self.foods_created,
            "experiments_created": self.experiments_created,
            "experiments_replaced": self.experiments_replaced,
            "experiments_skipped": self.experiments_skipped,
            "screeners_created": self.screeners_created,
            "screeners_replaced": self.screeners_replaced,
            "screeners_skipped": self.screeners_skipped,
            "checkin_plan_set": self.checkin_plan_set,
            "trackers_created": self.trackers_created,
            "tracker_values": self.tracker_values,
        }

    def describe(self) -> str:
        text = (
            f"{self.days_created} days added, {self.days_replaced} replaced, {len(self.skipped_dates)} skipped "
            f"(already in the journal); {self.checkins} check-ins, {self.meals} meals"
        )
        text += f"; {self.days_filled} days already there had blank fields filled" if self.days_filled else ""
        text += f", {self.foods_created} own foods" if self.foods_created else ""
        if self.trackers_created or self.tracker_values:
            text += f"; trackers: {self.trackers_created} added, {self.tracker_values} values"
        if self.experiments_created or self.experiments_replaced or self.experiments_skipped:
            text += (
                f"; experiments: {self.experiments_created} added, {self.experiments_replaced} replaced, "
                f"{self.experiments_skipped} skipped"
            )
        if self.screeners_created or self.screeners_replaced or self.screeners_skipped:
            text += (
                f"; questionnaire results: {self.screeners_created} added, {self.screeners_replaced} replaced, "
                f"{self.screeners_skipped} skipped"
            )
        return text + ("; check-in plan set" if self.checkin_plan_set else "")


def plan_import(user: User, parsed: ParsedImport, replace: bool = False) -> tuple[list[DayData], ImportSummary]:
    """What an import would do, without writing: the days to write and the counts (one query)."""
    if parsed.fills_fields:
        return _plan_fills(user, parsed, replace)
    existing = set(days_for(user).filter(date__in=[d.date for d in parsed.days]).values_list("date", flat=True))
    summary = ImportSummary()
    to_write = []
    for day in parsed.days:
        if day.date in existing and not replace:
            summary.skipped_dates.append(day.date)
            continue
        to_write.append(day)
        if day.date in existing:
            summary.days_replaced += 1
        else:
            summary.days_created += 1
        summary.checkins += len(day.checkins)
        summary.meals += len(day.meals)
        summary.meal_items += sum(len(meal.items) for meal in day.meals)
        summary.tracker_values += len(day.trackers)
    summary.trackers_created = check_trackers(user, parsed.trackers)
    own = set(Food.objects.filter(owner=user).values_list("name", flat=True))
    summary.foods_created = sum(1 for food in parsed.foods if food["name"] not in own)
    _plan_extras(user, parsed, replace, summary)
    return to_write, summary


def check_trackers(user: User, trackers: list[TrackerData]) -> int:
    """The file's trackers against the person's: refused (ImportRejected, by column) when one would clash.
    Returns how many trackers the import would make (one query; none without trackers)."""
    if not trackers:
        return 0
    mine = list(trackers_for(user))
    by_slug = {t.slug: t for t in mine}
    names = {t.name.casefold(): t.column for t in mine}
    errors = Errors()
    new = 0
    for data in trackers:
        where = data.column_label or data.column
        found = by_slug.get(data.slug)
        if found is not None:
            if found.kind != data.kind:
                errors.add(
                    None,
                    where,
                    _("your tracker “%(name)s” has this name as %(column)s: a name is one tracker of one kind")
                    % {"name": found.name, "column": found.column},
                )
            continue
        name = data.name or name_from_slug(data.slug)
        if name.casefold() in names:
            errors.add(
                None,
                where,
                _("a new tracker “%(name)s” would clash with your tracker %(column)s of the same name")
                % {"name": name, "column": names[name.casefold()]},
            )
        names[name.casefold()] = data.column
        new += 1
    errors.raise_if_any()
    return new


def _tally(keys: list[Any], existing: Container[Any], replace: bool) -> tuple[int, int, int]:
    """How many of `keys` an import would create, replace and skip, given the keys already there."""
    present = sum(1 for key in keys if key in existing)
    return len(keys) - present, present if replace else 0, 0 if replace else present


def _plan_extras(user: User, parsed: ParsedImport, replace: bool, summary: ImportSummary) -> None:
    """The counts for experiments, questionnaire results and the check-in plan (no query when there are none)."""
    if parsed.experiments:
        keys = [(experiment.start, experiment.change) for experiment in parsed.experiments]
        existing = _matching_experiments(user, parsed.experiments)
        (
            summary.experiments_created,
            summary.experiments_replaced,
            summary.experiments_skipped,
        ) = _tally(keys, existing, replace)
    if parsed.screeners:
        screener_keys = [(screener.instrument, screener.taken_on) for screener in parsed.screeners]
        taken = _matching_screeners(user, parsed.screeners)
        summary.screeners_created, summary.screeners_replaced, summary.screeners_skipped = _tally(
            screener_keys, taken, replace
        )
    if parsed.checkin_plan is not None:
        summary.checkin_plan_set = replace or not CheckinPlan.objects.filter(user=user).exists()


def _existing_days(user: User, parsed: ParsedImport) -> dict[date, JournalDay]:
    dates = [day.date for day in parsed.days]
    return {day.date: day for day in days_for(user).filter(date__in=dates)}


def _changes(day: DayData, row: JournalDay | None, replace: bool) -> dict[str, Any]:
    """The fields of `day` an import writes onto `row`: the blank ones, or every one that differs with replace."""
    if row is None:
        return day.fields
    return {
        name: value
        for name, value in day.fields.items()
        if (replace or getattr(row, name) in (None, "")) and getattr(row, name) != value
    }


def _tracker_changes(day: DayData, present: dict[str, Decimal], replace: bool) -> dict[str, Decimal]:
    """Like `_changes` for the day's tracker values: those the day lacks, or every one that differs with replace."""
    return {
        column: value
        for column, value in day.trackers.items()
        if (replace or column not in present) and present.get(column) != value
    }


def _present_values(user: User, parsed: ParsedImport, existing: Container[date]) -> dict[date, dict[str, Decimal]]:
    """The tracker values already on the days the file fills (one query; none without tracker values)."""
    dates = [day.date for day in parsed.days if day.trackers and day.date in existing]
    return values_on_dates(user, dates) if dates else {}


def _plan_fills(user: User, parsed: ParsedImport, replace: bool) -> tuple[list[DayData], ImportSummary]:
    existing = _existing_days(user, parsed)
    present = _present_values(user, parsed, existing)
    summary = ImportSummary()
    to_write = []
    for day in parsed.days:
        row = existing.get(day.date)
        changes = _changes(day, row, replace)
        tracked = _tracker_changes(day, present.get(day.date, {}), replace)
        if row is None:
            summary.days_created += 1
        elif changes or tracked:
            summary.days_filled += 1
        else:
            summary.skipped_dates.append(day.date)
            continue
        summary.tracker_values += len(tracked)
        to_write.append(DayData(date=day.date, fields=changes, trackers=tracked))
    summary.trackers_created = check_trackers(user, parsed.trackers)
    return to_write, summary


def field_plan(user: User, parsed: ParsedImport, replace: bool) -> list[dict[str, Any]]:
    """Per day field in the file, then per tracker: on how many days it would be written, and on how many
    the journal already has a value (kept, unless replace)."""
    existing = _existing_days(user, parsed)
    rows = []
    for name in FIELD_ORDER:
        dated = [day for day in parsed.days if name in day.fields]
        if not dated:
            continue
        logged = sum(1 for day in dated if getattr(existing.get(day.date), name, None) not in (None, ""))
        if parsed.fills_fields:
            filled = sum(1 for day in dated if name in _changes(day, existing.get(day.date), replace))
        else:
            filled = sum(1 for day in dated if replace or day.date not in existing)
        label = cast(Field, JournalDay._meta.get_field(name)).verbose_name
        rows.append({"name": name, "label": label, "days": len(dated), "filled": filled, "logged": logged})
    return rows + _tracker_rows(user, parsed, replace, existing)


def _tracker_rows(
    user: User, parsed: ParsedImport, replace: bool, existing: dict[date, JournalDay]
) -> list[dict[str, Any]]:
    present = _present_values(user, parsed, existing)
    rows = []
    for tracker in parsed.trackers:
        dated = [day for day in parsed.days if tracker.column in day.trackers]
        if not dated:
            continue
        logged = sum(1 for day in dated if tracker.column in present.get(day.date, {}))
        if parsed.fills_fields:
            filled = sum(
                1 for day in dated if tracker.column in _tracker_changes(day, present.get(day.date, {}), replace)
            )
        else:
            filled = sum(1 for day in dated if replace or day.date not in existing)
        label = tracker.name or name_from_slug(tracker.slug)
        rows.append({"name": tracker.column, "label": label, "days": len(dated), "filled": filled, "logged": logged})
    return rows


def run_import(user: User, parsed: ParsedImport, replace: bool = False) -> ImportSummary:
    """Writes a checked import in one transaction; returns what was done."""
    with transaction.atomic(), writing_in_bulk(user):  # one change recorded, not one per deleted day
        lock_journal(user)  # day saves wait for the import, so its plan stays true until it is written
        summary = _fill_days(user, parsed, replace) if parsed.fills_fields else _write_import(user, parsed, replace)
    journal_changed(user)
    return summary


def _write_import(user: User, parsed: ParsedImport, replace: bool) -> ImportSummary:
    to_write, summary = plan_import(user, parsed, replace)
    _apply_profile(user, parsed.profile, replace)
    _create_own_foods(user, parsed.foods)
    if replace:
        days_for(user).filter(date__in=[day.date for day in to_write]).delete()
    _write_days(user, to_write, _trackers_by_column(user, parsed))
    _write_experiments(user, parsed.experiments, replace)
    _write_screeners(user, parsed.screeners, replace)
    _apply_checkin_plan(user, parsed.checkin_plan, replace)
    reminders_backup.restore(user, parsed.reminders, replace)
    return summary


def _trackers_by_column(user: User, parsed: ParsedImport) -> dict[str, Tracker]:
    """The file's trackers made where missing (checked in the plan), by column; no query without trackers."""
    return make_missing(user, parsed.trackers) if parsed.trackers else {}


def _fill_days(user: User, parsed: ParsedImport, replace: bool) -> ImportSummary:
    """New days are created; days already there get the planned fields set, in one bulk update per field set,
    and the planned tracker values written (over the day's own with replace)."""
    to_write, summary = _plan_fills(user, parsed, replace)
    existing = _existing_days(user, parsed)
    by_column = _trackers_by_column(user, parsed)
    new = [day for day in to_write if day.date not in existing]
    _write_days(user, new, by_column)
    changed = []
    names: set[str] = set()
    values = []
    for day in to_write:
        row = existing.get(day.date)
        if row is None:
            continue
        values += [TrackerValue(day_id=row.pk, tracker=by_column[c], value=v) for c, v in day.trackers.items()]
        if day.fields:
            for name, value in day.fields.items():
                setattr(row, name, value)
            names.update(day.fields)
            changed.append(row)
    if changed:
        JournalDay.objects.bulk_update(changed, sorted(names | {"updated_at"}), batch_size=500)
    if values:
        TrackerValue.objects.bulk_create(
            values, update_conflicts=True, unique_fields=["tracker", "day"], update_fields=["value"]
        )
    return summary


def _apply_profile(user: User, settings: dict[str, str], replace: bool) -> None:
    """A backup's display name and time zone fill in what the profile lacks (or overwrite, with replace)."""
    if not settings:
        return
    profile = profile_for(user)
    defaults = {"display_name": "", "time_zone": "UTC"}
    changed = False
    for name, value in settings.items():
        if value and (replace or getattr(profile, name) == defaults[name]) and getattr(profile, name) != value:
            setattr(profile, name, value)
            changed = True
    if changed:
        profile.save()


def _apply_checkin_plan(user: User, plan: dict | None, replace: bool) -> None:
    """Like the profile: a backup's plan is taken when the person has none yet, or over theirs with replace."""
    if plan is None:
        return
    current = CheckinPlan.objects.filter(user=user).first()
    if current is None:
        CheckinPlan.objects.create(user=user, **plan)
    elif replace and any(getattr(current, name) != value for name, value in plan.items()):
        for name, value in plan.items():
            setattr(current, name, value)
        current.save()


def _matching_experiments(user: User, experiments: list[ExperimentData]) -> dict[tuple[date, str], Experiment]:
    """The person's experiments with the start and change of one in the backup (the oldest, if several)."""
    starts = {experiment.start for experiment in experiments}
    found: dict[tuple[date, str], Experiment] = {}
    for experiment in user.experiments.filter(start__in=starts).order_by("-pk"):
        found[(experiment.start, experiment.change)] = experiment
    return found


EXPERIMENT_FIELDS = [
    "change",
    "factor",
    "guidance_id",
    "outcome",
    "start",
    "length_days",
    "washout_days",
    "stopped_on",
    "series_id",
]


def _experiment_fields(data: ExperimentData, series_id: int | None, guidance_id: int | None) -> dict:
    return {
        "change": data.change,
        "factor": data.factor,
        "guidance_id": guidance_id,
        "outcome": data.outcome,
        "start": data.start,
        "length_days": data.length_days,
        "washout_days": data.washout_days,
        "stopped_on": data.stopped_on,
        "series_id": series_id,
    }


def _write_experiments(user: User, experiments: list[ExperimentData], replace: bool) -> None:
    """First runs, then repeats (which need their first run's id); a replaced experiment keeps its row and id,
    so repeats already pointing at it stay in their series, and its ticks are written again."""
    if not experiments:
        return
    existing = _matching_experiments(user, experiments)
    guidance = _guidance_ids({data.guidance for data in experiments if data.guidance})
    first_runs: dict[int, int] = {}  # index in the backup -> id of the first run it became (or already was)
    written: list[tuple[ExperimentData, Experiment]] = []
    replaced: list[int] = []
    for wave in (
        [i for i, data in enumerate(experiments) if data.series is None],
        [i for i, data in enumerate(experiments) if data.series is not None],
    ):
        created, updated = [], []
        for i in wave:
            data = experiments[i]
            series_id = first_runs[data.series] if data.series is not None else None
            fields = _experiment_fields(data, series_id, guidance.get(data.guidance) if data.guidance else None)
            match = existing.get((data.start, data.change))
            if match is None:
                created.append((i, Experiment(user=user, **fields)))
                continue
            if replace:
                for name, value in fields.items():
                    setattr(match, name, value)
                updated.append((i, match))
                replaced.append(match.pk)
            else:
                first_runs[i] = match.series_id or match.pk
        Experiment.objects.bulk_create([row for _i, row in created])  # PostgreSQL and SQLite ≥ 3.35 return ids
        if updated:
            Experiment.objects.bulk_update([row for _i, row in updated], EXPERIMENT_FIELDS)
        for i, row in (*created, *updated):
            first_runs[i] = row.pk
            written.append((experiments[i], row))
    if replaced:
        AdherenceTick.objects.filter(experiment_id__in=replaced).delete()
    AdherenceTick.objects.bulk_create(
        [AdherenceTick(experiment_id=row.pk, date=day, done=done) for data, row in written for day, done in data.ticks]
    )
    experiments_changed(user.pk)  # bulk writes send no signal: the day page's experiments section retires


def _guidance_ids(slugs: set[str]) -> dict[str, int]:
    if not slugs:
        return {}
    return dict(Guidance.objects.filter(slug__in=slugs).values_list("slug", "pk"))


def _matching_screeners(user: User, screeners: list[ScreenerData]) -> dict[tuple[str, date], int]:
    """(instrument, date) -> id of the person's result, for the dates of the backup's results."""
    rows = user.screener_results.filter(taken_on__in={screener.taken_on for screener in screeners})
    return {(instrument, taken_on): pk for pk, instrument, taken_on in rows.values_list("pk", "instrument", "taken_on")}


def _write_screeners(user: User, screeners: list[ScreenerData], replace: bool) -> None:
    """The score is the sum of the answers, never a number read from the file."""
    if not screeners:
        return
    taken = _matching_screeners(user, screeners)
    keys = [(screener.instrument, screener.taken_on) for screener in screeners]
    if replace:
        ScreenerResult.objects.filter(pk__in=[taken[key] for key in keys if key in taken]).delete()
    ScreenerResult.objects.bulk_create(
        [
            ScreenerResult(
                user=user,
                instrument=screener.instrument,
                taken_on=screener.taken_on,
                answers=screener.answers,
                score=sum(screener.answers),
                safety_pending=screener.safety_pending,
            )
            for screener, key in zip(screeners, keys, strict=True)
            if replace or key not in taken
        ]
    )


def _create_own_foods(user: User, foods: list[dict]) -> None:
    if not foods:
        return
    own = set(Food.objects.filter(owner=user).values_list("name", flat=True))
    Food.objects.bulk_create([Food(owner=user, **food) for food in foods if food["name"] not in own])
    foods_changed(user)  # bulk_create sends no signal: the picker's foods.json needs a new version


def _food_ids(user: User, days: list[DayData]) -> dict[tuple[str, bool], int]:
    names = {item.food for day in days for meal in day.meals for item in meal.items}
    if not names:
        return {}
    rows = Food.objects.filter(name__in=names).filter(owner__isnull=True) | Food.objects.filter(
        name__in=names, owner=user
    )
    return {(name, owner is not None): pk for pk, name, owner in rows.values_list("pk", "name", "owner_id")}


def _write_days(user: User, days: list[DayData], by_column: dict[str, Tracker]) -> None:
    if not days:
        return
    JournalDay.objects.bulk_create([JournalDay(user=user, date=day.date, **day.fields) for day in days])
    ids = dict(days_for(user).filter(date__in=[day.date for day in days]).values_list("date", "pk"))
    MoodCheckIn.objects.bulk_create(
        [MoodCheckIn(day_id=ids[day.date], **checkin.__dict__) for day in days for checkin in day.checkins]
    )
    TrackerValue.objects.bulk_create(
        [
            TrackerValue(day_id=ids[day.date], tracker=by_column[column], value=value)
            for day in days
            for column, value in day.trackers.items()
        ]
    )
    _write_meals(user, days, ids)


def _write_meals(user: User, days: list[DayData], ids: dict[date, int]) -> None:
    pairs = [(meal, Meal(day_id=ids[day.date], **_meal_fields(meal))) for day in days for meal in day.meals]
    if not pairs:
        return
    Meal.objects.bulk_create([row for _data, row in pairs])  # PostgreSQL and SQLite ≥ 3.35 return the new ids
    foods = _food_ids(user, days)
    MealItem.objects.bulk_create(
        [
            MealItem(meal_id=row.pk, food_id=foods[(item.food, item.own)], servings=item.servings)
            for data, row in pairs
            for item in data.items
        ]
    )


def _meal_fields(meal: MealData) -> dict:
    return {"meal_type": meal.meal_type, "time": meal.time, "description": meal.description}


Source = bytes | IO[bytes]


def _stream(source: Source) -> tuple[IO[bytes], int]:
    if isinstance(source, bytes):
        return io.BytesIO(source), len(source)
    source.seek(0, os.SEEK_END)
    size = source.tell()
    source.seek(0)
    return source, size


def _bytes(source: Source, limit: int) -> bytes:
    """The whole file, for the formats read in memory (their uploads are capped well below memory)."""
    if isinstance(source, bytes):
        return source
    source.seek(0)
    data = source.read(limit + 1)
    if len(data) > limit:
        raise ImportRejected([RowError(None, None, f"this file is larger than the {limit // 2**20} MB accepted")])
    return data


def max_bytes(file_format: str) -> int:
    """The largest file of each format this server accepts (docs/formats.md, "Limits")."""
    if file_format == "apple-health":
        return settings.APPLE_HEALTH_MAX_BYTES
    if file_format == "daylio-backup":
        return settings.DAYLIO_BACKUP_MAX_BYTES
    return settings.IMPORT_MAX_BYTES


def parse_file(
    user: User,
    source: Source,
    file_format: str,
    mood_map: dict[str, int] | None = None,
    progress: ProgressCallback = no_progress,
    skip_bad_rows: bool = False,
) -> ParsedImport:
    """Checks a whole file in the given format; raises ImportRejected (nothing written) on any fault.

    `source` is the file's bytes or a seekable binary file; Apple Health exports are streamed from it.
    `skip_bad_rows` (Daylio): the person chose to import the readable rows and leave the others out."""
    today = today_for(user)
    if file_format == "apple-health":
        stream, size = _stream(source)
        return parse_apple_health(stream, size, today, progress)
    data = _bytes(source, max_bytes(file_format))
    parsers: dict[str, Callable[[], ParsedImport]] = {
        "json": lambda: parse_json(data, user, today),
        "daylio": lambda: parse_daylio(data, user, today, mood_map, skip_bad_rows),
        "daylio-backup": lambda: parse_daylio_backup(data, today, progress),
        "bearable": lambda: parse_bearable(data, today, progress, skip_bad_rows),
    }
    parsed = parsers.get(file_format, lambda: parse_csv(data, today))()
    progress(1, 1)
    return parsed


def guess_format(filename: str, data: bytes) -> str:
    """By extension, then by the first bytes: a zip (Daylio backup or Apple Health export; so is any `.zip`),
    Apple Health's XML, a JSON object, Bearable's quoted `"date","weekday"` header or a Daylio header (`full_date`,
    `time` and `mood` in any order)."""
    name = filename.lower()
    if name.endswith(".daylio"):
        return "daylio-backup"
    if data[:4] == b"PK\x03\x04":
        return "daylio-backup" if b"backup.daylio" in data[:200] else "apple-health"
    if name.endswith(".zip"):  # not a zip inside: the Apple Health reader says so, rather than a CSV's errors
        return "apple-health"
    start = data[:400].decode("utf-8-sig", errors="replace").lstrip().lower()
    if name.endswith(".xml") or start.startswith("<?xml") or start.startswith("<healthdata"):
        return "apple-health"
    if name.endswith(".json") or start.startswith("{"):
        return "json"
    if looks_like_bearable(start):
        return "bearable"
    return "daylio" if looks_like_daylio(start) else "csv"


def needs_task(file_format: str, size: int, head: bytes) -> bool:
    """Whether a file is checked and imported by a background task rather than within the request:
    every Apple Health export, and anything over IMPORT_INLINE_MAX_BYTES or IMPORT_INLINE_MAX_ROWS rows.
    `head` is the whole file whenever it is within the size limit."""
    if file_format == "apple-health" or size > settings.IMPORT_INLINE_MAX_BYTES:
        return True
    return import_rows(file_format, head) > settings.IMPORT_INLINE_MAX_ROWS


def import_rows(file_format: str, data: bytes) -> int:
    """How many rows a file holds, in its own terms: the lines under a CSV's header (a last line without its
    newline counts too), the days of a JSON backup, the entries of a Daylio backup. A file that cannot be
    read counts 0: the preview in the request then says what is wrong with it."""
    if file_format == "json":
        try:
            days = json.loads(data).get("days")
        except (ValueError, AttributeError, RecursionError):
            return 0
        return len(days) if isinstance(days, list) else 0
    if file_format == "daylio-backup":
        try:
            return len(read_backup(data)["dayEntries"])
        except ImportRejected:
            return 0
    lines = data.count(b"\n") + (0 if not data or data.endswith(b"\n") else 1)
    return max(lines - 1, 0)


def export_filename(user: User, file_format: str) -> str:
    return f"gut-mood-journal-{user.get_username()}-{today_for(user).isoformat()}.{file_format}"


def _signer(user: User) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=f"transfer.upload:{user.pk}")


def sign_upload(user: User, data: bytes) -> str:
    """The checked file, compressed and signed for this user, to travel in the confirm form.

    The upload is never stored on the server: the browser carries it from the preview to the
    confirmation, and the signature makes sure it comes back unchanged and to the same person.
    """
    content: str | dict[str, str]
    try:
        content = data.decode("utf-8")
    except UnicodeDecodeError:  # a zip (a Daylio backup) is not text: it travels as base64
        content = {"base64": base64.b64encode(data).decode("ascii")}
    payload = _signer(user).sign_object(content, compress=True)
    if len(payload) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE - PAYLOAD_MARGIN:
        reason = "this file is too large to confirm in the browser; import it with `manage.py import_journal`"
        raise ImportRejected([RowError(None, None, reason)])
    return payload


def unsign_upload(user: User, payload: str) -> bytes | None:
    try:
        content = _signer(user).unsign_object(payload, max_age=UPLOAD_MAX_AGE)
        if isinstance(content, dict):
            return base64.b64decode(content["base64"], validate=True)
        return content.encode("utf-8")
    except (signing.BadSignature, ValueError, TypeError, KeyError, AttributeError, binascii.Error):
        return None


@dataclass
class DaylioChoices:
    """What the browser asks about a Daylio file before importing it: its own mood names (with a
    guessed score), its activities (with day counts) and its unreadable rows."""

    moods: list[tuple[str, int | None]] = field(default_factory=list)
    activities: list[tuple[str, int]] = field(default_factory=list)
    bad_rows: list[str] = field(default_factory=list)
    bad_row_count: int = 0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> "DaylioChoices":
        """Back from a job's stored preview (JSON turned the pairs into lists)."""
        data = data or {}
        return cls(
            moods=[(name, guess) for name, guess in data.get("moods", [])],
            activities=[(name, days) for name, days in data.get("activities", [])],
            bad_rows=list(data.get("bad_rows", [])),
            bad_row_count=int(data.get("bad_row_count", 0)),
        )


Parse = Callable[[dict[str, int], bool], ParsedImport]
"""parse(mood_map, skip_bad_rows): the file read with these answers."""


def read_for_questions(parse: Parse, file_format: str) -> tuple[ParsedImport, DaylioChoices]:
    """The file read as the preview shows it: unknown moods at their guessed score (3 without a guess) and
    unreadable rows left out, with what the person has to decide about them."""
    choices = DaylioChoices()
    moods: dict[str, int] = {}
    skip = False
    while True:
        try:
            parsed = parse(moods, skip)
            break
        except UnreadableRows as exc:
            if skip:
                raise
            skip = True
            choices.bad_rows, choices.bad_row_count = exc.lines(), exc.row_count
        except UnmappedMoods as exc:
            if moods:
                raise
            choices.moods = [(name, guess_mood(name)) for name in exc.moods]
            moods = {normalise_mood(name): guess or 3 for name, guess in choices.moods}
    if file_format == "daylio":
        choices.activities = activity_counts(parsed)
    return parsed, choices


def _parser(user: User, data: Source, file_format: str) -> Parse:
    return lambda moods, skip: parse_file(user, data, file_format, moods, skip_bad_rows=skip)


def preview_import(user: User, data: Source, file_format: str, replace: bool) -> dict[str, Any]:
    """What the preview page shows; unknown Daylio moods are counted at their guessed score until the person
    scores them, unreadable rows as left out."""
    parsed, choices = read_for_questions(_parser(user, data, file_format), file_format)
    return preview_parsed(user, parsed, file_format, replace, choices)


def preview_parsed(
    user: User, parsed: ParsedImport, file_format: str, replace: bool, choices: DaylioChoices
) -> dict[str, Any]:
    matches = parsed.food_matches
    if file_format == "daylio":
        parsed = without_food_matches(parsed)
    _days, summary = plan_import(user, parsed, replace)
    return {
        "summary": summary,
        "skipped": len(summary.skipped_dates),
        "choices": choices,
        "moods": [name for name, _guess in choices.moods],
        "food_matches": sorted(matches.items()),
        "fields": field_plan(user, parsed, replace),
        "warnings": parsed.warnings,
        "fills_fields": parsed.fills_fields,
    }


def with_answers(parsed: ParsedImport, file_format: str, add_foods: bool, leave_out: set[str] | None) -> ParsedImport:
    """The parsed file as the person confirmed it: Daylio's food snacks only if asked for, activities left out."""
    if file_format == "daylio" and not add_foods:
        parsed = without_food_matches(parsed)
    if leave_out:
        parsed = leave_out_activities(parsed, leave_out)
    return parsed


def import_upload(
    user: User,
    data: Source,
    file_format: str,
    replace: bool,
    mood_map: dict[str, int],
    add_foods: bool,
    skip_bad_rows: bool = False,
    leave_out: set[str] | None = None,
) -> ImportSummary:
    parsed = parse_file(user, data, file_format, mood_map, skip_bad_rows=skip_bad_rows)
    return run_import(user, with_answers(parsed, file_format, add_foods, leave_out), replace=replace)


def daylio_choices(user: User, data: Source, file_format: str) -> DaylioChoices:
    """The questions of the confirm form for this file: Daylio's moods, activities and unreadable rows, Bearable's
    unreadable rows (none for other formats)."""
    if file_format not in ("daylio", "bearable"):
        return DaylioChoices()
    try:
        return read_for_questions(_parser(user, data, file_format), file_format)[1]
    except ImportRejected:
        return DaylioChoices()
