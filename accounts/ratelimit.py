"""Who is asking (the client's address) and how often: brute-force limits for the account pages.

django-axes counts failed log-ins per account and client address; failures per address alone
(a much higher limit, so one attacker behind a shared proxy cannot lock everyone out) and
password-reset requests (which succeed by design) are counted here, in the cache.
"""

import hashlib
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

RESET_WINDOW_SECONDS = 60 * 60


def client_ip(request: HttpRequest) -> str:
    """The client's address; behind our own proxy, the last hop it added to X-Forwarded-For.

    Only the proxy's own entry can be trusted: anything to its left was sent by the client.
    """
    if settings.BEHIND_PROXY:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "")


def _key(kind: str, value: str) -> str:
    return f"ratelimit:{kind}:{hashlib.sha256(value.encode()).hexdigest()}"


def _hit(kind: str, value: str, window: int = RESET_WINDOW_SECONDS) -> int:
    """Counts one request in the current window and returns the count so far."""
    key = _key(kind, value)
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr: a new window starts
        cache.set(key, 1, timeout=window)
        return 1


def forget_email(email: str) -> None:
    """Drops the reset-request count of an email address (its account is being deleted)."""
    cache.delete(_key("reset-email", email.strip().lower()))


class LoginAttempts(AxesDatabaseHandler):
    """django-axes' records per account and address, plus a ceiling on failures per address alone.

    The per-address count lives in the cache and is never reset by a successful log-in, or an
    attacker could clear it by signing in to an account of their own between guesses.
    """

    def user_login_failed(
        self, sender: Any, credentials: dict, request: HttpRequest | None = None, **kwargs: Any
    ) -> None:
        if request is not None:
            _hit("login-ip", client_ip(request), int(settings.AXES_COOLOFF_TIME.total_seconds()))
        super().user_login_failed(sender, credentials, request, **kwargs)

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        failures = super().get_failures(request, credentials)
        if (cache.get(_key("login-ip", client_ip(request))) or 0) >= settings.LOGIN_IP_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures


def allow_password_reset(request: HttpRequest, email: str) -> bool:
    """Counts this reset request; False once the client or the email address is over the hourly limit."""
    counts = [_hit("reset-ip", client_ip(request))]
    email = email.strip().lower()
    if email:
        counts.append(_hit("reset-email", email))
    return max(counts) <= settings.PASSWORD_RESET_LIMIT


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """django-axes calls this when a client is locked out of log-in."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/lockout.html", {"minutes": minutes}, status=429)
