import pytest
from django.contrib.auth import get_user_model

from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _no_favicon(page):
    # The site has no favicon yet; its 404 would drown the console check.
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_signing_up_on_a_phone_lands_logged_in_with_the_browser_zone(live_server, page, console_errors, screenshot):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/accounts/signup/")
    # The browser context runs in Europe/Amsterdam; timezone.js preselects it over UTC.
    assert page.input_value("select[name=time_zone]") == "Europe/Amsterdam"
    assert no_sideways_scroll(page)
    screenshot(page, "accounts-signup-phone")

    page.fill("input[name=username]", "gina")
    page.fill("input[name=display_name]", "Gina")
    page.fill("input[name=password1]", "quiet-river-lantern-42")
    page.fill("input[name=password2]", "quiet-river-lantern-42")
    page.click("button[type=submit]")
    page.wait_for_load_state()

    # /today/ may redirect on to the day's own page; either way we left the form behind.
    assert "/accounts/signup/" not in page.url
    assert "/accounts/login/" not in page.url
    page.get_by_role("button", name="Menu").click()
    assert page.get_by_role("link", name="Gina").is_visible()
    assert page.get_by_role("button", name="Log out").is_visible()
    profile = get_user_model().objects.get(username="gina").profile
    assert (profile.display_name, profile.time_zone) == ("Gina", "Europe/Amsterdam")
    assert console_errors == []


def test_signup_errors_show_beside_the_fields(live_server, page, screenshot):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/accounts/signup/")
    page.fill("input[name=username]", "hal")
    page.fill("input[name=password1]", "quiet-river-lantern-42")
    page.fill("input[name=password2]", "something-else-42")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#id_password2.is-invalid").count() == 1
    assert no_sideways_scroll(page)
    screenshot(page, "accounts-signup-errors-phone")


def test_signup_page_at_desktop_size(live_server, page, console_errors, screenshot):
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/accounts/signup/")
    assert page.get_by_role("heading", name="Create your journal").is_visible()
    for field in ("username", "email", "password1", "password2", "display_name", "time_zone"):
        assert page.locator(f"[name={field}]").is_visible(), field
    assert page.get_by_role("button", name="Create account").is_visible()
    assert page.input_value("select[name=time_zone]") == "Europe/Amsterdam"
    # At this width the menu is laid out in the bar: no toggle, the links shown directly.
    assert page.get_by_role("button", name="Menu").is_hidden()
    nav = page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="Log in").is_visible()
    assert nav.get_by_role("link", name="Sign up").is_visible()
    # One narrow, centred column (forms read best at about 35em), not the full width.
    form = page.locator("form[action='/accounts/signup/']").bounding_box()
    assert form["width"] <= DESKTOP["width"] / 2
    assert abs(form["x"] - (DESKTOP["width"] - form["x"] - form["width"])) <= 20
    assert no_sideways_scroll(page)
    screenshot(page, "accounts-signup-desktop")
    assert console_errors == []


@pytest.mark.parametrize(("size", "name"), [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_profile_page_offers_the_device_zone(live_server, page, login, user, console_errors, screenshot, size, name):
    ProfileFactory(user=user, display_name="Alice", time_zone="UTC")
    page.set_viewport_size(size)
    login(user)
    page.goto(f"{live_server.url}/accounts/profile/")
    assert page.locator("#time-zone-suggestion").is_visible()
    assert no_sideways_scroll(page)
    screenshot(page, f"accounts-profile-{name}")

    page.get_by_role("button", name="Use this zone").click()
    page.get_by_role("button", name="Save profile").click()
    page.wait_for_load_state()
    assert get_user_model().objects.get(pk=user.pk).profile.time_zone == "Europe/Amsterdam"
    assert page.locator("#time-zone-suggestion").is_hidden()
    assert console_errors == []


def test_delete_and_login_pages_on_a_phone(live_server, page, login, user, screenshot):
    ProfileFactory(user=user)
    page.set_viewport_size(PHONE)
    login(user)
    page.goto(f"{live_server.url}/accounts/delete/")
    assert page.get_by_role("heading", name="Delete your account").is_visible()
    assert page.get_by_role("button", name="Delete my account and journal").is_visible()
    assert no_sideways_scroll(page)
    screenshot(page, "accounts-delete-phone")
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.get_by_role("heading", name="Log in").is_visible()
    assert page.locator("[name=username]").is_visible() and page.locator("[name=password]").is_visible()
    assert page.get_by_role("button", name="Log in").is_visible()
    assert no_sideways_scroll(page)
    screenshot(page, "accounts-login-phone")
