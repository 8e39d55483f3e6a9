"""The Content-Security-Policy breaks nothing: no page reports a violation in Chromium."""

import datetime as dt

import pytest

from tests.browser.conftest import DESKTOP
from tests.factories import ProfileFactory, UserFactory
from tests.insights.journal_builder import build_journal

pytestmark = pytest.mark.django_db(transaction=True)

# Registered before any page script runs; DevTools-injected, so the policy itself does not block it.
LISTEN_FOR_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${where}`);
});
"""
ANONYMOUS_PAGES = ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password_reset/"]
SIGNED_IN_PAGES = [
    "/",
    "/today/",
    "/history/",
    "/foods/new/",
    "/insights/",
    "/insights/pairs/",
    "/data/",
    "/accounts/profile/",
    "/accounts/delete/",
    "/accounts/password_change/",
]


@pytest.fixture
def watched_page(page):
    page.add_init_script(LISTEN_FOR_VIOLATIONS)
    return page


def _violations(page, console_errors: list[str]) -> list[str]:
    reported = page.evaluate("window.__cspViolations")
    return reported + [error for error in console_errors if "Content Security Policy" in error]


def _visit(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")


def test_the_watch_catches_a_violation(live_server, watched_page, console_errors):
    _visit(watched_page, f"{live_server.url}/accounts/login/")
    watched_page.evaluate(
        "document.body.insertAdjacentHTML('beforeend', '<img src=\"http://elsewhere.invalid/x.png\">')"
    )
    watched_page.wait_for_function("window.__cspViolations.length > 0")
    assert "img-src" in _violations(watched_page, console_errors)[0]


def test_public_pages_report_no_policy_violation(live_server, watched_page, console_errors):
    for path in ANONYMOUS_PAGES:
        _visit(watched_page, live_server.url + path)
        assert _violations(watched_page, console_errors) == [], path


def test_signed_in_pages_report_no_policy_violation(live_server, watched_page, login, console_errors):
    user = UserFactory(username="iris")
    ProfileFactory(user=user, display_name="Iris")
    build_journal(user, 60, start=dt.date.today() - dt.timedelta(days=59))
    login(user)
    for viewport in (None, DESKTOP):
        if viewport:
            watched_page.set_viewport_size(viewport)
        for path in SIGNED_IN_PAGES:
            _visit(watched_page, live_server.url + path)
            assert _violations(watched_page, console_errors) == [], path


def test_the_day_page_works_under_the_policy(live_server, watched_page, login, console_errors):
    login(UserFactory(username="jo"))
    _visit(watched_page, f"{live_server.url}/today/")
    for button in watched_page.locator("button:visible").all()[:12]:
        if button.get_attribute("type") != "submit":
            button.click()
    assert _violations(watched_page, console_errors) == []


def test_the_admin_reports_no_policy_violation(live_server, watched_page, login, console_errors):
    login(UserFactory(username="root", is_staff=True, is_superuser=True))
    for path in ["/admin/", "/admin/journal/food/", "/admin/journal/food/add/", "/admin/auth/user/"]:
        _visit(watched_page, live_server.url + path)
        assert _violations(watched_page, console_errors) == [], path
