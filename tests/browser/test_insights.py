"""The Insights page in a real browser: the charts draw, the range switch works, cards show."""

import datetime as dt

import pytest

from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import ProfileFactory, UserFactory
from tests.insights.journal_builder import build_journal, published_card

pytestmark = pytest.mark.django_db(transaction=True)

PAINTED_PIXELS = """(canvas) => {
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) { painted += 1; } }
  return painted;
}"""


def _script_errors(errors: list[str]) -> list[str]:
    """Console errors, less the browser's own request for /favicon.ico (the site ships none)."""
    return [e for e in errors if not e.startswith("Failed to load resource")]


def _no_sideways_scroll(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"page scrolls sideways by {overflow}px"


@pytest.fixture(autouse=True)
def guidance(db):
    published_card("test-sleep-card", "sleep_hours", "always")
    published_card("test-doctor-card", "doctor", "doctor")


@pytest.fixture
def journal_user(db):
    user = UserFactory(username="iris")
    ProfileFactory(user=user, display_name="Iris")
    build_journal(user, 200, start=dt.date.today() - dt.timedelta(days=199))
    return user


def test_the_charts_draw_and_a_guidance_card_shows(live_server, page, login, journal_user, console_errors):
    login(journal_user)
    page.goto(f"{live_server.url}/insights/")
    page.wait_for_selector("canvas[data-group]")

    canvases = page.locator("canvas[data-group]")
    assert canvases.count() == 5
    for i in range(5):
        assert canvases.nth(i).evaluate(PAINTED_PIXELS) > 1000
    assert page.locator(".guidance-card").first.is_visible()
    assert page.locator(".finding").count() >= 1
    assert _script_errors(console_errors) == []


def test_the_range_switch_redraws_without_reloading(live_server, page, login, journal_user, console_errors):
    login(journal_user)
    page.goto(f"{live_server.url}/insights/?range=12")
    rows = page.locator("[data-table-for=sleep] tr")
    assert rows.count() == 12
    newest_week = rows.first.text_content()  # as the server wrote it

    page.click(".range-switch button[value=all]")

    assert page.get_attribute(".range-switch button[value=all]", "aria-pressed") == "true"
    assert page.get_attribute(".range-switch button[value='12']", "aria-pressed") == "false"
    weeks = page.evaluate("JSON.parse(document.getElementById('insights-chart-data').textContent).weeks.length")
    assert weeks in (29, 30)  # 200 days, depending on the weekday they start
    assert rows.count() == weeks
    assert rows.first.text_content() == newest_week  # the script's table shows the same means, not hundredths
    assert "range=all" in page.url
    assert f"{weeks} weeks" in page.get_attribute("#chart-sleep", "aria-label")
    assert _script_errors(console_errors) == []


def test_the_table_alternative_opens(live_server, page, login, journal_user):
    login(journal_user)
    page.goto(f"{live_server.url}/insights/")

    page.locator(".chart-table summary").first.click()

    assert page.locator(".chart-table table").first.is_visible()


def test_insights_screenshots_at_phone_and_desktop(live_server, page, login, journal_user, screenshot):
    login(journal_user)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/insights/")
    page.wait_for_selector("canvas[data-group]")
    _no_sideways_scroll(page)
    screenshot(page, "insights-phone")

    page.set_viewport_size(DESKTOP)
    page.reload()
    page.wait_for_selector("canvas[data-group]")
    screenshot(page, "insights-desktop")


def test_a_new_journal_screenshot(live_server, page, login, screenshot):
    user = UserFactory(username="noor")
    ProfileFactory(user=user)
    build_journal(user, 12, start=dt.date.today() - dt.timedelta(days=11))
    login(user)
    page.goto(f"{live_server.url}/insights/")

    assert "Insights unlock at 21 logged days: 9 to go" in page.inner_text("main")
    _no_sideways_scroll(page)
    screenshot(page, "insights-new-phone")


def test_the_doctor_card_comes_first_when_a_red_flag_is_logged(live_server, page, login, journal_user, screenshot):
    from journal.models import JournalDay
    from journal.services import journal_changed

    JournalDay.objects.filter(user=journal_user).order_by("-date").filter(date=dt.date.today()).update(severe_pain=True)
    journal_changed(journal_user)
    login(journal_user)
    page.goto(f"{live_server.url}/insights/")

    first_card = page.locator(".guidance-card").first
    assert "guidance-card-doctor" in first_card.get_attribute("class")
    assert first_card.bounding_box()["y"] < page.locator("#findings-heading").bounding_box()["y"]
    screenshot(page, "insights-doctor-phone")
