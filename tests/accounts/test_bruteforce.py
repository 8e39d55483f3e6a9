"""Brute-force protection: log-in locks after 5 failures (django-axes), password reset is rate-limited."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

LOGIN = "/accounts/login/"
LIMIT = 5
LOCKED_MESSAGE = "Too many failed log-in attempts; try again in 15 minutes."


def _fail(client, username: str, ip: str = "203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": "wrong-guess"}, REMOTE_ADDR=ip)


def _sign_in(client, username: str, ip: str = "203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": PASSWORD}, REMOTE_ADDR=ip)


def _travel_past_the_cool_off():
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.first().attempt_time - timedelta(minutes=16))


@pytest.mark.django_db
def test_four_failures_still_allow_the_right_password(client, user):
    for _ in range(LIMIT - 1):
        assert _fail(client, user.username).status_code == 200
    assert _sign_in(client, user.username).status_code == 302


@pytest.mark.django_db
def test_five_failures_for_one_account_lock_it_from_that_client(client, user):
    for _ in range(LIMIT):
        _fail(client, user.username)
    response = _sign_in(client, user.username)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_lockout_page_says_what_happened_and_for_how_long(client, user):
    for _ in range(LIMIT):
        response = _fail(client, user.username)
    assert response.status_code == 429
    html = response.content.decode()
    assert LOCKED_MESSAGE in html
    assert reverse("password_reset") in html


@pytest.mark.django_db
def test_one_client_guessing_across_accounts_is_locked_past_the_higher_limit_per_address(client, settings):
    settings.LOGIN_IP_FAILURE_LIMIT = 12
    victim = UserFactory(username="victim")
    for number in range(11):
        _fail(client, f"guess{number}")
    assert _sign_in(client, victim.username).status_code == 302
    client.logout()
    _fail(client, "guess11")
    assert _sign_in(client, victim.username).status_code == 429


@pytest.mark.django_db
def test_the_limit_per_address_is_much_higher_than_per_account(settings):
    assert settings.LOGIN_IP_FAILURE_LIMIT >= 10 * settings.AXES_FAILURE_LIMIT


@pytest.mark.django_db
def test_signing_in_does_not_clear_the_count_per_address(client, settings):
    """Otherwise an attacker could guess on, signing in to an account of their own between guesses."""
    settings.LOGIN_IP_FAILURE_LIMIT = 8
    own, victim = UserFactory(username="mallory"), UserFactory(username="victim")
    for number in range(4):
        _fail(client, f"guess{number}")
    _sign_in(client, own.username)
    client.logout()
    for number in range(4, 8):
        _fail(client, f"guess{number}")
    assert _sign_in(client, victim.username).status_code == 429


PROXY = "10.0.0.2"


def _via_proxy(client, username: str, password: str, person: str):
    """What the README's proxy sends: its own address as REMOTE_ADDR, the person's appended to X-Forwarded-For."""
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=person
    )


@pytest.mark.django_db
@pytest.mark.parametrize("behind_proxy", [True, False], ids=["flag-set", "flag-unset"])
def test_many_people_behind_one_proxy_are_not_locked_out_by_one_attacker(client, settings, behind_proxy):
    """With or without DJANGO_BEHIND_PROXY (then everyone shares the proxy's address), one person's five bad
    passwords lock only the attacked account from that address: others still sign in."""
    settings.BEHIND_PROXY = behind_proxy
    attacked, other = UserFactory(username="attacked"), UserFactory(username="bystander")
    for _ in range(LIMIT):
        _via_proxy(client, attacked.username, "wrong-guess", "203.0.113.7")
    assert _via_proxy(client, other.username, PASSWORD, "203.0.113.7").status_code == 302
    client.logout()
    assert _via_proxy(client, other.username, PASSWORD, "198.51.100.20").status_code == 302
    client.logout()
    assert _via_proxy(client, attacked.username, PASSWORD, "203.0.113.7").status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_behind_the_proxy_the_attacked_account_still_opens_from_another_person_address(client, settings):
    settings.BEHIND_PROXY = True
    attacked = UserFactory(username="attacked")
    for _ in range(LIMIT):
        _via_proxy(client, attacked.username, "wrong-guess", "203.0.113.7")
    assert _via_proxy(client, attacked.username, PASSWORD, "198.51.100.20").status_code == 302


@pytest.mark.django_db
def test_without_the_proxy_flag_a_forged_forwarded_address_changes_nothing(client, settings):
    settings.BEHIND_PROXY = False
    attacked = UserFactory(username="attacked")
    for number in range(LIMIT):
        _via_proxy(client, attacked.username, "wrong-guess", f"198.51.100.{number}")
    assert _via_proxy(client, attacked.username, PASSWORD, "198.51.100.99").status_code == 429


@pytest.mark.django_db
def test_a_locked_client_does_not_lock_out_the_account_owner_elsewhere(client, user):
    for _ in range(LIMIT):
        _fail(client, user.username, ip="203.0.113.7")
    assert _sign_in(client, user.username, ip="198.51.100.20").status_code == 302


@pytest.mark.django_db
def test_log_in_works_again_after_the_cool_off(client, user):
    for _ in range(LIMIT):
        _fail(client, user.username)
    _travel_past_the_cool_off()
    assert _sign_in(client, user.username).status_code == 302


@pytest.mark.django_db
def test_a_successful_log_in_resets_the_count(client, user):
    for _ in range(LIMIT - 1):
        _fail(client, user.username)
    _sign_in(client, user.username)
    client.logout()
    for _ in range(LIMIT - 1):
        _fail(client, user.username)
    assert _sign_in(client, user.username).status_code == 302


@pytest.mark.django_db
def test_the_admin_log_in_is_protected_too(client, user):
    for _ in range(LIMIT):
        client.post("/admin/login/", {"username": user.username, "password": "wrong"}, REMOTE_ADDR="203.0.113.7")
    response = client.post(
        "/admin/login/", {"username": user.username, "password": PASSWORD}, REMOTE_ADDR="203.0.113.7"
    )
    assert response.status_code == 429


@pytest.mark.django_db
@pytest.mark.parametrize("proxy", ["0", "1"])
def test_behind_a_proxy_the_client_is_the_last_forwarded_address(proxy, settings, rf):
    from accounts.ratelimit import client_ip

    settings.BEHIND_PROXY = proxy == "1"
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.20")
    assert client_ip(request) == ("198.51.100.20" if proxy == "1" else "10.0.0.2")


def _request_reset(client, email: str, ip: str = "203.0.113.7"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_five_reset_requests_an_hour_are_allowed(client, user):
    for _ in range(LIMIT):
        assert _request_reset(client, user.email).status_code == 302
    assert len(mail.outbox) == LIMIT


@pytest.mark.django_db
def test_the_sixth_reset_request_for_one_email_is_refused_and_sends_nothing(client, user):
    for number in range(LIMIT):
        _request_reset(client, user.email, ip=f"203.0.113.{number}")
    response = _request_reset(client, user.email.upper(), ip="198.51.100.20")
    assert response.status_code == 429
    assert "Too many password-reset requests; try again in an hour." in response.content.decode()
    assert len(mail.outbox) == LIMIT


@pytest.mark.django_db
def test_one_client_asking_for_many_addresses_is_refused(client, user):
    for number in range(LIMIT):
        _request_reset(client, f"someone{number}@example.org")
    assert _request_reset(client, user.email).status_code == 429
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_reset_form_itself_stays_open_while_limited(client, user):
    for _ in range(LIMIT + 1):
        _request_reset(client, user.email)
    assert client.get(reverse("password_reset")).status_code == 200


@pytest.mark.django_db
def test_reset_requests_are_allowed_again_after_the_hour(client, user):
    from django.core.cache import cache

    for _ in range(LIMIT + 1):
        _request_reset(client, user.email)
    cache.clear()  # the counters are cache entries that expire after an hour
    assert _request_reset(client, user.email).status_code == 302
