from collections.abc import Callable

from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control

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


class PrivatePagesMiddleware:
    """Nothing a signed-in person is shown is kept by the browser or a proxy, so a shared computer
    holds none of their journal after they sign out. Static files (answered by WhiteNoise, before
    this runs) and pages for anyone keep their own caching, and so does a response its view marked
    public: by marking it so, the view says it holds nothing personal (the food catalogue, the day
    page's blank forms)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "public" in response.get("Cache-Control", ""):
            return response
        # A signed-in session is enough to know (read from the session, already loaded: no user query).
        session = getattr(request, "session", None)
        if session is not None and session.get(SESSION_KEY) is not None:
            patch_cache_control(response, private=True, no_store=True)
        return response
