"""Every response carries the Content-Security-Policy and the other protective headers."""

import pytest
from django.urls import reverse

from tests.factories import JournalDayFactory, UserFactory

EXPECTED_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "worker-src": "'self'",
    "manifest-src": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'self'",
    "object-src": "'none'",
}

ANONYMOUS_PAGES = [
    "/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password_reset/",
    "/healthz",
    "/admin/login/",
]
SIGNED_IN_PAGES = [
    "/today/",
    "/day/2026-03-01/",
    "/history/",
    "/foods/new/",
    "/insights/",
    "/insights/data.json",
    "/data/",
    "/data/export/csv/",
    "/data/export/json/",
    "/accounts/profile/",
    "/accounts/delete/",
]


def _policy(response) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))


def _assert_protected(response) -> None:
    assert _policy(response) == EXPECTED_POLICY
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ANONYMOUS_PAGES)
def test_anonymous_pages_carry_the_security_headers(client, url):
    response = client.get(url)
    assert response.status_code == 200
    _assert_protected(response)


@pytest.mark.django_db
@pytest.mark.parametrize("url", SIGNED_IN_PAGES)
def test_signed_in_pages_carry_the_security_headers(client_a, user, url):
    JournalDayFactory(user=user)
    response = client_a.get(url, follow=True)
    assert response.status_code == 200
    _assert_protected(response)


@pytest.mark.django_db
def test_json_responses_carry_the_security_headers(client_a):
    response = client_a.get(reverse("insights_data"))
    assert response["Content-Type"].startswith("application/json")
    _assert_protected(response)


@pytest.mark.django_db
def test_redirects_to_log_in_carry_the_security_headers(client):
    response = client.get("/today/")
    assert response.status_code == 302
    _assert_protected(response)


@pytest.mark.django_db
def test_not_found_pages_carry_the_security_headers(client_a):
    response = client_a.get("/no-such-page/")
    assert response.status_code == 404
    _assert_protected(response)


@pytest.mark.django_db
def test_form_posts_carry_the_security_headers(client_a):
    response = client_a.post(reverse("profile"), {"time_zone": "Not/AZone"})
    assert response.status_code == 200
    _assert_protected(response)


@pytest.mark.django_db
def test_the_admin_carries_the_security_headers_for_staff(client):
    client.force_login(UserFactory(username="staff", is_staff=True, is_superuser=True))
    response = client.get("/admin/")
    assert response.status_code == 200
    _assert_protected(response)


@pytest.mark.django_db
def test_no_page_allows_inline_or_eval_script(client_a):
    policy = _policy(client_a.get("/today/"))
    assert "unsafe-inline" not in policy["script-src"]
    assert "unsafe-eval" not in policy["script-src"]
    assert "unsafe-inline" not in policy["style-src"]


@pytest.mark.django_db
def test_the_lockout_page_carries_the_security_headers(client, user):
    for _ in range(6):
        response = client.post(reverse("login"), {"username": user.username, "password": "wrong"})
    assert response.status_code == 429
    _assert_protected(response)
