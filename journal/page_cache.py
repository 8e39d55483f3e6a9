"""The whole day page, kept in the cache as HTML with its CSRF token left out.

A page view of a day whose inputs have not changed since it was last drawn sends the HTML drawn then,
with a freshly masked CSRF token put in (a new mask per response, as `{% csrf_token %}` gives, against
BREACH). Every input of the page is in the key, directly or as a version token that its writes change:

- the code that draws it (every template, the project's Python, translations, the static files' manifest);
- the person (id and username), the day, their today, the language and the time zone;
- their journal and favourites (`day_page_version`: every journal write, tracker write and favourite),
  their foods and the shared catalogue (`food_version`), their profile (the header shows the display name);
- each section another app adds (journal.day_sections), by the version it names; a section that names
  none keeps the page out of the cache.

Only a plain view is kept: never a page with messages, a draft, errors, or query parameters (?copy=previous).
"""

import hashlib
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language

from accounts.models import profile_version
from accounts.types import User
from journal.day_sections import sections_version
from journal.services import day_page_version, food_version

PAGE_TIMEOUT = 24 * 3600
# What `{% csrf_token %}` draws into a kept page, and what each response puts its own token in place of.
# Letters only (escaping leaves it as it is), and a whole tag: text a person typed is escaped, so it
# can never hold this.
CSRF_PLACEHOLDER = "csrfPlaceholderOfAKeptDayPage"
_CSRF_INPUT = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
_CSRF_MARK = _CSRF_INPUT.format(CSRF_PLACEHOLDER)
_SKIPPED_DIRS = {".venv", "tests", "bench", "loadtest", "scripts", "docs", "static", "staticfiles", "node_modules"}


def _code_version() -> str:
    """Changes with anything a deploy may change in how the page is drawn, so a kept page never
    outlives the code that drew it (the cache may outlive the processes: Redis, files)."""
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    paths = [
        *sorted(root.glob("templates/**/*.html")),
        *sorted(root.glob("locale/**/*.mo")),
        *sorted(
            path
            for top in root.iterdir()
            if top.is_dir() and top.name not in _SKIPPED_DIRS and not top.name.startswith(".")
            for path in top.rglob("*.py")
        ),
        Path(settings.STATIC_ROOT) / "staticfiles.json",  # hashed static file names (whitenoise's manifest)
    ]
    for path in paths:
        if path.is_file():
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


CODE_VERSION = _code_version()


def page_key(request: HttpRequest, user: User, day_date: date, today: date, draft_key: str) -> str | None:
    """The kept page's name, or None when this view must be drawn afresh."""
    if request.method != "GET" or request.GET or draft_key in request.session or get_messages(request):
        return None
    sections = sections_version(user)
    if sections is None:
        return None
    parts = (
        CODE_VERSION,
        str(user.pk),
        user.get_username(),
        day_date.isoformat(),
        today.isoformat(),
        get_language() or "",
        timezone.get_current_timezone_name(),
        day_page_version(user),
        food_version(user),
        profile_version(user.pk),
        sections,
    )
    return "day-page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def kept_page(key: str) -> str | None:
    return cache.get(key)


def keep_page(key: str, html: str) -> None:
    cache.set(key, html, PAGE_TIMEOUT)


def page_response(request: HttpRequest, html: str) -> HttpResponse:
    """The kept HTML with this response's own masked CSRF token (which also sets the CSRF cookie, as
    `{% csrf_token %}` does)."""
    if _CSRF_MARK in html:
        html = html.replace(_CSRF_MARK, _CSRF_INPUT.format(get_token(request)))
    return HttpResponse(html)
