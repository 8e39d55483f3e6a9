from collections.abc import Callable

from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from accounts.models import zone_for


class UserTimezoneMiddleware:
    """Shows times in the signed-in user's own zone.

    Reads the user id from the session and the zone from the cache, not `request.user` and the
    profile: a page that never looks at the user (healthz, static-like views) pays no query for it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        user_id = session.get(SESSION_KEY) if session is not None else None
        if user_id is not None and str(user_id).isdigit():
            timezone.activate(zone_for(int(user_id)))
        else:
            timezone.deactivate()
        return self.get_response(request)
