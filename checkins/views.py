from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import today_for
from accounts.types import AuthenticatedHttpRequest
from checkins import pages, queries, services
from checkins.forms import PlanForm, ScreenerForm
from checkins.scales import SCALES, Scale


def _scale(instrument: str) -> Scale:
    try:
        return SCALES[instrument]
    except KeyError:
        raise Http404 from None


@login_required
@require_http_methods(["GET", "POST"])
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    plan = queries.plan_for(request.user)
    form = PlanForm(request.POST if request.method == "POST" else None, instance=plan)
    if request.method == "POST":
        if form.is_valid():
            services.save_plan(request.user, form.cleaned_data)
            messages.success(request, _("Your check-in plan is saved."))
            return redirect("checkins")
        messages.error(request, _("Nothing was saved: please correct the plan below."))
    context = pages.index_context(request.user, today_for(request.user), plan, form)
    return render(request, "checkins/index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def take(request: AuthenticatedHttpRequest, instrument: str) -> HttpResponse:
    scale = _scale(instrument)
    form = ScreenerForm(scale, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        saved = services.save_result(request.user, scale.instrument, form.answers(), today_for(request.user))
        url = reverse("checkins_result", kwargs={"result_id": saved.result.pk})
        return redirect(f"{url}?saved={'replaced' if saved.replaced else 'new'}")
    if form.errors:
        messages.error(request, _("Nothing was saved: please answer every question (marked below)."))
    return render(request, "checkins/take.html", {"scale": scale, "form": form})


@login_required
def result(request: AuthenticatedHttpRequest, result_id: int) -> HttpResponse:
    found = queries.get_result_for_user(request.user, result_id)
    context = pages.result_context(found, saved=request.GET.get("saved", ""))
    return render(request, "checkins/result.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: AuthenticatedHttpRequest, result_id: int) -> HttpResponse:
    found = queries.get_result_for_user(request.user, result_id)
    if request.method == "POST":
        found.delete()
        messages.success(request, _("The result is deleted."))
        return redirect("checkins")
    return render(request, "checkins/delete.html", pages.result_context(found))


@login_required
@require_POST
def safety_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.mark_safety_read(request.user)
    return redirect("home")
