"""A Daylio import through the browser: one activity left out, a custom mood scored, the tags on the
day page and in History; and the trackers page at phone and desktop sizes."""

import pytest
from django.conf import settings
from django.test import Client

from journal.models import MoodCheckIn
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import ProfileFactory, UserFactory
from tests.transfer.conftest import SAMPLES
from trackers.models import Tracker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def signed_in(live_server, page):
    user = UserFactory(username="dana")
    ProfileFactory(user=user, display_name="Dana", time_zone="Europe/Amsterdam")
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    return user


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_daylio_activities_arrive_as_tags_on_the_day_and_in_history(
    live_server, page, signed_in, screenshot, console_errors
):
    page.goto(f"{live_server.url}/data/")
    page.set_input_files("input[type=file]", str(SAMPLES / "daylio-csv-parser_sample.csv"))
    page.select_option("select[name=format]", "daylio")
    page.click("text=Check the file")
    page.wait_for_selector("text=Your activities become tags")
    assert page.input_value("select[name=mood_0]") == "2"  # "sad" guessed from its word
    page.select_option("select[name=mood_1]", "3")  # "average"
    page.uncheck("label:has-text('alcohol')")
    assert no_sideways_scroll(page)
    screenshot(page, "trackers-daylio-preview-phone")
    page.click("button:has-text('Import')")
    page.wait_for_selector("text=Import finished")
    assert MoodCheckIn.objects.filter(day__user=signed_in).count() == 3
    tags = set(Tracker.objects.filter(user=signed_in).values_list("name", flat=True))
    assert "alcohol" not in tags and {"stomachache", "bad sleep", "nature / walk"} <= tags

    page.goto(f"{live_server.url}/day/2021-09-28/")
    # A saved day shows its trackers folded to one line; a tap opens them.
    assert "stomachache" in page.inner_text("#section-trackers .fold-line")
    page.click("#section-trackers > summary")
    stomachache = page.locator("label.tag-btn", has_text="stomachache")
    assert stomachache.is_visible()
    assert stomachache.count() == 1
    assert page.is_checked(f"#{stomachache.get_attribute('for')}")
    assert not page.is_checked(f"#{page.locator('label.tag-btn', has_text='nature / walk').get_attribute('for')}")
    assert no_sideways_scroll(page)
    screenshot(page, "trackers-day-phone")

    page.goto(f"{live_server.url}/history/")
    card = page.locator(".history-day", has_text="28 Sep 2021")
    assert "stomachache" in card.inner_text()
    assert "nature / walk" not in card.inner_text()
    screenshot(page, "trackers-history-phone")
    assert console_errors == []


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_trackers_page_makes_renames_and_archives(live_server, page, signed_in, screenshot, viewport):
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/trackers/")
    page.fill("input[name=name]", "Coffee")
    page.click("button:has-text('Add')")
    page.wait_for_selector("text=Added “Coffee”")
    page.fill("input[name=name]", "Steps")
    page.click("label:has-text('Number')")
    page.fill("input[name=unit]", "steps")
    page.click("button:has-text('Add')")
    page.wait_for_selector("text=Added “Steps”")
    page.fill("input[name=name]", "coffee")
    page.click("button:has-text('Add')")
    page.wait_for_selector("text=You already have a tracker called “coffee”.")
    assert no_sideways_scroll(page)
    screenshot(page, f"trackers-page-{'phone' if viewport == PHONE else 'desktop'}")
    page.goto(f"{live_server.url}/today/")
    page.wait_for_selector("label.tag-btn:has-text('Coffee')")
    page.click("label.tag-btn:has-text('Coffee')")
    steps = Tracker.objects.get(user=signed_in, name="Steps")
    page.fill(f"input[name=trackers-t{steps.pk}]", "9000")
    page.click("button[type=submit]:has-text('Save')")
    page.wait_for_selector("text=Saved.")
    screenshot(page, f"trackers-day-{'phone' if viewport == PHONE else 'desktop'}")
    assert Tracker.objects.get(user=signed_in, name="Coffee").values.count() == 1
