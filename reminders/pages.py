"""What the reminders part of the profile page shows."""

from typing import Any

from django.conf import settings

from accounts.types import AuthenticatedHttpRequest
from reminders import queries


def profile_section(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    """One query: the person's browsers. The VAPID public key is what a browser needs to subscribe."""
    return {
        "subscriptions": list(queries.subscriptions_for(request.user)),
        "vapid_public_key": settings.VAPID_PUBLIC_KEY,
    }
