"""Writes for insights: the cache versions that retire every cached result at once.

Nothing of insights is stored per person; what is kept is cached (insights.queries
caches the analysis, insights.pages the rendered page), keyed on the versions
below, so a save, an import, a delete (journal_version, bumped by journal.services;
a PHQ-9 or GAD-7 result too, through checkins/signals.py) or an admin's guidance
edit (guidance_changed, called by insights/signals.py) shows on the next request.
"""

import uuid
from datetime import date

from django.core.cache import cache

from accounts.types import User
from journal.services import journal_version

CACHE_SECONDS = 60 * 60 * 24 * 7
GUIDANCE_VERSION_KEY = "guidance-version"


def guidance_version() -> str:
    """A token that changes whenever any guidance item changes (cache keys of pages include it)."""
    version = cache.get(GUIDANCE_VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.set(GUIDANCE_VERSION_KEY, version, timeout=None)
    return version


def guidance_changed() -> None:
    """Retires every cached insights result and page: the cards shown may differ for anyone."""
    cache.set(GUIDANCE_VERSION_KEY, uuid.uuid4().hex, timeout=None)


def cache_version(user: User, today: date) -> str:
    """What cached insights depend on: the journal, the guidance, and today (the red-flag window)."""
    return f"{user.pk}:{journal_version(user)}:{guidance_version()}:{today.isoformat()}"
