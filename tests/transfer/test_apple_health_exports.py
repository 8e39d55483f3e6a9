"""Apple Health exports as real iPhones write them and our samples do not show: localised zips, the full
internal DTD, every sleep value since iOS 9, offsets around DST, HealthKit's units, and broken uploads."""

import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from journal.models import JournalDay
from tests.transfer.test_apple_health import TODAY, asleep, export, parse, rec, refusal
from transfer import jobs
from transfer.apple_health import parse_apple_health
from transfer.formats import ImportRejected
from transfer.models import ImportJob
from transfer.services import guess_format, parse_file

pytestmark = pytest.mark.django_db
SLEEP = "HKCategoryTypeIdentifierSleepAnalysis"
WATER = "HKQuantityTypeIdentifierDietaryWater"
FIBER = "HKQuantityTypeIdentifierDietaryFiber"
EXERCISE = "HKQuantityTypeIdentifierAppleExerciseTime"
MINDFUL = "HKCategoryTypeIdentifierMindfulSession"
NIGHT = asleep("2024-03-01 23:00:00 +0100", "2024-03-02 07:00:00 +0100")
CDA = '<?xml version="1.0" encoding="UTF-8"?>\n<ClinicalDocument xmlns="urn:hl7-org:v3">{}</ClinicalDocument>\n'
GPX = '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="Apple Health Export"><trk/></gpx>\n'
ECG = "Name,Alice\nDate of Birth,1990-01-01\nRecorded Date,2024-03-02 08:00:00 +0100\n"
# The head of a real export.xml, abridged: a comment naming the export version, then element and attribute
# declarations (never an entity), then Me and ExportDate before the records.
REAL_DTD = """<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 14 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord|Audiogram)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT ExportDate EMPTY>
<!ATTLIST ExportDate
  value CDATA #REQUIRED
>
<!ELEMENT Me EMPTY>
<!ATTLIST Me
  HKCharacteristicTypeIdentifierDateOfBirth         CDATA #REQUIRED
  HKCharacteristicTypeIdentifierBiologicalSex       CDATA #REQUIRED
  HKCharacteristicTypeIdentifierBloodType           CDATA #REQUIRED
  HKCharacteristicTypeIdentifierFitzpatrickSkinType CDATA #REQUIRED
>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record
  type          CDATA #REQUIRED
  unit          CDATA #IMPLIED
  value         CDATA #IMPLIED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT MetadataEntry EMPTY>
<!ATTLIST MetadataEntry
  key   CDATA #REQUIRED
  value CDATA #REQUIRED
>
<!ELEMENT HeartRateVariabilityMetadataList (InstantaneousBeatsPerMinute*)>
<!ELEMENT InstantaneousBeatsPerMinute EMPTY>
<!ATTLIST InstantaneousBeatsPerMinute
  bpm  CDATA #REQUIRED
  time CDATA #REQUIRED
>
]>
"""
ME = (
    '<ExportDate value="2024-03-05 10:00:00 +0100"/>\n'
    '<Me HKCharacteristicTypeIdentifierDateOfBirth="1990-01-01" HKCharacteristicTypeIdentifierBiologicalSex='
    '"HKBiologicalSexFemale" HKCharacteristicTypeIdentifierBloodType="HKBloodTypeNotSet" '
    'HKCharacteristicTypeIdentifierFitzpatrickSkinType="HKFitzpatrickSkinTypeNotSet"/>'
)
WATCH_NIGHT = (
    '<Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="Alice’s Apple\u00a0Watch" '
    'sourceVersion="10.2" device="&lt;&lt;HKDevice: 0x281f6c0a0&gt;, name:Apple Watch, model:Watch&gt;" '
    'creationDate="2024-03-02 07:05:00 +0100" startDate="2024-03-01 23:00:00 +0100" '
    'endDate="2024-03-02 07:00:00 +0100" value="HKCategoryValueSleepAnalysisAsleepCore">\n'
    ' <MetadataEntry key="HKTimeZone" value="Europe/Madrid"/>\n</Record>'
)


def zipped(files: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def days_of(data: bytes) -> dict[date, dict]:
    return {day.date: day.fields for day in parse(data).days}


# 1. Localised zips: the main file is the one whose root element is <HealthData>, whatever its name.


@pytest.mark.parametrize(
    "name",
    [
        "apple_health_export/exportación.xml",  # Spanish iPhones
        "exportación_de_salud/exportación.xml",  # the folder translated too
        "apple_health_export/Export.xml",
        "Downloads/apple_health_export/export.xml",  # zipped again one folder up
        "export.xml",
    ],
)
def test_the_main_file_is_found_by_its_content_whatever_its_name_or_folder(name):
    folder = name.rsplit("/", 1)[0] + "/" if "/" in name else ""
    data = zipped(
        {
            # the clinical summary, here larger than the export and with no "cda" in its name
            f"{folder}exportación_documento_clínico.xml": CDA.format("<component/>" * 2000),
            f"{folder}export_cda.xml": CDA.format(""),
            f"{folder}workout-routes/route_2024-03-02_8.00am.gpx": GPX,
            f"{folder}electrocardiograms/ecg_2024-03-02.csv": ECG,
            f"{folder}clinical-records/Observation-1.json": '{"resourceType": "Observation"}',
            f"__MACOSX/{folder}._export.xml": b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X",
            name: export(NIGHT),
        }
    )
    assert days_of(data) == {date(2024, 3, 2): {"sleep_hours": Decimal("8.0")}}


def test_the_export_is_found_first_even_behind_thousands_of_other_entries():
    clutter = {f"apple_health_export/notes/{n}.txt": "x" for n in range(2500)}
    data = zipped({**clutter, "apple_health_export/exportación.xml": export(NIGHT)})
    assert days_of(data) == {date(2024, 3, 2): {"sleep_hours": Decimal("8.0")}}


@pytest.mark.parametrize(
    "files",
    [
        {"apple_health_export/export_cda.xml": CDA.format(""), "apple_health_export/workout-routes/a.gpx": GPX},
        {
            "apple_health_export/electrocardiograms/ecg.csv": ECG,
            "apple_health_export/.DS_Store": b"\x00\x00\x00\x01Bud1",
        },
        {"apple_health_export/export.xml": "<html><body>not health data</body></html>"},
        {"apple_health_export/export.xml": b"\x89PNG\r\n\x1a\n\x00\x00"},
        {},
    ],
    ids=["cda-and-routes", "ecg-only", "other-xml", "binary", "empty-zip"],
)
def test_a_zip_without_health_data_is_refused_clearly_and_nothing_is_written(user, files):
    with pytest.raises(ImportRejected) as caught:
        parse_file(user, zipped(files), "apple-health")
    assert "holds no Apple Health data" in caught.value.one_line()
    assert not JournalDay.objects.exists()


def test_only_export_cda_xml_alone_is_refused_naming_the_file_to_choose_instead():
    assert "this is export_cda.xml" in refusal(CDA.format("").encode())


# 2. The internal DTD real exports start with.


def test_the_real_internal_dtd_with_element_and_attribute_declarations_imports_as_xml_and_in_a_zip():
    data = export(ME, WATCH_NIGHT, head=REAL_DTD)
    expected = {date(2024, 3, 2): {"sleep_hours": Decimal("8.0")}}
    assert days_of(data) == expected
    assert days_of(zipped({"apple_health_export/export.xml": data})) == expected


def test_an_entity_declared_in_the_real_dtd_is_still_refused_even_in_a_zip():
    head = REAL_DTD.replace("]>", '<!ENTITY x "x">\n]>')
    with pytest.raises(ImportRejected, match="declares an XML entity"):
        parse(zipped({"apple_health_export/export.xml": export(ME, WATCH_NIGHT, head=head)}))


def test_a_control_character_in_a_name_does_not_refuse_the_export():
    night = asleep("2024-03-01 23:00:00 +0100", "2024-03-02 07:00:00 +0100", source="Sleep\x0bApp\x1f")
    data = export(night, '<Record type="HKQuantityTypeIdentifierHeartRate" sourceName="\x01" value="60"/>')
    assert days_of(data) == {date(2024, 3, 2): {"sleep_hours": Decimal("8.0")}}


def test_bytes_that_are_not_utf_8_in_a_name_do_not_refuse_the_export_and_lines_still_count():
    latin_1 = export(asleep("2024-03-01 23:00:00 +0100", "2024-03-02 07:00:00 +0100", source="Café")).replace(
        "é".encode(), b"\xe9"
    )
    half_a_character = latin_1.replace(b"\xe9", b"\xc3")
    for data in (latin_1, half_a_character):
        assert days_of(data) == {date(2024, 3, 2): {"sleep_hours": Decimal("8.0")}}
        bad_date = data.replace(b"</HealthData>", rec(WATER, "x", "x", "1", "mL").encode() + b"\n</HealthData>")
        assert refusal(bad_date).startswith("Line 4: 'x' is not a date")


def test_a_control_character_before_the_root_element_still_finds_the_export_in_a_zip():
    head = REAL_DTD.replace("Export Version: 14", "Export Version: 14 \x0b")
    data = zipped({"apple_health_export/export.xml": export(ME, WATCH_NIGHT, head=head)})
    assert days_of(data) == {date(2024, 3, 2): {"sleep_hours": Decimal("8.0")}}


def test_an_export_in_utf_16_is_read_too():
    text = export(ME, WATCH_NIGHT, head=REAL_DTD).decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    assert days_of(text.encode("utf-16")) == {date(2024, 3, 2): {"sleep_hours": Decimal("8.0")}}


# 3. Sleep values from every iOS version.


@pytest.mark.parametrize(
    ("value", "hours"),
    [
        ("HKCategoryValueSleepAnalysisAsleep", Decimal("8.0")),  # iOS 9–15
        ("1", Decimal("8.0")),  # the oldest exports' number for asleep
        ("HKCategoryValueSleepAnalysisAsleepUnspecified", Decimal("8.0")),  # iOS 16+, apps without stages
        ("HKCategoryValueSleepAnalysisAsleepCore", Decimal("8.0")),
        ("HKCategoryValueSleepAnalysisAsleepDeep", Decimal("8.0")),
        ("HKCategoryValueSleepAnalysisAsleepREM", Decimal("8.0")),
        ("HKCategoryValueSleepAnalysisInBed", None),
        ("0", None),  # the oldest exports' number for in bed
        ("HKCategoryValueSleepAnalysisAwake", None),
        ("2", None),
    ],
)
def test_each_sleep_value_alone(value, hours):
    night = rec(SLEEP, "2024-03-01 23:00:00 +0100", "2024-03-02 07:00:00 +0100", value)
    water = rec(WATER, "2024-03-02 09:00:00 +0100", "2024-03-02 09:00:00 +0100", "500", "mL")
    expected = {"water_glasses": 2} | ({"sleep_hours": hours} if hours else {})
    assert days_of(export(night, water)) == {date(2024, 3, 2): expected}


def test_a_watch_night_in_stages_with_awake_pieces_and_a_phone_in_bed_counts_only_the_stages():
    data = export(
        rec(SLEEP, "2024-03-01 22:30:00 +0100", "2024-03-02 07:30:00 +0100", "HKCategoryValueSleepAnalysisInBed"),
        asleep("2024-03-01 23:00:00 +0100", "2024-03-02 01:00:00 +0100", "AsleepCore"),
        asleep("2024-03-02 01:00:00 +0100", "2024-03-02 02:00:00 +0100", "AsleepDeep"),
        rec(SLEEP, "2024-03-02 02:00:00 +0100", "2024-03-02 02:30:00 +0100", "HKCategoryValueSleepAnalysisAwake"),
        asleep("2024-03-02 02:30:00 +0100", "2024-03-02 04:00:00 +0100", "AsleepREM"),
        asleep("2024-03-02 04:00:00 +0100", "2024-03-02 06:30:00 +0100", "AsleepCore"),
        rec(SLEEP, "2024-03-02 06:30:00 +0100", "2024-03-02 06:40:00 +0100", "HKCategoryValueSleepAnalysisAwake"),
    )
    # 2 + 1 + 1.5 + 2.5 h asleep; the 40 minutes awake and the phone's 9 h in bed add nothing.
    assert days_of(data) == {date(2024, 3, 2): {"sleep_hours": Decimal("7.0")}}


def test_a_night_recorded_only_as_in_bed_gives_no_sleep_hours():
    """Old iPhones (Bedtime) and some apps write only InBed: time in bed, not sleep, so no sleep_hours."""
    data = export(
        rec(SLEEP, "2024-03-01 23:00:00 +0100", "2024-03-02 07:00:00 +0100", "HKCategoryValueSleepAnalysisInBed"),
        asleep("2024-03-02 23:00:00 +0100", "2024-03-03 06:00:00 +0100", "Asleep"),
    )
    assert days_of(data) == {date(2024, 3, 3): {"sleep_hours": Decimal("7.0")}}
    only_in_bed = rec(
        SLEEP, "2024-03-01 23:00:00 +0100", "2024-03-02 07:00:00 +0100", "HKCategoryValueSleepAnalysisInBed"
    )
    assert "but no sleep, exercise" in refusal(export(only_in_bed))


# 4. Offsets, DST, midnight, several sources.


def test_nights_across_the_dst_changes_count_real_hours():
    data = export(
        asleep("2023-03-25 23:00:00 +0100", "2023-03-26 07:00:00 +0200"),  # spring forward: 7 h, not 8
        asleep("2023-10-28 23:00:00 +0200", "2023-10-29 07:00:00 +0100"),  # fall back: 9 h
        asleep("2023-03-26 01:30:00 +0100", "2023-03-26 03:30:00 +0200"),  # inside the first night: nothing more
    )
    assert days_of(data) == {
        date(2023, 3, 26): {"sleep_hours": Decimal("7.0")},
        date(2023, 10, 29): {"sleep_hours": Decimal("9.0")},
    }


@pytest.mark.parametrize("offset", ["+0000", "+0530", "+0545", "-0930", "+1400", "-1200", "+1245"])
def test_every_offset_keeps_the_records_local_dates(offset):
    data = export(
        asleep(f"2024-03-01 22:00:00 {offset}", f"2024-03-02 06:00:00 {offset}"),
        rec(EXERCISE, f"2024-03-02 23:50:00 {offset}", f"2024-03-02 23:59:00 {offset}", "9", "min"),
        rec(WATER, f"2024-03-03 00:05:00 {offset}", f"2024-03-03 00:05:00 {offset}", "250", "mL"),
    )
    assert days_of(data) == {
        date(2024, 3, 2): {"sleep_hours": Decimal("8.0"), "exercise_minutes": 9},
        date(2024, 3, 3): {"water_glasses": 1},
    }


def test_records_spanning_midnight_count_on_their_start_date_and_sleep_on_its_wake_up_date():
    data = export(
        rec(EXERCISE, "2024-03-01 23:40:00 +0100", "2024-03-02 00:20:00 +0100", "40", "min"),
        rec(MINDFUL, "2024-03-01 23:50:00 +0100", "2024-03-02 00:10:00 +0100"),
        asleep("2024-03-01 23:30:00 +0100", "2024-03-02 00:30:00 +0100"),
    )
    assert days_of(data) == {
        date(2024, 3, 1): {"exercise_minutes": 40, "mindfulness_minutes": 20},
        date(2024, 3, 2): {"sleep_hours": Decimal("1.0")},
    }


def test_a_phone_a_watch_and_a_sleep_app_overlapping_in_different_offsets_count_the_night_once():
    data = export(
        asleep("2024-03-01 23:00:00 +0100", "2024-03-02 06:00:00 +0100", "Asleep", source="AutoSleep"),
        asleep("2024-03-01 22:00:00 +0000", "2024-03-02 04:00:00 +0000", "AsleepCore", source="Apple\u00a0Watch"),
        asleep("2024-03-02 07:00:00 +0200", "2024-03-02 08:00:00 +0200", "AsleepUnspecified", source="iPhone"),
    )
    # 23:00 +0100 = 22:00 UTC … 06:00 UTC: 8 h, once.
    assert days_of(data) == {date(2024, 3, 2): {"sleep_hours": Decimal("8.0")}}


def test_dates_written_on_a_12_hour_clock_or_with_a_colon_in_the_offset_are_read():
    data = export(
        asleep("2024-03-01 11:00:00 PM +0100", "2024-03-02 7:00:00 AM +0100"),
        rec(MINDFUL, "2024-03-02 12:30:00 a.m. +01:00", "2024-03-02 12:40:00 a.m. +01:00"),  # 00:30, in the night
        rec(EXERCISE, "2024-03-02 12:05:00 pm +0100", "2024-03-02 12:35:00 pm +0100", "30", "min"),
    )
    assert days_of(data) == {
        date(2024, 3, 2): {"sleep_hours": Decimal("8.0"), "mindfulness_minutes": 10, "exercise_minutes": 30}
    }
    for wrong in ("2024-03-02 13:00:00 PM +0100", "2024-03-02 0:00:00 AM +0100", "2024-03-02 7:00 AM +0100"):
        assert "is not a date" in refusal(export(rec(EXERCISE, wrong, wrong, "1", "min")))


def test_an_impossible_calendar_date_on_a_quantity_is_refused_with_its_line_not_a_server_error():
    water = rec(WATER, "2024-02-30 09:00:00 +0100", "2024-02-30 09:00:00 +0100", "250", "mL")
    assert refusal(export(water)).startswith("Line 3: '2024-02-30 09:00:00 +0100' is not a date")


# 5. Units.


@pytest.mark.parametrize(
    ("value", "unit"),
    [
        ("1000", "mL"),
        ("1", "L"),
        ("100", "cL"),
        ("10", "dL"),
        ("33.814", "fl_oz_us"),
        ("35.195", "fl_oz_imp"),
        ("4.2268", "cup_us"),
        ("3.5195", "cup_imp"),
        ("2.1134", "pt_us"),
        ("1.7598", "pt_imp"),
    ],
)
def test_a_litre_of_water_in_each_healthkit_unit_is_four_glasses(value, unit):
    water = rec(WATER, "2024-03-02 09:00:00 +0100", "2024-03-02 09:00:00 +0100", value, unit)
    assert days_of(export(water)) == {date(2024, 3, 2): {"water_glasses": 4}}


def test_an_unknown_unit_is_skipped_with_a_warning_never_guessed():
    day = "2024-03-02 09:00:00 +0100"
    parsed = parse(
        export(
            rec(WATER, day, day, "500", "mL"),
            rec(WATER, day, day, "2", "glass"),
            rec(WATER, day, day, "16", "oz"),  # a mass: no volume of water is written in it
            rec(WATER, day, day, "1"),
            rec(FIBER, day, day, "5", "lb"),
        )
    )
    assert [(d.date, d.fields) for d in parsed.days] == [(date(2024, 3, 2), {"water_glasses": 2})]
    assert parsed.warnings == [
        "1 records of DietaryWater in glass left out (unknown unit)",
        "1 records of DietaryWater in oz left out (unknown unit)",
        "1 records of DietaryWater in no unit left out (unknown unit)",
        "1 records of DietaryFiber in lb left out (unknown unit)",
    ]


def test_fiber_in_g_mg_and_mcg_and_exercise_in_min_s_and_hr_add_up():
    day = "2024-03-02 09:00:00 +0100"
    data = export(
        rec(FIBER, day, day, "10", "g"),
        rec(FIBER, day, day, "2500", "mg"),
        rec(FIBER, day, day, "500000", "mcg"),
        rec(EXERCISE, day, day, "20", "min"),
        rec(EXERCISE, day, day, "600", "s"),
        rec(EXERCISE, day, day, "0.5", "hr"),
    )
    assert days_of(data) == {date(2024, 3, 2): {"fiber_g": Decimal("13.0"), "exercise_minutes": 60}}


@pytest.mark.parametrize("value", ["NaN", "inf", "-Infinity"])
def test_a_value_that_is_not_a_finite_number_is_refused_with_its_line(value):
    water = rec(WATER, "2024-03-02 09:00:00 +0100", "2024-03-02 09:00:00 +0100", value, "mL")
    assert refusal(export(NIGHT, water)) == f"Line 4: value {value!r} is not a number"


def test_an_absurdly_large_value_is_left_out_with_a_warning_not_a_server_error():
    day = "2024-03-02 09:00:00 +0100"
    parsed = parse(export(NIGHT, rec(WATER, day, day, "1e300", "L"), rec(FIBER, day, day, "1e40", "g")))
    assert [(d.date, d.fields) for d in parsed.days] == [(date(2024, 3, 2), {"sleep_hours": Decimal("8.0")})]
    assert parsed.warnings == ["water_glasses: 1 days above 40 left out", "fiber_g: 1 days above 200 left out"]


def test_values_whose_sum_overflows_are_left_out_with_a_warning_not_a_server_error():
    day = "2024-03-02 09:00:00 +0100"
    huge = [rec(WATER, day, day, "1e308", "L"), rec(WATER, day, day, "1e308", "mL")]  # their sum is infinite
    parsed = parse(export(NIGHT, *huge, rec(FIBER, day, day, "1e308", "g"), rec(FIBER, day, day, "-1e308", "kg")))
    assert [(d.date, d.fields) for d in parsed.days] == [(date(2024, 3, 2), {"sleep_hours": Decimal("8.0")})]
    assert parsed.warnings == ["water_glasses: 1 days above 40 left out"]


# 6. Broken uploads: a clear reason, nothing written, never a server error.


def _damaged_directory() -> bytes:
    data = bytearray(zipped({"apple_health_export/export.xml": export(NIGHT)}))
    end = data.rindex(b"PK\x05\x06")
    data[end + 16 : end + 20] = (len(data) * 2).to_bytes(4, "little")  # the directory's offset, past the end
    return bytes(data)


BROKEN = {
    "empty": (b"", "the file is empty"),
    "not-a-zip": (b"This is not a zip file at all, just text.\n", "neither a zip nor XML"),
    "jpeg": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "neither a zip nor XML"),
    "other-xml": (b'<?xml version="1.0"?>\n<gpx version="1.1"/>', "starts with <gpx>, not <HealthData>"),
    "html": (b"<!DOCTYPE html>\n<html><body>Sign in</body></html>", "not <HealthData>"),
    "half-a-zip": (zipped({"apple_health_export/export.xml": export(*[NIGHT] * 500)})[:300], "damaged or cut short"),
    "damaged-directory": (_damaged_directory(), "damaged or cut short"),
    "cut-xml": (export(NIGHT)[:-20], "not well-formed XML"),
}


@pytest.mark.parametrize("name", BROKEN)
def test_a_broken_file_is_refused_with_a_clear_reason_and_nothing_is_written(user, name):
    data, reason = BROKEN[name]
    with pytest.raises(ImportRejected) as caught:
        parse_file(user, data, "apple-health")
    assert reason in caught.value.one_line()
    with pytest.raises(ImportRejected):  # as a file on disk, the way a task reads it
        parse_apple_health(io.BufferedReader(io.BytesIO(data)), len(data), TODAY)  # type: ignore[arg-type]
    assert not JournalDay.objects.exists()


def test_a_file_named_zip_is_read_as_an_apple_health_export_whatever_it_holds():
    assert guess_format("export.zip", b"This is not a zip file") == "apple-health"
    assert guess_format("export.ZIP", b"") == "apple-health"
    assert guess_format("notes.txt", b"date,mood\n") == "csv"


@pytest.fixture
def private_uploads(settings, tmp_path):
    settings.PRIVATE_UPLOAD_DIR = tmp_path


@pytest.mark.parametrize("name", ["not-a-zip", "half-a-zip", "damaged-directory", "other-xml"])
def test_a_broken_export_uploaded_on_the_page_ends_its_job_refused_with_the_reason(client_a, private_uploads, name):
    data, reason = BROKEN[name]
    upload = SimpleUploadedFile("export.zip", data, content_type="application/zip")
    response = client_a.post(reverse("import_preview"), {"file": upload, "format": "auto"})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.file_format == "apple-health"
    page = client_a.get(response["Location"])
    assert page.status_code == 200 and escape(reason) in page.content.decode()
    job.refresh_from_db()
    assert job.stage == "refused" and not job.file_name and not jobs.storage().listdir("")[1]
    assert not JournalDay.objects.exists()


def test_an_empty_upload_is_a_400_on_the_page_and_starts_no_job(client_a, private_uploads):
    upload = SimpleUploadedFile("export.zip", b"", content_type="application/zip")
    response = client_a.post(reverse("import_preview"), {"file": upload, "format": "apple-health"})
    assert response.status_code == 400 and "empty" in response.content.decode()
    assert not ImportJob.objects.exists() and not JournalDay.objects.exists()
