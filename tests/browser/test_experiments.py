"""Experiments in a browser: start one from a guidance card, tick it on the day page, read a finished result."""

import datetime as dt
import random

import pytest

from accounts.models import today_for
from experiments.models import AdherenceTick, Experiment
from tests.browser.conftest import DESKTOP, PHONE
from tests.experiments.factories import AdherenceTickFactory, ExperimentFactory, days_between, log_days
from tests.factories import ProfileFactory, UserFactory
from tests.insights.journal_builder import build_journal, published_card

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def person(db):
    user = UserFactory(username="ines")
    ProfileFactory(user=user, display_name="Ines")
    today = today_for(user)
    build_journal(user, 30, start=today - dt.timedelta(days=30))
    return user


def test_start_from_a_guidance_card_and_tick_it_on_the_day_page(
    live_server, page, login, person, screenshot, console_errors
):
    published_card("fermented-test", "probiotic_servings", "always", title="Fermented foods")
    login(person)
    page.goto(f"{live_server.url}/insights/")
    page.locator("#guidance-fermented-test").get_by_role("link", name="Try it for yourself").click()
    assert page.get_by_label("What will you change?").input_value() == "one probiotic food a day"
    assert page.get_by_label("Mood").is_checked()
    screenshot(page, "experiment-start-phone")
    page.get_by_role("button", name="Start", exact=True).click()
    experiment = Experiment.objects.get(user=person)
    assert experiment.guidance.slug == "fermented-test"
    assert page.get_by_role("heading", name="Day 1 of 14").is_visible()

    page.get_by_role("link", name="Tick today").click()
    question = page.get_by_role("group", name="Your experiment: one probiotic food a day. Did you do it today?")
    question.get_by_text("Yes", exact=True).click()
    assert question.get_by_role("radio", name="Yes").is_checked()
    screenshot(page, "experiment-tick-phone")
    page.get_by_role("button", name="Save day").click()
    page.wait_for_load_state()
    assert AdherenceTick.objects.get(experiment=experiment).done is True
    question = page.get_by_role("group", name="Your experiment: one probiotic food a day. Did you do it today?")
    assert question.get_by_role("radio", name="Yes").is_checked()

    question.get_by_role("radio", name="No", exact=True).focus()  # the keyboard way: arrows move within the group
    page.keyboard.press("ArrowRight")
    assert question.get_by_role("radio", name="Not answered").is_checked()
    page.get_by_role("button", name="Save day").click()
    page.wait_for_load_state()
    assert not AdherenceTick.objects.filter(experiment=experiment).exists()
    page.goto(f"{live_server.url}/")
    assert "Day 1 of 14" in page.locator(".experiment-home").inner_text()
    assert console_errors == []


def test_a_finished_result_at_phone_and_desktop(live_server, page, login, screenshot, console_errors):
    user = UserFactory(username="omar")
    today = today_for(user)
    experiment = ExperimentFactory(user=user, start=today - dt.timedelta(days=20), change="25 g of fiber a day")
    rng = random.Random(5)

    def mood(day):
        return min(5, max(1, round(rng.gauss(4.2 if day >= experiment.start else 2.8, 0.6))))

    log_days(user, days_between(experiment.baseline_start, experiment.end), mood=mood)
    for day in days_between(experiment.start, experiment.end)[:12]:
        AdherenceTickFactory(experiment=experiment, date=day)
    login(user)
    page.goto(f"{live_server.url}/experiments/{experiment.pk}/")
    page.wait_for_load_state("networkidle")
    assert "your diary was clearly better during the change" in page.content()
    assert page.locator("#experiment-chart").bounding_box()["height"] > 200
    assert page.evaluate("window.Chart.getChart(document.getElementById('experiment-chart')).data.datasets.length") == 5
    page.get_by_text("Show as table").click()
    assert page.get_by_role("cell", name="Washout (not counted)").count() == 3
    for size, label in ((PHONE, "phone"), (DESKTOP, "desktop")):
        page.set_viewport_size(size)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        screenshot(page, f"experiment-result-{label}")
    page.goto(f"{live_server.url}/experiments/")
    assert "clearly better" in page.content()
    assert console_errors == []
