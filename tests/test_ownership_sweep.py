"""Every URL of the project, swept as another user and as an anonymous visitor.

The sweep reads the URL configuration itself, so a new page is covered the day it is added:
a new URL argument name fails `test_every_url_argument_has_a_value_for_the_sweep` until it is
given one of user A's objects below, and a new public page fails the anonymous sweep until it
joins PUBLIC_URL_NAMES.
"""

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import today_for
from journal.models import Food, JournalDay, Meal, MealItem, MoodCheckIn
from reminders.models import PushSubscription
from tests.factories import (
    FoodFactory,
    JournalDayFactory,
    MealFactory,
    MealItemFactory,
    MoodCheckInFactory,
    ProfileFactory,
    UserFactory,
)
from tests.journal_rows import journal_rows

MARKER = "zq-private-marker-7f3a"
# Pages anyone may open; every other page sends an anonymous visitor to log in.
PUBLIC_URL_NAMES = {
    "home",
    "day_templates",  # the blank forms day.js copies: the same for everyone, no journal in them
    "foods_json",  # the shared food catalogue: nothing personal (own foods come inside the day page)
    "healthz",
    "signup",
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "offline",
    "manifest",
    "service_worker",
    "set_language",
    "reminders_unsubscribe",  # the signed link in a reminder email: works without signing in
}
SKIPPED_PREFIXES = ("admin/",)  # Django's admin: staff only, see tests/accounts/test_admin.py


@dataclass(frozen=True)
class Route:
    name: str
    route: str
    kwargs: tuple[str, ...]


@dataclass
class Journal:
    """User A's objects, one of each kind, each carrying the marker where it has text."""

    user: object
    day: JournalDay
    checkin: MoodCheckIn
    meal: Meal
    item: MealItem
    food: Food


# URL argument name -> (A's value for it, whether the address is scoped to the viewer).
# A scoped address (a date) shows the viewer's own data, so B gets B's own page, never A's;
# an object address must give B a 404 or 403.
ARGUMENT_VALUES: dict[str, tuple[Callable[[Journal], str], bool]] = {
    "date": (lambda journal: journal.day.date.isoformat(), True),
    "instrument": (lambda journal: "phq9", True),
    "result_id": (lambda journal: _screener_result(journal), False),
    "experiment_id": (lambda journal: str(_experiment(journal.user).pk), False),
    "subscription_id": (lambda journal: _push_subscription(journal), False),
    "tracker_id": (lambda journal: str(_tracker(journal.user).pk), False),
    "job_id": (lambda journal: _import_job(journal), False),
    "food_id": (lambda journal: str(journal.food.pk), False),
    "favourite_id": (lambda journal: _favourite_meal(journal), False),
}


def _favourite_meal(journal: Journal) -> str:
    """User A's favourite meal (one, made on first use), its name carrying the marker."""
    from journal.models import FavouriteMeal

    meal = journal.user.favourite_meals.first() or FavouriteMeal.objects.create(
        user=journal.user, name=f"Usual {MARKER}"
    )
    return str(meal.pk)


def _import_job(journal: Journal) -> str:
    """User A's import job (one, made on first use), its file name carrying the marker."""
    from transfer.models import ImportJob

    job = journal.user.import_jobs.first() or ImportJob.objects.create(
        user=journal.user, original_name=f"export-{MARKER}.csv", file_format="csv"
    )
    return str(job.pk)


def _push_subscription(journal: Journal) -> str:
    return str(PushSubscription.objects.get(user=journal.user).pk)


def _tracker(user):
    """User A's tracker (one, made on first use), its name carrying the marker."""
    from trackers.models import Tracker

    return Tracker.objects.filter(user=user).first() or Tracker.objects.create(
        user=user, kind="tag", name=f"Tracker {MARKER}", slug="marker"
    )


def _screener_result(journal: Journal) -> str:
    from checkins.models import ScreenerResult

    defaults = {"answers": [0] * 9, "score": 0}
    found, _created = ScreenerResult.objects.get_or_create(
        user=journal.user, instrument="phq9", taken_on=journal.day.date, defaults=defaults
    )
    return str(found.pk)


def _experiment(user):
    """User A's experiment (one, made on first use), its change carrying the marker."""
    from tests.experiments.factories import ExperimentFactory

    return user.experiments.first() or ExperimentFactory(user=user, change=f"Change {MARKER}")


def _walk(resolver: URLResolver, prefix: str = "") -> Iterator[Route]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if not route.startswith(SKIPPED_PREFIXES):
                yield Route(entry.name or route, route, tuple(entry.pattern.regex.groupindex))


ROUTES = sorted(set(_walk(get_resolver())), key=lambda route: route.route)
PRIVATE = [route for route in ROUTES if route.name not in PUBLIC_URL_NAMES]
PRIVATE_WITHOUT_ARGUMENTS = [route for route in PRIVATE if not route.kwargs]


@pytest.fixture
def journal(db) -> Journal:
    user = UserFactory(username="alice")
    ProfileFactory(user=user, display_name=f"Alice {MARKER}")
    day = JournalDayFactory(user=user, date=today_for(user) - dt.timedelta(days=1), notes=f"Day {MARKER}")
    food = FoodFactory(owner=user, name=f"Food {MARKER}")
    meal = MealFactory(day=day, description=f"Meal {MARKER}")
    item = MealItemFactory(meal=meal, food=food)
    checkin = MoodCheckInFactory(day=day, note=f"Check-in {MARKER}")
    PushSubscription.objects.create(user=user, endpoint="https://push.example.org/alice", p256dh="k", auth="a")
    return Journal(user, day, checkin, meal, item, food)


@pytest.fixture
def client_b(client, db):
    client.force_login(UserFactory(username="bob"))
    return client


def _url(route: Route, journal: Journal) -> str:
    return reverse(route.name, kwargs={name: ARGUMENT_VALUES[name][0](journal) for name in route.kwargs})


def _allowed_statuses(route: Route) -> set[int]:
    """A's object addressed by B is refused; B's own pages (no argument, or a date) may answer
    (503: push reminders are not set up on this server)."""
    if not all(ARGUMENT_VALUES[name][1] for name in route.kwargs):
        return {403, 404}
    return {200, 302, 400, 403, 404, 405, 503}


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def test_the_sweep_finds_the_journal_pages():
    names = {route.name for route in PRIVATE}
    assert {"day", "today", "history", "food_new", "insights", "insights_data", "your_data", "profile"} <= names


def test_every_url_argument_has_a_value_for_the_sweep():
    unknown = {(route.name, name) for route in ROUTES for name in route.kwargs if name not in ARGUMENT_VALUES}
    unknown = {pair for pair in unknown if pair[0] not in PUBLIC_URL_NAMES}
    assert not unknown, f"add these URL arguments to ARGUMENT_VALUES: {sorted(unknown)}"


@pytest.mark.django_db
def test_user_a_sees_the_marker_on_their_own_day(client, journal):
    client.force_login(journal.user)
    body = _body(client.get(reverse("day", kwargs={"date": journal.day.date.isoformat()})))
    assert body.count(MARKER) >= 3


@pytest.mark.django_db
@pytest.mark.parametrize("route", PRIVATE, ids=lambda route: route.name)
def test_another_user_never_gets_a_users_data_by_get(client_b, journal, route):
    before = journal_rows(journal.user)
    response = client_b.get(_url(route, journal), follow=True)
    assert response.status_code in _allowed_statuses(route)
    assert MARKER not in _body(response)
    assert journal_rows(journal.user) == before


@pytest.mark.django_db
@pytest.mark.parametrize("route", PRIVATE, ids=lambda route: route.name)
def test_another_user_cannot_change_a_users_data_by_post(client_b, journal, route):
    before = journal_rows(journal.user)
    response = client_b.post(_url(route, journal), {})
    assert response.status_code in _allowed_statuses(route)
    assert MARKER not in _body(response)
    assert journal_rows(journal.user) == before


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("route", PRIVATE, ids=lambda route: route.name)
def test_anonymous_visitors_are_sent_to_log_in(client, journal, route, method):
    before = journal_rows(journal.user)
    url = _url(route, journal)
    response = getattr(client, method)(url)
    assert response.status_code == 302, f"{method.upper()} {url} answered {response.status_code}"
    assert response.url.startswith(reverse("login"))
    assert journal_rows(journal.user) == before


@pytest.mark.django_db
@pytest.mark.parametrize("route", [route for route in ROUTES if route.name in PUBLIC_URL_NAMES and not route.kwargs])
def test_public_pages_open_without_logging_in(client, route):
    response = client.get(reverse(route.name))
    assert response.status_code in (200, 405)  # log-out answers POST only
    assert MARKER not in _body(response)


@pytest.mark.django_db
@pytest.mark.parametrize("route", PRIVATE_WITHOUT_ARGUMENTS, ids=lambda route: route.name)
def test_every_private_page_without_arguments_needs_log_in(client, route):
    response = client.get(reverse(route.name))
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={reverse(route.name)}"


def _admin_urls(journal: Journal) -> list[str]:
    """The admin's index, and every registered model's changelist, add and change pages."""
    from django.contrib import admin

    objects = {JournalDay: journal.day, MoodCheckIn: journal.checkin, Meal: journal.meal, Food: journal.food}
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        opts = model._meta
        urls += [reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")]
        urls += [reverse(f"admin:{opts.app_label}_{opts.model_name}_add")]
        instance = objects.get(model) or model.objects.first()
        if instance is not None:
            urls += [reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[instance.pk])]
    return urls


@pytest.mark.django_db
def test_signed_in_people_who_are_not_staff_are_sent_away_from_every_admin_page(client_b, journal):
    urls = _admin_urls(journal)
    assert len(urls) > 10
    for url in urls:
        response = client_b.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("admin:login")), url


@pytest.mark.django_db
def test_staff_without_permissions_see_no_journal_in_the_admin(client, journal):
    client.force_login(UserFactory(username="intern", is_staff=True))
    for url in _admin_urls(journal)[1:]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert MARKER not in _body(response), url
