"""The 503 page a visitor sees while the database cannot be reached: readable on a phone and a desktop."""

import pytest
from django.db import OperationalError


def _database_down(*args, **kwargs):
    raise OperationalError("could not connect to server: Connection refused")


@pytest.mark.django_db(transaction=True)
def test_the_outage_page_is_readable_on_a_phone_and_a_desktop(
    live_server, page, screenshot, console_errors, monkeypatch
):
    monkeypatch.setattr("home.views.render", _database_down)  # the home page's only database-backed step
    response = page.goto(f"{live_server.url}/")
    assert response.status == 503
    assert page.get_by_role("heading", name="Back in a moment").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "outage-503-phone")
    page.set_viewport_size({"width": 1280, "height": 800})
    screenshot(page, "outage-503-desktop")
    assert [e for e in console_errors if "status of 503" not in e] == []  # the page's own status is expected
