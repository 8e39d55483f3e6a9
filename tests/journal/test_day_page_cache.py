"""The whole day page kept in the cache (journal.page_cache): every write that changes what the page shows
retires it, so the next view shows the write. Each test first checks that the page is kept (one query: the
user), then writes through the same path a person would, then reads the page again: without the write's
version in the page's key, the old page would come back and the test fails."""

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import profile_for
from experiments import services as experiment_services
from experiments.models import AdherenceTick
from journal.models import Food
from tests.experiments.factories import ExperimentFactory
from tests.factories import FoodFactory, JournalDayFactory, MoodCheckInFactory
from tests.journal.day_post import form_data
from trackers.services import create_tracker, save_day_values, set_archived

DAY = dt.date(2024, 3, 1)
URL = reverse("day", args=[DAY])


def _kept(client) -> str:
    """The page, after checking it comes from the cache (no query: the person is cached too)."""
    client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    assert len(queries) == 0, [q["sql"] for q in queries.captured_queries]
    return response.content.decode()


def _page(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def _picker(html: str) -> dict:
    found = re.search(r'<script id="picker-data" type="application/json">(.*?)</script>', html, re.S)
    assert found is not None
    return json.loads(found.group(1))


@pytest.fixture
def day(user):
    day = JournalDayFactory(user=user, date=DAY, notes="")
    MoodCheckInFactory(day=day)
    return day


# ---- writes and what retires the kept page -------------------------------------------------------


def test_a_day_save_shows_at_once(client_a, user, day):
    page = _kept(client_a)
    data = form_data(client_a.get(URL))
    data["checkins-0-note"] = "A walk by the river"  # a check-in only: the day's own row is not written
    assert client_a.post(URL, data, follow=True).status_code == 200  # the redirect shows "Saved." (never kept)
    assert "A walk by the river" not in page
    assert "A walk by the river" in _page(client_a)


def test_an_experiment_tick_shows_at_once(client_a, user, day):
    experiment = ExperimentFactory(user=user, start=DAY)
    page = _kept(client_a)
    assert 'value="yes" class="btn-check" id="id_experiment-' in page and " checked" not in _tick_radio(page, "yes")
    data = form_data(client_a.get(URL))
    data[f"experiment-{experiment.pk}-done"] = "yes"  # the day itself stays as it was: only the tick changes
    assert client_a.post(URL, data, follow=True).status_code == 200
    assert AdherenceTick.objects.get(experiment=experiment).done is True
    assert " checked" in _tick_radio(_page(client_a), "yes")


def test_a_tick_saved_elsewhere_shows_at_once(client_a, user, day):
    experiment = ExperimentFactory(user=user, start=DAY)
    experiment.tick_done = None
    _kept(client_a)
    experiment_services.save_ticks(DAY, [(experiment, False)])
    assert " checked" in _tick_radio(_page(client_a), "no")


def _tick_radio(html: str, value: str) -> str:
    found = re.search(rf'<input type="radio" name="experiment-\d+-done" value="{value}"[^>]*>', html)
    assert found is not None
    return found.group(0)


def test_starting_an_experiment_shows_at_once(client_a, user, day):
    assert "Your experiment" not in _kept(client_a)
    fields = {"change": "kefir every morning", "factor": "", "outcome": "mood", "start": DAY, "length_days": 14}
    experiment_services.create_experiment(user, {**fields, "washout_days": 0})
    assert "kefir every morning" in _page(client_a)


def test_stopping_an_experiment_shows_at_once(client_a, user, day):
    experiment = ExperimentFactory(user=user, start=DAY - dt.timedelta(days=3), change="no coffee")
    assert "no coffee" in _kept(client_a)
    experiment_services.stop_experiment(experiment, DAY - dt.timedelta(days=1))
    assert "no coffee" not in _page(client_a)


def test_a_new_tracker_and_its_value_show_at_once(client_a, user, day):
    assert "Steps" not in _kept(client_a)
    tracker = create_tracker(user, kind="number", name="Steps", unit="steps")
    assert "Steps" in _kept(client_a)
    save_day_values(user, DAY, {tracker: Decimal(4321)})
    assert 'value="4321"' in _kept(client_a)
    set_archived(tracker, True)
    assert "Steps" in _page(client_a)  # archived, but it holds a value this day


def test_archiving_a_tracker_shows_at_once(client_a, user, day):
    tracker = create_tracker(user, kind="tag", name="Cold shower")
    assert "Cold shower" in _kept(client_a)
    set_archived(tracker, True)
    assert "Cold shower" not in _page(client_a)


def test_a_favourite_food_shows_at_once(client_a, user, day):
    food = FoodFactory()
    assert food.pk not in _picker(_kept(client_a))["favourites"]
    response = client_a.post(reverse("favourite_food", args=[food.pk]), {"favourite": "1"})
    assert response.status_code == 200
    assert food.pk in _picker(_page(client_a))["favourites"]


def test_a_new_own_food_shows_at_once(client_a, user, day):
    assert "Grandma’s soup" not in _kept(client_a)
    data = {"name": "Grandma’s soup", "serving": "1 bowl", "fiber_g": "2", "next": URL}
    response = client_a.post(reverse("food_new"), data, follow=True)  # back to the day, with its message
    assert response.redirect_chain == [(URL, 302)]
    assert Food.objects.filter(owner=user, name="Grandma’s soup").exists()
    page = _page(client_a)
    assert '<option value="Grandma’s soup">' in page
    assert any(row["name"] == "Grandma’s soup" for row in _picker(page)["own_foods"])


def test_a_new_display_name_shows_at_once(client_a, user, day):
    assert "Robin Hood" not in _kept(client_a)
    data = {"display_name": "Robin Hood", "time_zone": "UTC", "email": user.email, "reminder_time": ""}
    assert client_a.post(reverse("profile"), data, follow=True).status_code == 200
    assert profile_for(user).display_name == "Robin Hood"
    assert "Robin Hood" in _page(client_a)


def test_a_catalogue_change_shows_at_once(client_a, user, day):
    page = _kept(client_a)
    foods_url = re.search(r'data-foods-url="([^"]+)"', page)
    assert foods_url is not None and "Dragon fruit" not in page
    FoodFactory(name="Dragon fruit", owner=None)  # a catalogue food, as an admin or a migration adds one
    again = _page(client_a)
    assert '<option value="Dragon fruit">' in again
    assert foods_url.group(1) not in again  # foods.json?v=… names the new catalogue


# ---- what is never kept, and the CSRF token ------------------------------------------------------


def test_each_response_has_its_own_masked_csrf_token_that_a_save_accepts(user, day):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    first, second = client.get(URL), client.get(URL)
    pattern = r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"'
    tokens = re.findall(pattern, first.content.decode()), re.findall(pattern, second.content.decode())
    assert len(tokens[0]) == len(tokens[1]) == 2  # the day form and the log-out form
    assert tokens[0][0] != tokens[1][0]  # masked afresh per response (BREACH)
    assert "csrfPlaceholder" not in second.content.decode()
    data = form_data(second)
    data["notes"] = "saved with a kept page's token"
    assert client.post(URL, data).status_code == 302


def test_a_page_with_a_message_is_drawn_and_not_kept(client_a, user, day):
    _kept(client_a)
    data = form_data(client_a.get(URL))
    data["notes"] = "changed"
    client_a.post(URL, data)
    assert "Saved." in _page(client_a)
    assert "Saved." not in _kept(client_a)


def test_a_page_asked_with_parameters_or_a_draft_is_drawn(client_a, user, day, django_assert_max_num_queries):
    _kept(client_a)
    with CaptureQueriesContext(connection) as queries:
        assert client_a.get(URL, {"copy": "previous"}).status_code == 200
    assert len(queries) > 1
    session = client_a.session
    session["day-draft"] = {"date": DAY.isoformat(), "meal": "", "data": {"notes": ["from the draft"]}}
    session.save()
    assert "from the draft" in _page(client_a)
    assert "from the draft" not in _kept(client_a)  # the draft is used once


def test_another_person_never_gets_the_kept_page(client, user, other_user, day):
    client.force_login(user)
    _kept(client)
    client.force_login(other_user)
    page = _page(client)
    assert other_user.get_username() in page and user.get_username() not in page


def test_a_renamed_food_is_not_found_by_its_old_name_in_a_save(client_a, user, day):
    """The foods a save names are kept per food-list version (journal.pages.posted_foods)."""
    food = FoodFactory(name="Sourdough", owner=user)
    data = form_data(client_a.get(URL))
    data["meals-0-items-0-food"] = "Sourdough"
    assert client_a.post(URL, data).status_code == 302
    food.name = "Rye bread"
    food.save()
    data["meals-0-items-0-food"] = "Sourdough"
    response = client_a.post(URL, data)
    assert response.status_code == 200  # sent back: no such food any more
    assert "Choose a food from the list" in response.content.decode()


def test_a_write_gives_the_versions_a_new_value_again_when_it_commits(user, django_capture_on_commit_callbacks):
    """A page drawn by another request between a write and its commit reads the data from before the write;
    kept under the value given at the write, it would outlive it. The commit gives one more value."""
    from accounts.versions import _BumpOnCommit
    from experiments.versions import experiments_changed, experiments_version
    from journal.services import journal_changed, journal_version

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        journal_changed(user)
        for _ in range(50):  # many rows written: one more value at commit, not fifty
            experiments_changed(user.pk)
        during = journal_version(user), experiments_version(user)
    assert sum(isinstance(callback, _BumpOnCommit) for callback in callbacks) == 1
    assert journal_version(user) != during[0]
    assert experiments_version(user) != during[1]
