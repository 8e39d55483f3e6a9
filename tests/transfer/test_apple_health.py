import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from journal.models import JournalDay
from tests.factories import JournalDayFactory
from tests.transfer.conftest import DATA
from trackers.models import Tracker, TrackerValue
from transfer.apple_health import parse_apple_health, sleep_by_date
from transfer.formats import ImportRejected, tracker_series
from transfer.services import guess_format, parse_file, preview_import, run_import

pytestmark = pytest.mark.django_db
SAMPLES = DATA / "apple-health"
TODAY = date(2026, 1, 1)
SLEEP = "HKCategoryTypeIdentifierSleepAnalysis"


def export(*records: str, head: str = "") -> bytes:
    body = "\n".join(records)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{head}<HealthData locale="en_GB">\n{body}\n</HealthData>\n'.encode()
    )


def rec(kind: str, start: str, end: str, value: str = "", unit: str = "", source: str = "Watch") -> str:
    extra = (f' value="{value}"' if value else "") + (f' unit="{unit}"' if unit else "")
    return f'<Record type="{kind}" sourceName="{source}" startDate="{start}" endDate="{end}"{extra}/>'


def asleep(start: str, end: str, kind: str = "AsleepCore", source: str = "Watch") -> str:
    return rec(SLEEP, start, end, f"HKCategoryValueSleepAnalysis{kind}", source=source)


def parse(data: bytes):
    return parse_apple_health(io.BytesIO(data), len(data), TODAY)


def fields(data: bytes) -> dict[date, dict]:
    return {day.date: day.fields for day in parse(data).days}


def refusal(data: bytes) -> str:
    with pytest.raises(ImportRejected) as caught:
        parse(data)
    return caught.value.one_line()


def test_the_real_excerpt_gives_its_nights_asleep_core_and_exercise_value_by_value():
    parsed = parse_apple_health((SAMPLES / "alxdrcirilo_export_excerpt.xml").open("rb"), 0, TODAY)
    # InBed (phone) never counts; AsleepCore 03:27:53–03:40:23 +0200 is 12.5 minutes; one minute of exercise.
    assert [(day.date, day.fields) for day in parsed.days] == [
        (date(2024, 1, 1), {"sleep_hours": Decimal("0.2"), "exercise_minutes": 1})
    ]
    assert parsed.trackers == [] and parsed.warnings == []


def test_the_real_zip_is_read_past_its_ds_store_and_macosx_entries():
    parsed = parse_apple_health((SAMPLES / "alxdrcirilo_export.zip").open("rb"), 0, TODAY)
    assert [(day.date, day.fields) for day in parsed.days] == [
        (date(2024, 1, 1), {"sleep_hours": Decimal("0.2"), "exercise_minutes": 1})
    ]


def test_an_export_with_nothing_we_import_is_refused_with_a_clear_reason():
    with pytest.raises(ImportRejected) as caught:
        parse_apple_health((SAMPLES / "dogsheep_tests_export.xml").open("rb"), 0, TODAY)
    assert "no sleep, exercise, mindfulness, water, fiber or steps" in caught.value.one_line()


def test_phone_and_watch_recording_the_same_night_count_it_once():
    data = export(
        asleep("2024-03-01 23:00:00 +0100", "2024-03-02 07:00:00 +0100", source="iPhone"),
        asleep("2024-03-02 00:00:00 +0100", "2024-03-02 06:00:00 +0100", "AsleepDeep"),
        asleep("2024-03-02 06:30:00 +0100", "2024-03-02 07:30:00 +0100", "AsleepREM"),
    )
    assert fields(data) == {date(2024, 3, 2): {"sleep_hours": Decimal("8.5")}}


def test_in_bed_and_awake_never_count_and_old_value_1_does():
    data = export(
        rec(SLEEP, "2024-03-01 22:00:00 +0100", "2024-03-02 08:00:00 +0100", "HKCategoryValueSleepAnalysisInBed"),
        rec(SLEEP, "2024-03-02 02:00:00 +0100", "2024-03-02 03:00:00 +0100", "HKCategoryValueSleepAnalysisAwake"),
        rec(SLEEP, "2024-03-02 03:00:00 +0100", "2024-03-02 05:00:00 +0100", "1"),
        rec(SLEEP, "2024-03-02 05:00:00 +0100", "2024-03-02 06:00:00 +0100"),  # no value: cannot tell
    )
    assert fields(data) == {date(2024, 3, 2): {"sleep_hours": Decimal("2.0")}}


def test_pieces_under_90_minutes_apart_are_one_session_on_the_wake_up_date_gaps_not_counted():
    data = export(
        asleep("2024-03-01 22:30:00 +0100", "2024-03-02 00:30:00 +0100"),  # 2 h, ends on the 2nd
        asleep("2024-03-02 01:59:00 +0100", "2024-03-02 05:59:00 +0100"),  # 89 min later: same night, 4 h
    )
    assert fields(data) == {date(2024, 3, 2): {"sleep_hours": Decimal("6.0")}}


def test_a_gap_of_90_minutes_starts_a_new_session_and_a_nap_adds_to_its_day():
    data = export(
        asleep("2024-03-01 20:00:00 +0100", "2024-03-01 22:00:00 +0100"),  # evening session, the 1st
        asleep("2024-03-01 23:30:00 +0100", "2024-03-02 06:30:00 +0100"),  # 90 min later: a new night
        asleep("2024-03-02 14:00:00 +0100", "2024-03-02 14:30:00 +0100"),  # nap
    )
    assert fields(data) == {
        date(2024, 3, 1): {"sleep_hours": Decimal("2.0")},
        date(2024, 3, 2): {"sleep_hours": Decimal("7.5")},
    }


def test_the_wake_up_date_is_in_the_records_own_offset():
    # 23:30 UTC on the 1st is 01:30 on the 2nd at +0200: the night belongs to the 2nd.
    data = export(asleep("2024-06-01 18:30:00 -0300", "2024-06-02 01:30:00 +0200"))
    assert fields(data) == {date(2024, 6, 2): {"sleep_hours": Decimal("2.0")}}


def test_sleep_union_sums_seconds_by_end_date():
    assert sleep_by_date([(0, 3600, 0), (1800, 7200, 0)]) == {"1970-01-01": 7200}


def test_exercise_mindfulness_water_fiber_and_steps_follow_their_rules():
    day = "2024-05-05"
    data = export(
        rec("HKQuantityTypeIdentifierAppleExerciseTime", f"{day} 23:55:00 +0200", f"{day} 23:59:00 +0200", "4", "min"),
        rec("HKQuantityTypeIdentifierAppleExerciseTime", f"{day} 08:00:00 +0200", f"{day} 08:20:00 +0200", "20", "min"),
        rec("HKCategoryTypeIdentifierMindfulSession", f"{day} 07:00:00 +0200", f"{day} 07:12:30 +0200"),
        rec("HKCategoryTypeIdentifierMindfulSession", f"{day} 21:00:00 +0200", f"{day} 21:05:00 +0200"),
        rec("HKQuantityTypeIdentifierDietaryWater", f"{day} 09:00:00 +0200", f"{day} 09:00:00 +0200", "500", "mL"),
        rec("HKQuantityTypeIdentifierDietaryWater", f"{day} 12:00:00 +0200", f"{day} 12:00:00 +0200", "0.5", "L"),
        rec(
            "HKQuantityTypeIdentifierDietaryWater",
            f"{day} 15:00:00 +0200",
            f"{day} 15:00:00 +0200",
            "8.4535",
            "fl_oz_us",
        ),
        rec("HKQuantityTypeIdentifierDietaryFiber", f"{day} 13:00:00 +0200", f"{day} 13:00:00 +0200", "12.34", "g"),
        rec("HKQuantityTypeIdentifierDietaryFiber", f"{day} 19:00:00 +0200", f"{day} 19:00:00 +0200", "9", "g"),
        rec(
            "HKQuantityTypeIdentifierStepCount",
            f"{day} 08:00:00 +0200",
            f"{day} 09:00:00 +0200",
            "3000",
            "count",
            "iPhone",
        ),
        rec(
            "HKQuantityTypeIdentifierStepCount",
            f"{day} 10:00:00 +0200",
            f"{day} 11:00:00 +0200",
            "2500",
            "count",
            "iPhone",
        ),
        rec(
            "HKQuantityTypeIdentifierStepCount",
            f"{day} 08:00:00 +0200",
            f"{day} 09:00:00 +0200",
            "4000",
            "count",
            "Watch",
        ),
    )
    parsed = parse(data)
    assert [(d.date, d.fields) for d in parsed.days] == [
        (
            date(2024, 5, 5),
            {
                "exercise_minutes": 24,
                "mindfulness_minutes": 18,  # 12.5 + 5 minutes, rounded
                "water_glasses": 5,  # 500 + 500 + 250 mL
                "fiber_g": Decimal("21.3"),
            },
        )
    ]
    assert tracker_series(parsed) == {
        "number:steps": {date(2024, 5, 5): Decimal("5500")}
    }  # the phone's 5,500, not 9,500


def test_2015_exports_with_compact_dates_and_source_attributes_are_read():
    data = export(
        '<Record type="HKCategoryTypeIdentifierSleepAnalysis" source="iPhone" startDate="20150914230000+0200" '
        'endDate="20150915063000+0200" value="1"/>'
    )
    assert fields(data) == {date(2015, 9, 15): {"sleep_hours": Decimal("7.5")}}


def test_an_entity_bomb_is_refused_with_its_line_and_never_expanded():
    bomb = '<!DOCTYPE HealthData [\n<!ENTITY a "aaaaaaaaaa">\n<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n'
    message = refusal(export(asleep("2024-03-01 23:00:00 +0100", "2024-03-02 07:00:00 +0100"), head=bomb))
    assert message.startswith("Line 3:") and "declares an XML entity" in message


def test_the_real_internal_dtd_without_entities_is_accepted():
    dtd = "<!DOCTYPE HealthData [\n<!-- HealthKit Export Version: 13 -->\n<!ELEMENT HealthData ANY>\n]>\n"
    assert fields(export(asleep("2024-03-01 23:00:00 +0100", "2024-03-02 07:00:00 +0100"), head=dtd))


def test_xml_that_is_not_well_formed_is_refused_with_its_line():
    data = export(asleep("2024-03-01 23:00:00 +0100", "2024-03-02 07:00:00 +0100"), '<Record bad attribute="1"/>')
    message = refusal(data)
    assert message.startswith("Line 4:") and "not well-formed XML" in message


def test_a_malformed_date_or_number_is_refused_with_its_line():
    assert refusal(export(asleep("yesterday", "2024-03-02 07:00:00 +0100"))).startswith("Line 3: 'yesterday'")
    water = rec(
        "HKQuantityTypeIdentifierDietaryWater", "2024-03-02 07:00:00 +0100", "2024-03-02 07:00:00 +0100", "a lot", "mL"
    )
    assert refusal(export(water)) == "Line 3: value 'a lot' is not a number"


def test_a_truncated_zip_is_refused_and_nothing_written(user):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "apple_health_export/export.xml",
            export(*[asleep("2024-03-01 23:00:00 +0100", "2024-03-02 07:00:00 +0100")] * 2000),
        )
    data = buffer.getvalue()[: len(buffer.getvalue()) // 2]
    with pytest.raises(ImportRejected) as caught:
        parse_file(user, data, "apple-health")
    assert "damaged or cut short" in caught.value.one_line()
    assert not JournalDay.objects.exists()


def test_an_import_fills_only_blank_fields_and_the_same_file_twice_changes_nothing(user):
    JournalDayFactory(user=user, date=date(2024, 3, 2), sleep_hours=Decimal("6.0"), exercise_minutes=None, notes="mine")
    data = export(
        asleep("2024-03-01 23:00:00 +0100", "2024-03-02 07:00:00 +0100"),
        rec(
            "HKQuantityTypeIdentifierAppleExerciseTime",
            "2024-03-02 18:00:00 +0100",
            "2024-03-02 18:30:00 +0100",
            "30",
            "min",
        ),
        asleep("2024-03-02 23:00:00 +0100", "2024-03-03 06:00:00 +0100"),
    )
    summary = run_import(user, parse_file(user, data, "apple-health"))
    assert (summary.days_created, summary.days_filled) == (1, 1)
    rows = {day.date: (day.sleep_hours, day.exercise_minutes, day.notes) for day in user.days.all()}
    assert rows == {date(2024, 3, 2): (Decimal("6.0"), 30, "mine"), date(2024, 3, 3): (Decimal("7.0"), None, "")}
    again = run_import(user, parse_file(user, data, "apple-health"))
    assert (again.days_created, again.days_filled, len(again.skipped_dates)) == (0, 0, 2)
    assert {day.date: (day.sleep_hours, day.exercise_minutes, day.notes) for day in user.days.all()} == rows


def test_replace_overwrites_the_fields_the_export_holds_and_keeps_the_rest(user):
    JournalDayFactory(user=user, date=date(2024, 3, 2), sleep_hours=Decimal("6.0"), notes="mine")
    run_import(user, parse(export(asleep("2024-03-01 23:00:00 +0100", "2024-03-02 07:00:00 +0100"))), replace=True)
    day = user.days.get()
    assert (day.sleep_hours, day.notes) == (Decimal("8.0"), "mine")


def test_the_command_imports_an_export_zip_by_its_content(user, tmp_path, capsys):
    call_command("import_journal", "alice", str(SAMPLES / "alxdrcirilo_export.zip"))
    day = user.days.get()
    assert (day.date, day.sleep_hours, day.exercise_minutes) == (date(2024, 1, 1), Decimal("0.2"), 1)
    with pytest.raises(CommandError, match="no sleep, exercise"):
        call_command("import_journal", "alice", str(SAMPLES / "dogsheep_tests_export.xml"), "--format", "apple-health")


def test_exports_are_recognised_by_content():
    assert guess_format("export.zip", (SAMPLES / "alxdrcirilo_export.zip").read_bytes()[:512]) == "apple-health"
    assert guess_format("upload", b'<?xml version="1.0"?><HealthData>') == "apple-health"


STEPS = "HKQuantityTypeIdentifierStepCount"


def steps(day: str, count: str, source: str = "Phone") -> str:
    return rec(STEPS, f"{day} 09:00:00 +0200", f"{day} 09:30:00 +0200", count, "count", source=source)


def stored_steps(user) -> dict[date, Decimal]:
    return dict(TrackerValue.objects.filter(tracker__user=user).values_list("day__date", "value"))


def test_steps_become_the_number_tracker_steps_and_a_day_of_steps_alone_is_a_day(user):
    data = export(steps("2024-05-05", "5500"), steps("2024-05-05", "4000", source="Watch"))
    summary = run_import(user, parse_file(user, data, "apple-health"))
    tracker = Tracker.objects.get(user=user)
    assert (tracker.kind, tracker.slug, tracker.name, tracker.unit) == ("number", "steps", "Steps", "steps")
    assert (summary.days_created, summary.trackers_created, summary.tracker_values) == (1, 1, 1)
    assert stored_steps(user) == {date(2024, 5, 5): Decimal("5500")}


def test_steps_fill_only_days_without_a_steps_value_unless_replace(user):
    run_import(user, parse(export(steps("2024-05-05", "5500"))))
    JournalDayFactory(user=user, date=date(2024, 5, 6), notes="mine")
    data = export(steps("2024-05-05", "7000"), steps("2024-05-06", "3000"))
    summary = run_import(user, parse_file(user, data, "apple-health"))
    assert (summary.days_created, summary.days_filled, summary.tracker_values) == (0, 1, 1)
    assert stored_steps(user) == {date(2024, 5, 5): Decimal("5500"), date(2024, 5, 6): Decimal("3000")}
    assert run_import(user, parse(data)).tracker_values == 0  # the same file again changes nothing
    replaced = run_import(user, parse(data), replace=True)
    assert (replaced.tracker_values, replaced.trackers_created) == (1, 0)
    assert stored_steps(user)[date(2024, 5, 5)] == Decimal("7000")
    assert user.days.get(date=date(2024, 5, 6)).notes == "mine"


def test_the_preview_counts_steps_beside_the_fields(user, client_a):
    JournalDayFactory(user=user, date=date(2024, 5, 6))
    data = export(steps("2024-05-05", "5500"), steps("2024-05-06", "3000"))
    preview = preview_import(user, data, "apple-health", replace=False)
    assert (preview["summary"].trackers_created, preview["summary"].tracker_values) == (1, 2)
    assert preview["fields"] == [{"name": "number:steps", "label": "Steps", "days": 2, "filled": 2, "logged": 0}]
