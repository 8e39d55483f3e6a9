"""Who is asking (the client's address) and how often: brute-force limits for the account pages.

django-axes counts failed log-ins; password-reset requests succeed by design, so they are
counted here, in the cache, per client address and per email address.
"""

import hashlib

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


def _hit(kind: str, value: str) -> int:
    """Counts one request in the current window and returns the count so far."""
    key = f"ratelimit:{kind}:{hashlib.sha256(value.encode()).hexdigest()}"
    if cache.add(key, 1, timeout=RESET_WINDOW_SECONDS):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr: a new window starts
        cache.set(key, 1, timeout=RESET_WINDOW_SECONDS)
        return 1


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
