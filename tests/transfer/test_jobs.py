from datetime import date, timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from journal.models import JournalDay
from tests.transfer.conftest import DATA
from transfer import jobs
from transfer.models import ImportJob

pytestmark = pytest.mark.django_db
ZIP = DATA / "apple-health" / "alxdrcirilo_export.zip"
DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def private_uploads(settings, tmp_path):
    settings.PRIVATE_UPLOAD_DIR = tmp_path


def upload(client, path=ZIP, name="export.zip", file_format="auto"):
    data = {"file": SimpleUploadedFile(name, path.read_bytes()), "format": file_format}
    return client.post(reverse("import_preview"), data)


def only_job() -> ImportJob:
    return ImportJob.objects.get()


def test_an_apple_health_upload_becomes_a_job_checked_then_imported_on_confirmation(client_a, user):
    response = upload(client_a)
    job = only_job()
    assert response["Location"] == reverse("import_job", args=[job.pk])
    page = client_a.get(response["Location"])  # checked by the (immediate) task: the preview, field by field
    assert page.status_code == 200 and job.stage == "checked"
    assert [(row["name"], row["filled"], row["logged"]) for row in page.context["fields"]] == [
        ("sleep_hours", 1, 0),
        ("exercise_minutes", 1, 0),
    ]
    assert not JournalDay.objects.exists() and job.file_name
    client_a.post(reverse("import_job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.stage == "done" and job.result["days_created"] == 1
    assert not job.file_name and not jobs.storage().listdir("")[1]  # the upload is deleted when the job ends
    assert user.days.get().sleep_hours == Decimal("0.2")


def test_the_preview_counts_days_already_logged(client_a, user):
    JournalDay.objects.create(user=user, date=date(2024, 1, 1), sleep_hours=Decimal("7.0"))
    upload(client_a)
    page = client_a.get(reverse("import_job", args=[only_job().pk]))
    assert [(row["name"], row["filled"], row["logged"]) for row in page.context["fields"]] == [
        ("sleep_hours", 0, 1),
        ("exercise_minutes", 1, 0),
    ]


def test_a_large_csv_goes_to_a_task_and_a_small_one_does_not(client_a, settings):
    settings.TASKS = DB_QUEUE
    settings.IMPORT_INLINE_MAX_ROWS = 3
    rows = "\n".join(f"{date(2024, 1, 1) + timedelta(days=i)},4" + "," * 17 for i in range(5))
    header = "date,mood,anxiety,energy,stress,sleep_hours,sleep_quality,exercise_minutes,mindfulness_minutes,"
    header += "water_glasses,fiber_g,probiotic_servings,added_sugar_servings,ultra_processed_servings,bloating,"
    header += "abdominal_pain,stool_type,antibiotics,notes"
    big = SimpleUploadedFile("days.csv", f"{header}\n{rows}\n".encode())
    response = client_a.post(reverse("import_preview"), {"file": big, "format": "auto"})
    assert response.status_code == 302 and only_job().stage == "checking"
    assert DBTaskResult.objects.get().task_path == "transfer.tasks.check_upload"
    small = SimpleUploadedFile("days.csv", f"{header}\n{rows.splitlines()[0]}\n".encode())
    assert client_a.post(reverse("import_preview"), {"file": small, "format": "auto"}).status_code == 200


def test_the_progress_page_refreshes_itself_without_javascript_and_shows_a_bar(client_a, settings):
    settings.TASKS = DB_QUEUE
    upload(client_a)
    job = only_job()
    ImportJob.objects.filter(pk=job.pk).update(done=250, total=1000)
    page = client_a.get(reverse("import_job", args=[job.pk])).content.decode()
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    assert '<progress class="w-100" id="import-bar" max="100" value="25">' in page
    status = client_a.get(reverse("import_job_status", args=[job.pk])).json()
    assert status == {"stage": "checking", "done": 250, "total": 1000, "percent": 25, "finished": False}


def test_another_persons_job_is_a_404_on_every_page(client, client_a, other_user):
    upload(client_a)
    job = only_job()
    client.force_login(other_user)
    for name, method in [
        ("import_job", client.get),
        ("import_job_status", client.get),
        ("import_job_confirm", client.post),
        ("import_job_retry", client.post),
        ("import_job_cancel", client.post),
    ]:
        assert method(reverse(name, args=[job.pk])).status_code == 404, name
    job.refresh_from_db()
    assert job.stage == "checked" and not JournalDay.objects.exists()


def test_a_refused_file_ends_its_job_with_the_reason_and_deletes_the_upload(client_a):
    upload(client_a, DATA / "apple-health" / "dogsheep_tests_export.xml", "export.xml")
    job = only_job()
    page = client_a.get(reverse("import_job", args=[job.pk])).content.decode()
    assert job.stage == "refused" and "no sleep, exercise" in page
    assert not job.file_name and not jobs.storage().listdir("")[1]


def test_a_worker_killed_mid_import_leaves_nothing_written_and_the_job_runs_again(client_a, user):
    upload(client_a)
    job = only_job()
    # The process dies inside the import's transaction (SystemExit passes every `except Exception`).
    with mock.patch("transfer.services._write_meals", side_effect=SystemExit("worker killed")) as killed:
        client_a.post(reverse("import_job_confirm", args=[job.pk]))
    assert killed.called
    job.refresh_from_db()
    assert job.stage == "importing" and job.file_name and not JournalDay.objects.exists()
    ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(minutes=10))
    job.refresh_from_db()
    assert jobs.is_stale(job)
    client_a.post(reverse("import_job_retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.stage == "done" and user.days.count() == 1


@pytest.mark.django_db(transaction=True)  # the worker closes its connection between tasks, as a real one does
def test_the_real_worker_command_runs_a_queued_import(client_a, user, settings):
    settings.TASKS = DB_QUEUE
    upload(client_a)
    job = only_job()
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    job.refresh_from_db()
    assert job.stage == "checked"
    client_a.post(reverse("import_job_confirm", args=[job.pk]))
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    job.refresh_from_db()
    assert job.stage == "done" and user.days.get().exercise_minutes == 1
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_a_daylio_job_asks_the_same_questions_and_imports_with_the_answers(client_a, user, settings):
    settings.IMPORT_INLINE_MAX_ROWS = 2
    text = (
        "full_date,date,weekday,time,mood,activities,note_title,note\n"
        "2024-03-01,x,x,9:00,vaguely ok,coffee | walk,,\n"
        "2024-03-02,x,x,9:00,good,walk,,\n"
        "2024-02-30,x,x,9:00,good,,,\n"
    )
    response = client_a.post(
        reverse("import_preview"), {"file": SimpleUploadedFile("daylio.csv", text.encode()), "format": "auto"}
    )
    page = client_a.get(response["Location"])
    choices = page.context["choices"]
    assert choices.moods == [("vaguely ok", 3)] and choices.bad_row_count == 1
    assert choices.activities == [("walk", 2), ("coffee", 1)]
    confirm = reverse("import_job_confirm", args=[only_job().pk])
    assert client_a.post(confirm, {"mood_0": "2", "activities": ["coffee"]}).status_code == 400  # rows not skipped
    client_a.post(confirm, {"mood_0": "2", "activities": ["coffee"], "skip_bad_rows": "on"})
    assert only_job().stage == "done"
    assert [t.column for t in user.trackers.all()] == ["tag:coffee"]
    assert sorted(user.days.values_list("date", "checkins__mood")) == [(date(2024, 3, 1), 2), (date(2024, 3, 2), 4)]
