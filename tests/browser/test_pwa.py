"""The service worker in a real browser: it takes control, and shows the offline page when the network is gone."""

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_accessibility import _axe

ACTIVE_WORKER = """async () => {
  const registration = await navigator.serviceWorker.ready;
  return {scope: registration.scope, state: registration.active && registration.active.state};
}"""


CONTROLLED = "() => navigator.serviceWorker.controller && navigator.serviceWorker.controller.state === 'activated'"


def wait_for_control(page, attempts: int = 3) -> dict:
    """Waits until a worker is activated and controls the page; returns its scope and state.

    An install whose shell download is cut short (a busy CI machine) fails for good; the browser only
    tries again on the next page load, so a reload gives it another chance, as a person's next visit would.
    """
    for attempt in range(attempts):
        try:
            page.wait_for_function(CONTROLLED, timeout=15_000)
            break
        except PlaywrightTimeoutError:
            if attempt == attempts - 1:
                raise
            page.reload()
    return page.evaluate(ACTIVE_WORKER)


@pytest.mark.django_db(transaction=True)
def test_service_worker_registers_and_activates_for_the_whole_site(live_server, page, console_errors):
    page.goto(f"{live_server.url}/accounts/login/")
    worker = wait_for_control(page)
    assert worker == {"scope": f"{live_server.url}/", "state": "activated"}
    assert console_errors == []


@pytest.mark.django_db(transaction=True)
def test_offline_navigation_shows_the_offline_page(live_server, page, login, user, screenshot):
    login(user)
    wait_for_control(page)
    page.context.set_offline(True)
    try:
        page.goto(f"{live_server.url}/history/")
        assert page.locator("h1").inner_text() == "You are offline"
        assert "Your journal is safe on the server." in page.inner_text("main")
        assert page.evaluate("() => getComputedStyle(document.querySelector('.btn-primary')).display") != "inline"
        page.set_viewport_size(PHONE)
        screenshot(page, "offline-phone")
        page.set_viewport_size(DESKTOP)
        screenshot(page, "offline-desktop")
    finally:
        page.context.set_offline(False)


@pytest.mark.django_db(transaction=True)
def test_shell_cache_holds_no_journal_page(live_server, page, login, user):
    login(user)
    wait_for_control(page)
    page.goto(f"{live_server.url}/history/")
    page.goto(f"{live_server.url}/today/")
    cached = page.evaluate(
        """async () => {
          const urls = [];
          for (const name of await caches.keys()) {
            const cache = await caches.open(name);
            for (const request of await cache.keys()) urls.push(new URL(request.url).pathname);
          }
          return urls;
        }"""
    )
    assert "/offline/" in cached
    assert [url for url in cached if not url.startswith("/static/")] == ["/offline/"]


@pytest.mark.django_db(transaction=True)
def test_offline_page_can_be_seen_in_dark_mode(live_server, page, screenshot):
    page.emulate_media(color_scheme="dark")
    page.goto(f"{live_server.url}/offline/")
    assert page.evaluate("() => document.documentElement.dataset.bsTheme") == "dark"
    screenshot(page, "offline-phone-dark")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_offline_page_has_no_serious_axe_violations(live_server, page, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{live_server.url}/offline/")
    serious = [v["id"] for v in _axe(page) if v["impact"] in ("serious", "critical")]
    assert serious == []
