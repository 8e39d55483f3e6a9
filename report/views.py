from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.types import AuthenticatedHttpRequest
from report.period import Period, PeriodError, default_period, parse_period


def _period(request: HttpRequest) -> tuple[Period | None, str]:
    """The period asked for, or None and the message saying why it cannot be used."""
    # The middleware has activated the person's zone: localdate() is their today, with no profile query.
    try:
        return parse_period(request.GET.get("start"), request.GET.get("end"), timezone.localdate()), ""
    except PeriodError as error:
        return None, str(error)


def _include_notes(request: HttpRequest) -> bool:
    return request.GET.get("notes") in ("1", "on", "true")


@never_cache
@login_required
@require_GET
def report_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    period, problem = _period(request)
    today = timezone.localdate()
    context: dict[str, Any] = {
        "form": {
            # The dates shown are the ones used, so the form reads as "this is the period below".
            "start": request.GET.get("start") or (period.start.isoformat() if period else ""),
            "end": request.GET.get("end") or (period.end.isoformat() if period else ""),
            "notes": _include_notes(request),
            "default": default_period(today),
        },
        "problem": problem,
        "query": request.GET.urlencode(),
    }
    if period is None:
        return render(request, "report/report.html", context, status=400)
    from report.pages import build_report  # the insights engine (SciPy) loads with the first report

    context["report"] = build_report(request.user, period, include_notes=_include_notes(request), today=today)
    return render(request, "report/report.html", context)


@never_cache
@login_required
@require_GET
def report_pdf(request: AuthenticatedHttpRequest) -> HttpResponse:
    period, problem = _period(request)
    if period is None:
        return HttpResponse(
            _("The report could not be made: %(problem)s") % {"problem": problem},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    today = timezone.localdate()
    from report.pages import build_report
    from report.pdf import render_pdf  # ReportLab loads with the first PDF

    page = build_report(request.user, period, include_notes=_include_notes(request), today=today)
    response = HttpResponse(render_pdf(page), content_type="application/pdf")
    filename = f"gut-mood-report-{period.start.isoformat()}-to-{period.end.isoformat()}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
