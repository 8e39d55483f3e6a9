"""Trackers on the day page (tags as toggles, ratings 0–3, numbers) and in History."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import today_for
from journal.models import JournalDay
from journal.services import journal_changed
from tests.factories import JournalDayFactory
from tests.journal.day_post import form_data
from trackers.models import TrackerValue
from trackers.services import create_tracker, save_day_values

pytestmark = pytest.mark.django_db
DAY = dt.date(2024, 3, 1)
URL = reverse("day", args=[DAY])


@pytest.fixture
def trackers(user):
    return (
        create_tracker(user, kind="tag", name="Coffee"),
        create_tracker(user, kind="rating", name="Nausea"),
        create_tracker(user, kind="number", name="Steps", unit="steps"),
    )


def _values(user) -> dict[str, Decimal]:
    return {v.tracker.column: v.value for v in TrackerValue.objects.filter(day__user=user).select_related("tracker")}


def test_a_day_with_only_tracker_values_is_stored_and_reads_back(client_a, user, trackers):
    coffee, nausea, steps = trackers
    data = form_data(client_a.get(URL))
    data.update({f"trackers-t{coffee.pk}": "on", f"trackers-t{nausea.pk}": "2", f"trackers-t{steps.pk}": "8500"})
    assert client_a.post(URL, data).status_code == 302
    assert JournalDay.objects.filter(user=user, date=DAY).exists()
    assert _values(user) == {"tag:coffee": 1, "rating:nausea": 2, "number:steps": Decimal("8500")}
    page = client_a.get(URL).content.decode()
    assert f'id="id_trackers-t{coffee.pk}" value="on" checked' in page


def test_an_unticked_tag_on_a_stored_day_counts_as_not_done(client_a, user, trackers):
    _coffee, nausea, _steps = trackers
    url = reverse("day", args=[today_for(user)])
    data = form_data(client_a.get(url))
    data[f"trackers-t{nausea.pk}"] = "1"
    client_a.post(url, data)
    assert _values(user) == {"tag:coffee": 0, "rating:nausea": 1}


def test_an_unticked_tag_stays_blank_on_days_before_it_was_made(client_a, user, trackers):
    _coffee, nausea, _steps = trackers
    data = form_data(client_a.get(URL))
    data[f"trackers-t{nausea.pk}"] = "1"
    client_a.post(URL, data)
    assert _values(user) == {"rating:nausea": 1}


def test_clearing_the_last_value_removes_the_day(client_a, user, trackers):
    coffee = trackers[0]
    save_day_values(user, DAY, {coffee: Decimal(1)})
    data = form_data(client_a.get(URL))
    data.pop(f"trackers-t{coffee.pk}", None)
    client_a.post(URL, data)
    assert not JournalDay.objects.filter(user=user, date=DAY).exists()
    assert not TrackerValue.objects.exists()


@pytest.mark.parametrize(("which", "value", "message"), [(1, "4", "Select a valid choice"), (2, "-1", "greater than")])
def test_a_bad_value_saves_nothing(client_a, user, trackers, which, value, message):
    data = form_data(client_a.get(URL))
    data[f"trackers-t{trackers[which].pk}"] = value
    data["sleep_hours"] = "7"
    response = client_a.post(URL, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not JournalDay.objects.filter(user=user).exists()


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_day_page_and_history_cost_the_same_with_many_trackers(client_a, user):
    tracker = create_tracker(user, kind="tag", name="first")
    for n in range(3):
        JournalDayFactory(user=user, date=DAY - dt.timedelta(days=n), sleep_hours=Decimal(7))
    save_day_values(user, DAY, {tracker: Decimal(1)})
    _count(client_a, URL)  # the session's first queries
    journal_changed(user)
    day_few_fresh, day_few = _count(client_a, URL), _count(client_a, URL)
    history_few = _count(client_a, reverse("history"))
    many = [create_tracker(user, kind=("tag", "rating", "number")[n % 3], name=f"t{n}") for n in range(30)]
    for n in range(20):
        JournalDayFactory(user=user, date=DAY - dt.timedelta(days=3 + n), sleep_hours=Decimal(7))
    for n in range(23):
        save_day_values(user, DAY - dt.timedelta(days=n), {t: Decimal(1) for t in many})
    assert _count(client_a, URL) == day_few_fresh  # drawn afresh after the change
    assert _count(client_a, URL) == day_few  # then from the cache
    assert _count(client_a, reverse("history")) == history_few


def test_history_shows_tags_ratings_and_numbers(client_a, user, trackers):
    coffee, nausea, steps = trackers
    save_day_values(user, DAY, {coffee: Decimal(1), nausea: Decimal(2), steps: Decimal("8500")})
    page = client_a.get(reverse("history")).content.decode()
    assert "Coffee</span>" in page
    assert "Nausea 2/3" in page
    assert "Steps 8500 steps" in page


def test_a_saved_day_folds_its_trackers_to_a_line_of_values(client_a, user, trackers):
    coffee, nausea, steps = trackers
    assert 'id="section-trackers" open' in client_a.get(URL).content.decode()  # nothing saved yet: open
    save_day_values(user, DAY, {coffee: Decimal(1), nausea: Decimal(2), steps: Decimal("8500")})
    page = client_a.get(URL).content.decode()
    assert 'id="section-trackers" open' not in page
    assert '<span class="fold-line">Coffee · Nausea 2/3 · Steps 8500 steps</span>' in page
