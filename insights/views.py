from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from accounts.types import AuthenticatedHttpRequest


@login_required
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The body is rendered and cached by insights.pages; only the page frame is rendered here."""
    from insights import pages  # pandas and SciPy load with the first insights page, not at start-up

    body = pages.page_body(request.user, request.GET.get("range"), timezone.localdate())
    return render(request, "insights/index.html", {"body": mark_safe(body)})  # noqa: S308 (our own cached render)


@login_required
@require_GET
def pairs(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every pair without a clear link: /insights/ lists the nearest ones, this page all of them."""
    from insights import pages

    body = pages.pairs_body(request.user, timezone.localdate())
    return render(request, "insights/pairs.html", {"body": mark_safe(body)})  # noqa: S308 (our own cached render)


@login_required
@require_GET
def data(request: AuthenticatedHttpRequest) -> JsonResponse:
    from insights import queries

    return JsonResponse(queries.insights_for(request.user, timezone.localdate())["contract"])
