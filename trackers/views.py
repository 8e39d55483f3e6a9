"""The Your trackers page: make, rename, archive and delete (after a confirmation with counts)."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.types import AuthenticatedHttpRequest
from trackers import pages, services
from trackers.forms import RenameForm, TrackerForm
from trackers.models import Tracker
from trackers.queries import get_tracker_for_user

TrackerView = Callable[[AuthenticatedHttpRequest, Tracker], HttpResponse]


def tracker_view(*methods: str) -> Callable[[TrackerView], Callable[..., HttpResponse]]:
    """Signed in, the tracker looked up among the person's own, then the method checked: another
    person's tracker is a 404 whatever the method."""

    def decorate(view: TrackerView) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: AuthenticatedHttpRequest, tracker_id: int) -> HttpResponse:
            tracker = get_tracker_for_user(request.user, tracker_id)
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            return view(request, tracker)

        return wrapper

    return decorate


@login_required
@require_http_methods(["GET", "POST"])
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = TrackerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            tracker = services.create_tracker(request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error("name", exc)
        else:
            messages.success(request, _("Added “%(name)s”: it is on your day page now.") % {"name": tracker.name})
            return redirect("trackers")
    status = 400 if form.is_bound else 200
    return render(request, "trackers/index.html", pages.index_context(request.user, form), status=status)


@tracker_view("POST")
def rename(request: AuthenticatedHttpRequest, tracker: Tracker) -> HttpResponse:
    form = RenameForm(request.POST, prefix=f"t{tracker.pk}")
    if form.is_valid():
        try:
            services.rename_tracker(tracker, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error("name", exc)
        else:
            messages.success(request, _("Saved “%(name)s”.") % {"name": tracker.name})
            return redirect("trackers")
    context = pages.index_context(request.user, editing=tracker, rename_form=form)
    return render(request, "trackers/index.html", context, status=400)


@tracker_view("POST")
def archive(request: AuthenticatedHttpRequest, tracker: Tracker) -> HttpResponse:
    archived = request.POST.get("archived") == "1"
    services.set_archived(tracker, archived)
    if archived:
        messages.success(
            request, _("Archived “%(name)s”: it left your day page; its days stay.") % {"name": tracker.name}
        )
    else:
        messages.success(request, _("“%(name)s” is back on your day page.") % {"name": tracker.name})
    return redirect("trackers")


@tracker_view("GET", "POST")
def delete(request: AuthenticatedHttpRequest, tracker: Tracker) -> HttpResponse:
    if request.method == "POST":
        name = tracker.name
        count = services.delete_tracker(tracker)
        messages.success(
            request, _("Deleted “%(name)s” and its %(count)s recorded days.") % {"name": name, "count": count}
        )
        return redirect("trackers")
    days = tracker.values.count()
    return render(request, "trackers/delete.html", {"tracker": tracker, "days": days})
