import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from accounts.models import today_for
from accounts.types import AuthenticatedHttpRequest
from journal.constants import EARLIEST_DATE
from journal.forms import FoodForm
from journal.history_parts import add_parts
from journal.pages import DayPage
from journal.queries import daily_values, days_for

HISTORY_PAGE_SIZE = 30


def _loggable_date(value: str, today: dt.date) -> dt.date | None:
    """The date named in the URL if it can be logged: a real date, from 2000 to today."""
    try:
        day_date = dt.date.fromisoformat(value)
    except ValueError:
        return None
    if len(value) != 10 or not EARLIEST_DATE <= day_date <= today:
        return None
    return day_date


def _day_refused(request: HttpRequest, value: str, today: dt.date) -> HttpResponse:
    context = {"value": value, "today": today, "earliest": EARLIEST_DATE}
    return render(request, "journal/day_refused.html", context, status=404)


@login_required
def day(request: AuthenticatedHttpRequest, date: str) -> HttpResponse:
    today = today_for(request.user)
    day_date = _loggable_date(date, today)
    if day_date is None:
        return _day_refused(request, date, today)
    if request.method == "POST":
        page = DayPage(request.user, day_date, data=request.POST)
        if page.is_valid():
            page.save()
            messages.success(request, _("Saved."))
            return redirect("day", date=day_date.isoformat())
        messages.error(request, _("Nothing was saved: please correct the fields marked below."))
    else:
        page = DayPage(request.user, day_date, copy_previous=request.GET.get("copy") == "previous")
    return render(request, "journal/day.html", page.context(today))


@login_required
def today(request: AuthenticatedHttpRequest) -> HttpResponse:
    return redirect("day", date=today_for(request.user).isoformat())


@login_required
def history(request: AuthenticatedHttpRequest) -> HttpResponse:
    paginator = Paginator(days_for(request.user).order_by("-date"), HISTORY_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    rows = daily_values(page.object_list)
    add_parts(request.user, rows)
    return render(request, "journal/history.html", {"page_obj": page, "rows": rows})


def _local_path(request: HttpRequest, url: str) -> str:
    """`url` when it is a path on this site ("/day/2024-05-01/"), else "" (redirect() would take a bare
    word such as "0" for a URL name and raise NoReverseMatch; another host is an open redirect)."""
    allowed = url_has_allowed_host_and_scheme(url, {request.get_host()}, require_https=request.is_secure())
    return url if allowed and url.startswith("/") and not url.startswith("//") else ""


@login_required
def food_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    next_url = _local_path(request, request.POST.get("next") or request.GET.get("next") or "")
    form = FoodForm(request.POST or None, owner=request.user)
    if request.method == "POST" and form.is_valid():
        food = form.save()
        messages.success(request, _("Added “%(name)s”: you can pick it now.") % {"name": food.name})
        return redirect(next_url or "today")
    return render(request, "journal/food_form.html", {"form": form, "next": next_url})
