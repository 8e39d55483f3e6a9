import pytest
from django.conf import settings
from django.test import Client

from journal.models import Meal, MoodCheckIn
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import ProfileFactory, UserFactory
from tests.transfer.conftest import SAMPLES, catalogue_food

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def signed_in(live_server, page):
    """The page signed in as a fresh user through a session cookie (the log-in form has its own tests)."""
    user = UserFactory(username="dana")
    ProfileFactory(user=user, display_name="Dana", time_zone="Europe/Amsterdam")
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))  # not this page's concern
    return user


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_daylio_import_with_preview_mood_scores_and_summary(live_server, page, signed_in, screenshot, console_errors):
    page.goto(f"{live_server.url}/data/")
    assert no_sideways_scroll(page)
    screenshot(page, "data-phone")
    page.set_input_files("input[type=file]", str(SAMPLES / "daylio-csv-parser_sample.csv"))
    page.select_option("select[name=format]", "daylio")
    page.click("text=Check the file")
    page.wait_for_selector("text=Check your import")
    assert page.inner_text("#preview-checkins") == "3"
    assert MoodCheckIn.objects.count() == 0
    assert no_sideways_scroll(page)
    screenshot(page, "data-preview-phone")
    page.select_option("select[name=mood_0]", "2")
    page.select_option("select[name=mood_1]", "3")
    page.click("button:has-text('Import')")
    page.wait_for_selector("#import-summary")
    assert "3 new days added" in page.inner_text("#import-summary")
    assert sorted(MoodCheckIn.objects.values_list("mood", flat=True)) == [2, 3, 3]
    screenshot(page, "data-done-phone")
    page.set_viewport_size(DESKTOP)
    screenshot(page, "data-done-desktop")
    assert console_errors == []


def test_a_refused_file_lists_its_errors(live_server, page, signed_in, screenshot, tmp_path):
    bad = tmp_path / "days.csv"
    bad.write_text("date,mood\n2024-01-01,3\n")
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/data/")
    page.set_input_files("input[type=file]", str(bad))
    page.click("text=Check the file")
    page.wait_for_selector("#import-errors")
    assert "17 columns are missing: anxiety, energy" in page.inner_text("#import-errors")
    screenshot(page, "data-errors-desktop")
    page.set_viewport_size(PHONE)
    assert no_sideways_scroll(page)
    screenshot(page, "data-errors-phone")


def test_the_import_button_shows_a_busy_state(live_server, page, signed_in):
    page.goto(f"{live_server.url}/data/")
    page.set_input_files("input[type=file]", str(SAMPLES / "daylio-parser_test_data.csv"))
    # Hold the submission so the busy state can be seen (data.js has already reacted by then).
    page.evaluate("document.querySelector('form[data-busy-form]').addEventListener('submit', e => e.preventDefault())")
    page.click("text=Check the file")
    button = page.locator("form[data-busy-form] button[type=submit]")
    assert button.is_disabled()
    assert "Checking the file…" in button.inner_text()


def test_daylio_foods_are_logged_only_when_the_person_ticks_the_box(live_server, page, signed_in, screenshot, tmp_path):
    catalogue_food("Kimchi", is_probiotic=True)
    export = tmp_path / "daylio.csv"
    export.write_text(
        "full_date,date,weekday,time,mood,activities,note_title,note\n"
        '2024-03-02,2 March,Saturday,1:10 pm,good,"friends | kimchi","Lunch out","Spicy, ""very"" good"\n'
        '2024-03-01,1 March,Friday,9:00 am,meh,"work","",""\n'
    )
    page.goto(f"{live_server.url}/data/")
    page.set_input_files("input[type=file]", str(export))
    page.click("text=Check the file")
    page.wait_for_selector("text=Foods among your activities")
    assert "Kimchi (×1)" in page.inner_text("main")
    screenshot(page, "data-preview-foods-phone")
    page.emulate_media(color_scheme="dark")  # theme.js follows the change
    page.wait_for_selector("html[data-bs-theme=dark]")
    screenshot(page, "data-preview-foods-phone-dark")
    page.emulate_media(color_scheme="light")
    page.check("input[name=add_foods]")
    page.click("button:has-text('Import')")
    page.wait_for_selector("#import-summary")
    assert "1 meal" in page.inner_text("#import-summary")
    assert Meal.objects.get().items.get().food.name == "Kimchi"
