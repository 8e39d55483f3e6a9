import hashlib
import json
from pathlib import Path

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 `ok` after a real database round trip; 503 when the database is unreachable."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


THEME_COLOUR = "#2f6f5e"
# The app shell: what the service worker keeps so the offline page looks like the app. Static files only:
# no page with a person's journal on it is ever cached.
SHELL_ASSETS = [
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "css/app.css",
    "js/theme.js",
    "js/sw-register.js",
    "icons/icon.svg",
    "icons/icon-192.png",
]


def _icon(name: str, size: str, kind: str, purpose: str = "any") -> dict[str, str]:
    return {"src": static(f"icons/{name}"), "sizes": size, "type": kind, "purpose": purpose}


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest; built here so names are translated and icon URLs carry their hashed names."""
    data = {
        "name": gettext("Gut–Mood Journal"),
        "short_name": gettext("Gut–Mood"),
        "description": gettext("A private journal of what you eat, how you sleep and move, and how you feel."),
        "lang": get_language(),
        "start_url": reverse("today"),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": "#ffffff",
        "icons": [
            _icon("icon-192.png", "192x192", "image/png"),
            _icon("icon-512.png", "512x512", "image/png"),
            _icon("icon-maskable-192.png", "192x192", "image/png", "maskable"),
            _icon("icon-maskable-512.png", "512x512", "image/png", "maskable"),
            _icon("icon.svg", "any", "image/svg+xml"),
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})


def service_worker_source() -> str:
    """static/js/sw.js, preceded by the shell list and a version that changes whenever the shell or the worker does.

    Served from the site root so the worker may control every page; the shell URLs come from the static
    storage, so they are the hashed names in production.
    """
    path = finders.find("js/sw.js") or staticfiles_storage.path("js/sw.js")
    code = Path(path).read_text(encoding="utf-8")
    shell = [static(asset) for asset in SHELL_ASSETS] + [reverse("offline")]
    version = hashlib.sha256((code + "\n".join(shell)).encode()).hexdigest()[:12]
    settings_line = json.dumps({"version": version, "shell": shell, "offline": reverse("offline")})
    return f"const SW_SETTINGS = {settings_line};\n{code}"


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(service_worker_source(), content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    # Browsers check for a new worker at least daily; no-cache makes every check see a release at once.
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """The page the service worker shows when a navigation fails; it holds nothing about the visitor."""
    return render(request, "offline.html")
