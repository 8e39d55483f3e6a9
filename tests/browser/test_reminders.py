"""Reminders in a real browser: the service worker shows a pushed reminder, and a tap on it leads to /today/.

The push is delivered through Chromium's DevTools protocol (ServiceWorker.deliverPushMessage), the same
event a push service would raise. Headless Chromium keeps shown notifications without drawing them, so the
test reads them back through the worker's registration.getNotifications().
"""

import json

import pytest

from reminders.management.commands.vapid_keys import new_pair
from tests.browser.test_pwa import wait_for_control
from tests.factories import ProfileFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

NOTIFICATIONS = """async () => {
  const registration = await navigator.serviceWorker.ready;
  const shown = await registration.getNotifications();
  return shown.map((n) => ({title: n.title, body: n.body, tag: n.tag, url: n.data && n.data.url}));
}"""


def watch_registrations(cdp) -> list[dict]:
    registrations: list[dict] = []
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda event: registrations.extend(event["registrations"]))
    cdp.send("ServiceWorker.enable")
    return registrations


@pytest.fixture
def signed_in_profile(live_server, page, login, settings):
    settings.VAPID_PRIVATE_KEY, settings.VAPID_PUBLIC_KEY = new_pair()
    user = UserFactory()
    ProfileFactory(user=user, time_zone="Europe/Amsterdam")
    login(user)
    page.context.grant_permissions(["notifications"], origin=live_server.url)
    page.goto(f"{live_server.url}/accounts/profile/")
    wait_for_control(page)
    return page


def deliver(page, live_server, payload: dict) -> list[dict]:
    """Pushes the payload to the page's service worker and returns the notifications it then shows.

    DevTools now and then drops a push delivered just after the worker became active (about one run in
    four on a loaded machine). A push service retries too, so the push is sent again if nothing shows within
    five seconds; the notifications share a tag, so a repeat replaces, never adds.
    """
    # The page registers the service worker after it loads: wait until it is active, so the
    # DevTools session below is told about it.
    page.evaluate("async () => { await navigator.serviceWorker.ready; return true; }")
    cdp = page.context.new_cdp_session(page)
    registrations = watch_registrations(cdp)
    scope = f"{live_server.url}/"
    found: list[dict] = []
    for _ in range(60):  # the enable call reports the registrations as events; a loaded machine is slow
        page.wait_for_timeout(250)
        found = [r for r in registrations if r["scopeURL"] == scope and not r.get("isDeleted")][:1]
        if found:
            break
    [registration] = found
    shown: list[dict] = []
    for _ in range(4):
        cdp.send(
            "ServiceWorker.deliverPushMessage",
            {"origin": live_server.url, "registrationId": registration["registrationId"], "data": json.dumps(payload)},
        )
        for _ in range(20):
            shown = page.evaluate(NOTIFICATIONS)
            if shown:
                return shown
            page.wait_for_timeout(250)
    return shown


def test_a_pushed_reminder_is_shown_and_leads_to_today(live_server, signed_in_profile, console_errors):
    page = signed_in_profile
    payload = {"title": "Gut–Mood Journal", "body": "Time for today's entry.", "url": "/today/", "tag": "reminder"}
    [shown] = deliver(page, live_server, payload)
    assert shown == {
        "title": "Gut–Mood Journal",
        "body": "Time for today's entry.",
        "tag": "reminder",
        "url": f"{live_server.url}/today/",
    }
    assert console_errors == []


def test_a_push_that_points_elsewhere_still_leads_to_today(live_server, signed_in_profile):
    page = signed_in_profile
    [shown] = deliver(page, live_server, {"title": "x", "body": "y", "url": "https://evil.example/", "tag": "reminder"})
    assert shown["url"] == f"{live_server.url}/today/"


def test_the_profile_offers_notifications_on_this_device(live_server, signed_in_profile):
    page = signed_in_profile
    page.wait_for_selector("[data-push-on]:not([hidden])", timeout=10_000)
    assert "no notifications yet" in page.inner_text("[data-push-status]")
    assert page.is_visible("text=Send a test message")
