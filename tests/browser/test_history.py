"""History in a browser: the month calendar and the year in pixels take a person to any day in a tap."""

import datetime as dt

import pytest

from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import JournalDayFactory, MoodCheckInFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _logged(user, day: dt.date, mood: int | None) -> None:
    journal_day = JournalDayFactory(user=user, date=day, sleep_hours=7)
    if mood is not None:
        MoodCheckInFactory(day=journal_day, mood=mood)


def test_the_calendar_jumps_to_a_day(live_server, page, login, screenshot):
    user = UserFactory(username="maya")
    today = dt.date.today()
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=10)
    _logged(user, last_month, mood=5)
    _logged(user, last_month + dt.timedelta(days=1), mood=None)
    login(user)
    page.goto(f"{live_server.url}/history/")
    page.click("a[rel=prev]:has-text('‹')")  # the month before
    cell = page.locator(f"a.cal-day[href='/day/{last_month.isoformat()}/']")
    assert "mood-5" in cell.get_attribute("class")
    assert "logged" in page.locator(
        f"a.cal-day[href='/day/{(last_month + dt.timedelta(days=1)).isoformat()}/']"
    ).get_attribute("class")
    screenshot(page, "history-calendar-phone")
    cell.click()
    page.wait_for_url(f"**/day/{last_month.isoformat()}/")
    assert page.locator("#section-body .fold-line").inner_text().startswith("7 h sleep")  # the saved day, folded


def test_the_year_in_pixels_opens_a_day(live_server, page, login, screenshot):
    user = UserFactory(username="nico")
    today = dt.date.today()
    for n in range(1, 200, 3):
        _logged(user, today - dt.timedelta(days=n), mood=1 + n % 5)
    login(user)
    for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        page.goto(f"{live_server.url}/history/")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0
        screenshot(page, f"history-year-{size}")
    target = today - dt.timedelta(days=100)
    page.locator(f".year-pixels a[href='/day/{target.isoformat()}/']").click()
    page.wait_for_url(f"**/day/{target.isoformat()}/")
