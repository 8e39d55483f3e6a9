import datetime as dt
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import transaction
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseNotModified,
    JsonResponse,
    QueryDict,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.models import today_for
from accounts.types import AuthenticatedHttpRequest
from journal.constants import EARLIEST_DATE
from journal.forms import FoodForm
from journal.page_cache import CSRF_PLACEHOLDER, keep_page, kept_page, page_key, page_response
from journal.pages import TEMPLATES_VERSION, DayPage, blank_forms_html, history_page, with_meal_foods
from journal.queries import catalogue_payload, get_food_for_user, last_meals
from journal.services import (
    catalogue_version,
    delete_favourite_meal,
    lock_journal,
    save_favourite_meal,
    set_favourite_food,
)

DRAFT_KEY = "day-draft"
# Buttons of the day form that do something other than save; each keeps the day as it was sent.
INTENTS = ("add_food", "repeat", "favourite_meal", "favourite_food")


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


def _restore_draft(request: HttpRequest, day_date: dt.date) -> QueryDict | None:
    """The day as it was when its person left to add a food (kept in the session), once."""
    draft = request.session.get(DRAFT_KEY)
    if not draft or draft.get("date") != day_date.isoformat():
        return None
    del request.session[DRAFT_KEY]
    data = QueryDict(mutable=True)
    for key, values in draft["data"].items():
        data.setlist(key, values)
    return data


@login_required
def day(request: AuthenticatedHttpRequest, date: str) -> HttpResponse:
    today = today_for(request.user)
    day_date = _loggable_date(date, today)
    if day_date is None:
        return _day_refused(request, date, today)
    if request.method == "POST":
        intent = next((name for name in INTENTS if name in request.POST), None)
        if intent is not None:
            return _day_intent(request, day_date, today, intent)
        # The journal is locked first, so the day's rows read to check the form are the ones the save
        # writes over (and are not read twice); the day and every section commit together, or neither.
        with transaction.atomic():
            lock_journal(request.user)
            page = DayPage(request.user, day_date, data=request.POST, locked=True)
            saved = page.is_valid()
            if saved:
                page.save()
        if saved:
            messages.success(request, _("Saved."))
            return redirect("day", date=day_date.isoformat())
        messages.error(request, _("Nothing was saved: please correct the fields marked below."))
    elif (draft := _restore_draft(request, day_date)) is not None:
        page = DayPage(request.user, day_date, data=draft)
    elif (key := page_key(request, request.user, day_date, today, DRAFT_KEY)) is not None:
        return _kept_day(request, key, day_date, today)
    else:
        page = DayPage(request.user, day_date, copy_previous=request.GET.get("copy") == "previous")
    return render(request, "journal/day.html", page.context(today))


def _kept_day(request: AuthenticatedHttpRequest, key: str, day_date: dt.date, today: dt.date) -> HttpResponse:
    """A plain view of the day: the page kept in the cache, or drawn and kept (see journal.page_cache)."""
    html = kept_page(key)
    if html is None:
        context = DayPage(request.user, day_date).context(today)
        context["csrf_token"] = CSRF_PLACEHOLDER  # this response's own token goes in below
        html = render_to_string("journal/day.html", context, request)
        keep_page(key, html)
    return page_response(request, html)


def _day_intent(request: AuthenticatedHttpRequest, day_date: dt.date, today: dt.date, intent: str) -> HttpResponse:
    """A day-form button that is not Save (the way these work without JavaScript): nothing is saved,
    and the page comes back exactly as sent, with the meal or food change asked for."""
    data: QueryDict = request.POST
    value = request.POST.get(intent, "")
    if intent == "add_food":
        kept = {key: data.getlist(key) for key in data if key not in ("csrfmiddlewaretoken", *INTENTS)}
        request.session[DRAFT_KEY] = {"date": day_date.isoformat(), "meal": value, "data": kept}
        day_url = reverse("day", args=[day_date.isoformat()])
        return redirect(f"{reverse('food_new')}?next={day_url}")
    if intent == "repeat":
        meal_type = data.get(f"{value}-meal_type", "")
        last = last_meals(request.user, day_date).get(meal_type, [])
        data = with_meal_foods(data, value, [(item.food_id, item.servings) for item in last], replace=True)
    page = DayPage(request.user, day_date, data=data)
    if intent == "favourite_meal":
        favourite = save_favourite_meal(request.user, data.get(f"{value}-meal_type", ""), page.meal_items(value))
        if favourite is not None:
            messages.success(request, _("“%(name)s” is now a favourite meal.") % {"name": favourite.name})
    elif intent == "favourite_food" and value.isascii() and value.isdigit():
        set_favourite_food(request.user, get_food_for_user(request.user, int(value)), favourite=True)
        messages.success(request, _("Added to your favourite foods."))
    messages.info(request, _("Not saved yet: press Save day when the day is as you want it."))
    return render(request, "journal/day.html", page.context(today))


@login_required
@require_GET
def day_jump(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The date picker's target (a GET form, so it works without JavaScript)."""
    value = request.GET.get("date", "")
    today = today_for(request.user)
    if _loggable_date(value, today) is None:
        return _day_refused(request, value, today)
    return redirect("day", date=value)


@login_required
def today(request: AuthenticatedHttpRequest) -> HttpResponse:
    return redirect("day", date=today_for(request.user).isoformat())


@login_required
@require_GET
def history(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = today_for(request.user)
    return render(request, "journal/history.html", history_page(request.user, today, request.GET))


@require_GET
def foods_json(request: HttpRequest) -> HttpResponse:
    """The shared food catalogue, once per version: the day page asks for foods.json?v=<version>, which
    browsers and proxies keep. It holds nothing personal (a person's own foods come inside their day page,
    which no browser keeps), so it is public and the same for everyone, signed in or not."""
    version = catalogue_version()
    etag = f'"{version}"'
    if request.headers.get("If-None-Match") == etag:
        response: HttpResponse = HttpResponseNotModified()
    else:
        key = f"foods-json:{version}"
        body = cache.get(key)
        if body is None:
            body = json.dumps(catalogue_payload(), separators=(",", ":"))
            cache.set(key, body, 24 * 3600)
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    fresh = request.GET.get("v") == version
    response["Cache-Control"] = "public, max-age=31536000, immutable" if fresh else "public, no-cache"
    return response


@require_GET
def day_templates(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The blank forms day.js copies to add a check-in, a meal or a food row: the same for everyone,
    so the page asks for them by the templates' version and the browser keeps them."""
    response = HttpResponse(blank_forms_html(), content_type="text/html; charset=utf-8")
    fresh = request.GET.get("v") == TEMPLATES_VERSION
    response["Cache-Control"] = "public, max-age=31536000, immutable" if fresh else "no-cache"
    response["Vary"] = "Accept-Language, Cookie"
    return response


@login_required
def favourite_food(request: AuthenticatedHttpRequest, food_id: int) -> HttpResponse:
    """Stars or unstars a food from the picker (day.js posts here). The food is looked up first:
    another person's food is a 404 whatever the method."""
    food = get_food_for_user(request.user, food_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    favourite = request.POST.get("favourite") != "0"
    set_favourite_food(request.user, food, favourite=favourite)
    return JsonResponse({"food": food.pk, "favourite": favourite})


@login_required
def favourite_meal_delete(request: AuthenticatedHttpRequest, favourite_id: int) -> HttpResponse:
    """Another person's favourite meal is a 404 whatever the method, never a quiet success."""
    favourite = get_object_or_404(request.user.favourite_meals, pk=favourite_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    delete_favourite_meal(request.user, favourite.pk)
    return JsonResponse({"deleted": favourite.pk})


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
        draft = request.session.get(DRAFT_KEY)
        if draft and draft.get("meal"):
            # The day the person left is restored with the new food in the meal it was meant for.
            data = QueryDict(mutable=True)
            for key, values in draft["data"].items():
                data.setlist(key, values)
            data = with_meal_foods(data, draft["meal"], [(food.pk, 1)], replace=False)
            request.session[DRAFT_KEY] = {**draft, "data": {key: data.getlist(key) for key in data}}
            messages.success(
                request, _("Added “%(name)s” to your meal. Not saved yet: press Save day.") % {"name": food.name}
            )
        else:
            messages.success(request, _("Added “%(name)s”: you can pick it now.") % {"name": food.name})
        return redirect(next_url or "today")
    return render(request, "journal/food_form.html", {"form": form, "next": next_url})
