from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import today_for
from accounts.types import AuthenticatedHttpRequest
from experiments import pages, services
from experiments.forms import ExperimentForm, WashoutForm, start_initial
from experiments.models import Experiment
from experiments.queries import get_experiment_for_user
from experiments.suggestions import SUGGESTED_CHANGES, default_outcome

ExperimentView = Callable[[AuthenticatedHttpRequest, Experiment], HttpResponse]


def experiment_view(*methods: str) -> Callable[[ExperimentView], Callable[..., HttpResponse]]:
    """Signed in, the experiment looked up among the user's own, then the method checked: another
    user's experiment is a 404 whatever the method, so not even a 405 tells it apart from a missing one."""

    def decorate(view: ExperimentView) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: AuthenticatedHttpRequest, experiment_id: int) -> HttpResponse:
            experiment = get_experiment_for_user(request.user, experiment_id)
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            return view(request, experiment)

        return wrapper

    return decorate


@login_required
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = pages.index_context(request.user, today_for(request.user))
    return render(request, "experiments/index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Start from scratch, from one of the suggestions (?factor=<column>), or from a guidance card
    (?guidance=<slug>) with its suggestion filled in."""
    today = today_for(request.user)
    from insights.queries import published_card  # its module loads the analysis (SciPy): not at start-up

    guidance = published_card(request.GET.get("guidance") or request.POST.get("guidance"))
    factor = request.GET.get("factor", "")
    initial = start_initial(today, str(SUGGESTED_CHANGES[factor]), factor) if factor in SUGGESTED_CHANGES else None
    if guidance is not None:
        factor = guidance.factor if guidance.factor in SUGGESTED_CHANGES else ""
        change = str(SUGGESTED_CHANGES.get(factor, ""))
        initial = start_initial(today, change, factor, default_outcome(guidance.factor))
    form = ExperimentForm(request.POST or None, initial=initial or start_initial(today), user=request.user, today=today)
    if request.method == "POST" and form.is_valid():
        fields = {**form.cleaned_data, "guidance": guidance}
        experiment = services.create_experiment(request.user, fields)
        messages.success(request, _("Experiment started. Tick it on the day page each day."))
        return redirect("experiment_detail", experiment_id=experiment.pk)
    ideas = [] if initial else list(SUGGESTED_CHANGES.items())
    context = {"form": form, "guidance": guidance, "today": today, "ideas": ideas}
    return render(request, "experiments/form.html", context)


@experiment_view("GET", "POST")
def repeat(request: AuthenticatedHttpRequest, experiment: Experiment) -> HttpResponse:
    """A new run of a finished experiment (ABAB), in the same series, its change and outcome kept."""
    earlier = experiment
    today = today_for(request.user)
    if not earlier.is_finished(today):
        messages.error(request, _("An experiment can be repeated once it has finished."))
        return redirect("experiment_detail", experiment_id=earlier.pk)
    initial = {
        **start_initial(today, earlier.change, earlier.factor, earlier.outcome),
        "length_days": earlier.length_days,
        "washout_days": earlier.washout_days,
    }
    form = ExperimentForm(request.POST or None, initial=initial, user=request.user, today=today, series=earlier)
    if request.method == "POST" and form.is_valid():
        fields = {**form.cleaned_data, "guidance": earlier.guidance}
        new_run = services.create_experiment(request.user, fields, series=earlier)
        messages.success(request, _("Repeat started. Tick it on the day page each day."))
        return redirect("experiment_detail", experiment_id=new_run.pk)
    context = {"form": form, "repeating": earlier, "today": today}
    return render(request, "experiments/form.html", context)


@experiment_view("GET")
def detail(request: AuthenticatedHttpRequest, experiment: Experiment) -> HttpResponse:
    context = pages.detail_context(request.user, experiment, today_for(request.user))
    if context["finished"]:
        context["washout_form"] = WashoutForm(instance=experiment)
    return render(request, "experiments/detail.html", context)


@experiment_view("POST")
def stop(request: AuthenticatedHttpRequest, experiment: Experiment) -> HttpResponse:
    if services.stop_experiment(experiment, today_for(request.user)):
        messages.success(request, _("Stopped. The days so far make up the result."))
    return redirect("experiment_detail", experiment_id=experiment.pk)


@experiment_view("POST")
def washout(request: AuthenticatedHttpRequest, experiment: Experiment) -> HttpResponse:
    form = WashoutForm(request.POST, instance=experiment)
    if not experiment.is_finished(today_for(request.user)):
        messages.error(request, _("The washout can be changed once the experiment has finished."))
    elif form.is_valid():
        services.set_washout(experiment, form.cleaned_data["washout_days"])
        messages.success(request, _("Washout changed; the result is worked out again."))
    else:
        errors = form.errors.get("washout_days", [_("Enter a number of days.")])
        messages.error(request, " ".join(str(error) for error in errors))  # an ErrorList item reads as its message
    return redirect("experiment_detail", experiment_id=experiment.pk)


@experiment_view("GET", "POST")
def delete(request: AuthenticatedHttpRequest, experiment: Experiment) -> HttpResponse:
    if request.method == "POST":
        services.delete_experiment(experiment)
        messages.success(request, _("Experiment deleted."))
        return redirect("experiments")
    return render(request, "experiments/delete.html", {"experiment": experiment})
