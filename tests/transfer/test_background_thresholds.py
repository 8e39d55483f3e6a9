"""Which uploads the page imports within the request and which go to a background task (PRODUCT 3.13):
over 2,000 rows or over 2 MB, and every Apple Health export, run as tasks; the rest is previewed at once."""

import base64
import io
import json
import zipfile
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from journal.columns import DAILY_COLUMNS
from tests.transfer.conftest import DATA
from transfer.models import ImportJob

pytestmark = pytest.mark.django_db
HEADER = ",".join(DAILY_COLUMNS)


@pytest.fixture(autouse=True)
def private_uploads(settings, tmp_path):
    settings.PRIVATE_UPLOAD_DIR = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # queued, not run


def daily_csv(rows: int, trailing_newline: bool = True) -> bytes:
    first = date(2010, 1, 1)
    lines = [HEADER] + [f"{first + timedelta(days=n)},4" + "," * (len(DAILY_COLUMNS) - 2) for n in range(rows)]
    return ("\n".join(lines) + ("\n" if trailing_newline else "")).encode()


def post(client, name: str, data: bytes):
    return client.post(reverse("import_preview"), {"file": SimpleUploadedFile(name, data), "format": "auto"})


def test_the_thresholds_are_the_documented_ones(settings):
    assert settings.IMPORT_INLINE_MAX_ROWS == 2000
    assert settings.IMPORT_INLINE_MAX_BYTES == 2 * 1024 * 1024


@pytest.mark.parametrize("trailing_newline", [True, False])
def test_2000_rows_under_their_header_are_previewed_at_once(client_a, trailing_newline):
    response = post(client_a, "days.csv", daily_csv(2000, trailing_newline))
    assert response.status_code == 200 and not ImportJob.objects.exists()
    assert response.context["summary"].days_created == 2000


@pytest.mark.parametrize("trailing_newline", [True, False])
def test_2001_rows_go_to_a_background_task(client_a, trailing_newline):
    response = post(client_a, "days.csv", daily_csv(2001, trailing_newline))
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("import_job", args=[job.pk])
    assert job.stage == "checking"


def test_a_file_over_2_mb_with_few_rows_goes_to_a_background_task(client_a):
    note = "x" * 1990
    rows = [f"2024-01-{day:02d},x,x,9:00,good,,,{note}" for day in range(1, 29)] * 40  # 1,120 rows, ~2.2 MB
    data = ("full_date,date,weekday,time,mood,activities,note_title,note\n" + "\n".join(rows) + "\n").encode()
    assert len(data) > 2 * 1024 * 1024 and data.count(b"\n") < 2000
    assert post(client_a, "daylio.csv", data).status_code == 302
    assert ImportJob.objects.get().stage == "checking"


def test_even_a_tiny_apple_health_export_goes_to_a_background_task(client_a):
    xml = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<HealthData locale="en_US">\n'
        b'<Record type="HKQuantityTypeIdentifierAppleExerciseTime" sourceName="Watch" unit="min" '
        b'startDate="2024-01-01 10:00:00 +0100" endDate="2024-01-01 10:01:00 +0100" value="1"/>\n'
        b"</HealthData>\n"
    )
    assert post(client_a, "export.xml", xml).status_code == 302
    assert ImportJob.objects.get().file_format == "apple-health"


def json_backup(days: int) -> bytes:
    """A full JSON backup of this many days, indented as the export writes it (many lines a day)."""
    first = date(2010, 1, 1)
    document = {
        "format": "gut-mood-journal",
        "version": 1,
        "days": [{"date": (first + timedelta(days=n)).isoformat(), "stress": 2, "notes": "a\nb"} for n in range(days)],
    }
    return json.dumps(document, indent=1).encode()


def test_a_json_backup_counts_its_days_not_its_lines(client_a):
    data = json_backup(500)
    assert data.count(b"\n") > 2000
    response = post(client_a, "backup.json", data)
    assert response.status_code == 200 and not ImportJob.objects.exists()
    assert post(client_a, "backup.json", json_backup(2001)).status_code == 302
    assert ImportJob.objects.get().file_format == "json"


def daylio_backup(entries: int) -> bytes:
    """The official backup with its first entry repeated on as many consecutive days."""
    with zipfile.ZipFile(DATA / "daylio-backup" / "guekka_official_english_v15.daylio") as archive:
        backup = json.loads(base64.b64decode(archive.read("backup.daylio")))
    entry, first = backup["dayEntries"][0], date(2010, 1, 1)
    backup["dayEntries"] = []
    for n in range(entries):
        day = first + timedelta(days=n)
        backup["dayEntries"].append({**entry, "id": n + 1, "year": day.year, "month": day.month - 1, "day": day.day})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("backup.daylio", base64.b64encode(json.dumps(backup).encode()))
    return out.getvalue()


def test_a_daylio_backup_counts_its_entries(client_a):
    small, large = daylio_backup(2000), daylio_backup(2001)
    assert len(large) < 2 * 1024 * 1024
    response = post(client_a, "mine.daylio", small)
    assert response.status_code == 200 and not ImportJob.objects.exists()
    assert post(client_a, "mine.daylio", large).status_code == 302
    assert ImportJob.objects.get().file_format == "daylio-backup"


@pytest.mark.parametrize(
    ("name", "make", "rows"),
    [("backup.json", json_backup, 2001), ("mine.daylio", daylio_backup, 2001)],
)
def test_a_large_backup_is_checked_and_imported_by_its_task(client_a, user, settings, name, make, rows):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    response = post(client_a, name, make(rows))
    job = ImportJob.objects.get()
    assert client_a.get(response["Location"]).status_code == 200
    job.refresh_from_db()
    assert job.stage == "checked" and job.preview["summary"]["days_created"] == rows
    client_a.post(reverse("import_job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.stage == "done" and user.days.count() == rows
