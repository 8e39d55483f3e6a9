"""The "Your data" page: export buttons, and an import in three steps (upload, preview, confirm).

The uploaded file is read in memory and never stored: the preview sends it back to
the browser compressed and signed (see transfer.services.sign_upload), and the
confirmation brings it back; nothing is written until the person confirms.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from transfer.daily_csv import export_csv
from transfer.formats import ImportRejected
from transfer.forms import ConfirmForm, ImportForm
from transfer.full_json import export_json
from transfer.services import (
    daylio_choices,
    export_filename,
    guess_format,
    import_upload,
    preview_import,
    sign_upload,
    unsign_upload,
)

DONE_SESSION_KEY = "journal-import-summary"


@login_required
@require_GET
def your_data(request: HttpRequest) -> HttpResponse:
    return render(request, "transfer/your_data.html", {"form": ImportForm()})


def _download(request: HttpRequest, text: str, file_format: str, content_type: str) -> HttpResponse:
    response = HttpResponse(text, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(request.user, file_format)}"'
    return response


@login_required
@require_GET
def export_csv_file(request: HttpRequest) -> HttpResponse:
    return _download(request, export_csv(request.user), "csv", "text/csv; charset=utf-8")


@login_required
@require_GET
def export_json_file(request: HttpRequest) -> HttpResponse:
    return _download(request, export_json(request.user), "json", "application/json; charset=utf-8")


def _refused(request: HttpRequest, form: ImportForm, errors: list[str]) -> HttpResponse:
    return render(request, "transfer/your_data.html", {"form": form, "import_errors": errors}, status=400)


def _preview(request: HttpRequest, data: bytes, file_format: str, replace: bool, form=None) -> HttpResponse:
    preview = preview_import(request.user, data, file_format, replace)
    if form is None:
        payload = sign_upload(request.user, data)
        initial = {"payload": payload, "format": file_format, "replace": replace}
        form = ConfirmForm(initial=initial, choices=preview["choices"])
    context = {**preview, "form": form, "file_format": file_format, "replace": replace}
    return render(request, "transfer/import_preview.html", context, status=400 if form.is_bound else 200)


@login_required
@require_POST
def import_preview(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused(request, form, [])
    upload = form.cleaned_data["file"]
    data = upload.read()
    file_format = form.cleaned_data["format"]
    if file_format == "auto":
        file_format = guess_format(upload.name, data)
    try:
        return _preview(request, data, file_format, form.cleaned_data["replace"])
    except ImportRejected as exc:
        return _refused(request, form, exc.lines())


@login_required
@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
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
