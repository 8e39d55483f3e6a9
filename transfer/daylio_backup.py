"""Daylio's own backup (`.daylio`) as mood check-ins; docs/formats.md, "Daylio backup".

A `.daylio` file is a zip holding `backup.daylio`: base64 of one JSON object. Every entry names a
mood by id; each mood, custom ones included, belongs to one of Daylio's five groups (1 best … 5
worst), which gives its score here, so no mapping is asked. An entry's local time is the one the
person saw (`year`, `month` from 0, `day`, `hour`, `minute`); `datetime` with `timeZoneOffset` is
only the fallback, as anonymised backups keep the fields but not a consistent offset. Tags become
the check-in's activities, as with Daylio's CSV, and tag tracker values.
"""

import base64
import binascii
import html
import io
import json
import re
import zipfile
import zlib
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, TypeGuard

from django.conf import settings

from journal.constants import CHECKIN_NOTE_MAX_LENGTH, EARLIEST_DATE
from trackers import kinds
from transfer.formats import (
    CheckInData,
    DayData,
    Errors,
    FileTrackers,
    ImportRejected,
    ParsedImport,
    ProgressCallback,
    RowError,
    TrackerData,
    no_progress,
)

MEMBER = "backup.daylio"
LINE_BREAK = re.compile(r"<br\s*/?>|</?p\b[^>]*>|</div>|</li>", re.IGNORECASE)
TAG = re.compile(r"<[^>]*>")


def _refuse(reason: str) -> ImportRejected:
    return ImportRejected([RowError(None, None, reason)])


def read_backup(data: bytes) -> dict[str, Any]:
    """The JSON object inside a .daylio zip, or ImportRejected saying which layer is wrong."""
    limit = settings.DAYLIO_BACKUP_MAX_BYTES * 4  # base64 text compresses well; this bounds a zip bomb
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if MEMBER not in archive.namelist():
                raise _refuse("this zip holds no backup.daylio: is it a backup made in Daylio's settings?")
            with archive.open(MEMBER) as member:
                encoded = member.read(limit + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError, OSError) as exc:
        # RuntimeError: a password-protected member; ValueError/OSError: a header that lies about sizes.
        raise _refuse(f"this is not a .daylio backup, or it is damaged or cut short ({exc})") from None
    if len(encoded) > limit:
        raise _refuse("the backup inside this file is too large")
    try:
        backup = json.loads(base64.b64decode(b"".join(encoded.split()), validate=True))
    except (binascii.Error, ValueError, RecursionError):  # RecursionError: JSON nested beyond reason
        raise _refuse("backup.daylio inside this zip is not base64-encoded JSON, as Daylio writes it") from None
    if not isinstance(backup, dict) or not isinstance(backup.get("dayEntries"), list):
        raise _refuse("this backup has no list of entries (dayEntries)")
    return backup


def strip_html(text: str) -> str:
    """Daylio's rich notes: line breaks kept, other tags dropped, entities decoded."""
    text = TAG.sub("", LINE_BREAK.sub("\n", text or ""))
    lines = [line.strip() for line in html.unescape(text).replace("\xa0", " ").splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _moods(backup: dict[str, Any]) -> dict[int, int]:
    """Mood id -> our 1–5: group 1 (Daylio's best) is 5, group 5 is 1."""
    scores: dict[int, int] = {}
    for mood in _items(backup, "customMoods"):
        group, mood_id = mood.get("mood_group_id"), mood.get("id")
        if _is_int(group) and 1 <= group <= 5 and _is_int(mood_id):
            scores[mood_id] = 6 - group
    return scores


def _is_int(value: object) -> TypeGuard[int]:
    """A whole number, as JSON gives one (true and false are not)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _items(backup: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """The objects of one of the backup's lists; anything else there (a damaged or hand-edited file) is passed over."""
    found = backup.get(key)
    return [item for item in found if isinstance(item, dict)] if isinstance(found, list) else []


def _tags(backup: dict[str, Any]) -> dict[int, str]:
    return {
        tag["id"]: " ".join(str(tag.get("name", "")).split())
        for tag in _items(backup, "tags")
        if _is_int(tag.get("id"))
    }


def _local_time(entry: dict[str, Any]) -> datetime:
    try:
        return datetime(entry["year"], entry["month"] + 1, entry["day"], entry["hour"], entry["minute"])
    except (KeyError, TypeError, ValueError):
        moment = datetime.fromtimestamp(entry["datetime"] / 1000, UTC) + timedelta(
            milliseconds=entry.get("timeZoneOffset") or 0
        )
        return moment.replace(tzinfo=None)


class _Reader:
    def __init__(self, backup: dict[str, Any], today: date):
        self.moods, self.tags, self.today = _moods(backup), _tags(backup), today
        self.errors = Errors()

    def entry(self, number: int, entry: Any) -> tuple[date, CheckInData, list[str]] | None:
        if not isinstance(entry, dict):
            self.errors.add(number, None, "this entry is not an object")
            return None
        try:
            when = _local_time(entry)
        except (KeyError, TypeError, ValueError, OverflowError, OSError):
            self.errors.add(number, "datetime", "the entry has no readable date and time")
            return None
        if not EARLIEST_DATE <= when.date() <= self.today:
            self.errors.add(number, "datetime", f"{when.date().isoformat()} is before 2000-01-01 or after today")
        mood_id = entry.get("mood")
        mood = self.moods.get(mood_id) if _is_int(mood_id) else None
        if mood is None:
            self.errors.add(number, "mood", f"mood id {entry.get('mood')!r} is not among the backup's moods")
        parts = (strip_html(str(entry.get("note_title") or "")), strip_html(str(entry.get("note") or "")))
        note = "\n".join(part for part in parts if part)
        if len(note) > CHECKIN_NOTE_MAX_LENGTH:
            self.errors.add(number, "note", f"{len(note)} characters, more than {CHECKIN_NOTE_MAX_LENGTH}")
        listed = entry.get("tags")
        ids = [tag for tag in listed if _is_int(tag)] if isinstance(listed, list) else []
        unique: dict[str, str] = {}  # each tag once, in the entry's order
        for tag in ids:
            if self.tags.get(tag):  # a tag without a name is no activity
                unique.setdefault(self.tags[tag].casefold(), self.tags[tag])
        names = list(unique.values())
        if mood is None:
            return None
        checkin = CheckInData(time=time(when.hour, when.minute), mood=mood, note=note, activities=" | ".join(names))
        return when.date(), checkin, names


def add_tag_values(days: dict[date, DayData], names_by_day: dict[date, list[str]]) -> list[TrackerData]:
    """A tag tracker per tag: on a day with an entry it is 1 when any entry lists it and 0 otherwise;
    other days stay blank. Returns the trackers, in the order first met."""
    trackers = FileTrackers()
    listed = {day: {trackers.column(kinds.TAG, name) for name in names} for day, names in sorted(names_by_day.items())}
    columns = [tracker.column for tracker in trackers.all()]
    for day, tags in listed.items():
        days[day].trackers.update({column: Decimal(1 if column in tags else 0) for column in columns})
    return trackers.all()


def parse_daylio_backup(data: bytes, today: date, progress: ProgressCallback = no_progress) -> ParsedImport:
    backup = read_backup(data)
    reader = _Reader(backup, today)
    entries = backup["dayEntries"]
    days: dict[date, DayData] = {}
    tags: dict[date, list[str]] = {}
    for number, entry in enumerate(entries, start=1):
        read = reader.entry(number, entry)
        if number % 500 == 0:
            progress(number, len(entries))
        if read is None:
            continue
        day_date, checkin, names = read
        days.setdefault(day_date, DayData(date=day_date)).checkins.append(checkin)
        tags.setdefault(day_date, []).extend(names)
    reader.errors.raise_if_any()
    if not days:
        raise _refuse("this backup holds no entries")
    ordered = [days[d] for d in sorted(days)]
    for day in ordered:
        day.checkins.sort(key=lambda c: c.time or time())
    trackers = add_tag_values(days, tags)
    return ParsedImport(days=ordered, trackers=trackers)
