"""Imports that run as background tasks: a stored upload, checked, confirmed, then written.

The web request only stores the upload (Django has already streamed it to disk) and enqueues; the
task reads the file from private storage, so no request waits for a large file. The import itself
is one transaction that also marks the job done: a worker killed halfway leaves nothing written and
the job still "importing", and running it again (jobs.retry) does the whole import once.
"""

import time
from datetime import timedelta
from typing import IO, Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, default_task_backend

from accounts.types import User
from transfer.formats import ImportRejected, ParsedImport
from transfer.models import ImportJob
from transfer.services import DaylioChoices, parse_file, preview_parsed, read_for_questions, run_import, with_answers

Stage = ImportJob.Stage
PROGRESS_EVERY = 0.5  # seconds between progress saves
STALE_AFTER = timedelta(minutes=5)  # a running job silent this long lost its worker
UNCONFIRMED_KEPT = timedelta(hours=1)  # a checked upload waits this long for its confirmation


def storage() -> FileSystemStorage:
    """Private: outside static and media, never served; only tasks open these files."""
    return FileSystemStorage(location=settings.PRIVATE_UPLOAD_DIR, base_url=None)


def start(user: User, upload: UploadedFile, file_format: str, replace: bool) -> ImportJob:
    """Stores the upload (a move, for one Django already spooled to disk) and enqueues its check."""
    _expire_unconfirmed()
    job = ImportJob(user=user, original_name=(upload.name or "upload")[:255], file_format=file_format, replace=replace)
    job.file_name = storage().save(f"{job.id}.upload", upload)
    job.save()
    _enqueue(job, "check_upload")
    return job


def _enqueue(job: ImportJob, name: str) -> None:
    from transfer import tasks  # the tasks module imports this one

    result = getattr(tasks, name).enqueue(str(job.pk))
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))


class _Progress:
    """Saves rows (or bytes) done now and then; each save is also the job's heartbeat."""

    def __init__(self, job: ImportJob):
        self.job_id, self.last = job.pk, 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last >= PROGRESS_EVERY or done >= total:
            self.last = now
            ImportJob.objects.filter(pk=self.job_id).update(done=done, total=total, updated_at=timezone.now())


def _open(job: ImportJob) -> IO[bytes]:
    return storage().open(job.file_name, "rb")


def _parse(job: ImportJob, mood_map: dict[str, int] | None, skip_bad_rows: bool = False) -> ParsedImport:
    with _open(job) as stream:
        return parse_file(
            job.user, stream, job.file_format, mood_map, progress=_Progress(job), skip_bad_rows=skip_bad_rows
        )


def check(job_id: str) -> None:
    """The preview, worked out by the task and kept on the job; unknown Daylio moods count at their guessed
    score until scored, unreadable rows as left out (services.read_for_questions)."""
    job = ImportJob.objects.filter(pk=job_id, stage=Stage.CHECKING).select_related("user").first()
    if job is None:
        return  # already checked (a repeated delivery) or gone
    try:
        parsed, choices = read_for_questions(lambda moods, skip: _parse(job, moods, skip), job.file_format)
        preview = preview_parsed(job.user, parsed, job.file_format, job.replace, choices)
    except ImportRejected as exc:
        _finish(job, Stage.REFUSED, errors=exc.lines())
        return
    except Exception:
        _finish(job, Stage.FAILED, errors=["the file could not be read because of an error on our side"])
        raise
    job.preview = _storable(preview)
    job.stage = Stage.CHECKED
    job.save(update_fields=["preview", "stage", "updated_at"])


def _storable(preview: dict[str, Any]) -> dict[str, Any]:
    summary = preview["summary"]
    choices: DaylioChoices = preview["choices"]
    return {
        **preview,
        "choices": choices.to_json(),
        "summary": {**summary.for_session(), "skipped_dates": [d.isoformat() for d in summary.skipped_dates[:10]]},
        "skipped": len(summary.skipped_dates),
        "fields": [{**row, "label": str(row["label"])} for row in preview["fields"]],
    }


def confirm(
    job: ImportJob,
    mood_map: dict[str, int],
    add_foods: bool,
    skip_bad_rows: bool = False,
    leave_out: set[str] | None = None,
) -> None:
    job.mood_map, job.add_foods, job.stage, job.done = mood_map, add_foods, Stage.IMPORTING, 0
    job.skip_bad_rows, job.leave_out = skip_bad_rows, sorted(leave_out or ())
    job.save(update_fields=["mood_map", "add_foods", "skip_bad_rows", "leave_out", "stage", "done", "updated_at"])
    _enqueue(job, "import_checked_upload")


def run(job_id: str) -> None:
    job = ImportJob.objects.filter(pk=job_id, stage=Stage.IMPORTING).select_related("user").first()
    if job is None:
        return  # done already: a second delivery of the task writes nothing
    try:
        parsed = _parse(job, job.mood_map or None, job.skip_bad_rows)
        parsed = with_answers(parsed, job.file_format, job.add_foods, set(job.leave_out))
        with transaction.atomic():
            summary = run_import(job.user, parsed, replace=job.replace)
            ImportJob.objects.filter(pk=job.pk).update(stage=Stage.DONE, result=summary.for_session())
    except ImportRejected as exc:
        _finish(job, Stage.REFUSED, errors=exc.lines())
        return
    except Exception:
        _finish(job, Stage.FAILED, errors=["the import stopped because of an error on our side; nothing was written"])
        raise
    _delete_upload(job)


def _finish(job: ImportJob, stage: str, errors: list[str]) -> None:
    ImportJob.objects.filter(pk=job.pk).update(stage=stage, errors=errors, updated_at=timezone.now())
    _delete_upload(job)


def _delete_upload(job: ImportJob) -> None:
    if job.file_name:
        storage().delete(job.file_name)
        ImportJob.objects.filter(pk=job.pk).update(file_name="")


def cancel(job: ImportJob) -> None:
    _delete_upload(job)
    job.delete()


def is_stale(job: ImportJob) -> bool:
    """A job whose worker died: still checking or importing, silent for STALE_AFTER, and its task not waiting
    in the queue (a queued task behind a long one is only late)."""
    if job.stage not in (Stage.CHECKING, Stage.IMPORTING) or timezone.now() - job.updated_at < STALE_AFTER:
        return False
    try:
        status = default_task_backend.get_result(job.task_id).status
    except Exception:  # the backend forgot the task (RQ results expire): nothing will run it
        return True
    return status != TaskResultStatus.READY


def retry(job: ImportJob) -> None:
    """Runs a job whose worker died again, from the stage it had reached (nothing of it was written)."""
    ImportJob.objects.filter(pk=job.pk).update(done=0, updated_at=timezone.now())
    _enqueue(job, "check_upload" if job.stage == Stage.CHECKING else "import_checked_upload")


def _expire_unconfirmed() -> None:
    """Uploads checked but never confirmed are deleted after UNCONFIRMED_KEPT (a cheap sweep at each start)."""
    old = ImportJob.objects.filter(stage=Stage.CHECKED, updated_at__lt=timezone.now() - UNCONFIRMED_KEPT)
    for job in old:
        _delete_upload(job)
    old.update(stage=Stage.REFUSED, errors=["not confirmed within an hour; the file was deleted"])
