"""Apple Health's export (`export.zip` or its `export.xml`) as daily columns; docs/formats.md, "Apple Health import".

Real exports reach gigabytes, so the file is fed to expat in chunks and each start tag is looked at
once and dropped: no tree, no whole-file read, memory flat whatever the size. Only a few numbers
per day (and the asleep intervals, a few per night) are kept. Entity declarations are refused
outright, so an entity bomb never expands; the internal DTD real exports carry has none.
"""

import codecs
import math
import re
import zipfile
import zlib
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pyexpat import ExpatError, ParserCreate, errors
from typing import IO, Any

from django.conf import settings

from trackers.kinds import NUMBER, NUMBER_MAX
from transfer.formats import (
    DayData,
    FileTrackers,
    ImportRejected,
    ParsedImport,
    ProgressCallback,
    RowError,
    no_progress,
)

CHUNK = 1024 * 1024
SLEEP = "HKCategoryTypeIdentifierSleepAnalysis"
# Old exports wrote the category's number: 0 in bed, 1 asleep, 2 awake. A sleep record with no value
# at all (very old exports) cannot be told from time in bed, so it is left out.
ASLEEP = frozenset(
    {
        "HKCategoryValueSleepAnalysisAsleep",
        "HKCategoryValueSleepAnalysisAsleepUnspecified",
        "HKCategoryValueSleepAnalysisAsleepCore",
        "HKCategoryValueSleepAnalysisAsleepDeep",
        "HKCategoryValueSleepAnalysisAsleepREM",
        "1",
    }
)
EXERCISE = "HKQuantityTypeIdentifierAppleExerciseTime"
MINDFUL = "HKCategoryTypeIdentifierMindfulSession"
WATER = "HKQuantityTypeIdentifierDietaryWater"
FIBER = "HKQuantityTypeIdentifierDietaryFiber"
STEPS = "HKQuantityTypeIdentifierStepCount"
WANTED = frozenset({SLEEP, EXERCISE, MINDFUL, WATER, FIBER, STEPS})
SESSION_GAP = 90 * 60  # seconds: asleep pieces closer than this are one night (or one nap)
GLASS_ML = 250
# HealthKit's own unit strings (HKUnit), case and all; a unit not listed is skipped with a warning, never guessed.
ML_PER_UNIT = {
    "mL": 1.0,
    "cL": 10.0,
    "dL": 100.0,
    "L": 1000.0,
    "fl_oz_us": 29.5735295625,
    "fl_oz_imp": 28.4130625,
    "cup_us": 236.5882365,
    "cup_imp": 284.130625,
    "pt_us": 473.176473,
    "pt_imp": 568.26125,
}
G_PER_UNIT = {"g": 1.0, "mg": 0.001, "mcg": 0.000001, "kg": 1000.0, "oz": 28.349523125}
MINUTES_PER_UNIT = {"min": 1.0, "s": 1 / 60, "ms": 1 / 60000, "hr": 60.0}
LIMITS = {  # the 3.1 ranges: a day beyond them is left out with a warning, not the whole file refused
    "sleep_hours": 24,
    "exercise_minutes": 1440,
    "mindfulness_minutes": 1440,
    "water_glasses": 40,
    "fiber_g": 200,
}
WHOLE = frozenset({"exercise_minutes", "mindfulness_minutes", "water_glasses"})
EPOCH = date(1970, 1, 1).toordinal()


class _Malformed(Exception):
    pass


# The same moment as a phone set to a 12-hour clock can write it when a formatter follows the person's
# setting ('2019-05-14 6:52:09 PM -0400', 'p.m.' too), or with a colon in the offset. Nothing else is guessed.
LOOSE_STAMP = re.compile(
    r"(\d{4})-(\d{2})-(\d{2}) (\d{1,2}):(\d{2}):(\d{2})\s*(?:([AaPp])\.?\s?[Mm]\.?)?\s*([+-])(\d{2}):?(\d{2})",
    re.ASCII,
)


def _loose(text: str) -> tuple[int, int, int, int, int, int, str, int, int]:
    found = LOOSE_STAMP.fullmatch(text.strip())
    if found is None:
        raise ValueError
    y, mo, d, h, mi, s, meridiem, sign, oh, om = found.groups()
    hour = int(h)
    if meridiem:
        if not 1 <= hour <= 12:
            raise ValueError
        hour = hour % 12 + (12 if meridiem in "Pp" else 0)
    return int(y), int(mo), int(d), hour, int(mi), int(s), sign, int(oh), int(om)


def _stamp(text: str) -> tuple[str, int, int]:
    """'2019-05-14 18:52:09 -0400' or 2015's '20150915113529+0200' -> (local date, UTC seconds, offset seconds)."""
    try:
        if len(text) == 25 and text[4] == "-":
            y, mo, d = int(text[0:4]), int(text[5:7]), int(text[8:10])
            h, mi, s = int(text[11:13]), int(text[14:16]), int(text[17:19])
            sign, oh, om = text[20], int(text[21:23]), int(text[23:25])
        elif len(text) == 19:
            y, mo, d = int(text[0:4]), int(text[4:6]), int(text[6:8])
            h, mi, s = int(text[8:10]), int(text[10:12]), int(text[12:14])
            sign, oh, om = text[14], int(text[15:17]), int(text[17:19])
        else:
            y, mo, d, h, mi, s, sign, oh, om = _loose(text)
        if sign not in "+-" or h > 23 or mi > 59 or s > 60:
            raise ValueError
        day = date(y, mo, d)
    except ValueError:
        raise _Malformed(f"{text!r} is not a date such as 2019-05-14 18:52:09 -0400") from None
    offset = (oh * 3600 + om * 60) * (1 if sign == "+" else -1)
    local = (day.toordinal() - EPOCH) * 86400 + h * 3600 + mi * 60 + s
    return day.isoformat(), local - offset, offset


@lru_cache(maxsize=4096)
def _calendar_day(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _day(text: str) -> str:
    """The local date a record starts on; the usual form is checked once per distinct day, not per record."""
    if len(text) == 25 and text[4] == "-" and text[7] == "-" and text[10] == " " and _calendar_day(text[:10]):
        return text[:10]
    return _stamp(text)[0]


def _number(attrs: dict[str, str]) -> float:
    text = attrs.get("value", "")
    try:
        number = float(text)
    except ValueError:
        raise _Malformed(f"value {text!r} is not a number") from None
    if not math.isfinite(number):
        raise _Malformed(f"value {text!r} is not a number")
    return number


class _Collector:
    """Called by expat for every start tag; keeps per-day sums and the asleep intervals."""

    def __init__(self) -> None:
        self.root_seen = False
        self.records = 0
        self.sleep: list[tuple[int, int, int]] = []
        self.exercise: dict[str, float] = defaultdict(float)
        self.mindful: dict[str, float] = defaultdict(float)
        self.water: dict[str, float] = defaultdict(float)
        self.fiber: dict[str, float] = defaultdict(float)
        self.steps: dict[tuple[str, str], float] = defaultdict(float)
        self.unknown_units: dict[str, int] = defaultdict(int)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if not self.root_seen:
            if name == "ClinicalDocument":
                raise _Malformed(
                    "this is export_cda.xml (health records for doctors); choose export.xml or the whole export.zip"
                )
            if name != "HealthData":
                raise _Malformed(f"the file starts with <{name}>, not <HealthData>: is it Apple Health's export.xml?")
            self.root_seen = True
            return
        if name != "Record":
            return
        self.records += 1
        kind = attrs.get("type")
        if kind not in WANTED:
            return
        start = attrs.get("startDate", "")
        if kind == SLEEP:
            if attrs.get("value") in ASLEEP:
                _day_start, begin, _offset = _stamp(start)
                _day_end, end, offset = _stamp(attrs.get("endDate", ""))
                if end > begin:
                    self.sleep.append((begin, end, offset))
        elif kind == MINDFUL:
            day, begin, _offset = _stamp(start)
            end = _stamp(attrs.get("endDate", ""))[1]
            if end > begin:
                self.mindful[day] += (end - begin) / 60
        elif kind == STEPS:
            self.steps[(attrs.get("sourceName") or attrs.get("source") or "", _day(start))] += _number(attrs)
        else:
            self._quantity(kind, _day(start), attrs)

    def _quantity(self, kind: str, day: str, attrs: dict[str, str]) -> None:
        table, totals = {
            EXERCISE: (MINUTES_PER_UNIT, self.exercise),
            WATER: (ML_PER_UNIT, self.water),
            FIBER: (G_PER_UNIT, self.fiber),
        }[kind]
        unit = attrs.get("unit", "")
        factor = table.get(unit)
        if factor is None:
            self.unknown_units[f"{kind.removeprefix('HKQuantityTypeIdentifier')} in {unit or 'no unit'}"] += 1
            return
        totals[day] += _number(attrs) * factor


def _refuse(line: int | None, reason: str) -> ImportRejected:
    where = f"Line {line}: " if line else ""
    return ImportRejected([RowError(None, None, where + reason)])


def _refuse_entities(*_args: Any) -> None:
    raise _Malformed("the file declares an XML entity; Apple Health exports never do, so it is refused unread")


# A name typed into a third-party app (a source, a device, a metadata value) can carry into the export what
# XML 1.0 forbids: a C0 control character (other than tab and line breaks) or bytes that are not UTF-8.
# expat would stop at the first one and refuse a whole export over one name, so a UTF-8 file is decoded
# with U+FFFD for broken bytes and its controls become spaces (in UTF-8 those bytes only ever stand for
# themselves, never inside a multi-byte character); line numbers do not change.
CONTROLS = bytes(b for b in range(0x20) if b not in b"\t\n\r")
BLANK_CONTROLS = bytes.maketrans(CONTROLS, b" " * len(CONTROLS))


def _mended(chunks: Iterator[bytes]) -> Iterator[tuple[bytes, int]]:
    """Each chunk ready for expat, with the number of bytes it stood for in the file (for the progress)."""
    decoder = None
    for number, chunk in enumerate(chunks):
        if number == 0 and not (chunk.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in chunk[:2]):
            decoder = codecs.getincrementaldecoder("utf-8")("replace")  # UTF-16 is left as it is
        if decoder is None:
            yield chunk, len(chunk)
        else:
            yield decoder.decode(chunk).encode().translate(BLANK_CONTROLS), len(chunk)
    if decoder is not None:
        yield decoder.decode(b"", True).encode(), 0


def read_xml(chunks: Iterator[bytes], total: int, progress: ProgressCallback) -> _Collector:
    collector = _Collector()
    parser = ParserCreate()
    parser.EntityDeclHandler = _refuse_entities
    parser.StartElementHandler = collector.start
    done = 0
    try:
        for chunk, size in _mended(chunks):
            parser.Parse(chunk, False)
            done += size
            progress(done, total)
        parser.Parse(b"", True)
    except _Malformed as exc:
        raise _refuse(parser.CurrentLineNumber, str(exc)) from None
    except ExpatError as exc:
        reason = errors.messages[exc.code] if exc.code else str(exc)
        raise _refuse(exc.lineno, f"this is not well-formed XML ({reason})") from None
    if not collector.root_seen:
        raise _refuse(None, "the file is empty")
    return collector


def _chunks(stream: IO[bytes], limit: int) -> Iterator[bytes]:
    read = 0
    while chunk := stream.read(CHUNK):
        read += len(chunk)
        if read > limit:
            raise _refuse(None, f"the export is larger than the {limit // 2**20} MB this server reads")
        yield chunk


SKIPPED_SUFFIXES = (".gpx", ".csv", ".json", ".pdf", ".jpg", ".jpeg", ".png", ".heic", ".ds_store")
MAX_SNIFFED = 2000  # entries looked into before giving up: a real export has a handful besides those skipped
SNIFF_LIMIT = 1024 * 1024  # the root element comes after the internal DTD (about 10 kB); past this, it is not ours
XML_STARTS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"<", b" ", b"\t", b"\r", b"\n")


class _Root(Exception):
    """Stops the sniffing parser at the first start tag (or at an entity declaration, named "!ENTITY")."""

    def __init__(self, name: str) -> None:
        self.name = name


def _stop_at(name: str, *_args: Any) -> None:
    raise _Root(name)


def _root_element(head: Iterator[bytes]) -> str | None:
    """The name of the document's first element, read from as few chunks as it takes; None if not XML."""
    parser = ParserCreate()
    parser.StartElementHandler = _stop_at
    parser.EntityDeclHandler = lambda *_args: _stop_at("!ENTITY")
    read = 0
    try:
        for chunk in head:
            parser.Parse(chunk, False)
            read += len(chunk)
            if read >= SNIFF_LIMIT:
                return None
    except _Root as found:
        return found.name
    except ExpatError:
        return None
    return None


def _member_chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    with archive.open(info) as member:
        while chunk := member.read(16 * 1024):
            yield chunk


def _export_member(archive: zipfile.ZipFile) -> zipfile.ZipInfo:
    """The export's main file, found by what it holds (root element <HealthData>), not by its name: the phone
    calls it export.xml, or a translation of it (exportación.xml), in a folder whose name varies too, beside
    export_cda.xml (<ClinicalDocument>), workout-routes/*.gpx, electrocardiograms/*.csv and
    clinical-records/*.json; a Mac adds __MACOSX/ copies and .DS_Store. Should two files hold Health data,
    the larger one is read."""
    candidates = [
        info
        for info in archive.infolist()
        if not (
            info.is_dir()
            or info.filename.startswith("__MACOSX/")
            or info.filename.rsplit("/", 1)[-1].startswith("._")
            or info.filename.lower().endswith(SKIPPED_SUFFIXES)
        )
    ]
    # The likeliest first, so the cap never hides a real export: .xml names, shallow, large.
    candidates.sort(
        key=lambda info: (not info.filename.lower().endswith(".xml"), info.filename.count("/"), -info.file_size)
    )
    found: list[zipfile.ZipInfo] = []
    for info in candidates[:MAX_SNIFFED]:
        mended = (chunk for chunk, _size in _mended(_member_chunks(archive, info)))
        if _root_element(mended) in ("HealthData", "!ENTITY"):
            found.append(info)
    if not found:
        raise _refuse(
            None,
            "this zip holds no Apple Health data (no XML file whose root element is <HealthData>): "
            "is it the export.zip the Health app writes?",
        )
    return max(found, key=lambda info: info.file_size)


def _collect(stream: IO[bytes], size: int, progress: ProgressCallback) -> _Collector:
    limit = settings.APPLE_HEALTH_MAX_XML_BYTES
    head = stream.read(64)
    stream.seek(0)
    if not head:
        raise _refuse(None, "the file is empty")
    if head[:2] != b"PK":
        if not head.startswith(XML_STARTS):
            raise _refuse(
                None,
                "this file is neither a zip nor XML: choose the export.zip the Health app writes "
                "(or the export.xml inside it)",
            )
        return read_xml(_chunks(stream, limit), size, progress)
    try:
        with zipfile.ZipFile(stream) as archive:
            try:  # a damaged directory can point before the file's start: a negative seek is a ValueError
                member = _export_member(archive)
                xml = archive.open(member)
            except ValueError as exc:
                raise zipfile.BadZipFile(str(exc)) from None
            with xml:
                return read_xml(_chunks(xml, limit), member.file_size, progress)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise _refuse(None, f"the zip file is damaged or cut short ({exc})") from None
    except NotImplementedError as exc:
        raise _refuse(None, f"this zip uses a compression this server cannot read ({exc})") from None
    except RuntimeError as exc:  # zipfile's "File ... is encrypted, password required for extraction"
        raise _refuse(None, f"this zip is encrypted: zip the export again without a password ({exc})") from None


def _round(value: float, places: str = "0.1") -> Decimal:
    if math.isnan(value):  # only +inf plus -inf sums give it: neither above a limit nor above zero, so left out
        return Decimal(0)
    if abs(value) >= 1e12:  # far beyond every limit (left out with a warning); quantize would overflow
        return Decimal(value) if math.isinf(value) else Decimal(int(value))
    return Decimal(repr(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def sleep_by_date(intervals: list[tuple[int, int, int]]) -> dict[str, float]:
    """Asleep seconds by the local date each session ends on. Intervals are (start, end, offset), UTC seconds."""
    pieces: list[list[int]] = []  # the union: [start, end, offset of the record that ends it]
    for start, end, offset in sorted(intervals):
        if pieces and start <= pieces[-1][1]:
            if end > pieces[-1][1]:
                pieces[-1][1], pieces[-1][2] = end, offset
        else:
            pieces.append([start, end, offset])
    totals: dict[str, float] = defaultdict(float)
    asleep, last_end, last_offset = 0, None, 0
    for start, end, offset in pieces:
        if last_end is not None and start - last_end >= SESSION_GAP:
            totals[_local_date(last_end, last_offset)] += asleep
            asleep = 0
        asleep += end - start
        last_end, last_offset = end, offset
    if last_end is not None:
        totals[_local_date(last_end, last_offset)] += asleep
    return totals


def _local_date(utc: int, offset: int) -> str:
    return (datetime(1970, 1, 1) + timedelta(seconds=utc + offset)).date().isoformat()


def _columns(collector: _Collector) -> dict[str, dict[str, Decimal]]:
    return {
        "sleep_hours": {d: _round(s / 3600) for d, s in sleep_by_date(collector.sleep).items()},
        "exercise_minutes": {d: _round(m, "1") for d, m in collector.exercise.items()},
        "mindfulness_minutes": {d: _round(m, "1") for d, m in collector.mindful.items()},
        "water_glasses": {d: _round(ml / GLASS_ML, "1") for d, ml in collector.water.items()},
        "fiber_g": {d: _round(g) for d, g in collector.fiber.items()},
    }


def _steps(collector: _Collector) -> dict[str, Decimal]:
    """Phone and watch both count steps: the day's figure is the busiest single source's sum, never their total."""
    best: dict[str, float] = defaultdict(float)
    for (_source, day), count in collector.steps.items():
        best[day] = max(best[day], count)
    return {day: _round(count, "1") for day, count in best.items() if count > 0}


def _to_days(collector: _Collector, today: date) -> ParsedImport:
    days: dict[date, DayData] = {}
    warnings: list[str] = []
    outside = 0
    earliest = date(2000, 1, 1)
    for column, by_day in _columns(collector).items():
        too_large = 0
        for text, value in by_day.items():
            day = date.fromisoformat(text)
            if not earliest <= day <= today:
                outside += 1
            elif value > LIMITS[column]:
                too_large += 1
            elif value > 0:
                days.setdefault(day, DayData(date=day)).fields[column] = int(value) if column in WHOLE else value
        if too_large:
            warnings.append(f"{column}: {too_large} days above {LIMITS[column]} left out")
    trackers = FileTrackers()
    for text, value in _steps(collector).items():
        day = date.fromisoformat(text)
        if value > NUMBER_MAX:
            warnings.append(f"steps: {text} above {NUMBER_MAX} left out")
        elif earliest <= day <= today:
            column = trackers.column(NUMBER, "Steps", unit="steps", label=STEPS)
            days.setdefault(day, DayData(date=day)).trackers[column] = value
    if outside:
        warnings.append(f"{outside} values dated before 2000 or after today left out")
    warnings += [
        f"{count} records of {what} left out (unknown unit)" for what, count in collector.unknown_units.items()
    ]
    return ParsedImport(
        days=[days[d] for d in sorted(days)],
        fills_fields=True,
        trackers=trackers.all(),
        warnings=warnings,
    )


def parse_apple_health(
    stream: IO[bytes], size: int, today: date, progress: ProgressCallback = no_progress
) -> ParsedImport:
    """Reads an export.zip or export.xml from a seekable binary stream; ImportRejected (with the line) if malformed."""
    collector = _collect(stream, size, progress)
    parsed = _to_days(collector, today)
    if not parsed.days:
        raise _refuse(
            None,
            f"this export holds {collector.records} records but no sleep, exercise, mindfulness, water, fiber "
            "or steps to import",
        )
    return parsed
