"""Writes a made-up Apple Health export in the real format, as large as asked (bench and browser tests).

What real exports do and the samples in apple-health/ show only in part: an internal DTD (no entities),
local times with their UTC offset changing at daylight saving time, several sources with non-ASCII
names, a phone and a watch both recording the same nights (InBed on the phone, asleep stages on the
watch, overlapping), 2015-style compact dates with `source=` and sleep as `value="1"` in the first
days, steps from both phone and watch, exercise, mindfulness, water in mL and fl oz, fiber, and
heart rate filling the rest (the bulk of a real file). `python tests/data/make_apple_health.py N out.xml`.
"""

import sys
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO

HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 13 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>
<!ATTLIST HealthData locale CDATA #REQUIRED>
<!ELEMENT ExportDate EMPTY>
<!ATTLIST ExportDate value CDATA #REQUIRED>
<!ELEMENT Me EMPTY>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record type CDATA #REQUIRED unit CDATA #IMPLIED value CDATA #IMPLIED sourceName CDATA #REQUIRED>
<!ELEMENT MetadataEntry EMPTY>
<!ATTLIST MetadataEntry key CDATA #REQUIRED value CDATA #REQUIRED>
]>
<HealthData locale="en_GB">
 <ExportDate value="{today} 08:00:00 +0100"/>
 <Me HKCharacteristicTypeIdentifierDateOfBirth="1990-01-01"
     HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale"/>
"""
PHONE = "Sam\u2019s iPhone"
WATCH = "Sam\u2019s Apple\u00a0Watch"
OLD_DAYS = 30  # the first days are written the way 2015 exports were
HEART_RATES_PER_DAY = 280
RECORDS_PER_DAY = HEART_RATES_PER_DAY + 30


def offset_on(day: date) -> str:
    """Central European time: +0200 from the last Sunday of March to the last Sunday of October."""

    def last_sunday(month: int) -> date:
        end = date(day.year, month, 31)
        return end - timedelta(days=(end.weekday() + 1) % 7)

    return "+0200" if last_sunday(3) <= day < last_sunday(10) else "+0100"


def stamp(moment: datetime, old: bool = False) -> str:
    offset = offset_on(moment.date())
    if old:
        return moment.strftime("%Y%m%d%H%M%S") + offset
    return moment.strftime("%Y-%m-%d %H:%M:%S ") + offset


def record(
    kind: str, source: str, start: datetime, end: datetime, value: str = "", unit: str = "", old: bool = False
) -> str:
    source_attr = f'source="{source}"' if old else f'sourceName="{source}" sourceVersion="17.2"'
    unit_attr = f' unit="{unit}"' if unit else ""
    value_attr = f' value="{value}"' if value else ""
    return (
        f' <Record type="{kind}" {source_attr}{unit_attr} creationDate="{stamp(end, old)}" '
        f'startDate="{stamp(start, old)}" endDate="{stamp(end, old)}"{value_attr}/>\n'
    )


def night(day: date, old: bool) -> list[str]:
    """The night ending on `day`: phone in bed 22:50–07:10, watch asleep in stages 23:10–06:50 with a wake at 3:00,
    a sleep app 23:30–06:00 (which covers the watch's wake at 3:00), and a 25-minute nap at 14:00 on weekends.
    Asleep union: 23:10–06:50, 7.7 hours (8.1 with the nap); in the 2015-style days 7.7 from the phone alone."""
    evening = datetime.combine(day - timedelta(days=1), datetime.min.time())
    morning = datetime.combine(day, datetime.min.time())
    sleep = "HKCategoryTypeIdentifierSleepAnalysis"
    if old:  # 2015: the phone alone, asleep written as value="1"
        return [
            record(
                sleep,
                PHONE,
                evening + timedelta(hours=23, minutes=10),
                morning + timedelta(hours=6, minutes=50),
                "1",
                old=True,
            )
        ]
    stages = [
        (evening + timedelta(hours=23, minutes=10), morning + timedelta(hours=1), "AsleepCore"),
        (morning + timedelta(hours=1), morning + timedelta(hours=2, minutes=30), "AsleepDeep"),
        (morning + timedelta(hours=2, minutes=30), morning + timedelta(hours=3), "AsleepREM"),
        (morning + timedelta(hours=3), morning + timedelta(hours=3, minutes=20), "Awake"),
        (morning + timedelta(hours=3, minutes=20), morning + timedelta(hours=6, minutes=50), "AsleepCore"),
    ]
    lines = [
        record(
            sleep,
            PHONE,
            evening + timedelta(hours=22, minutes=50),
            morning + timedelta(hours=7, minutes=10),
            "HKCategoryValueSleepAnalysisInBed",
        )
    ]
    lines += [record(sleep, WATCH, start, end, f"HKCategoryValueSleepAnalysis{kind}") for start, end, kind in stages]
    # A sleep app on the phone records most of the same night again: the union must not count it twice.
    lines.append(
        record(
            sleep,
            "AutoSleep",
            evening + timedelta(hours=23, minutes=30),
            morning + timedelta(hours=6),
            "HKCategoryValueSleepAnalysisAsleepUnspecified",
        )
    )
    if day.weekday() >= 5:
        lines.append(
            record(
                sleep,
                WATCH,
                morning + timedelta(hours=14),
                morning + timedelta(hours=14, minutes=25),
                "HKCategoryValueSleepAnalysisAsleepCore",
            )
        )
    return lines


def daytime(day: date, index: int, old: bool) -> list[str]:
    base = datetime.combine(day, datetime.min.time())
    lines = []
    for hour in (8, 12, 17, 20):  # steps: the phone counts fewer than the watch; the watch's sum is the day's
        start, end = base + timedelta(hours=hour), base + timedelta(hours=hour, minutes=50)
        lines.append(
            record("HKQuantityTypeIdentifierStepCount", PHONE, start, end, str(1000 + index % 7), "count", old)
        )
        if not old:
            lines.append(record("HKQuantityTypeIdentifierStepCount", WATCH, start, end, str(1500 + index % 5), "count"))
    if not old:
        for minute in range(0, 30, 10):  # 30 minutes of exercise at 18:00
            start = base + timedelta(hours=18, minutes=minute)
            lines.append(
                record(
                    "HKQuantityTypeIdentifierAppleExerciseTime",
                    WATCH,
                    start,
                    start + timedelta(minutes=10),
                    "10",
                    "min",
                )
            )
        lines.append(
            record(
                "HKCategoryTypeIdentifierMindfulSession",
                WATCH,
                base + timedelta(hours=7),
                base + timedelta(hours=7, minutes=10),
            )
        )
        lines.append(
            record(
                "HKQuantityTypeIdentifierDietaryWater",
                "WaterMinder",
                base + timedelta(hours=9),
                base + timedelta(hours=9),
                "500",
                "mL",
            )
        )
        lines.append(
            record(
                "HKQuantityTypeIdentifierDietaryWater",
                "WaterMinder",
                base + timedelta(hours=15),
                base + timedelta(hours=15),
                "16.907",
                "fl_oz_us",
            )
        )
        lines.append(
            record(
                "HKQuantityTypeIdentifierDietaryFiber",
                "MyFitnessPal",
                base + timedelta(hours=13),
                base + timedelta(hours=13),
                "12.5",
                "g",
            )
        )
        lines.append(
            record(
                "HKQuantityTypeIdentifierDietaryFiber",
                "MyFitnessPal",
                base + timedelta(hours=19),
                base + timedelta(hours=19),
                "9",
                "g",
            )
        )
    return lines


def write_export(out: IO[str], records: int, today: date | None = None) -> int:
    """Writes about `records` records ending yesterday; returns how many days they cover."""
    today = today or date.today()
    days = max(1, records // RECORDS_PER_DAY)
    out.write(HEADER.replace("{today}", today.isoformat()))
    first = today - timedelta(days=days)
    for index in range(days):
        day = first + timedelta(days=index)
        old = index < OLD_DAYS and days > OLD_DAYS * 3
        out.writelines(night(day, old))
        out.writelines(daytime(day, index, old))
        base = datetime.combine(day, datetime.min.time())
        for beat in range(HEART_RATES_PER_DAY):
            moment = base + timedelta(minutes=beat * 5)
            out.write(
                record(
                    "HKQuantityTypeIdentifierHeartRate", WATCH, moment, moment, str(55 + beat % 40), "count/min", old
                )
            )
    out.write("</HealthData>\n")
    return days


def write_zip(path: Path, records: int, today: date | None = None) -> int:
    """The layout the phone writes: apple_health_export/export.xml beside export_cda.xml."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("apple_health_export/export.xml", "w", force_zip64=True) as raw:
            import io

            text = io.TextIOWrapper(raw, encoding="utf-8")
            days = write_export(text, records, today)
            text.flush()
            text.detach()
        archive.writestr("apple_health_export/export_cda.xml", "<ClinicalDocument/>")
    return days


if __name__ == "__main__":
    count, target = int(sys.argv[1]), Path(sys.argv[2])
    if target.suffix == ".zip":
        write_zip(target, count)
    else:
        with target.open("w", encoding="utf-8") as handle:
            write_export(handle, count)
