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
from tests.transfer.test_apple_health import TODAY, asleep, export, parse, refusal
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
            f"__MACOSX/{folder}._export.xml": b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X",
            name: export(NIGHT),
        }
    )
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
