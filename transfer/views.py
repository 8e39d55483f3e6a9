"""The "Your data" page: export buttons, and an import in three steps (upload, preview, confirm).

A small file is read in memory and never stored: the preview sends it back to the
browser compressed and signed (see transfer.services.sign_upload), and the
confirmation brings it back; nothing is written until the person confirms.
A large one, and every Apple Health export, is stored privately and checked and
imported by background tasks (transfer.jobs); its page shows their progress.
"""

import uuid
from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.types import AuthenticatedHttpRequest
from transfer import fhir, jobs
from transfer.daily_csv import export_csv
from transfer.formats import ImportRejected
from transfer.forms import ConfirmForm, ImportForm
from transfer.full_json import export_json
from transfer.models import ImportJob
from transfer.queries import job_for
from transfer.services import (
    DaylioChoices,
    daylio_choices,
    export_filename,
    import_upload,
    needs_task,
    preview_import,
    sign_upload,
    unsign_upload,
)

DONE_SESSION_KEY = "journal-import-summary"


@login_required
@require_GET
def your_data(request: HttpRequest) -> HttpResponse:
    return render(request, "transfer/your_data.html", {"form": ImportForm(), "limits": _limits()})


def _limits() -> dict[str, int]:
    return {
        "text": settings.IMPORT_MAX_BYTES,
        "daylio": settings.DAYLIO_BACKUP_MAX_BYTES,
        "health": settings.APPLE_HEALTH_MAX_BYTES,
    }


def _download(request: AuthenticatedHttpRequest, text: str, file_format: str, content_type: str) -> HttpResponse:
    response = HttpResponse(text, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(request.user, file_format)}"'
    return response


@login_required
@require_GET
@cache_control(private=True, no_store=True)
def export_csv_file(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _download(request, export_csv(request.user), "csv", "text/csv; charset=utf-8")


@login_required
@require_GET
@cache_control(private=True, no_store=True)
def export_json_file(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _download(request, export_json(request.user), "json", "application/json; charset=utf-8")


def _refused(request: HttpRequest, form: ImportForm, errors: list[str]) -> HttpResponse:
    context = {"form": form, "import_errors": errors, "limits": _limits()}
    return render(request, "transfer/your_data.html", context, status=400)


def _preview(
    request: AuthenticatedHttpRequest, data: bytes, file_format: str, replace: bool, form: ConfirmForm | None = None
) -> HttpResponse:
    preview = preview_import(request.user, data, file_format, replace)
    if form is None:
        payload = sign_upload(request.user, data)
        initial = {"payload": payload, "format": file_format, "replace": replace}
        form = ConfirmForm(initial=initial, choices=preview["choices"])
    context = {**preview, "form": form, "file_format": file_format, "replace": replace}
    return render(request, "transfer/import_preview.html", context, status=400 if form.is_bound else 200)


@login_required
@require_POST
def import_preview(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused(request, form, [])
    upload, file_format, replace = form.cleaned_data["file"], form.cleaned_data["format"], form.cleaned_data["replace"]
    data = upload.read(settings.IMPORT_INLINE_MAX_BYTES + 1)
    if needs_task(file_format, upload.size, data):
        upload.seek(0)
        job = jobs.start(request.user, upload, file_format, replace)
        return redirect("import_job", job_id=job.pk)
    try:
        return _preview(request, data, file_format, replace)
    except ImportRejected as exc:
        return _refused(request, form, exc.lines())


@login_required
@require_POST
def import_confirm(request: AuthenticatedHttpRequest) -> HttpResponse:
    data = unsign_upload(request.user, request.POST.get("payload", ""))
    if data is None:
        messages.error(request, _("That import expired or was changed on the way. Please choose the file again."))
        return redirect("your_data")
    file_format = request.POST.get("format", "")
    form = ConfirmForm(request.POST, choices=daylio_choices(request.user, data, file_format))
    if not form.is_valid():
        try:
            return _preview(request, data, form.data.get("format", "csv"), bool(request.POST.get("replace")), form)
        except ImportRejected as exc:  # the hidden format field was changed: the file no longer reads
            return _refused(request, ImportForm(), exc.lines())
    values = form.cleaned_data
    try:
        summary = import_upload(
            request.user,
            data,
            values["format"],
            values["replace"],
            form.mood_map(),
            values["add_foods"],
            skip_bad_rows=bool(values.get("skip_bad_rows")),
            leave_out=form.left_out(),
        )
    except ImportRejected as exc:
        return _refused(request, ImportForm(), exc.lines())
    request.session[DONE_SESSION_KEY] = summary.for_session()
    return redirect("import_done")


@login_required
@require_GET
def import_done(request: HttpRequest) -> HttpResponse:
    summary = request.session.pop(DONE_SESSION_KEY, None)
    if summary is None:
        return redirect("your_data")
    return render(request, "transfer/import_done.html", {"summary": summary})


JobView = Callable[[AuthenticatedHttpRequest, ImportJob], HttpResponse]


def job_view(*methods: str) -> Callable[[JobView], Callable[..., HttpResponse]]:
    """Signed in, the job looked up among the person's own, then the method checked: another
    person's job is a 404 whatever the method, so not even a 405 tells it apart from a missing one."""

    def decorate(view: JobView) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: AuthenticatedHttpRequest, job_id: uuid.UUID) -> HttpResponse:
            job = job_for(request.user, job_id)
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            return view(request, job)

        return wrapper

    return decorate


@job_view("GET")
def import_job(request: AuthenticatedHttpRequest, job: ImportJob) -> HttpResponse:
    """One page for the whole life of a background import: progress, then the preview, then the result."""
    context = {"job": job, "stale": jobs.is_stale(job)}
    if job.stage == job.Stage.CHECKED:
        initial = {"format": job.file_format, "replace": job.replace}
        form = ConfirmForm(initial=initial, choices=DaylioChoices.from_json(job.preview.get("choices")))
        return render(request, "transfer/import_preview.html", {**context, **_job_preview(job), "form": form})
    return render(request, "transfer/import_job.html", context)


def _job_preview(job: ImportJob) -> dict[str, Any]:
    summary = {
        **job.preview["summary"],
        "skipped_dates": [date.fromisoformat(d) for d in job.preview["summary"]["skipped_dates"]],
    }
    return {
        **job.preview,
        "summary": summary,
        "choices": DaylioChoices.from_json(job.preview.get("choices")),
        "file_format": job.file_format,
        "replace": job.replace,
        "confirm_url": reverse("import_job_confirm", args=[job.pk]),
    }


@job_view("GET")
def import_job_status(request: AuthenticatedHttpRequest, job: ImportJob) -> JsonResponse:
    return JsonResponse(
        {"stage": job.stage, "done": job.done, "total": job.total, "percent": job.percent, "finished": job.finished}
    )


@job_view("POST")
def import_job_confirm(request: AuthenticatedHttpRequest, job: ImportJob) -> HttpResponse:
    if job.stage != job.Stage.CHECKED:
        return redirect("import_job", job_id=job.pk)
    data = request.POST.copy()
    data["format"] = job.file_format  # the job knows its format; the form carries only the person's choices
    form = ConfirmForm(data, choices=DaylioChoices.from_json(job.preview.get("choices")))
    if not form.is_valid():
        context = {"job": job, **_job_preview(job), "form": form}
        return render(request, "transfer/import_preview.html", context, status=400)
    values = form.cleaned_data
    jobs.confirm(job, form.mood_map(), values["add_foods"], bool(values.get("skip_bad_rows")), form.left_out())
    return redirect("import_job", job_id=job.pk)


@job_view("POST")
def import_job_retry(request: AuthenticatedHttpRequest, job: ImportJob) -> HttpResponse:
    if jobs.is_stale(job):
        jobs.retry(job)
    return redirect("import_job", job_id=job.pk)


@job_view("POST")
def import_job_cancel(request: AuthenticatedHttpRequest, job: ImportJob) -> HttpResponse:
    if job.stage == job.Stage.CHECKED or job.finished:
        jobs.cancel(job)
    return redirect("your_data")


@never_cache
@login_required
@require_GET
def export_fhir(request: AuthenticatedHttpRequest) -> HttpResponse:
    response = HttpResponse(fhir.bundle_json(request.user), content_type=fhir.CONTENT_TYPE)
    filename = f"gut-mood-journal-fhir-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
