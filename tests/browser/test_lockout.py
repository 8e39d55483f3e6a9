"""The log-in lockout page in a browser: a clear message, readable on a phone, no policy violation."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_five_wrong_passwords_show_the_lockout_page(live_server, page, screenshot, console_errors):
    user = UserFactory(username="kim")
    for _ in range(5):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", "not-my-password")
        page.click("button[type=submit]")
        page.wait_for_load_state()
    assert "Too many failed log-in attempts; try again in 15 minutes." in page.inner_text("main")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    screenshot(page, "lockout-phone")
    assert [error for error in console_errors if not error.startswith("Failed to load resource")] == []
